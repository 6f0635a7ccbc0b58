/*
 * batch.c: the move-and-copy model of batch_alter_table(): Alembic
 * 1.8.1's ApplyBatchImpl applying the nested ops to a copy of the table
 * (operations/batch.py).
 */
#include "batch.h"

#include "base/strmap.h"

int batch_type_affinity(const struct ops_type *t)
{
	/* The generic class under TypeEngine in the type's MRO. */
	switch (t->kind) {
	case OPS_T_INTEGER:
	case OPS_T_BIGINT:
	case OPS_T_SMALLINT:
	case OPS_T_TINYINT:
		return OPS_T_INTEGER;
	case OPS_T_STRING:
	case OPS_T_CHAR:
	case OPS_T_TEXT:
	case OPS_T_ENUM:
	case OPS_T_LONGTEXT:
		return OPS_T_STRING;
	case OPS_T_NUMERIC:
	case OPS_T_FLOAT:
	case OPS_T_REAL:
	case OPS_T_DOUBLE:
	case OPS_T_UPPER_DOUBLE:
	case OPS_T_DOUBLE_PRECISION:
		return OPS_T_NUMERIC;
	case OPS_T_DATETIME:
	case OPS_T_UPPER_DATETIME:
	case OPS_T_TIMESTAMP:
		return OPS_T_DATETIME;
	case OPS_T_LARGE_BINARY:
	case OPS_T_BLOB:
	case OPS_T_BYTEA:
		return OPS_T_LARGE_BINARY;
	case OPS_T_JSON:
	case OPS_T_JSONB:
		return OPS_T_JSON;
	default:
		return (int)t->kind;
	}
}

/* ---- the model ---- */

/* CAST() wrappers of a transferred column, innermost first. */
struct bcast {
	const struct ops_type *type;
	struct bcast *next;
};

struct bcol {
	const char *key;		/* the name in the old table */
	struct ops_column *col;		/* the new column */
	bool xfer;			/* copied from the old table */
	bool user_nullable;		/* nullable= was given */
	bool gone;
	struct bcast *casts;
};

struct bcons {
	struct ops_constraint *c;
	const struct ops_constraint *orig;	/* from the old table */
	bool gone;
};

struct bidx {
	struct ops_index *ix;
	bool gone;
};

struct model {
	struct rt_arena *a;
	bool cast_json;			/* not SQLiteImpl: JSON is cast */
	const struct ops_table *src;
	struct rt_err *err;
	struct bcol *cols;
	size_t ncols;
	struct strmap colmap;		/* key -> struct bcol * */
	struct bcons *named;
	size_t nnamed;
	struct strmap namedmap;		/* name -> index + 1 */
	struct ops_constraint **unnamed;
	size_t nunnamed;
	/* the primary key: name and column keys in order */
	const char *pk_name;
	const char **pk;
	size_t npk;
	struct bidx *ixs;		/* existing indexes */
	size_t nixs;
	struct strmap ixmap;		/* name -> index + 1 */
	struct bidx *newixs;
	size_t nnewixs;
	struct strmap newixmap;
	/* existing_ordering (keys, dropped ones removed) and
	 * add_col_ordering (before, after) pairs */
	const char **exist;
	size_t nexist;
	const char **pa, **pb;
	size_t npairs;
	const struct ops_op *batch;
};

#define SLOT(i) ((void *)(uintptr_t)((i) + 1))
#define UNSLOT(p) ((size_t)(uintptr_t)(p) - 1)

static struct bcol *find_col(struct model *m, const char *key)
{
	struct bcol *c = strmap_get(&m->colmap, key);

	return c && !c->gone ? c : NULL;
}

