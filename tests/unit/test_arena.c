/*
 * test_arena.c: the run arena: zeroed and aligned allocations, packed
 * string copies, and the hooks run when it is freed.
 */
#include "unit.h"
#include "base/arena.h"

#include <stdint.h>

static char order[16];

static void note(void *arg)
{
	size_t n = strlen(order);

	order[n] = *(const char *)arg;
	order[n + 1] = '\0';
}

static void test_arena_hooks_run_last_first(void)
{
	struct rt_arena *a = arena_new();

	order[0] = '\0';
	arena_on_free(a, note, "1");
	arena_on_free(a, note, "2");
	arena_on_free(a, note, "3");
	CU_ASSERT_STRING_EQUAL(order, "");
	arena_free(a);
	CU_ASSERT_STRING_EQUAL(order, "321");
}

static bool aligned(const void *p)
{
	return (uintptr_t)p % _Alignof(max_align_t) == 0;
}

static void test_arena_alignment(void)
{
	struct rt_arena *a = arena_new();
	char *s = arena_strdup(a, "abc"), *t = arena_strndup(a, "xyzw", 2);
	unsigned char *z;
	void *big;
	size_t i, nonzero = 0;

	CU_ASSERT_STRING_EQUAL(s, "abc");
	CU_ASSERT_STRING_EQUAL(t, "xy");
#ifndef RT_ARENA_DEBUG
	CU_ASSERT_PTR_EQUAL(t, s + 4);	/* strings are packed */
#endif
	/* After odd-sized strings, other memory is aligned and zeroed. */
	z = arena_alloc(a, 100);
	CU_ASSERT_TRUE(aligned(z));
	for (i = 0; i < 100; i++)
		nonzero += z[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 0);
	CU_ASSERT_TRUE(aligned(arena_memdup(a, "12345", 5)));
	/* A big string gets its own block; then the head goes on. */
	big = arena_alloc(a, 1 << 20);
	CU_ASSERT_TRUE(aligned(big));
	for (i = 0; i < 5000; i++) {
		s = arena_strdup(a, "odd");
		CU_ASSERT_STRING_EQUAL(s, "odd");
		CU_ASSERT_TRUE(aligned(arena_alloc(a, 24)));
	}
	s = arena_strndup(a, "", 0);
	CU_ASSERT_STRING_EQUAL(s, "");
	arena_free(a);
	arena_free(NULL);
}

void unit_register(void)
{
	UNIT_SUITE("arena", UNIT_TEST(test_arena_hooks_run_last_first),
		   UNIT_TEST(test_arena_alignment));
}
