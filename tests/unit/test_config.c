/*
 * test_config.c: the alembic.ini reader against Python's configparser
 * (spec §1.B).  Expected values and messages were produced by running
 * /usr/bin/python3's configparser on the same fixtures.
 */
#include "unit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "config/config.h"

#include <sys/stat.h>
#include <unistd.h>

#define FIXDIR UNIT_SRC("fixtures/config")

static struct rt_arena *arena;
static struct config *cfg;
static char here[4096];		/* the fixture directory, as getcwd says */
static char msg[RT_ERR_MSG_MAX + 600];	/* the last load error */

/* Load dir/name with the CWD at dir, like `alembic -c name` run there. */
static int load_at(const char *dir, const char *name)
{
	struct rt_err err = RT_ERR_INIT;
	char old[4096];
	int rc;

	arena_free(arena);
	arena = arena_new();
	cfg = NULL;
	msg[0] = '\0';
	if (!getcwd(old, sizeof(old)) || chdir(dir) ||
	    !getcwd(here, sizeof(here)))
		return -100;
	rc = config_load(&cfg, arena, name, &err);
	if (rc < 0)
		rt_err_str(&err, msg, sizeof(msg));
	if (chdir(old))
		return -101;
	return rc;
}

static int load(const char *name)
{
	return load_at(FIXDIR, name);
}

/*
 * config_get() as one string: the value, "ENOTFOUND", or "ERR <code>
 * <file:line: message>".
 */
static const char *get(const char *section, const char *key)
{
	struct rt_err err = RT_ERR_INIT;
	const char *v = NULL;
	char buf[RT_ERR_MSG_MAX + 600];
	int rc = config_get(&v, cfg, section, key, &err);

	if (rc == RT_ENOTFOUND)
		return err.code ? "ENOTFOUND with a message" : "ENOTFOUND";
	if (rc < 0)
		return arena_printf(arena, "ERR %d %s", rc,
				    rt_err_str(&err, buf, sizeof(buf)));
	return v;
}

/* Keys or sections joined with spaces. */
static const char *joined(const char **names, size_t n)
{
	const char *s = "";
	size_t i;

	for (i = 0; i < n; i++)
		s = arena_printf(arena, "%s%s%s", s, i ? " " : "", names[i]);
	return s;
}

static const char *keys(const char *section)
{
	size_t n;
	const char **k = config_keys(cfg, section, &n);

	return k ? joined(k, n) : "<none>";
}

static const char *sections(void)
{
	size_t n;
	const char **s = config_sections(cfg, &n);

	return joined(s, n);
}

static const char *in_here(const char *rel)
{
	return arena_printf(arena, "%s%s", here, rel);
}

/* A generated alembic.ini (spec §1.C) reads as Python reads it. */
static void test_config_basic(void)
{
	CU_ASSERT_EQUAL_FATAL(load("basic.ini"), 0);
	CU_ASSERT(config_file_exists(cfg));
	CU_ASSERT_STRING_EQUAL(config_path(cfg), "basic.ini");
	CU_ASSERT_STRING_EQUAL(config_here(cfg), here);
	CU_ASSERT_STRING_EQUAL(sections(), "alembic post_write_hooks loggers");
	CU_ASSERT(config_has_section(cfg, "alembic"));
	CU_ASSERT(config_has_section(cfg, "post_write_hooks"));
	CU_ASSERT(!config_has_section(cfg, "DEFAULT"));
	CU_ASSERT(!config_has_section(cfg, "Alembic"));
	CU_ASSERT_STRING_EQUAL(get("alembic", "script_location"),
			       in_here("/migrations"));
	CU_ASSERT_STRING_EQUAL(get("alembic", "prepend_sys_path"), ".");
	/* rule 1.8: %% reads back as % (file_template, rule 10.4) */
	CU_ASSERT_STRING_EQUAL(get("alembic", "file_template"),
			       "%(year)d_%(rev)s_%(slug)s");
	/* rule 1.13's trap: the inline comment stays in the value */
	CU_ASSERT_STRING_EQUAL(get("alembic", "version_path_separator"),
			       "os  # Use os.pathsep. Default configuration "
			       "used for new projects.");
	/* rule 1.4: keys are lower-cased, lookups are case-insensitive */
	CU_ASSERT_STRING_EQUAL(get("alembic", "sqlalchemy.url"),
			       "driver://user:pass@localhost/dbname");
	CU_ASSERT_STRING_EQUAL(get("alembic", "SQLAlchemy.Url"),
			       "driver://user:pass@localhost/dbname");
	CU_ASSERT_STRING_EQUAL(get("loggers", "keys"),
			       "root,sqlalchemy,alembic");
	CU_ASSERT_STRING_EQUAL(get("alembic", "version_locations"),
			       "ENOTFOUND");
	CU_ASSERT_STRING_EQUAL(get("nosuch", "script_location"), "ENOTFOUND");
	CU_ASSERT_STRING_EQUAL(keys("alembic"), "script_location "
			       "prepend_sys_path file_template "
			       "version_path_separator sqlalchemy.url here");
	CU_ASSERT_STRING_EQUAL(keys("post_write_hooks"), "here");
	CU_ASSERT_STRING_EQUAL(keys("nosuch"), "<none>");
	CU_ASSERT_STRING_EQUAL(config_get_raw(cfg, "alembic",
					      "script_location"),
			       "%(here)s/migrations");
	CU_ASSERT_PTR_NULL(config_get_raw(cfg, "alembic", "nosuch"));
	CU_ASSERT_EQUAL(config_key_loc(cfg, "alembic", "SQLALCHEMY.URL").line,
			7);
	CU_ASSERT_STRING_EQUAL(config_key_loc(cfg, "alembic", "prepend_sys_"
					      "path").file, "basic.ini");
	CU_ASSERT_EQUAL(config_key_loc(cfg, "alembic", "here").line, 0);
	CU_ASSERT_PTR_NULL(config_key_loc(cfg, "alembic", "nosuch").file);
}

