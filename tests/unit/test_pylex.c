/*
 * test_pylex.c: the Python tokenizer: every token kind, NEWLINE vs NL,
 * indentation, errors with file:line:col, string values, PEP 263.
 */
#include "unit.h"
#include "python/pylex.h"

static char out[8192];

#define EQS UNIT_EQS

/* Tokens of src as "TYPE:text ..." (NEWLINE, NL, INDENT, DEDENT and
 * ENDMARKER bare), or the error as "file:line:col: msg". */
static const char *toks(const char *src)
{
	struct rt_err err = RT_ERR_INIT;
	struct pylex lx;
	struct py_token t;
	struct rt_buf b = RT_BUF_INIT;

	pylex_init(&lx, "t.py", src, strlen(src));
	do {
		if (pylex_next(&lx, &t, &err) < 0) {
			rt_err_str(&err, out, sizeof(out));
			CU_ASSERT_EQUAL(err.code, RT_ESYNTAX);
			rt_buf_release(&b);
			return out;
		}
		if (b.len)
			rt_buf_addch(&b, ' ');
		rt_buf_adds(&b, pylex_tok_name(t.type));
		if (t.type == PY_NAME || t.type == PY_NUMBER ||
		    t.type == PY_STRING || t.type == PY_OP ||
		    t.type == PY_COMMENT)
			rt_buf_addf(&b, ":%.*s", (int)t.len, src + t.off);
	} while (t.type != PY_ENDMARKER);
	snprintf(out, sizeof(out), "%s", b.buf);
	rt_buf_release(&b);
	return out;
}

static void test_pylex_names(void)
{
	CU_ASSERT_STRING_EQUAL(toks("a _b c3 caf\xc3\xa9 if None\n"),
			       "NAME:a NAME:_b NAME:c3 NAME:caf\xc3\xa9 "
			       "NAME:if NAME:None NEWLINE ENDMARKER");
	/* A prefix-like name not followed by a quote stays a name. */
	CU_ASSERT_STRING_EQUAL(toks("rb br f u x\n"),
			       "NAME:rb NAME:br NAME:f NAME:u NAME:x NEWLINE "
			       "ENDMARKER");
}

static void test_pylex_numbers(void)
{
	CU_ASSERT_STRING_EQUAL(toks("1 1_000 0x_1F 0XfF 0o17 0b1010 0 00\n"),
			       "NUMBER:1 NUMBER:1_000 NUMBER:0x_1F "
			       "NUMBER:0XfF NUMBER:0o17 NUMBER:0b1010 "
			       "NUMBER:0 NUMBER:00 NEWLINE ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("1.5 .5 1. 1e10 1.5E-3 2e+1 3j 1.5J "
				    "1_0.0_1\n"),
			       "NUMBER:1.5 NUMBER:.5 NUMBER:1. NUMBER:1e10 "
			       "NUMBER:1.5E-3 NUMBER:2e+1 NUMBER:3j "
			       "NUMBER:1.5J NUMBER:1_0.0_1 NEWLINE ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("x.y 1..real\n"),
			       "NAME:x OP:. NAME:y NUMBER:1. OP:. NAME:real "
			       "NEWLINE ENDMARKER");
}

static void test_pylex_strings(void)
{
	CU_ASSERT_STRING_EQUAL(toks("'a' \"b\" r'c' u'd' b'e' f'g' br'h' "
				    "rb'i' fr'j' rf'k' Rb'l' BR'm' F'n' "
				    "U'o'\n"),
			       "STRING:'a' STRING:\"b\" STRING:r'c' "
			       "STRING:u'd' STRING:b'e' STRING:f'g' "
			       "STRING:br'h' STRING:rb'i' STRING:fr'j' "
			       "STRING:rf'k' STRING:Rb'l' STRING:BR'm' "
			       "STRING:F'n' STRING:U'o' NEWLINE ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("x = '''a\n'b'\n''' \"\"\"c\"\"\"\n"),
			       "NAME:x OP:= STRING:'''a\n'b'\n''' "
			       "STRING:\"\"\"c\"\"\" NEWLINE ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("'it\\'s' \"q\\\"\" 'a\\\nb' '' \"\"\n"),
			       "STRING:'it\\'s' STRING:\"q\\\"\" "
			       "STRING:'a\\\nb' STRING:'' STRING:\"\" "
			       "NEWLINE ENDMARKER");
	/* ur'' is not a prefix in Python 3: a name then a string. */
	CU_ASSERT_STRING_EQUAL(toks("ur'x'\n"),
			       "NAME:ur STRING:'x' NEWLINE ENDMARKER");
}

