/*
 * test_pyparse.c: the Python-subset parser (AST as S-expressions), the
 * unsupported-construct and syntax errors, and header mode (spec §3).
 */
#include "unit.h"
#include "python/pyparse.h"

static char out[16384];

#define EQS UNIT_EQS

static void dump(struct rt_buf *b, const struct py_node *n);

static void dump_list(struct rt_buf *b, const struct py_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		rt_buf_addch(b, ' ');
		dump(b, l->v[i]);
	}
}

static void dump_str(struct rt_buf *b, const char *s, size_t n)
{
	size_t i;

	rt_buf_addch(b, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			rt_buf_adds(b, "\\n");
		else if (s[i] == '\'' || s[i] == '\\')
			rt_buf_addf(b, "\\%c", s[i]);
		else
			rt_buf_addch(b, s[i]);
	}
	rt_buf_addch(b, '\'');
}

static const char *op_name(int op)
{
	switch (op) {
	case PY_NOT_OP: return "not";
	case PY_AND_OP: return "and";
	case PY_OR_OP: return "or";
	case PY_IN_OP: return "in";
	case PY_NOTIN_OP: return "not-in";
	case PY_IS_OP: return "is";
	case PY_ISNOT_OP: return "is-not";
	default: return pylex_op_str((enum py_op)op);
	}
}

static void opt(struct rt_buf *b, const struct py_node *n)
{
	rt_buf_addch(b, ' ');
	if (n)
		dump(b, n);
	else
		rt_buf_addch(b, '_');
}

static void dump_block(struct rt_buf *b, const struct py_list *l)
{
	size_t i;

	rt_buf_adds(b, " (");
	for (i = 0; i < l->n; i++) {
		if (i)
			rt_buf_addch(b, ' ');
		dump(b, l->v[i]);
	}
	rt_buf_addch(b, ')');
}

static void dump_expr2(struct rt_buf *b, const struct py_node *n)
{
	size_t i;

	switch (n->kind) {
	case PYN_CALL:
		rt_buf_adds(b, "(call ");
		dump(b, n->a);
		dump_list(b, &n->kids);
		dump_list(b, &n->kids2);
		break;
	case PYN_KEYWORD:
		if (n->s)
			rt_buf_addf(b, "%s=", n->s);
		else
			rt_buf_adds(b, "**");
		dump(b, n->a);
		return;
	case PYN_STARRED:
		rt_buf_addch(b, '*');
		dump(b, n->a);
		return;
	case PYN_SUBSCRIPT:
		rt_buf_adds(b, "(sub ");
		dump(b, n->a);
		opt(b, n->b);
		break;
	case PYN_SLICE:
		rt_buf_adds(b, "(slice");
		opt(b, n->a);
		opt(b, n->b);
		opt(b, n->c);
		break;
	case PYN_DICT:
		rt_buf_adds(b, "(dict");
		for (i = 0; i < n->kids.n; i++) {
			rt_buf_addch(b, ' ');
			if (n->kids.v[i])
				dump(b, n->kids.v[i]);
			else
				rt_buf_adds(b, "**");
			rt_buf_addch(b, ':');
			dump(b, n->kids2.v[i]);
		}
		break;
	case PYN_COMPARE:
		rt_buf_adds(b, "(cmp ");
		dump(b, n->a);
		for (i = 0; i < n->kids.n; i++) {
			rt_buf_addf(b, " %s ", op_name(n->ops[i]));
			dump(b, n->kids.v[i]);
		}
		break;
	case PYN_IFEXP:
		rt_buf_adds(b, "(ifexp ");
		dump(b, n->a);
		opt(b, n->b);
		opt(b, n->c);
		break;
	case PYN_FSTRING:
		rt_buf_adds(b, "(f");
		dump_list(b, &n->kids);
		break;
	case PYN_FIELD:
		rt_buf_addch(b, '{');
		dump(b, n->a);
		if (n->op)
			rt_buf_addf(b, "!%c", n->op);
		if (n->b) {
			rt_buf_addch(b, ':');
			dump(b, n->b);
		}
		rt_buf_addch(b, '}');
		return;
	default:
		rt_buf_addf(b, "(%s", op_name(n->op));
		if (n->kind == PYN_BOOLOP) {
			dump_list(b, &n->kids);
		} else {
			opt(b, n->a);
			if (n->kind == PYN_BINOP)
				opt(b, n->b);
		}
		break;
	}
	rt_buf_addch(b, ')');
}

static void dump_stmt(struct rt_buf *b, const struct py_node *n)
{
	switch (n->kind) {
	case PYN_EXPR_STMT:
		rt_buf_adds(b, "(expr ");
		dump(b, n->a);
		break;
	case PYN_ASSIGN:
		rt_buf_adds(b, "(=");
		dump_list(b, &n->kids);
		opt(b, n->a);
		break;
	case PYN_ANNASSIGN:
		rt_buf_adds(b, "(ann");
		opt(b, n->a);
		opt(b, n->b);
		opt(b, n->c);
		break;
	case PYN_AUGASSIGN:
		rt_buf_addf(b, "(%s", op_name(n->op));
		opt(b, n->a);
		opt(b, n->b);
		break;
	case PYN_IMPORT:
	case PYN_FROM:
		if (n->kind == PYN_FROM)
			rt_buf_addf(b, "(from %.*s%s import", n->op,
				    "..........", n->s);
		else
			rt_buf_adds(b, "(import");
		dump_list(b, &n->kids);
		break;
	case PYN_ALIAS:
		rt_buf_adds(b, n->s);
		if (n->s2)
			rt_buf_addf(b, " as %s", n->s2);
		return;
	case PYN_DEF:
		rt_buf_addf(b, "(def %s", n->s);
		dump_block(b, &n->kids);
		if (n->a) {
			rt_buf_adds(b, " ->");
			opt(b, n->a);
		}
		dump_block(b, &n->kids2);
		if (n->kids3.n)
			dump_block(b, &n->kids3);
		break;
	case PYN_PARAM:
		rt_buf_addf(b, "%s%s", n->op == PYP_STAR_ARGS ? "*" :
			    n->op == PYP_KWARGS ? "**" : n->op == PYP_STAR ?
			    "*" : n->op == PYP_SLASH ? "/" : "",
			    n->s ? n->s : "");
		if (n->a) {
			rt_buf_addch(b, ':');
			dump(b, n->a);
		}
		if (n->b) {
			rt_buf_addch(b, '=');
			dump(b, n->b);
		}
		return;
	case PYN_WITH:
		rt_buf_adds(b, "(with");
		dump_block(b, &n->kids);
		dump_block(b, &n->kids2);
		break;
	case PYN_WITHITEM:
		dump(b, n->a);
		if (n->b) {
			rt_buf_adds(b, " as ");
			dump(b, n->b);
		}
		return;
	case PYN_FOR:
	case PYN_IF:
		rt_buf_adds(b, n->kind == PYN_FOR ? "(for" : "(if");
		opt(b, n->a);
		if (n->kind == PYN_FOR)
			opt(b, n->b);
		dump_block(b, &n->kids2);
		if (n->kids3.n)
			dump_block(b, &n->kids3);
		break;
	case PYN_PASS:
		rt_buf_adds(b, "pass");
		return;
	case PYN_BREAK:
		rt_buf_adds(b, "break");
		return;
	case PYN_CONTINUE:
		rt_buf_adds(b, "continue");
		return;
	case PYN_RETURN:
		rt_buf_adds(b, "(return");
		opt(b, n->a);
		break;
	case PYN_RAISE:
		rt_buf_adds(b, "(raise");
		opt(b, n->a);
		opt(b, n->b);
		break;
	default:
		dump_expr2(b, n);
		return;
	}
	rt_buf_addch(b, ')');
}

