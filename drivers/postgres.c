/*
 * postgres.c: the PostgreSQL driver (libpq, loaded when it connects).
 * URL parts and query parameters become libpq connection keywords (like
 * psycopg2); the lock is a session advisory lock.
 */
#include "driver.h"

#include "base/buf.h"
#include "dynload.h"

#include <dlfcn.h>
#include <libpq-fe.h>
#include <limits.h>
#include <poll.h>

/* The libpq functions the driver calls, each with its real prototype. */
#define PG_FUNCS(X) \
	X(PQconnectdbParams) X(PQstatus) X(PQerrorMessage) X(PQfinish) \
	X(PQsetNoticeProcessor) X(PQparameterStatus) X(PQsendQuery) \
	X(PQgetResult) X(PQresultStatus) X(PQresultErrorField) \
	X(PQresultErrorMessage) X(PQntuples) X(PQnfields) X(PQfname) \
	X(PQgetisnull) X(PQgetvalue) X(PQcmdTuples) X(PQcmdStatus) \
	X(PQclear) X(PQsetnonblocking) X(PQflush) X(PQsocket) \
	X(PQconsumeInput) X(PQisBusy)

struct pg_api {
	PG_FUNCS(DYNLOAD_FN)
};

#define PG_SYM(f) DYNLOAD_SYM(struct pg_api, f)
static const struct dynload_sym pg_syms[] = { PG_FUNCS(PG_SYM) };

/*
 * Not linked: libpq and its ~20 libraries (TLS, Kerberos, LDAP) would
 * be mapped at every exec, `retort heads` included.  RTLD_NODELETE: the
 * first connect maps it for good.  Unmapping it on the last dlclose()
 * would unmap libgssapi_krb5 too, whose mechanism list (built when libpq
 * probes for GSSAPI credentials) has no teardown call: each connection
 * would leak it (LeakSanitizer sees ~150 bytes per connect).
 */
static const struct dynload_lib libpq = {
	.soname = RETORT_LIBPQ_SONAME,
	.package = RETORT_LIBPQ_PACKAGE,
	.flags = RTLD_NODELETE,
	.syms = pg_syms,
	.nsyms = RT_ARRAY_SIZE(pg_syms),
};

struct pg_conn {
	struct rt_conn base;
	void *lib;		/* dynload_open() handle */
	struct pg_api pq;
	PGconn *pg;
	long affected;
	bool dead;		/* given up after the read timeout */
};

/* Keys SQLAlchemy dialects consume themselves (asyncpg). */
static const char *const ignore_keys[] = { "prepared_statement_cache_size",
	"prepared_statement_name_func", NULL };

/* Server notices (e.g. "table does not exist, skipping") are dropped:
 * nothing below the CLI prints. */
static void quiet(void *arg, const char *msg)
{
}

