/*
 * pyparse_int.h: internals shared by the parser's files: the parser
 * state and token cursor (pyparse.c), expressions (pyexpr.c), string
 * literals and f-strings (pystring.c), statements (pystmt.c), the
 * header mode (pyheader.c) and the full-grammar check (pycheck.c).  Not
 * for use outside those files.
 */
#ifndef PYPARSE_INT_H
#define PYPARSE_INT_H

#include "pyparse.h"

/* Brackets and nested expressions: CPython's tokenizer refuses a 201st
 * open bracket ("too many nested parentheses"). */
#define PY_MAXDEPTH 200
/* The height of an expression tree: nesting plus chains (a + b + ...,
 * a.b.c, f()(), x[0][0], 2 ** 2 ** ...), which build trees as deep as
 * they are long and which everything after the parser walks
 * recursively. */
#define PY_MAXHEIGHT 1000

struct parser {
	struct pylex lx;
	struct rt_arena *a;
	struct rt_err *err;
	struct py_token tok;		/* current significant token */
	struct py_token peek;
	bool has_peek;
	bool unsupported;		/* the error is "unsupported" */
	bool lexerr;			/* the error is lexical */
	int depth;			/* pp_enter() levels: PY_MAXDEPTH */
	int height;			/* those plus chain links */
};

/* A list being built in the arena (doubling, old blocks abandoned). */
struct nodevec {
	struct py_list l;
	size_t alloc;
};

#define NODEVEC_INIT { { NULL, 0 }, 0 }

/* ---- the parser and its token cursor (pyparse.c) ---- */

/*
 * Set up p over a whole module (src from pylex_decode_source) or over
 * src[start, end) as one expression, and read the first token.  a, file,
 * src and err are borrowed.  Returns 0 or the lexer's RT_ESYNTAX.
 */
int pp_start(struct parser *p, struct rt_arena *a, const char *file,
	     const char *src, size_t len, struct rt_err *err);
int pp_start_expr(struct parser *p, struct rt_arena *a, const char *file,
		  const char *src, size_t start, size_t end,
		  struct rt_err *err);

/* Move to the next significant token (not a comment or NL). */
int pp_advance(struct parser *p);
/* The token after the current one, without moving (*out: borrowed). */
int pp_peek(struct parser *p, struct py_token **out);

static inline bool pp_is_op(const struct parser *p, enum py_op op)
{
	return p->tok.type == PY_OP && p->tok.op == op;
}

/* Whether t is the name kw (keywords are names to the lexer). */
static inline bool pp_tok_is_kw(const struct parser *p,
				const struct py_token *t, const char *kw)
{
	size_t n;

	/* The first byte rules out most keywords without a strlen(). */
	if (t->type != PY_NAME || p->lx.src[t->off] != kw[0])
		return false;
	n = strlen(kw);
	return t->len == n && !memcmp(p->lx.src + t->off, kw, n);
}

static inline bool pp_is_kw(const struct parser *p, const char *kw)
{
	return pp_tok_is_kw(p, &p->tok, kw);
}

/* Whether t is one of Python's reserved words. */
bool pp_is_keyword(const struct parser *p, const struct py_token *t);
/* The text of t (arena, NUL-terminated). */
const char *pp_tok_str(struct parser *p, const struct py_token *t);

/* A new zeroed node in the arena. */
struct py_node *pp_node(struct parser *p, enum py_kind kind, size_t off);
/* Append n to v (arena). */
void pp_push(struct parser *p, struct nodevec *v, struct py_node *n);

/*
 * Errors: each sets p->err (the first error wins) at the file:line:col
 * of the byte offset off or of the current token, and returns
 * RT_ESYNTAX.  pp_unsupported: "unsupported Python construct: <what>",
 * and marks p->unsupported.  pp_expected: "invalid syntax: expected
 * <what>, found <token>" (or "unexpected indent (expected <what>)").
 */
int pp_err(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int pp_unsupported(struct parser *p, size_t off, const char *what);
int pp_expected(struct parser *p, const char *what);
/* Consume the operator op, else pp_expected("'op'"). */
int pp_expect_op(struct parser *p, enum py_op op);
/* Descend one level: "too deeply nested expression" past PY_MAXDEPTH
 * (or PY_MAXHEIGHT); pp_leave() climbs back. */
int pp_enter(struct parser *p);
void pp_leave(struct parser *p);
/* One more link of a chain that makes the tree one level deeper: the
 * PY_MAXHEIGHT error past it.  The chain's end takes its links off
 * p->height. */
int pp_link(struct parser *p);

/*
 * item (',' item)* [','] close: calls item(p, payload) while the
 * current token is not close, then consumes close (pp_expect_op).
 */
int pp_items(struct parser *p, enum py_op close,
	     int (*item)(struct parser *p, void *payload), void *payload);

/* ---- expressions (pyexpr.c) ---- */

/* test: or_test ['if' or_test 'else' test] */
int pp_test(struct parser *p, struct py_node **out);
/* An atom and its trailers (calls, attributes, subscripts). */
int pp_primary(struct parser *p, struct py_node **out);
/*
 * Comma-separated, possibly starred expressions, a PYN_TUPLE when there
 * is a comma.  for_targets: the targets of a for loop, or-expressions
 * (no comparisons) that "in" ends.
 */
int pp_exprlist(struct parser *p, struct py_node **out, bool for_targets);
/*
 * p, just started over an expression range at byte start, must hold
 * exactly one expression list: none is "f-string: empty expression not
 * allowed", anything after it "expected the end of the expression".
 */
int pp_expr_range(struct parser *p, struct py_node **out, size_t start);

/* ---- string literals and f-strings (pystring.c) ---- */

/* Adjacent STRING tokens: a PYN_STR/PYN_BYTES constant or PYN_FSTRING. */
int pp_strings(struct parser *p, struct py_node **out);
/*
 * The end of the expression of an f-string field that starts at s[i]
 * (after its '{'), at bracket depth 0: the '}', '!', ':' or the '=' of
 * {expr=}; end when there is none.
 */
size_t pp_field_expr_end(const char *s, size_t i, size_t end);

/* ---- statements (pystmt.c) ---- */

/* small (';' small)* [';'] NEWLINE, appended to v. */
int pp_simple_stmts(struct parser *p, struct nodevec *v);
/* Rule 3.8: the docstring if first is a str constant statement. */
void pp_docstring(const struct py_node *first, const char **doc,
		  size_t *len);

#endif