static struct bcol *add_col(struct model *m, const struct ops_column *src,
			    bool xfer)
{
	struct ops_column *col = arena_memdup(m->a, src, sizeof(*src));
	struct bcol *bc = strmap_get(&m->colmap, src->name);

	/* Column.copy() with unique and index turned off; its ForeignKey()
	 * objects become table constraints (taken separately). */
	col->unique = col->index = false;
	col->fks = NULL;
	col->nfks = 0;
	if (!bc || bc->gone) {
		bc = &m->cols[m->ncols++];
		strmap_put(&m->colmap, src->name, bc);
	}
	memset(bc, 0, sizeof(*bc));
	bc->key = src->name;
	bc->col = col;
	bc->xfer = xfer;
	bc->user_nullable = src->nullable != OPS_UNSET;
	/* The effective nullability is fixed when the Column is built. */
	if (col->nullable == OPS_UNSET)
		col->nullable = col->primary_key ? OPS_FALSE : OPS_TRUE;
	return bc;
}

/* named_constraints[name] = c: a dict keeps the first position. */
static void put_named(struct model *m, struct ops_constraint *c,
		      const struct ops_constraint *orig)
{
	void *slot = strmap_get(&m->namedmap, c->name);
	struct bcons *bc;

	if (slot) {
		bc = &m->named[UNSLOT(slot)];
	} else {
		bc = &m->named[m->nnamed];
		strmap_put(&m->namedmap, c->name, SLOT(m->nnamed));
		m->nnamed++;
	}
	bc->c = c;
	bc->orig = orig;
	bc->gone = false;
}

static struct bcons *find_named(struct model *m, const char *name)
{
	void *slot = strmap_get(&m->namedmap, name);

	if (!slot || m->named[UNSLOT(slot)].gone)
		return NULL;
	return &m->named[UNSLOT(slot)];
}

static void take_constraint(struct model *m, struct ops_constraint *c,
			    const struct ops_constraint *orig, bool reflected)
{
	if (c->kind == OPS_C_PRIMARY) {
		m->pk_name = c->name;
		m->pk = ops_strv(m->a, c->cols, c->ncols);
		m->npk = c->ncols;
		if (c->name)
			put_named(m, c, orig);
		return;
	}
	/* Alembic skips unnamed reflected CHECKs: it cannot tell whether
	 * a type made them. */
	if (reflected && c->kind == OPS_C_CHECK && !c->name)
		return;
	if (c->name)
		put_named(m, c, orig);
	else
		m->unnamed[m->nunnamed++] = c;
}

static struct ops_constraint *fk_constraint(struct model *m,
					    struct ops_fk *fk)
{
	struct ops_constraint *c = ops_constraint_new(m->a, OPS_C_FOREIGN,
						      fk->loc);

	c->name = fk->name;
	c->fk = fk;
	c->cols = fk->cols;
	c->ncols = fk->ncols;
	return c;
}

