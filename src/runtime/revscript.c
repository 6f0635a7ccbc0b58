/*
 * revscript.c: turns a revision file into the SQL statements of its
 * upgrade and downgrade: .py bodies interpreted (pyinterp.h) and rendered
 * for the run's dialect (render.h), .sql sections split (sqlsplit.h).
 */
#include "revscript.h"
#include "base/srcmap.h"

#include <ctype.h>
#include <strings.h>

#include "python/pyinterp.h"
#include "ddl/render.h"
#include "script/revread.h"
#include "yaml/yamlrev.h"

/* Alembic's module name for the file: re.sub(r"\W", "_", filename). */
static const char *module_name(struct rt_arena *a, const char *name)
{
	char *mod = arena_strdup(a, name), *p;

	for (p = mod; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' ||
		      (unsigned char)*p >= 0x80))
			*p = '_';
	return mod;
}

/* Online, where the dialect may move and copy (SQLite),
 * batch_alter_table() is rendered when the step runs, from the live
 * table (issue 4 item 5). */
static bool batch_at_run(const struct ops_op *op,
			 const struct revscript_opts *o)
{
	return op->kind == OPS_BATCH && o->online &&
	       o->render->dialect->requires_recreate_in_batch;
}

/* A statement the runner renders (render_list arrays live in the
 * session's arena, like render_op() grows them). */
static void add_batch(struct render_list *l, struct rt_arena *a,
		      const struct ops_op *op)
{
	if (l->n == l->alloc) {
		struct rev_stmt *nv;

		l->alloc = l->alloc ? 2 * l->alloc : 8;
		nv = arena_alloc(a, l->alloc * sizeof(*nv));
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
	}
	l->v[l->n++] = (struct rev_stmt){ .loc = op->loc, .batch = op };
}

static int render_body(struct rev_body *out, const struct pyinterp_body *b,
		       const struct revscript_opts *o, struct rt_err *err)
{
	struct render_list l = { NULL, 0, 0 };
	size_t i, first;
	int rc = 0;

	for (i = 0; i < b->ops.n; i++) {
		struct ops_op *op = b->ops.v[i];

		first = l.n;
		if (batch_at_run(op, o))
			add_batch(&l, o->render->arena, op);
		else
			rc = render_op(&l, o->render, op, err);
		for (; first < l.n; first++)
			l.v[first].autocommit = b->autocommit[i];
		if (rc < 0)
			break;
	}
	out->n = l.n;
	out->stmts = l.v;
	if (rc < 0 && !err)
		return rc;
	if (rc < 0) {
		/* Alembic fails when it gets to the op: defer the error */
		struct rt_err *fail = arena_memdup(o->render->arena, err,
						   sizeof(*err));

		out->irreversible = true;
		out->fail = fail;
		out->raise_loc = fail->loc;
		out->raise_exc = "Exception";
		out->raise_msg = fail->msg;
		rt_err_clear(err);
		return 0;
	}
	out->irreversible = b->irreversible;
	out->raise_loc = b->raise_loc;
	out->raise_exc = b->raise_exc;
	out->raise_msg = b->raise_msg;
	return 0;
}

static int load_py(struct rev_script *out, struct rt_arena *a,
		   const struct rev_file *f, const struct revscript_opts *o,
		   struct rt_err *err)
{
	struct pyinterp_body up, down;
	struct pyinterp_opts po;
	struct py_module m;
	int rc;

	rc = pyparse_module(&m, a, f->path, f->src, f->srclen, err);
	if (rc < 0)
		return rc;
	po.dialect = o->render->dialect->name;
	po.online = o->online;
	po.module = module_name(a, f->name);
	po.alembic = o->render->alembic;
	if ((rc = pyinterp_module(&up, &down, a, &m, f->path, f->src, &po,
				  err)) < 0 ||
	    (rc = render_body(&out->up, &up, o, err)) < 0)
		return rc;
	return render_body(&out->down, &down, o, err);
}

/* ---- .yaml (yamlrev.h): the same ops as data ---- */

static int load_yaml(struct rev_script *out, struct rt_arena *a,
		     const struct rev_file *f, const struct revscript_opts *o,
		     struct rt_err *err)
{
	struct pyinterp_body up, down;
	bool down_missing;
	int rc;

	memset(&up, 0, sizeof(up));
	memset(&down, 0, sizeof(down));
	rc = yamlrev_load(&up.ops, &down.ops, &down_missing, a, f->path,
			  f->src, f->srclen, err);
	if (rc < 0)
		return rc;
	/* no autocommit blocks in op-scripts: all false */
	up.autocommit = arena_alloc(a, (up.ops.n + 1) * sizeof(bool));
	down.autocommit = arena_alloc(a, (down.ops.n + 1) * sizeof(bool));
	if (down_missing) {
		down.irreversible = true;
		down.raise_loc = (struct rt_loc){ f->path, 0, 0 };
		down.raise_msg = "no downgrade in this op-script";
	}
	if ((rc = render_body(&out->up, &up, o, err)) < 0)
		return rc;
	return render_body(&out->down, &down, o, err);
}