/* Rule 1.2: a missing file is an empty config, `here` still set. */
static void test_config_missing_file(void)
{
	CU_ASSERT_EQUAL_FATAL(load("no/such/alembic.ini"), 0);
	CU_ASSERT(!config_file_exists(cfg));
	CU_ASSERT_STRING_EQUAL(config_here(cfg), in_here("/no/such"));
	CU_ASSERT(!config_has_section(cfg, "alembic"));
	CU_ASSERT_STRING_EQUAL(sections(), "");
	CU_ASSERT_STRING_EQUAL(get("alembic", "script_location"), "ENOTFOUND");
	CU_ASSERT_STRING_EQUAL(get("DEFAULT", "here"), in_here("/no/such"));
	/* a directory cannot be opened as a file: also "missing" */
	CU_ASSERT_EQUAL_FATAL(load("."), 0);
	CU_ASSERT(!config_file_exists(cfg));
	CU_ASSERT_EQUAL_FATAL(load("empty.ini"), 0);
	CU_ASSERT(config_file_exists(cfg));
	CU_ASSERT_STRING_EQUAL(sections(), "");
}

/* Rule 1.3: os.path.abspath(os.path.dirname(path)), no symlinks. */
static void test_config_here(void)
{
	char *tmp = unit_tmpdir();
	const char *ini = "[alembic]\nloc = %(here)s/m\n";
	char path[4096];

	unit_write(tmp, "sub/x/a.ini", ini);
	unit_write(tmp, "50%/alembic.ini", ini);
	unit_write(tmp, "a%%b/alembic.ini", ini);
	snprintf(path, sizeof(path), "%s/link", tmp);
	CU_ASSERT_EQUAL(symlink("sub/x", path), 0);
	CU_ASSERT_EQUAL_FATAL(load_at(tmp, "./sub/../sub/x//a.ini"), 0);
	CU_ASSERT_STRING_EQUAL(config_here(cfg), in_here("/sub/x"));
	CU_ASSERT_STRING_EQUAL(get("alembic", "loc"), in_here("/sub/x/m"));
	CU_ASSERT_EQUAL_FATAL(load_at(tmp, "link/a.ini"), 0);
	CU_ASSERT_STRING_EQUAL(config_here(cfg), in_here("/link"));
	snprintf(path, sizeof(path), "%s/sub/x/a.ini", tmp);
	CU_ASSERT_EQUAL_FATAL(load_at("/", path), 0);
	CU_ASSERT_STRING_EQUAL(get("alembic", "loc"),
			       arena_printf(arena, "%s/sub/x/m", tmp));
	/* `here` is interpolated itself: a % in the path is an error */
	CU_ASSERT_EQUAL_FATAL(load_at(tmp, "50%/alembic.ini"), 0);
	CU_ASSERT_STRING_EQUAL(get("alembic", "loc"), "ERR -7 50%/alembic."
			       "ini:2: '%' must be followed by '%' or '(', "
			       "found: '%'");
	CU_ASSERT_STRING_EQUAL(get("alembic", "here"), "ERR -7 50%/alembic."
			       "ini: '%' must be followed by '%' or '(', "
			       "found: '%'");
	CU_ASSERT_EQUAL_FATAL(load_at(tmp, "a%%b/alembic.ini"), 0);
	CU_ASSERT_STRING_EQUAL(get("alembic", "loc"), in_here("/a%b/m"));
	unit_rmtree(tmp);
	free(tmp);
}

