/*
 * test_toml.c: the pyproject.toml reader against Python's tomllib.  The
 * expected values, messages, lines and columns were produced by running
 * /usr/bin/python3's tomllib (3.11) on the same text; the random
 * comparison is tests/config/check.py.
 */
#include "unit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "config/toml.h"

static struct rt_arena *arena;

/* One value in the form of tests/config/cfgdump.c (strings quoted). */
static void dump(struct rt_buf *b, const struct toml_value *v)
{
	const unsigned char *p;
	size_t i;

	switch (v->type) {
	case TOML_STRING:
		rt_buf_addch(b, '"');
		for (p = (const unsigned char *)v->str; *p; p++) {
			if (*p == 0xc0 && p[1] == 0x80) {
				rt_buf_adds(b, "\\x00");
				p++;
			} else if (*p == '"' || *p == '\\') {
				rt_buf_addf(b, "\\%c", *p);
			} else if (*p < 0x20 || *p == 0x7f) {
				rt_buf_addf(b, "\\x%02x", *p);
			} else {
				rt_buf_addch(b, *p);
			}
		}
		rt_buf_addch(b, '"');
		break;
	case TOML_INTEGER:
		if (v->big)
			rt_buf_addf(b, "big:%s", v->str);
		else
			rt_buf_addf(b, "%lld", v->i);
		break;
	case TOML_FLOAT:
		rt_buf_addf(b, "%g", v->f);
		break;
	case TOML_BOOL:
		rt_buf_adds(b, v->b ? "true" : "false");
		break;
	case TOML_DATETIME:
	case TOML_DATE:
	case TOML_TIME:
		rt_buf_addf(b, "%s:%s", toml_type_name(v->type), v->str);
		break;
	case TOML_ARRAY:
		rt_buf_addch(b, '[');
		for (i = 0; i < v->nitems; i++) {
			if (i)
				rt_buf_addch(b, ',');
			dump(b, v->items[i]);
		}
		rt_buf_addch(b, ']');
		break;
	case TOML_TABLE:
		rt_buf_addch(b, '{');
		for (i = 0; i < v->table->n; i++) {
			rt_buf_addf(b, "%s%s=", i ? "," : "",
				    v->table->keys[i]);
			dump(b, v->table->vals[i]);
		}
		rt_buf_addch(b, '}');
		break;
	}
}

/*
 * The document text parses to: its dump, or "ERR <code> line:col:
 * message".
 */