static void grab_table(struct model *m, size_t nops, bool reflected)
{
	const struct ops_table *t = m->src;
	size_t cap = t->ncols + nops + 1, ncap = t->ncons + nops + 1, i, j;

	for (i = 0; i < t->ncols; i++)
		ncap += t->cols[i]->nfks + 1;
	m->cols = arena_alloc(m->a, cap * sizeof(*m->cols));
	m->named = arena_alloc(m->a, ncap * sizeof(*m->named));
	m->unnamed = arena_alloc(m->a, ncap * sizeof(*m->unnamed));
	m->ixs = arena_alloc(m->a, (t->nindexes + 1) * sizeof(*m->ixs));
	m->newixs = arena_alloc(m->a, (nops + 1) * sizeof(*m->newixs));
	strmap_init_arena(&m->colmap, m->a);
	strmap_init_arena(&m->namedmap, m->a);
	strmap_init_arena(&m->ixmap, m->a);
	strmap_init_arena(&m->newixmap, m->a);
	for (i = 0; i < t->ncols; i++)
		add_col(m, t->cols[i], true);
	m->exist = arena_alloc(m->a, cap * sizeof(*m->exist));
	for (i = 0; i < t->ncols; i++)
		m->exist[m->nexist++] = t->cols[i]->name;
	m->pa = arena_alloc(m->a, 2 * cap * sizeof(*m->pa));
	m->pb = arena_alloc(m->a, 2 * cap * sizeof(*m->pb));
	/* An implicit primary key: the flagged columns, in table order. */
	m->pk = arena_alloc(m->a, (t->ncols + 1) * sizeof(*m->pk));
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->primary_key)
			m->pk[m->npk++] = t->cols[i]->name;
	for (i = 0; i < t->ncons; i++)
		take_constraint(m, t->cons[i], t->cons[i], reflected);
	for (i = 0; i < t->ncols; i++) {
		const struct ops_column *c = t->cols[i];

		if (c->unique && !c->index) {
			struct ops_constraint *u = ops_constraint_new(
				m->a, OPS_C_UNIQUE, c->loc);

			u->cols = ops_strv(m->a, &c->name, 1);
			u->ncols = 1;
			m->unnamed[m->nunnamed++] = u;
		}
		for (j = 0; j < c->nfks; j++) {
			struct ops_constraint *k = fk_constraint(m,
								 c->fks[j]);

			take_constraint(m, k, k, reflected);
		}
	}
	/* Index(...) items; Column(index=True) ones are left behind. */
	for (i = 0; i < t->nindexes; i++) {
		if (!t->indexes[i]->name)
			continue;
		m->ixs[m->nixs].ix = t->indexes[i];
		m->ixs[m->nixs].gone = false;
		strmap_put(&m->ixmap, t->indexes[i]->name, SLOT(m->nixs));
		m->nixs++;
	}
}

static int key_error(struct model *m, const struct rt_loc *loc,
		     const char *key)
{
	return rt_errf(m->err, RT_ERROR, loc, "KeyError: '%s'", key);
}

static void add_cast(struct model *m, struct bcol *bc,
		     const struct ops_type *t)
{
	struct bcast *c = arena_alloc(m->a, sizeof(*c)), **p = &bc->casts;

	c->type = t;
	while (*p)
		p = &(*p)->next;
	*p = c;
}

static int alter_column(struct model *m, const struct ops_op *op)
{
	const struct ops_alter *al = &op->u.alter;
	struct bcol *bc = find_col(m, al->column);
	struct ops_column *col;

	if (!bc)
		return key_error(m, &op->loc, al->column);
	col = bc->col;
	if (al->new_name && strcmp(al->new_name, al->column)) {
		struct bcons *k;

		col->name = al->new_name;
		/* a named Boolean/Enum CHECK goes with the old name */
		if (al->existing_type && al->existing_type->name &&
		    (al->existing_type->kind == OPS_T_BOOLEAN ||
		     al->existing_type->kind == OPS_T_ENUM) &&
		    (k = find_named(m, al->existing_type->name)))
			k->gone = true;
	}
	if (al->type) {
		int k = al->type->kind;

		/* impl.cast_for_batch_migrate(): a CAST when the type
		 * affinity changes (not to JSON unless cast_json) */
		if (batch_type_affinity(col->type) !=
		    batch_type_affinity(al->type) &&
		    (m->cast_json || (k != OPS_T_JSON && k != OPS_T_JSONB))) {
			if (!bc->xfer)
				return key_error(m, &op->loc, "expr");
			add_cast(m, bc, al->type);
		}
		col->type = al->type;
	}
	if (al->nullable != OPS_UNSET)
		col->nullable = al->nullable;
	if (al->server_default_set)
		col->server_default = al->server_default;
	if (al->autoincrement != OPS_UNSET)
		col->autoincrement = al->autoincrement;
	if (al->comment_set)
		col->comment = al->comment;
	return 0;
}

static void new_index(struct model *m, struct ops_index *ix)
{
	void *slot = strmap_get(&m->newixmap, ix->name);
	size_t i = slot ? UNSLOT(slot) : m->nnewixs++;

	if (!slot)
		strmap_put(&m->newixmap, ix->name, SLOT(i));
	m->newixs[i].ix = ix;
	m->newixs[i].gone = false;
}

