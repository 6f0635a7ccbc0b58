/*
 * test_revplan.c: plans (spec §6, §7.B, §7.D): the worked examples of
 * 6.12-6.15 and 7.9/7.16 with their row operations, relative targets
 * (5.9, 5.10), history ranges (5.11, 6.9, 6.10, 9.5), offline ranges
 * (5.12, 5.13), current (9.12), rule 7.8, and 10,000-revision graphs.
 * Expected texts were checked against Alembic 1.8.1's own RevisionMap,
 * HeadMaintainer and _stamp_revs.
 */
#include "unit.h"

#include "revgraphs.h"
#include "revtest.h"

/* Space-separated words of s (rows, stamp arguments), in the arena. */
static const char **words(const char *s, size_t *n)
{
	return tg_split(revtest_arena(), s, strlen(s), ' ', n);
}

/* "ERR <code> <message>" (caller frees). */
static char *err_text(int rc, const struct rt_err *err)
{
	return rt_xstrdup(arena_printf(revtest_arena(), "ERR %d %s", rc,
				       err->msg));
}

/*
 * Run cmd ("upgrade", "downgrade", "stamp"; "-sql" suffix for offline)
 * with arg (stamp: space-separated args) on rows (space-separated) and
 * compare with want: the tg_plan() text, or "ERR <code> <message>".
 */
