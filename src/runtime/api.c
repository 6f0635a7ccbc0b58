/*
 * api.c: libretort's public API (include/retort.h), a thin layer over the
 * core: each call reads the project as the `retort` command does (config,
 * script directory, revision map) into an arena of its own, which holds
 * the results until the next call.
 */
#include <retort.h>

#include "config/config.h"
#include "config/url.h"
#include "job.h"
#include "offline.h"
#include "revision/revmap.h"
#include "revision/revplan.h"
#include "runner.h"
#include "runopts.h"
#include "script/script.h"

#define SAME_CODE(x) ((int)RETORT_##x == (int)RT_##x)
_Static_assert(SAME_CODE(OK) && SAME_CODE(ERROR) && SAME_CODE(ENOTFOUND) &&
	       SAME_CODE(EAMBIGUOUS) && SAME_CODE(ECOMMAND) &&
	       SAME_CODE(ESYNTAX) && SAME_CODE(EIO) && SAME_CODE(ECONFIG) &&
	       SAME_CODE(EDB) && SAME_CODE(EUSAGE) && SAME_CODE(ENOTIMPL) &&
	       SAME_CODE(EGRAPH), "retort.h's codes are enum rt_code's");

struct retort {
	/* The settings (malloc'd). */
	char *ini;
	char *section;
	char *url;			/* NULL: sqlalchemy.url */
	char *cache_dir;		/* NULL: no header cache */
	void (*log)(enum retort_log_level, const char *, void *);
	void *payload;

	/* The current call's: everything it reads and hands out. */
	struct rt_arena *arena;
	struct config *config;
	struct script_dir *scripts;
	struct revmap *map;
	struct rt_err err;
	char msg[RT_ERR_MSG_MAX + 600];
};

static char *dup_or_null(const char *s)
{
	return s ? rt_xstrdup(s) : NULL;
}

static void log_line(struct retort *h, enum retort_log_level level,
		     const char *line)
{
	if (h->log)
		h->log(level, line, h->payload);
}

/* Start a call: what the previous one read and handed out goes. */
static void begin(struct retort *h)
{
	if (h->map)
		revmap_free(h->map);
	if (h->arena)
		arena_free(h->arena);
	h->map = NULL;
	h->config = NULL;
	h->scripts = NULL;
	h->arena = arena_new();
	rt_err_clear(&h->err);
	h->msg[0] = '\0';
}

/* End a call: rc, with the message of a failure kept for
 * retort_errmsg(). */
static int end(struct retort *h, int rc)
{
	if (rc < 0 && !h->err.code)
		rt_errf(&h->err, rc, NULL, "failed");
	if (rc < 0)
		rt_err_str(&h->err, h->msg, sizeof(h->msg));
	return rc < 0 ? rc : 0;
}

/* The config and the script directory's settings (clictx.c's order). */
static int load_scripts(struct retort *h)
{
	int rc;

	if (h->scripts)
		return 0;
	if (!h->config && (rc = config_load(&h->config, h->arena, h->ini,
					    &h->err)) < 0)
		return rc;
	h->scripts = arena_alloc(h->arena, sizeof(*h->scripts));
	if ((rc = script_dir_open(h->scripts, h->arena, h->config, h->section,
				  &h->err)) < 0) {
		h->scripts = NULL;
		return rc;
	}
	return 0;
}

static int load_map(struct retort *h)
{
	struct script_opts so = { .cache_dir = h->cache_dir };
	size_t i;
	int rc;

	if (h->map)
		return 0;
	if ((rc = load_scripts(h)) < 0)
		return rc;
	rc = script_dir_load(h->scripts, h->arena, &so, &h->err);
	for (i = 0; i < h->scripts->nwarnings; i++)
		log_line(h, RETORT_LOG_WARNING, h->scripts->warnings[i]);
	if (rc < 0)
		return rc;
	return revmap_build(&h->map, h->arena, h->scripts->revs,
			    h->scripts->nrevs, &h->err);
}

/* The run settings: retort_set_url(), else sqlalchemy.url; the library
 * reads no environment variable for them. */
static int load_runopts(struct retort *h, struct runopts *o)
{
	struct runopts_env env = { .url_option = h->url };
	int rc;

	if ((rc = load_scripts(h)) < 0)
		return rc;
	return runopts_load(o, h->arena, h->config, h->section, &env,
			    &h->err);
}

static void on_log(const char *line, void *payload)
{
	log_line(payload, RETORT_LOG_INFO, line);
}

static void on_notice(const char *text, void *payload)
{
	log_line(payload, RETORT_LOG_NOTICE, text);
}

