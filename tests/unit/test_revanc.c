/*
 * test_revanc.c: the map's ancestor index (revgraph.c: single-parent
 * forest plus a bitset per merge): revmap_is_ancestor() and
 * revmap_is_vancestor() against a plain walk, on seeded random graphs.
 */
#include "unit.h"
#include "base/buf.h"
#include "revtest.h"

#include <stdlib.h>

/* xorshift: the same graphs on every machine. */
static uint64_t seed;

static unsigned rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

/*
 * A spec of n revisions: chains (mostly the previous revision as the
 * parent), branches off random earlier revisions, merges of two or
 * three, new bases, and depends_on edges.
 */
static char *random_spec(unsigned n)
{
	struct rt_buf b = RT_BUF_INIT;
	unsigned i, k, np, p[3];

	for (i = 0; i < n; i++) {
		unsigned roll = rnd(100);

		np = !i || roll < 5 ? 0 : roll < 20 ? 2 + rnd(2) : 1;
		if (np > i)
			np = i;
		for (k = 0; k < np; k++) {
			bool dup;

			do {
				p[k] = k == 0 && rnd(3) ? i - 1 : rnd(i);
				dup = false;
				for (unsigned j = 0; j < k; j++)
					dup |= p[j] == p[k];
			} while (dup);
		}
		rt_buf_addf(&b, "%sn%03u:", i ? " " : "", i);
		for (k = 0; k < np; k++)
			rt_buf_addf(&b, "%sn%03u", k ? "," : "", p[k]);
		if (i > 1 && rnd(100) < 12) {
			unsigned d = rnd(i);
			bool dup = false;

			for (k = 0; k < np; k++)
				dup |= p[k] == d;
			if (!dup)
				rt_buf_addf(&b, ":n%03u", d);
		}
	}
	return rt_buf_detach(&b, NULL);
}

/* Mark the inclusive ancestors of r (versioned: downs only). */
static void walk(const struct revision *r, bool versioned, bool *mark)
{
	size_t n = versioned ? r->ndown : r->nall_down;
	struct revision **e = versioned ? r->down : r->all_down;

	if (mark[r->index])
		return;
	mark[r->index] = true;
	for (size_t i = 0; i < n; i++)
		walk(e[i], versioned, mark);
}

static void check_graph(const char *spec, size_t *pairs)
{
	struct revmap *m = revtest_map(spec);
	bool *mark = rt_xcalloc(m->nrevs + 1, sizeof(*mark));

	for (int v = 0; v < 2; v++) {
		for (size_t b = 0; b < m->nrevs; b++) {
			memset(mark, 0, m->nrevs * sizeof(*mark));
			walk(m->revs[b], v, mark);
			for (size_t a = 0; a < m->nrevs; a++) {
				bool got = v ? revmap_is_vancestor(m,
						m->revs[a], m->revs[b]) :
					revmap_is_ancestor(m, m->revs[a],
							   m->revs[b]);

				if (got != mark[a])
					fprintf(stderr, "\n%s: %s %s of %s: "
						"got %d\n", spec, m->revs[a]->id,
						v ? "vanc" : "anc",
						m->revs[b]->id, got);
				CU_ASSERT_EQUAL(got, mark[a]);
				(*pairs)++;
			}
		}
	}
	free(mark);
	revmap_free(m);
}

static void test_revanc_random(void)
{
	size_t pairs = 0;

	seed = 0x2545F4914F6CDD1Du;
	for (unsigned g = 0; g < 60; g++) {
		char *spec = random_spec(2 + rnd(90));

		check_graph(spec, &pairs);
		free(spec);
	}
	CU_ASSERT(pairs > 100000);
}

/* Shapes the index special-cases: no merges, one chain, only bases. */
static void test_revanc_shapes(void)
{
	size_t pairs = 0;

	check_graph("a: b:a c:b d:c e:b f:e", &pairs);
	check_graph("a: b: c: d:", &pairs);
	check_graph("a: b:a c:a d:b,c e:d f:e,a g:f::", &pairs);
	check_graph("a: b::a c:b:a d:c,a e: f:e:d", &pairs);
	CU_ASSERT_EQUAL(pairs, 2 * (36 + 16 + 49 + 36));
}

static void test_revanc_zz_cleanup(void)
{
	revtest_cleanup();
}

void unit_register(void)
{
	UNIT_SUITE("revanc",
		   UNIT_TEST(test_revanc_random),
		   UNIT_TEST(test_revanc_shapes),
		   UNIT_TEST(test_revanc_zz_cleanup));
}