static void plan(struct revmap *m, const char *cmd, const char *arg,
		 const char *rows, unsigned flags, const char *want)
{
	struct rt_err err = RT_ERR_INIT;
	struct revplan *p = NULL;
	size_t nrows, nargs;
	const char **rv = words(rows, &nrows);
	char *got;
	int rc;

	if (!strcmp(cmd, "upgrade")) {
		rc = revplan_upgrade(&p, m, arg, rv, nrows, flags, &err);
	} else if (!strcmp(cmd, "downgrade")) {
		rc = revplan_downgrade(&p, m, arg, rv, nrows, flags, &err);
	} else {
		const char **av = words(arg, &nargs);

		rc = revplan_stamp(&p, m, av, nargs, rv, nrows, flags, &err);
	}
	got = rc < 0 ? err_text(rc, &err) : tg_plan(p);
	if (strcmp(got, want))
		fprintf(stderr, "\n%s %s [%s]:\n  want %s\n  got  %s\n", cmd,
			arg, rows, want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

#define UP(m, a, r, w) plan(m, "upgrade", a, r, 0, w)
#define DOWN(m, a, r, w) plan(m, "downgrade", a, r, 0, w)
#define STAMP(m, a, r, w) plan(m, "stamp", a, r, 0, w)

/* 6.12 transcript, 7.9 row operations, relative forms. */
static void test_revplan_dag_b(void)
{
	struct revmap *m = revtest_map(DAG_B);

	UP(m, "heads", "", "+r1base[I r1base] +r2main[U r1base>r2main] "
	   "+f1feat[U r2main>f1feat] +m1main[I m1main] "
	   "+m2main[D m1main U f1feat>m2main] +f2feat[I f2feat] "
	   "+mg0001[D f2feat U m2main>mg0001] +top001[U mg0001>top001] "
	   "| top001");
	DOWN(m, "f1feat", "top001", "-top001[U top001>mg0001] "
	     "-mg0001[I f2feat U mg0001>m2main] -f2feat[D f2feat] | m2main");
	DOWN(m, "m1main", "m2main",
	     "-m2main[I m1main U m2main>f1feat] | f1feat m1main");
	UP(m, "feat@head", "f1feat m1main",
	   "+m2main[D m1main U f1feat>m2main] +f2feat[I f2feat] "
	   "+mg0001[D f2feat U m2main>mg0001] +top001[U mg0001>top001] "
	   "| top001");
	DOWN(m, "r2main", "top001", "-top001[U top001>mg0001] "
	     "-mg0001[I f2feat U mg0001>m2main] -f2feat[D f2feat] "
	     "-m2main[I m1main U m2main>f1feat] -m1main[D m1main] "
	     "-f1feat[U f1feat>r2main] | r2main");
	UP(m, "m2main", "r2main", "+f1feat[U r2main>f1feat] "
	   "+m1main[I m1main] +m2main[D m1main U f1feat>m2main] | m2main");
	UP(m, "f2feat", "m2main", "+f2feat[I f2feat] | f2feat m2main");
	DOWN(m, "base", "f2feat m2main", "-f2feat[D f2feat] "
	     "-m2main[I m1main U m2main>f1feat] -m1main[D m1main] "
	     "-f1feat[U f1feat>r2main] -r2main[U r2main>r1base] "
	     "-r1base[D r1base] |");
	UP(m, "+1", "r2main", "ERR -4 Ambiguous walk");
	UP(m, "feat@+1", "r2main", "+f1feat[U r2main>f1feat] | f1feat");
	UP(m, "feat@+1", "f1feat", "+f2feat[U f1feat>f2feat] | f2feat");
	UP(m, "m1main@+1", "f2feat", "+m1main[I m1main] | f2feat m1main");
	UP(m, "m1main+1", "m1main f2feat",
	   "+m2main[U m1main>m2main] | f2feat m2main");
	DOWN(m, "-1", "top001", "-top001[U top001>mg0001] | mg0001");
	DOWN(m, "-1", "mg0001", "ERR -4 Ambiguous walk");
	/* 6.3: already applied: nothing to do */
	UP(m, "r2main", "top001", "| top001");
	/* 6.2: overlapping rows block upgrades; which pair is unspecified */
	UP(m, "heads", "top001 f2feat", "ERR -4 Requested revision top001 "
	   "overlaps with other requested revisions f2feat");
	DOWN(m, "f1feat", "m2main", "ERR -4 Destination f1feat is not a "
	     "valid downgrade target from current head(s)");
	UP(m, "nosuch", "", "ERR -2 Can't locate revision identified by "
	   "'nosuch'");
	UP(m, "r2main", "nosuch", "ERR -2 Can't locate revision identified "
	   "by 'nosuch'");
	revmap_free(m);
}

/* 6.13 transcript and the 7.9 dependency-only row operations. */
static void test_revplan_dag_c(void)
{
	struct revmap *m = revtest_map(DAG_C);

	UP(m, "beta@head", "", "+aaaa0001[I aaaa0001] "
	   "+bbbb0001[U aaaa0001>bbbb0001] +bbbb0002[U bbbb0001>bbbb0002] "
	   "| bbbb0002");
	UP(m, "heads", "bbbb0002", "+aaaa0002[I aaaa0002] "
	   "+aaaa0003[D aaaa0002 U bbbb0002>aaaa0003] | aaaa0003");
	DOWN(m, "aaaa0001", "aaaa0003",
	     "-aaaa0003[I aaaa0002 U aaaa0003>bbbb0002] -aaaa0002[D aaaa0002]"
	     " | bbbb0002");
	UP(m, "alpha@head", "bbbb0002", "+aaaa0002[I aaaa0002] "
	   "+aaaa0003[D aaaa0002 U bbbb0002>aaaa0003] | aaaa0003");
	DOWN(m, "beta@base", "aaaa0003",
	     "-aaaa0003[I aaaa0002 U aaaa0003>bbbb0002] "
	     "-bbbb0002[U bbbb0002>bbbb0001] -bbbb0001[D bbbb0001] "
	     "| aaaa0002");
	DOWN(m, "base", "aaaa0002", "-aaaa0002[U aaaa0002>aaaa0001] "
	     "-aaaa0001[D aaaa0001] |");
	/* 7.9: upgrade heads --sql, then downgrade aaaa0003:base --sql */
	plan(m, "upgrade", "heads", "", REVPLAN_SQL, "+aaaa0001[I aaaa0001] "
	     "+bbbb0001[U aaaa0001>bbbb0001] +bbbb0002[U bbbb0001>bbbb0002] "
	     "+aaaa0002[I aaaa0002] "
	     "+aaaa0003[D aaaa0002 U bbbb0002>aaaa0003] | aaaa0003");
	plan(m, "downgrade", "aaaa0003:base", "", REVPLAN_SQL,
	     "-aaaa0003[I aaaa0002 U aaaa0003>bbbb0002] -aaaa0002[D aaaa0002]"
	     " -bbbb0002[U bbbb0002>bbbb0001] -bbbb0001[U bbbb0001>aaaa0001]"
	     " -aaaa0001[D aaaa0001] |");
	UP(m, "head", "", "ERR -3 Multiple head revisions are present for "
	   "given argument 'head'; please specify a specific target "
	   "revision, '<branchname>@head' to narrow to a specific head, or "
	   "'heads' for all heads");
	STAMP(m, "head", "", "ERR -3 Multiple heads are present; please "
	      "specify a single target revision");
	revmap_free(m);
}

/* 6.14 transcript. */
static void test_revplan_dag_d(void)
{
	struct revmap *m = revtest_map(DAG_D);
	struct rt_err err = RT_ERR_INIT;
	struct revision **bp;
	size_t n;
	char *ids;

	UP(m, "bugfix@head", "", "+a0a0[I a0a0] +a1a1[U a0a0>a1a1] "
	   "+c1c1[U a1a1>c1c1] +c2c2[U c1c1>c2c2] +d1d1[I d1d1] "
	   "+b1b1[I b1b1] +b2b2[U b1b1>b2b2] +m1m1[D b2b2 U c2c2>m1m1] "
	   "+m2m2[D m1m1 U d1d1>m2m2] | m2m2");
	UP(m, "c1c1", "m2m2", "| m2m2");
	DOWN(m, "a1a1", "m2m2", "-m2m2[I m1m1 U m2m2>d1d1] "
	     "-m1m1[I b2b2 U m1m1>c2c2] -b2b2[U b2b2>b1b1] -b1b1[D b1b1] "
	     "-d1d1[D d1d1] -c2c2[U c2c2>c1c1] -c1c1[U c1c1>a1a1] | a1a1");
	UP(m, "m1m1", "a1a1", "+c1c1[U a1a1>c1c1] +c2c2[U c1c1>c2c2] "
	   "+b1b1[I b1b1] +b2b2[U b1b1>b2b2] +m1m1[D b2b2 U c2c2>m1m1] "
	   "| m1m1");
	DOWN(m, "bugfix@-1", "m1m1", "ERR -4 Ambiguous walk");
	DOWN(m, "b1b1", "m1m1", "-m1m1[I b2b2 U m1m1>c2c2] "
	     "-b2b2[U b2b2>b1b1] | b1b1 c2c2");
	UP(m, "d1d1", "b1b1 c2c2", "+d1d1[I d1d1] | b1b1 c2c2 d1d1");
	DOWN(m, "base", "b1b1 c2c2 d1d1", "-b1b1[D b1b1] "
	     "-c2c2[U c2c2>c1c1] -c1c1[D c1c1] -d1d1[U d1d1>a1a1] "
	     "-a1a1[U a1a1>a0a0] -a0a0[D a0a0] |");
	/* rule 9.7: branches lists a1a1 */
	CU_ASSERT_EQUAL(revplan_branch_points(&bp, &n, m, &err), 0);
	ids = tg_ids(bp, n);
	CU_ASSERT_STRING_EQUAL(ids, "a1a1");
	free(ids);
	revmap_free(m);
}

/* 6.15 with sorted load order (1.10+). */
static void test_revplan_siblings(void)
{
	struct revmap *m = revtest_map("aaaa0003:zzzz0001 bbbb0004:zzzz0001 "
				       "cccc0002:zzzz0001 zzzz0001:");

	UP(m, "heads", "", "+zzzz0001[I zzzz0001] "
	   "+cccc0002[U zzzz0001>cccc0002] +bbbb0004[I bbbb0004] "
	   "+aaaa0003[I aaaa0003] | aaaa0003 bbbb0004 cccc0002");
	DOWN(m, "zzzz0001", "aaaa0003 bbbb0004 cccc0002",
	     "-aaaa0003[D aaaa0003] -bbbb0004[D bbbb0004] "
	     "-cccc0002[U cccc0002>zzzz0001] | zzzz0001");
	revmap_free(m);
}

/* 7.16 stamp transcripts and 7.15. */
static void test_revplan_stamp(void)
{
	struct revmap *m = revtest_map(DAG_B);

	STAMP(m, "head", "", "stamp ->top001[I top001] | top001");
	STAMP(m, "r2main", "top001",
	      "stamp top001->r2main[U top001>r2main] | r2main");
	STAMP(m, "f2feat m2main", "r2main", "stamp r2main->f2feat"
	      "[U r2main>f2feat] stamp r2main->m2main[I m2main] "
	      "| f2feat m2main");
	STAMP(m, "f1feat", "f2feat m2main", "stamp f2feat,m2main->f1feat"
	      "[D f2feat U m2main>f1feat] | f1feat");
	STAMP(m, "m1main", "f1feat",
	      "stamp ->m1main[I m1main] | f1feat m1main");
	STAMP(m, "head", "f1feat m1main", "stamp f1feat,m1main->top001"
	      "[D f1feat U m1main>top001] | top001");
	STAMP(m, "base", "top001", "stamp top001->[D top001] |");
	STAMP(m, "heads", "f2feat m1main", "stamp f2feat,m1main->top001"
	      "[D f2feat U m1main>top001] | top001");
	STAMP(m, "base", "top001 f2feat",
	      "stamp top001->[D top001] stamp f2feat->[D f2feat] |");
	STAMP(m, "top001 f2feat", "r2main", "stamp r2main->top001"
	      "[U r2main>top001] stamp r2main->f2feat[I f2feat] "
	      "| f2feat top001");
	STAMP(m, "mg0001 f2feat", "", "stamp ->mg0001[I mg0001] "
	      "stamp ->f2feat[I f2feat] | f2feat mg0001");
	/* 7.17: "-1" is a plain name for the lineage test */
	STAMP(m, "-1", "top001", "ERR -2 Can't locate revision identified "
	      "by '-1'");
	STAMP(m, "-1", "", "stamp ->mg0001[I mg0001] | mg0001");
	/* 7.18: --purge ignores the rows */
	plan(m, "stamp", "r2main", "nosuch", REVPLAN_PURGE,
	     "stamp ->r2main[I r2main] | r2main");
	/* 5.13 */
	plan(m, "stamp", "r2main:f2feat r2main:m2main", "", REVPLAN_SQL,
	     "stamp r2main->f2feat[U r2main>f2feat] "
	     "stamp r2main->m2main[I m2main] | f2feat m2main");
	plan(m, "stamp", "r2main:f2feat r1base:m2main", "", REVPLAN_SQL,
	     "ERR -4 Stamp operation with --sql only supports a single "
	     "starting revision at a time");
	plan(m, "stamp", "r2main", "", REVPLAN_SQL | REVPLAN_PURGE,
	     "ERR -4 Can't use --purge with --sql mode");
	revmap_free(m);
}

/* 5.9, 5.10 on a linear chain. */
static void test_revplan_relative(void)
{
	struct revmap *m = revtest_map(CHAIN5);

	DOWN(m, "aaaa0002-3", "aaaa0002", "ERR -4 Walked too far");
	DOWN(m, "aaaa0005@-1", "aaaa0002",
	     "-aaaa0002[U aaaa0002>aaaa0001] | aaaa0001");
	UP(m, "aaaa0002@+1", "aaaa0001",
	   "+aaaa0002[U aaaa0001>aaaa0002] | aaaa0002");
	UP(m, "aaaa0004+5", "", "ERR -1 AssertionError");
	UP(m, "aaaa0005-7", "", "ERR -1 AssertionError");
	UP(m, "-1", "", "ERR -4 Relative revision -1 didn't produce 1 "
	   "migrations");
	UP(m, "+0", "", "ERR -4 Relative revision 0 didn't produce 0 "
	   "migrations");
	UP(m, "+6", "", "ERR -4 Relative revision +6 didn't produce 6 "
	   "migrations");
	UP(m, "+2", "aaaa0001", "+aaaa0002[U aaaa0001>aaaa0002] "
	   "+aaaa0003[U aaaa0002>aaaa0003] | aaaa0003");
	UP(m, "aaaa0002-1", "", "+aaaa0001[I aaaa0001] | aaaa0001");
	UP(m, "aaaa0003+0", "", "+aaaa0001[I aaaa0001] "
	   "+aaaa0002[U aaaa0001>aaaa0002] +aaaa0003[U aaaa0002>aaaa0003] "
	   "| aaaa0003");
	DOWN(m, "+1", "aaaa0002", "ERR -4 Relative revision +1 didn't "
	     "produce 1 migrations");
	DOWN(m, "-1", "", "ERR -4 Relative revision -1 didn't produce 1 "
	     "migrations");
	DOWN(m, "-3", "aaaa0002", "ERR -4 Relative revision -3 didn't "
	     "produce 3 migrations");
	DOWN(m, "-2", "aaaa0002", "-aaaa0002[U aaaa0002>aaaa0001] "
	     "-aaaa0001[D aaaa0001] |");
	DOWN(m, "aaaa0001+2", "aaaa0005", "-aaaa0005[U aaaa0005>aaaa0004] "
	     "-aaaa0004[U aaaa0004>aaaa0003] | aaaa0003");
	UP(m, "aaaa0003", "aaaa0005", "| aaaa0005");
	DOWN(m, "aaaa0004", "aaaa0002", "ERR -4 Destination aaaa0004 is not "
	     "a valid downgrade target from current head(s)");
	revmap_free(m);
}

static void test_revplan_downgrade_warning(void)
{
	struct revmap *m = revtest_map("r1: a2:r1 b2:r1");
	struct rt_err err = RT_ERR_INIT;
	const char *rows[] = { "a2", "b2" };
	struct revplan *p;

	CU_ASSERT_EQUAL(revplan_downgrade(&p, m, "-1", rows, 2, 0, &err), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(p->warning, "downgrade -1 from multiple heads "
			       "is ambiguous; this usage will be disallowed "
			       "in a future release.");
	CU_ASSERT_EQUAL(p->nsteps, 1);
	CU_ASSERT_STRING_EQUAL(p->steps[0].rev->id, "a2");
	revmap_free(m);
}

/* 5.12 offline ranges and the text-only argument checks. */
static void test_revplan_offline(void)
{
	struct revmap *m = revtest_map(DAG_B);
	struct rt_err err = RT_ERR_INIT;
	const char *args[] = { "a:b" };

	plan(m, "upgrade", "f2feat:head", "", REVPLAN_SQL,
	     "+m1main[I m1main] +m2main[U m1main>m2main] "
	     "+mg0001[D f2feat U m2main>mg0001] +top001[U mg0001>top001] "
	     "| top001");
	plan(m, "upgrade", "r2main:+1", "", REVPLAN_SQL,
	     "ERR -4 Ambiguous walk");
	plan(m, "upgrade", "-1:head", "", REVPLAN_SQL,
	     "ERR -2 Can't locate revision identified by '-1'");
	plan(m, "upgrade", "r1base:", "", REVPLAN_SQL, "ERR -1 AssertionError");
	plan(m, "upgrade", ":head", "", REVPLAN_SQL, "ERR -1 AssertionError");
	plan(m, "upgrade", "a:b:c", "", REVPLAN_SQL, "ERR -1 ValueError: too "
	     "many values to unpack (expected 2)");
	plan(m, "upgrade", "r1base:r2main", "", 0,
	     "ERR -4 Range revision not allowed");
	plan(m, "downgrade", "r1base", "", REVPLAN_SQL, "ERR -4 downgrade "
	     "with --sql requires <fromrev>:<torev>");
	plan(m, "downgrade", "top001:mg0001", "", REVPLAN_SQL,
	     "-top001[U top001>mg0001] | mg0001");
	plan(m, "upgrade", "heads", "", REVPLAN_SQL, "+r1base[I r1base] "
	     "+r2main[U r1base>r2main] +f1feat[U r2main>f1feat] "
	     "+m1main[I m1main] +m2main[D m1main U f1feat>m2main] "
	     "+f2feat[I f2feat] +mg0001[D f2feat U m2main>mg0001] "
	     "+top001[U mg0001>top001] | top001");
	CU_ASSERT_EQUAL(revplan_check_args(REVSTEP_UPGRADE, args, 1, 0,
					   &err), RT_ECOMMAND);
	CU_ASSERT_STRING_EQUAL(err.msg, "Range revision not allowed");
	revmap_free(m);
}

static void test_revplan_rows_empty_before(void)
{
	struct revmap *m = revtest_map(CHAIN5);
	struct rt_err err = RT_ERR_INIT;
	struct revplan *p;

	CU_ASSERT_EQUAL(revplan_downgrade(&p, m, "aaaa0002:base", NULL, 0,
					  REVPLAN_SQL, &err), 0);
	CU_ASSERT_EQUAL_FATAL(p->nsteps, 2);
	CU_ASSERT_EQUAL(p->nstart_rows, 1);
	CU_ASSERT(!p->steps[0].rows_empty_before);
	CU_ASSERT(!p->steps[1].rows_empty_before);
	CU_ASSERT_EQUAL(p->nfinal_rows, 0);
	CU_ASSERT_EQUAL(revplan_upgrade(&p, m, "aaaa0002", NULL, 0, 0, &err),
			0);
	CU_ASSERT(p->steps[0].rows_empty_before);
	CU_ASSERT(!p->steps[1].rows_empty_before);
	revmap_free(m);
}

/* Rule 7.8: a merge whose parents are ancestor-related. */
static void test_revplan_unmerge(void)
{
	struct revmap *m = revtest_map("a1: b1:a1 m1:b1,a1");

	plan(m, "downgrade", "b1", "m1", REVPLAN_LEGACY_UNMERGE,
	     "-m1[I b1 U m1>a1] | a1 b1");
	DOWN(m, "b1", "m1", "-m1[U m1>b1] | b1");
	UP(m, "heads", "a1 b1", "ERR -4 Requested revision b1 overlaps with "
	   "other requested revisions a1");
	revmap_free(m);
}

/*
 * Issue 17: a merge whose depends_on (a1) is an ancestor of its parents.
 * Alembic counts the dependency among the merge's down revisions
 * (norm_down, rule 4.4), so rule 7.8 applies: 1.8.1 restores a1 as a row
 * next to c1 and e1, 1.13.1+ (retort's default) does not.  The 1.8.1
 * texts come from Alembic 1.8.1, the default ones from 1.13.2 (which
 * row of c1/e1 its unmerge updates is set order there, Appendix A.3).
 * Upgrading through the merge crashes in both (KeyError: the update
 * from a1, which is no row).
 */
#define ISSUE17 "7eb32f55f6dc: 1c96b4274a3c:7eb32f55f6dc " \
	"c0bda9456561:1c96b4274a3c e90f3c731247:1c96b4274a3c " \
	"3e70dd1e6ba6:c0bda9456561,e90f3c731247:7eb32f55f6dc " \
	"de51a0c2b7e9:3e70dd1e6ba6"

static void test_revplan_unmerge_depends_on(void)
{
	static const char *const legacy[][3] = {
		/* downgrade de51:base --sql, the issue's transcript */
		{ "de51a0c2b7e9:base", "", "-de51a0c2b7e9[U de51a0c2b7e9>"
		  "3e70dd1e6ba6] -3e70dd1e6ba6[I c0bda9456561 I e90f3c731247 "
		  "U 3e70dd1e6ba6>7eb32f55f6dc] -c0bda9456561[D c0bda9456561] "
		  "-e90f3c731247[U e90f3c731247>1c96b4274a3c] "
		  "-1c96b4274a3c[D 1c96b4274a3c] "
		  "-7eb32f55f6dc[D 7eb32f55f6dc] |" },
		/* online, stopping after each step */
		{ "3e70dd1e6ba6", "de51a0c2b7e9", "-de51a0c2b7e9[U de51a0c2b7e9>"
		  "3e70dd1e6ba6] | 3e70dd1e6ba6" },
		{ "e90f3c731247", "3e70dd1e6ba6", "-3e70dd1e6ba6[I c0bda9456561 "
		  "I e90f3c731247 U 3e70dd1e6ba6>7eb32f55f6dc] | 7eb32f55f6dc "
		  "c0bda9456561 e90f3c731247" },
		{ "1c96b4274a3c", "7eb32f55f6dc c0bda9456561 e90f3c731247",
		  "-c0bda9456561[D c0bda9456561] -e90f3c731247[U e90f3c731247>"
		  "1c96b4274a3c] | 1c96b4274a3c 7eb32f55f6dc" },
		{ "7eb32f55f6dc", "1c96b4274a3c 7eb32f55f6dc",
		  "-1c96b4274a3c[D 1c96b4274a3c] | 7eb32f55f6dc" },
		{ "base", "7eb32f55f6dc", "-7eb32f55f6dc[D 7eb32f55f6dc] |" },
	};
	static const char *const modern[][3] = {
		{ "de51a0c2b7e9:base", "", "-de51a0c2b7e9[U de51a0c2b7e9>"
		  "3e70dd1e6ba6] -3e70dd1e6ba6[I c0bda9456561 U 3e70dd1e6ba6>"
		  "e90f3c731247] -c0bda9456561[D c0bda9456561] "
		  "-e90f3c731247[U e90f3c731247>1c96b4274a3c] "
		  "-1c96b4274a3c[U 1c96b4274a3c>7eb32f55f6dc] "
		  "-7eb32f55f6dc[D 7eb32f55f6dc] |" },
		{ "3e70dd1e6ba6", "de51a0c2b7e9", "-de51a0c2b7e9[U de51a0c2b7e9>"
		  "3e70dd1e6ba6] | 3e70dd1e6ba6" },
		{ "e90f3c731247", "3e70dd1e6ba6", "-3e70dd1e6ba6[I c0bda9456561 "
		  "U 3e70dd1e6ba6>e90f3c731247] | c0bda9456561 e90f3c731247" },
		{ "1c96b4274a3c", "c0bda9456561 e90f3c731247",
		  "-c0bda9456561[D c0bda9456561] -e90f3c731247[U e90f3c731247>"
		  "1c96b4274a3c] | 1c96b4274a3c" },
		{ "7eb32f55f6dc", "1c96b4274a3c",
		  "-1c96b4274a3c[U 1c96b4274a3c>7eb32f55f6dc] | 7eb32f55f6dc" },
		{ "base", "7eb32f55f6dc", "-7eb32f55f6dc[D 7eb32f55f6dc] |" },
	};
	struct revmap *m = revtest_map(ISSUE17);

	for (size_t i = 0; i < sizeof(legacy) / sizeof(*legacy); i++) {
		unsigned sql = strchr(legacy[i][0], ':') ? REVPLAN_SQL : 0;

		plan(m, "downgrade", legacy[i][0], legacy[i][1],
		     sql | REVPLAN_LEGACY_UNMERGE, legacy[i][2]);
		plan(m, "downgrade", modern[i][0], modern[i][1], sql,
		     modern[i][2]);
	}
	/* the stops chain: each starts from the rows the last one left */
	for (size_t i = 2; i < sizeof(legacy) / sizeof(*legacy); i++) {
		CU_ASSERT_STRING_EQUAL(strchr(legacy[i - 1][2], '|') + 2,
				       legacy[i][1]);
		CU_ASSERT_STRING_EQUAL(strchr(modern[i - 1][2], '|') + 2,
				       modern[i][1]);
	}
	/* the contradictory 1.8.1 rows block upgrades (rule 6.2) */
	UP(m, "heads", "7eb32f55f6dc c0bda9456561 e90f3c731247",
	   "ERR -4 Requested revision c0bda9456561 overlaps with other "
	   "requested revisions 7eb32f55f6dc");
	/* upgrading through the merge: D c1, D e1, then U a1 (no row) */
	UP(m, "heads", "c0bda9456561 e90f3c731247", "ERR -1 KeyError: "
	   "'7eb32f55f6dc'");
	revmap_free(m);
}

static void history(struct revmap *m, const char *range, const char *rows,
		    const char *want)
{
	struct rt_err err = RT_ERR_INIT;
	struct revision **v;
	size_t n, nrows;
	const char **rv = words(rows, &nrows);
	char *got;
	int rc = revplan_history(&v, &n, m, range, rv, nrows, &err);

	got = rc < 0 ? err_text(rc, &err) : tg_ids(v, n);
	if (strcmp(got, want))
		fprintf(stderr, "\nhistory %s:\n  want %s\n  got  %s\n",
			range ? range : "(none)", want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

/* 5.11, 6.9, 6.10, 9.5. */
static void test_revplan_history(void)
{
	struct revmap *m = revtest_map(DAG_B);

	history(m, NULL, "", "top001 mg0001 f2feat m2main m1main f1feat "
		"r2main r1base");
	history(m, "current:", "m2main", "top001 mg0001 m2main");
	history(m, ":current", "m2main",
		"m2main m1main f1feat r2main r1base");
	history(m, "feat@f1feat:", "", "top001 mg0001 f2feat f1feat");
	history(m, "zz:", "", "ERR -2 Can't locate revision identified by "
		"'zz'");
	history(m, "r1base", "", "ERR -4 History range requires "
		"[start]:[end], [start]:, or :[end]");
	history(m, "a:b:c", "", "ERR -1 ValueError: too many values to "
		"unpack (expected 2)");
	history(m, " m1main:m2main ", "", "m2main m1main");
	history(m, "current:", "", "top001 mg0001 f2feat m2main m1main "
		"f1feat r2main r1base");
	revmap_free(m);
	m = revtest_map(CHAIN5);
	history(m, "-2:", "", "aaaa0005 aaaa0004 aaaa0003");
	history(m, "-5:", "", "ERR -4 Requested range -5:heads does not "
		"refer to ancestor/descendant revisions along the same "
		"branch");
	history(m, "aaaa0004:aaaa0002", "", "ERR -4 Requested range "
		"aaaa0004:aaaa0002 does not refer to ancestor/descendant "
		"revisions along the same branch");
	history(m, "aaaa0002:+2", "", "aaaa0004 aaaa0003 aaaa0002");
	/* a relative upper bound is relative to the lower one (base) */
	history(m, ":-1", "", "ERR -4 Relative revision -1 didn't produce 1 "
		"migrations");
	history(m, "aaaa0003:current", "aaaa0001", "ERR -4 Requested range "
		"aaaa0003:('aaaa0001',) does not refer to ancestor/descendant "
		"revisions along the same branch");
	CU_ASSERT(revplan_range_uses_current("current:"));
	CU_ASSERT(revplan_range_uses_current(" a:current "));
	CU_ASSERT(!revplan_range_uses_current("currentx:"));
	CU_ASSERT(!revplan_range_uses_current(NULL));
	revmap_free(m);
	/* 6.10: the targets themselves are removed: AssertionError */
	m = revtest_map(DAG_C);
	history(m, "bbbb0001:aaaa0003", "", "ERR -1 AssertionError");
	history(m, NULL, "", "aaaa0003 aaaa0002 bbbb0002 bbbb0001 aaaa0001");
	revmap_free(m);
}

/*
 * Rule 6.9 step 3: a "-N" lower bound resolving to several revisions is
 * checked for overlaps one revision at a time (Alembic's
 * _iterate_related_revisions in _collect_upgrade_revisions, computing
 * current_node_set): an earlier revision reaching a later one is
 * RevisionError, a None met first is an AssertionError.  Texts from
 * real runs of Alembic 1.8.1 (files loaded in the order written).
 */
static void test_revplan_history_minus_n(void)
{
	struct revmap *m = revtest_map("r1r1: r2r2:r1r1 r3r3:r2r2 "
				       "r4r4:r1r1");

	history(m, "-1:", "", "ERR -4 Requested revision r2r2 overlaps "
		"with other requested revisions r1r1");
	history(m, "-2:", "", "ERR -4 Requested range -2:heads does not "
		"refer to ancestor/descendant revisions along the same "
		"branch");
	revmap_free(m);
	/* -2: (x2x2, None, x1x1): x2x2 reaches x1x1 before None */
	m = revtest_map("x1x1: x2x2:x1x1 x3x3:x2x2 x4x4:x3x3 bbbb: "
			"y1y1:x1x1 y2y2:y1y1");
	history(m, "-2:", "", "ERR -4 Requested revision x2x2 overlaps "
		"with other requested revisions x1x1");
	history(m, "-2:heads", "", "ERR -4 Requested revision x2x2 overlaps "
		"with other requested revisions x1x1");
	history(m, "-3:heads", "", "ERR -4 Requested range -3:heads does "
		"not refer to ancestor/descendant revisions along the same "
		"branch");
	revmap_free(m);
	/* -2: (x1x1, None, x2x2): no overlap from x1x1, then None */
	m = revtest_map("x1x1: y1y1:x1x1 y2y2:y1y1 bbbb: x2x2:x1x1 "
			"x3x3:x2x2 x4x4:x3x3");
	history(m, "-2:", "", "ERR -1 AssertionError");
	history(m, "-2:heads", "", "ERR -1 AssertionError");
	revmap_free(m);
}

static void current(struct revmap *m, const char *rows, const char *want)
{
	struct rt_err err = RT_ERR_INIT;
	struct revision **v;
	size_t n, nrows;
	const char **rv = words(rows, &nrows);
	int rc = revplan_current(&v, &n, m, rv, nrows, &err);
	char *got = rc < 0 ? rt_xstrdup(err.msg) : tg_ids(v, n);

	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

/* 9.12 */
static void test_revplan_current(void)
{
	struct revmap *m = revtest_map(DAG_B);

	current(m, "m2main", "f1feat m2main");
	current(m, "top001 f2feat", "top001");
	current(m, "", "");
	current(m, "nosuch", "Can't locate revision identified by 'nosuch'");
	revmap_free(m);
}

/* Performance: 10,000 revisions, linear and branchy (results only). */
static void test_revplan_large(void)
{
	struct rt_arena *a = arena_new();
	size_t n = 10000;
	struct rev_file *f = arena_alloc(a, n * sizeof(*f));
	struct rt_err err = RT_ERR_INIT;
	struct revision **v;
	struct revplan *p;
	struct revmap *m;
	size_t nv;

	for (size_t i = 0; i < n; i++) {
		f[i].id = arena_printf(a, "r%05zu", i);
		f[i].down = arena_alloc(a, 2 * sizeof(char *));
		f[i].deps = arena_alloc(a, sizeof(char *));
		if (i)
			f[i].down[f[i].ndown++] = f[i - 1].id;
		f[i].path = f[i].name = f[i].id;
		f[i].doc = f[i].longdoc = "";
	}
	CU_ASSERT_EQUAL_FATAL(revmap_build(&m, a, f, n, &err), 0);
	CU_ASSERT_EQUAL(revplan_history(&v, &nv, m, NULL, NULL, 0, &err), 0);
	CU_ASSERT_EQUAL(nv, n);
	CU_ASSERT_STRING_EQUAL(v[0]->id, "r09999");
	CU_ASSERT_STRING_EQUAL(v[n - 1]->id, "r00000");
	CU_ASSERT_EQUAL(revplan_upgrade(&p, m, "heads", NULL, 0, 0, &err), 0);
	CU_ASSERT_EQUAL(p->nsteps, n);
	CU_ASSERT_EQUAL(p->nfinal_rows, 1);
	CU_ASSERT_STRING_EQUAL(p->final_rows[0], "r09999");
	CU_ASSERT_EQUAL(revplan_downgrade(&p, m, "r00100", p->final_rows, 1,
					  0, &err), 0);
	CU_ASSERT_EQUAL(p->nsteps, n - 101);
	revmap_free(m);

	/* branchy: 100 branches of 99 off a trunk, merges every 10th
	 * branch, and a dependency from each branch on the previous one */
	for (size_t i = 0; i < n; i++) {
		f[i].ndown = f[i].ndeps = 0;
		if (i >= 100 && i % 100 == 0) {
			f[i].down[f[i].ndown++] = f[i - 100].id;
			if (i % 1000 == 0)
				f[i].down[f[i].ndown++] = f[i - 1].id;
			else
				f[i].deps[f[i].ndeps++] = f[i - 1].id;
		} else if (i) {
			f[i].down[f[i].ndown++] = f[i - 1].id;
		}
	}
	CU_ASSERT_EQUAL_FATAL(revmap_build(&m, a, f, n, &err), 0);
	CU_ASSERT_EQUAL(revplan_history(&v, &nv, m, NULL, NULL, 0, &err), 0);
	CU_ASSERT_EQUAL(nv, n);
	CU_ASSERT_EQUAL(revplan_upgrade(&p, m, "heads", NULL, 0, 0, &err), 0);
	CU_ASSERT_EQUAL(p->nsteps, n);
	CU_ASSERT_STRING_EQUAL(p->final_rows[0], "r09999");
	CU_ASSERT_EQUAL(p->nfinal_rows, m->nreal_heads);
	/* every revision runs after everything it needs */
	{
		bool *done = rt_xcalloc(n, sizeof(bool));
		size_t bad = 0;

		for (size_t i = 0; i < p->nsteps; i++) {
			struct revision *r = p->steps[i].rev;

			for (size_t j = 0; j < r->nall_down; j++)
				bad += !done[r->all_down[j]->index];
			done[r->index] = true;
		}
		CU_ASSERT_EQUAL(bad, 0);
		free(done);
	}
	CU_ASSERT_EQUAL(revplan_downgrade(&p, m, "base", p->final_rows,
					  p->nfinal_rows, 0, &err), 0);
	CU_ASSERT_EQUAL(p->nsteps, n);
	CU_ASSERT_EQUAL(p->nfinal_rows, 0);
	revmap_free(m);
	arena_free(a);
}

void unit_register(void)
{
	UNIT_SUITE("revplan",
		   UNIT_TEST(test_revplan_dag_b),
		   UNIT_TEST(test_revplan_dag_c),
		   UNIT_TEST(test_revplan_dag_d),
		   UNIT_TEST(test_revplan_siblings),
		   UNIT_TEST(test_revplan_stamp),
		   UNIT_TEST(test_revplan_relative),
		   UNIT_TEST(test_revplan_downgrade_warning),
		   UNIT_TEST(test_revplan_offline),
		   UNIT_TEST(test_revplan_rows_empty_before),
		   UNIT_TEST(test_revplan_unmerge),
		   UNIT_TEST(test_revplan_unmerge_depends_on),
		   UNIT_TEST(test_revplan_history),
		   UNIT_TEST(test_revplan_history_minus_n),
		   UNIT_TEST(test_revplan_current),
		   UNIT_TEST(test_revplan_large),
		   { "test_revplan_zz_cleanup", revtest_cleanup });
}
