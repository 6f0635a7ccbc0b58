/*
 * test_revresolve.c: identifier resolution (spec §5.A, 5.B): ids,
 * labels, prefixes (the 4-character rule), ambiguity, keywords, L@x,
 * L@head(s), -N / L@-N, and the CLI vs detailed error texts.
 */
#include "unit.h"

#include "revgraphs.h"
#include "revtest.h"

/* get_revisions(arg) must give want ("" for nothing). */
static void ok(struct revmap *m, const char *arg, const char *want)
{
	struct rt_err err = RT_ERR_INIT;
	struct revision **v;
	size_t n;
	char *got;

	if (revmap_get_revisions(&v, &n, m, arg, &err) < 0) {
		fprintf(stderr, "%s: %s\n", arg, err.msg);
		CU_FAIL("unexpected error");
		return;
	}
	got = tg_ids(v, n);
	if (strcmp(got, want))
		fprintf(stderr, "%s: want '%s' got '%s'\n", arg, want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

/* get_revisions(arg) must fail with code, CLI text and detail. */
static void fails(struct revmap *m, const char *arg, int code,
		  const char *cli, const char *detail)
{
	struct rt_err err = RT_ERR_INIT;
	struct revision **v;
	size_t n;

	CU_ASSERT_EQUAL(revmap_get_revisions(&v, &n, m, arg, &err), code);
	CU_ASSERT_STRING_EQUAL(err.msg, cli);
	if (detail)
		CU_ASSERT_STRING_EQUAL(m->detail, detail);
	if (strcmp(err.msg, cli) || (detail && strcmp(m->detail, detail)))
		fprintf(stderr, "%s: got '%s' / '%s'\n", arg, err.msg,
			m->detail);
}

static void test_revresolve_names(void)
{
	struct revmap *m = revtest_map(DAG_B);

	ok(m, "m2main", "m2main");
	ok(m, "feat", "f1feat");	/* the declaring revision (5.1.2) */
	ok(m, "fea", "f1feat");		/* prefix of a label */
	ok(m, "r1b", "r1base");	/* 3 chars, longer candidate */
	ok(m, "top0", "top001");
	ok(m, "base", "");
	ok(m, NULL, "");
	/* Alembic asserts on an empty name (exit 1) */
	fails(m, "", RT_ERROR, "AssertionError", NULL);
	fails(m, "m", RT_EAMBIGUOUS, "Can't locate revision identified by 'm'",
	      "Multiple revisions start with 'm': 'mg0001', 'm2main', "
	      "'m1main'...");
	fails(m, "zz", RT_ENOTFOUND,
	      "Can't locate revision identified by 'zz'",
	      "No such revision or branch 'zz'; please ensure at least four "
	      "characters are present for partial revision identifier "
	      "matches");
	fails(m, "zzzzz", RT_ENOTFOUND,
	      "Can't locate revision identified by 'zzzzz'",
	      "No such revision or branch 'zzzzz'");
	/* ints >= 0 are plain names (5.5) */
	fails(m, "+1", RT_ENOTFOUND,
	      "Can't locate revision identified by '+1'", NULL);
	revmap_free(m);
}

static void test_revresolve_short_ids(void)
{
	/* rule 5.1: a 1-3 character id only matches exactly */
	struct revmap *m = revtest_map("ab: abc:ab abcd:abc");

	ok(m, "ab", "ab");
	ok(m, "abc", "abc");
	ok(m, "a", "abcd");
	revmap_free(m);
}

static void test_revresolve_branches(void)
{
	struct revmap *m = revtest_map(DAG_B);

	ok(m, "heads", "top001");
	ok(m, "head", "top001");
	ok(m, "feat@head", "top001");
	ok(m, "r2main@head", "top001");
	ok(m, "feat@heads", "top001");
	ok(m, "feat@base", "");
	ok(m, "feat@f2feat", "f2feat");
	ok(m, "feat@f2", "f2feat");
	ok(m, "r1base@m1main", "m1main");
	fails(m, "feat@m1main", RT_ENOTFOUND,
	      "Can't locate revision identified by 'm1main'",
	      "Revision m1main is not a member of branch 'feat'");
	fails(m, "nosuch@head", RT_ENOTFOUND,
	      "Can't locate revision identified by 'nosuch'",
	      "No such revision or branch 'nosuch'");
	fails(m, "nosuch@m1main", RT_ENOTFOUND,
	      "Can't locate revision identified by 'nosuch'",
	      "No such branch: 'nosuch'");
	/* a prefix inside a branch: only candidates in the lineage */
	ok(m, "feat@m", "mg0001");
	revmap_free(m);
}

static void test_revresolve_heads(void)
{
	struct revmap *m = revtest_map(DAG_C);
	struct revision *r;
	struct rt_err err = RT_ERR_INIT;

	ok(m, "heads", "aaaa0003");		/* real heads */
	ok(m, "beta@head", "bbbb0002");
	ok(m, "alpha@head", "aaaa0003");
	ok(m, "bbbb0001@heads", "bbbb0002");	/* versioned lineage */
	ok(m, "aaaa0001@head", "aaaa0003");
	ok(m, "alpha@-1", "aaaa0002");
	ok(m, "beta@-1", "");
	fails(m, "head", RT_EAMBIGUOUS, "Multiple head revisions are present "
	      "for given argument 'head'; please specify a specific target "
	      "revision, '<branchname>@head' to narrow to a specific head, "
	      "or 'heads' for all heads", "Multiple heads are present for "
	      "given argument 'head'; bbbb0002, aaaa0003");
	CU_ASSERT_EQUAL(revmap_get_revision(&r, m, "beta", &err), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->id, "bbbb0001");
	CU_ASSERT_EQUAL(revmap_get_revision(&r, m, "base", &err), 0);
	CU_ASSERT_PTR_NULL(r);
	revmap_free(m);
	m = revtest_map(DAG_B);
	/* get_revision('heads') with one real head */
	CU_ASSERT_EQUAL(revmap_get_revision(&r, m, "heads", &err), 0);
	CU_ASSERT_STRING_EQUAL(r->id, "top001");
	revmap_free(m);
	m = revtest_map("r1: r2:r1 r3:r1");
	ok(m, "r1@heads", "r2 r3");
	fails(m, "r1@head", RT_EAMBIGUOUS, "Multiple head revisions are "
	      "present for given argument 'r1@head'; please specify a "
	      "specific target revision, '<branchname>@r1@head' to "
	      "narrow to a specific head, or 'heads' for all heads",
	      "Multiple heads are present for given argument 'r1@head'; "
	      "r2, r3");
	CU_ASSERT_EQUAL(revmap_get_revision(&r, m, "heads", &err),
			RT_EAMBIGUOUS);
	CU_ASSERT_STRING_EQUAL(m->detail, "Multiple heads are present for "
			       "given argument 'heads'; r2, r3");
	revmap_free(m);
}

static void test_revresolve_minus_n(void)
{
	struct revmap *m = revtest_map(CHAIN5);

	ok(m, "-1", "aaaa0004");
	ok(m, "-4", "aaaa0001");
	/* walking onto / past base: Alembic crashes in show (exit 1) */
	fails(m, "-5", RT_ERROR, "AttributeError: 'str' object has no "
	      "attribute 'log_entry'", NULL);
	fails(m, "-6", RT_ERROR, "AttributeError: 'NoneType' object has no "
	      "attribute 'log_entry'", NULL);
	revmap_free(m);
	m = revtest_map(DAG_B);
	ok(m, "feat@-1", "mg0001");	/* label membership (5.5) */
	ok(m, "m1main@-1", "");		/* not a label of the head */
	fails(m, "-2", RT_ECOMMAND, "Ambiguous walk", "Ambiguous walk");
	revmap_free(m);
	m = revtest_map(DAG_D);
	fails(m, "bugfix@-1", RT_ECOMMAND, "Ambiguous walk", NULL);
	revmap_free(m);
}

/* get_revisions(arg) must fail with RT_ERROR msg, leaving want. */
static void partial(struct revmap *m, const char *arg, const char *want,
		    const char *msg)
{
	struct rt_err err = RT_ERR_INIT;
	struct revision **v;
	size_t n;
	char *got;

	CU_ASSERT_EQUAL(revmap_get_revisions(&v, &n, m, arg, &err),
			RT_ERROR);
	CU_ASSERT_STRING_EQUAL(err.msg, msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	got = tg_ids(v, n);
	if (strcmp(got, want))
		fprintf(stderr, "%s: want '%s' got '%s'\n", arg, want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

/*
 * rule 5.5 "-N" walking past base from one head: Alembic 1.8.1's `show`
 * prints the entries of the heads before it (load order), then crashes
 * (exit 1).  Real runs, files loaded in the order written:
 *   "a1a1: a2a2:a1a1 b1b1: c1c1:a1a1" show -1: a1a1's entry, then
 *     AttributeError: 'str' object has no attribute 'log_entry'
 *   show -2: nothing, the same error (a2a2 reaches "base" first)
 *   "x1x1: x2x2:x1x1 x3x3:x2x2 x4x4:x3x3 bbbb: y1y1:x1x1 y2y2:y1y1"
 *     show -1: x3x3, then 'str' (bbbb); show -2: x2x2, then
 *     AttributeError: 'NoneType' object has no attribute 'log_entry'
 */
static void test_revresolve_minus_n_partial(void)
{
	struct revmap *m = revtest_map("a1a1: a2a2:a1a1 b1b1: c1c1:a1a1");
	struct rt_err err = RT_ERR_INIT;
	struct revision **v;
	size_t n;

	partial(m, "-1", "a1a1", "AttributeError: 'str' object has no "
		"attribute 'log_entry'");
	partial(m, "-2", "", "AttributeError: 'str' object has no "
		"attribute 'log_entry'");
	/* other errors leave no partial result */
	CU_ASSERT_EQUAL(revmap_get_revisions(&v, &n, m, "zzzz", &err),
			RT_ENOTFOUND);
	CU_ASSERT_PTR_NULL(v);
	CU_ASSERT_EQUAL(n, 0);
	revmap_free(m);
	m = revtest_map("x1x1: x2x2:x1x1 x3x3:x2x2 x4x4:x3x3 bbbb: "
			"y1y1:x1x1 y2y2:y1y1");
	partial(m, "-1", "x3x3", "AttributeError: 'str' object has no "
		"attribute 'log_entry'");
	partial(m, "-2", "x2x2", "AttributeError: 'NoneType' object has no "
		"attribute 'log_entry'");
	revmap_free(m);
	/* a later head's walk error wins: Alembic never builds the tuple
	 * ("zz01: a1a1: b1b1: m1m1:a1a1,b1b1" show -1: FAILED: Ambiguous
	 * walk, exit 255) */
	m = revtest_map("zz01: a1a1: b1b1: m1m1:a1a1,b1b1");
	err = (struct rt_err)RT_ERR_INIT;
	CU_ASSERT_EQUAL(revmap_get_revisions(&v, &n, m, "-1", &err),
			RT_ECOMMAND);
	CU_ASSERT_STRING_EQUAL(err.msg, "Ambiguous walk");
	CU_ASSERT_PTR_NULL(v);
	revmap_free(m);
}

void unit_register(void)
{
	UNIT_SUITE("revresolve",
		   UNIT_TEST(test_revresolve_names),
		   UNIT_TEST(test_revresolve_short_ids),
		   UNIT_TEST(test_revresolve_branches),
		   UNIT_TEST(test_revresolve_heads),
		   UNIT_TEST(test_revresolve_minus_n),
		   UNIT_TEST(test_revresolve_minus_n_partial),
		   { "test_revresolve_zz_cleanup", revtest_cleanup });
}
