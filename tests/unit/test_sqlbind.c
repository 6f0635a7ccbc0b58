/*
 * test_sqlbind.c: SQLAlchemy text()'s ":name" rule (spec rule 8.6).  The
 * expected offline strings were printed by real Alembic 1.8.1 with
 * SQLAlchemy 1.4.46 (`alembic upgrade head --sql`, postgresql, default
 * env.py) for op.execute(<the input>), minus the ';' terminator.
 */
#include "unit.h"
#include "sql/sqlbind.h"

static struct rt_arena *arena;

#define EQS UNIT_EQS

static const struct {
	const char *in, *alembic;
	int nparams;
} offline[] = {
	/* spec rule 8.6's example */
	{ "SELECT ' :z' AS a", "SELECT ' NULL' AS a", 1 },
	{ "SELECT :a, :b, :a", "SELECT NULL, NULL, NULL", 3 },
	{ "SELECT a:b, 1::int, x::text", "SELECT a:b, 1::int, x::text", 0 },
	{ "SELECT \\:z, '\\:y'", "SELECT :z, ':y'", 0 },
	/* pass 1 collects "ab", pass 2 matches nothing */
	{ "SELECT :abc::int", "SELECT :abc::int", 0 },
	/* pass 2 matches "a$b", which pass 1 did not collect */
	{ "SELECT :a$b", "SELECT :a$b", 0 },
	{ "SELECT $1:x, $:y", "SELECT $1:x, $:y", 0 },
	{ "SELECT \\: , \\:", "SELECT : , :", 0 },
	{ "SELECT \\\\:x", "SELECT \\:x", 0 },
	{ "SELECT :x:", "SELECT :x:", 0 },
	{ "SELECT :\xc3\xa9, x:\xc3\xa9, \xc3\xa9:x, :x\xc3\xa9",
	  "SELECT NULL, x:\xc3\xa9, \xc3\xa9:x, NULL", 2 },
	{ "SELECT '100%', :_, :1, :1a", "SELECT '100%', NULL, NULL, NULL",
	  3 },
	{ "SELECT \\:a$b", "SELECT :a$b", 0 },
	{ "SELECT (:x)", "SELECT (NULL)", 1 },
	{ "SELECT :x\n:y", "SELECT NULL\nNULL", 2 },
	{ "SELECT \\::x", "SELECT \\::x", 0 },
	{ "SELECT ::x, :::x, \\:\\:x", "SELECT ::x, :::x, ::x", 0 },
	{ "SELECT :x$, :$x", "SELECT :x$, :$x", 0 },
	{ "SELECT \\:x:", "SELECT \\:x:", 0 },
	{ "SELECT :a:b", "SELECT :a:b", 0 },
	{ "SELECT :ab:c", "SELECT :ab:c", 0 },
	{ "SELECT \\:ab:c", "SELECT \\:ab:c", 0 },
	/* U+2019 and U+00B7 are not \w, U+00B2 is */
	{ "SELECT \xe2\x80\x99:x, :x\xe2\x80\x99, \xc2\xb7:x, \xc2\xb2:x, "
	  ":x\xc2\xb2",
	  "SELECT \xe2\x80\x99NULL, NULL\xe2\x80\x99, \xc2\xb7NULL, "
	  "\xc2\xb2:x, NULL", 4 },
	{ "", "", 0 },
	{ ":x", "NULL", 1 },
	{ "\\:", ":", 0 },
};

static void test_sqlbind_offline_matches_alembic(void)
{
	size_t i;
	char *out;
	int n;

	arena = arena_new();
	for (i = 0; i < RT_ARRAY_SIZE(offline); i++) {
		n = sqlbind_render_offline(&out, arena, offline[i].in);
		EQS(out, offline[i].alembic);
		CU_ASSERT_EQUAL(n, offline[i].nparams);
	}
	arena_free(arena);
}

/* The first parameter's name, "" when none. */
static const char *online(const char *sql)
{
	const char *name;
	int n = sqlbind_check_online(sql, &name);

	if (!n) {
		CU_ASSERT_PTR_NULL(name);
		return "";
	}
	return arena_strndup(arena, name, (size_t)n);
}