static void dump(struct rt_buf *b, const struct py_node *n)
{
	switch (n->kind) {
	case PYN_NAME:
	case PYN_INT:
	case PYN_FLOAT:
	case PYN_IMAG:
		rt_buf_adds(b, n->s);
		return;
	case PYN_STR:
		dump_str(b, n->s, n->slen);
		return;
	case PYN_BYTES:
		rt_buf_addch(b, 'b');
		dump_str(b, n->s, n->slen);
		return;
	case PYN_TRUE:
		rt_buf_adds(b, "True");
		return;
	case PYN_FALSE:
		rt_buf_adds(b, "False");
		return;
	case PYN_NONE:
		rt_buf_adds(b, "None");
		return;
	case PYN_ELLIPSIS:
		rt_buf_adds(b, "...");
		return;
	case PYN_ATTR:
		rt_buf_adds(b, "(. ");
		dump(b, n->a);
		rt_buf_addf(b, " %s)", n->s);
		return;
	case PYN_TUPLE:
	case PYN_LIST:
	case PYN_SET:
		rt_buf_adds(b, n->kind == PYN_TUPLE ? "(tuple" :
			    n->kind == PYN_LIST ? "(list" : "(set");
		dump_list(b, &n->kids);
		rt_buf_addch(b, ')');
		return;
	default:
		dump_stmt(b, n);
	}
}

/* The module's statements, one per line, or the error text. */
static const char *mod(const char *src)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_arena *a = arena_new();
	struct rt_buf b = RT_BUF_INIT;
	struct py_module m;
	size_t i;

	if (pyparse_module(&m, a, "t.py", src, strlen(src), &err) < 0) {
		CU_ASSERT_EQUAL(err.code, RT_ESYNTAX);
		rt_err_str(&err, out, sizeof(out));
	} else {
		for (i = 0; i < m.body.n; i++) {
			if (i)
				rt_buf_addch(&b, '\n');
			dump(&b, m.body.v[i]);
		}
		if (m.doc) {
			rt_buf_adds(&b, "\ndoc=");
			dump_str(&b, m.doc, m.doclen);
		}
		snprintf(out, sizeof(out), "%s", b.buf);
	}
	rt_buf_release(&b);
	arena_free(a);
	return out;
}

static void test_pyparse_precedence(void)
{
	EQS(mod("a + b * c - d\n"),
			       "(expr (- (+ a (* b c)) d))");
	EQS(mod("-2 ** -x ** 2\n"),
			       "(expr (- (** 2 (- (** x 2)))))");
	EQS(mod("not a == b and c or d and not e\n"),
			       "(expr (or (and (not (cmp a == b)) c) "
			       "(and d (not e))))");
	EQS(mod("a if b or c else d if e else f\n"),
			       "(expr (ifexp (or b c) a (ifexp e d f)))");
	EQS(mod("a < b <= c != d\n"),
			       "(expr (cmp a < b <= c != d))");
	EQS(mod("x not in y, x is not None, x in z, "
				   "x is y\n"),
			       "(expr (tuple (cmp x not-in y) (cmp x is-not "
			       "None) (cmp x in z) (cmp x is y)))");
	EQS(mod("'%s-%d' % (a, 1) + b | c ^ d & e << 1 "
				   "// 2 % 3 @ m\n"),
			       "(expr (| (+ (% '%s-%d' (tuple a 1)) b) (^ c "
			       "(& d (<< e (@ (% (// 1 2) 3) m))))))");
	EQS(mod("~a + +b\n"), "(expr (+ (~ a) (+ b)))");
}

static void test_pyparse_trailers(void)
{
	EQS(mod("a.b.c(d, *e, k=1, **f)[1:2, ::3]\n"),
			       "(expr (sub (call (. (. a b) c) d *e k=1 **f) "
			       "(tuple (slice 1 2 _) (slice _ _ 3))))");
	EQS(mod("x[0]; x[a:]; x[:-1]; x[...]\n"),
			       "(expr (sub x 0))\n(expr (sub x (slice a _ _)))"
			       "\n(expr (sub x (slice _ (- 1) _)))\n"
			       "(expr (sub x ...))");
	EQS(mod("'{}-{x}'.format(1, x=2)\n"),
			       "(expr (call (. '{}-{x}' format) 1 x=2))");
	EQS(mod("f(a,)(b)(*c, d=1, *e)\n"),
			       "(expr (call (call (call f a) b) *c *e d=1))");
}

static void test_pyparse_literals(void)
{
	EQS(mod("x = {'a': 1, **d, 2: [3, 4.5, 6j]}\n"),
			       "(= x (dict 'a':1 **:d 2:(list 3 4.5 6j)))");
	EQS(mod("x = {1, 2}, {}, (), (1,), [], (1)\n"),
			       "(= x (tuple (set 1 2) (dict) (tuple) (tuple 1) "
			       "(list) 1))");
	EQS(mod("x = True, False, None, ..., b'\\x00y'\n"),
			       "(= x (tuple True False None ... b'\0y'))");
	EQS(mod("x = 1_000, 0x_ff, 0o17, 0b11, 1e3\n"),
			       "(= x (tuple 1000 0xff 0o17 0b11 1e3))");
	EQS(mod("x = ('a' 'b'\n     r'\\n')\n"),
			       "(= x 'ab\\\\n')");
}

