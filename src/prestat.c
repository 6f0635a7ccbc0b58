/*
 * prestat.c: parallel fstatat() over a directory's entries (prestat.h).
 */
#include "prestat.h"

#include <pthread.h>
#include <unistd.h>

#define PRESTAT_THREADS 4

struct share {
	struct prestat *out;
	const char *const *names;
	size_t n;
	int dfd;
};

static void stat_one(struct prestat *p, int dfd, const char *name)
{
	struct stat st;

	memset(p, 0, sizeof(*p));
	if (fstatat(dfd, name, &st, 0) != 0)
		return;
	p->ok = true;
	p->size = (uint64_t)st.st_size;
	p->ino = (uint64_t)st.st_ino;
	p->mode = (uint32_t)st.st_mode;
	p->mtime_s = (int64_t)st.st_mtim.tv_sec;
	p->mtime_ns = (uint32_t)st.st_mtim.tv_nsec;
	p->ctime_s = (int64_t)st.st_ctim.tv_sec;
	p->ctime_ns = (uint32_t)st.st_ctim.tv_nsec;
}

static void *run_share(void *arg)
{
	const struct share *s = arg;
	size_t i;

	for (i = 0; i < s->n; i++)
		stat_one(&s->out[i], s->dfd, s->names[i]);
	return NULL;
}

static size_t nthreads(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t t = cpus > 1 ? (size_t)cpus : 1;

	if (t > PRESTAT_THREADS)
		t = PRESTAT_THREADS;
	return n < PRESTAT_MIN ? 1 : t;
}

void prestat_run(struct prestat *out, int dfd, const char *const *names,
		 size_t n)
{
	struct share sh[PRESTAT_THREADS];
	pthread_t tid[PRESTAT_THREADS];
	bool started[PRESTAT_THREADS] = { false };
	size_t t = nthreads(n), per = (n + t - 1) / t, i, off = 0;

	for (i = 0; i < t; i++) {
		size_t len = off + per <= n ? per : n - off;

		sh[i] = (struct share){ out + off, names + off, len, dfd };
		off += len;
	}
	for (i = 1; i < t; i++)
		started[i] = pthread_create(&tid[i], NULL, run_share,
					    &sh[i]) == 0;
	run_share(&sh[0]);
	for (i = 1; i < t; i++) {
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			run_share(&sh[i]);
	}
}

void prestat_to_stat(struct stat *st, const struct prestat *p)
{
	memset(st, 0, sizeof(*st));
	st->st_size = (off_t)p->size;
	st->st_ino = (ino_t)p->ino;
	st->st_mode = (mode_t)p->mode;
	st->st_mtim.tv_sec = (time_t)p->mtime_s;
	st->st_mtim.tv_nsec = (long)p->mtime_ns;
	st->st_ctim.tv_sec = (time_t)p->ctime_s;
	st->st_ctim.tv_nsec = (long)p->ctime_ns;
}
