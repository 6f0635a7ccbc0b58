/*
 * driver.c: the driver registry (every SQLAlchemy scheme and the driver
 * behind it, NULL when not built in), the conn_*() wrappers, lock
 * polling and the per-connection fault injection counter.
 */
#include "driver.h"

#include "base/buf.h"

#include <time.h>

#define PG_DBAPIS(d) \
	{ d, "postgresql", PG }, { d "+psycopg2", "postgresql", PG }, \
	{ d "+psycopg", "postgresql", PG }, \
	{ d "+asyncpg", "postgresql", PG }, \
	{ d "+pg8000", "postgresql", PG }, \
	{ d "+psycopg2cffi", "postgresql", PG }, \
	{ d "+pygresql", "postgresql", PG }, \
	{ d "+pypostgresql", "postgresql", PG }
#define MY_DBAPIS(d) \
	{ d, d, MY }, { d "+mysqldb", d, MY }, { d "+pymysql", d, MY }, \
	{ d "+mysqlconnector", d, MY }, { d "+aiomysql", d, MY }, \
	{ d "+asyncmy", d, MY }, { d "+cymysql", d, MY }, \
	{ d "+mariadbconnector", d, MY }, { d "+oursql", d, MY }, \
	{ d "+pyodbc", d, MY }

enum which { NONE, PG, MY, LITE };

/* SQLAlchemy 1.4's dialects and DBAPIs (plus 2.0's psycopg). */
static const struct scheme {
	const char *scheme;
	const char *dialect;
	enum which drv;		/* NONE: retort has no driver for it */
} schemes[] = {
	PG_DBAPIS("postgresql"),
	MY_DBAPIS("mysql"),
	MY_DBAPIS("mariadb"),
	{ "sqlite", "sqlite", LITE },
	{ "sqlite+pysqlite", "sqlite", LITE },
	{ "sqlite+aiosqlite", "sqlite", LITE },
	{ "sqlite+pysqlcipher", "sqlite", NONE },	/* encryption */
	{ "mssql", "mssql", NONE },
	{ "mssql+pyodbc", "mssql", NONE },
	{ "mssql+pymssql", "mssql", NONE },
	{ "oracle", "oracle", NONE },
	{ "oracle+cx_oracle", "oracle", NONE },
};

/* The driver's name in messages (a switch: GCC's -Warray-bounds cannot
 * see that w is in range for an array). */
static const char *drv_name(enum which w)
{
	switch (w) {
	case PG:
		return "postgresql";
	case MY:
		return "mysql";
	case LITE:
		return "sqlite";
	default:
		return "none";
	}
}

/* The built-in drivers: NULL when compiled out (curl protocol.c). */
static const struct rt_driver *built(enum which w)
{
	switch (w) {
#ifdef RETORT_WITH_POSTGRES
	case PG:
		return &rt_driver_postgres;
#endif
#ifdef RETORT_WITH_MYSQL
	case MY:
		return &rt_driver_mysql;
#endif
#ifdef RETORT_WITH_SQLITE
	case LITE:
		return &rt_driver_sqlite;
#endif
	default:
		return NULL;
	}
}

static const struct scheme *find_scheme(const struct rt_url *url,
					struct rt_err *err)
{
	size_t i;
	char *dotted, *p;

	for (i = 0; i < RT_ARRAY_SIZE(schemes); i++)
		if (!strcmp(schemes[i].scheme, url->scheme))
			return &schemes[i];
	/* SQLAlchemy's registry.load(name with '+' -> '.') message. */
	dotted = rt_xstrdup(url->scheme);
	for (p = dotted; *p; p++)
		if (*p == '+')
			*p = '.';
	rt_errf(err, RT_ECONFIG, NULL,
		"Can't load plugin: sqlalchemy.dialects:%s", dotted);
	free(dotted);
	return NULL;
}

int driver_dialect(const char **out, const struct rt_url *url,
		   struct rt_err *err)
{
	const struct scheme *s = find_scheme(url, err);

	if (!s)
		return err ? err->code : RT_ECONFIG;
	*out = s->dialect;
	return 0;
}

int driver_find(const struct rt_driver **out, const struct rt_url *url,
		struct rt_err *err)
{
	const struct scheme *s = find_scheme(url, err);

	if (!s)
		return err ? err->code : RT_ECONFIG;
	if (s->drv == NONE)
		return rt_errf(err, RT_ENOTIMPL, NULL,
			       "database dialect '%s' is not supported by "
			       "retort", s->scheme);
	*out = built(s->drv);
	if (!*out)
		return rt_errf(err, RT_ENOTIMPL, NULL,
			       "database driver '%s' is not built into this "
			       "retort", drv_name(s->drv));
	return 0;
}

