/*
 * test_srcmap.c: base/srcmap.c: the table lookup agrees with the
 * one-shot rt_loc_at() at every offset of texts with empty lines, a
 * trailing newline or none, and multibyte characters (columns count
 * bytes); "\r" ends lines only with SRCMAP_CR; libyaml-style character
 * marks become byte columns.
 */
#include "unit.h"
#include "base/srcmap.h"

static void test_srcmap_agrees_with_scan(void)
{
	static const char *const texts[] = {
		"", "\n", "a", "ab\ncd\n", "\n\nx\n\n",
		"caf\xc3\xa9\n\xe4\xb8\xad=1",
		"line one\r\nline two\rthree\n",
	};
	struct rt_arena *a = arena_new();

	for (size_t t = 0; t < RT_ARRAY_SIZE(texts); t++) {
		struct srcmap m;
		size_t len = strlen(texts[t]);

		srcmap_init(&m, "f.py", texts[t], len, 0);
		for (size_t off = 0; off <= len; off++) {
			struct rt_loc x = srcmap_loc(&m, a, off);
			struct rt_loc y = rt_loc_at("f.py", texts[t], off);

			CU_ASSERT_STRING_EQUAL(x.file, "f.py");
			CU_ASSERT_EQUAL(x.line, y.line);
			CU_ASSERT_EQUAL(x.col, y.col);
		}
	}
	arena_free(a);
}

static void test_srcmap_values(void)
{
	const char *s = "ab\n\xc3\xa9x\n\nz";
	struct rt_arena *a = arena_new();
	struct srcmap m;
	struct rt_loc l;

	srcmap_init(&m, "f", s, strlen(s), 0);
	l = srcmap_loc(&m, a, 0);
	CU_ASSERT(l.line == 1 && l.col == 1);
	l = srcmap_loc(&m, a, 2);	/* the "\n" ends its line */
	CU_ASSERT(l.line == 1 && l.col == 3);
	l = srcmap_loc(&m, a, 5);	/* x after a 2-byte character */
	CU_ASSERT(l.line == 2 && l.col == 3);
	l = srcmap_loc(&m, a, 7);
	CU_ASSERT(l.line == 3 && l.col == 1);
	l = srcmap_loc(&m, a, 8);
	CU_ASSERT(l.line == 4 && l.col == 1);
	l = rt_loc_at("f", s, 5);
	CU_ASSERT(l.line == 2 && l.col == 3);
	arena_free(a);
}

static void test_srcmap_cr(void)
{
	const char *s = "a\r\nb\rc\n\rd";
	struct rt_arena *a = arena_new();
	struct srcmap lf, cr;
	struct rt_loc l;

	srcmap_init(&lf, "f", s, strlen(s), 0);
	srcmap_init(&cr, "f", s, strlen(s), SRCMAP_CR);
	l = srcmap_loc(&lf, a, 5);	/* c */
	CU_ASSERT(l.line == 2 && l.col == 3);
	l = srcmap_loc(&cr, a, 5);
	CU_ASSERT(l.line == 3 && l.col == 1);
	l = srcmap_loc(&cr, a, 8);	/* d, after "\n" then a lone "\r" */
	CU_ASSERT(l.line == 5 && l.col == 1);
	arena_free(a);
}

static void test_srcmap_chars(void)
{
	/* line 2 (0-based 1): "\xc3\xa9\xe4\xb8\xadz" */
	const char *s = "x\n\xc3\xa9\xe4\xb8\xadz\r\nq";
	struct rt_arena *a = arena_new();
	struct srcmap m;
	struct rt_loc l;

	srcmap_init(&m, "y.yaml", s, strlen(s), SRCMAP_CR);
	l = srcmap_loc_chars(&m, a, 1, 0);
	CU_ASSERT(l.line == 2 && l.col == 1);
	l = srcmap_loc_chars(&m, a, 1, 1);
	CU_ASSERT(l.line == 2 && l.col == 3);
	l = srcmap_loc_chars(&m, a, 1, 2);
	CU_ASSERT(l.line == 2 && l.col == 6);
	l = srcmap_loc_chars(&m, a, 2, 1);
	CU_ASSERT(l.line == 3 && l.col == 2);
	l = srcmap_loc_chars(&m, a, 7, 4);	/* past the end */
	CU_ASSERT(l.line == 8 && l.col == 1);
	arena_free(a);
}

void unit_register(void)
{
	UNIT_SUITE("srcmap", UNIT_TEST(test_srcmap_agrees_with_scan),
		   UNIT_TEST(test_srcmap_values), UNIT_TEST(test_srcmap_cr),
		   UNIT_TEST(test_srcmap_chars));
}