/* The error of a failed result: the server's message and SQLSTATE. */
static int result_err(const struct pg_api *pq, const PGresult *res,
		      struct rt_err *err)
{
	const char *primary = pq->PQresultErrorField(res,
						     PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = pq->PQresultErrorField(res,
						    PG_DIAG_MESSAGE_DETAIL);
	const char *hint = pq->PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	rt_buf_adds(&b, primary ? primary : pq->PQresultErrorMessage(res));
	if (detail)
		rt_buf_addf(&b, "\nDETAIL:  %s", detail);
	if (hint)
		rt_buf_addf(&b, "\nHINT:  %s", hint);
	while (b.len && b.buf[b.len - 1] == '\n')
		rt_buf_setlen(&b, b.len - 1);
	rc = driver_err(err, pq->PQresultErrorField(res, PG_DIAG_SQLSTATE),
			"%s", b.buf);
	rt_buf_release(&b);
	return rc;
}

/* A connection-level error (no result): libpq's message. */
static int conn_err(const struct pg_conn *p, struct rt_err *err)
{
	const char *m = p->pq.PQerrorMessage(p->pg);
	int n = (int)strlen(m);

	while (n && m[n - 1] == '\n')
		n--;
	return driver_err(err, NULL, "%.*s", n, m);
}

static void add_kw(const char **kw, const char **val, int *n, const char *k,
		   const char *v)
{
	if (!v)
		return;
	kw[*n] = k;
	val[*n] = v;
	(*n)++;
}

/* PQconnectdbParams() with url's parts, connect_timeout (seconds, 0:
 * none) and the query as keywords (the query's connect_timeout wins). */
static PGconn *pg_dial(const struct pg_api *pq, const struct rt_url *url,
		       int connect_timeout)
{
	size_t max = url->nparams + 8, i;
	const char **kw = rt_xcalloc(max, sizeof(*kw));
	const char **val = rt_xcalloc(max, sizeof(*val));
	PGconn *pg;
	char port[16], timeout[16];
	int n = 0;

	snprintf(port, sizeof(port), "%d", url->port);
	snprintf(timeout, sizeof(timeout), "%d", connect_timeout);
	add_kw(kw, val, &n, "host", url->host);
	add_kw(kw, val, &n, "port", url->port ? port : NULL);
	add_kw(kw, val, &n, "user", url->user);
	add_kw(kw, val, &n, "password", url->password);
	add_kw(kw, val, &n, "dbname", url->database);
	add_kw(kw, val, &n, "fallback_application_name", "retort");
	add_kw(kw, val, &n, "connect_timeout", connect_timeout > 0 ?
	       timeout : NULL);
	/* Later keywords win in libpq, so the query string overrides the
	 * URL's parts (SQLAlchemy's opts.update(url.query)).  libpq
	 * rejects keywords it does not know. */
	for (i = 0; i < url->nparams; i++) {
		const char *const *ig;

		for (ig = ignore_keys; *ig && strcmp(*ig, url->params[i].key);
		     ig++)
			;
		if (!*ig)
			add_kw(kw, val, &n, url->params[i].key,
			       url->params[i].value);
	}
	pg = pq->PQconnectdbParams(kw, val, 0);
	free(kw);
	free(val);
	return pg;
}

/*
 * The connect timeout in effect, as libpq applies it (per host tried):
 * the URL's connect_timeout, else opts'; libpq waits at least 2 s.
 * *name says which, for the message.
 */
static int pg_timeout(const struct rt_url *url,
		      const struct rt_conn_opts *opts, const char **name)
{
	const char *v = url_param(url, "connect_timeout");
	long s = opts->connect_timeout_s;

	*name = opts->connect_timeout_name;
	if (v) {
		s = strtol(v, NULL, 10);
		*name = "connect_timeout in the URL";
	}
	if (s <= 0)
		return 0;
	return s < 2 ? 2 : s > INT_MAX ? INT_MAX : (int)s;
}

static int pg_connect(struct rt_conn **out, const struct rt_url *url,
		      const struct rt_conn_opts *opts, struct rt_err *err)
{
	struct pg_conn *p = rt_xcalloc(1, sizeof(*p));
	long start = driver_now_ms();
	const char *name;
	int limit = pg_timeout(url, opts, &name);

	if (dynload_open(&p->lib, &p->pq, &libpq, err) < 0) {
		free(p);
		return RT_EDB;
	}
	p->pg = pg_dial(&p->pq, url, opts->connect_timeout_s);
	if (!p->pg || p->pq.PQstatus(p->pg) != CONNECTION_OK ||
	    p->pq.PQsetnonblocking(p->pg, 1) != 0) {
		const char *m = p->pg ? p->pq.PQerrorMessage(p->pg) :
			"out of memory";
		int len = (int)strlen(m);

		while (len && m[len - 1] == '\n')
			len--;
		/* 08001: sqlclient_unable_to_establish_sqlconnection. */
		driver_connect_err(err, "08001", url, driver_now_ms() - start,
				   limit, name, m, len);
		p->pq.PQfinish(p->pg);
		dynload_close(p->lib);
		free(p);
		return RT_EDB;
	}
	p->pq.PQsetNoticeProcessor(p->pg, quiet, NULL);
	*out = &p->base;
	return 0;
}

/*
 * Wait until the socket is readable (or writable, with out), at most
 * the read timeout.  After the timeout the connection is given up:
 * its state is unknown.
 */
static int pg_wait(struct pg_conn *p, bool out, struct rt_err *err)
{
	struct pollfd fd = { p->pq.PQsocket(p->pg), POLLIN, 0 };
	int limit = p->base.opts.read_timeout_s, n;
	long end = driver_now_ms() + limit * 1000L;

	if (fd.fd < 0)
		return conn_err(p, err);
	if (out)
		fd.events |= POLLOUT;
	for (;;) {
		long ms = end - driver_now_ms();

		n = poll(&fd, 1, limit <= 0 ? -1 : ms < 0 ? 0 : (int)ms);
		if (n > 0)
			return 0;
		if (n == 0) {
			p->dead = true;
			/* 08006: connection_failure */
			return driver_read_timeout(&p->base, "08006", NULL,
						   err);
		}
		if (errno != EINTR)
			return driver_err(err, NULL, "poll: %s",
					  strerror(errno));
	}
}

/* Send what PQsendQuery() queued (the socket is non-blocking). */
static int pg_flush(struct pg_conn *p, struct rt_err *err)
{
	int f, rc;

	while ((f = p->pq.PQflush(p->pg)) > 0) {
		if ((rc = pg_wait(p, true, err)) < 0)
			return rc;
		if (!p->pq.PQconsumeInput(p->pg))
			return conn_err(p, err);
	}
	return f < 0 ? conn_err(p, err) : 0;
}

/* The next result, or NULL at the end (or on error: *rc < 0). */
static PGresult *pg_next(struct pg_conn *p, int *rc, struct rt_err *err)
{
	while (p->pq.PQisBusy(p->pg)) {
		if ((*rc = pg_wait(p, false, err)) < 0)
			return NULL;
		if (!p->pq.PQconsumeInput(p->pg)) {
			*rc = conn_err(p, err);
			return NULL;
		}
	}
	return p->pq.PQgetResult(p->pg);
}

static int on_tuples(const struct pg_api *pq, const PGresult *res,
		     rt_row_fn row, void *payload)
{
	int nr = pq->PQntuples(res), nc = pq->PQnfields(res), r, i, rc = 0;
	const char **v = rt_xcalloc((size_t)nc * 2 + 1, sizeof(*v));
	struct rt_row rw = { (size_t)nc, v, v + nc };

	for (i = 0; i < nc; i++)
		v[nc + i] = pq->PQfname(res, i);
	for (r = 0; r < nr && rc >= 0; r++) {
		for (i = 0; i < nc; i++)
			v[i] = pq->PQgetisnull(res, r, i) ? NULL :
			       pq->PQgetvalue(res, r, i);
		rc = row(&rw, payload);
	}
	free(v);
	return rc;
}

/*
 * Send sql (any number of statements) and read every result: rows go to
 * row (may be NULL); the first error wins, the rest is drained.  *tag
 * gets the last command tag's first word when tag is not NULL.
 */
static int pg_run(struct pg_conn *p, const char *sql, rt_row_fn row,
		  void *payload, char *tag, size_t tagsz, struct rt_err *err)
{
	const struct pg_api *pq = &p->pq;
	PGresult *res;
	int rc = 0, wrc = 0;

	if (p->dead)
		return driver_err(err, "08006", "the connection to %s was "
				  "given up after a timeout", p->base.where);
	if (!pq->PQsendQuery(p->pg, sql))
		return conn_err(p, err);
	if ((rc = pg_flush(p, err)) < 0)
		return rc;
	while ((res = pg_next(p, &wrc, err))) {
		ExecStatusType st = pq->PQresultStatus(res);

		if (rc < 0) {
			;	/* drain after a failure */
		} else if (st == PGRES_TUPLES_OK) {
			if (row)
				rc = on_tuples(pq, res, row, payload);
		} else if (st == PGRES_COMMAND_OK) {
			const char *n = pq->PQcmdTuples(res);

			p->affected = *n ? strtol(n, NULL, 10) : 0;
			if (tag)
				snprintf(tag, tagsz, "%s",
					 pq->PQcmdStatus(res));
		} else if (st != PGRES_EMPTY_QUERY) {
			rc = result_err(pq, res, err);
		}
		pq->PQclear(res);
	}
	if (wrc < 0)
		return rc < 0 ? rc : wrc;
	if (rc >= 0 && pq->PQstatus(p->pg) != CONNECTION_OK)
		rc = conn_err(p, err);
	return rc;
}

static int pg_exec(struct rt_conn *c, const char *sql, struct rt_err *err)
{
	return pg_run((struct pg_conn *)c, sql, NULL, NULL, NULL, 0, err);
}

static int pg_query(struct rt_conn *c, const char *sql, rt_row_fn row,
		    void *payload, struct rt_err *err)
{
	return pg_run((struct pg_conn *)c, sql, row, payload, NULL, 0, err);
}

static long pg_affected(struct rt_conn *c)
{
	return ((struct pg_conn *)c)->affected;
}

static int pg_begin(struct rt_conn *c, struct rt_err *err)
{
	return pg_exec(c, "BEGIN", err);
}

/* COMMIT of a transaction that saw an error answers "ROLLBACK" without
 * an error: report it, the caller believed its work was saved. */
static int pg_commit(struct rt_conn *c, struct rt_err *err)
{
	char tag[32] = "";
	int rc = pg_run((struct pg_conn *)c, "COMMIT", NULL, NULL, tag,
			sizeof(tag), err);

	if (rc < 0)
		return rc;
	if (!strcmp(tag, "ROLLBACK"))
		return driver_err(err, "25P02", "COMMIT rolled back the "
				  "transaction: an earlier statement in it "
				  "failed");
	return 0;
}

static int pg_rollback(struct rt_conn *c, struct rt_err *err)
{
	return pg_exec(c, "ROLLBACK", err);
}

static int got_bool(const struct rt_row *row, void *payload)
{
	*(bool *)payload = row->ncols == 1 && row->values[0] &&
			   !strcmp(row->values[0], "t");
	return 0;
}

static int pg_try_lock(struct rt_conn *c, const char *name, bool *got,
		       struct rt_err *err)
{
	char sql[96];

