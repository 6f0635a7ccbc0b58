/*
 * pyinterp_int.h: what the interpreter's files share: evaluated values,
 * name bindings, the run state, and argument binding (pyinterp.c
 * statements, pyival.c values, pyiop.c op.* calls, pyisa.c sa.*).
 */
#ifndef PYINTERP_INT_H
#define PYINTERP_INT_H

#include "pyinterp.h"
#include "config/alembicver.h"
#include "base/buf.h"
#include "base/srcmap.h"
#include "base/strmap.h"

enum pyv_kind {
	PV_NONE,
	PV_BOOL,
	PV_INT,
	PV_FLOAT,	/* s: Python's repr() */
	PV_STR,
	PV_TEXT,	/* sa.text(s) */
	PV_LIST,
	PV_TUPLE,
	PV_DICT,	/* keys/v */
	PV_TYPE,	/* u.type: an instance */
	PV_TYPECLS,	/* u.spec: the class itself (sa.Integer) */
	PV_COLUMN,	/* u.col: sa.Column() */
	PV_SACOL,	/* u.col: sa.column() */
	PV_FK,		/* u.fk: sa.ForeignKey() */
	PV_CONS,	/* u.cons: a constraint */
	PV_INDEX,	/* u.ix: sa.Index() */
	PV_TABLE,	/* u.tab: sa.table() */
	PV_CONTEXT,	/* op.get_context() */
	PV_BIND,	/* op.get_bind() */
	PV_DIALECT,	/* <context or bind>.dialect, <bind>.engine */
	PV_SQLEXPR,	/* u.def: sa.func.<name>(), sa.true(), sa.false() */
	PV_IDENTITY,	/* u.ident: sa.Identity() */
};

struct pyval {
	enum pyv_kind kind;
	size_t off;			/* where it was written */
	bool b;
	long long i;
	const char *s;			/* STR, TEXT, FLOAT */
	size_t slen;
	struct pyval **v, **keys;	/* LIST, TUPLE, DICT */
	size_t n;
	union {
		struct ops_type *type;
		const struct ops_type_spec *spec;
		struct ops_column *col;
		struct ops_fk *fk;
		struct ops_constraint *cons;
		struct ops_index *ix;
		struct ops_table *tab;
		struct ops_default *def;
		struct ops_identity *ident;
	} u;
};

/*
 * A name: an import (qual: the dotted name it stands for, e.g.
 * "sqlalchemy" or "alembic.op"), a value, or neither (bound to
 * something retort does not evaluate: what says what, at off).
 */
struct pybind {
	const char *qual;
	struct pyval *val;
	const char *what;
	size_t off;
};

struct pyi {
	struct rt_arena *a;
	const char *path, *src;
	const struct pyinterp_opts *o;
	struct rt_err *err;
	struct strmap module;		/* name -> struct pybind */
	struct strmap *local;		/* the function's names, or NULL */
	struct pyinterp_body *body;
	const char *fn;			/* "upgrade" or "downgrade" */
	bool autocommit;
	/* Inside `with op.batch_alter_table() as <batch_name>:` */
	struct ops_op *batch;
	const char *batch_name;
	bool stop;			/* a raise ran: the body ends */
	bool raised;			/* pyi_raise() unwinding */
	const struct py_node *stmt_call; /* the call run as a statement */
	/* Line starts, built at the first pyi_loc(): every op keeps a
	 * location, so rt_loc_at()'s scan would be quadratic. */
	struct srcmap map;
};

/* The location of src offset off (file:line:col, col in bytes). */
struct rt_loc pyi_loc(struct pyi *r, size_t off);

