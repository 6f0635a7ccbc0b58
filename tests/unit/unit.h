/*
 * unit.h: the shared CUnit runner.  Each tests/unit/test_<module>.c
 * defines unit_register(), which adds its suite(s); unit_main.c runs
 * them and exits non-zero on any failure.
 */
#ifndef UNIT_H
#define UNIT_H

#include "base/rt.h"

#include <CUnit/CUnit.h>

void unit_register(void);

/* Add a suite with the given tests: UNIT_SUITE("name", t1, t2, ...) */
#define UNIT_TEST(fn) { #fn, fn }
struct unit_case {
	const char *name;
	void (*fn)(void);
};
void unit_add_suite(const char *name, const struct unit_case *cases,
		    size_t n);
#define UNIT_SUITE(name, ...) \
	do { \
		static const struct unit_case cases_[] = { __VA_ARGS__ }; \
		unit_add_suite(name, cases_, RT_ARRAY_SIZE(cases_)); \
	} while (0)

/* A path in the source tree (set by CMake). */
#define UNIT_SRC(rel) RT_SOURCE_DIR "/" rel

/* The header cache directory of the tests, in the build tree (set by
 * CMake): script_opts.cache_dir (script.h) */
#define UNIT_CACHE_DIR RT_TEST_CACHE_DIR

/* A fresh empty directory under $TMPDIR for this test (caller frees). */
char *unit_tmpdir(void);
/* Write text to dir/rel, creating parent directories. */
void unit_write(const char *dir, const char *rel, const char *text);
/* rm -rf dir (only under the temp directory). */
void unit_rmtree(const char *dir);
/* The whole file at path, NUL-terminated (caller frees); a file that
 * cannot be opened fails the test (fatal). */
char *unit_slurp(const char *path);

/*
 * A text of *len bytes: head, NUL bytes up to offset size, then tail and
 * a NUL; the NULs are pages never written, so that sizes past 2 and 4
 * GiB cost neither memory nor much time (the lexers take NULs in
 * comments; decoding a .py file would not).  unit_bigtext_free() unmaps
 * it.
 */
const char *unit_bigtext(const char *head, size_t size, const char *tail,
			 size_t *len);
void unit_bigtext_free(const char *text, size_t len);

/* CU_ASSERT_STRING_EQUAL that also prints both strings on failure (a
 * suite names it with #define EQS UNIT_EQS). */
#define UNIT_EQS(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (strcmp(g_, w_)) \
			fprintf(stderr, "\n%s:%d:\n got: %s\nwant: %s\n", \
				__FILE__, __LINE__, g_, w_); \
		CU_ASSERT_STRING_EQUAL(g_, w_); \
	} while (0)

#endif