static void test_pylex_operators(void)
{
	CU_ASSERT_STRING_EQUAL(toks("( ) [ ] { } : , ; . ... + - * / // % "
				    "** @ | & ^ ~ << >> < > == != <= >= = "
				    "-> := += -= *= /= //= %= **= @= |= &= "
				    "^= <<= >>=\n"),
			       "OP:( OP:) OP:[ OP:] OP:{ OP:} OP:: OP:, OP:; "
			       "OP:. OP:... OP:+ OP:- OP:* OP:/ OP:// OP:% "
			       "OP:** OP:@ OP:| OP:& OP:^ OP:~ OP:<< OP:>> "
			       "OP:< OP:> OP:== OP:!= OP:<= OP:>= OP:= OP:-> "
			       "OP::= OP:+= OP:-= OP:*= OP:/= OP://= OP:%= "
			       "OP:**= OP:@= OP:|= OP:&= OP:^= OP:<<= "
			       "OP:>>= NEWLINE ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("a**=b//2\n"),
			       "NAME:a OP:**= NAME:b OP:// NUMBER:2 NEWLINE "
			       "ENDMARKER");
}

static void test_pylex_newline_nl(void)
{
	/* Blank and comment lines are NL; so are newlines in brackets
	 * and a backslash continuation produces nothing. */
	CU_ASSERT_STRING_EQUAL(toks("\n# c\nx = (1,\n  2)  # t\ny = 1 + \\\n"
				    "  2\n\n"),
			       "NL COMMENT:# c NL NAME:x OP:= OP:( NUMBER:1 "
			       "OP:, NL NUMBER:2 OP:) COMMENT:# t NEWLINE "
			       "NAME:y OP:= NUMBER:1 OP:+ NUMBER:2 NEWLINE NL "
			       "ENDMARKER");
	/* No final newline: NEWLINE is still produced. */
	CU_ASSERT_STRING_EQUAL(toks("x"), "NAME:x NEWLINE ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks(""), "ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("[\n]\n{\n}\n"),
			       "OP:[ NL OP:] NEWLINE OP:{ NL OP:} NEWLINE "
			       "ENDMARKER");
}

static void test_pylex_indent(void)
{
	CU_ASSERT_STRING_EQUAL(toks("def f():\n    x\n\n    # c\n"
				    "    if y:\n        z\nw\n"),
			       "NAME:def NAME:f OP:( OP:) OP:: NEWLINE INDENT "
			       "NAME:x NEWLINE NL COMMENT:# c NL NAME:if "
			       "NAME:y OP:: NEWLINE INDENT NAME:z NEWLINE "
			       "DEDENT DEDENT NAME:w NEWLINE ENDMARKER");
	/* Dedents at end of file; a tab counts to the next multiple of 8
	 * but mixing that with 8 spaces is inconsistent. */
	CU_ASSERT_STRING_EQUAL(toks("if x:\n\ty\n\tif z:\n\t\tw"),
			       "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y "
			       "NEWLINE NAME:if NAME:z OP:: NEWLINE INDENT "
			       "NAME:w NEWLINE DEDENT DEDENT ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("if x:\n\ty\n        z\n"),
			       "t.py:3:9: inconsistent use of tabs and spaces "
			       "in indentation");
	/* Indentation inside brackets does not count. */
	CU_ASSERT_STRING_EQUAL(toks("f(\n        1)\n"),
			       "NAME:f OP:( NL NUMBER:1 OP:) NEWLINE "
			       "ENDMARKER");
	/* CPython's line continuation in indentation: counting goes on
	 * over it; the first one not at column 1 decides. */
	CU_ASSERT_STRING_EQUAL(toks("if x:\n    a\n\\\n    b\n"),
			       "NAME:if NAME:x OP:: NEWLINE INDENT NAME:a "
			       "NEWLINE NAME:b NEWLINE DEDENT ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("if x:\n    a\n  \\\n    b\n"),
			       "t.py:4:5: unindent does not match any outer "
			       "indentation level (expected a column of 1)");
	CU_ASSERT_STRING_EQUAL(toks("a\n  \\\nb\n"),
			       "NAME:a NEWLINE INDENT NAME:b NEWLINE DEDENT "
			       "ENDMARKER");
	CU_ASSERT_STRING_EQUAL(toks("a\n\\\n\nb\n"),
			       "NAME:a NEWLINE NL NAME:b NEWLINE ENDMARKER");
}