/* Rules 1.3 and 1.8: section, then [DEFAULT], then the registered here. */
static void test_config_defaults(void)
{
	CU_ASSERT_EQUAL_FATAL(load("defaults.ini"), 0);
	CU_ASSERT_STRING_EQUAL(sections(), "alembic local");
	CU_ASSERT_STRING_EQUAL(config_here(cfg), here);
	/* options(): section keys in file order, then here, then DEFAULT */
	CU_ASSERT_STRING_EQUAL(keys("alembic"), "shared z a where ref here b");
	CU_ASSERT_STRING_EQUAL(keys("local"), "here where b shared");
	CU_ASSERT_STRING_EQUAL(keys("DEFAULT"), "here b shared");
	CU_ASSERT_STRING_EQUAL(get("alembic", "shared"), "section");
	CU_ASSERT_STRING_EQUAL(get("alembic", "b"), "from default");
	CU_ASSERT_STRING_EQUAL(get("alembic", "where"), "/over/ridden");
	CU_ASSERT_STRING_EQUAL(get("alembic", "here"), "/over/ridden");
	CU_ASSERT_STRING_EQUAL(get("alembic", "ref"), "from default+section");
	CU_ASSERT_STRING_EQUAL(get("local", "where"), "/local");
	CU_ASSERT_STRING_EQUAL(get("local", "shared"), "default");
	CU_ASSERT_STRING_EQUAL(get("DEFAULT", "shared"), "default");
	CU_ASSERT_STRING_EQUAL(get("DEFAULT", "z"), "ENOTFOUND");
	CU_ASSERT_EQUAL(config_key_loc(cfg, "alembic", "here").line, 3);
	CU_ASSERT_EQUAL(config_key_loc(cfg, "local", "here").line, 14);
	/* [DEFAULT] may appear twice; its keys merge */
	CU_ASSERT_EQUAL_FATAL(load("default_twice.ini"), 0);
	CU_ASSERT_STRING_EQUAL(keys("alembic"), "x here a b");
	CU_ASSERT_STRING_EQUAL(get("alembic", "b"), "2");
}

/* Rule 1.4: sections as written, first = or :, whitespace stripped. */
static void test_config_delimiters(void)
{
	CU_ASSERT_EQUAL_FATAL(load("delims.ini"), 0);
	CU_ASSERT_STRING_EQUAL(sections(), " Alembic  a]b alembic");
	CU_ASSERT_STRING_EQUAL(keys(" Alembic "), "key with spaces a d empty "
			       "empty2 here");
	CU_ASSERT_STRING_EQUAL(get(" Alembic ", "key with spaces"),
			       "value with spaces");
	CU_ASSERT_STRING_EQUAL(get(" Alembic ", "a"), "B = c");
	CU_ASSERT_STRING_EQUAL(get(" Alembic ", "d"), "e:f");
	CU_ASSERT_STRING_EQUAL(get(" Alembic ", "empty"), "");
	CU_ASSERT_STRING_EQUAL(get(" Alembic ", "empty2"), "");
	CU_ASSERT_STRING_EQUAL(get("a]b", "q"), "= r");
	CU_ASSERT_STRING_EQUAL(get("alembic", "x"), "[not a section]");
}

/* Rule 1.5: comment lines only; no inline comments. */
static void test_config_comments(void)
{
	CU_ASSERT_EQUAL_FATAL(load("comments.ini"), 0);
	CU_ASSERT_STRING_EQUAL(keys("alembic"), "semi hash tight after here");
	CU_ASSERT_STRING_EQUAL(get("alembic", "semi"), "v ; x");
	CU_ASSERT_STRING_EQUAL(get("alembic", "hash"), "v  # note");
	CU_ASSERT_STRING_EQUAL(get("alembic", "tight"), "v;x#y");
	CU_ASSERT_STRING_EQUAL(get("alembic", "after"), "ok");
}

/* Rule 1.6: continuation lines, blank lines, comments inside values. */
static void test_config_multiline(void)
{
	CU_ASSERT_EQUAL_FATAL(load("multiline.ini"), 0);
	CU_ASSERT_STRING_EQUAL(sections(), "alembic indented other");
	CU_ASSERT_STRING_EQUAL(keys("alembic"), "list next lead here");
	CU_ASSERT_STRING_EQUAL(get("alembic", "list"), "a\n\nb\n\n\nc");
	CU_ASSERT_STRING_EQUAL(get("alembic", "next"), "1");
	CU_ASSERT_STRING_EQUAL(get("alembic", "lead"), "\n\nx");
	/* an indented key line sets the indent continuations must pass */
	CU_ASSERT_STRING_EQUAL(keys("indented"), "indented k2 k3 here");
	CU_ASSERT_STRING_EQUAL(get("indented", "indented"), "key line\ncont");
	CU_ASSERT_STRING_EQUAL(get("indented", "k2"), "v2");
	CU_ASSERT_STRING_EQUAL(get("indented", "k3"), "v3");
	CU_ASSERT_EQUAL(config_key_loc(cfg, "indented", "k3").line, 21);
}