static int add_constraint(struct model *m, struct ops_constraint *c,
			  const struct rt_loc *loc);

static void add_pair(struct model *m, const char *before, const char *after)
{
	m->pa[m->npairs] = before;
	m->pb[m->npairs++] = after;
}

/* dict(add_col_ordering)[key] (second: the reverse dict); last wins */
static const char *pair_lookup(struct model *m, const char *key, bool rev)
{
	size_t i;

	for (i = m->npairs; i-- > 0; )
		if (!strcmp(rev ? m->pb[i] : m->pa[i], key))
			return rev ? m->pa[i] : m->pb[i];
	return NULL;
}

static long exist_index(struct model *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->nexist; i++)
		if (!strcmp(m->exist[i], key))
			return (long)i;
	return -1;
}

/* _setup_dependencies_for_add_column() */
static int add_col_deps(struct model *m, const struct ops_op *op)
{
	const char *name = op->u.column->name;
	const char *before = op->insert_before, *after = op->insert_after;
	bool partial = m->batch->u.batch.nreorders > 0;
	long i;

	if (!partial && after && !before) {
		if ((i = exist_index(m, after)) >= 0) {
			if ((size_t)i + 1 < m->nexist)
				before = m->exist[i + 1];
		} else if (!(before = pair_lookup(m, after, false))) {
			return key_error(m, &op->loc, after);
		}
	}
	if (!partial && before && !after) {
		if ((i = exist_index(m, before)) >= 0) {
			if (i > 0)
				after = m->exist[i - 1];
		} else if (!(after = pair_lookup(m, before, true))) {
			return key_error(m, &op->loc, before);
		}
	}
	if (before)
		add_pair(m, name, before);
	if (after)
		add_pair(m, after, name);
	if (!partial && !before && !after && m->nexist)
		add_pair(m, m->exist[m->nexist - 1], name);
	return 0;
}

static int add_column(struct model *m, const struct ops_op *op)
{
	const struct ops_column *src = op->u.column;
	size_t i;
	int rc;

	if ((rc = add_col_deps(m, op)) < 0)
		return rc;
	add_col(m, src, false);
	/* toimpl.add_column(): the constraints the column brought, then
	 * its index=True index */
	for (i = 0; i < src->nfks; i++)
		if ((rc = add_constraint(m, fk_constraint(m, src->fks[i]),
					 &op->loc)) < 0)
			return rc;
	if (src->unique && !src->index)
		return rt_errf(m->err, RT_ERROR, &op->loc,
			       "Constraint must have a name");
	if (src->index) {
		struct ops_index *ix = ops_index_new(
			m->a, arena_printf(m->a, "ix_%s_%s", m->src->name,
					   src->name), src->loc);

		ix->unique = src->unique;
		ops_index_add_col(m->a, ix, src->name, false);
		new_index(m, ix);
	}
	return 0;
}

static int drop_column(struct model *m, const struct ops_op *op)
{
	struct bcol *bc = find_col(m, op->u.column_name);
	size_t i, j;

	if (!bc)
		return key_error(m, &op->loc, op->u.column_name);
	for (i = j = 0; i < m->npk; i++)
		if (strcmp(m->pk[i], bc->key))
			m->pk[j++] = m->pk[i];
	m->npk = j;
	for (i = j = 0; i < m->nexist; i++)
		if (strcmp(m->exist[i], bc->key))
			m->exist[j++] = m->exist[i];
	m->nexist = j;
	bc->gone = true;
	return 0;
}