/* ---- .sql ---- */

/* "-- transaction: none" among the lines before the first section. */
static int sql_transaction(bool *autocommit, const struct rev_file *f,
			   struct rt_err *err)
{
	size_t end = f->srclen, p, e, k, v;
	const char *s = f->src;

	*autocommit = false;
	if (f->sql_up.present && f->sql_up.off < end)
		end = f->sql_up.off;
	if (f->sql_down.present && f->sql_down.off < end)
		end = f->sql_down.off;
	for (p = 0; p < end; p = e + 1) {
		const char *nl = memchr(s + p, '\n', end - p);

		e = nl ? (size_t)(nl - s) : end;
		for (k = p; k < e && isspace((unsigned char)s[k]); k++)
			;
		if (e - k < 2 || s[k] != '-' || s[k + 1] != '-')
			continue;
		for (k += 2; k < e && isblank((unsigned char)s[k]); k++)
			;
		if (e - k < 11 || strncasecmp(s + k, "transaction", 11))
			continue;
		for (v = k + 11; v < e && isblank((unsigned char)s[v]); v++)
			;
		if (v == e || s[v] != ':')
			continue;
		for (v++; v < e && isblank((unsigned char)s[v]); v++)
			;
		for (k = e; k > v && isspace((unsigned char)s[k - 1]); k--)
			;
		if (k - v == 4 && !strncasecmp(s + v, "none", 4)) {
			*autocommit = true;
		} else {
			struct rt_loc loc = rt_loc_at(f->path, s, v);

			return rt_errf(err, RT_ESYNTAX, &loc, "unknown "
				       "transaction mode '%.*s' (expected "
				       "'-- transaction: none')",
				       (int)(k - v), s + v);
		}
	}
	return 0;
}

static int load_section(struct rev_body *b, struct rt_arena *a,
			const struct rev_file *f,
			const struct sqlrev_section *sec, bool autocommit,
			unsigned flags, struct rt_err *err)
{
	struct sqlsplit_stmt *v;
	size_t n, i;
	int rc;

	rc = sqlsplit(&v, &n, a, f->path, f->src, sec->off,
		      sec->off + sec->len, sec->line, 1, flags, err);
	if (rc < 0)
		return rc;
	b->stmts = n ? arena_alloc(a, n * sizeof(*b->stmts)) : NULL;
	b->n = n;
	for (i = 0; i < n; i++)
		b->stmts[i] = (struct rev_stmt){
			.sql = arena_strndup(a, f->src + v[i].off, v[i].len),
			.loc = { f->path, v[i].line, v[i].col },
			.is_text = false,
			.autocommit = autocommit,
		};
	return 0;
}

static int load_sql(struct rev_script *out, struct rt_arena *a,
		    const struct rev_file *f, unsigned flags,
		    struct rt_err *err)
{
	struct rt_loc loc = { f->path, 0, 0 };
	bool autocommit;
	int rc;

	if ((rc = sql_transaction(&autocommit, f, err)) < 0)
		return rc;
	if (!f->sql_up.present)
		return rt_errf(err, RT_ESYNTAX, &loc, "no upgrade section "
			       "(expected a '-- upgrade' line before the "
			       "upgrade SQL)");
	rc = load_section(&out->up, a, f, &f->sql_up, autocommit, flags,
			  err);
	if (rc < 0)
		return rc;
	if (!f->sql_down.present) {
		out->down.irreversible = true;
		out->down.raise_loc = loc;
		out->down.raise_msg = "no downgrade section in this revision "
				      "file";
		return 0;
	}
	return load_section(&out->down, a, f, &f->sql_down, autocommit,
			    flags, err);
}

int revscript_load(struct rev_script *out, struct rt_arena *a,
		   const struct rev_file *f, const struct revscript_opts *o,
		   struct rt_err *err)
{
	struct rt_loc loc = { f->path, 0, 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	/* script_dir_load() keeps headers only: read the body now. */
	if ((rc = rev_file_source(&f, a, f, err)) < 0)
		return rc;
	switch (f->kind) {
	case REV_PY:
		return load_py(out, a, f, o, err);
	case REV_SQL:
		return load_sql(out, a, f, o->split_flags, err);
	case REV_YAML:
		return load_yaml(out, a, f, o, err);
	default:
		return rt_errf(err, RT_ENOTIMPL, &loc, "this kind of revision "
			       "file has no runnable body yet (expected .py "
			       "or .sql)");
	}
}

int rev_body_fail(const struct rev_body *b, struct rt_err *err)
{
	const char *exc = b->raise_exc ? b->raise_exc : "Exception";

	if (b->fail) {		/* an op Alembic fails on */
		if (err && !err->code)
			*err = *b->fail;
		return b->fail->code;
	}
	if (b->raise_msg)
		return rt_errf(err, RT_ERROR, &b->raise_loc, "%s: %s", exc,
			       b->raise_msg);
	return rt_errf(err, RT_ERROR, &b->raise_loc, "%s", exc);
}
