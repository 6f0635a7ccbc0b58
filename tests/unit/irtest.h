/*
 * irtest.h: op-IR builders the batch suites (test_batch*.c) share, test
 * code only: a batch_alter_table() block at versions/b.py line 10 and
 * its nested ops on lines 11, 12, ..., all at column 9.
 */
#ifndef TEST_IRTEST_H
#define TEST_IRTEST_H

#include "unit.h"

#include "ops/ops.h"

/* versions/b.py:line:9 */
struct rt_loc irt_at(int line);
/* sa.<name>(len) (len 0: no length), in a. */
struct ops_type *irt_type(struct rt_arena *a, const char *name, int len);
/* An empty batch block on table, with room for 32 nested ops, in a. */
struct ops_op *irt_batch(struct rt_arena *a, const char *table);
/* A new op of kind k appended to batch b, on the next line, in a. */
struct ops_op *irt_nest(struct rt_arena *a, struct ops_op *b,
			enum ops_kind k);
/* b.alter_column(col): the caller fills in the rest. */
struct ops_alter *irt_alter(struct rt_arena *a, struct ops_op *b,
			    const char *col);
/* b.create_index(name, [col], unique=unique) */
void irt_create_index(struct rt_arena *a, struct ops_op *b, const char *name,
		      const char *col, bool unique);
/* b.drop_constraint(name, type_=type_) (type_ may be NULL) */
void irt_drop_constraint(struct rt_arena *a, struct ops_op *b,
			 const char *name, const char *type_);

#endif
