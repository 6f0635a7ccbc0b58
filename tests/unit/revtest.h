/*
 * revtest.h: what the revision-graph suites share (test code only): an
 * arena that lives until the suite's last test, and maps built in it
 * from revgraphs.h specs.
 */
#ifndef TEST_REVTEST_H
#define TEST_REVTEST_H

#include "revision/revmap.h"

/* The suite's arena, created on first use; revtest_cleanup() frees it. */
struct rt_arena *revtest_arena(void);

/*
 * The map of spec ("id:down,down:deps:labels ...", revgraphs.h) in
 * revtest_arena(); a map error fails the test (fatal).  Free with
 * revmap_free().
 */
struct revmap *revtest_map(const char *spec);

/* The suite's last test: frees revtest_arena(). */
void revtest_cleanup(void);

#endif
