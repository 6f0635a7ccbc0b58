/*
 * pyparse.h: a recursive-descent parser for the Python subset of
 * revision files, producing an arena AST (the base of the op-script
 * interpreter), and the header mode that history/heads use (spec §3).
 */
#ifndef PYPARSE_H
#define PYPARSE_H

#include "pylex.h"

enum py_kind {
	/* expressions */
	PYN_NAME,	/* s: identifier */
	PYN_STR,	/* s/slen: decoded UTF-8 value */
	PYN_BYTES,	/* s/slen: the bytes */
	PYN_INT,	/* s: digits without '_' (with 0x.. prefix); ival,
			 * and op = 1 if it did not fit in int64_t */
	PYN_FLOAT,	/* s: text without '_'; fval */
	PYN_IMAG,	/* s: text including the 'j'; fval: the imag part */
	PYN_TRUE, PYN_FALSE, PYN_NONE, PYN_ELLIPSIS,
	PYN_FSTRING,	/* kids: PYN_STR literal parts and PYN_FIELDs in
			 * order; s/slen: the raw source text of all the
			 * adjacent literals */
	PYN_FIELD,	/* a: the expression; op: conversion 'r', 's', 'a'
			 * or 0; b: format spec (PYN_FSTRING) or NULL;
			 * s/slen: the expression's source text */
	PYN_ATTR,	/* a.s */
	PYN_CALL,	/* a(kids..., kids2...): kids positional (may hold
			 * PYN_STARRED), kids2 PYN_KEYWORDs */
	PYN_KEYWORD,	/* s=a, or **a when s is NULL */
	PYN_STARRED,	/* *a */
	PYN_SUBSCRIPT,	/* a[b] */
	PYN_SLICE,	/* a:b:c, each may be NULL */
	PYN_TUPLE,	/* kids */
	PYN_LIST,	/* kids */
	PYN_SET,	/* kids */
	PYN_DICT,	/* kids: keys (NULL for **value), kids2: values */
	PYN_UNARY,	/* op a: op is PYO_MINUS, PYO_PLUS, PYO_TILDE or
			 * PYN_NOT_OP */
	PYN_BINOP,	/* a op b (op: PYO_PLUS, PYO_PERCENT, ...) */
	PYN_BOOLOP,	/* kids joined by op (PY_AND_OP / PY_OR_OP) */
	PYN_COMPARE,	/* a ops[0] kids[0] ops[1] kids[1] ... */
	PYN_IFEXP,	/* b if a else c */

	/* statements */
	PYN_EXPR_STMT,	/* a */
	PYN_ASSIGN,	/* kids = ... = a (kids: targets) */
	PYN_ANNASSIGN,	/* a: b = c (c may be NULL) */
	PYN_AUGASSIGN,	/* a op= b (op: PYO_PLUSEQ ...) */
	PYN_IMPORT,	/* import kids (PYN_ALIAS) */
	PYN_FROM,	/* from s import kids; op: the number of dots */
	PYN_ALIAS,	/* s as s2 (s2 may be NULL; s "*" for star) */
	PYN_DEF,	/* def s(kids) -> a: kids2; kids3: decorators */
	PYN_PARAM,	/* s: a = b; op: PYP_* */
	PYN_WITH,	/* with kids (PYN_WITHITEM): kids2 */
	PYN_WITHITEM,	/* a as b (b may be NULL) */
	PYN_FOR,	/* for a in b: kids2 else: kids3 */
	PYN_IF,		/* if a: kids2 else: kids3 (elif: a PYN_IF there) */
	PYN_PASS, PYN_BREAK, PYN_CONTINUE,
	PYN_RETURN,	/* return a (may be NULL) */
	PYN_RAISE,	/* raise a from b (both may be NULL) */
};