static int add_constraint(struct model *m, struct ops_constraint *c,
			  const struct rt_loc *loc)
{
	if (!c->name)
		return rt_errf(m->err, RT_ERROR, loc,
			       "Constraint must have a name");
	if (c->kind == OPS_C_PRIMARY) {
		size_t i;

		m->pk_name = c->name;
		m->pk = ops_strv(m->a, c->cols, c->ncols);
		m->npk = c->ncols;
		for (i = 0; i < c->ncols; i++) {
			struct bcol *bc = find_col(m, c->cols[i]);

			if (bc && !bc->user_nullable)
				bc->col->nullable = OPS_FALSE;
		}
	}
	put_named(m, c, NULL);
	return 0;
}

/* col_named_constraints: a named CheckConstraint() given to a Column of
 * copy_from goes with the column's copy (reflected tables have none). */
static bool drop_column_check(struct model *m, const char *name)
{
	size_t i, j, k;

	for (i = 0; i < m->ncols; i++) {
		struct ops_column *c = m->cols[i].col;
		struct ops_constraint **v;

		if (m->cols[i].gone)
			continue;
		for (j = 0; j < c->nchecks; j++)
			if (c->checks[j]->name &&
			    !strcmp(c->checks[j]->name, name))
				break;
		if (j == c->nchecks)
			continue;
		v = arena_alloc(m->a, c->nchecks * sizeof(*v));
		for (k = 0; k < c->nchecks; k++)
			if (k != j)
				v[k - (k > j)] = c->checks[k];
		c->checks = v;
		c->nchecks--;
		return true;
	}
	return false;
}

static int drop_constraint(struct model *m, const struct ops_op *op)
{
	struct bcons *k = op->u.drop.name ? find_named(m, op->u.drop.name) :
			  NULL;

	if (!op->u.drop.name)
		return rt_errf(m->err, RT_ERROR, &op->loc,
			       "Constraint must have a name");
	if (!k && drop_column_check(m, op->u.drop.name))
		return 0;
	if (!k)
		return rt_errf(m->err, RT_ERROR, &op->loc,
			       "No such constraint: '%s'", op->u.drop.name);
	k->gone = true;
	if (k->c->kind == OPS_C_PRIMARY) {
		m->pk_name = NULL;
		m->npk = 0;
	}
	return 0;
}

static int drop_index(struct model *m, const struct ops_op *op)
{
	void *slot = strmap_get(&m->ixmap, op->u.index->name);

	if (!slot || m->ixs[UNSLOT(slot)].gone)
		return rt_errf(m->err, RT_ERROR, &op->loc,
			       "No such index: '%s'", op->u.index->name);
	m->ixs[UNSLOT(slot)].gone = true;
	return 0;
}

static int apply_op(struct model *m, struct ops_op *op)
{
	switch (op->kind) {
	case OPS_ALTER_COLUMN:
		return alter_column(m, op);
	case OPS_ADD_COLUMN:
		return add_column(m, op);
	case OPS_DROP_COLUMN:
		return drop_column(m, op);
	case OPS_ADD_CONSTRAINT:
		return add_constraint(m, op->u.cons, &op->loc);
	case OPS_DROP_CONSTRAINT:
		return drop_constraint(m, op);
	case OPS_CREATE_INDEX:
		if (!op->u.index->name)
			return rt_errf(m->err, RT_ERROR, &op->loc, "CREATE "
				       "INDEX requires that the index have a "
				       "name");
		new_index(m, op->u.index);
		return 0;
	case OPS_DROP_INDEX:
		return drop_index(m, op);
	case OPS_CREATE_TABLE_COMMENT:
	case OPS_DROP_TABLE_COMMENT:
		/* ApplyBatchImpl ignores them */
		return 0;
	case OPS_CREATE_TABLE:
		return rt_errf(m->err, RT_ERROR, &op->loc,
			       "Can't create table in batch mode");
	case OPS_DROP_TABLE:
		return rt_errf(m->err, RT_ERROR, &op->loc,
			       "Can't drop table in batch mode");
	case OPS_RENAME_TABLE:
		return rt_errf(m->err, RT_ERROR, &op->loc,
			       "rename_table() is not supported in batch "
			       "mode (Alembic: NotImplementedError: TODO)");
	default:
		return rt_errf(m->err, RT_ENOTIMPL, &op->loc,
			       "batch_alter_table(): this operation is not "
			       "supported inside a batch block by retort");
	}
}

