/*
 * test_offline.c: --sql output (spec §8, rule 7.5) compared byte for
 * byte with Alembic 1.8.1's, for every case of fixtures/offline/cases.txt
 * (expected/ was captured by fixtures/offline/gen.sh), plus the rule-8.6
 * statement rendering and the error paths.
 */
#include "unit.h"

#include <unistd.h>

#include "ddl/dialect.h"
#include "revision/revplan.h"
#include "runtime/offline.h"
#include "runtime/revscript.h"
#include "script/script.h"

#define OFFDIR UNIT_SRC("fixtures/offline")

static struct rt_arena *A;

/* One line of cases.txt, split. */
struct ocase {
	char *name, *project, *section, *xopts, *args;
};

/* Space-separated words of s (modified in place) into v. */
static size_t words(char **v, size_t max, char *s)
{
	size_t n = 0;
	char *p = s;

	while (*p && n < max) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		v[n++] = p;
		p += strcspn(p, " ");
	}
	return n;
}

/* env.py's offline_options() of the fixtures (-x key=value). */
static void apply_x(struct offline_opts *o, bool *tddl, char *xopts)
{
	char *v[8];
	size_t n = words(v, RT_ARRAY_SIZE(v), xopts), i;

	for (i = 0; i < n; i++) {
		char *val = strchr(v[i], '=');

		CU_ASSERT_PTR_NOT_NULL_FATAL(val);
		*val++ = '\0';
		if (!strcmp(v[i], "tpm")) {
			o->transaction_per_migration = !strcmp(val, "1");
		} else if (!strcmp(v[i], "tddl")) {
			*tddl = !strcmp(val, "1");
			o->transactional_ddl = tddl;
		} else if (!strcmp(v[i], "vt")) {
			o->vt.name = val;
		} else if (!strcmp(v[i], "vts")) {
			o->vt.schema = val;
		} else {
			CU_ASSERT_STRING_EQUAL_FATAL(v[i], "pk");
			o->vt.pk = !strcmp(val, "1");
		}
	}
}

/* The project's revision map, read as the CLI would (cwd = project). */
static struct revmap *load_map(const char *project, const char *section)
{
	struct rt_err err = RT_ERR_INIT;
	struct script_opts so = { .cache_dir = UNIT_CACHE_DIR };
	struct script_dir sd;
	struct config *c;
	struct revmap *m = NULL;
	char old[4096], msg[RT_ERR_MSG_MAX + 600];
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(old, sizeof(old)));
	CU_ASSERT_EQUAL_FATAL(chdir(arena_printf(A, "%s/%s", OFFDIR,
						 project)), 0);
	rc = config_load(&c, A, "alembic.ini", &err);
	if (!rc)
		rc = script_dir_open(&sd, A, c, section, &err);
	if (!rc)
		rc = script_dir_load(&sd, A, &so, &err);
	if (!rc)
		rc = revmap_build(&m, A, sd.revs, sd.nrevs, &err);
	CU_ASSERT_EQUAL_FATAL(chdir(old), 0);
	if (rc)
		fprintf(stderr, "\n%s: %s\n", project,
			rt_err_str(&err, msg, sizeof(msg)));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return m;
}

/* The --sql job of a cases.txt command ("upgrade a:b", "stamp x y",
 * "ensure_version"; args is modified and kept) and its plan. */
static int make_plan(struct revplan **p, struct job *job, struct revmap *m,
		     char *args, struct rt_err *err)
{
	static const char *const names[] = {
		[JOB_UPGRADE] = "upgrade", [JOB_DOWNGRADE] = "downgrade",
		[JOB_STAMP] = "stamp", [JOB_ENSURE_VERSION] = "ensure_version",
	};
	char **v = arena_alloc(A, 8 * sizeof(*v));
	size_t n = words(v, 8, args), k;

	CU_ASSERT_FATAL(n >= 1);
	for (k = 0; k < RT_ARRAY_SIZE(names); k++)
		if (!strcmp(v[0], names[k]))
			break;
	CU_ASSERT_FATAL(k < RT_ARRAY_SIZE(names));
	CU_ASSERT_FATAL(k == JOB_ENSURE_VERSION || n >= 2);
	memset(job, 0, sizeof(*job));
	job->kind = (enum job_kind)k;
	job->args = (const char *const *)v + 1;
	job->nargs = n - 1;
	job->sql = true;
	return job_plan(p, m, job, NULL, 0, err);
}

