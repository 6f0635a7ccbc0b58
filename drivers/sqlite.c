/*
 * sqlite.c: the SQLite driver (libsqlite3).  URL handling follows
 * SQLAlchemy's pysqlite dialect; the lock is the database write lock.
 */
#include "driver.h"

#include "base/buf.h"

#include <sqlite3.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS 5000		/* pysqlite's timeout=5.0 */

struct lite_conn {
	struct rt_conn base;
	sqlite3 *db;
	long affected;
	int busy_ms;
	bool locked;		/* BEGIN IMMEDIATE of try_lock() is open */
	char *path;		/* the file, for messages; NULL: memory */
};

static void lite_close(struct rt_conn *c);

/* SQLite file-URI keys: only with uri=true (pysqlite passes the rest of
 * the query string into the file: URI). */
static const char *const uri_keys[] = { "mode", "cache", "vfs",
	"immutable", "nolock", "psow", "modeof", NULL };
static const char *const pass_keys[] = { "timeout", "uri", "mode",
	"cache", "vfs", "immutable", "nolock", "psow", "modeof", NULL };
/* pysqlite arguments with no meaning here. */
static const char *const ignore_keys[] = { "check_same_thread",
	"detect_types", "cached_statements", NULL };

/* Whether an error with this result code is about the file itself, so
 * its message names the file. */
static bool file_error(int code)
{
	switch (code & 0xff) {
	case SQLITE_CANTOPEN:
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_IOERR:
	case SQLITE_FULL:
		return true;
	default:
		return false;
	}
}

static int lite_err(struct lite_conn *l, struct rt_err *err)
{
	int ext = sqlite3_extended_errcode(l->db);
	char code[8];

	snprintf(code, sizeof(code), "%d", ext);
	if (l->path && file_error(ext))
		return driver_err(err, code, "%s (database file '%s')",
				  sqlite3_errmsg(l->db), l->path);
	return driver_err(err, code, "%s", sqlite3_errmsg(l->db));
}

static int bad_url(const struct rt_url *url, const char *why,
		   struct rt_err *err)
{
	return rt_errf(err, RT_ECONFIG, NULL, "invalid SQLite URL '%s': %s",
		       url_masked(url), why);
}

/* The filename to open and whether it is a file: URI (pysqlite's
 * create_connect_args()).  Caller frees *out. */
static int lite_filename(char **out, bool *uri, const struct rt_url *url,
			 struct rt_err *err)
{
	const char *db = url->database && *url->database ? url->database :
			 ":memory:";
	const char *u = url_param(url, "uri");
	struct rt_buf b = RT_BUF_INIT;
	size_t i;
	int on = u ? rt_asbool(u) : 0;

	if (on < 0)
		return bad_url(url, "uri must be true or false", err);
	*uri = on;
	rt_buf_adds(&b, db);
	for (i = 0; i < url->nparams; i++) {
		const char *k = url->params[i].key;
		const char *const *p;

		for (p = uri_keys; *p && strcmp(*p, k); p++)
			;
		if (!*p)
			continue;
		if (!on) {
			rt_buf_release(&b);
			return bad_url(url, "query parameters such as mode "
				       "need uri=true", err);
		}
		rt_buf_addf(&b, "%c%s=%s", strchr(b.buf, '?') ? '&' : '?', k,
			    url->params[i].value);
	}
	*out = rt_buf_detach(&b, NULL);
	return 0;
}

static int lite_timeout(int *ms, const struct rt_url *url,
			struct rt_err *err)
{
	const char *t = url_param(url, "timeout");
	char *end;
	double sec;

	*ms = DEFAULT_TIMEOUT_MS;
	if (!t)
		return 0;
	sec = strtod(t, &end);
	if (end == t || *end || sec < 0 || sec > 86400)
		return bad_url(url, "timeout must be a number of seconds",
			       err);
	*ms = (int)(sec * 1000);
	return 0;
}

/*
 * The database file as a path for messages, malloc'd: relative paths
 * joined to the current directory; a file: URI without its "file:" and
 * query; NULL for an in-memory database.
 */
static char *lite_path(const struct rt_url *url, bool uri)
{
	const char *db = url->database && *url->database ? url->database :
			 ":memory:";
	struct rt_buf b = RT_BUF_INIT;
	char cwd[4096];

	if (uri && !strncmp(db, "file:", 5))
		db += 5;
	if (!strcmp(db, ":memory:") || !*db)
		return NULL;
	if (*db != '/' && getcwd(cwd, sizeof(cwd)))
		rt_buf_addf(&b, "%s/", cwd);
	rt_buf_add(&b, db, uri ? strcspn(db, "?#") : strlen(db));
	return rt_buf_detach(&b, NULL);
}

/* The connection failure: "could not connect to URL: MSG (database file
 * 'PATH')". */
static int lite_open_err(const struct rt_url *url, const char *path,
			 int code, const char *msg, struct rt_err *err)
{
	char state[8];

	snprintf(state, sizeof(state), "%d", code);
	if (!path)
		return driver_err(err, state, "could not connect to %s: %s",
				  url_masked(url), msg);
	return driver_err(err, state, "could not connect to %s: %s "
			  "(database file '%s')", url_masked(url), msg, path);
}

