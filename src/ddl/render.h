/*
 * render.h: op IR -> SQL statement text, per dialect, as SQLAlchemy
 * 1.4.46 compiles the DDL that Alembic 1.8.1 emits (no connection).
 * Shared logic in render.c; dialect differences in render_{pg,mysql,
 * sqlite}.c behind struct render_dialect (render_int.h).
 */
#ifndef RENDER_H
#define RENDER_H

#include "dialect.h"
#include "ops/ops.h"
#include "base/strmap.h"
#include "config/alembicver.h"

/*
 * One rendering run: the dialect, how literals are escaped, and what
 * SQLAlchemy remembers across operations within one migration context
 * (Alembic's impl.memo: a PostgreSQL ENUM is created once per run).
 * Initialise with render_session_init(); release with _release().
 */
struct render_session {
	const struct dialect *dialect;
	/* dialect_literal()'s escapes: true offline (dialect.h). */
	bool backslash_escapes;
	struct strmap pg_enums;		/* "schema.name" created */
	struct rt_arena *arena;
	/* The Alembic release whose output to follow (config/
	 * alembicver.h); render_session_init() sets 0, the oldest (1.8.1
	 * on SQLAlchemy 1.4); the caller sets the run's. */
	int alembic;
};

void render_session_init(struct render_session *s, struct rt_arena *a,
			 const struct dialect *d, bool backslash_escapes);
void render_session_release(struct render_session *s);

/* One rendered statement, as a revision body runs it (revscript.h). */
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
	 * reflecting the table (render_batch.h).  Validated at load time. */
	const struct ops_op *batch;
};

/* The statements of a body, in order (array in the session's arena). */
struct render_list {
	struct rev_stmt *v;
	size_t n, alloc;
};

/*
 * Validate op (ops_op_validate) and append its statements to out, each
 * with op->loc, text exactly as SQLAlchemy's compiler returns it
 * (leading "\n", TABs, trailing blanks included: offline_item() applies
 * spec rule 8.6).  OPS_EXECUTE gives one is_text statement (sqlbind
 * rules apply later), everything else is_text false (sa.text() pieces
 * inside DDL are already rendered with literal binds here).
 *
 * Errors (at the loc of the node at fault; out keeps the statements
 * appended before the error, as Alembic has emitted them):
 *  - RT_ERROR with SQLAlchemy's/Alembic's message where they raise
 *    CompileError/NotImplementedError, e.g. "VARCHAR requires a length
 *    on dialect mysql", "No support for ALTER of constraints in SQLite
 *    dialect. Please refer to the batch mode feature which allows for
 *    SQLite migrations using a copy-and-move strategy.", "No generic
 *    'DROP CONSTRAINT' in MySQL - please specify constraint type",
 *    "PostgreSQL ENUM type requires a name.", "Unexpected SQL phrase:
 *    'x' (matching against '...')", bulk_insert's "No literal value
 *    renderer is available for literal value \"<repr>\" with datatype
 *    <TYPE>" and "Could not render literal value \"<repr>\" with
 *    datatype <TYPE>; see parent stack trace for more detail.";
 *    inside CREATE TABLE a column's error starts "(in table '<t>',
 *    column '<c>'): " as in SQLAlchemy;
 *  - RT_ERROR "Column type <TYPE> on column '<t>.<c>' is not compatible
 *    with autoincrement=True" (SQLAlchemy's ArgumentError);
 *  - RT_ECOMMAND "All MySQL CHANGE/MODIFY COLUMN operations require the
 *    existing type." and, on PostgreSQL, "postgresql_using must be used
 *    with the type_ parameter" (Alembic's CommandError);
 *  - RT_ERROR "type <module>.<NAME> cannot be rendered on dialect <d>"
 *    where SQLAlchemy raises UnsupportedCompilationError (its message
 *    carries object addresses, so retort words it itself);
 *  - validation errors (ops.h).
 * Fixtures: fixtures/render (project/ and errors/, recorded by gen.sh).

 */
int render_op(struct render_list *out, struct render_session *s,
	      struct ops_op *op, struct rt_err *err);

/* render_op() for each op of l in order; stops at the first error. */
int render_ops(struct render_list *out, struct render_session *s,
	       const struct ops_list *l, struct rt_err *err);

/*
 * Append t as the dialect's type compiler renders it (a column's type
 * in CREATE TABLE).  Errors as render_op() (unrenderable types).
 */
int render_type(struct rt_buf *out, struct render_session *s,
		const struct ops_type *t, struct rt_err *err);

#endif