static const char *stray(const char *sql)
{
	const char *name;
	int n = sqlbind_stray_name(sql, &name);

	return n ? arena_strndup(arena, name, (size_t)n) : "";
}

/*
 * SQLAlchemy online (checked with sqlalchemy.text(...).compile()
 * .construct_params()): the first parameter in text order fails with
 * "A value is required for bind parameter 'b'", before any KeyError.
 */
static void test_sqlbind_online(void)
{
	arena = arena_new();
	EQS(online("SELECT :b, :a"), "b");
	EQS(online("SELECT ':x'"), "x");
	EQS(online("SELECT 1 -- :x"), "x");
	EQS(online("SELECT :a$b, :c"), "c");
	EQS(online("SELECT \xe2\x80\x99:na\xc3\xafve"), "na\xc3\xafve");
	EQS(online("SELECT a:b, 1::int, \\:z, '\\:z'"), "");
	EQS(online("SELECT :abc::int"), "");
	EQS(online(""), "");
	EQS(stray("SELECT :a$b"), "a$b");
	EQS(stray("SELECT :x$, :$x"), "x$");
	EQS(stray("SELECT :x, :y"), "");
	EQS(stray("SELECT $:x"), "");
	arena_free(arena);
}

static void test_sqlbind_unescape(void)
{
	arena = arena_new();
	EQS(sqlbind_unescape(arena, "SELECT \\:z, '\\:y', \\::x, \\:ab:c"),
	    "SELECT :z, ':y', \\::x, \\:ab:c");
	EQS(sqlbind_unescape(arena, "SELECT :x \\"), "SELECT :x \\");
	EQS(sqlbind_unescape(arena, ""), "");
	arena_free(arena);
}

/* Python's \w, spot checks (python3: re.match(r'\w', c)). */
static void test_sqlbind_word(void)
{
	CU_ASSERT_EQUAL(sqlbind_word_at("a"), 1);
	CU_ASSERT_EQUAL(sqlbind_word_at("_"), 1);
	CU_ASSERT_EQUAL(sqlbind_word_at("9"), 1);
	CU_ASSERT_EQUAL(sqlbind_word_at("$"), 0);
	CU_ASSERT_EQUAL(sqlbind_word_at(""), 0);
	CU_ASSERT_EQUAL(sqlbind_word_at("\xc3\xa9"), 2);	/* é */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xc2\xaa"), 2);	/* ª */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xc2\xb2"), 2);	/* ² */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xc2\xb7"), 0);	/* · */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xc2\xa0"), 0);	/* nbsp */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xcc\x81"), 0);	/* U+0301 */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xd9\xa3"), 2);	/* U+0663 */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xe4\xb8\xad"), 3);	/* 中 */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xe2\x80\x99"), 0);	/* ’ */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xf0\x90\x90\x80"), 4); /* U+10400 */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xf0\x9f\x98\x80"), 0); /* emoji */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xc3"), 0);	/* truncated */
	CU_ASSERT_EQUAL(sqlbind_word_at("\xff"), 0);
}

/* Invalid UTF-8 before ':' is one non-word byte each. */
static void test_sqlbind_invalid_utf8(void)
{
	char *out;

	arena = arena_new();

	CU_ASSERT_EQUAL(sqlbind_render_offline(&out, arena,
					       "\xff:x \xa9:y \xc3\xa9:z"), 2);
	EQS(out, "\xffNULL \xa9NULL \xc3\xa9:z");
	arena_free(arena);
}

void unit_register(void)
{
	UNIT_SUITE("sqlbind",
		   UNIT_TEST(test_sqlbind_offline_matches_alembic),
		   UNIT_TEST(test_sqlbind_online),
		   UNIT_TEST(test_sqlbind_unescape),
		   UNIT_TEST(test_sqlbind_word),
		   UNIT_TEST(test_sqlbind_invalid_utf8));
}