/* ---- column order ---- */

/* Column order constraints between node indexes. */
struct deps {
	struct strmap idx;		/* key -> node index + 1 */
	size_t *pa, *pb;
	size_t n;
};

static void dep(struct deps *d, const char *before, const char *after)
{
	void *x = strmap_get(&d->idx, before), *y = strmap_get(&d->idx, after);

	if (x && y && x != y) {
		d->pa[d->n] = (size_t)(uintptr_t)x - 1;
		d->pb[d->n++] = (size_t)(uintptr_t)y - 1;
	}
}

/* The pairs _adjust_self_columns_for_partial_reordering() sorts by. */
static void collect_deps(struct deps *d, struct model *m,
			 const struct ops_op *b, const struct bcol *nodes,
			 size_t n)
{
	size_t i, j, k = m->npairs + n;

	for (i = 0; i < b->u.batch.nreorders; i++)
		k += b->u.batch.nreorder[i];
	d->pa = arena_alloc(m->a, (k + 1) * sizeof(*d->pa));
	d->pb = arena_alloc(m->a, (k + 1) * sizeof(*d->pb));
	if (b->u.batch.nreorders) {
		for (i = 0; i < b->u.batch.nreorders; i++)
			for (j = 1; j < b->u.batch.nreorder[i]; j++)
				dep(d, b->u.batch.reorder[i][j - 1],
				    b->u.batch.reorder[i][j]);
	} else {
		/* (col_by_idx[i - 1], existing_ordering[i]) */
		for (i = 1; i < m->nexist && i < n; i++)
			dep(d, nodes[i - 1].key, m->exist[i]);
	}
	for (i = 0; i < m->npairs; i++)
		dep(d, m->pa[i], m->pb[i]);
}

/* SQLAlchemy's topological.sort(pairs, columns): round after round,
 * every column none of whose predecessors is left, in current order. */
static int topo_sort(struct bcol *out, struct model *m, const struct deps *d,
		     const struct bcol *nodes, size_t n,
		     const struct rt_loc *loc)
{
	bool *done = arena_alloc(m->a, (n + 1) * sizeof(*done));
	bool *ready = arena_alloc(m->a, (n + 1) * sizeof(*ready));
	size_t left, nout = 0, i, k;

	for (left = n; left; ) {
		size_t got = 0;

		for (i = 0; i < n; i++)
			ready[i] = !done[i];
		for (k = 0; k < d->n; k++)
			if (!done[d->pa[k]])
				ready[d->pb[k]] = false;
		for (i = 0; i < n; i++)
			if (ready[i]) {
				done[i] = true;
				out[nout++] = nodes[i];
				got++;
			}
		if (!got)
			return rt_errf(m->err, RT_ERROR, loc,
				       "CircularDependencyError: Circular "
				       "dependency detected.");
		left -= got;
	}
	return 0;
}

/* _adjust_self_columns_for_partial_reordering(), when Alembic calls it */
static int reorder(struct model *m, const struct ops_op *batch)
{
	struct bcol *nodes, *out;
	struct deps d = { .n = 0 };
	size_t n = 0, i;
	int rc;

	if (!batch->u.batch.nreorders && !m->npairs)
		return 0;
	nodes = arena_alloc(m->a, (m->ncols + 1) * sizeof(*nodes));
	out = arena_alloc(m->a, (m->ncols + 1) * sizeof(*out));
	strmap_init_arena(&d.idx, m->a);
	for (i = 0; i < m->ncols; i++)
		if (!m->cols[i].gone) {
			nodes[n] = m->cols[i];
			strmap_put(&d.idx, nodes[n].key,
				   (void *)(uintptr_t)(n + 1));
			n++;
		}
	collect_deps(&d, m, batch, nodes, n);
	if ((rc = topo_sort(out, m, &d, nodes, n, &batch->loc)) < 0)
		return rc;
	/* the new order; the column map points into m->cols again, and
	 * no longer knows dropped columns */
	for (i = 0; i < m->ncols; i++)
		if (m->cols[i].gone)
			strmap_put(&m->colmap, m->cols[i].key, NULL);
	memcpy(m->cols, out, n * sizeof(*out));
	m->ncols = n;
	for (i = 0; i < n; i++)
		strmap_put(&m->colmap, m->cols[i].key, &m->cols[i]);
	return 0;
}