static void test_pyparse_numbers(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_arena *a = arena_new();
	struct py_node *n;
	const char *s = "(0x_ff, 0o17, 0b101, 1_000, 1.5e2, 2j, "
			"99999999999999999999)";

	CU_ASSERT_EQUAL_FATAL(pyparse_expr(&n, a, "t.py", s, 0, strlen(s),
					   &err), 0);
	CU_ASSERT_EQUAL_FATAL(n->kids.n, 7);
	CU_ASSERT_EQUAL(n->kids.v[0]->ival, 255);
	CU_ASSERT_EQUAL(n->kids.v[1]->ival, 15);
	CU_ASSERT_EQUAL(n->kids.v[2]->ival, 5);
	CU_ASSERT_EQUAL(n->kids.v[3]->ival, 1000);
	CU_ASSERT_EQUAL(n->kids.v[4]->kind, PYN_FLOAT);
	CU_ASSERT_DOUBLE_EQUAL(n->kids.v[4]->fval, 150.0, 1e-9);
	CU_ASSERT_EQUAL(n->kids.v[5]->kind, PYN_IMAG);
	CU_ASSERT_DOUBLE_EQUAL(n->kids.v[5]->fval, 2.0, 1e-9);
	CU_ASSERT_EQUAL(n->kids.v[6]->op, 1);
	CU_ASSERT_EQUAL(n->kids.v[0]->off, 1);
	arena_free(a);
}

static void test_pyparse_fstrings(void)
{
	EQS(mod("f'a{b!r:>{w}}c{{d}}'\n"),
			       "(expr (f 'a' {b!r:(f '>' {w})} 'c{d}'))");
	EQS(mod("'x\\n' f\"{y.z(1)} {t['k']}\" 'w'\n"),
			       "(expr (f 'x\\n' {(call (. y z) 1)} ' ' "
			       "{(sub t 'k')} 'w'))");
	EQS(mod("rf'\\n{x}' F'{a, b}' f'{x!s}{y!a:3}'\n"),
			       "(expr (f '\\\\n' {x} {(tuple a b)} {x!s} "
			       "{y!a:(f '3')}))");
	EQS(mod("f'{a if b else c:{d}}' f'''{\n"
				   "x}'''\n"),
			       "(expr (f {(ifexp b a c):(f {d})} {x}))");
	EQS(mod("f'{a!=b}{d[\"k\"]}'\n"),
			       "(expr (f {(cmp a != b)} {(sub d 'k')}))");
	EQS(mod("x = f'{}'\n"),
			       "t.py:1:8: f-string: empty expression not "
			       "allowed (expected an expression)");
	EQS(mod("x = f'a}b'\n"),
			       "t.py:1:8: f-string: single '}' is not allowed "
			       "(expected '}}')");
	EQS(mod("x = f'{a'\n"),
			       "t.py:1:7: f-string: expecting '}'");
	EQS(mod("x = f'{a!x}'\n"),
			       "t.py:1:9: f-string: invalid conversion "
			       "character (expected 'r', 's' or 'a')");
	EQS(mod("x = f'{a=}'\n"),
			       "t.py:1:9: unsupported Python construct: "
			       "f-string '=' specifier");
	EQS(mod("x = f'{a b}'\n"),
			       "t.py:1:10: invalid syntax: expected the end "
			       "of the expression, found 'b'");
	EQS(mod("x = f'{lambda: 1}'\n"),
			       "t.py:1:8: unsupported Python construct: "
			       "lambda");
	EQS(mod("x = b'a' f'b'\n"),
			       "t.py:1:5: cannot mix bytes and nonbytes "
			       "literals");
}

static void test_pyparse_statements(void)
{
	EQS(mod("a = b = 1, 2\na, *b = c\nx.y[0] = z\n"
				   "n += 1\nv: int\nw: List[int] = []\n"),
			       "(= a b (tuple 1 2))\n(= (tuple a *b) c)\n"
			       "(= (sub (. x y) 0) z)\n(+= n 1)\n"
			       "(ann v int _)\n(ann w (sub List int) (list))");
	EQS(mod("import os, sqlalchemy as sa, a.b.c\n"
				   "from alembic import op\n"
				   "from typing import (Sequence,\n"
				   "    Union as U,)\n"
				   "from . import x\nfrom ..m.n import *\n"),
			       "(import os sqlalchemy as sa a.b.c)\n"
			       "(from alembic import op)\n"
			       "(from typing import Sequence Union as U)\n"
			       "(from . import x)\n(from ..m.n import *)");
	EQS(mod("pass; return; return a, b\nraise\n"
				   "raise E('x') from e\nbreak\ncontinue\n"),
			       "pass\n(return _)\n(return (tuple a b))\n"
			       "(raise _ _)\n(raise (call E 'x') e)\nbreak\n"
			       "continue");
}

static void test_pyparse_blocks(void)
{
	EQS(mod("@dec\n@a.b(1)\ndef f(a, b: int = 1, *c, "
				   "d, e=2, **k) -> None:\n"
				   "    \"\"\"doc\"\"\"\n    pass\n"),
			       "(def f (a b:int=1 *c d e=2 **k) -> None "
			       "((expr 'doc') pass) (dec (call (. a b) 1)))");
	EQS(mod("def g(a, /, b, *, c): return a\n"),
			       "(def g (a / b * c) ((return a)))");
	EQS(mod("with op.batch_alter_table('t') as "
				   "batch_op, x:\n"
				   "    batch_op.drop_column('c')\n"),
			       "(with ((call (. op batch_alter_table) 't') as "
			       "batch_op x) ((expr (call (. batch_op "
			       "drop_column) 'c'))))");
	EQS(mod("for x, y in [(1, 2)]:\n    f(x)\n"
				   "else:\n    pass\n"),
			       "(for (tuple x y) (list (tuple 1 2)) ((expr "
			       "(call f x))) (pass))");
	EQS(mod("if op.get_context().dialect.name == "
				   "'postgresql':\n    a()\n"
				   "elif b:\n    pass\nelse:\n    c()\n"
				   "    if d: e()\n"),
			       "(if (cmp (. (. (call (. op get_context)) "
			       "dialect) name) == 'postgresql') ((expr (call "
			       "a))) ((if b (pass) ((expr (call c)) (if d "
			       "((expr (call e))))))))");
}