static void test_pylex_errors(void)
{
	CU_ASSERT_STRING_EQUAL(toks("x = 'abc\n"),
			       "t.py:1:5: unterminated string literal "
			       "(expected closing ' before the end of the "
			       "line)");
	CU_ASSERT_STRING_EQUAL(toks("x = 1\ny = \"\"\"abc\n\n"),
			       "t.py:2:5: unterminated triple-quoted string "
			       "literal (expected closing \"\"\")");
	CU_ASSERT_STRING_EQUAL(toks("x = $\n"),
			       "t.py:1:5: invalid character '$' (expected a "
			       "Python token)");
	CU_ASSERT_STRING_EQUAL(toks("a ? b\n"),
			       "t.py:1:3: invalid character '?' (expected a "
			       "Python token)");
	CU_ASSERT_STRING_EQUAL(toks("x = 1 \xe2\x86\x92 2\n"),
			       "t.py:1:7: invalid character '\xe2\x86\x92' "
			       "(U+2192) (expected a Python token)");
	CU_ASSERT_STRING_EQUAL(toks("x = \x01\n"),
			       "t.py:1:5: invalid non-printable character "
			       "U+0001 (expected a Python token)");
	CU_ASSERT_STRING_EQUAL(toks("if x:\n    y\n  z\n"),
			       "t.py:3:3: unindent does not match any outer "
			       "indentation level (expected a column of 1)");
	CU_ASSERT_STRING_EQUAL(toks("x = (1,\n  2]\n"),
			       "t.py:2:4: closing parenthesis ']' does not "
			       "match opening parenthesis '(' (expected ')')");
	CU_ASSERT_STRING_EQUAL(toks("x = 1)\n"), "t.py:1:6: unmatched ')'");
	CU_ASSERT_STRING_EQUAL(toks("x = [1,\n"),
			       "t.py:1:5: '[' was never closed (expected ']' "
			       "before the end of the file)");
	CU_ASSERT_STRING_EQUAL(toks("x = 012\n"),
			       "t.py:1:5: leading zeros in decimal integer "
			       "literals are not permitted; use an 0o prefix "
			       "for octal integers");
	CU_ASSERT_STRING_EQUAL(toks("x = 0x\n"),
			       "t.py:1:5: invalid hexadecimal literal "
			       "(expected hexadecimal digits after '0x')");
	CU_ASSERT_STRING_EQUAL(toks("x = 1e\n"),
			       "t.py:1:5: invalid decimal literal (expected "
			       "digits in the exponent)");
	CU_ASSERT_STRING_EQUAL(toks("x = 1_\n"),
			       "t.py:1:5: invalid decimal literal (expected "
			       "a digit after '_')");
	CU_ASSERT_STRING_EQUAL(toks("x = 1 \\ 2\n"),
			       "t.py:1:7: unexpected character after line "
			       "continuation character (expected a newline)");
	/* Python: "unexpected EOF while parsing" */
	CU_ASSERT_STRING_EQUAL(toks("x = 1 \\\n"),
			       "t.py:1:7: unexpected end of file after line "
			       "continuation character");
	CU_ASSERT_STRING_EQUAL(toks("x = 1\n\\\n"),
			       "t.py:2:1: unexpected end of file after line "
			       "continuation character");
	CU_ASSERT_STRING_EQUAL(toks("x = !\n"),
			       "t.py:1:5: invalid character '!' (expected a "
			       "Python token)");
}

/* The value of one literal, or the error text. */
static const char *val(const char *src, size_t *len)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_arena *a = arena_new();
	struct py_token t[8];
	struct pylex lx;
	const char *v;
	bool bytes;
	size_t n = 0;

	pylex_init(&lx, "t.py", src, strlen(src));
	while (n < 8 && pylex_next(&lx, &t[n], &err) == 0 &&
	       t[n].type == PY_STRING)
		n++;
	if (err.code || pylex_str_value(&v, len, &bytes, a, &lx, t, n,
					&err) < 0) {
		rt_err_str(&err, out, sizeof(out));
		*len = strlen(out);
	} else {
		memcpy(out, v, *len + 1);
		CU_ASSERT_EQUAL(bytes, src[0] == 'b' || src[0] == 'B');
	}
	arena_free(a);
	return out;
}

