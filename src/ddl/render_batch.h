/*
 * render_batch.h: the SQL of op.batch_alter_table() (issue 4 item 5) as
 * Alembic 1.8.1's operations/batch.py emits it: the nested ops as plain
 * ALTERs, or the "move and copy" of the table (a new table, rows
 * copied, the old one dropped, the new one renamed, indexes recreated)
 * from the plan of ops/batch.h.  Rendering needs no connection: the
 * live table comes in as op IR (runtime/batch_reflect.h reads it).
 */
#ifndef RENDER_BATCH_H
#define RENDER_BATCH_H

#include "render.h"

/*
 * Alembic's BatchOperationsImpl._should_recreate() for batch on
 * dialect d: recreate="always" and "never" say so; "auto" is
 * impl.requires_recreate_in_batch(): true only on SQLite, when a nested
 * op is other than add_column, create_index or drop_index, or an
 * add_column has an sa.text() server default or brings a constraint
 * (ForeignKey(), unique=True without index=True, a Boolean/Enum CHECK).
 * Only the first n nested ops count (Alembic asks while the block is
 * still being filled).
 */
bool batch_needs_recreate(const struct ops_op *batch, size_t n,
			  const struct dialect *d);

/*
 * What batch_render() gives for one block: the statements, and for
 * move and copy the span of the copy statements (INSERT ... SELECT and
 * DROP TABLE) after whose failure Alembic drops the new table with
 * cleanup (its sql; NULL when the block did not move and copy).
 */
struct batch_result {
	size_t copy_first, copy_end;	/* [first, end) in the list */
	const char *cleanup;		/* "\nDROP TABLE _alembic_tmp_<t>" */
};

/*
 * Append the statements of batch (an OPS_BATCH op) to out, as Alembic
 * emits them, each at the loc of the nested op it comes from (move and
 * copy statements at batch's loc).  live is the table as reflected from
 * the database (batch_reflect()), or NULL when rendering offline, where
 * copy_from is the table; res may be NULL.
 *
 * Errors (the first nested op at fault's loc unless noted):
 *  - RT_ECOMMAND Alembic's "This operation cannot proceed in --sql mode;
 *    batch mode with dialect sqlite requires a live database connection
 *    ..." when move and copy is needed offline without copy_from (at
 *    batch's loc), and "Can't specify insert_before or insert_after when
 *    using ALTER; please specify recreate='always'";
 *  - RT_ERROR with the text of Python's exception where Alembic raises
 *    while applying a nested op to the copy: "Constraint must have a
 *    name", "No such constraint: '<n>'", "No such index: '<n>'",
 *    "KeyError: '<col>'" (a column the table lacks; Alembic's KeyError),
 *    "Can't create table in batch mode", "Can't drop table in batch
 *    mode", "rename_table() is not supported in batch mode (Alembic:
 *    NotImplementedError: TODO)";
 *  - RT_ERROR "CircularDependencyError: Circular dependency detected."
 *    (at batch's loc) when insert_before/insert_after/partial_reordering
 *    contradict each other;
 *  - RT_ENOTIMPL for what retort does not do in move and copy:
 *    op.execute and bulk_insert inside the block;
 *  - render_op()'s errors for each statement.
 */
int batch_render(struct render_list *out, struct render_session *s,
		 struct ops_op *batch, const struct ops_table *live,
		 struct batch_result *res, struct rt_err *err);

#endif