static void test_pyparse_docstring(void)
{
	EQS(mod("# c\n\n'''doc\n\nmore'''\nx = 1\n"),
			       "(expr 'doc\\n\\nmore')\n(= x 1)\n"
			       "doc='doc\\n\\nmore'");
	EQS(mod("b'no'\n"), "(expr b'no')");
	EQS(mod("f'no'\n"), "(expr (f 'no'))");
	EQS(mod("x = 1\n'no'\n"), "(= x 1)\n(expr 'no')");
}

static void test_pyparse_unsupported(void)
{
	static const char *const cases[][2] = {
		{ "x = lambda: 1\n", "t.py:1:5: unsupported Python "
		  "construct: lambda" },
		{ "class A:\n    pass\n", "t.py:1:1: unsupported Python "
		  "construct: class definition" },
		{ "while x:\n    pass\n", "t.py:1:1: unsupported Python "
		  "construct: while loop" },
		{ "try:\n    pass\nexcept E:\n    pass\n", "t.py:1:1: "
		  "unsupported Python construct: try statement" },
		{ "x = [a for a in b]\n", "t.py:1:8: unsupported Python "
		  "construct: list comprehension" },
		{ "x = {a: 1 for a in b}\n", "t.py:1:11: unsupported Python "
		  "construct: dict comprehension" },
		{ "x = {a for a in b}\n", "t.py:1:8: unsupported Python "
		  "construct: set comprehension" },
		{ "f(a for a in b)\n", "t.py:1:5: unsupported Python "
		  "construct: generator expression" },
		{ "x = (a for a in b)\n", "t.py:1:8: unsupported Python "
		  "construct: generator expression" },
		{ "global x\n", "t.py:1:1: unsupported Python construct: "
		  "global statement" },
		{ "del x\n", "t.py:1:1: unsupported Python construct: del "
		  "statement" },
		{ "assert x\n", "t.py:1:1: unsupported Python construct: "
		  "assert statement" },
		{ "if (n := 1):\n    pass\n", "t.py:1:7: unsupported Python "
		  "construct: assignment expression" },
		{ "def f():\n    yield 1\n", "t.py:2:5: unsupported Python "
		  "construct: yield expression" },
		{ "async def f():\n    pass\n", "t.py:1:1: unsupported "
		  "Python construct: async statement" },
		{ "x = await y\n", "t.py:1:5: unsupported Python construct: "
		  "await expression" },
		{ "@d\nclass A: pass\n", "t.py:2:1: unsupported Python "
		  "construct: class definition" },
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++)
		EQS(mod(cases[i][0]), cases[i][1]);
}

static void test_pyparse_syntax_errors(void)
{
	static const char *const cases[][2] = {
		{ "x = (1, 2\ny = 3\n", "t.py:2:1: invalid syntax: expected "
		  "')', found 'y'" },
		{ "x = \n", "t.py:1:5: invalid syntax: expected an "
		  "expression, found end of line" },
		{ "x = 1 2\n", "t.py:1:7: invalid syntax: expected end of "
		  "line, found '2'" },
		{ "def f(:\n", "t.py:1:7: invalid syntax: expected a "
		  "parameter name, found ':'" },
		{ "def f()\n    pass\n", "t.py:1:8: invalid syntax: expected "
		  "':', found end of line" },
		{ "if x:\npass\n", "t.py:2:1: invalid syntax: expected an "
		  "indented block, found 'pass'" },
		{ "x = 1\n    y = 2\n", "t.py:2:5: unexpected indent "
		  "(expected a statement at the enclosing block's "
		  "indentation)" },
		{ "f() = 1\n", "t.py:1:1: cannot assign to function call "
		  "(expected a name, attribute, subscript or tuple of them)" },
		{ "f(a=1, b)\n", "t.py:1:8: positional argument follows "
		  "keyword argument (expected name=value)" },
		{ "def f(a=1, b): pass\n", "t.py:1:12: non-default argument "
		  "follows default argument (expected name=default)" },
		{ "else:\n    pass\n", "t.py:1:1: invalid syntax: expected a "
		  "statement, found 'else'" },
		{ "x = a if b\n", "t.py:1:11: invalid syntax: expected 'else' "
		  "in the conditional expression, found end of line" },
		{ "import\n", "t.py:1:7: invalid syntax: expected a module "
		  "name, found end of line" },
		{ "from x import\n", "t.py:1:14: invalid syntax: expected a "
		  "name to import, found end of line" },
		{ "x.1\n", "t.py:1:2: invalid syntax: expected end of line, "
		  "found '.1'" },
		{ "x = if\n", "t.py:1:5: invalid syntax: expected an "
		  "expression, found 'if'" },
		{ "(a, b): int = 1\n", "t.py:1:1: only single target (not "
		  "tuple) can be annotated" },
		{ "x = 'a\n", "t.py:1:5: unterminated string literal "
		  "(expected closing ' before the end of the line)" },
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++)
		EQS(mod(cases[i][0]), cases[i][1]);
}

static const char *hdr(const char *src);

/* prefix, n times rep, then suffix (malloc'd). */
static char *repeat(const char *prefix, size_t n, const char *rep,
		    const char *suffix)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i;

	rt_buf_adds(&b, prefix);
	for (i = 0; i < n; i++)
		rt_buf_adds(&b, rep);
	rt_buf_adds(&b, suffix);
	return rt_buf_detach(&b, NULL);
}

/* mod() of repeat()'s text. */
static const char *mod_rep(const char *prefix, size_t n, const char *rep,
			   const char *suffix)
{
	char *src = repeat(prefix, n, rep, suffix);

	mod(src);
	free(src);
	return out;
}

#define TOO_DEEP "too deeply nested expression (expected at most 200 " \
	"levels)"
#define TOO_LONG "too deeply nested expression (expected at most 1000 " \
	"levels of operators, calls, subscripts and attributes)"

/*
 * Nesting is bounded (200 brackets or nested expressions, as CPython's
 * tokenizer), and so are chains, whose trees are as deep as they are
 * long (1000 levels): everything after the parser recurses on the
 * tree.  A million open brackets fail at the 201st.
 */