/* Lines of any length; ' ;' and '#' are no inline comments. */
static void test_config_long_lines(void)
{
	char x[251], c[221], k[211];

	memset(x, 'x', 250);
	x[250] = '\0';
	memset(c, 'c', 220);
	c[220] = '\0';
	memset(k, 'k', 210);
	k[210] = '\0';
	CU_ASSERT_EQUAL_FATAL(load("long_lines.ini"), 0);
	CU_ASSERT_STRING_EQUAL(keys("alembic"), "long after short here");
	CU_ASSERT_STRING_EQUAL(get("alembic", "long"), arena_printf(arena,
			       "%s ; not a comment # nor this\n%s", x, c));
	CU_ASSERT_STRING_EQUAL(get("alembic", "after"), arena_printf(arena,
			       "%s=vvvvvvvvvv", k));
	CU_ASSERT_STRING_EQUAL(get("alembic", "short"), "y");
	CU_ASSERT_EQUAL(config_key_loc(cfg, "alembic", "short").line, 5);
}

/* Universal newlines: \r\n and a lone \r end lines, as in Python. */
static void test_config_crlf(void)
{
	CU_ASSERT_EQUAL_FATAL(load("crlf.ini"), 0);
	CU_ASSERT_STRING_EQUAL(keys("alembic"), "x z w here");
	CU_ASSERT_STRING_EQUAL(get("alembic", "x"), "1\ny");
	CU_ASSERT_STRING_EQUAL(get("alembic", "z"), "2");
	CU_ASSERT_STRING_EQUAL(get("alembic", "w"), "3");
	CU_ASSERT_EQUAL(config_key_loc(cfg, "alembic", "w").line, 5);
}

/* Python's str.strip()/lower() on non-ASCII keys and values. */
static void test_config_unicode(void)
{
	CU_ASSERT_EQUAL_FATAL(load("unicode.ini"), 0);
	CU_ASSERT_STRING_EQUAL(keys("alembic"), "nbsp \xc3\xa4" "bc "
			       "\xce\xbf\xce\xb4\xce\xbf\xcf\x82 pct here");
	CU_ASSERT_STRING_EQUAL(get("alembic", "nbsp"), "v");
	CU_ASSERT_STRING_EQUAL(get("alembic", "\xc3\x84" "BC"), "upper");
	CU_ASSERT_STRING_EQUAL(get("alembic", "pct"), "ERR -7 unicode.ini:5: "
			       "'%' must be followed by '%' or '(', found: "
			       "'%\xc3\xa9'");
}

