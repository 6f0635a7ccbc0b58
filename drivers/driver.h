/*
 * driver.h: the database driver interface (curl Curl_ssl, Redis
 * ConnectionType): one const vtable per driver, a connection struct each
 * driver embeds first, and the conn_*() wrappers callers must use.
 */
#ifndef DRIVER_H
#define DRIVER_H

#include "config/url.h"

struct rt_conn;

/*
 * Capability bits: the core asks "supports X?", never "is it PG?".
 * They follow Alembic's dialect defaults, not the server's abilities.
 */
enum rt_drv_caps {
	RT_DRV_TXN_DDL = 1 << 0,	/* Alembic transactional_ddl (PG) */
	RT_DRV_LOCK = 1 << 1,		/* conn_lock() works */
	RT_DRV_RETURNING = 1 << 2,	/* Alembic emits INSERT .. RETURNING */
	RT_DRV_DDL_COMMITS = 1 << 3,	/* DDL commits implicitly (MySQL) */
	RT_DRV_ROWCOUNT = 1 << 4,	/* affected() is reliable for DML */
};

/* One result row: ncols values, each a NUL-terminated string or NULL for
 * SQL NULL, and the column names.  Borrowed for the callback's call. */
struct rt_row {
	size_t ncols;
	const char *const *values;
	const char *const *names;
};

/* Row callback: return 0 to go on; a negative code stops the query and
 * is returned by it (set err yourself if you want a message). */
typedef int (*rt_row_fn)(const struct rt_row *row, void *payload);

/* Called once, with the lock name, when conn_lock() starts waiting. */
typedef void (*rt_wait_fn)(const char *name, void *payload);

/*
 * Per-connection settings (no global state).  The timeouts bound how
 * long a connection waits for the server (docs/databases.md), 0 being
 * no limit: connect_timeout_s the connection attempt (the URL's own
 * connect_timeout query parameter wins); read_timeout_s each wait for
 * the next bytes of a reply or for room to send, so a statement fails
 * once the server has sent nothing for that long.  The *_name fields
 * name the setting that chose each value, for messages
 * ("retort.connect_timeout"; NULL: "the connect timeout").
 */
struct rt_conn_opts {
	long fail_exec_at;	/* >0: the N-th conn_exec() fails (faults) */
	int lock_poll_ms;	/* conn_lock() retry interval; 0: 100 ms */
	int connect_timeout_s;
	int read_timeout_s;
	const char *connect_timeout_name;
	const char *read_timeout_name;
};

/*
 * A driver.  Every function sets err on failure and returns a negative
 * rt_code (RT_EDB for database errors: the server's message, and in
 * err->sqlstate the SQLSTATE (PG), the errno (MySQL) or the extended
 * result code (SQLite) as decimal text).  Call them only through the
 * conn_*() wrappers below.
 */
struct rt_driver {
	const char *name;	/* "postgresql", "mysql", "sqlite" */
	unsigned caps;		/* enum rt_drv_caps */
	/* Connect within opts' connect timeout (the read timeout applies
	 * to every later call); *out is malloc'd (close() frees it). */
	int (*connect)(struct rt_conn **out, const struct rt_url *url,
		       const struct rt_conn_opts *opts, struct rt_err *err);
	/* Run one or more statements; rows are discarded. */
	int (*exec)(struct rt_conn *c, const char *sql, struct rt_err *err);
	/* Run sql and call row for each row of each result. */
	int (*query)(struct rt_conn *c, const char *sql, rt_row_fn row,
		     void *payload, struct rt_err *err);
	/* Rows changed by the last statement of the last exec(). */
	long (*affected)(struct rt_conn *c);
	int (*begin)(struct rt_conn *c, struct rt_err *err);
	int (*commit)(struct rt_conn *c, struct rt_err *err);
	int (*rollback)(struct rt_conn *c, struct rt_err *err);
	/* One try at the named lock, without waiting: *got tells.  The
	 * polling, timeout and notice live in conn_lock(). */
	int (*try_lock)(struct rt_conn *c, const char *name, bool *got,
			struct rt_err *err);
	int (*unlock)(struct rt_conn *c, const char *name, struct rt_err *err);
	/* The server's version string, owned by the connection. */
	const char *(*server_version)(struct rt_conn *c);
	/* Disconnect and free c. */
	void (*close)(struct rt_conn *c);
};

/* The part of every connection the core sees (embedded first). */
struct rt_conn {
	const struct rt_driver *drv;
	struct rt_conn_opts opts;
	char *where;		/* the masked URL, for messages (malloc'd) */
	long nexec;		/* conn_exec() calls so far */
	bool in_txn;		/* between conn_begin() and commit/rollback */
	char *lock;		/* held lock name (malloc'd), or NULL */
};

/* The drivers; each exists only when built (RETORT_WITH_*). */
extern const struct rt_driver rt_driver_postgres;
extern const struct rt_driver rt_driver_mysql;
extern const struct rt_driver rt_driver_sqlite;

/*
 * The dialect of url's scheme, as SQLAlchemy's dialect registry knows
 * it: "postgresql", "mysql", "mariadb", "sqlite", "mssql", "oracle"; for
 * offline rendering, which needs no driver.  RT_ECONFIG with
 * SQLAlchemy's text "Can't load plugin: sqlalchemy.dialects:NAME" for
 * an unknown scheme or +dbapi (and for `postgres`, which SQLAlchemy 1.4
 * no longer accepts).  *out is a static string.
 */