static void on_warning(const char *text, void *payload)
{
	log_line(payload, RETORT_LOG_WARNING, text);
}

static int open_runner(struct retort *h, struct runner *r, struct runopts *o)
{
	struct runner_io io = { on_log, on_notice, on_warning, h };
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = load_runopts(h, o)) < 0)
		return rc;
	return runner_open(r, h->arena, o, &io, &h->err);
}

/* The version-table rows, never creating the table (`current`). */
static int read_rows(struct retort *h, const char ***rows, size_t *nrows)
{
	struct runopts o;
	struct runner r;
	int rc;

	*rows = NULL;
	*nrows = 0;
	if ((rc = open_runner(h, &r, &o)) >= 0 &&
	    (rc = runner_start(&r, RUNNER_READ, &h->err)) >= 0 &&
	    (rc = runner_finish(&r, &h->err)) >= 0) {
		*rows = r.rows;
		*nrows = r.nrows;
	}
	runner_close(&r);
	return rc;
}

static const char *const *revision_ids(struct retort *h,
				       struct revision *const *revs, size_t n)
{
	const char **ids = arena_alloc(h->arena, (n + 1) * sizeof(*ids));
	size_t i;

	for (i = 0; i < n; i++)
		ids[i] = revs[i]->id;
	return ids;
}

const char *retort_version(void)
{
	return RETORT_VERSION;
}

int retort_open(struct retort **out, const char *ini_path,
		const char *section)
{
	struct retort *h = rt_xcalloc(1, sizeof(*h));

	*out = h;
	h->ini = rt_xstrdup(ini_path ? ini_path : "alembic.ini");
	h->section = rt_xstrdup(section ? section : "alembic");
	begin(h);
	return end(h, load_scripts(h));
}

void retort_close(struct retort *h)
{
	if (!h)
		return;
	if (h->map)
		revmap_free(h->map);
	if (h->arena)
		arena_free(h->arena);
	free(h->ini);
	free(h->section);
	free(h->url);
	free(h->cache_dir);
	free(h);
}

const char *retort_errmsg(struct retort *h)
{
	return h ? h->msg : "no libretort handle (out of memory?)";
}

int retort_set_url(struct retort *h, const char *url)
{
	free(h->url);
	h->url = dup_or_null(url);
	return 0;
}

int retort_set_cache_dir(struct retort *h, const char *dir)
{
	free(h->cache_dir);
	h->cache_dir = dup_or_null(dir);
	return 0;
}

void retort_set_log(struct retort *h,
		    void (*log)(enum retort_log_level, const char *, void *),
		    void *payload)
{
	h->log = log;
	h->payload = payload;
}

int retort_heads(struct retort *h, const char *const **ids, size_t *n)
{
	int rc;

	begin(h);
	*ids = NULL;
	*n = 0;
	if ((rc = load_map(h)) < 0)
		return end(h, rc);
	*ids = revision_ids(h, h->map->heads, h->map->nheads);
	*n = h->map->nheads;
	return end(h, 0);
}

int retort_current(struct retort *h, const char *const **ids, size_t *n)
{
	struct revision **cur;
	const char **rows;
	size_t nrows, ncur;
	int rc;

	begin(h);
	*ids = NULL;
	*n = 0;
	/* as `current`: the rows first, then the map */
	if ((rc = read_rows(h, &rows, &nrows)) < 0 ||
	    (rc = load_map(h)) < 0 ||
	    (rc = revplan_current(&cur, &ncur, h->map,
				  (const char *const *)rows, nrows,
				  &h->err)) < 0)
		return end(h, rc);
	*ids = revision_ids(h, cur, ncur);
	*n = ncur;
	return end(h, 0);
}

int retort_pending(struct retort *h, const char *target,
		   const char *const **steps, size_t *n)
{
	struct job job = { JOB_UPGRADE, &target, 1, false, false };
	struct rt_buf b = RT_BUF_INIT;
	struct revplan *plan;
	const char **rows, **v;
	size_t nrows, i;
	int rc;

	begin(h);
	*steps = NULL;
	*n = 0;
	if (!target)
		return end(h, rt_errf(&h->err, RT_EUSAGE, NULL,
				      "retort_pending: no target"));
	if ((rc = load_scripts(h)) < 0 ||
	    (rc = job_check_args(&job, &h->err)) < 0 ||
	    (rc = read_rows(h, &rows, &nrows)) < 0 ||
	    (rc = load_map(h)) < 0 ||
	    (rc = job_plan(&plan, h->map, &job, (const char *const *)rows,
			   nrows, &h->err)) < 0)
		return end(h, rc);
	v = arena_alloc(h->arena, (plan->nsteps + 1) * sizeof(*v));
	for (i = 0; i < plan->nsteps; i++) {
		const struct revstep *st = &plan->steps[i];
		const char *doc = st->rev ? st->rev->file->doc : NULL;

		rt_buf_reset(&b);
		revstep_text(&b, st);
		if (doc && *doc)
			rt_buf_addf(&b, ", %s", doc);
		v[i] = arena_strdup(h->arena, b.buf);
	}
	rt_buf_release(&b);
	*steps = v;
	*n = plan->nsteps;
	return end(h, 0);
}

