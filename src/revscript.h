/*
 * revscript.h: what a revision runs: the SQL statements of its upgrade
 * and downgrade, read from the file before anything runs (spec rule 12.1
 * option (a) for .py files, sqlsplit for .sql sections).
 */
#ifndef REVSCRIPT_H
#define REVSCRIPT_H

#include "ops.h"
#include "script.h"
#include "sqlsplit.h"

struct rev_stmt {
	const char *sql;	/* the statement text as written (arena) */
	struct rt_loc loc;	/* where it starts in the user's file */
	bool is_text;		/* from op.execute(): SQLAlchemy text() bind
				 * rules apply (spec rule 8.6, sqlbind.h) */
	bool autocommit;	/* must run outside a transaction (spec rule
				 * 11.6): an autocommit_block() in .py, the
				 * "-- transaction: none" header in .sql */
	/* Non-NULL: an op.batch_alter_table() block whose SQL depends on
	 * the live table (SQLite "move and copy", issue 4 item 5); sql is
	 * NULL and the runner renders it when the step runs, after
	 * reflecting the table (render.h).  Validated at load time. */
	const struct ops_op *batch;
};

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
};

struct rev_script {
	struct rev_body up, down;
};

/*
 * Read the bodies of f (as filled by rev_file_read: src, path, kind,
 * sql_up/sql_down; with no src, as script_dir_load() leaves it, the file
 * is read again through rev_file_source()).  split_flags
 * (sqlsplit_dialect_flags()) say how the target dialect quotes and
 * comments, for .sql sections.  Everything lives in a; f is borrowed and
 * must outlive out.
 *
 * .py: the module is parsed whole (pyparse); upgrade() and downgrade()
 * may hold docstrings, pass, `...`, op.execute("<literal SQL>") or
 * op.execute(<text>("<literal SQL>")) where op and text come from the
 * module's imports, `with op.get_context().autocommit_block():` blocks
 * of those, a final bare `return`, and a final `raise`.  Anything else
 * is RT_ENOTIMPL "unsupported in a revision body: <construct> (...)" at
 * file:line:col.  No upgrade() is RT_ESYNTAX; no downgrade() makes
 * down irreversible (AttributeError, as Alembic fails).
 *
 * .sql: each section is split (sqlsplit.h); a "-- transaction: none"
 * line before the sections makes every statement autocommit; no upgrade
 * section is RT_ESYNTAX, no downgrade section makes down irreversible.
 *
 * Errors: RT_ESYNTAX (Python or SQL syntax, see pyparse.h/sqlsplit.h),
 * RT_ENOTIMPL, all at file:line:col of the user's file; those of
 * rev_file_source().
 */
int revscript_load(struct rev_script *out, struct rt_arena *a,
		   const struct rev_file *f, unsigned split_flags,
		   struct rt_err *err);

#endif