/* The BOM is not skipped by Python: MissingSectionHeaderError. */
static void test_config_bom(void)
{
	CU_ASSERT_EQUAL(load("bom.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "bom.ini:1: File contains no section "
			       "headers: expected '[section]', found "
			       "'\\ufeff[alembic]' (a UTF-8 byte order mark "
			       "is not skipped, as in Python's configparser)");
}

/* Rule 1.7: DuplicateOptionError, in any section. */
static void test_config_dup_option(void)
{
	CU_ASSERT_EQUAL(load("dup_option.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "dup_option.ini:6: While reading from "
			       "'dup_option.ini' [line  6]: option 'y' in "
			       "section 'other' already exists");
	CU_ASSERT_EQUAL(load("dup_default.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "dup_default.ini:6: While reading from "
			       "'dup_default.ini' [line  6]: option 'a' in "
			       "section 'DEFAULT' already exists");
}

/* Rule 1.7: DuplicateSectionError. */
static void test_config_dup_section(void)
{
	CU_ASSERT_EQUAL(load("dup_section.ini"), RT_ECONFIG);
	CU_ASSERT_PTR_NULL(cfg);	/* *out is left alone on error */
	CU_ASSERT_STRING_EQUAL(msg, "dup_section.ini:5: While reading from "
			       "'dup_section.ini' [line  5]: section "
			       "'alembic' already exists");
}

/* A key line before any [section]: MissingSectionHeaderError. */
static void test_config_no_section(void)
{
	CU_ASSERT_EQUAL(load("no_section.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "no_section.ini:3: File contains no "
			       "section headers: expected '[section]', found "
			       "'script_location = x'");
}

/* ParsingError: the first bad line; an empty key name is one too. */
static void test_config_parse_error(void)
{
	CU_ASSERT_EQUAL(load("parse_error.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "parse_error.ini:3: Source contains "
			       "parsing errors: expected '[section]', 'key = "
			       "value', 'key: value', a comment or an "
			       "indented continuation line, found 'not a key "
			       "line'");
	/* Python raises duplicates at once, parsing errors at the end */
	CU_ASSERT_EQUAL(load("parse_then_dup.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "parse_then_dup.ini:7: While reading from "
			       "'parse_then_dup.ini' [line  7]: option 'y' "
			       "in section 'other' already exists");
}

/* Python decodes the file as UTF-8 first (UnicodeDecodeError). */
static void test_config_bad_utf8(void)
{
	char *tmp = unit_tmpdir();
	char path[4096];
	FILE *f;

	CU_ASSERT_EQUAL(load("bad_utf8.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "bad_utf8.ini:3: 'utf-8' codec can't "
			       "decode byte 0xff in position 21: invalid "
			       "start byte");
	CU_ASSERT_EQUAL(load("bad_utf8_cont.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "bad_utf8_cont.ini:2: 'utf-8' codec "
			       "can't decode bytes in position 14-15: invalid "
			       "continuation byte");
	snprintf(path, sizeof(path), "%s/nul.ini", tmp);
	f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite("[alembic]\nx = a\0b\n", 1, 18, f);
	fclose(f);
	CU_ASSERT_EQUAL(load_at(tmp, "nul.ini"), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(msg, "nul.ini:2: NUL character in the file "
			       "is not supported");
	unit_rmtree(tmp);
	free(tmp);
}

/* Rule 1.8: basic interpolation and its three errors. */
static void test_config_interpolation(void)
{
	CU_ASSERT_EQUAL_FATAL(load("interp.ini"), 0);
	CU_ASSERT_STRING_EQUAL(get("alembic", "nested"), "x%y!");
	CU_ASSERT_STRING_EQUAL(get("alembic", "a"), "x%y");
	CU_ASSERT_STRING_EQUAL(get("alembic", "b"), "x%y");
	CU_ASSERT_STRING_EQUAL(get("alembic", "viadefault"), "x%y and x%y!");
	CU_ASSERT_STRING_EQUAL(get("alembic", "home"), in_here("/x"));
	CU_ASSERT_STRING_EQUAL(get("alembic", "d"), "x%y and x%y!");
	CU_ASSERT_STRING_EQUAL(config_get_raw(cfg, "alembic", "b"), "x%%y");
	CU_ASSERT_STRING_EQUAL(get("alembic", "percent"), "ERR -7 interp.ini:"
			       "5: '%' must be followed by '%' or '(', found: "
			       "'%'");
	CU_ASSERT_STRING_EQUAL(get("alembic", "quote"), "ERR -7 interp.ini:6:"
			       " '%' must be followed by '%' or '(', found: "
			       "'%'");
	CU_ASSERT_STRING_EQUAL(get("alembic", "missing"), "ERR -7 interp.ini:"
			       "7: Bad value substitution: option 'missing' "
			       "in section 'alembic' contains an "
			       "interpolation key 'nope' which is not a valid "
			       "option name. Raw value: '%(nope)s'");
	CU_ASSERT_STRING_EQUAL(get("alembic", "unclosed"), "ERR -7 interp.ini"
			       ":8: bad interpolation variable reference "
			       "'%(b'");
	CU_ASSERT_STRING_EQUAL(get("alembic", "format"), "ERR -7 interp.ini:"
			       "9: bad interpolation variable reference "
			       "'%(b)d'");
	CU_ASSERT_STRING_EQUAL(get("alembic", "ping"), "ERR -7 interp.ini:10:"
			       " Recursion limit exceeded in value "
			       "substitution: option 'ping' in section "
			       "'alembic' contains an interpolation key which "
			       "cannot be substituted in 10 steps. Raw value: "
			       "'%(pong)s'");
}

/* Rule 1.8: ten nested references work, eleven do not. */
static void test_config_depth(void)
{
	CU_ASSERT_EQUAL_FATAL(load("depth.ini"), 0);
	CU_ASSERT_STRING_EQUAL(get("alembic", "k2"), "%");
	CU_ASSERT_STRING_EQUAL(get("alembic", "k1"), "ERR -7 depth.ini:3: "
			       "Recursion limit exceeded in value "
			       "substitution: option 'k1' in section "
			       "'alembic' contains an interpolation key which "
			       "cannot be substituted in 10 steps. Raw value: "
			       "'%(k2)s'");
	CU_ASSERT_STRING_EQUAL(get("alembic", "k11"), "%");
}

/* ---- pyproject.toml (Alembic 1.16+: alembic/config.py of 1.17.1) ---- */

/* Load dir/alembic.ini and dir/<toml> with the CWD at dir. */
static int load_toml_at(const char *dir, const char *toml)
{
	struct rt_err err = RT_ERR_INIT;
	char old[4096];
	int rc;

	if ((rc = load_at(dir, "alembic.ini")) < 0)
		return rc;
	if (!getcwd(old, sizeof(old)) || chdir(dir))
		return -100;
	rc = config_load_toml(cfg, toml, &err);
	if (rc < 0)
		rt_err_str(&err, msg, sizeof(msg));
	if (chdir(old))
		return -101;
	return rc;
}

/* A TOML value as text: "s:..", "i:..", "b:..", "[..]", "{k=v,..}". */
static void val_str(struct rt_buf *b, const struct toml_value *v)
{
	size_t i;

	switch (v->type) {
	case TOML_STRING:
		rt_buf_addf(b, "s:%s", v->str);
		break;
	case TOML_INTEGER:
		rt_buf_addf(b, "i:%lld", v->i);
		break;
	case TOML_BOOL:
		rt_buf_addf(b, "b:%d", v->b);
		break;
	case TOML_ARRAY:
		rt_buf_addch(b, '[');
		for (i = 0; i < v->nitems; i++) {
			if (i)
				rt_buf_addch(b, ',');
			val_str(b, v->items[i]);
		}
		rt_buf_addch(b, ']');
		break;
	case TOML_TABLE:
		rt_buf_addch(b, '{');
		for (i = 0; i < v->table->n; i++) {
			rt_buf_addf(b, "%s%s=", i ? "," : "",
				    v->table->keys[i]);
			val_str(b, v->table->vals[i]);
		}
		rt_buf_addch(b, '}');
		break;
	default:
		rt_buf_addf(b, "%s", toml_type_name(v->type));
		break;
	}
}

/*
 * config_alembic_option() (section "alembic"), or config_toml_option()
 * with section NULL, as "ini:<file:line> value", "toml:<line:col>
 * value", "ENOTFOUND" or "ERR <code> <message with location>".
 */
static const char *opt(const char *section, const char *key)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;
	struct config_option o;
	char buf[RT_ERR_MSG_MAX + 600];
	const char *r;
	int rc;

	if (section)
		rc = config_alembic_option(&o, cfg, section, key, &err);
	else
		rc = config_toml_option(&o, cfg, key, &err);
	if (rc == RT_ENOTFOUND)
		return err.code ? "ENOTFOUND with a message" : "ENOTFOUND";
	if (rc < 0)
		return arena_printf(arena, "ERR %d %s", rc,
				    rt_err_str(&err, buf, sizeof(buf)));
	if (!o.toml)
		return arena_printf(arena, "ini:%d %s", o.loc.line, o.str);
	rt_buf_addf(&b, "toml:%d:%d ", o.loc.line, o.loc.col);
	val_str(&b, o.toml);
	r = arena_strndup(arena, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

/* config_alembic_bool(): "true"/"false" and where, or the error. */
static const char *boolopt(const char *key)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_loc loc;
	char buf[RT_ERR_MSG_MAX + 600];
	bool v;
	int rc = config_alembic_bool(&v, &loc, cfg, "alembic", key, &err);

	if (rc < 0)
		return arena_printf(arena, "ERR %d %s", rc,
				    rt_err_str(&err, buf, sizeof(buf)));
	return arena_printf(arena, "%s %s:%d", v ? "true" : "false",
			    loc.file ? loc.file : "-", loc.line);
}

/*
 * Per key, the ini's main section (or [DEFAULT]) wins; the rest comes
 * from [tool.alembic], strings %-formatted with pyproject.toml's `here`.
 */
static void test_config_toml_precedence(void)
{
	char *tmp = unit_tmpdir();
	const char *h;

	unit_write(tmp, "alembic.ini", "[DEFAULT]\nd = from default\n"
		   "[alembic]\na = from ini\nempty =\n");
	unit_write(tmp, "pyproject.toml",
		   "[project]\nname = \"x\"\n\n"
		   "[tool.alembic]\n"
		   "a = \"from toml\"\n"
		   "b = \"%(here)s/b\"\n"
		   "d = \"toml d\"\n"
		   "empty = \"toml empty\"\n"
		   "tpl = \"%%(rev)s_%%(slug)s\"\n"
		   "l = [\"%(here)s/x\", 'y']\n"
		   "t = { k = \"%(here)s\" }\n"
		   "n = 40\n"
		   "yes = true\n"
		   "f = 1.5\n"
		   "dt = 2024-01-01\n"
		   "[[tool.alembic.post_write_hooks]]\n"
		   "name = \"black\"\n"
		   "options = \"-l 79 %(here)s\"\n");
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	h = here;
	CU_ASSERT(config_has_toml(cfg));
	CU_ASSERT_STRING_EQUAL(config_toml_path(cfg), "pyproject.toml");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "a"), "ini:4 from ini");
	CU_ASSERT_STRING_EQUAL(opt(NULL, "a"), "toml:5:5 s:from toml");
	/* [DEFAULT] is the ini too; an empty ini value still wins */
	CU_ASSERT_STRING_EQUAL(opt("alembic", "d"), "ini:2 from default");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "empty"), "ini:5 ");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "B"), "ENOTFOUND");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "b"), arena_printf(arena,
			       "toml:6:5 s:%s/b", h));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "tpl"),
			       "toml:9:7 s:%(rev)s_%(slug)s");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "l"), arena_printf(arena,
			       "toml:10:5 [s:%s/x,s:y]", h));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "t"), arena_printf(arena,
			       "toml:11:5 {k=s:%s}", h));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "n"), "toml:12:5 i:40");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "post_write_hooks"),
			       arena_printf(arena, "toml:16:1 [{name=s:black,"
					    "options=s:-l 79 %s}]", h));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "f"), "ERR -4 unsupported TOML "
			       "value type for key: 'f'");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "dt"), "ERR -4 unsupported "
			       "TOML value type for key: 'dt'");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "nope"), "ENOTFOUND");
	/* -n names another section: only the ini's lookup changes */
	CU_ASSERT_STRING_EQUAL(opt("other", "a"), "toml:5:5 s:from toml");
	CU_ASSERT_STRING_EQUAL(opt("other", "d"), "toml:7:5 s:toml d");
	/* booleans: the ini's exact "true", or a TOML boolean */
	CU_ASSERT_STRING_EQUAL(boolopt("yes"), "true pyproject.toml:13");
	CU_ASSERT_STRING_EQUAL(boolopt("nope"), "false -:0");
	CU_ASSERT_STRING_EQUAL(boolopt("a"), "false alembic.ini:4");
	CU_ASSERT_STRING_EQUAL(boolopt("b"), "ERR -4 boolean value expected "
			       "for TOML parameter 'b'");
	CU_ASSERT_STRING_EQUAL(boolopt("n"), "ERR -4 boolean value expected "
			       "for TOML parameter 'n'");
	unit_write(tmp, "alembic.ini", "[alembic]\nyes = True\nb = true\n");
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	CU_ASSERT_STRING_EQUAL(boolopt("yes"), "false alembic.ini:2");
	CU_ASSERT_STRING_EQUAL(boolopt("b"), "true alembic.ini:3");
	/* no alembic.ini at all */
	unlink(arena_printf(arena, "%s/alembic.ini", tmp));
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	CU_ASSERT(!config_file_exists(cfg));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "a"), "toml:5:5 s:from toml");
	unit_rmtree(tmp);
	free(tmp);
}