	*got = false;
	snprintf(sql, sizeof(sql), "SELECT pg_try_advisory_lock(%lld)",
		 (long long)driver_lock_key(name));
	return pg_run((struct pg_conn *)c, sql, got_bool, got, NULL, 0, err);
}

static int pg_unlock(struct rt_conn *c, const char *name, struct rt_err *err)
{
	char sql[96];
	bool released = false;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT pg_advisory_unlock(%lld)",
		 (long long)driver_lock_key(name));
	rc = pg_run((struct pg_conn *)c, sql, got_bool, &released, NULL, 0,
		    err);
	if (rc >= 0 && !released)
		return driver_err(err, NULL, "lock '%s' was not held", name);
	return rc;
}

static const char *pg_version(struct rt_conn *c)
{
	struct pg_conn *p = (struct pg_conn *)c;
	const char *v = p->pq.PQparameterStatus(p->pg, "server_version");

	return v ? v : "";
}

static void pg_close(struct rt_conn *c)
{
	struct pg_conn *p = (struct pg_conn *)c;

	p->pq.PQfinish(p->pg);
	dynload_close(p->lib);
	free(p);
}

const struct rt_driver rt_driver_postgres = {
	.name = "postgresql",
	.caps = RT_DRV_TXN_DDL | RT_DRV_LOCK | RT_DRV_RETURNING |
		RT_DRV_ROWCOUNT,
	.connect = pg_connect,
	.exec = pg_exec,
	.query = pg_query,
	.affected = pg_affected,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.try_lock = pg_try_lock,
	.unlock = pg_unlock,
	.server_version = pg_version,
	.close = pg_close,
};
