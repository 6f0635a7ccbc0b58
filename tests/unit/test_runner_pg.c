/*
 * test_runner_pg.c: the runner's shared cases (runtest.c) on the
 * PostgreSQL test server (RETORT_TEST_PG_URL, required): each test in
 * its own schema, reached through the `options` URL parameter.
 */
#include "unit.h"

#include "runtest.h"

#include <unistd.h>

static const char *base_url;
static char schema[64];
static int seq;

static void pg_drop(void)
{
	char sql[128];

	if (!schema[0])
		return;
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
		 schema);
	rtest_admin(base_url, sql);
	schema[0] = '\0';
}

static const char *pg_fresh(struct rt_arena *a, const char *dir)
{
	char sql[128];

	pg_drop();
	snprintf(schema, sizeof(schema), "rt_runner_%d_%d", (int)getpid(),
		 ++seq);
	snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema);
	rtest_admin(base_url, sql);
	return arena_printf(a, "%s%coptions=-csearch_path%%3D%s", base_url,
			    strchr(base_url, '?') ? '&' : '?', schema);
}

static const char *pg_nosuch(void)
{
	return "relation \"nosuch\" does not exist";
}

static const struct rtest_backend pg = {
	.name = "postgresql",
	.fresh = pg_fresh,
	.drop = pg_drop,
	.nosuch_msg = pg_nosuch,
	.ddl_commits = false,
};

const struct rtest_backend *rtest_db = &pg;

static void test_runner_pg_url(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(base_url);
}

void unit_register(void)
{
	base_url = getenv("RETORT_TEST_PG_URL");
	if (!base_url || !*base_url) {
		UNIT_SUITE("runner_pg", UNIT_TEST(test_runner_pg_url));
		return;
	}
	UNIT_SUITE("runner_pg", RTEST_CASES);
}