/* Which pyproject.toml counts, and errors that wait for a lookup. */
static void test_config_toml_files(void)
{
	char *tmp = unit_tmpdir(), abs[4096];

	unit_write(tmp, "alembic.ini", "[alembic]\na = 1\n");
	/* none, or one without [tool.alembic]: Alembic 1.8.1's rules */
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	CU_ASSERT(!config_has_toml(cfg));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "b"), "ENOTFOUND");
	unit_write(tmp, "pyproject.toml", "[tool.black]\nx = 1\n");
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	CU_ASSERT(!config_has_toml(cfg));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "x"), "ENOTFOUND");
	/* a broken file: no error until a key is not in the ini */
	unit_write(tmp, "pyproject.toml", "[tool.alembic]\nb = [1\n");
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	CU_ASSERT(config_has_toml(cfg));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "a"), "ini:2 1");
	CU_ASSERT_STRING_EQUAL(opt("alembic", "b"), "ERR -5 pyproject.toml:"
			       "3:1: Unclosed array: expected ',' or ']'");
	CU_ASSERT_STRING_EQUAL(boolopt("b"), "ERR -5 pyproject.toml:3:1: "
			       "Unclosed array: expected ',' or ']'");
	unit_write(tmp, "pyproject.toml", "[tool]\nalembic = 1\n");
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	CU_ASSERT(config_has_toml(cfg));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "b"), "ERR -4 Incorrect TOML "
			       "format");
	unit_write(tmp, "pyproject.toml", "[[tool.alembic]]\n");
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	CU_ASSERT_STRING_EQUAL(opt("alembic", "b"), "ERR -4 Incorrect TOML "
			       "format");
	unit_write(tmp, "pyproject.toml", "tool = \"x\"\n");
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "pyproject.toml"), 0);
	CU_ASSERT(config_has_toml(cfg));
	CU_ASSERT_STRING_EQUAL(opt("alembic", "b"), "ERR -7 pyproject.toml:"
			       "1:8: AttributeError: 'str' object has no "
			       "attribute 'get'");
	/* `here`: Path(path).absolute().parent, ".." kept, "." dropped */
	unit_write(tmp, "sub/pyproject.toml", "[tool.alembic]\n"
		   "h = \"%(here)s\"\n");
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "./sub/..//sub/"
					   "pyproject.toml"), 0);
	CU_ASSERT_STRING_EQUAL(opt("alembic", "h"), arena_printf(arena,
			       "toml:2:5 s:%s/sub/../sub", here));
	snprintf(abs, sizeof(abs), "%s/sub/pyproject.toml", tmp);
	CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, abs), 0);
	CU_ASSERT_STRING_EQUAL(opt("alembic", "h"), arena_printf(arena,
			       "toml:2:5 s:%s/sub", tmp));
	unit_rmtree(tmp);
	free(tmp);
}