int driver_dialect(const char **out, const struct rt_url *url,
		   struct rt_err *err);

/*
 * The driver for url's scheme.  Errors: as driver_dialect(); RT_ENOTIMPL
 * "database driver 'postgresql' is not built into this retort" when the
 * driver was left out of the build; RT_ENOTIMPL "database dialect
 * 'mssql' is not supported by retort" for dialects without a driver.
 */
int driver_find(const struct rt_driver **out, const struct rt_url *url,
		struct rt_err *err);

/*
 * Find the driver and connect.  opts may be NULL (defaults: no
 * timeouts).  *out is closed with conn_close().  Errors: driver_find()'s,
 * RT_EDB "could not connect to <masked url>: <server message>" (after a
 * timeout "could not connect to <masked url>: no answer within N s (the
 * limit set by <setting>): <message>"), RT_ECONFIG for a query parameter
 * the driver does not accept.  The password and the secret query values
 * (url_secret_key()) never appear.
 */
int conn_open(struct rt_conn **out, const struct rt_url *url,
	      const struct rt_conn_opts *opts, struct rt_err *err);

/* Run sql (one or more statements).  The N-th call fails with RT_EDB
 * "injected fault: exec #N" when opts.fail_exec_at is N. */
int conn_exec(struct rt_conn *c, const char *sql, struct rt_err *err);

/* Run sql, calling row(row, payload) for each result row. */
int conn_query(struct rt_conn *c, const char *sql, rt_row_fn row,
	       void *payload, struct rt_err *err);

/* Rows inserted/updated/deleted by the last statement of the last
 * conn_exec(); meaningful only after INSERT/UPDATE/DELETE. */
long conn_affected(struct rt_conn *c);

/* Transactions.  RT_EDB "a transaction is already open" / "no
 * transaction is open" on misuse. */
int conn_begin(struct rt_conn *c, struct rt_err *err);
int conn_commit(struct rt_conn *c, struct rt_err *err);
int conn_rollback(struct rt_conn *c, struct rt_err *err);

/*
 * Take the named lock (name: 1-64 characters of [A-Za-z0-9_.:-]),
 * retrying every opts.lock_poll_ms until timeout_ms has passed (0: try
 * once; negative: wait forever).  wait(name, payload) is called once
 * when the first try fails (wait may be NULL).  PostgreSQL: session
 * advisory lock on driver_lock_key(name); MySQL: GET_LOCK(name, 0);
 * SQLite: the database write lock (BEGIN IMMEDIATE, held until unlock;
 * meanwhile conn_begin/commit/rollback use a savepoint).  Timeout:
 * RT_EDB "could not acquire lock 'NAME' within N ms: it is held by
 * another connection".  One lock per connection.
 */
int conn_lock(struct rt_conn *c, const char *name, long timeout_ms,
	      rt_wait_fn wait, void *payload, struct rt_err *err);
int conn_unlock(struct rt_conn *c, struct rt_err *err);

/* The PostgreSQL advisory lock key of name: FNV-1a 64 of its bytes,
 * as a signed 64-bit integer. */
int64_t driver_lock_key(const char *name);

/* The server's version string ("15.20 (Debian ...)", "10.11.19-MariaDB
 * ...", "3.40.1"), owned by c. */
const char *conn_server_version(struct rt_conn *c);

/* Capabilities of c's driver (enum rt_drv_caps). */
unsigned conn_caps(const struct rt_conn *c);

/* Release the lock if held, roll back an open transaction, disconnect,
 * free c.  NULL is fine. */
void conn_close(struct rt_conn *c);

/*
 * For drivers: check that every query parameter of url is in pass (the
 * ones the driver uses) or ignore (SQLAlchemy/DBAPI-only, ignored);
 * else RT_ECONFIG "unknown query parameter 'k' in database URL '<masked>'
 * (the DIALECT driver accepts: ...)".  pass and ignore end with NULL.
 */
int driver_check_params(const struct rt_url *url, const char *dialect,
			const char *const *pass, const char *const *ignore,
			struct rt_err *err);

/* For drivers: set RT_EDB with the message and (when err was still
 * clear) the SQLSTATE/errno/code text state (may be NULL); returns
 * RT_EDB. */
int driver_err(struct rt_err *err, const char *state, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));


/*
 * For drivers: the connection failure: RT_EDB (SQLSTATE/errno state)
 * "could not connect to <masked url>: <msg[0, len)>".  When limit_s > 0
 * and the attempt took elapsed_ms >= limit_s seconds, the message says
 * which setting gave up: "...: no answer within N s (the limit set by
 * <name>): <msg>".  Returns RT_EDB.
 */
int driver_connect_err(struct rt_err *err, const char *state,
		       const struct rt_url *url, long elapsed_ms, int limit_s,
		       const char *name, const char *msg, int len);

/*
 * For drivers: the failure of a call on c that waited opts.read_timeout_s
 * for the server: RT_EDB (state) "no answer from <masked url> within N s
 * (the limit set by <name>)", then ": <msg>" when msg is not NULL.
 */
int driver_read_timeout(const struct rt_conn *c, const char *state,
			const char *msg, struct rt_err *err);

/* For drivers: sleep ms milliseconds (lock polling). */
void driver_sleep_ms(int ms);

/* For drivers: milliseconds from a monotonic clock. */
long driver_now_ms(void);

#endif
