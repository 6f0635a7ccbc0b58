/*
 * mysql.c: the MySQL/MariaDB driver (MariaDB Connector/C, loaded when it
 * connects).  Query parameters map to mysql_options() like
 * pymysql/mysqlclient arguments; the lock is GET_LOCK(name, 0), polled.
 */
#include "driver.h"

#include "dynload.h"

#include <dlfcn.h>
#include <errmsg.h>
#include <mysql.h>

/* The Connector/C functions the driver calls, with their prototypes. */
#define MY_FUNCS(X) \
	X(mysql_init) X(mysql_options) X(mysql_real_connect) \
	X(mysql_close) X(mysql_errno) X(mysql_error) X(mysql_real_query) \
	X(mysql_store_result) X(mysql_free_result) X(mysql_field_count) \
	X(mysql_affected_rows) X(mysql_next_result) X(mysql_num_fields) \
	X(mysql_fetch_fields) X(mysql_fetch_row) X(mysql_get_server_info)

struct my_api {
	MY_FUNCS(DYNLOAD_FN)
};

#define MY_SYM(f) DYNLOAD_SYM(struct my_api, f)
static const struct dynload_sym my_syms[] = { MY_FUNCS(MY_SYM) };

/*
 * Not linked: libmariadb and its libraries (TLS, zlib) would be mapped at
 * every exec, `retort heads` included.  RTLD_NODELETE: the first connect
 * maps it for good.  mysql_init() runs the library's one-time set-up
 * (mysql_library_init, under pthread_once), which only
 * mysql_library_end() undoes; that call is process-wide and would break
 * other open connections, and without it unmapping the library on the
 * last dlclose() leaks that state at every connect.
 */
static const struct dynload_lib libmariadb = {
	.soname = RETORT_LIBMARIADB_SONAME,
	.package = RETORT_LIBMARIADB_PACKAGE,
	.flags = RTLD_NODELETE,
	.syms = my_syms,
	.nsyms = RT_ARRAY_SIZE(my_syms),
};

struct my_conn {
	struct rt_conn base;
	void *lib;		/* dynload_open() handle */
	struct my_api api;
	MYSQL *my;
	long affected;
};

static const char *const pass_keys[] = { "unix_socket", "charset",
	"connect_timeout", "read_timeout", "write_timeout", "ssl_ca",
	"ssl_capath", "ssl_cert", "ssl_key", "ssl_cipher", "ssl_verify_cert",
	"ssl_check_hostname", "init_command", "local_infile", NULL };
/* Keys of the Python DBAPIs with no meaning here. */
static const char *const ignore_keys[] = { "binary_prefix", "use_unicode",
	NULL };

/* String options: query key -> mysql_options() option. */
static const struct {
	const char *key;
	enum mysql_option opt;
} str_opts[] = {
	{ "ssl_ca", MYSQL_OPT_SSL_CA },
	{ "ssl_capath", MYSQL_OPT_SSL_CAPATH },
	{ "ssl_cert", MYSQL_OPT_SSL_CERT },
	{ "ssl_key", MYSQL_OPT_SSL_KEY },
	{ "ssl_cipher", MYSQL_OPT_SSL_CIPHER },
	{ "init_command", MYSQL_INIT_COMMAND },
}, uint_opts[] = {
	{ "connect_timeout", MYSQL_OPT_CONNECT_TIMEOUT },
	{ "read_timeout", MYSQL_OPT_READ_TIMEOUT },
	{ "write_timeout", MYSQL_OPT_WRITE_TIMEOUT },
	{ "local_infile", MYSQL_OPT_LOCAL_INFILE },
};

/* The error of the last call, which started at start (ms): a lost
 * connection after the read timeout says so. */
static int my_err(const struct my_conn *m, long start, struct rt_err *err)
{
	unsigned int no = m->api.mysql_errno(m->my);
	int limit = m->base.opts.read_timeout_s;
	char code[8];

	snprintf(code, sizeof(code), "%u", no);
	if (no == CR_SERVER_LOST && limit > 0 &&
	    driver_now_ms() - start + 50 >= limit * 1000L)
		return driver_read_timeout(&m->base, code,
					   m->api.mysql_error(m->my), err);
	return driver_err(err, code, "%s", m->api.mysql_error(m->my));
}

/* Disconnect, unload, free m. */
static void my_free(struct my_conn *m)
{
	m->api.mysql_close(m->my);
	dynload_close(m->lib);
	free(m);
}

static int bad_value(const struct rt_url *url, const char *key,
		     const char *what, struct rt_err *err)
{
	return rt_errf(err, RT_ECONFIG, NULL, "query parameter '%s' of "
		       "database URL '%s' must be %s", key, url_masked(url),
		       what);
}

