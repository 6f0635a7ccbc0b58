/*
 * prestat.c: fstatat() over a directory's entries on other threads
 * (prestat.h).  Entries come in chunks; a full chunk is handed over
 * through a mutex-guarded list that the threads, and at the end the
 * caller, take chunks from.
 */
#define _GNU_SOURCE		/* sched_getcpu(), pthread affinity */
#include "prestat.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#define PRESTAT_THREADS 3	/* besides the caller */
#define PRESTAT_CHUNK 128	/* entries handed over at a time */

struct chunk {
	struct chunk *next;
	size_t n;
	const char *names[PRESTAT_CHUNK];
	struct prestat out[PRESTAT_CHUNK];
};

struct prestat_job {
	struct rt_arena *a;
	int dfd;
	size_t added;
	struct chunk *fill;		/* being filled by the caller */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chunk *todo, **tail;	/* handed over, not yet taken */
	bool closed;			/* no more chunks will come */
	pthread_t tid[PRESTAT_THREADS];
	size_t nthreads;
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

/* The next chunk to stat; NULL once closed and none is left.  wait:
 * block until one comes (else NULL at once when none is ready). */
static struct chunk *take(struct prestat_job *job, bool wait)
{
	struct chunk *c;

	pthread_mutex_lock(&job->mu);
	while (wait && !job->todo && !job->closed)
		pthread_cond_wait(&job->cv, &job->mu);
	c = job->todo;
	if (c) {
		job->todo = c->next;
		if (!job->todo)
			job->tail = &job->todo;
	}
	pthread_mutex_unlock(&job->mu);
	return c;
}

static void run_chunk(const struct prestat_job *job, struct chunk *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		stat_one(&c->out[i], job->dfd, c->names[i]);
}

static void *work(void *arg)
{
	struct prestat_job *job = arg;
	struct chunk *c;

	while ((c = take(job, true)))
		run_chunk(job, c);
	return NULL;
}

static void hand_over(struct prestat_job *job, struct chunk *c)
{
	pthread_mutex_lock(&job->mu);
	c->next = NULL;
	*job->tail = c;
	job->tail = &c->next;
	pthread_cond_signal(&job->cv);
	pthread_mutex_unlock(&job->mu);
}

/*
 * The threads run on the CPUs this process may use other than the one
 * the caller is on: left to itself, Linux often starts a thread on its
 * creator's CPU and keeps both there, one waiting for the other, while
 * the other CPU idles (seen in 4 runs out of 10 on these 2-CPU machines).
 * Returns how many threads to start: one per such CPU.
 */
static size_t other_cpus(pthread_attr_t *attr)
{
	cpu_set_t set;
	int self = sched_getcpu();

	if (sched_getaffinity(0, sizeof(set), &set) != 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		return n > 1 ? (size_t)n - 1 : 0;
	}
	if (self >= 0 && CPU_ISSET(self, &set)) {
		CPU_CLR(self, &set);
		pthread_attr_setaffinity_np(attr, sizeof(set), &set);
		return (size_t)CPU_COUNT(&set);
	}
	return CPU_COUNT(&set) > 1 ? (size_t)CPU_COUNT(&set) - 1 : 0;
}

static void start_threads(struct prestat_job *job)
{
	pthread_attr_t attr;
	size_t want, i;

	if (pthread_attr_init(&attr) != 0)
		return;
	want = other_cpus(&attr);
	if (want > PRESTAT_THREADS)
		want = PRESTAT_THREADS;
	for (i = 0; i < want; i++)
		if (pthread_create(&job->tid[job->nthreads], &attr, work,
				   job) == 0)
			job->nthreads++;
	pthread_attr_destroy(&attr);
}

struct prestat_job *prestat_begin(struct rt_arena *a, int dfd)
{
	struct prestat_job *job = rt_xcalloc(1, sizeof(*job));

	job->a = a;
	job->dfd = dfd;
	job->tail = &job->todo;
	pthread_mutex_init(&job->mu, NULL);
	pthread_cond_init(&job->cv, NULL);
	return job;
}

struct prestat *prestat_add(struct prestat_job *job, const char *name)
{
	struct chunk *c = job->fill;

	if (!c)
		c = job->fill = arena_alloc(job->a, sizeof(*c));
	c->names[c->n] = name;
	if (++job->added == PRESTAT_MIN)
		start_threads(job);
	if (++c->n < PRESTAT_CHUNK)
		return &c->out[c->n - 1];
	hand_over(job, c);
	job->fill = NULL;
	return &c->out[PRESTAT_CHUNK - 1];
}

void prestat_finish(struct prestat_job *job)
{
	struct chunk *c;
	size_t i;

	if (job->fill)
		hand_over(job, job->fill);
	pthread_mutex_lock(&job->mu);
	job->closed = true;
	pthread_cond_broadcast(&job->cv);
	pthread_mutex_unlock(&job->mu);
	while ((c = take(job, false)))
		run_chunk(job, c);
	for (i = 0; i < job->nthreads; i++)
		pthread_join(job->tid[i], NULL);
	pthread_cond_destroy(&job->cv);
	pthread_mutex_destroy(&job->mu);
	free(job);
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
