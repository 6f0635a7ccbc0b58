/*
 * prestat.h: stat the entries of one version directory on another
 * thread while the loader lists the directory and reads the header
 * cache (git's preload-index): with the cache, 10,000 fstatat() calls
 * are most of a `heads`.
 */
#ifndef PRESTAT_H
#define PRESTAT_H

#include <sys/stat.h>

#include "base/arena.h"

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

struct prestat_job;

/*
 * A job that stats entries of the directory open as dfd as they are
 * added, on up to min(online CPUs - 1, 3) threads started once
 * PRESTAT_MIN entries are in.  Slots are allocated in a, which only the
 * calling thread may use meanwhile, as before.
 */
struct prestat_job *prestat_begin(struct rt_arena *a, int dfd);

/*
 * Queue name (valid until prestat_finish()); its slot gets
 * fstatat(dfd, name, 0), complete once prestat_finish() returns.
 */
struct prestat *prestat_add(struct prestat_job *job, const char *name);

/*
 * Stat on the calling thread what the threads have not taken yet, wait
 * for them and free job.  Threads that cannot be started leave their
 * work to this: the result is the same, only later.  Never fails.
 */
void prestat_finish(struct prestat_job *job);

/* A struct stat holding p's fields (the others zero). */
void prestat_to_stat(struct stat *st, const struct prestat *p);

#endif
