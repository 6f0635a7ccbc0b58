/*
 * batch.h: the move-and-copy model of op.batch_alter_table() (issue 4
 * item 5): Alembic 1.8.1's ApplyBatchImpl applying the nested ops to a
 * copy of the table, giving the plan that ddl/render_batch.c turns into
 * SQL.  No connection and no renderer: the table comes in as op IR.
 */
#ifndef BATCH_H
#define BATCH_H

#include "ops.h"

/* One copied column of INSERT ... SELECT: the old table's column key,
 * the new name, and the type of CAST() when the affinity changes. */
struct batch_xfer {
	const char *key;
	const char *name;
	/* CAST(... AS casts[i]) wrappers, innermost first */
	const struct ops_type **casts;
	size_t ncasts;
};

struct batch_plan {
	const struct ops_table *src;	/* the existing table */
	const char *tmp;		/* "_alembic_tmp_<t>"[0:50] */
	struct ops_table *nt;		/* the new table, named tmp */
	struct batch_xfer *xfer;
	size_t nxfer;
	/* indexes created after the rename (table: the old name) */
	struct ops_index **idx;
	size_t nidx;
	/* constraints of src still named in the copy (PostgreSQL drops
	 * them first: prep_table_for_batch) */
	const struct ops_constraint **keep;
	size_t nkeep;
	/* An index column the new table lacks: Alembic's KeyError comes
	 * after the rename (NULL: none). */
	const char *bad_key;
	struct rt_loc bad_loc;
};

/*
 * ApplyBatchImpl: apply the nested ops of batch to a copy of src
 * (reflected: from the database, else copy_from) and fill p.
 * cast_json: the impl's cast_for_batch_migrate() CASTs to JSON too when
 * the type affinity changes (every impl but SQLiteImpl).  Errors as
 * batch_render() (ddl/render_batch.h) lists them for the model.
 */
int batch_plan_build(struct batch_plan *p, struct rt_arena *a,
		     const struct ops_op *batch, const struct ops_table *src,
		     bool reflected, bool cast_json, struct rt_err *err);

/* SQLAlchemy's TypeEngine._type_affinity, as a small class number. */
int batch_type_affinity(const struct ops_type *t);

#endif