static enum job_kind job_kind_of(enum retort_op op)
{
	return op == RETORT_DOWNGRADE ? JOB_DOWNGRADE :
	       op == RETORT_STAMP ? JOB_STAMP : JOB_UPGRADE;
}

static int check_op(struct retort *h, const char *fn, enum retort_op op,
		    const char *target)
{
	if (op != RETORT_UPGRADE && op != RETORT_DOWNGRADE &&
	    op != RETORT_STAMP)
		return rt_errf(&h->err, RT_EUSAGE, NULL, "%s: unknown "
			       "operation %d", fn, (int)op);
	if (!target)
		return rt_errf(&h->err, RT_EUSAGE, NULL, "%s: no target", fn);
	return 0;
}

int retort_migrate(struct retort *h, enum retort_op op, const char *target)
{
	struct job job = { job_kind_of(op), &target, 1, false, false };
	struct runopts o;
	struct runner r;
	int rc;

	begin(h);
	if ((rc = check_op(h, "retort_migrate", op, target)) < 0 ||
	    (rc = load_scripts(h)) < 0 ||
	    (rc = job_check_args(&job, &h->err)) < 0)
		return end(h, rc);
	/* cli_migrate()'s order: the connection, then the map */
	if ((rc = open_runner(h, &r, &o)) >= 0 &&
	    (rc = load_map(h)) >= 0)
		rc = runner_migrate(&r, h->map, &job, &h->err);
	runner_close(&r);
	return end(h, rc);
}

/* Each line of log to the log callback. */
static void log_lines(struct retort *h, const char *log)
{
	while (*log) {
		const char *nl = strchr(log, '\n');
		size_t len = nl ? (size_t)(nl - log) : strlen(log);

		log_line(h, RETORT_LOG_INFO, arena_strndup(h->arena, log, len));
		log += len + (nl != NULL);
	}
}

int retort_migrate_sql(struct retort *h, enum retort_op op,
		       const char *target,
		       int (*write)(const char *data, size_t len,
				    void *payload),
		       void *payload)
{
	struct job job = { job_kind_of(op), &target, 1, false, true };
	struct rt_buf out = RT_BUF_INIT, log = RT_BUF_INIT;
	struct offline_opts oo;
	const char *warning = NULL;
	struct runopts o;
	int rc;

	begin(h);
	if (!write)
		return end(h, rt_errf(&h->err, RT_EUSAGE, NULL,
				      "retort_migrate_sql: no write callback"));
	if ((rc = check_op(h, "retort_migrate_sql", op, target)) < 0 ||
	    (rc = load_scripts(h)) < 0 ||
	    (rc = job_check_args(&job, &h->err)) < 0 ||
	    (rc = load_runopts(h, &o)) < 0 ||
	    (rc = offline_opts_init(&oo, &o, &h->err)) < 0 ||
	    (rc = load_map(h)) < 0)
		return end(h, rc);
	rc = offline_run(&out, &log, h->arena, &oo, h->map, &job, &warning,
			 &h->err);
	if (warning)
		log_line(h, RETORT_LOG_WARNING, warning);
	/* what Alembic printed before a failure is written too */
	if (out.len && write(out.buf, out.len, payload) && rc >= 0)
		rc = rt_errf(&h->err, RT_EIO, NULL, "could not write the "
			     "SQL script");
	log_lines(h, log.buf);
	rt_buf_release(&out);
	rt_buf_release(&log);
	return end(h, rc);
}

static int write_file(const char *data, size_t len, void *payload)
{
	FILE *f = payload;

	return fwrite(data, 1, len, f) != len || fflush(f) ? -1 : 0;
}

int retort_migrate_sql_file(struct retort *h, enum retort_op op,
			    const char *target, FILE *out)
{
	return retort_migrate_sql(h, op, target, write_file, out);
}