static void test_pyparse_depth(void)
{
	char *src, *close = repeat("1", 199, ")", "\n");

	EQS(mod_rep("x = ", 199, "(", close), "(= x 1)");
	free(close);
	EQS(mod_rep("x = ", 1000000, "(", "1\n"), "t.py:1:205: " TOO_DEEP);
	EQS(mod_rep("x = ", 1000000, "[", "\n"), "t.py:1:205: " TOO_DEEP);
	EQS(mod_rep("x = ", 300, "- ", "1\n"), "t.py:1:403: " TOO_DEEP);
	/* 1000 terms pass, the 1000th operator fails */
	src = repeat("x = a", 999, " + a", "\n");
	CU_ASSERT_NSTRING_EQUAL(mod(src), "(= x (+ (+ (+ (+ ", 17);
	free(src);
	EQS(mod_rep("x = a", 100000, "+a", "\n"), "t.py:1:2004: " TOO_LONG);
	EQS(mod_rep("x = 2", 100000, "**2", "\n"), "t.py:1:3003: " TOO_LONG);
	EQS(mod_rep("x = a", 100000, ".a", "\n"), "t.py:1:2004: " TOO_LONG);
	EQS(mod_rep("x = f", 100000, "()", "\n"), "t.py:1:2004: " TOO_LONG);
	EQS(mod_rep("x = a", 100000, "[0]", "\n"), "t.py:1:3003: "
	    TOO_LONG);
	/* nesting and chains add up */
	EQS(mod_rep("x = ((((a", 998, ".a", "))))\n"), "t.py:1:2000: "
	    TOO_LONG);
	/* the header reader too */
	src = repeat("revision = 'a'\ndown_revision = ", 1000000, "(",
		     "None\n");
	EQS(hdr(src), "t.py:2:217: " TOO_DEEP);
	free(src);
	src = repeat("revision = 'a'\ndown_revision = a", 100000, ".a",
		     "\n");
	EQS(hdr(src), "t.py:2:2016: " TOO_LONG);
	free(src);
}

/* Header mode: "name=value ..." lines, doc, or the error text. */
static const char *hdr(const char *src)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_arena *a = arena_new();
	struct rt_buf b = RT_BUF_INIT;
	struct py_header h;
	int i;

	if (pyparse_header(&h, a, "t.py", src, strlen(src), &err) < 0) {
		CU_ASSERT_EQUAL(err.code, RT_ESYNTAX);
		rt_err_str(&err, out, sizeof(out));
	} else {
		for (i = 0; i < PYH__COUNT; i++) {
			if (!h.value[i])
				continue;
			if (b.len)
				rt_buf_addch(&b, ' ');
			rt_buf_addf(&b, "%s=", pyparse_header_names[i]);
			dump(&b, h.value[i]);
		}
		if (h.doc) {
			rt_buf_adds(&b, " doc=");
			dump_str(&b, h.doc, h.doclen);
		}
		snprintf(out, sizeof(out), "%s", b.buf);
	}
	rt_buf_release(&b);
	arena_free(a);
	return out;
}

static void test_pyparse_header_forms(void)
{
	EQS(hdr("revision = 'a1'\ndown_revision = None\n"
				   "branch_labels = ('x',)\n"
				   "depends_on = []\n"),
			       "revision='a1' down_revision=None "
			       "branch_labels=(tuple 'x') depends_on=(list)");
	EQS(hdr("revision: str = \"a1\"\n"
				   "down_revision: Union[str, Sequence[str], "
				   "None] = \"abc\"\n"
				   "branch_labels: 'Optional[str]' = None\n"
				   "depends_on: Union[str, Sequence[str], None]"
				   " = ['x', 'y']\n"),
			       "revision='a1' down_revision='abc' "
			       "branch_labels=None depends_on=(list 'x' 'y')");
	EQS(hdr("revision = ('ab' \"cd\"\n    r'ef')\n"
				   "down_revision = u'x', 'y'\n"),
			       "revision='abcdef' down_revision=(tuple 'x' "
			       "'y')");
	/* Later assignments win (rule 3.1); other names are ignored. */
	EQS(hdr("revision = 'a'\nrevision = 'b'\n"
				   "down_revision = 'c'; x = f(1)\n"
				   "sa = 1\nrevision = down_revision = 'd'\n"),
			       "revision='d' down_revision='d'");
	EQS(hdr("revision: str\nrevision = ''\n"),
			       "revision=''");
}

static void test_pyparse_header_skips(void)
{
	/* Function bodies are never parsed: anything Python goes. */
	EQS(hdr("\"\"\"msg\n\nRevision ID: a\n\"\"\"\n"
				   "from alembic import op\n"
				   "import sqlalchemy as sa\n"
				   "revision = 'a'\ndown_revision = None\n\n"
				   "def upgrade():\n"
				   "    x = [i for i in range(3)]\n"
				   "    revision = 'zz'\n"
				   "    try:\n        y = lambda: 1\n"
				   "    except Exception:\n        pass\n"
				   "    class A: revision = 1\n\n"
				   "async def downgrade() -> None:\n"
				   "    await g()\n"
				   "@decorator(1)\nclass B:\n"
				   "    down_revision = 'no'\n"),
			       "revision='a' down_revision=None "
			       "doc='msg\\n\\nRevision ID: a\\n'");
	/* Top-level statements outside the subset are skipped. */
	EQS(hdr("revision = 'a'\nx = lambda: 1\n"
				   "del x\nassert True\nglobal q\n"
				   "y = [i for i in z]; x = 1\n"
				   "while False:\n    pass\n"
				   "match x:\n    case 1:\n        pass\n"
				   "if x:\n    pass\nelif y:\n    pass\n"
				   "else:\n    pass\n"
				   "try:\n    import foo\nexcept ImportError:\n"
				   "    foo = None\nfinally:\n    pass\n"),
			       "revision='a'");
	EQS(hdr("def f(): return 1\nrevision = 'a'\n"),
			       "revision='a'");
}

