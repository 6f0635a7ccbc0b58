/*
 * test_strsort.c: strsort() orders records as qsort() with strcmp does,
 * on names with random, shared and short prefixes, bytes >= 0x80 and
 * empty strings.
 */
#include "unit.h"
#include "base/strsort.h"

#include <stddef.h>

struct rec {
	int tag;
	const char *name;
};

static int cmp_rec(const void *x, const void *y)
{
	return strcmp(((const struct rec *)x)->name,
		      ((const struct rec *)y)->name);
}

static unsigned long next(unsigned long *seed)
{
	*seed = *seed * 6364136223846793005ul + 1442695040888963407ul;
	return *seed >> 33;
}

/* n distinct names from the alphabet, prefixed with pre. */
static char **names(size_t n, const char *pre, const char *alpha,
		    size_t maxlen, unsigned long seed)
{
	char **v = calloc(n, sizeof(*v));
	size_t k = strlen(alpha), plen = strlen(pre);

	for (size_t i = 0; i < n; i++) {
		size_t len = next(&seed) % (maxlen + 1);
		char *s = malloc(plen + len + 24);

		memcpy(s, pre, plen);
		for (size_t j = 0; j < len; j++)
			s[plen + j] = alpha[next(&seed) % k];
		/* a unique tail keeps names distinct, as in a directory */
		snprintf(s + plen + len, 24, "%s%zu", len % 3 ? "" : "_", i);
		v[i] = s;
	}
	return v;
}

static void check(char **v, size_t n)
{
	struct rec *a = calloc(n + 1, sizeof(*a)), *b = calloc(n + 1,
							     sizeof(*b));
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		a[i] = b[i] = (struct rec){ (int)i, v[i] };
	strsort(a, n, sizeof(*a), offsetof(struct rec, name));
	qsort(b, n, sizeof(*b), cmp_rec);
	for (size_t i = 0; i < n; i++)
		bad += a[i].tag != b[i].tag || a[i].name != b[i].name;
	CU_ASSERT_EQUAL(bad, 0);
	free(a);
	free(b);
}

static void release(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void test_strsort_like_qsort(void)
{
	static const struct {
		const char *pre, *alpha;
		size_t n, maxlen;
	} cases[] = {
		{ "", "0123456789abcdef", 10000, 12 },	/* revision ids */
		{ "migration_", "0123456789", 3000, 6 },	/* one run */
		{ "", "ab", 2000, 3 },			/* short names */
		{ "", "a\x7f\x80\xc3\xff.", 2000, 10 },	/* high bytes */
		{ "2024_01_01_", "0123456789_abc", 500, 20 },
		{ "", "xyz", 1, 4 },
		{ "", "xyz", 2, 4 },
	};

	for (size_t c = 0; c < RT_ARRAY_SIZE(cases); c++) {
		char **v = names(cases[c].n, cases[c].pre, cases[c].alpha,
				 cases[c].maxlen, 42 + c);

		check(v, cases[c].n);
		release(v, cases[c].n);
	}
	check(NULL, 0);
}

static void test_strsort_prefix_edges(void)
{
	/* 8-byte boundaries, empty string, a name ending at byte 8 */
	char *v[] = { "abcdefgh", "abcdefg", "abcdefgh0", "", "abcdefgi",
		      "abcdefgh\xff", "abcdefg\x01", "b", "abcdefgh/z",
		      "\xff", "abcdefgh." };

	check(v, RT_ARRAY_SIZE(v));
}

void unit_register(void)
{
	UNIT_SUITE("strsort", UNIT_TEST(test_strsort_like_qsort),
		   UNIT_TEST(test_strsort_prefix_edges));
}
