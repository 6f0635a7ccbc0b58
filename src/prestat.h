/*
 * prestat.h: stat the entries of one version directory on several
 * threads before the loader walks them (git's preload-index): with the
 * header cache, 10,000 fstatat() calls are most of a `heads`.
 */
#ifndef PRESTAT_H
#define PRESTAT_H

#include <sys/stat.h>

#include "rt.h"

/* Fewer entries than this are not worth a thread. */
#ifndef PRESTAT_MIN
#define PRESTAT_MIN 512
#endif

/* What the header cache compares (hcache.h), smaller than a stat. */
struct prestat {
	uint64_t size, ino;
	int64_t mtime_s, ctime_s;
	uint32_t mtime_ns, ctime_ns;
	uint32_t mode;
	bool ok;		/* fstatat() succeeded (following links) */
};

/*
 * out[i] = fstatat(dfd, names[i], 0) for i < n, split over up to
 * min(online CPUs, 4) threads (the calling one included).  A thread
 * that cannot be started leaves its share to the caller: the result is
 * the same, only slower.  Never fails.
 */
void prestat_run(struct prestat *out, int dfd, const char *const *names,
		 size_t n);

/* A struct stat holding p's fields (the others zero). */
void prestat_to_stat(struct stat *st, const struct prestat *p);

#endif