/* opts' timeouts (0: none), before the URL's, which win. */
static void set_timeouts(const struct my_conn *m,
			 const struct rt_conn_opts *opts)
{
	unsigned int c = (unsigned int)opts->connect_timeout_s;
	unsigned int r = (unsigned int)opts->read_timeout_s;

	if (c)
		m->api.mysql_options(m->my, MYSQL_OPT_CONNECT_TIMEOUT, &c);
	if (r) {
		m->api.mysql_options(m->my, MYSQL_OPT_READ_TIMEOUT, &r);
		m->api.mysql_options(m->my, MYSQL_OPT_WRITE_TIMEOUT, &r);
	}
}

static int set_options(const struct my_conn *m, const struct rt_url *url,
		       const struct rt_conn_opts *opts, struct rt_err *err)
{
	const char *cs = url_param(url, "charset");
	const char *v;
	size_t i;

	set_timeouts(m, opts);
	m->api.mysql_options(m->my, MYSQL_SET_CHARSET_NAME,
			     cs ? cs : "utf8mb4");
	for (i = 0; i < RT_ARRAY_SIZE(str_opts); i++)
		if ((v = url_param(url, str_opts[i].key)))
			m->api.mysql_options(m->my, str_opts[i].opt, v);
	for (i = 0; i < RT_ARRAY_SIZE(uint_opts); i++) {
		unsigned int u;
		char *end;

		if (!(v = url_param(url, uint_opts[i].key)))
			continue;
		u = (unsigned int)strtoul(v, &end, 10);
		if (end == v || *end || *v == '-')
			return bad_value(url, uint_opts[i].key,
					 "a whole number", err);
		m->api.mysql_options(m->my, uint_opts[i].opt, &u);
	}
	v = url_param(url, "ssl_verify_cert");
	if (!v)
		v = url_param(url, "ssl_check_hostname");
	if (v) {
		int b = rt_asbool(v);
		my_bool on = b > 0;

		if (b < 0)
			return bad_value(url, "ssl_verify_cert",
					 "true or false", err);
		m->api.mysql_options(m->my, MYSQL_OPT_SSL_VERIFY_SERVER_CERT,
				     &on);
	}
	return 0;
}

/* The connect timeout in effect (the URL's wins) and *name, its
 * setting, for the message. */
static int my_timeout(const struct rt_url *url,
		      const struct rt_conn_opts *opts, const char **name)
{
	const char *v = url_param(url, "connect_timeout");

	*name = opts->connect_timeout_name;
	if (!v)
		return opts->connect_timeout_s;
	*name = "connect_timeout in the URL";
	return (int)strtol(v, NULL, 10);	/* set_options() checked it */
}

static int my_connect(struct rt_conn **out, const struct rt_url *url,
		      const struct rt_conn_opts *opts, struct rt_err *err)
{
	/* FOUND_ROWS: UPDATE counts matched rows, as SQLAlchemy sets it,
	 * so an UPDATE to the same value still reports 1 (spec 7.11). */
	unsigned long flags = CLIENT_FOUND_ROWS | CLIENT_MULTI_STATEMENTS |
			      CLIENT_MULTI_RESULTS;
	struct my_conn *m;
	const char *name;
	long start;
	int rc;

	if ((rc = driver_check_params(url, url->dialect, pass_keys,
				      ignore_keys, err)) < 0)
		return rc;
	m = rt_xcalloc(1, sizeof(*m));
	if ((rc = dynload_open(&m->lib, &m->api, &libmariadb, err)) < 0) {
		free(m);
		return rc;
	}
	m->my = m->api.mysql_init(NULL);
	if (!m->my)
		abort();	/* out of memory */
	if ((rc = set_options(m, url, opts, err)) < 0)
		goto fail;
	start = driver_now_ms();
	if (!m->api.mysql_real_connect(m->my, url->host, url->user,
				       url->password, url->database &&
				       *url->database ? url->database : NULL,
				       (unsigned)url->port,
				       url_param(url, "unix_socket"), flags)) {
		const char *msg = m->api.mysql_error(m->my);
		int limit = my_timeout(url, opts, &name);
		char code[8];

		snprintf(code, sizeof(code), "%u", m->api.mysql_errno(m->my));
		rc = driver_connect_err(err, code, url, driver_now_ms() - start,
					limit, name, msg, (int)strlen(msg));
		goto fail;
	}
	*out = &m->base;
	return 0;
fail:
	my_free(m);
	return rc;
}

