/*
 * runopts.c: reading the run settings from the ini's main section and
 * the values the CLI took from the command line and the environment.
 */
#include "runopts.h"

#include "config/config.h"
#include "drivers/driver.h"

#include <ctype.h>

/* One optional key: 0 and *out (NULL when absent), or an error. */
static int get_opt(const char **out, const struct config *c,
		   const char *section, const char *key, struct rt_err *err)
{
	int rc = config_get(out, c, section, key, err);

	if (rc == RT_ENOTFOUND) {
		*out = NULL;
		return 0;
	}
	return rc;
}

/* SQLAlchemy's util.asbool() on the value of key. */
static int get_bool(bool *out, const struct config *c, const char *section,
		    const char *key, bool dflt, struct rt_arena *a,
		    struct rt_err *err)
{
	struct rt_loc loc;
	const char *v;
	char *low;
	size_t i, n;
	int rc, b;

	*out = dflt;
	if ((rc = get_opt(&v, c, section, key, err)) < 0 || !v)
		return rc;
	if ((b = rt_asbool(v)) >= 0) {
		*out = b;
		return 0;
	}
	/* the message shows obj.strip().lower(), as SQLAlchemy's */
	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	low = arena_strndup(a, v, n);
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	loc = config_key_loc(c, section, key);
	return rt_errf(err, RT_ECONFIG, &loc, "String is not true/false: '%s'",
		       low);
}

static int get_timeout(long *out, const struct config *c,
		       const char *section, struct rt_err *err)
{
	const char *key = "retort.lock_timeout", *v;
	struct rt_loc loc;
	char *end;
	double s;
	int rc;

	*out = RUNOPTS_LOCK_TIMEOUT_S * 1000L;
	if ((rc = get_opt(&v, c, section, key, err)) < 0 || !v)
		return rc;
	s = strtod(v, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == v || *end || s != s || s > 1e7 || s < -1e7) {
		loc = config_key_loc(c, section, key);
		return rt_errf(err, RT_ECONFIG, &loc, "retort.lock_timeout "
			       "must be a number of seconds, not '%s'", v);
	}
	*out = s < 0 ? -1 : (long)(s * 1000);
	return 0;
}