#define CHECK_VAL(src, want) \
	do { \
		size_t n_; \
		const char *v_ = val(src, &n_); \
		CU_ASSERT_EQUAL(n_, sizeof(want) - 1); \
		CU_ASSERT(!memcmp(v_, want, sizeof(want) - 1)); \
	} while (0)

static void test_pylex_escapes(void)
{
	CHECK_VAL("'a\\nb\\tc\\\\d\\'e\\\"f'", "a\nb\tc\\d'e\"f");
	CHECK_VAL("'\\a\\b\\f\\r\\v'", "\a\b\f\r\v");
	CHECK_VAL("'\\x41\\x7e\\xe9'", "A~\xc3\xa9");
	CHECK_VAL("'\\u00e9\\u20AC'", "\xc3\xa9\xe2\x82\xac");
	CHECK_VAL("'\\U0001F600'", "\xf0\x9f\x98\x80");
	CHECK_VAL("'\\101\\0\\7x\\1234'", "A\0\ax" "S4");
	CHECK_VAL("'a\\\nb'", "ab");
	CHECK_VAL("'\\d\\q'", "\\d\\q");
	CHECK_VAL("'caf\xc3\xa9'", "caf\xc3\xa9");
	CHECK_VAL("\"\"\"a\n\"b\"\n\"\"\"", "a\n\"b\"\n");
	CHECK_VAL("'''x'''", "x");
	CHECK_VAL("''", "");
}

static void test_pylex_raw_bytes(void)
{
	CHECK_VAL("r'a\\nb\\''", "a\\nb\\'");
	CHECK_VAL("R\"\\x41\"", "\\x41");
	CHECK_VAL("b'\\x41\\xff\\n\\u0041'", "A\xff\n\\u0041");
	CHECK_VAL("b'\\777'", "\xff");
	CHECK_VAL("br'\\n'", "\\n");
	CHECK_VAL("b'\\N{DASH}'", "\\N{DASH}");
	CHECK_VAL("u'\\u0041'", "A");
}

static void test_pylex_concat(void)
{
	CHECK_VAL("'implicit ' \"concat\"", "implicit concat");
	CHECK_VAL("'a' r'\\n' u'c'", "a\\nc");
	CHECK_VAL("b'a' B'b'", "ab");
	CHECK_VAL("'a' b'b'", "t.py:1:5: cannot mix bytes and nonbytes "
		  "literals");
}

static void test_pylex_escape_errors(void)
{
	CHECK_VAL("'\\N{EM DASH}'", "t.py:1:2: unsupported escape \\N{...} "
		  "(expected the character itself or a \\u escape)");
	CHECK_VAL("'ab\\x4'", "t.py:1:4: truncated \\x escape (expected 2 "
		  "hexadecimal digits)");
	CHECK_VAL("'\\u12'", "t.py:1:2: truncated \\u escape (expected 4 "
		  "hexadecimal digits)");
	CHECK_VAL("'\\U00110000'", "t.py:1:2: illegal Unicode character in "
		  "\\U escape (expected at most \\U0010ffff)");
}

/* Decode raw bytes; the result or the error text. */
static const char *dec(const char *raw, size_t len)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_arena *a = arena_new();
	const char *s;
	size_t n;

	if (pylex_decode_source(&s, &n, a, "t.py", raw, len, &err) < 0) {
		CU_ASSERT_EQUAL(err.code, RT_ESYNTAX);
		rt_err_str(&err, out, sizeof(out));
	} else {
		CU_ASSERT_EQUAL(strlen(s), n);
		snprintf(out, sizeof(out), "%s", s);
	}
	arena_free(a);
	return out;
}

#define DEC(lit) dec(lit, sizeof(lit) - 1)

