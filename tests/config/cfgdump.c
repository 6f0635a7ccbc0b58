/*
 * cfgdump.c: the config readers' view of files, printed in the form
 * tests/config/check.py prints Python's (configparser) view, so the two
 * can be compared byte for byte.
 *
 *	cfgdump ini FILE...	sections and raw values as
 *				ConfigParser.options()/get(raw=True) list them
 *	cfgdump toml FILE...	the document as one line (below)
 *
 * Each file starts with "== FILE".  An ini load error prints one line,
 * "ERROR <kind> <line>", kind as Python's exception: dupsect, dupopt,
 * nohead, parse; "ERROR decode" / "ERROR nul" for bytes Python would
 * not decode (the test does not generate those).  A TOML error prints
 * "ERROR <line> <col> <message>".  A TOML document prints as
 * {key=value,...}: strings "..." (backslash, quote and control
 * characters escaped as \\, \" and \xHH), integers in decimal ("bigint"
 * beyond 64 bits), floats as f: and the hex of their 8 bytes, little
 * endian, true/false, dt:/d:/t: and isoformat(), arrays [a,b].
 */
#include "base/arena.h"
#include "config/config.h"
#include "config/toml.h"

#include <stdio.h>
#include <string.h>

/* Backslash, newline and carriage return escaped; the rest as is. */
static void esc(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else
			putchar(*s);
	}
}

static void dump_section(const struct config *c, const char *section)
{
	const char **keys;
	size_t i, n;

	keys = config_keys(c, section, &n);
	putchar('[');
	esc(section);
	fputs("]\n", stdout);
	for (i = 0; i < n; i++) {
		esc(keys[i]);
		putchar('=');
		esc(config_get_raw(c, section, keys[i]));
		putchar('\n');
	}
}

/* Python's exception class for a config_load() error message. */
static const char *error_kind(const char *msg)
{
	if (strstr(msg, "File contains no section headers"))
		return "nohead";
	if (strstr(msg, "Source contains parsing errors"))
		return "parse";
	if (strstr(msg, "]: option "))
		return "dupopt";
	if (strstr(msg, "]: section "))
		return "dupsect";
	if (strstr(msg, "codec can't decode"))
		return "decode";
	if (strstr(msg, "NUL character"))
		return "nul";
	return msg;
}

static void dump_ini(const char *path)
{
	struct rt_arena *a = arena_new();
	struct rt_err err = RT_ERR_INIT;
	struct config *c;
	const char **sects, *kind;
	size_t i, n;

	printf("== %s\n", path);
	if (config_load(&c, a, path, &err) < 0) {
		kind = error_kind(err.msg);
		if (!strcmp(kind, "decode") || !strcmp(kind, "nul"))
			printf("ERROR %s\n", kind);
		else
			printf("ERROR %s %d\n", kind, err.loc.line);
	} else {
		dump_section(c, "DEFAULT");
		sects = config_sections(c, &n);
		for (i = 0; i < n; i++)
			dump_section(c, sects[i]);
	}
	arena_free(a);
}

static void toml_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		if (*p == 0xc0 && p[1] == 0x80) {
			fputs("\\x00", stdout);	/* U+0000 (toml.h) */
			p++;
		} else if (*p == '\\' || *p == '"') {
			printf("\\%c", *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			printf("\\x%02x", *p);
		} else {
			putchar(*p);
		}
	}
	putchar('"');
}

static void toml_dump(const struct toml_value *v)
{
	const unsigned char *b = (const unsigned char *)&v->f;
	size_t i;

	switch (v->type) {
	case TOML_STRING:
		toml_str(v->str);
		break;
	case TOML_INTEGER:
		if (v->big)
			fputs("bigint", stdout);
		else
			printf("%lld", v->i);
		break;
	case TOML_FLOAT:
		fputs("f:", stdout);
		for (i = 0; i < sizeof(v->f); i++)
			printf("%02x", b[i]);
		break;
	case TOML_BOOL:
		fputs(v->b ? "true" : "false", stdout);
		break;
	case TOML_DATETIME:
	case TOML_DATE:
	case TOML_TIME:
		printf("%s:%s", v->type == TOML_DATETIME ? "dt" :
		       v->type == TOML_DATE ? "d" : "t", v->str);
		break;
	case TOML_ARRAY:
		putchar('[');
		for (i = 0; i < v->nitems; i++) {
			if (i)
				putchar(',');
			toml_dump(v->items[i]);
		}
		putchar(']');
		break;
	case TOML_TABLE:
		putchar('{');
		for (i = 0; i < v->table->n; i++) {
			if (i)
				putchar(',');
			toml_str(v->table->keys[i]);
			putchar('=');
			toml_dump(v->table->vals[i]);
		}
		putchar('}');
		break;
	}
}

static void dump_toml(const char *path)
{
	struct rt_arena *a = arena_new();
	struct rt_err err = RT_ERR_INIT;
	struct toml_doc *d;
	struct toml_value root = { .type = TOML_TABLE };

	printf("== %s\n", path);
	if (toml_load(&d, a, path, &err) < 0) {
		printf("ERROR %d %d %s\n", err.loc.line, err.loc.col,
		       err.msg);
	} else {
		root.table = d->root;
		toml_dump(&root);
		putchar('\n');
	}
	arena_free(a);
}

int main(int argc, char **argv)
{
	void (*dump)(const char *);
	int i;

	if (argc < 2 || (strcmp(argv[1], "ini") && strcmp(argv[1], "toml"))) {
		fputs("usage: cfgdump ini|toml FILE...\n", stderr);
		return 2;
	}
	dump = strcmp(argv[1], "ini") ? dump_toml : dump_ini;
	for (i = 2; i < argc; i++)
		dump(argv[i]);
	return fflush(stdout) ? 1 : 0;
}
