/*
 * url.h: SQLAlchemy database URLs (docs/databases.md): parsing with
 * SQLAlchemy 1.4's grammar, percent-decoding, the masked rendering that
 * is the only form a URL may take in a message, and the URL precedence.
 */
#ifndef URL_H
#define URL_H

#include "base/arena.h"

/* One `k=v` of the query string, both percent-decoded ('+' is a space). */
struct rt_url_param {
	const char *key;
	const char *value;
};

/*
 * A parsed URL: `dialect[+dbapi]://[user[:password]@][host][:port]
 * [/database][?k=v&...]`.  Absent parts are NULL (port: 0).  All strings
 * live in the arena given to url_parse().
 */
struct rt_url {
	const char *scheme;	/* as written: "postgresql+psycopg2" */
	const char *dialect;	/* before '+': "postgresql" */
	const char *dbapi;	/* after '+': "psycopg2", or NULL */
	const char *user;	/* decoded */
	const char *password;	/* decoded; never put it in a message */
	const char *host;	/* an IPv6 host without its brackets */
	int port;
	const char *database;	/* decoded; "" for `sqlite:///` */
	const struct rt_url_param *params;	/* in URL order */
	size_t nparams;
	const char *masked;	/* see url_masked() */
};

/*
 * Parse text (borrowed) into *out (arena a).  Follows SQLAlchemy 1.4's
 * _parse_url(): the scheme is [A-Za-z0-9_+]+; user ends at the first ':'
 * or '/', the password at '@'; the user info ends at the last '@' that
 * fits; the port is 1-65535.  Query fields without '=' or with an
 * empty value are dropped (Python's parse_qsl).  Unlike SQLAlchemy 1.4,
 * the database is percent-decoded too.  A key given twice is an error.
 * Errors (RT_ECONFIG, at loc when loc is not NULL; the text appears only
 * masked): "Could not parse SQLAlchemy URL from string '...'" (no
 * "scheme://"), "invalid port '...' in database URL '...'", a bad
 * percent escape, an unterminated IPv6 host, a duplicate key.
 */
int url_parse(struct rt_url **out, struct rt_arena *a, const char *text,
	      const struct rt_loc *loc, struct rt_err *err);

/*
 * The URL rendered as SQLAlchemy's render_as_string(hide_password=True):
 * the password (and the value of every secret query key, see
 * url_secret_key()) replaced by `***`, query keys sorted.  The ONLY way
 * a URL may reach a message.  Owned by the URL's arena.
 */
const char *url_masked(const struct rt_url *u);

/*
 * Whether the query key names a secret, whose value is masked: its name
 * contains, in any case, "password", "passwd", "passphrase", "secret" or
 * "token" (libpq's password and sslpassword, MySQL Connector's
 * password1..3, MariaDB's tls_passphrase, ...).
 */
bool url_secret_key(const char *key);

/* Whether u carries a password or a secret query value. */
bool url_has_secret(const struct rt_url *u);

/* The decoded value of query key, or NULL. */
const char *url_param(const struct rt_url *u, const char *key);

/* Where url_pick() found the URL. */
enum url_source {
	URL_SRC_NONE = 0,
	URL_SRC_OPTION,		/* --url */
	URL_SRC_ENV,		/* RETORT_DATABASE_URL */
	URL_SRC_INI,		/* sqlalchemy.url of the ini */
};

/*
 * Pick the URL text by precedence: the --url option, else the
 * RETORT_DATABASE_URL environment variable, else `sqlalchemy.url` of the
 * ini.  The caller (CLI) reads all three; NULL means absent, and an empty
 * environment variable counts as absent.  Sets *out (borrowed from the
 * argument) and *src (may be NULL).  RT_ECONFIG "no database URL: ..."
 * when none is given.
 */
int url_pick(const char **out, enum url_source *src, const char *option,
	     const char *env, const char *ini, struct rt_err *err);

#endif