/* Python's `value % {'here': ...}`, each message as Python 3.11's. */
static void test_config_toml_percent(void)
{
	static const char *const cases[][2] = {
		{ "\"%(here)s|%%|%(here)r\"", "s:@|%|'@'" },
		{ "\"%(here)10.3s|%(here)-4.2s|%(here).0s|\"",
		  "s:       @@@|@@  ||" },
		{ "\"%(here)ls %(here)#-+ 0s\"", "s:@ @" },
		{ "\"%s\"", "s:{'here': '@'}" },
		{ "\"%s%(here)s\"", "s:{'here': '@'}@" },
		{ "\"%(rev)s\"", "ERR -7 p:2:5: KeyError: 'rev'" },
		{ "\"%(a(b)c)s\"", "ERR -7 p:2:5: KeyError: 'a(b)c'" },
		{ "\"50%\"", "ERR -7 p:2:5: ValueError: incomplete format" },
		{ "\"%(here)s%(here)\"",
		  "ERR -7 p:2:5: ValueError: incomplete format" },
		{ "\"%(here\"",
		  "ERR -7 p:2:5: ValueError: incomplete format key" },
		{ "\"%(here)s %s\"", "ERR -7 p:2:5: TypeError: not enough "
		  "arguments for format string" },
		{ "\"%s %s\"", "ERR -7 p:2:5: TypeError: not enough arguments "
		  "for format string" },
		{ "\"%d\"", "ERR -7 p:2:5: TypeError: %d format: a real "
		  "number is required, not dict" },
		{ "\"%(here)x\"", "ERR -7 p:2:5: TypeError: %x format: an "
		  "integer is required, not str" },
		{ "\"%(here)f\"",
		  "ERR -7 p:2:5: TypeError: must be real number, not str" },
		{ "\"%(here)c\"",
		  "ERR -7 p:2:5: TypeError: %c requires int or char" },
		{ "\"%(here)*s\"", "ERR -7 p:2:5: TypeError: * wants int" },
		{ "\"%(here)5%\"", "ERR -7 p:2:5: ValueError: unsupported "
		  "format character '%' (0x25) at index 8" },
		{ "\"%(here)\xc3\xa9\"", "ERR -7 p:2:5: ValueError: "
		  "unsupported format character '?' (0xe9) at index 7" },
		{ "[\"a\", 1]", "ERR -7 p:2:11: TypeError: unsupported "
		  "operand type(s) for %: 'int' and 'dict'" },
		{ "[\"a\", [\"b\"]]", "ERR -7 p:2:11: TypeError: unsupported "
		  "operand type(s) for %: 'list' and 'dict'" },
		{ "[{ x = \"a\" }, \"b\"]", "ERR -7 p:2:19: AttributeError: "
		  "'str' object has no attribute 'items'" },
		{ "{ x = 1979-05-27 }", "ERR -7 p:2:11: TypeError: unsupported "
		  "operand type(s) for %: 'datetime.date' and 'dict'" },
		{ "[]", "[]" },
		{ "false", "b:0" },
	};
	char *tmp = unit_tmpdir();
	const char *h, *got, *want;
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		unit_write(tmp, "p", arena_printf(arena, "[tool.alembic]\n"
						  "v = %s\n", cases[i][0]));
		CU_ASSERT_EQUAL_FATAL(load_toml_at(tmp, "p"), 0);
		h = here + strlen(here) - 1;	/* its last character */
		got = opt(NULL, "v");
		if (!strncmp(got, "toml:", 5))
			got = strchr(got, ' ') + 1;
		want = cases[i][1];
		/* '@' stands for `here` (the temp dir), "@@@" its 3 first */
		if (strchr(want, '@')) {
			struct rt_buf b = RT_BUF_INIT;
			const char *p;

			for (p = want; *p; p++) {
				if (!strncmp(p, "@@@", 3)) {
					rt_buf_add(&b, here, 3);
					p += 2;
				} else if (!strncmp(p, "@@", 2)) {
					rt_buf_add(&b, here, 2);
					p++;
				} else if (*p == '@') {
					rt_buf_adds(&b, here);
				} else {
					rt_buf_addch(&b, *p);
				}
			}
			want = arena_strndup(arena, b.buf, b.len);
			rt_buf_release(&b);
		}
		if (strcmp(got, want))
			fprintf(stderr, "\n%s\n  got  %s\n  want %s (%s)\n",
				cases[i][0], got, want, h);
		CU_ASSERT_STRING_EQUAL(got, want);
	}
	unit_rmtree(tmp);
	free(tmp);
}

void unit_register(void)
{
	UNIT_SUITE("config",
		   UNIT_TEST(test_config_basic),
		   UNIT_TEST(test_config_missing_file),
		   UNIT_TEST(test_config_here),
		   UNIT_TEST(test_config_defaults),
		   UNIT_TEST(test_config_delimiters),
		   UNIT_TEST(test_config_comments),
		   UNIT_TEST(test_config_multiline),
		   UNIT_TEST(test_config_long_lines),
		   UNIT_TEST(test_config_crlf),
		   UNIT_TEST(test_config_unicode),
		   UNIT_TEST(test_config_bom),
		   UNIT_TEST(test_config_dup_option),
		   UNIT_TEST(test_config_dup_section),
		   UNIT_TEST(test_config_no_section),
		   UNIT_TEST(test_config_parse_error),
		   UNIT_TEST(test_config_bad_utf8),
		   UNIT_TEST(test_config_interpolation),
		   UNIT_TEST(test_config_depth),
		   UNIT_TEST(test_config_toml_precedence),
		   UNIT_TEST(test_config_toml_files),
		   UNIT_TEST(test_config_toml_percent));
}
