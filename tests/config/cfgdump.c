/*
 * cfgdump.c: the config readers' view of files, printed in the form
 * tests/config/check.py prints Python's (configparser) view, so the two
 * can be compared byte for byte.
 *
 *	cfgdump ini FILE...	sections and raw values as
 *				ConfigParser.options()/get(raw=True) list them
 *
 * Each file starts with "== FILE".  A load error prints one line,
 * "ERROR <kind> <line>", kind as Python's exception: dupsect, dupopt,
 * nohead, parse; "ERROR decode" / "ERROR nul" for bytes Python would
 * not decode (the test does not generate those).
 */
#include "base/arena.h"
#include "config/config.h"

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

int main(int argc, char **argv)
{
	int i;

	if (argc < 2 || strcmp(argv[1], "ini")) {
		fputs("usage: cfgdump ini FILE...\n", stderr);
		return 2;
	}
	for (i = 2; i < argc; i++)
		dump_ini(argv[i]);
	return fflush(stdout) ? 1 : 0;
}
