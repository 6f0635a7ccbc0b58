/*
 * runopts.h: the settings of a migration run (spec rule 12.1: what
 * env.py would pass to context.configure()): the database URL, the
 * version table, transactions, the lock timeout and fault injection.
 */
#ifndef RUNOPTS_H
#define RUNOPTS_H

#include "config/url.h"
#include "verstable.h"

struct config;

#define RUNOPTS_LOCK_TIMEOUT_S 300
#define RUNOPTS_CONNECT_TIMEOUT_S 30
#define RUNOPTS_READ_TIMEOUT_S 0	/* none: statements may run long */

struct runopts {
	const char *url_text;		/* as picked, never printed */
	enum url_source url_src;
	struct rt_url *url;		/* parsed (arena) */
	struct verstable vt;		/* version_table[_schema|_pk] */
	bool transaction_per_migration;
	bool has_transactional_ddl;	/* transactional_ddl was set */
	bool transactional_ddl;		/* its value */
	long lock_timeout_ms;		/* retort.lock_timeout * 1000 */
	long fail_exec_at;		/* RETORT_FAULT=exec:N, 0: none */
	int connect_timeout_s;		/* 0: none (rt_conn_opts) */
	int read_timeout_s;		/* 0: none */
	const char *connect_timeout_name;	/* where each came from: */
	const char *read_timeout_name;	/* "retort.read_timeout", ... */
	/* retort.alembic_version (config/alembicver.h), also in vt */
	int alembic;
};

/*
 * What the CLI read from outside the ini: the --url option and the
 * RETORT_DATABASE_URL, RETORT_FAULT, RETORT_CONNECT_TIMEOUT and
 * RETORT_READ_TIMEOUT environment variables (NULL when absent).
 * Nothing below the CLI reads the environment.
 */
struct runopts_env {
	const char *url_option;
	const char *url_env;
	const char *fault;
	const char *connect_timeout;
	const char *read_timeout;
	const char *alembic_version;	/* $RETORT_ALEMBIC_VERSION */
};

/*
 * Fill *out from the main section of c and from env.  The URL follows
 * url_pick() (--url > $RETORT_DATABASE_URL > sqlalchemy.url) and is
 * parsed.  Keys of the main section (docs/running.md): version_table
 * (default alembic_version), version_table_schema, version_table_pk
 * (default true), transaction_per_migration (default false),
 * transactional_ddl (default: the dialect's), retort.lock_timeout
 * (seconds, default RUNOPTS_LOCK_TIMEOUT_S; 0: one try; negative: wait
 * forever), retort.connect_timeout and retort.read_timeout (whole
 * seconds, 0: no limit; defaults RUNOPTS_CONNECT_TIMEOUT_S and
 * RUNOPTS_READ_TIMEOUT_S; the environment variables win over the ini),
 * retort.alembic_version (overridden by env->alembic_version; default
 * ALEMBIC_V_NEWEST).  Booleans read as SQLAlchemy's asbool().
 *
 * Errors (first wins): url_pick()/url_parse()/config_get() ones;
 * RT_ECONFIG at the key's file:line "String is not true/false: 'x'"
 * (asbool's ValueError text), "retort.lock_timeout must be a number of
 * seconds, not 'x'", "retort.connect_timeout must be a whole number of
 * seconds (0: no limit), not 'x'" (and read_timeout), "version_table
 * must not be empty"; RT_ECONFIG "RETORT_FAULT must be exec:N with N >=
 * 1, not 'x'", "RETORT_CONNECT_TIMEOUT must be a whole number of
 * seconds (0: no limit), not 'x'" (and RETORT_READ_TIMEOUT); RT_ECONFIG
 * (at the key's file:line for the ini) "retort.alembic_version must be
 * one of <ALEMBIC_V_ACCEPTED>, not 'x'" or "RETORT_ALEMBIC_VERSION must
 * be ...".
 */
int runopts_load(struct runopts *out, struct rt_arena *a,
		 const struct config *c, const char *section,
		 const struct runopts_env *env, struct rt_err *err);

/*
 * The migration lock's name for these settings: "retort." followed by
 * the database and the version table (characters outside
 * [A-Za-z0-9_.:-] become '_'), at most 64 characters.  MySQL's GET_LOCK
 * names are server-wide, so the database is part of it.  Arena string.
 */
const char *runopts_lock_name(const struct runopts *o, struct rt_arena *a);

#endif