/* Operators that are keywords (stored in op next to enum py_op). */
enum {
	PY_NOT_OP = PYO__COUNT + 1,
	PY_AND_OP, PY_OR_OP,
	PY_IN_OP, PY_NOTIN_OP, PY_IS_OP, PY_ISNOT_OP,
};

/* PYN_PARAM kinds. */
enum {
	PYP_NORMAL, PYP_STAR_ARGS, PYP_KWARGS, PYP_STAR, PYP_SLASH,
};

struct py_node;

struct py_list {
	struct py_node **v;
	size_t n;
};

struct py_node {
	enum py_kind kind;
	size_t off;			/* byte offset in the source */
	int op;
	const char *s, *s2;		/* arena, NUL-terminated */
	size_t slen;
	int64_t ival;
	double fval;
	struct py_node *a, *b, *c;
	struct py_list kids, kids2, kids3;
	int *ops;			/* PYN_COMPARE: kids.n operators */
};

struct py_module {
	const char *file;
	const char *src;		/* decoded (UTF-8, LF) */
	size_t len;
	struct py_list body;
	/* Module docstring (spec rule 3.8): the value, or NULL. */
	const char *doc;
	size_t doclen;
};

/*
 * Parse a whole module (src must come from pylex_decode_source).  A
 * construct outside the subset is RT_ESYNTAX "unsupported Python
 * construct: <what>", bad syntax RT_ESYNTAX "... (expected ...)", both at
 * file:line:col.  The AST lives in a; file and src are borrowed.
 */
int pyparse_module(struct py_module *out, struct rt_arena *a,
		   const char *file, const char *src, size_t len,
		   struct rt_err *err);

/* Parse a single expression (used for f-string fields and tests). */
int pyparse_expr(struct py_node **out, struct rt_arena *a,
		 const char *file, const char *src, size_t start, size_t end,
		 struct rt_err *err);

/* The header names of spec rule 3.1, in this order. */
enum py_header_name {
	PYH_REVISION, PYH_DOWN_REVISION, PYH_BRANCH_LABELS, PYH_DEPENDS_ON,
	PYH__COUNT
};

extern const char *const pyparse_header_names[PYH__COUNT];

struct py_header {
	/*
	 * The last value assigned to each name (rule 3.1), already checked
	 * to be a rule 3.2 literal: PYN_NONE, PYN_STR, or PYN_TUPLE /
	 * PYN_LIST of PYN_STR.  NULL when never assigned.
	 */
	struct py_node *value[PYH__COUNT];
	size_t name_off[PYH__COUNT];	/* offset of the assigned name */
	const char *doc;		/* docstring value, or NULL */
	size_t doclen;
};

/*
 * Header mode: read only the module's top-level statements.  Bodies of
 * compound statements are skipped by tokens; top-level statements
 * outside the subset are skipped unless they bind a header name.  A
 * header name bound to anything but a rule 3.2 literal is RT_ESYNTAX at
 * its file:line:col, e.g. "down_revision must be a string, a tuple or
 * list of strings, or None"; lexical errors anywhere are RT_ESYNTAX.
 */
int pyparse_header(struct py_header *out, struct rt_arena *a,
		   const char *file, const char *src, size_t len,
		   struct rt_err *err);

/*
 * Check that the whole module src (from pylex_decode_source) is valid
 * Python 3.11, the language Alembic imports it in, beyond the subset:
 * the full grammar (classes, while, try, comprehensions, lambda, match,
 * async, ...) and the compiler's simple checks (return, yield, await,
 * break and continue where they may stand; assignment and deletion
 * targets; parameters; call arguments; string escapes; f-string fields;
 * __future__ imports at the start).  Builds nothing: a is for scratch.
 * Errors: RT_ESYNTAX at file:line:col (lexical ones as pylex's).
 */
int pyparse_check(struct rt_arena *a, const char *file, const char *src,
		  size_t len, struct rt_err *err);

/* A short name of a node kind for messages ("call", "name", ...). */
const char *pyparse_kind_name(enum py_kind k);

#endif