/* ---- the new table ---- */

/* Map column keys to the new names; false when one is gone. */
static bool map_cols(struct model *m, const char *const *keys, size_t n,
		     const char ***out)
{
	const char **v = arena_alloc(m->a, (n ? n : 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		struct bcol *bc = find_col(m, keys[i]);

		if (!bc)
			return false;
		v[i] = bc->col->name;
	}
	*out = v;
	return true;
}

/* A copy of c for the new table, or NULL when it names a column the
 * new table lacks (Alembic leaves those out). */
static struct ops_constraint *copy_constraint(struct model *m,
					      const struct ops_constraint *c)
{
	struct ops_constraint *k;
	const char **cols;

	if (!map_cols(m, c->cols, c->ncols, &cols))
		return NULL;
	k = arena_memdup(m->a, c, sizeof(*c));
	k->cols = cols;
	if (c->kind == OPS_C_FOREIGN) {
		k->fk = arena_memdup(m->a, c->fk, sizeof(*c->fk));
		if (!map_cols(m, c->fk->cols, c->fk->ncols, &k->fk->cols))
			return NULL;
		k->fk->refspecs = NULL;
	}
	return k;
}

static void build_pk(struct model *m, struct ops_table *nt)
{
	struct ops_constraint *pk;
	const char **cols;
	size_t i;

	if (!m->npk || !map_cols(m, m->pk, m->npk, &cols))
		return;
	for (i = 0; i < m->npk; i++)
		find_col(m, m->pk[i])->col->primary_key = true;
	pk = ops_constraint_new(m->a, OPS_C_PRIMARY, nt->loc);
	pk->name = m->pk_name;
	pk->cols = cols;
	pk->ncols = m->npk;
	ops_table_add_constraint(m->a, nt, pk);
}

static void build_table(struct model *m, struct batch_plan *p,
			const struct ops_op *batch)
{
	struct ops_table *nt = ops_table_new(m->a, p->tmp, batch->loc);
	struct bcast *c;
	size_t i, j;

	nt->schema = m->src->schema;
	nt->comment = m->src->comment;
	p->xfer = arena_alloc(m->a, (m->ncols + 1) * sizeof(*p->xfer));
	for (i = 0; i < m->ncols; i++) {
		struct bcol *bc = &m->cols[i];

		if (bc->gone)
			continue;
		bc->col->primary_key = false;
		ops_table_add_column(m->a, nt, bc->col);
	}
	build_pk(m, nt);
	for (i = 0; i < m->ncols; i++) {
		struct bcol *bc = &m->cols[i];
		struct batch_xfer *x;

		if (bc->gone || !bc->xfer)
			continue;
		x = &p->xfer[p->nxfer++];
		x->key = bc->key;
		x->name = bc->col->name;
		for (c = bc->casts; c; c = c->next)
			x->ncasts++;
		x->casts = arena_alloc(m->a, (x->ncasts + 1) *
				       sizeof(*x->casts));
		for (j = 0, c = bc->casts; c; c = c->next)
			x->casts[j++] = c->type;
	}
	for (i = 0; i < batch->u.batch.ntable_args; i++)
		ops_table_add_constraint(m->a, nt,
					 batch->u.batch.table_args[i]);
	for (i = 0; i < m->nnamed; i++) {
		struct ops_constraint *k;

		if (m->named[i].gone || m->named[i].c->kind == OPS_C_PRIMARY)
			continue;
		if ((k = copy_constraint(m, m->named[i].c)))
			ops_table_add_constraint(m->a, nt, k);
	}
	for (i = 0; i < m->nunnamed; i++) {
		struct ops_constraint *k;

		if (m->unnamed[i]->kind == OPS_C_PRIMARY)
			continue;
		if ((k = copy_constraint(m, m->unnamed[i])))
			ops_table_add_constraint(m->a, nt, k);
	}
	p->nt = nt;
}

/* An index of the new table: columns by key, on the old name.  An old
 * index keeps the name of a column the new table lacks (_copy_expression
 * leaves it; the database then fails); a new one raises KeyError. */
static int copy_index(struct model *m, struct batch_plan *p,
		      const struct ops_index *ix, bool old)
{
	struct ops_index *n = ops_index_new(m->a, ix->name, ix->loc);
	size_t i;

	memcpy(n, ix, sizeof(*n));
	n->cols = arena_alloc(m->a, (ix->ncols + 1) * sizeof(*n->cols));
	for (i = 0; i < ix->ncols; i++) {
		struct bcol *bc;

		n->cols[i] = ix->cols[i];
		if (ix->cols[i].is_expr)
			continue;
		if (!(bc = find_col(m, ix->cols[i].name)) && old)
			continue;
		if (!bc) {
			p->bad_key = ix->cols[i].name;
			p->bad_loc = ix->loc;
			return -1;
		}
		n->cols[i].name = bc->col->name;
	}
	n->table = m->src->name;
	n->schema = m->src->schema;
	p->idx[p->nidx++] = n;
	return 0;
}

static void build_indexes(struct model *m, struct batch_plan *p)
{
	size_t i;

	p->idx = arena_alloc(m->a, (m->nixs + m->nnewixs + 1) *
			     sizeof(*p->idx));
	/* stops at a missing column: p->bad_key */
	for (i = 0; i < m->nixs; i++)
		if (!m->ixs[i].gone &&
		    copy_index(m, p, m->ixs[i].ix, true) < 0)
			return;
	for (i = 0; i < m->nnewixs; i++)
		if (copy_index(m, p, m->newixs[i].ix, false) < 0)
			return;
}

/* _calc_temp_name(): ("_alembic_tmp_%s" % name)[0:50], code points */
static const char *temp_name(struct rt_arena *a, const char *name)
{
	char *s = arena_printf(a, "_alembic_tmp_%s", name);
	size_t n = 0;
	char *p;

	for (p = s; *p; p++)
		if ((*p & 0xC0) != 0x80 && n++ == 50)
			break;
	*p = '\0';
	return s;
}

int batch_plan_build(struct batch_plan *p, struct rt_arena *a,
		     const struct ops_op *batch, const struct ops_table *src,
		     bool reflected, bool cast_json, struct rt_err *err)
{
	struct model m = { .a = a, .src = src, .err = err, .batch = batch,
			   .cast_json = cast_json };
	size_t i;
	int rc;

	memset(p, 0, sizeof(*p));
	p->src = src;
	p->tmp = temp_name(a, src->name);
	grab_table(&m, batch->u.batch.n, reflected);
	for (i = 0; i < batch->u.batch.n; i++)
		if ((rc = apply_op(&m, batch->u.batch.ops[i])) < 0)
			return rc;
	if ((rc = reorder(&m, batch)) < 0)
		return rc;
	build_table(&m, p, batch);
	build_indexes(&m, p);
	p->keep = arena_alloc(a, (m.nnamed + 1) * sizeof(*p->keep));
	for (i = 0; i < m.nnamed; i++)
		if (!m.named[i].gone && m.named[i].orig)
			p->keep[p->nkeep++] = m.named[i].orig;
	return 0;
}
