/*
 * revtest.c: the suite arena and map builder of the revision-graph
 * suites (revtest.h).
 */
#include "revtest.h"

#include "revgraphs.h"
#include "unit.h"

static struct rt_arena *arena;

struct rt_arena *revtest_arena(void)
{
	if (!arena)
		arena = arena_new();
	return arena;
}

struct revmap *revtest_map(const char *spec)
{
	struct rt_err err = RT_ERR_INIT;
	struct revmap *m = tg_map(revtest_arena(), spec, &err);

	if (!m)
		fprintf(stderr, "%s: %s\n", spec, err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

void revtest_cleanup(void)
{
	arena_free(arena);
	arena = NULL;
}
