/*
 * batch_int.h: what batch.c (the move-and-copy model: Alembic's
 * ApplyBatchImpl) hands render_batch.c (its SQL).  Not for other modules.
 */
#ifndef BATCH_INT_H
#define BATCH_INT_H

#include "batch.h"

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
 * (reflected: from the database, else copy_from) and fill p.  Errors as
 * batch_render() lists them.
 */
int batch_plan_build(struct batch_plan *p, struct rt_arena *a,
		     const struct ops_op *batch, const struct ops_table *src,
		     bool reflected, const struct dialect *d,
		     struct rt_err *err);

/* SQLAlchemy's TypeEngine._type_affinity, as a small class number. */
int batch_type_affinity(const struct ops_type *t);

#endif
