/*
 * irtest.c: the op-IR builders of the batch suites (irtest.h).
 */
#include "irtest.h"

struct rt_loc irt_at(int line)
{
	return (struct rt_loc){ "versions/b.py", line, 9 };
}

struct ops_type *irt_type(struct rt_arena *a, const char *name, int len)
{
	struct ops_type *t = ops_type_new(a, ops_type_lookup(OPS_M_SA, name),
					  irt_at(1));

	t->length = len;
	return t;
}

struct ops_op *irt_batch(struct rt_arena *a, const char *table)
{
	struct ops_op *b = ops_op_new(a, OPS_BATCH, irt_at(10));

	b->table = table;
	b->u.batch.ops = arena_alloc(a, 32 * sizeof(*b->u.batch.ops));
	return b;
}

struct ops_op *irt_nest(struct rt_arena *a, struct ops_op *b,
			enum ops_kind k)
{
	struct ops_op *op = ops_op_new(a, k, irt_at(11 + (int)b->u.batch.n));

	b->u.batch.ops[b->u.batch.n++] = op;
	return op;
}

struct ops_alter *irt_alter(struct rt_arena *a, struct ops_op *b,
			    const char *col)
{
	struct ops_op *op = irt_nest(a, b, OPS_ALTER_COLUMN);

	op->u.alter.column = col;
	return &op->u.alter;
}

void irt_create_index(struct rt_arena *a, struct ops_op *b, const char *name,
		      const char *col, bool unique)
{
	struct ops_index *ix = ops_index_new(a, name,
					     irt_at(11 + (int)b->u.batch.n));

	ix->unique = unique;
	ops_index_add_col(a, ix, col, false);
	irt_nest(a, b, OPS_CREATE_INDEX)->u.index = ix;
}

void irt_drop_constraint(struct rt_arena *a, struct ops_op *b,
			 const char *name, const char *type_)
{
	struct ops_op *op = irt_nest(a, b, OPS_DROP_CONSTRAINT);

	op->u.drop.name = name;
	op->u.drop.type_ = type_;
}
