/*
 * test_runner.c: the runner (runner.h, runopts.h) on SQLite: the shared
 * cases of runtest.c, plus the settings read from the ini.
 */
#include "unit.h"

#include "runtest.h"

#include <unistd.h>

static char *dbpath;

static const char *lite_fresh(struct rt_arena *a, const char *dir)
{
	free(dbpath);
	dbpath = rt_xstrdup(arena_printf(a, "%s/test.db", dir));
	unlink(dbpath);
	return arena_printf(a, "sqlite:///%s", dbpath);
}

static void lite_drop(void)
{
	free(dbpath);
	dbpath = NULL;
}

static const char *lite_nosuch(void)
{
	return "no such table: nosuch";
}

static const struct rtest_backend lite = {
	.name = "sqlite",
	.fresh = lite_fresh,
	.drop = lite_drop,
	.nosuch_msg = lite_nosuch,
	.ddl_commits = false,
};

const struct rtest_backend *rtest_db = &lite;

static struct config *ini(struct rt_arena *a, const char *dir,
			  const char *text)
{
	struct rt_err err = RT_ERR_INIT;
	struct config *c = NULL;

	unit_write(dir, "alembic.ini", text);
	CU_ASSERT_EQUAL_FATAL(config_load(&c, a, arena_printf(a,
			      "%s/alembic.ini", dir), &err), 0);
	return c;
}