static int on_result(const struct my_api *api, MYSQL_RES *res,
		     rt_row_fn row, void *payload)
{
	unsigned n = api->mysql_num_fields(res), i;
	MYSQL_FIELD *f = api->mysql_fetch_fields(res);
	const char **v = rt_xcalloc((size_t)n * 2 + 1, sizeof(*v));
	struct rt_row rw = { n, v, v + n };
	MYSQL_ROW r;
	int rc = 0;

	for (i = 0; i < n; i++)
		v[n + i] = f[i].name;
	while (rc >= 0 && (r = api->mysql_fetch_row(res))) {
		for (i = 0; i < n; i++)
			v[i] = r[i];
		rc = row(&rw, payload);
	}
	free(v);
	return rc;
}

/* Run sql (any number of statements), reading every result; rows go to
 * row (may be NULL).  The first error wins; the rest is drained. */
static int my_run(struct my_conn *m, const char *sql, rt_row_fn row,
		  void *payload, struct rt_err *err)
{
	const struct my_api *api = &m->api;
	long start = driver_now_ms();
	int rc = 0, next;

	if (api->mysql_real_query(m->my, sql, (unsigned long)strlen(sql)))
		return my_err(m, start, err);
	do {
		MYSQL_RES *res = api->mysql_store_result(m->my);

		if (res) {
			if (rc >= 0 && row)
				rc = on_result(api, res, row, payload);
			api->mysql_free_result(res);
		} else if (api->mysql_field_count(m->my)) {
			if (rc >= 0)
				rc = my_err(m, start, err);
		} else {
			m->affected = (long)api->mysql_affected_rows(m->my);
		}
	} while ((next = api->mysql_next_result(m->my)) == 0);
	if (next > 0 && rc >= 0)
		rc = my_err(m, start, err);
	return rc;
}

static int my_exec(struct rt_conn *c, const char *sql, struct rt_err *err)
{
	return my_run((struct my_conn *)c, sql, NULL, NULL, err);
}

static int my_query(struct rt_conn *c, const char *sql, rt_row_fn row,
		    void *payload, struct rt_err *err)
{
	return my_run((struct my_conn *)c, sql, row, payload, err);
}

static long my_affected(struct rt_conn *c)
{
	return ((struct my_conn *)c)->affected;
}

static int my_begin(struct rt_conn *c, struct rt_err *err)
{
	return my_exec(c, "BEGIN", err);
}

static int my_commit(struct rt_conn *c, struct rt_err *err)
{
	return my_exec(c, "COMMIT", err);
}

static int my_rollback(struct rt_conn *c, struct rt_err *err)
{
	return my_exec(c, "ROLLBACK", err);
}

/* The single value of a one-row, one-column result ("" for NULL). */
static int one_value(const struct rt_row *row, void *payload)
{
	char *out = payload;

	snprintf(out, 8, "%s", row->ncols && row->values[0] ?
		 row->values[0] : "");
	return 0;
}

/* conn_lock() has checked name: [A-Za-z0-9_.:-] only, so it can stand
 * between quotes as it is. */
static int my_try_lock(struct rt_conn *c, const char *name, bool *got,
		       struct rt_err *err)
{
	char sql[128], v[8] = "";
	int rc;

	*got = false;
	snprintf(sql, sizeof(sql), "SELECT GET_LOCK('%s', 0)", name);
	if ((rc = my_run((struct my_conn *)c, sql, one_value, v, err)) < 0)
		return rc;
	if (!*v)
		return driver_err(err, NULL, "GET_LOCK('%s') failed", name);
	*got = !strcmp(v, "1");
	return 0;
}

static int my_unlock(struct rt_conn *c, const char *name, struct rt_err *err)
{
	char sql[128], v[8] = "";
	int rc;

	snprintf(sql, sizeof(sql), "SELECT RELEASE_LOCK('%s')", name);
	if ((rc = my_run((struct my_conn *)c, sql, one_value, v, err)) < 0)
		return rc;
	if (strcmp(v, "1"))
		return driver_err(err, NULL, "lock '%s' was not held", name);
	return 0;
}

static const char *my_version(struct rt_conn *c)
{
	struct my_conn *m = (struct my_conn *)c;

	return m->api.mysql_get_server_info(m->my);
}

static void my_close(struct rt_conn *c)
{
	my_free((struct my_conn *)c);
}

const struct rt_driver rt_driver_mysql = {
	.name = "mysql",
	.caps = RT_DRV_LOCK | RT_DRV_DDL_COMMITS | RT_DRV_ROWCOUNT,
	.connect = my_connect,
	.exec = my_exec,
	.query = my_query,
	.affected = my_affected,
	.begin = my_begin,
	.commit = my_commit,
	.rollback = my_rollback,
	.try_lock = my_try_lock,
	.unlock = my_unlock,
	.server_version = my_version,
	.close = my_close,
};