static void test_pylex_coding(void)
{
	CU_ASSERT_STRING_EQUAL(DEC("x = 'caf\xc3\xa9'\n"),
			       "x = 'caf\xc3\xa9'\n");
	CU_ASSERT_STRING_EQUAL(DEC("# -*- coding: latin-1 -*-\n\"caf\xe9\"\n"),
			       "# -*- coding: latin-1 -*-\n\"caf\xc3\xa9\"\n");
	CU_ASSERT_STRING_EQUAL(DEC("#!/usr/bin/python\n# vim: set "
				   "fileencoding=iso-8859-1 :\n'\xe9'"),
			       "#!/usr/bin/python\n# vim: set "
			       "fileencoding=iso-8859-1 :\n'\xc3\xa9'");
	CU_ASSERT_STRING_EQUAL(DEC("# coding=ISO_8859_1\n'\xe9'"),
			       "# coding=ISO_8859_1\n'\xc3\xa9'");
	CU_ASSERT_STRING_EQUAL(DEC("# coding: utf-8\n'\xc3\xa9'"),
			       "# coding: utf-8\n'\xc3\xa9'");
	/* Line 2 counts only after a comment/blank line 1. */
	CU_ASSERT_STRING_EQUAL(DEC("x = 1\n# coding: latin-1\n'\xc3\xa9'"),
			       "x = 1\n# coding: latin-1\n'\xc3\xa9'");
	CU_ASSERT_STRING_EQUAL(DEC("\xef\xbb\xbfx = 1\r\ny = 2\rz\n"),
			       "x = 1\ny = 2\nz\n");
	CU_ASSERT_STRING_EQUAL(DEC("# coding: cp1252\nx\n"),
			       "t.py:1:11: unsupported source encoding "
			       "'cp1252' (expected utf-8 or latin-1)");
	CU_ASSERT_STRING_EQUAL(DEC("x = 1\ny = '\xe9t\xe9'\n"),
			       "t.py:2:6: invalid UTF-8 byte 0xe9 (expected "
			       "UTF-8 source or a PEP 263 coding line)");
	CU_ASSERT_STRING_EQUAL(DEC("# coding: ascii\ny = '\xc3\xa9'\n"),
			       "t.py:2:6: non-ASCII byte 0xc3 in a file "
			       "declared ascii (expected a coding line naming "
			       "its encoding)");
	CU_ASSERT_STRING_EQUAL(DEC("x = 1\0\n"),
			       "t.py:1:6: source code cannot contain null "
			       "bytes");
	CU_ASSERT_STRING_EQUAL(DEC("\xef\xbb\xbf# coding: latin-1\n"),
			       "t.py:1:1: encoding problem: a UTF-8 byte "
			       "order mark with a coding line that is not "
			       "utf-8");
}

/* The next token that is not a comment or NL. */
static int next_sig(struct pylex *lx, struct py_token *t, struct rt_err *err)
{
	int rc;

	do {
		if ((rc = pylex_next(lx, t, err)) < 0)
			return rc;
	} while (t->type == PY_COMMENT || t->type == PY_NL);
	return 0;
}

/*
 * After the first token of src (a def), skip its line and block as
 * pyheader.c's skip_tokens() does (INDENT/DEDENT balance) or, when fast
 * and pylex_skip_block() takes it, without tokens; then the rest of the
 * tokens as "TYPE@offset ...", or the error.  *took: the fast path took
 * it.
 */
static const char *after_block(const char *src, bool fast, bool *took)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;
	struct pylex lx;
	struct py_token t;
	int level = 0;

	pylex_init(&lx, "t.py", src, strlen(src));
	*took = false;
	if (next_sig(&lx, &t, &err) < 0)
		goto error;
	if (fast && (*took = pylex_skip_block(&lx))) {
		if (next_sig(&lx, &t, &err) < 0)
			goto error;
	} else {
		while (t.type != PY_ENDMARKER) {
			if (t.type == PY_NEWLINE) {
				if (next_sig(&lx, &t, &err) < 0)
					goto error;
				if (level == 0 && t.type != PY_INDENT)
					break;
				continue;
			}
			level += t.type == PY_INDENT;
			if (t.type == PY_DEDENT && --level <= 0) {
				if (next_sig(&lx, &t, &err) < 0)
					goto error;
				break;
			}
			if (next_sig(&lx, &t, &err) < 0)
				goto error;
		}
	}
	for (;;) {
		rt_buf_addf(&b, "%s%s@%u", b.len ? " " : "",
			    pylex_tok_name(t.type), (unsigned)t.off);
		if (t.type == PY_ENDMARKER)
			break;
		if (next_sig(&lx, &t, &err) < 0)
			goto error;
	}
	snprintf(out, sizeof(out), "%s", b.buf);
	rt_buf_release(&b);
	return out;