static void test_runner_opts_defaults(void)
{
	struct rt_arena *a = arena_new();
	char *dir = unit_tmpdir();
	struct runopts_env env = { NULL };
	struct rt_err err = RT_ERR_INIT;
	struct runopts o;

	CU_ASSERT_EQUAL(runopts_load(&o, a, ini(a, dir, "[alembic]\n"
		"sqlalchemy.url = sqlite:///x.db\n"), "alembic", &env, &err),
		0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_STRING_EQUAL(o.url->masked, "sqlite:///x.db");
	CU_ASSERT_EQUAL(o.url_src, URL_SRC_INI);
	CU_ASSERT_STRING_EQUAL(o.vt.name, "alembic_version");
	CU_ASSERT_PTR_NULL(o.vt.schema);
	CU_ASSERT(o.vt.pk);
	CU_ASSERT(!o.transaction_per_migration);
	CU_ASSERT(!o.has_transactional_ddl);
	CU_ASSERT_EQUAL(o.lock_timeout_ms, 300000);
	CU_ASSERT_EQUAL(o.fail_exec_at, 0);
	/* connecting is bounded by default (docs/running.md), reading not */
	CU_ASSERT_EQUAL(o.connect_timeout_s, 30);
	CU_ASSERT_STRING_EQUAL(o.connect_timeout_name,
			       "retort.connect_timeout");
	CU_ASSERT_EQUAL(o.read_timeout_s, 0);
	CU_ASSERT_STRING_EQUAL(o.read_timeout_name, "retort.read_timeout");
	CU_ASSERT_EQUAL(o.alembic, ALEMBIC_V_NEWEST);
	CU_ASSERT_EQUAL(o.vt.alembic, ALEMBIC_V_NEWEST);
	CU_ASSERT_STRING_EQUAL(runopts_lock_name(&o, a),
			       "retort.x.db.alembic_version");
	unit_rmtree(dir);
	free(dir);
	arena_free(a);
}

static void test_runner_opts_set(void)
{
	struct rt_arena *a = arena_new();
	char *dir = unit_tmpdir();
	struct runopts_env env = { "postgresql://u:pw@h/my%20db",
				   "sqlite://", "exec:7", NULL, "", "1.13.2" };
	struct rt_err err = RT_ERR_INIT;
	struct runopts o;

	CU_ASSERT_EQUAL(runopts_load(&o, a, ini(a, dir, "[alembic]\n"
		"sqlalchemy.url = sqlite:///x.db\n"
		"version_table = My-Ver\nversion_table_schema = app\n"
		"version_table_pk = Off\ntransaction_per_migration = yes\n"
		"transactional_ddl = 0\nretort.lock_timeout = 2.5\n"
		"retort.connect_timeout = 0\nretort.read_timeout = 600\n"
		"retort.alembic_version = 1.9\n"),
		"alembic", &env, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_EQUAL(o.url_src, URL_SRC_OPTION);
	CU_ASSERT_STRING_EQUAL(o.url->masked, "postgresql://u:***@h/my%20db");
	CU_ASSERT_STRING_EQUAL(o.vt.name, "My-Ver");
	CU_ASSERT_STRING_EQUAL(o.vt.schema, "app");
	CU_ASSERT(!o.vt.pk);
	CU_ASSERT(o.transaction_per_migration);
	CU_ASSERT(o.has_transactional_ddl);
	CU_ASSERT(!o.transactional_ddl);
	CU_ASSERT_EQUAL(o.lock_timeout_ms, 2500);
	CU_ASSERT_EQUAL(o.fail_exec_at, 7);
	CU_ASSERT_EQUAL(o.connect_timeout_s, 0);
	CU_ASSERT_EQUAL(o.read_timeout_s, 600);
	CU_ASSERT_STRING_EQUAL(o.read_timeout_name, "retort.read_timeout");
	/* the environment wins over the ini */
	CU_ASSERT_EQUAL(o.alembic, ALEMBIC_V(13, 2));
	CU_ASSERT_EQUAL(o.vt.alembic, ALEMBIC_V(13, 2));
	CU_ASSERT_STRING_EQUAL(runopts_lock_name(&o, a),
			       "retort.my_db.app.My-Ver");
	unit_rmtree(dir);
	free(dir);
	arena_free(a);
}

/* The environment variables win over the ini keys. */
static void test_runner_opts_timeout_env(void)
{
	struct rt_arena *a = arena_new();
	char *dir = unit_tmpdir();
	struct runopts_env env = { .connect_timeout = " 7 ",
				   .read_timeout = "0" };
	struct rt_err err = RT_ERR_INIT;
	struct runopts o;

	CU_ASSERT_EQUAL(runopts_load(&o, a, ini(a, dir, "[alembic]\n"
		"sqlalchemy.url = sqlite://\nretort.connect_timeout = 3\n"
		"retort.read_timeout = 9\n"), "alembic", &env, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_EQUAL(o.connect_timeout_s, 7);
	CU_ASSERT_STRING_EQUAL(o.connect_timeout_name,
			       "RETORT_CONNECT_TIMEOUT");
	CU_ASSERT_EQUAL(o.read_timeout_s, 0);
	CU_ASSERT_STRING_EQUAL(o.read_timeout_name, "RETORT_READ_TIMEOUT");
	unit_rmtree(dir);
	free(dir);
	arena_free(a);
}

static void opts_error_env(const char *body, struct runopts_env env,
			   const char *want)
{
	struct rt_arena *a = arena_new();
	char *dir = unit_tmpdir();
	struct rt_err err = RT_ERR_INIT;
	char text[RT_ERR_MSG_MAX + 600];
	struct runopts o;

	CU_ASSERT_EQUAL(runopts_load(&o, a, ini(a, dir, body), "alembic",
				     &env, &err), RT_ECONFIG);
	CU_ASSERT_STRING_EQUAL(rt_err_str(&err, text, sizeof(text)),
			       arena_printf(a, want, dir));
	unit_rmtree(dir);
	free(dir);
	arena_free(a);
}

static void opts_error(const char *body, const char *fault,
		       const char *want)
{
	struct runopts_env env = { .fault = fault };

	opts_error_env(body, env, want);
}

/* retort.alembic_version: 1.8 (1.8.1) to 1.19, 1.N.P; errors name the
 * ini line or the variable, and the accepted values. */
static void test_runner_opts_alembic(void)
{
	static const struct {
		const char *s;
		int v;
	} ok[] = {
		{ "1.8", ALEMBIC_V(8, 1) }, { "1.8.1", ALEMBIC_V(8, 1) },
		{ "1.13", ALEMBIC_V(13, 0) }, { "1.13.2", ALEMBIC_V(13, 2) },
		{ "1.19", ALEMBIC_V(19, 0) }, { "1.14.1", ALEMBIC_V(14, 1) },
	};
	static const char *const bad[] = {
		"1.8.0", "1.7", "1.20", "2.0", "1.013", "1.13.", "1.13.2.1",
		"1.13 ", "", "x", "1", "1.",
	};
	size_t i;
	int v;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = 0;
		CU_ASSERT_EQUAL(alembic_version_parse(ok[i].s, &v), 0);
		CU_ASSERT_EQUAL(v, ok[i].v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(alembic_version_parse(bad[i], &v), -1);
	CU_ASSERT(!alembic_sa2(0));
	CU_ASSERT(!alembic_sa2(ALEMBIC_V(12, 1)));
	CU_ASSERT(alembic_sa2(ALEMBIC_V(13, 0)));
	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n"
		   "retort.alembic_version = 2.0\n", NULL,
		   "%s/alembic.ini:3: retort.alembic_version must be one of "
		   "1.8, 1.9, ..., 1.19 (or 1.N.P, e.g. 1.13.2), not '2.0'");
	opts_error_env("[alembic]\nsqlalchemy.url = sqlite://\n"
		       "retort.alembic_version = 1.9\n",
		       (struct runopts_env){ .alembic_version = "1.7" },
		       "RETORT_ALEMBIC_VERSION must be one of 1.8, 1.9, ..., "
		       "1.19 (or 1.N.P, e.g. 1.13.2), not '1.7'");
}

static void test_runner_opts_errors(void)
{
	struct runopts_env ct = { .connect_timeout = "1.5" };
	struct runopts_env rt = { .read_timeout = "-1" };

	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n"
		   "version_table_pk = maybe\n", NULL,
		   "%s/alembic.ini:3: String is not true/false: 'maybe'");
	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n"
		   "transaction_per_migration = \n", NULL,
		   "%s/alembic.ini:3: String is not true/false: ''");
	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n"
		   "retort.lock_timeout = soon\n", NULL,
		   "%s/alembic.ini:3: retort.lock_timeout must be a number "
		   "of seconds, not 'soon'");
	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n"
		   "version_table =\n", NULL,
		   "%s/alembic.ini:3: version_table must not be empty");
	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n", "exec:0",
		   "RETORT_FAULT must be exec:N with N >= 1, not 'exec:0'");
	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n", "exec",
		   "RETORT_FAULT must be exec:N with N >= 1, not 'exec'");
	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n"
		   "retort.connect_timeout = 2s\n", NULL,
		   "%s/alembic.ini:3: retort.connect_timeout must be a whole "
		   "number of seconds (0: no limit), not '2s'");
	opts_error("[alembic]\nsqlalchemy.url = sqlite://\n"
		   "retort.read_timeout = -5\n", NULL,
		   "%s/alembic.ini:3: retort.read_timeout must be a whole "
		   "number of seconds (0: no limit), not '-5'");
	opts_error_env("[alembic]\nsqlalchemy.url = sqlite://\n", ct,
		       "RETORT_CONNECT_TIMEOUT must be a whole number of "
		       "seconds (0: no limit), not '1.5'");
	opts_error_env("[alembic]\nsqlalchemy.url = sqlite://\n", rt,
		       "RETORT_READ_TIMEOUT must be a whole number of "
		       "seconds (0: no limit), not '-1'");
	opts_error("[alembic]\n", NULL, "no database URL: use --url, set "
		   "RETORT_DATABASE_URL or set sqlalchemy.url in the ini "
		   "file");
}

void unit_register(void)
{
	UNIT_SUITE("runner",
		   UNIT_TEST(test_runner_opts_defaults),
		   UNIT_TEST(test_runner_opts_set),
		   UNIT_TEST(test_runner_opts_timeout_env),
		   UNIT_TEST(test_runner_opts_errors),
		   UNIT_TEST(test_runner_opts_alembic),
		   RTEST_CASES);
}