/* Replace every copy of secret in err's message by "***".  Short
 * secrets are left alone: they would mangle ordinary words. */
static void scrub(struct rt_err *err, const char *secret)
{
	char out[RT_ERR_MSG_MAX];
	size_t n = secret ? strlen(secret) : 0, o = 0;
	const char *s, *hit;

	if (!err || n < 4 || !strstr(err->msg, secret))
		return;
	for (s = err->msg; (hit = strstr(s, secret)); s = hit + n)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%.*s***",
				      (int)(hit - s), s);
	snprintf(out + o, sizeof(out) - o, "%s", s);
	memcpy(err->msg, out, sizeof(out));
}

/* The password and every secret query value of url, scrubbed. */
static void scrub_url(struct rt_err *err, const struct rt_url *url)
{
	size_t i;

	scrub(err, url->password);
	for (i = 0; i < url->nparams; i++)
		if (url_secret_key(url->params[i].key))
			scrub(err, url->params[i].value);
}

int conn_open(struct rt_conn **out, const struct rt_url *url,
	      const struct rt_conn_opts *opts, struct rt_err *err)
{
	const struct rt_driver *drv;
	struct rt_conn_opts o = { 0 };
	struct rt_conn *c;
	int rc;

	*out = NULL;
	if (opts)
		o = *opts;
	if (o.lock_poll_ms <= 0)
		o.lock_poll_ms = 100;
	if (o.connect_timeout_s < 0)
		o.connect_timeout_s = 0;
	if (o.read_timeout_s < 0)
		o.read_timeout_s = 0;
	if (!o.connect_timeout_name)
		o.connect_timeout_name = "the connect timeout";
	if (!o.read_timeout_name)
		o.read_timeout_name = "the read timeout";
	if ((rc = driver_find(&drv, url, err)) < 0)
		return rc;
	if ((rc = drv->connect(&c, url, &o, err)) < 0) {
		scrub_url(err, url);
		return rc;
	}
	c->drv = drv;
	c->opts = o;
	c->where = rt_xstrdup(url_masked(url));
	*out = c;
	return 0;
}

int conn_exec(struct rt_conn *c, const char *sql, struct rt_err *err)
{
	c->nexec++;
	if (c->opts.fail_exec_at > 0 && c->nexec == c->opts.fail_exec_at)
		return rt_errf(err, RT_EDB, NULL, "injected fault: exec #%ld",
			       c->nexec);
	return c->drv->exec(c, sql, err);
}

int conn_query(struct rt_conn *c, const char *sql, rt_row_fn row,
	       void *payload, struct rt_err *err)
{
	return c->drv->query(c, sql, row, payload, err);
}

long conn_affected(struct rt_conn *c)
{
	return c->drv->affected(c);
}

int conn_begin(struct rt_conn *c, struct rt_err *err)
{
	int rc;

	if (c->in_txn)
		return rt_errf(err, RT_EDB, NULL,
			       "a transaction is already open");
	if ((rc = c->drv->begin(c, err)) < 0)
		return rc;
	c->in_txn = true;
	return 0;
}

int conn_commit(struct rt_conn *c, struct rt_err *err)
{
	if (!c->in_txn)
		return rt_errf(err, RT_EDB, NULL, "no transaction is open");
	c->in_txn = false;
	return c->drv->commit(c, err);
}

int conn_rollback(struct rt_conn *c, struct rt_err *err)
{
	if (!c->in_txn)
		return rt_errf(err, RT_EDB, NULL, "no transaction is open");
	c->in_txn = false;
	return c->drv->rollback(c, err);
}

/* Lock names go into SQL text as they are, so only a safe alphabet. */
static bool lock_name_ok(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-");

	return n && n <= 64 && !name[n];
}

static int lock_timeout(const char *name, long timeout_ms,
			struct rt_err *err)
{
	return rt_errf(err, RT_EDB, NULL,
		       "could not acquire lock '%s' within %ld ms: it is "
		       "held by another connection", name, timeout_ms);
}