/* RT_ENOTIMPL "unsupported in a revision body: <what>" at off. */
int pyi_unsupported(struct pyi *r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* RT_ESYNTAX "<what>" at off (Python's TypeError/NameError texts). */
int pyi_error(struct pyi *r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Python raises exc(msg) at off while evaluating (AttributeError on the
 * None that Alembic's offline connection returns): the body ends there
 * and fails when it runs.  Returns RT_ERROR without touching r->err;
 * the statement loop turns it into the body's raise.  Outside a body:
 * RT_ENOTIMPL.
 */
int pyi_raise(struct pyi *r, size_t off, const char *exc, const char *msg);

/* ---- names (pyinterp.c) ---- */

/* The binding of name (function scope first), or NULL. */
const struct pybind *pyi_lookup(struct pyi *r, const char *name);

/* Bind name in the current scope (the function's, else the module). */
void pyi_bind(struct pyi *r, const char *name, const struct pybind *b);

/* The dotted name an import-rooted expression stands for, with
 * SQLAlchemy's re-exports folded ("sqlalchemy.sql.expression.text" is
 * "sqlalchemy.text"), or NULL. */
const char *pyi_qual(struct pyi *r, const struct py_node *n);

/* A dotted name as written ("op.create_table"), or NULL. */
const char *pyi_spelled(struct pyi *r, const struct py_node *n);

/* How n is described in messages ("an f-string", "sa.select()"). */
const char *pyi_describe(struct pyi *r, const struct py_node *n);

/* ---- values (pyival.c) ---- */

struct pyval *pyv_new(struct pyi *r, enum pyv_kind kind, size_t off);
struct pyval *pyv_str(struct pyi *r, const char *s, size_t off);

/* Evaluate expression n into *out. */
int pyi_eval(struct pyval **out, struct pyi *r, const struct py_node *n);

/* Python's truth of v (for `if`), or RT_ENOTIMPL for objects. */
int pyi_truth(bool *out, struct pyi *r, const struct pyval *v);

/* A value's Python type name for messages ("str", "int", "Column"). */
const char *pyv_type_name(const struct pyval *v);

/* v as an ops_value (None, bool, int, float, str, sa.text()), or
 * RT_ESYNTAX "<what> must be a literal" at v. */
int pyv_literal(struct ops_value **out, struct pyi *r,
		const struct pyval *v, const char *what);

/* Checked conversions (what: the argument, for messages). */
int pyv_want_str(const char **out, struct pyi *r, const struct pyval *v,
		 const char *what, bool none_ok);
int pyv_want_bool(bool *out, struct pyi *r, const struct pyval *v,
		  const char *what);
int pyv_want_tri(enum ops_tri *out, struct pyi *r, const struct pyval *v,
		 const char *what);
/* A list or tuple (what must be a sequence). */
int pyv_want_seq(struct pyval ***out, size_t *n, struct pyi *r,
		 const struct pyval *v, const char *what);
/* A str or sa.text(): the SQL; is_text set for sa.text(). */
int pyv_want_sql(const char **out, bool *is_text, struct pyi *r,
		 const struct pyval *v, const char *what);
/* server_default=: None (NULL), a str, sa.text(), sa.func.<name>(),
 * sa.true() or sa.false(). */
int pyv_want_default(struct ops_default **out, struct pyi *r,
		     const struct pyval *v, const char *what);
/* A type instance or class (class: instantiated with no arguments). */
int pyv_want_type(struct ops_type **out, struct pyi *r,
		  const struct pyval *v, const char *what);

/* ---- strings (pyfmt.c) ---- */

/* Append str(v) (conv 's') or repr(v) (conv 'r') to b. */
int pyfmt_str(struct rt_buf *b, struct pyi *r, const struct pyval *v,
	      int conv, size_t off);
/* fmt % args. */
int pyfmt_percent(struct pyval **out, struct pyi *r, const struct pyval *fmt,
		  const struct pyval *args, size_t off);
/* fmt.format(...) for call. */
int pyfmt_format(struct pyval **out, struct pyi *r, const struct pyval *fmt,
		 const struct py_node *call);
/* An f-string. */
int pyfmt_fstring(struct pyval **out, struct pyi *r, const struct py_node *n);

/* ---- calls (argument binding, pyival.c) ---- */

/*
 * A call's arguments bound to params (NULL-terminated names; "*name"
 * collects the rest of the positional ones into a tuple, names after it
 * are keyword-only; a final "**" accepts any other keyword into kw).
 * fn names the callee in Python's TypeError texts.
 */
struct pyargs {
	const char *fn;
	const char *const *params;
	struct pyval **v;		/* [nparams], NULL when not given */
	size_t nparams;
	struct pyval *kw;		/* PV_DICT of the "**" keywords */
	size_t off;			/* the call */
};

int pyi_bind_args(struct pyargs *out, struct pyi *r,
		  const struct py_node *call, const char *fn,
		  const char *const *params);

/* The value bound to param name, or NULL. */
struct pyval *pyargs_get(const struct pyargs *x, const char *name);

/* Required: RT_ESYNTAX "<fn>() missing required argument '<name>'". */
int pyargs_need(struct pyval **out, struct pyi *r, const struct pyargs *x,
		const char *name);

/* ---- sa.* constructors (pyisa.c) ---- */

/*
 * Call the SQLAlchemy callable qual ("sqlalchemy.Column", a type ...)
 * with call's arguments.  Returns 1 and *out when qual is one, 0 when
 * it is not (the caller reports), or an error.
 */
int pyisa_call(struct pyval **out, struct pyi *r, const char *qual,
	       const struct py_node *call);

/* The type class qual names ("sqlalchemy.Integer"), or NULL. */
const struct ops_type_spec *pyisa_type_spec(const char *qual);

/* 0 when the SQLAlchemy of the run (pyinterp_opts.alembic) has the
 * class s names; else pyi_raise() AttributeError "module 'sqlalchemy'
 * has no attribute 'Uuid'" at off (ops_type_sa2_only()). */
int pyisa_type_exists(struct pyi *r, const struct ops_type_spec *s,
		      size_t off);

/* Index dialect keywords (postgresql_where, postgresql_using,
 * postgresql_concurrently, mysql_length, mariadb_length) of kw (PV_DICT)
 * into ix; others are unsupported, naming fn. */
int pyisa_index_kw(struct ops_index *ix, struct pyi *r,
		   const struct pyval *kw, const char *fn);

/* Index columns of seq: names, Column objects or sa.text(). */
int pyisa_index_cols(struct ops_index *ix, struct pyi *r,
		     const struct pyval *seq, const char *what);

/* The dotted name of a type class ("sqlalchemy.dialects.mysql.ENUM"). */
const char *pyisa_spec_qual(struct pyi *r, const struct ops_type_spec *s);

/* ---- op.* calls (pyiop.c) ---- */

/*
 * Run call, op.<name>() (or <batch_op>.<name>() when r->batch): append
 * its op to the body (or the batch op); *out is what Alembic returns
 * (the Table of create_table(), else None).  Not op.* at all:
 * RT_ENOTIMPL naming it.
 */
int pyiop_call(struct pyval **out, struct pyi *r, const char *name,
	       const struct py_node *call);

/* Whether op.<name> is an operation pyiop_call() runs. */
bool pyiop_is_op(const char *name);

/* Append op to the body, or to r->batch. */
void pyi_emit(struct pyi *r, struct ops_op *op);

#endif
