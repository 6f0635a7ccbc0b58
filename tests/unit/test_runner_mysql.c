/*
 * test_runner_mysql.c: the runner's shared cases (runtest.c) on the
 * MariaDB test server (RETORT_TEST_MYSQL_URL, required): each test in
 * its own database retort_run_<pid>_<n>.
 */
#include "unit.h"

#include "runtest.h"

#include <unistd.h>

static const char *base_url;
static char dbname[64];
static int seq;

static void my_drop(void)
{
	char sql[128];

	if (!dbname[0])
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", dbname);
	rtest_admin(base_url, sql);
	dbname[0] = '\0';
}

/* The base URL with the database replaced. */
static const char *my_fresh(struct rt_arena *a, const char *dir)
{
	const char *rest = strstr(base_url, "://") + 3;
	const char *q = strchr(rest, '?');
	size_t len = q ? (size_t)(q - rest) : strlen(rest);
	const char *slash = memchr(rest, '/', len);
	char sql[128];

	my_drop();
	snprintf(dbname, sizeof(dbname), "retort_run_%d_%d", (int)getpid(),
		 ++seq);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
	rtest_admin(base_url, sql);
	return arena_printf(a, "%.*s/%s%s", (int)((slash ? slash : rest +
		len) - base_url), base_url, dbname, q ? q : "");
}

/* The "no such table" message names the test's database. */
static const char *my_nosuch(void)
{
	static char msg[128];

	snprintf(msg, sizeof(msg), "Table '%s.nosuch' doesn't exist",
		 dbname);
	return msg;
}

static const struct rtest_backend my = {
	.name = "mysql",
	.fresh = my_fresh,
	.drop = my_drop,
	.nosuch_msg = my_nosuch,
	.ddl_commits = true,
};

const struct rtest_backend *rtest_db = &my;

static void test_runner_mysql_url(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(base_url);
}

void unit_register(void)
{
	base_url = getenv("RETORT_TEST_MYSQL_URL");
	if (!base_url || !*base_url) {
		UNIT_SUITE("runner_mysql", UNIT_TEST(test_runner_mysql_url));
		return;
	}
	UNIT_SUITE("runner_mysql", RTEST_CASES);
}