static const char *toml(const char *text)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;
	struct toml_value root = { .type = TOML_TABLE };
	struct toml_doc *d = NULL;
	const char *r;

	arena_free(arena);
	arena = arena_new();
	if (toml_parse(&d, arena, "p.toml", text, strlen(text), &err) < 0) {
		CU_ASSERT_PTR_NULL(d);
		return arena_printf(arena, "ERR %d %d:%d: %s", err.code,
				    err.loc.line, err.loc.col, err.msg);
	}
	root.table = d->root;
	dump(&b, &root);
	r = arena_strndup(arena, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

#define SYN "ERR -5 "

/* Alembic 1.16's pyproject template, filled in by `alembic init`. */
static void test_toml_template(void)
{
	CU_ASSERT_STRING_EQUAL(toml(
		"[tool.alembic]\n"
		"\n"
		"# path to migration scripts.\n"
		"script_location = \"%(here)s/alembic\"\n"
		"prepend_sys_path = [\n"
		"    \".\"\n"
		"]\n"
		"# version_locations = [\n"
		"#    \"%(here)s/alembic/versions\",\n"
		"# ]\n"
		"[[tool.alembic.post_write_hooks]]\n"
		"name = \"black\"\n"
		"type = \"console_scripts\"\n"
		"[[tool.alembic.post_write_hooks]]\n"
		"name = \"ruff\"\n"),
		"{tool={alembic={script_location=\"%(here)s/alembic\","
		"prepend_sys_path=[\".\"],post_write_hooks=[{name=\"black\","
		"type=\"console_scripts\"},{name=\"ruff\"}]}}}");
}

/* Basic and literal strings, one line and multi-line, and escapes. */
static void test_toml_strings(void)
{
	CU_ASSERT_STRING_EQUAL(toml("a = \"t\\tn\\nq\\\"b\\\\ \\u00e9 "
				    "\\U0001F600 \\b\\f\\r\\u0000.\"\n"
				    "b = 'C:\\path\\'\n"
				    "c = \"\"\"\nx\n  y\"\"\"\n"
				    "d = '''\n\\raw\n'''\n"),
			       "{a=\"t\\x09n\\x0aq\\\"b\\\\ \xc3\xa9 "
			       "\xf0\x9f\x98\x80 \\x08\\x0c\\x0d\\x00.\","
			       "b=\"C:\\\\path\\\\\",c=\"x\\x0a  y\","
			       "d=\"\\\\raw\\x0a\"}");
	/* a line-ending backslash eats the blanks and newlines after it */
	CU_ASSERT_STRING_EQUAL(toml("a = \"\"\"one \\\n\n   two \\   \n"
				    "three\"\"\""),
			       "{a=\"one two three\"}");
	/* four or five closing quotes end with one or two of them */
	CU_ASSERT_STRING_EQUAL(toml("a = \"\"\"\"x\"\"\"\"\"\n"
				    "b = ''''y''''\n"),
			       "{a=\"\\\"x\\\"\\\"\",b=\"'y'\"}");
	/* "\r\n" is "\n", also inside strings */
	CU_ASSERT_STRING_EQUAL(toml("a = \"\"\"x\r\ny\"\"\"\r\nb = 1\r\n"),
			       "{a=\"x\\x0ay\",b=1}");
}

/* Integers in four bases, floats, booleans, dates and times. */
static void test_toml_scalars(void)
{
	CU_ASSERT_STRING_EQUAL(toml("a = +17\nb = -0\nc = 1_000\n"
				    "d = 0xDEAD_beef\ne = 0o755\n"
				    "f = 0b1010\n"
				    "g = 9223372036854775807\n"
				    "h = -9223372036854775808\n"
				    "i = 9223372036854775808\n"),
			       "{a=17,b=0,c=1000,d=3735928559,e=493,f=10,"
			       "g=9223372036854775807,"
			       "h=-9223372036854775808,"
			       "i=big:9223372036854775808}");
	CU_ASSERT_STRING_EQUAL(toml("a = 3.5\nb = -1e3\nc = 6.25E-1_0\n"
				    "d = 1_0.5\ne = inf\nf = -inf\n"
				    "g = true\nh = false\n"),
			       "{a=3.5,b=-1000,c=6.25e-10,d=10.5,e=inf,"
			       "f=-inf,g=true,h=false}");
	CU_ASSERT_STRING_EQUAL(toml("a = 1979-05-27T07:32:00Z\n"
				    "b = 1979-05-27 07:32:00.999999999-07:30\n"
				    "c = 1979-05-27t00:32:00\n"
				    "d = 2024-02-29\n"
				    "e = 07:32:00.5\n"),
			       "{a=datetime.datetime:1979-05-27T07:32:00+00:00,"
			       "b=datetime.datetime:1979-05-27T07:32:00.999999"
			       "-07:30,c=datetime.datetime:1979-05-27T00:32:00,"
			       "d=datetime.date:2024-02-29,"
			       "e=datetime.time:07:32:00.500000}");
}

/* Arrays over lines, with comments and a trailing comma; inline tables. */
static void test_toml_arrays_tables(void)
{
	CU_ASSERT_STRING_EQUAL(toml("a = [\n  \"x\", # one\n  'y',\n\n"
				    "  # two\n]\nb = []\nc = [[1, 2], "
				    "[\"m\", 1.5]]\n"),
			       "{a=[\"x\",\"y\"],b=[],c=[[1,2],[\"m\",1.5]]}");
	CU_ASSERT_STRING_EQUAL(toml("a = { b = 1, c.d = \"e\", f = [] }\n"
				    "g = {}\n"),
			       "{a={b=1,c={d=\"e\"},f=[]},g={}}");
}

/* Dotted keys, tables, arrays of tables, quoted keys. */
static void test_toml_keys(void)
{
	CU_ASSERT_STRING_EQUAL(toml("tool.alembic.x = 1\n"
				    "\"a.b\" = 2\n'c d' . e = 3\n"
				    "\"\" = 4\n1 = 5\n"),
			       "{tool={alembic={x=1}},a.b=2,c d={e=3},=4,"
			       "1=5}");
	CU_ASSERT_STRING_EQUAL(toml("[a]\nx = 1\n[a.b.c]\ny = 2\n"
				    "[ a . z ]\n"),
			       "{a={x=1,b={c={y=2}},z={}}}");
	CU_ASSERT_STRING_EQUAL(toml("[[h]]\nn = 1\n[h.sub]\nx = 1\n[[h]]\n"
				    "n = 2\n[[h.list]]\n"),
			       "{h=[{n=1,sub={x=1}},{n=2,list=[{}]}]}");
	/* a table header made implicit by a dotted key cannot come back */
	CU_ASSERT_STRING_EQUAL(toml("[x]\na.b = 1\n[x.c]\n"),
			       "{x={a={b=1},c={}}}");
}

/* Every TOMLDecodeError, at tomllib's line and column. */
static void test_toml_errors(void)
{
	static const char *const cases[][2] = {
		{ "= 1", "1:1: Invalid statement: expected a key = value "
		  "pair, a [table] or [[array]] header, or a comment" },
		{ "a = 1 b", "1:7: Expected newline or end of document after "
		  "a statement" },
		{ "[a]\n[a]", "2:3: Cannot declare ('a',) twice" },
		{ "a.b = 1\n[a]", "2:3: Cannot declare ('a',) twice" },
		{ "a = [{b = 1}]\n[a.c]",
		  "2:5: Cannot declare ('a', 'c') twice" },
		{ "a = 1\n[a]", "2:3: Cannot overwrite a value" },
		{ "[a]\nb = 1\n[a.b]", "3:5: Cannot overwrite a value" },
		{ "[a", "1:3: Expected ']' at the end of a table "
		  "declaration" },
		{ "a = []\n[[a]]",
		  "2:4: Cannot mutate immutable namespace ('a',)" },
		{ "a = 1\n[[a]]", "2:4: Cannot overwrite a value" },
		{ "[[a]\n", "1:4: Expected ']]' at the end of an array "
		  "declaration" },
		{ "[a.b]\nx = 1\n[a]\nb.y = 2",
		  "4:8: Cannot redefine namespace ('a', 'b')" },
		{ "a = {}\na.b = 1",
		  "2:8: Cannot mutate immutable namespace ('a',)" },
		{ "a = 1\na.b = 2", "2:8: Cannot overwrite a value" },
		{ "a = 1\na = 2", "2:6: Cannot overwrite a value" },
		{ "a 1", "1:3: Expected '=' after a key in a key/value pair" },
		{ "a.=1", "1:3: Invalid initial character for a key part: "
		  "expected a bare key (A-Z a-z 0-9 - _) or a quoted key" },
		{ "a = [1 2]", "1:8: Unclosed array: expected ',' or ']'" },
		{ "a = {b = [], b.c = 1}",
		  "1:21: Cannot mutate immutable namespace ('b', 'c')" },
		{ "a = {b = 1, b.c = 2}", "1:20: Cannot overwrite a value" },
		{ "a = {b = 1, b = 2}",
		  "1:18: Duplicate inline table key 'b'" },
		{ "a = {b = 1 c = 2}", "1:12: Unclosed inline table: "
		  "expected ',' or '}'" },
		{ "a = {b = 1,}", "1:12: Invalid initial character for a key "
		  "part: expected a bare key (A-Z a-z 0-9 - _) or a quoted "
		  "key" },
		{ "a = \"\"\"x\\  y\"\"\"", "1:12: Unescaped '\\' in a "
		  "string: expected only blanks after a line-ending '\\'" },
		{ "a = \"\\q\"", "1:8: Unescaped '\\' in a string: expected "
		  "\\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX or \\UXXXXXXXX" },
		{ "a = \"\\u12\"",
		  "1:8: Invalid hex value: expected 4 hex digits" },
		{ "a = \"\\uD800\"", "1:12: Escaped character is not a "
		  "Unicode scalar value" },
		{ "k = \"\\U00110000\"", "1:16: Escaped character is not a "
		  "Unicode scalar value" },
		{ "a = 'abc", "1:9: Expected \"'\"" },
		{ "a = '''abc", "1:11: Expected \"'''\"" },
		{ "# \x01", "1:3: Found invalid character '\\x01'" },
		{ "a = \"x\" # \xc3\xa9\x7f",
		  "1:12: Found invalid character '\\x7f'" },
		{ "a = \"abc", "1:9: Unterminated string: expected '\"'" },
		{ "a = \"ab\ncd\"", "1:8: Illegal character '\\n'" },
		{ "a = 2023-02-29", "1:5: Invalid date or datetime" },
		{ "a = 0000-01-01", "1:5: Invalid date or datetime" },
		{ "a = @", "1:5: Invalid value: expected a string, number, "
		  "boolean, date or time, array or inline table" },
		/* "end of document" is just past the last character */
		{ "a = ", "1:5: Invalid value: expected a string, number, "
		  "boolean, date or time, array or inline table" },
		{ "x = 1\r\ny = \r\n", "2:5: Invalid value: expected a "
		  "string, number, boolean, date or time, array or inline "
		  "table" },
		{ "a = 0x", "1:6: Expected newline or end of document after "
		  "a statement" },
		{ "a = 1__0", "1:6: Expected newline or end of document after "
		  "a statement" },
		{ "a = 1979-05-27T25:00:00", "1:15: Expected newline or end "
		  "of document after a statement" },
		/* Python does not skip a byte order mark */
		{ "\xef\xbb\xbf" "a = 1", "1:1: Invalid statement: expected "
		  "a key = value pair, a [table] or [[array]] header, or a "
		  "comment" },
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		const char *got = toml(cases[i][0]);
		const char *want = arena_printf(arena, SYN "%s", cases[i][1]);

		if (strcmp(got, want))
			fprintf(stderr, "\n%s\n  got  %s\n  want %s\n",
				cases[i][0], got, want);
		CU_ASSERT_STRING_EQUAL(got, want);
	}
}

/* tomllib decodes the file strictly first: UnicodeDecodeError. */
static void test_toml_decode(void)
{
	CU_ASSERT_STRING_EQUAL(toml("a = 1\nb = \"\xff\""),
			       "ERR -7 2:6: 'utf-8' codec can't decode byte "
			       "0xff in position 11: invalid start byte");
	/* a NUL byte decodes; it is an illegal character in a string */
	{
		struct rt_err err = RT_ERR_INIT;
		struct toml_doc *d;

		CU_ASSERT_EQUAL(toml_parse(&d, arena, "p.toml", "a = \"\0\"",
					   7, &err), RT_ESYNTAX);
		CU_ASSERT_STRING_EQUAL(err.msg, "Illegal character '\\x00'");
		CU_ASSERT_EQUAL(err.loc.col, 6);
	}
}

/* Lookups, type names, locations; a missing file. */
static void test_toml_api(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct toml_doc *d;
	struct toml_value *v;
	struct rt_loc loc;
	char *tmp, path[4096];
	const char *text = "[t]\nk = ['\xc3\xa9', 2]";

	toml("");	/* a fresh arena */
	CU_ASSERT_EQUAL_FATAL(toml_parse(&d, arena, "p.toml", text,
					 strlen(text), &err), 0);
	v = toml_get(d->root, "t");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->type, TOML_TABLE);
	CU_ASSERT_PTR_NULL(toml_get(d->root, "k"));
	v = toml_get(v->table, "k");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->nitems, 2);
	loc = toml_loc(d, v->items[1]->off);
	CU_ASSERT_STRING_EQUAL(loc.file, "p.toml");
	CU_ASSERT_EQUAL(loc.line, 2);
	CU_ASSERT_EQUAL(loc.col, 11);	/* characters, not bytes */
	CU_ASSERT_STRING_EQUAL(toml_type_name(v->type), "list");
	CU_ASSERT_STRING_EQUAL(toml_type_name(TOML_DATETIME),
			       "datetime.datetime");
	tmp = unit_tmpdir();
	snprintf(path, sizeof(path), "%s/pyproject.toml", tmp);
	CU_ASSERT_EQUAL(toml_load(&d, arena, path, &err), RT_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "[Errno 2] No such file or "
				      "directory: '"));
	unit_write(tmp, "pyproject.toml", "[tool.alembic]\nx = 1\n");
	CU_ASSERT_EQUAL(toml_load(&d, arena, path, &err), 0);
	CU_ASSERT_PTR_NOT_NULL(toml_get(d->root, "tool"));
	unit_rmtree(tmp);
	free(tmp);
}

void unit_register(void)
{
	UNIT_SUITE("toml",
		   UNIT_TEST(test_toml_template),
		   UNIT_TEST(test_toml_strings),
		   UNIT_TEST(test_toml_scalars),
		   UNIT_TEST(test_toml_arrays_tables),
		   UNIT_TEST(test_toml_keys),
		   UNIT_TEST(test_toml_errors),
		   UNIT_TEST(test_toml_decode),
		   UNIT_TEST(test_toml_api));
}