/* Each step's body from its revision file (job_load_bodies()). */
static const struct rev_body **load_bodies(const struct revplan *p,
					   const struct dialect *d)
{
	const struct rev_body **bodies;
	struct rt_err err = RT_ERR_INIT;

	if (!p)
		return NULL;
	CU_ASSERT_EQUAL_FATAL(job_load_bodies(&bodies, A, p, d, false, 0, &err),
			      0);
	return bodies;
}

static void same(const char *name, const char *what, const char *got,
		 const char *want)
{
	if (strcmp(got, want))
		fprintf(stderr, "\n%s %s:\n--- want\n%s--- got\n%s---\n", name,
			what, want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void run_case(struct ocase *c)
{
	struct offline_opts o = { NULL, VERSTABLE_INIT, false, NULL };
	struct rt_buf out = RT_BUF_INIT, log = RT_BUF_INIT;
	struct rt_err err = RT_ERR_INIT;
	struct revplan *p = NULL;
	struct job job;
	struct revmap *m;
	bool tddl = false;
	char *want_out, *want_err, *want_rc, *path;
	int rc;

	CU_ASSERT_EQUAL_FATAL(dialect_for_scheme(&o.dialect,
		!strcmp(c->section, "pg") ? "postgresql" : c->section,
		&err), 0);
	apply_x(&o, &tddl, c->xopts);
	m = load_map(c->project, c->section);
	CU_ASSERT_EQUAL_FATAL(make_plan(&p, &job, m, c->args, &err), 0);
	rc = offline_emit(&out, &log, A, &o, job.kind, p,
			  load_bodies(p, o.dialect), &err);
	if (rc)
		rt_buf_addf(&log, "%s\n", err.msg);

	path = arena_printf(A, "%s/expected/%s", OFFDIR, c->name);
	want_out = unit_slurp(arena_printf(A, "%s.stdout", path));
	want_err = unit_slurp(arena_printf(A, "%s.stderr", path));
	want_rc = unit_slurp(arena_printf(A, "%s.rc", path));
	same(c->name, "stdout", out.buf, want_out);
	same(c->name, "stderr", log.buf, want_err);
	same(c->name, "exit", rc ? "1\n" : "0\n", want_rc);
	CU_ASSERT(rc == 0 || rc == RT_ERROR);
	free(want_out);
	free(want_err);
	free(want_rc);
	rt_buf_release(&out);
	rt_buf_release(&log);
	revmap_free(m);
}

/* Every case of cases.txt (67 runs of real Alembic). */
static void test_offline_alembic_cases(void)
{
	char *text = unit_slurp(OFFDIR "/cases.txt"), *line, *next;
	size_t ncases = 0;

	if (!A)
		A = arena_new();
	for (line = text; *line; line = next) {
		struct ocase c;
		char *f[5] = { NULL };
		size_t n = 0;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		f[n++] = line;
		while (n < 5 && strchr(f[n - 1], '|')) {
			f[n] = strchr(f[n - 1], '|');
			*f[n]++ = '\0';
			n++;
		}
		CU_ASSERT_EQUAL_FATAL(n, 5);
		c = (struct ocase){ f[0], f[1], f[2], f[3], f[4] };
		run_case(&c);
		ncases++;
	}
	CU_ASSERT_EQUAL(ncases, 67);
	free(text);
}

static const char *item(const char *sql)
{
	static char got[256];
	struct rt_buf b = RT_BUF_INIT;

	offline_item(&b, sql);
	snprintf(got, sizeof(got), "%s", b.buf);
	rt_buf_release(&b);
	return got;
}

/* Rule 8.6, its examples and Python's Unicode str.strip(). */
static void test_offline_statement_rendering(void)
{
	CU_ASSERT_STRING_EQUAL(item("SELECT 1;"), "SELECT 1;;\n\n");
	CU_ASSERT_STRING_EQUAL(item("   SELECT\t'tab'   \n\n  "),
			       "SELECT    'tab';\n\n");
	CU_ASSERT_STRING_EQUAL(item("INSERT x\n-- trailing comment"),
			       "INSERT x\n-- trailing comment;\n\n");
	CU_ASSERT_STRING_EQUAL(item(""), ";\n\n");
	CU_ASSERT_STRING_EQUAL(item(" \t\r\n\v\f"), ";\n\n");
	CU_ASSERT_STRING_EQUAL(item("SELECT '100%'"), "SELECT '100%';\n\n");
	CU_ASSERT_STRING_EQUAL(item("\tA\t\tB\t"), "A        B;\n\n");
	/* \x1c-\x1f, U+0085, U+00A0, U+1680, U+2000, U+200A, U+2028,
	 * U+2029, U+202F, U+205F, U+3000 are whitespace to Python. */
	CU_ASSERT_STRING_EQUAL(item("\x1c\x1f\302\205\302\240x\341\232\200"
				    "\342\200\200\342\200\212\342\200\250"),
			       "x;\n\n");
	CU_ASSERT_STRING_EQUAL(item("\342\200\251\342\200\257x y"
				    "\342\201\237\343\200\200"), "x y;\n\n");
	/* Not whitespace: U+200B, U+00E9, and inner Unicode spaces stay. */
	CU_ASSERT_STRING_EQUAL(item("\342\200\213x\302\240y\303\251"),
			       "\342\200\213x\302\240y\303\251;\n\n");
	/* A stray byte is kept as it is. */
	CU_ASSERT_STRING_EQUAL(item("\377 "), "\377;\n\n");
	CU_ASSERT_STRING_EQUAL(item("\342\200 \t"), "\342\200;\n\n");
}

/* A hand-made plan on the dagb project. */
static struct revplan *hand_plan(struct revmap *m, struct revstep *st,
				 struct rowop *ops, size_t nops)
{
	struct revplan *p = arena_alloc(A, sizeof(*p));
	static const char *rows[] = { "r1base" };

	memset(st, 0, sizeof(*st));
	st->kind = REVSTEP_UPGRADE;
	st->rev = revmap_lookup(m, "r1base");
	st->ops = ops;
	st->nops = nops;
	st->rows_empty_before = true;
	p->steps = st;
	p->nsteps = 1;
	p->final_rows = rows;
	p->nfinal_rows = 1;
	return p;
}

/*
 * Alembic's crash in row maintenance (revplan's last_step_crashes): the
 * step's SQL is printed, then the row statements recorded before the
 * crash (st.ops: Alembic printed them before heads.remove() raised, e.g.
 * the DELETEs of a merge whose update fails), and the plan's error
 * (already in err) wins.
 */
static void test_offline_last_step_crashes(void)
{
	struct offline_opts o = { &dialect_sqlite, VERSTABLE_INIT, false,
				  NULL };
	struct rt_buf out = RT_BUF_INIT, log = RT_BUF_INIT;
	struct rt_err err = RT_ERR_INIT, fresh = RT_ERR_INIT;
	struct rowop op = { ROWOP_INSERT, "r1base", NULL };
	struct rev_stmt s = { "SELECT 1", RT_LOC_NONE, false, false, NULL };
	struct rev_body b = { &s, 1, false, RT_LOC_NONE, NULL, NULL, NULL };
	const struct rev_body *bodies[] = { &b };
	struct revstep st;
	struct revplan *p;
	struct revmap *m;

	if (!A)
		A = arena_new();
	m = load_map("dagb", "sqlite");
	p = hand_plan(m, &st, &op, 1);
	p->last_step_crashes = true;
	rt_errf(&err, RT_ERROR, NULL, "AssertionError");
	CU_ASSERT_EQUAL(offline_emit(&out, &log, A, &o, JOB_UPGRADE, p,
				     bodies, &err), RT_ERROR);
	CU_ASSERT_STRING_EQUAL(err.msg, "AssertionError");
	CU_ASSERT_STRING_EQUAL(out.buf,
		"CREATE TABLE alembic_version (\n"
		"    version_num VARCHAR(32) NOT NULL, \n"
		"    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
		");\n\n-- Running upgrade  -> r1base\n\nSELECT 1;\n\n"
		"INSERT INTO alembic_version (version_num) VALUES "
		"('r1base');\n\n");
	rt_buf_reset(&out);
	CU_ASSERT_EQUAL(offline_emit(&out, &log, A, &o, JOB_UPGRADE, p,
				     bodies, &fresh), RT_ERROR);
	CU_ASSERT_STRING_EQUAL(fresh.msg, "the version table update of the "
			       "last step fails");
	rt_buf_release(&out);
	rt_buf_release(&log);
	revmap_free(m);
}

/* Checks made before anything is printed. */
static void test_offline_errors(void)
{
	struct offline_opts o = { &dialect_postgresql, VERSTABLE_INIT, false,
				  NULL };
	struct rt_buf out = RT_BUF_INIT, log = RT_BUF_INIT;
	struct rt_err e1 = RT_ERR_INIT, e2 = RT_ERR_INIT, e3 = RT_ERR_INIT;
	struct rt_err e4 = RT_ERR_INIT;
	struct rowop op = { ROWOP_UPDATE, "r1base", "it's" };
	struct rev_body b = { NULL, 0, false, RT_LOC_NONE, NULL, NULL, NULL };
	const struct rev_body *bodies[] = { &b };
	struct revstep st;
	struct revplan *p;
	struct revmap *m;

	if (!A)
		A = arena_new();
	m = load_map("dagb", "pg");
	p = hand_plan(m, &st, &op, 1);
	CU_ASSERT_EQUAL(offline_emit(&out, &log, A, &o, JOB_UPGRADE, p,
				     bodies, &e1), RT_ECOMMAND);
	CU_ASSERT_STRING_EQUAL(e1.msg, "revision id 'it's' contains a single "
			       "quote, which cannot be written to the "
			       "version table");
	CU_ASSERT_EQUAL(offline_emit(&out, &log, A, &o, JOB_STAMP, p,
				     bodies, &e2), RT_ERROR);
	CU_ASSERT_STRING_EQUAL(e2.msg, "offline: a step of kind 0 in a plan "
			       "for command 2");
	CU_ASSERT_EQUAL(offline_emit(&out, &log, A, &o, JOB_UPGRADE, p,
				     NULL, &e3), RT_ERROR);
	CU_ASSERT_STRING_EQUAL(e3.msg, "offline: no body for the step of "
			       "r1base");
	CU_ASSERT_EQUAL(offline_emit(&out, &log, A, &o, JOB_UPGRADE, NULL,
				     NULL, &e4), RT_ERROR);
	CU_ASSERT_STRING_EQUAL(e4.msg, "offline: no plan");
	CU_ASSERT_EQUAL(out.len, 0u);
	CU_ASSERT_EQUAL(log.len, 0u);
	revmap_free(m);
}

/*
 * A raise with an unknown exception or no message, and autocommit
 * statements at the end of a body (the BEGIN; comes after them).
 */
static void test_offline_raise_forms(void)
{
	struct offline_opts o = { &dialect_postgresql, VERSTABLE_INIT, true,
				  NULL };
	struct rt_buf out = RT_BUF_INIT, log = RT_BUF_INIT;
	struct rt_err e1 = RT_ERR_INIT, e2 = RT_ERR_INIT;
	struct rowop op = { ROWOP_INSERT, "r1base", NULL };
	struct rev_stmt s[] = {
		{ "VACUUM", RT_LOC_NONE, false, true, NULL },
		{ "SELECT ':x'", RT_LOC_NONE, true, true, NULL },
	};
	struct rev_body b = { s, 2, true, { "v.py", 7, 5 }, NULL, NULL, NULL };
	const struct rev_body *bodies[] = { &b };
	struct revstep st;
	struct revplan *p;
	struct revmap *m;
	char msg[RT_ERR_MSG_MAX + 600];

	if (!A)
		A = arena_new();
	m = load_map("dagb", "pg");
	p = hand_plan(m, &st, &op, 1);
	CU_ASSERT_EQUAL(offline_emit(&out, &log, A, &o, JOB_UPGRADE, p,
				     bodies, &e1), RT_ERROR);
	CU_ASSERT_STRING_EQUAL(rt_err_str(&e1, msg, sizeof(msg)),
			       "v.py:7:5: Exception");
	CU_ASSERT_STRING_EQUAL(out.buf,
		"BEGIN;\n\n"
		"CREATE TABLE alembic_version (\n"
		"    version_num VARCHAR(32) NOT NULL, \n"
		"    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
		");\n\n-- Running upgrade  -> r1base\n\nCOMMIT;\n\n"
		"VACUUM;\n\nSELECT 'NULL';\n\nBEGIN;\n\n");
	CU_ASSERT_STRING_EQUAL(log.buf,
		OFFLINE_LOG_PREFIX "Context impl PostgresqlImpl.\n"
		OFFLINE_LOG_PREFIX "Generating static SQL\n"
		OFFLINE_LOG_PREFIX "Will assume transactional DDL.\n"
		OFFLINE_LOG_PREFIX "Running upgrade  -> r1base, initial\n");
	b.raise_exc = "KeyError";
	CU_ASSERT_EQUAL(offline_emit(&out, &log, A, &o, JOB_UPGRADE, p,
				     bodies, &e2), RT_ERROR);
	CU_ASSERT_STRING_EQUAL(e2.msg, "KeyError");
	rt_buf_release(&out);
	rt_buf_release(&log);
	revmap_free(m);
}

void unit_register(void)
{
	UNIT_SUITE("offline",
		   UNIT_TEST(test_offline_alembic_cases),
		   UNIT_TEST(test_offline_statement_rendering),
		   UNIT_TEST(test_offline_last_step_crashes),
		   UNIT_TEST(test_offline_errors),
		   UNIT_TEST(test_offline_raise_forms));
}
