/*
 * test_dynload.c: drivers/dynload.c, loading a client library and its
 * function table: a missing library, a missing symbol, a good load, and
 * the client libraries this build was configured to load.
 */
#include "unit.h"

#include "drivers/dynload.h"

#ifdef RETORT_WITH_POSTGRES
#include <libpq-fe.h>
#endif
#ifdef RETORT_WITH_MYSQL
#include <mysql.h>
#endif

#define EQS UNIT_EQS

/* Two libc functions, called through the table. */
struct libc_api {
	DYNLOAD_FN(strlen)
	DYNLOAD_FN(strtol)
};

#define LIBC_SYM(f) DYNLOAD_SYM(struct libc_api, f)
static const struct dynload_sym libc_syms[] = { LIBC_SYM(strlen)
	LIBC_SYM(strtol) };

/* strlen, then a function libc does not have. */
static const struct dynload_sym bad_syms[] = {
	{ "strlen", offsetof(struct libc_api, strlen) },
	{ "rt_no_such_function", offsetof(struct libc_api, strtol) },
};

static void test_dynload_missing_library(void)
{
	const struct dynload_lib lib = { "libretort-missing.so.7",
		"libretort-missing7", 0, libc_syms,
		RT_ARRAY_SIZE(libc_syms) };
	struct rt_err err = RT_ERR_INIT;
	struct libc_api api = { NULL, NULL };
	void *h = &api;

	CU_ASSERT_EQUAL(dynload_open(&h, &api, &lib, &err), RT_EDB);
	CU_ASSERT_PTR_NULL(h);
	CU_ASSERT_EQUAL(err.code, RT_EDB);
	EQS(err.msg, "cannot load libretort-missing.so.7 (apt-get install "
	    "libretort-missing7): libretort-missing.so.7: cannot open "
	    "shared object file: No such file or directory");
	EQS(err.sqlstate, "");
	CU_ASSERT_PTR_NULL(api.strlen);
}

static void test_dynload_missing_symbol(void)
{
	const struct dynload_lib lib = { "libc.so.6", "libc6", 0, bad_syms,
		RT_ARRAY_SIZE(bad_syms) };
	struct rt_err err = RT_ERR_INIT;
	struct libc_api api = { NULL, NULL };
	void *h = &api;

	CU_ASSERT_EQUAL(dynload_open(&h, &api, &lib, &err), RT_EDB);
	CU_ASSERT_PTR_NULL(h);
	EQS(err.msg, "cannot load libc.so.6 (apt-get install libc6): "
	    "undefined symbol: rt_no_such_function");
	EQS(err.sqlstate, "");
}

/* The first error wins: a second failure leaves the message alone. */
static void test_dynload_first_error_wins(void)
{
	const struct dynload_lib lib = { "libretort-missing.so.7",
		"libretort-missing7", 0, libc_syms,
		RT_ARRAY_SIZE(libc_syms) };
	struct rt_err err = RT_ERR_INIT;
	struct libc_api api = { NULL, NULL };
	void *h;

	rt_errf(&err, RT_ECONFIG, NULL, "earlier");
	CU_ASSERT_EQUAL(dynload_open(&h, &api, &lib, &err), RT_EDB);
	CU_ASSERT_EQUAL(err.code, RT_ECONFIG);
	EQS(err.msg, "earlier");
}

static void test_dynload_ok(void)
{
	const struct dynload_lib lib = { "libc.so.6", "libc6", 0, libc_syms,
		RT_ARRAY_SIZE(libc_syms) };
	struct rt_err err = RT_ERR_INIT;
	struct libc_api api = { NULL, NULL };
	void *h = NULL;

	CU_ASSERT_EQUAL_FATAL(dynload_open(&h, &api, &lib, &err), 0);
	CU_ASSERT_PTR_NOT_NULL(h);
	CU_ASSERT_EQUAL(err.code, 0);
	CU_ASSERT_EQUAL(api.strlen("retort"), 6);
	CU_ASSERT_EQUAL(api.strtol("-42", NULL, 10), -42);
	dynload_close(h);
	dynload_close(NULL);
}

#ifdef RETORT_WITH_POSTGRES
struct pq_version_api {
	DYNLOAD_FN(PQlibVersion)
};
#endif
#ifdef RETORT_WITH_MYSQL
struct my_version_api {
	DYNLOAD_FN(mysql_get_client_version)
};
#endif

/* The sonames configure read from the libraries pkg-config names load
 * and answer (PostgreSQL 10+ and Connector/C 3+ in their numbering). */
static void test_dynload_client_libraries(void)
{
#ifdef RETORT_WITH_POSTGRES
	{
		static const struct dynload_sym syms[] = { DYNLOAD_SYM(
			struct pq_version_api, PQlibVersion) };
		const struct dynload_lib lib = { RETORT_LIBPQ_SONAME,
			RETORT_LIBPQ_PACKAGE, 0, syms, 1 };
		struct pq_version_api api = { NULL };
		struct rt_err err = RT_ERR_INIT;
		void *h = NULL;

		EQS(RETORT_LIBPQ_PACKAGE, "libpq5");
		CU_ASSERT_EQUAL_FATAL(dynload_open(&h, &api, &lib, &err), 0);
		CU_ASSERT(api.PQlibVersion() >= 100000);
		dynload_close(h);
	}
#endif
#ifdef RETORT_WITH_MYSQL
	{
		static const struct dynload_sym syms[] = { DYNLOAD_SYM(
			struct my_version_api, mysql_get_client_version) };
		const struct dynload_lib lib = { RETORT_LIBMARIADB_SONAME,
			RETORT_LIBMARIADB_PACKAGE, 0, syms, 1 };
		struct my_version_api api = { NULL };
		struct rt_err err = RT_ERR_INIT;
		void *h = NULL;

		EQS(RETORT_LIBMARIADB_PACKAGE, "libmariadb3");
		CU_ASSERT_EQUAL_FATAL(dynload_open(&h, &api, &lib, &err), 0);
		CU_ASSERT(api.mysql_get_client_version() >= 30000);
		dynload_close(h);
	}
#endif
}

void unit_register(void)
{
	UNIT_SUITE("dynload", UNIT_TEST(test_dynload_missing_library),
		   UNIT_TEST(test_dynload_missing_symbol),
		   UNIT_TEST(test_dynload_first_error_wins),
		   UNIT_TEST(test_dynload_ok),
		   UNIT_TEST(test_dynload_client_libraries));
}