static void test_pyparse_header_errors(void)
{
	static const char *const cases[][2] = {
		{ "revision = None\n", "t.py:1:12: revision must be a string" },
		{ "revision = ('a',)\n", "t.py:1:12: revision must be a "
		  "string" },
		{ "down_revision = make_id()\n", "t.py:1:17: down_revision "
		  "must be a string, a tuple or list of strings, or None" },
		{ "down_revision = ('a', None)\n", "t.py:1:23: down_revision "
		  "must be a string, a tuple or list of strings, or None" },
		{ "branch_labels = f'x{y}'\n", "t.py:1:17: branch_labels must "
		  "be a string, a tuple or list of strings, or None" },
		{ "depends_on = b'x'\n", "t.py:1:14: depends_on must be a "
		  "string, a tuple or list of strings, or None" },
		{ "depends_on = 'a' if x else 'b'\n", "t.py:1:14: depends_on "
		  "must be a string, a tuple or list of strings, or None" },
		{ "down_revision: str = 1\n", "t.py:1:22: down_revision must "
		  "be a string, a tuple or list of strings, or None" },
		{ "down_revision = [x for x in y]\n", "t.py:1:20: "
		  "down_revision must be a string, a tuple or list of "
		  "strings, or None (found list comprehension)" },
		{ "revision = lambda: 'a'\n", "t.py:1:12: revision must be a "
		  "string (found lambda)" },
		{ "revision, down_revision = 'a', None\n", "t.py:1:1: "
		  "revision must be assigned on its own (expected `revision "
		  "= <literal>`, not tuple unpacking)" },
		{ "revision += 'a'\n", "t.py:1:1: revision must be assigned "
		  "a literal (expected `revision = <literal>`, not augmented "
		  "assignment)" },
		{ "from ids import revision\n", "t.py:1:17: revision must be "
		  "assigned a literal, not imported" },
		{ "import x as depends_on\n", "t.py:1:8: depends_on must be "
		  "assigned a literal, not imported" },
		{ "if x:\n    revision = 'a'\n", "t.py:2:5: revision must be "
		  "assigned at the top level of the module (expected "
		  "`revision = <literal>` outside any block)" },
		{ "try: down_revision = 'a'\nexcept: pass\n", "t.py:1:6: "
		  "down_revision must be assigned at the top level of the "
		  "module (expected `down_revision = <literal>` outside any "
		  "block)" },
		{ "x = lambda: 1; revision = 'a'\n", "t.py:1:16: revision "
		  "must be assigned at the top level of the module (expected "
		  "`revision = <literal>` outside any block)" },
		{ "revision = 'a\n", "t.py:1:12: unterminated string literal "
		  "(expected closing ' before the end of the line)" },
		{ "def f():\n    x = '''\n", "t.py:2:9: unterminated "
		  "triple-quoted string literal (expected closing ''')" },
		{ "revision = (\n", "t.py:1:12: '(' was never closed "
		  "(expected ')' before the end of the file)" },
		{ "revision = 'a' 'b' x\n", "t.py:1:20: invalid syntax: "
		  "expected end of line, found 'x'" },
		{ "  revision = 'a'\n", "t.py:1:3: unexpected indent "
		  "(expected a statement at column 1)" },
		{ "revision = '\\N{DASH}'\n", "t.py:1:13: unsupported escape "
		  "\\N{...} (expected the character itself or a \\u "
		  "escape)" },
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++)
		EQS(hdr(cases[i][0]), cases[i][1]);
}

/* Spec rule 3.8's docstring table, as the header reader sees it. */
static void test_pyparse_header_docstring(void)
{
	EQS(hdr("\"\"\"create account\n\nRevision ID: "
				   "x\n\"\"\"\n"),
			       " doc='create account\\n\\nRevision ID: x\\n'");
	EQS(hdr("import os\n\"\"\"not doc\"\"\"\n"), "");
	EQS(hdr("b\"\"\"bytes\"\"\"\n"), "");
	EQS(hdr("r'''raw single quoted'''\n"),
			       " doc='raw single quoted'");
	EQS(hdr("\"implicit \" \"concat\"\n"),
			       " doc='implicit concat'");
	EQS(hdr("# c\n\n'doc'; revision = 'a'\n"),
			       "revision='a' doc='doc'");
	EQS(hdr("'a'.strip()\n"), "");
	EQS(hdr("f'x'\n"), "");
	EQS(hdr("def f(): pass\n'x'\n"), "");
}

/*
 * The common header lines are read straight from the tokens (pyheader.c
 * fast_line); anything around them goes to the statement parser, with
 * the same values and errors.
 */
static void test_pyparse_header_fast(void)
{
	EQS(hdr("'doc'  # c\nfrom alembic import op\nimport sqlalchemy as sa\n"
		"revision = 'a\\x41'  # c\ndown_revision = u'b'\n"
		"branch_labels = r'\\d'\ndepends_on = None\n"),
	    "revision='aA' down_revision='b' branch_labels='\\\\d' "
	    "depends_on=None doc='doc'");
	EQS(hdr("revision = 'a'\ndown_revision = 'b' 'c'\n"),
	    "revision='a' down_revision='bc'");
	EQS(hdr("revision = 'a'\ndown_revision = None.x\n"),
	    "t.py:2:17: down_revision must be a string, a tuple or list of "
	    "strings, or None");
	EQS(hdr("revision = 'a'\ndown_revision = b'x'\n"),
	    "t.py:2:17: down_revision must be a string, a tuple or list of "
	    "strings, or None");
	EQS(hdr("import os.path as revision\n"), "t.py:1:8: revision must be "
	    "assigned a literal, not imported");
	EQS(hdr("from . import depends_on\n"), "t.py:1:15: depends_on must be "
	    "assigned a literal, not imported");
	EQS(hdr("from x import (depends_on)\n"), "t.py:1:16: depends_on must "
	    "be assigned a literal, not imported");
	EQS(hdr("import if\n"), "");
	EQS(hdr("revision = 'a'\nNone = 'b'\n"), "revision='a'");
	EQS(hdr("revision = 'a' \\\n\n"), "revision='a'");
}

/* Function bodies are skipped without tokens, yet lexical errors in
 * them are reported as the tokenizer finds them. */
static void test_pyparse_header_body_errors(void)
{
	EQS(hdr("revision = 'a'\ndef f():\n    x = 1 $ 2\n"),
	    "t.py:3:11: invalid character '$' (expected a Python token)");
	EQS(hdr("def f():\n\tif x:\n        y = 1\n"),
	    "t.py:3:9: inconsistent use of tabs and spaces in indentation");
	EQS(hdr("def f():\n    if x:\n        y = 1\n      z = 2\n"),
	    "t.py:4:7: unindent does not match any outer indentation level "
	    "(expected a column of 5)");
	EQS(hdr("def f():\n    x = (1,\n         2]\n"),
	    "t.py:3:11: closing parenthesis ']' does not match opening "
	    "parenthesis '(' (expected ')')");
	EQS(hdr("class A:\n    x = 0777\n"),
	    "t.py:2:9: leading zeros in decimal integer literals are not "
	    "permitted; use an 0o prefix for octal integers");
	EQS(hdr("@d\ndef f():\n    return '\n"),
	    "t.py:3:12: unterminated string literal (expected closing ' "
	    "before the end of the line)");
}

/* pyparse_check() of src as "t.py": "" or the error. */
static const char *check(const char *src)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_arena *a = arena_new();

	out[0] = '\0';
	if (pyparse_check(a, "t.py", src, strlen(src), &err) < 0)
		rt_err_str(&err, out, sizeof(out));
	arena_free(a);
	return out;
}