int conn_lock(struct rt_conn *c, const char *name, long timeout_ms,
	      rt_wait_fn wait, void *payload, struct rt_err *err)
{
	long start = driver_now_ms(), left;
	bool got = false, waited = false;
	int rc;

	if (!lock_name_ok(name))
		return rt_errf(err, RT_ECONFIG, NULL, "invalid lock name '%s'"
			       ": use 1-64 characters of A-Z a-z 0-9 _ . : -",
			       name);
	if (!(c->drv->caps & RT_DRV_LOCK))
		return rt_errf(err, RT_ENOTIMPL, NULL,
			       "the %s driver has no locks", c->drv->name);
	if (c->lock)
		return rt_errf(err, RT_EDB, NULL, "lock '%s' is already held",
			       c->lock);
	for (;;) {
		if ((rc = c->drv->try_lock(c, name, &got, err)) < 0)
			return rc;
		if (got)
			break;
		left = timeout_ms - (driver_now_ms() - start);
		if (timeout_ms >= 0 && left <= 0)
			return lock_timeout(name, timeout_ms, err);
		if (!waited && wait)
			wait(name, payload);
		waited = true;
		if (timeout_ms < 0 || left > c->opts.lock_poll_ms)
			left = c->opts.lock_poll_ms;
		driver_sleep_ms((int)left);
	}
	c->lock = rt_xstrdup(name);
	return 0;
}

int conn_unlock(struct rt_conn *c, struct rt_err *err)
{
	char *name = c->lock;
	int rc;

	if (!name)
		return rt_errf(err, RT_EDB, NULL, "no lock is held");
	rc = c->drv->unlock(c, name, err);
	c->lock = NULL;
	free(name);
	return rc;
}

int64_t driver_lock_key(const char *name)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *name; name++) {
		h ^= (unsigned char)*name;
		h *= 1099511628211ULL;
	}
	return (int64_t)h;
}

const char *conn_server_version(struct rt_conn *c)
{
	return c->drv->server_version(c);
}

unsigned conn_caps(const struct rt_conn *c)
{
	return c->drv->caps;
}

void conn_close(struct rt_conn *c)
{
	struct rt_err ignore = RT_ERR_INIT;

	if (!c)
		return;
	if (c->in_txn)
		conn_rollback(c, &ignore);
	if (c->lock)
		conn_unlock(c, &ignore);
	free(c->where);
	c->drv->close(c);
}

static bool in_list(const char *const *list, const char *key)
{
	for (; list && *list; list++)
		if (!strcmp(*list, key))
			return true;
	return false;
}

int driver_check_params(const struct rt_url *url, const char *dialect,
			const char *const *pass, const char *const *ignore,
			struct rt_err *err)
{
	struct rt_buf names = RT_BUF_INIT;
	size_t i;

	for (i = 0; i < url->nparams; i++) {
		const char *k = url->params[i].key;

		if (in_list(pass, k) || in_list(ignore, k))
			continue;
		for (; pass && *pass; pass++)
			rt_buf_addf(&names, "%s%s", names.len ? ", " : "",
				    *pass);
		rt_errf(err, RT_ECONFIG, NULL,
			"unknown query parameter '%s' in database URL '%s' "
			"(the %s driver accepts: %s)", k, url_masked(url),
			dialect, names.buf);
		rt_buf_release(&names);
		return RT_ECONFIG;
	}
	return 0;
}

int driver_err(struct rt_err *err, const char *state, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code)
		return RT_EDB;
	va_start(ap, fmt);
	rt_verrf(err, RT_EDB, NULL, fmt, ap);
	va_end(ap);
	snprintf(err->sqlstate, sizeof(err->sqlstate), "%s",
		 state ? state : "");
	return RT_EDB;
}

int driver_connect_err(struct rt_err *err, const char *state,
		       const struct rt_url *url, long elapsed_ms, int limit_s,
		       const char *name, const char *msg, int len)
{
	/* a little slack: the library measures from a later start */
	if (limit_s > 0 && elapsed_ms + 50 >= limit_s * 1000L)
		return driver_err(err, state, "could not connect to %s: no "
				  "answer within %d s (the limit set by %s): "
				  "%.*s", url_masked(url), limit_s, name, len,
				  msg);
	return driver_err(err, state, "could not connect to %s: %.*s",
			  url_masked(url), len, msg);
}

int driver_read_timeout(const struct rt_conn *c, const char *state,
			const char *msg, struct rt_err *err)
{
	return driver_err(err, state, "no answer from %s within %d s (the "
			  "limit set by %s)%s%s", c->where,
			  c->opts.read_timeout_s, c->opts.read_timeout_name,
			  msg ? ": " : "", msg ? msg : "");
}

void driver_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

long driver_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}
