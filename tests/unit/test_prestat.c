/*
 * test_prestat.c: the parallel stat of a version directory gives what
 * one fstatat() per entry gives, in entry order, missing entries
 * included.
 */
#define _GNU_SOURCE		/* sched_setaffinity() */
#include "unit.h"
#include "script/prestat.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#define NFILES (3 * PRESTAT_MIN + 7)

/* Stat names[0..n) through a job: its slots, in a. */
static struct prestat **stat_all(struct rt_arena *a, int dfd,
				 const char *const *names, size_t n)
{
	struct prestat **ps = arena_alloc(a, (n + 1) * sizeof(*ps));
	struct prestat_job *job = prestat_begin(a, dfd);
	size_t i;

	for (i = 0; i < n; i++)
		ps[i] = prestat_add(job, names[i]);
	prestat_finish(job);
	return ps;
}

static void check_same(int dfd, const char *const *names, size_t n)
{
	struct rt_arena *a = arena_new();
	struct prestat **ps = stat_all(a, dfd, names, n);
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		struct stat st, got;
		bool ok = fstatat(dfd, names[i], &st, 0) == 0;

		prestat_to_stat(&got, ps[i]);
		if (ok != ps[i]->ok ||
		    (ok && (got.st_size != st.st_size ||
			    got.st_ino != st.st_ino ||
			    got.st_mode != st.st_mode ||
			    got.st_mtim.tv_sec != st.st_mtim.tv_sec ||
			    got.st_mtim.tv_nsec != st.st_mtim.tv_nsec ||
			    got.st_ctim.tv_sec != st.st_ctim.tv_sec ||
			    got.st_ctim.tv_nsec != st.st_ctim.tv_nsec)))
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	arena_free(a);
}

static void test_prestat_matches_fstatat(void)
{
	char *dir = unit_tmpdir();
	const char **names = calloc(NFILES + 1, sizeof(*names));
	char buf[64];
	size_t i;
	int dfd;

	for (i = 0; i < NFILES; i++) {
		/* sizes differ, so a shifted result cannot pass */
		char *body = calloc(i + 2, 1);

		memset(body, 'x', i + 1);
		snprintf(buf, sizeof(buf), "f%05zu.py", i);
		unit_write(dir, buf, body);
		names[i] = strdup(buf);
		free(body);
	}
	/* an entry gone between readdir() and the stat */
	free((void *)names[NFILES / 2]);
	names[NFILES / 2] = strdup("missing.py");
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CU_ASSERT_FATAL(dfd >= 0);
	check_same(dfd, names, NFILES);		/* threaded */
	check_same(dfd, names, PRESTAT_MIN);	/* threads, no rest */
	check_same(dfd, names, 5);		/* below PRESTAT_MIN */
	check_same(dfd, names, 0);
	{
		/* one CPU allowed: no thread, the caller does it all */
		cpu_set_t old, one;

		CU_ASSERT_EQUAL_FATAL(sched_getaffinity(0, sizeof(old), &old),
				      0);
		CPU_ZERO(&one);
		CPU_SET(sched_getcpu(), &one);
		CU_ASSERT_EQUAL(sched_setaffinity(0, sizeof(one), &one), 0);
		check_same(dfd, names, NFILES);
		CU_ASSERT_EQUAL(sched_setaffinity(0, sizeof(old), &old), 0);
	}
	{
		struct rt_arena *a = arena_new();
		struct prestat **p = stat_all(a, dfd, &names[NFILES / 2], 1);

		CU_ASSERT_FALSE(p[0]->ok);
		p = stat_all(a, dfd, &names[3], 1);
		CU_ASSERT_TRUE(p[0]->ok);
		CU_ASSERT_EQUAL(p[0]->size, 4);
		arena_free(a);
	}
	close(dfd);
	for (i = 0; i < NFILES; i++)
		free((void *)names[i]);
	free(names);
	unit_rmtree(dir);
	free(dir);
}

void unit_register(void)
{
	UNIT_SUITE("prestat", UNIT_TEST(test_prestat_matches_fstatat));
}