/*
 * Python 3.11 beyond the subset is valid to the check: what Alembic
 * imports, retort must not reject.
 */
static void test_pyparse_check_valid(void)
{
	static const char *const ok[] = {
		"\"\"\"doc\"\"\"\nfrom __future__ import annotations\n"
		"from __future__ import (division,)\nimport os\n",
		"class A(B, metaclass=M):\n    x: int = 1\n"
		"    def f(self, a, /, b=1, *args: int, c, d=2, **kw) -> 'A':"
		"\n        return [i for i in a if i if not i]\n",
		"while x:\n    break\nelse:\n    pass\n",
		"try:\n    pass\nexcept (A, B) as e:\n    raise X from e\n"
		"else:\n    pass\nfinally:\n    pass\n",
		"try:\n    pass\nexcept* ValueError:\n    pass\n",
		"async def f():\n    async with a as b, c:\n"
		"        async for x in y:\n            await z\n"
		"    return [x async for x in y]\n",
		"def f():\n    x = yield\n    y = yield from z\n"
		"    t = (yield)\n    a: int = yield 1\n    return *a, b\n",
		"def f(): return (await x for x in y)\n",
		"x = (await x for x in y)\n",
		"f = lambda a, /, b=1, *c, d, **e: (yield)\n",
		"x = {**a, 'b': 1}; y = {*a, b}; z = {k: v for k, v in d}\n",
		"x = a[1:2, ::3, ...]; y = a[*b]; z = a[w := 1]\n",
		"if (n := len(a)) > 10:\n    print(n, *a, sep='', **k)\n",
		"a, *b = c; [d, (e, *f)] = g; () = []; h.i[0] = j\n",
		"del a, b.c, d[0], (e, f), [g]\n",
		"global a\ndef f():\n    b = 1\n    def g():\n"
		"        nonlocal b\n",
		"with (open(a) as f, open(b) as g,):\n    pass\n",
		"with (a, b) as c:\n    pass\n",
		"match x:\n    case [1, *_] | (2, 3):\n        pass\n"
		"    case {'k': v, **kw} if v:\n        pass\n"
		"    case Point(x=0, y=_) as p:\n        pass\n"
		"    case -1+2j | a.b | None:\n        pass\n",
		"match = 1\nmatch(x)\ncase = match.y\n",
		"x = f\"{a!r:>{w}} {b=} {c = !s} {'#'} {d:%Y} {{}} \\N{EM DASH}\"\n",
		"x = rb'\\u' + b'\\x00' + '\\u00e9\\U0010FFFF\\N{BULLET}'\n",
		"@property\n@a.b(c)[0]\nasync def f():\n    pass\n",
		"x = 1 if a else lambda: 2\n",
		"if a:\n    pass\n\\\n    # a continued blank\n",
		"for x in y:\n    try:\n        pass\n    finally:\n"
		"        continue\n",
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(ok); i++) {
		if (*check(ok[i]))
			fprintf(stderr, "\n%s\n", ok[i]);
		EQS(out, "");
	}
}

/* Syntax errors Python reports when it compiles the module. */
static void test_pyparse_check_errors(void)
{
	static const char *const cases[][2] = {
		{ "def upgrade(:)\n    pass\n", "1:13: invalid syntax: "
		  "expected a parameter name, found ':'" },
		{ "def upgrade():\n    x = = 1\n", "2:9: invalid syntax: "
		  "expected an expression, found '='" },
		{ "revision = 'a'\nprint 'x'\n", "2:7: invalid syntax: "
		  "expected the end of the statement, found ''x''" },
		{ "def upgrade():\n    if True\n        pass\n", "2:12: "
		  "invalid syntax: expected ':', found end of line" },
		{ "return 1\n", "1:1: 'return' outside function" },
		{ "class A:\n    return 1\n", "2:5: 'return' outside "
		  "function" },
		{ "def f():\n    yield = 1\n", "2:5: assignment to yield "
		  "expression not possible" },
		{ "break\n", "1:1: 'break' outside loop" },
		{ "while x:\n    def f():\n        continue\n", "3:9: "
		  "'continue' not properly in loop" },
		{ "await x\n", "1:1: 'await' outside function" },
		{ "def f(): f(await x)\n", "1:12: 'await' outside async "
		  "function" },
		{ "def f(a, a): pass\n", "1:10: duplicate argument 'a' in "
		  "function definition" },
		{ "def f(a=1, b): pass\n", "1:12: non-default argument "
		  "follows default argument" },
		{ "def f(*, **kw): pass\n", "1:7: named arguments must "
		  "follow bare *" },
		{ "f(a=1, 2)\n", "1:8: positional argument follows keyword "
		  "argument" },
		{ "f(a=1, a=2)\n", "1:8: keyword argument repeated: a" },
		{ "f(x for x in y, 1)\n", "1:3: Generator expression must be "
		  "parenthesized" },
		{ "f() = 1\n", "1:1: cannot assign to this expression "
		  "(expected a name, an attribute, a subscript, or a tuple "
		  "or list of them)" },
		{ "a, b += 1\n", "1:1: illegal expression for augmented "
		  "assignment" },
		{ "(a, b): int\n", "1:1: only single target (not tuple) can "
		  "be annotated" },
		{ "*a = b\n", "1:1: starred assignment target must be in a "
		  "list or tuple" },
		{ "a, *b, *c = d\n", "1:1: multiple starred expressions in "
		  "assignment" },
		{ "del f()\n", "1:5: cannot delete this expression" },
		{ "x = *a\n", "1:5: can't use starred expression here" },
		{ "nonlocal x\n", "1:1: nonlocal declaration not allowed at "
		  "module level" },
		{ "def f(): from os import *\n", "1:10: import * only "
		  "allowed at module level" },
		{ "import os\nfrom __future__ import annotations\n", "2:1: "
		  "from __future__ imports must occur at the beginning of "
		  "the file" },
		{ "from __future__ import nope\n", "1:24: future feature "
		  "nope is not defined" },
		{ "x = '\\xz'\n", "1:6: (unicode error) truncated escape "
		  "(expected \\xXX, \\uXXXX or \\UXXXXXXXX)" },
		{ "x = b'\xc3\xa9'\n", "1:7: bytes can only contain ASCII "
		  "literal characters" },
		{ "x = 'a' b'b'\n", "1:9: cannot mix bytes and nonbytes "
		  "literals" },
		{ "x = f'{}'\n", "1:8: f-string: empty expression not "
		  "allowed" },
		{ "x = f'{x!z}'\n", "1:9: f-string: invalid conversion "
		  "character: expected 's', 'r', or 'a'" },
		{ "x = f'{a # c}'\n", "1:10: f-string expression part cannot "
		  "include '#'" },
		{ "x = f'{a +}'\n", "1:11: invalid syntax: expected an "
		  "expression, found end of file" },
		{ "try:\n    pass\n", "3:1: invalid syntax: expected 'except' "
		  "or 'finally', found end of file" },
		{ "try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n",
		  "5:1: default 'except:' must be last" },
		{ "def f():\n    x = [(yield) for y in z]\n", "2:18: 'yield' "
		  "inside list comprehension" },
		{ "def f():\n    return [x async for x in y]\n", "2:15: "
		  "asynchronous comprehension outside of an asynchronous "
		  "function" },
		{ "match x:\n    case [*a, *b]: pass\n", "2:15: multiple "
		  "starred names in sequence pattern" },
		{ "__debug__ = 1\n", "1:1: cannot assign to __debug__" },
		{ "x = 1 if 2\n", "1:11: invalid syntax: expected 'else' in "
		  "the conditional expression, found end of line" },
		{ "x = 1 \\\n", "1:7: unexpected end of file after line "
		  "continuation character" },
		{ "x = 1\n  \\\ny = 2\n", "3:1: unexpected indent (expected "
		  "a statement at the enclosing block's indentation)" },
	};
	char want[512];
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		snprintf(want, sizeof(want), "t.py:%s", cases[i][1]);
		EQS(check(cases[i][0]), want);
	}
}

