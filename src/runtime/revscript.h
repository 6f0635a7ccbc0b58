/*
 * revscript.h: what a revision runs: the SQL statements of its upgrade
 * and downgrade, read from the file and rendered for the run's dialect
 * before anything runs (spec rule 12.1 option (a) for .py files,
 * sqlsplit for .sql sections).
 */
#ifndef REVSCRIPT_H
#define REVSCRIPT_H

#include "ddl/render.h"
#include "script/revfile.h"
#include "sql/sqlsplit.h"

/*
 * One direction.  irreversible: running it must fail (after running
 * stmts, as Python would: the statements before a final `raise`), with
 * raise_exc (the exception as written, e.g. "NotImplementedError", or
 * "AttributeError" when downgrade() is missing; NULL when unknown) and
 * raise_msg (its literal string argument, or NULL) at raise_loc.
 */
struct rev_body {
	struct rev_stmt *stmts;
	size_t n;
	bool irreversible;
	struct rt_loc raise_loc;
	const char *raise_exc;
	const char *raise_msg;
	/* With irreversible: the error running fails with instead of the
	 * raise (NULL: the raise).  An op Alembic fails to compile when it
	 * gets there (a render_op() error): stmts are those before it, as
	 * Alembic emitted them; raise_exc/raise_msg then say the same as
	 * "Exception: <message>". */
	const struct rt_err *fail;
};

struct rev_script {
	struct rev_body up, down;
};

/* How a run loads bodies. */
struct revscript_opts {
	/* The run's rendering session (render.h): its dialect renders the
	 * .py ops and answers the dialect `if`s; one per run, as its
	 * PostgreSQL ENUM memo spans the run (Alembic's impl.memo). */
	struct render_session *render;
	/* sqlsplit_dialect_flags() of that dialect, for .sql sections */
	unsigned split_flags;
	/* Online: SQLite batch_alter_table() blocks are left to the runner
	 * (rev_stmt.batch); <bind>.execute() needs no result. */
	bool online;
};

/*
 * Read the bodies of f (as filled by rev_file_read: src, path, kind,
 * sql_up/sql_down; with no src, as script_dir_load() leaves it, the file
 * is read again through rev_file_source()) for the run o describes.
 * Everything lives in a (statements: in o->render's arena); f is
 * borrowed and must outlive out.
 *
 * .py: the module is parsed whole (pyparse) and upgrade()/downgrade()
 * interpreted (pyinterp.h, the subset of docs/op-scripts.md) into ops,
 * each rendered with render_op() in order; `autocommit_block()` ops
 * give autocommit statements; an OPS_BATCH op on SQLite online gives
 * one statement with sql NULL and batch set (its ops validated).  No
 * upgrade() is RT_ESYNTAX; no downgrade() makes down irreversible
 * (AttributeError, as Alembic fails).
 *
 * .sql: each section is split (sqlsplit.h); a "-- transaction: none"
 * line before the sections makes every statement autocommit; no upgrade
 * section is RT_ESYNTAX, no downgrade section makes down irreversible.
 *
 * An op that render_op() fails on ends its body there: the body gets
 * the statements before it and fails with that error when it runs
 * (rev_body.fail), as Alembic fails only when it gets to the op.
 *
 * Errors: RT_ESYNTAX (Python or SQL syntax, see pyparse.h/sqlsplit.h),
 * RT_ENOTIMPL "unsupported in a revision body: ..." and the others of
 * pyinterp_module(); those of rev_file_source().  All at file:line:col
 * of the user's file.
 */
int revscript_load(struct rev_script *out, struct rt_arena *a,
		   const struct rev_file *f, const struct revscript_opts *o,
		   struct rt_err *err);

/*
 * The error an irreversible body b fails with once its statements ran
 * (online and --sql alike): b->fail, else RT_ERROR at b->raise_loc with
 * the last line of Python's traceback, "<raise_exc>[: <raise_msg>]"
 * ("Exception" when raise_exc is unknown).  Returns the error's code.
 */
int rev_body_fail(const struct rev_body *b, struct rt_err *err);

#endif
