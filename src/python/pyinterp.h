/*
 * pyinterp.h: the interpreter of the restricted Python of .py revision
 * bodies (issue 4 item 1): upgrade()/downgrade() of a parsed module
 * turned into op IR lists (ops.h), evaluated for one dialect.
 */
#ifndef PYINTERP_H
#define PYINTERP_H

#include "ops/ops.h"
#include "pyparse.h"

/*
 * One direction: its ops in order; autocommit[i] says whether v[i]
 * came from inside `with op.get_context().autocommit_block():`.  When
 * irreversible, running must fail after the ops ran, as Python does at
 * a `raise` (raise_exc, raise_msg as in struct rev_body, revscript.h).
 */
struct pyinterp_body {
	struct ops_list ops;
	bool *autocommit;		/* [ops.n], arena */
	size_t acalloc;
	bool irreversible;
	struct rt_loc raise_loc;
	const char *raise_exc;
	const char *raise_msg;
};

struct pyinterp_opts {
	/* SQLAlchemy's dialect name the `if` tests see: "postgresql",
	 * "mysql", "mariadb", "sqlite". */
	const char *dialect;
	/* Online: op.get_bind().execute(<str>) runs the string as the
	 * DBAPI gets it (no text() bind rules); offline Alembic's mock
	 * connection prints it like op.execute(). */
	bool online;
	/* Alembic's module name (for "module 'x' has no attribute
	 * 'downgrade'"). */
	const char *module;
	/* The Alembic release (config/alembicver.h; 0: the oldest): which
	 * SQLAlchemy's names exist (sa.Uuid only in 2.0). */
	int alembic;
};

/*
 * Interpret m (parsed whole by pyparse_module from src, the file at
 * path): bind the module's imports and top-level names, then run
 * upgrade() into *up and downgrade() into *down (both zeroed first).
 * What the subset is: docs/op-scripts.md.  No downgrade() makes down
 * irreversible (AttributeError, as Alembic fails).  Everything lives in
 * a; m, path, src and o are borrowed.
 *
 * Errors, at file:line:col of the user's file:
 *  - RT_ENOTIMPL "unsupported in a revision body: <construct>" for
 *    anything outside the subset;
 *  - RT_ESYNTAX for Python's TypeErrors/NameErrors in calls of the
 *    subset ("op.add_column() missing required argument 'column'",
 *    "name 'x' is not defined", ...) and no upgrade();
 *  - those of ops_type_set(), ops_row_new() and ops_op_validate() (for
 *    the ops of batch_alter_table() blocks).
 */
int pyinterp_module(struct pyinterp_body *up, struct pyinterp_body *down,
		    struct rt_arena *a, const struct py_module *m,
		    const char *path, const char *src,
		    const struct pyinterp_opts *o, struct rt_err *err);

#endif