/* Full parse of the realistic revision files in fixtures/revfiles. */
static const char *parse_fixture(const char *name, size_t *nstmts)
{
	struct rt_err err = RT_ERR_INIT;
	struct rt_arena *a = arena_new();
	char path[1024], buf[16384];
	struct py_module m;
	const char *src;
	size_t n, len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", UNIT_SRC("fixtures/revfiles"),
		 name);
	f = fopen(path, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	out[0] = '\0';
	*nstmts = 0;
	if (pylex_decode_source(&src, &len, a, name, buf, n, &err) < 0 ||
	    pyparse_module(&m, a, name, src, len, &err) < 0)
		rt_err_str(&err, out, sizeof(out));
	else
		*nstmts = m.body.n;
	arena_free(a);
	return out;
}

static void test_pyparse_fixtures(void)
{
	size_t n;

	EQS(parse_fixture("1975ea83b712_create_account_table.py", &n), "");
	CU_ASSERT_EQUAL(n, 9);
	EQS(parse_fixture("ae1027a6acf_add_email_typed.py", &n), "");
	CU_ASSERT_EQUAL(n, 11);
	EQS(parse_fixture("27c6a30d7c24_merge_heads.py", &n), "");
	EQS(parse_fixture("c0ffee_latin1_menu.py", &n), "");
	EQS(parse_fixture("0badc0de.py", &n), "");
	CU_ASSERT_EQUAL(n, 3);
	/* Arbitrary Python in a body: fine for headers, not for a full
	 * parse. */
	EQS(parse_fixture("3f0e1b2c4d5a_audit_branch.py", &n),
	    "3f0e1b2c4d5a_audit_branch.py:32:5: unsupported Python "
	    "construct: try statement");
}

/*
 * Offsets past 2 and 4 GiB (a comment of 4.5 GiB of NULs, not
 * allocated): tokens, names, string values and error locations after
 * it.
 */
static void test_pyparse_header_past_4gib(void)
{
	const size_t size = ((size_t)9 << 29);	/* 4.5 GiB */
	const char *head = "\"\"\"doc\"\"\"\ndown_revision = None\n"
			   "def upgrade():\n    #";
	struct rt_arena *a = arena_new();
	struct rt_err err = RT_ERR_INIT;
	struct py_header h;
	const char *src;
	size_t len;

	src = unit_bigtext(head, size, "\n    pass\nrevision = 'abc'\n"
			   "branch_labels = 'a\\nb'\n", &len);
	CU_ASSERT_EQUAL_FATAL(pyparse_header(&h, a, "big.py", src, len, &err),
			      0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h.value[PYH_REVISION]);
	EQS(h.value[PYH_REVISION]->s, "abc");
	CU_ASSERT_EQUAL(h.name_off[PYH_REVISION], size + 10);
	CU_ASSERT_EQUAL(h.value[PYH_REVISION]->off, size + 21);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h.value[PYH_BRANCH_LABELS]);
	EQS(h.value[PYH_BRANCH_LABELS]->s, "a\nb");
	EQS(h.doc, "doc");
	unit_bigtext_free(src, len);
	/* An error after it: its line and column. */
	src = unit_bigtext(head, size, "\n    pass\nrevision = = 1\n",
			   &len);
	CU_ASSERT_EQUAL(pyparse_header(&h, a, "big.py", src, len, &err),
			RT_ESYNTAX);
	EQS(rt_err_str(&err, out, sizeof(out)), "big.py:6:12: invalid "
	    "syntax: expected an expression, found '='");
	unit_bigtext_free(src, len);
	arena_free(a);
}

void unit_register(void)
{
	UNIT_SUITE("pyparse",
		   UNIT_TEST(test_pyparse_precedence),
		   UNIT_TEST(test_pyparse_trailers),
		   UNIT_TEST(test_pyparse_literals),
		   UNIT_TEST(test_pyparse_numbers),
		   UNIT_TEST(test_pyparse_fstrings),
		   UNIT_TEST(test_pyparse_statements),
		   UNIT_TEST(test_pyparse_blocks),
		   UNIT_TEST(test_pyparse_docstring),
		   UNIT_TEST(test_pyparse_unsupported),
		   UNIT_TEST(test_pyparse_syntax_errors),
		   UNIT_TEST(test_pyparse_depth),
		   UNIT_TEST(test_pyparse_header_forms),
		   UNIT_TEST(test_pyparse_header_skips),
		   UNIT_TEST(test_pyparse_header_errors),
		   UNIT_TEST(test_pyparse_header_docstring),
		   UNIT_TEST(test_pyparse_header_fast),
		   UNIT_TEST(test_pyparse_header_body_errors),
		   UNIT_TEST(test_pyparse_header_past_4gib),
		   UNIT_TEST(test_pyparse_check_valid),
		   UNIT_TEST(test_pyparse_check_errors),
		   UNIT_TEST(test_pyparse_fixtures));
}