static int lite_connect(struct rt_conn **out, const struct rt_url *url,
			const struct rt_conn_opts *opts, struct rt_err *err)
{
	struct lite_conn *l;
	char *file = NULL;
	bool uri = false;
	int ms, rc;

	if (url->host || url->port || url->user || url->password)
		return bad_url(url, "use sqlite:///relative.db, "
			       "sqlite:////absolute.db or sqlite:// (memory)",
			       err);
	if ((rc = driver_check_params(url, "sqlite", pass_keys, ignore_keys,
				      err)) < 0 ||
	    (rc = lite_timeout(&ms, url, err)) < 0 ||
	    (rc = lite_filename(&file, &uri, url, err)) < 0)
		return rc;
	l = rt_xcalloc(1, sizeof(*l));
	l->path = lite_path(url, uri);
	rc = sqlite3_open_v2(file, &l->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
			     (uri ? SQLITE_OPEN_URI : 0),
			     NULL);
	free(file);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(l->db, 1);
		l->busy_ms = ms;
		sqlite3_busy_timeout(l->db, ms);
		/* Read the header now: a file that is not a database fails
		 * here, as a connection error naming it. */
		rc = sqlite3_exec(l->db, "PRAGMA schema_version", NULL, NULL,
				  NULL);
	}
	if (rc != SQLITE_OK) {
		lite_open_err(url, l->path, l->db ?
			      sqlite3_extended_errcode(l->db) : rc,
			      l->db ? sqlite3_errmsg(l->db) :
			      sqlite3_errstr(rc), err);
		lite_close(&l->base);
		return RT_EDB;
	}
	*out = &l->base;
	return 0;
}

/* Run every statement of sql; rows go to row (may be NULL). */
static int lite_run(struct lite_conn *l, const char *sql, rt_row_fn row,
		    void *payload, struct rt_err *err)
{
	const char *tail = sql;
	sqlite3_stmt *st;
	int rc = 0;

	while (*tail) {
		int before = sqlite3_total_changes(l->db), r;

		if (sqlite3_prepare_v2(l->db, tail, -1, &st, &tail) !=
		    SQLITE_OK)
			return lite_err(l, err);
		if (!st)
			continue;	/* blanks or a comment */
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			int n = sqlite3_column_count(st), i;
			const char **v = rt_xcalloc((size_t)n * 2 + 1,
						    sizeof(*v));
			struct rt_row rw = { (size_t)n, v, v + n };

			for (i = 0; i < n; i++) {
				v[i] = (const char *)sqlite3_column_text(st, i);
				v[n + i] = sqlite3_column_name(st, i);
			}
			rc = row ? row(&rw, payload) : 0;
			free(v);
			if (rc < 0)
				break;
		}
		if (rc >= 0 && r != SQLITE_DONE)
			rc = lite_err(l, err);
		sqlite3_finalize(st);
		if (rc < 0)
			return rc;
		l->affected = sqlite3_total_changes(l->db) - before;
	}
	return 0;
}

static int lite_exec(struct rt_conn *c, const char *sql, struct rt_err *err)
{
	return lite_run((struct lite_conn *)c, sql, NULL, NULL, err);
}

static int lite_query(struct rt_conn *c, const char *sql, rt_row_fn row,
		      void *payload, struct rt_err *err)
{
	return lite_run((struct lite_conn *)c, sql, row, payload, err);
}

static long lite_affected(struct rt_conn *c)
{
	return ((struct lite_conn *)c)->affected;
}

/* While the write lock is held, the whole run is one SQLite
 * transaction: the caller's transactions become a savepoint. */
static int lite_begin(struct rt_conn *c, struct rt_err *err)
{
	struct lite_conn *l = (struct lite_conn *)c;

	return lite_run(l, l->locked ? "SAVEPOINT rt_txn" : "BEGIN", NULL,
			NULL, err);
}

static int lite_commit(struct rt_conn *c, struct rt_err *err)
{
	struct lite_conn *l = (struct lite_conn *)c;

	if (sqlite3_get_autocommit(l->db))
		return 0;	/* SQLite already rolled back (rare errors) */
	return lite_run(l, l->locked ? "RELEASE rt_txn" : "COMMIT", NULL,
			NULL, err);
}

static int lite_rollback(struct rt_conn *c, struct rt_err *err)
{
	struct lite_conn *l = (struct lite_conn *)c;

	if (sqlite3_get_autocommit(l->db))
		return 0;
	return lite_run(l, l->locked ? "ROLLBACK TO rt_txn; RELEASE rt_txn" :
			"ROLLBACK", NULL, NULL, err);
}

static int lite_try_lock(struct rt_conn *c, const char *name, bool *got,
			 struct rt_err *err)
{
	struct lite_conn *l = (struct lite_conn *)c;
	int rc;

	*got = false;
	if (!sqlite3_get_autocommit(l->db))
		return rt_errf(err, RT_EDB, NULL, "cannot take the SQLite "
			       "write lock inside a transaction");
	/* One non-blocking try: conn_lock() does the polling. */
	sqlite3_busy_timeout(l->db, 0);
	rc = sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(l->db, l->busy_ms);
	if (rc == SQLITE_BUSY)
		return 0;
	if (rc != SQLITE_OK)
		return lite_err(l, err);
	l->locked = *got = true;
	return 0;
}

static int lite_unlock(struct rt_conn *c, const char *name,
		       struct rt_err *err)
{
	struct lite_conn *l = (struct lite_conn *)c;

	l->locked = false;
	if (sqlite3_get_autocommit(l->db))
		return 0;
	return lite_run(l, "COMMIT", NULL, NULL, err);
}

static const char *lite_version(struct rt_conn *c)
{
	return sqlite3_libversion();
}

static void lite_close(struct rt_conn *c)
{
	struct lite_conn *l = (struct lite_conn *)c;

	sqlite3_close(l->db);
	free(l->path);
	free(l);
}

const struct rt_driver rt_driver_sqlite = {
	.name = "sqlite",
	.caps = RT_DRV_LOCK | RT_DRV_ROWCOUNT,
	.connect = lite_connect,
	.exec = lite_exec,
	.query = lite_query,
	.affected = lite_affected,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.try_lock = lite_try_lock,
	.unlock = lite_unlock,
	.server_version = lite_version,
	.close = lite_close,
};