/* A whole number of seconds for a connection timeout, 0 to 2147483. */
static bool parse_secs(int *out, const char *v)
{
	char *end;
	long n;

	while (isspace((unsigned char)*v))
		v++;
	errno = 0;
	n = strtol(v, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (!isdigit((unsigned char)*v) || *end || errno || n > 2147483)
		return false;
	*out = (int)n;
	return true;
}

/*
 * A connection timeout: the environment variable env_name (value env),
 * else the ini key, else dflt.  *name gets the one used.
 */
static int get_secs(int *out, const char **name, const struct config *c,
		    const char *section, const char *key, const char *env,
		    const char *env_name, int dflt, struct rt_err *err)
{
	struct rt_loc loc;
	const char *v;
	int rc;

	*out = dflt;
	*name = key;
	if (env && *env) {
		*name = env_name;
		if (!parse_secs(out, env))
			return rt_errf(err, RT_ECONFIG, NULL, "%s must be a "
				       "whole number of seconds (0: no limit)"
				       ", not '%s'", env_name, env);
		return 0;
	}
	if ((rc = get_opt(&v, c, section, key, err)) < 0 || !v)
		return rc;
	if (parse_secs(out, v))
		return 0;
	loc = config_key_loc(c, section, key);
	return rt_errf(err, RT_ECONFIG, &loc, "%s must be a whole number of "
		       "seconds (0: no limit), not '%s'", key, v);
}

static int get_alembic(int *out, const struct config *c,
		       const char *section, const char *env,
		       struct rt_err *err)
{
	const char *key = "retort.alembic_version", *v = env;
	struct rt_loc loc;
	int rc;

	*out = ALEMBIC_V_NEWEST;
	if (v && *v) {
		if (alembic_version_parse(v, out) < 0)
			return rt_errf(err, RT_ECONFIG, NULL,
				       "RETORT_ALEMBIC_VERSION must be one "
				       "of " ALEMBIC_V_ACCEPTED ", not '%s'",
				       v);
		return 0;
	}
	if ((rc = get_opt(&v, c, section, key, err)) < 0 || !v)
		return rc;
	if (alembic_version_parse(v, out) < 0) {
		loc = config_key_loc(c, section, key);
		return rt_errf(err, RT_ECONFIG, &loc, "retort.alembic_version "
			       "must be one of " ALEMBIC_V_ACCEPTED
			       ", not '%s'", v);
	}
	return 0;
}

static int get_fault(long *out, const char *fault, struct rt_err *err)
{
	char *end;
	long n;

	*out = 0;
	if (!fault || !*fault)
		return 0;
	if (strncmp(fault, "exec:", 5))
		goto bad;
	errno = 0;
	n = strtol(fault + 5, &end, 10);
	if (end == fault + 5 || *end || errno || n < 1)
		goto bad;
	*out = n;
	return 0;
bad:
	return rt_errf(err, RT_ECONFIG, NULL, "RETORT_FAULT must be exec:N "
		       "with N >= 1, not '%s'", fault);
}

static int get_table(struct verstable *vt, const struct config *c,
		     const char *section, struct rt_arena *a,
		     struct rt_err *err)
{
	struct rt_loc loc;
	const char *v;
	int rc;

	vt->name = VERSTABLE_DEFAULT_NAME;
	vt->schema = NULL;
	if ((rc = get_opt(&v, c, section, "version_table", err)) < 0)
		return rc;
	if (v && !*v) {
		loc = config_key_loc(c, section, "version_table");
		return rt_errf(err, RT_ECONFIG, &loc,
			       "version_table must not be empty");
	}
	if (v)
		vt->name = v;
	if ((rc = get_opt(&v, c, section, "version_table_schema", err)) < 0)
		return rc;
	vt->schema = v && *v ? v : NULL;
	return get_bool(&vt->pk, c, section, "version_table_pk", true, a,
			err);
}

int runopts_load(struct runopts *out, struct rt_arena *a,
		 const struct config *c, const char *section,
		 const struct runopts_env *env, struct rt_err *err)
{
	const char *ini = NULL;
	struct rt_loc loc = RT_LOC_NONE;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = get_opt(&ini, c, section, "sqlalchemy.url", err)) < 0 ||
	    (rc = url_pick(&out->url_text, &out->url_src, env->url_option,
			   env->url_env, ini, err)) < 0)
		return rc;
	if (out->url_src == URL_SRC_INI)
		loc = config_key_loc(c, section, "sqlalchemy.url");
	if ((rc = url_parse(&out->url, a, out->url_text,
			    loc.file ? &loc : NULL, err)) < 0 ||
	    (rc = get_table(&out->vt, c, section, a, err)) < 0 ||
	    (rc = get_bool(&out->transaction_per_migration, c, section,
			   "transaction_per_migration", false, a, err)) < 0 ||
	    (rc = get_timeout(&out->lock_timeout_ms, c, section, err)) < 0 ||
	    (rc = get_secs(&out->connect_timeout_s,
			   &out->connect_timeout_name, c, section,
			   "retort.connect_timeout", env->connect_timeout,
			   "RETORT_CONNECT_TIMEOUT",
			   RUNOPTS_CONNECT_TIMEOUT_S, err)) < 0 ||
	    (rc = get_secs(&out->read_timeout_s, &out->read_timeout_name, c,
			   section, "retort.read_timeout", env->read_timeout,
			   "RETORT_READ_TIMEOUT", RUNOPTS_READ_TIMEOUT_S,
			   err)) < 0 ||
	    (rc = get_fault(&out->fail_exec_at, env->fault, err)) < 0 ||
	    (rc = get_alembic(&out->alembic, c, section,
			      env->alembic_version, err)) < 0)
		return rc;
	out->vt.alembic = out->alembic;
	if (config_get_raw(c, section, "transactional_ddl")) {
		out->has_transactional_ddl = true;
		rc = get_bool(&out->transactional_ddl, c, section,
			      "transactional_ddl", false, a, err);
	}
	return rc;
}

static void add_safe(struct rt_buf *b, const char *s)
{
	for (; s && *s; s++)
		rt_buf_addch(b, isalnum((unsigned char)*s) ||
			     strchr("_.:-", *s) ? *s : '_');
}

const char *runopts_lock_name(const struct runopts *o, struct rt_arena *a)
{
	struct rt_buf b = RT_BUF_INIT;
	char *name;

	rt_buf_adds(&b, "retort.");
	add_safe(&b, o->url && o->url->database ? o->url->database : "");
	rt_buf_addch(&b, '.');
	if (o->vt.schema) {
		add_safe(&b, o->vt.schema);
		rt_buf_addch(&b, '.');
	}
	add_safe(&b, o->vt.name);
	if (b.len > 64)
		rt_buf_setlen(&b, 64);
	name = arena_strdup(a, b.buf);
	rt_buf_release(&b);
	return name;
}