error:
	rt_err_str(&err, out, sizeof(out));
	rt_buf_release(&b);
	return out;
}

/*
 * pylex_skip_block() ends where the tokens would, leaves the lexer as
 * they would, and gives up (for the tokenizer to report) on anything
 * it does not vouch for.
 */
static void test_pylex_skip_block(void)
{
	static const struct { const char *src; bool fast; } cases[] = {
		{ "def f():\n    return 1\nx = 2\n", true },
		{ "def f(): pass\nx = 1\n", true },
		{ "def f(): pass\n    y = 2\n  # c\nx = 1\n", true },
		{ "def f():\n    s = '''\nx = 1\n'''\n    t = (1,\n2)\n"
		  "    u = 1 + \\\n2\n# c\n  # c2\n\nx = 1\n", true },
		{ "def f():\n    if x:\n        y = [\n]\n    z = {1: 2}\n"
		  "\n\nclass A:\n    pass\n", true },
		{ "def f():\n    return 1", true },
		{ "def f():\n    return 1\n# end", true },
		{ "def f():\n    x = 'a\\\nb' + \"it's\" + '\\''\nz = 1\n",
		  true },
		{ "def f():\n    x = ...5 + a1.b2 + 1.5e3 + 0x1F + 1j\nz\n",
		  true },
		{ "def f():\n    x = caf\xc3\xa9 + r'\\d' + b\"\" + f'{x}'\n"
		  "z = 1\n", true },
		{ "def f():\n    x = 1 != 2\nz = 1\n", true },
		{ "@dec(\n1)\ndef f():\n    pass\nz = 1\n", true },
		{ "def f():\n\tx = 1\nx = 2\n", false },
		{ "def f():\n    x = 1\n\f\nx = 2\n", false },
		{ "def f():\n    x = 1\n  \\\n    y\nz = 1\n", false },
		{ "def f():\n    x = $\nx = 2\n", false },
		{ "def f():\n    x = 1j05\n", false },
		{ "def f():\n    x = ...0005\n", false },
		{ "def f():\n    x = (]\n", false },
		{ "def f():\n    x = (\n", false },
		{ "def f():\n    x = ')\n", false },
		{ "def f():\n    if x:\n        y = 1\n      z = 2\n", false },
		{ "def f():\n    x = a\xe2\x80\x94" "b\n", false },
		{ "def f():\n    x = 1 ! 2\n", false },
		{ "def f():\n    x = 1 \\ 2\n", false },
	};
	char slow[8192];
	bool took;
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		snprintf(slow, sizeof(slow), "%s",
			 after_block(cases[i].src, false, &took));
		EQS(after_block(cases[i].src, true, &took), slow);
		if (took != cases[i].fast)
			fprintf(stderr, "\ncase %zu: took %d\n", i, took);
		CU_ASSERT_EQUAL(took, cases[i].fast);
	}
	EQS(after_block("def f():\n    x = 1\nx = 2\n", true, &took),
	    "NAME@19 OP@21 NUMBER@23 NEWLINE@24 ENDMARKER@25");
	EQS(after_block("def f():\n    x = 1j05\n", true, &took),
	    "t.py:2:11: leading zeros in decimal integer literals are not "
	    "permitted; use an 0o prefix for octal integers");
}

void unit_register(void)
{
	UNIT_SUITE("pylex",
		   UNIT_TEST(test_pylex_names),
		   UNIT_TEST(test_pylex_numbers),
		   UNIT_TEST(test_pylex_strings),
		   UNIT_TEST(test_pylex_operators),
		   UNIT_TEST(test_pylex_newline_nl),
		   UNIT_TEST(test_pylex_indent),
		   UNIT_TEST(test_pylex_errors),
		   UNIT_TEST(test_pylex_escapes),
		   UNIT_TEST(test_pylex_raw_bytes),
		   UNIT_TEST(test_pylex_concat),
		   UNIT_TEST(test_pylex_escape_errors),
		   UNIT_TEST(test_pylex_coding),
		   UNIT_TEST(test_pylex_skip_block));
}
