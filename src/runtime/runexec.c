/*
 * runexec.c: the steps of an online run (spec rules 7.10, 7.11, 9.10,
 * 11.2-11.6): body statements, autocommit blocks, version-table row
 * operations, per-step transactions, timings.
 */
#include "runner.h"

#include "ddl/render.h"
#include "drivers/driver.h"
#include "offline.h"
#include "batch_reflect.h"
#include "ddl/render_batch.h"
#include "revision/revplan.h"
#include "revscript.h"
#include "runopts.h"
#include "sql/sqlbind.h"

/* Longest SQL text quoted in an error message. */
#define SQL_QUOTE_MAX 300

/* One step being run: what error messages name. */
struct stepctx {
	struct runner *r;
	const struct revstep *st;
	const char *name;		/* revstep_text() */
};

static void log_msg(struct runner *r, const char *line)
{
	if (r->io.log)
		r->io.log(line, r->io.payload);
}

/* "<what>: <server message>\n[SQL: <sql>]" with the driver's state. */
static int db_fail(struct stepctx *c, const struct rt_loc *loc,
		   const char *what, const char *sql, const struct rt_err *db,
		   struct rt_err *err)
{
	size_t n = strlen(sql);
	int rc;

	if (db->code != RT_EDB)
		return rt_errf(err, db->code, loc, "%s %s: %s", c->name, what,
			       db->msg);
	rc = rt_errf(err, RT_EDB, loc, "%s %s: %s\n[SQL: %.*s%s]", c->name,
		     what, db->msg, (int)(n > SQL_QUOTE_MAX ? SQL_QUOTE_MAX :
					  n), sql, n > SQL_QUOTE_MAX ? "..." :
		     "");
	if (err && err->code == RT_EDB && !err->sqlstate[0])
		memcpy(err->sqlstate, db->sqlstate, sizeof(err->sqlstate));
	return rc;
}

/* A transaction change during a step (commit/begin around autocommit
 * statements, the step's own). */
static int txn(struct stepctx *c, int (*fn)(struct rt_conn *,
					    struct rt_err *),
	       const char *sql, struct rt_err *err)
{
	struct rt_err db = RT_ERR_INIT;

	if (fn(c->r->conn, &db) < 0)
		return db_fail(c, NULL, "failed", sql, &db, err);
	return 0;
}

/* The statements of a batch_alter_table() block, rendered now: SQLite's
 * move and copy needs the live table (batch_reflect.h).  When the copy fails,
 * Alembic drops the new table before it raises. */
static int run_batch(struct stepctx *c, const struct rev_stmt *s,
		     struct rt_err *err)
{
	struct runner *r = c->r;
	struct ops_op *op = (struct ops_op *)s->batch;
	struct render_session rs;
	struct render_list out = { NULL, 0, 0 };
	struct batch_result res;
	struct ops_table *live = NULL;
	size_t i;
	int rc = 0;

	render_session_init(&rs, r->arena, r->dialect, false);
	rs.alembic = r->opts->alembic;
	if (batch_needs_recreate(op, op->u.batch.n, r->dialect) &&
	    !op->u.batch.copy_from)
		rc = batch_reflect(&live, r->conn, r->arena, op->table,
				   op->schema, &op->loc, err);
	if (rc == 0)
		rc = batch_render(&out, &rs, op, live, &res, err);
	for (i = 0; rc == 0 && i < out.n; i++) {
		struct rt_err db = RT_ERR_INIT;

		if (conn_exec(r->conn, out.v[i].sql, &db) == 0)
			continue;
		if (res.cleanup && i >= res.copy_first && i < res.copy_end) {
			struct rt_err ignore = RT_ERR_INIT;

			conn_exec(r->conn, res.cleanup, &ignore);
		}
		rc = db_fail(c, &out.v[i].loc, "failed", out.v[i].sql, &db,
			     err);
	}
	render_session_release(&rs);
	return rc;
}

static int run_stmt(struct stepctx *c, const struct rev_stmt *s,
		    struct rt_err *err)
{
	struct rt_err db = RT_ERR_INIT;
	const char *sql;

	if (s->batch)
		return run_batch(c, s, err);
	sql = s->is_text ? sqlbind_unescape(c->r->arena, s->sql) : s->sql;
	if (conn_exec(c->r->conn, sql, &db) < 0)
		return db_fail(c, &s->loc, "failed", s->sql, &db, err);
	return 0;
}

/*
 * The body's statements.  A run of autocommit statements is one
 * autocommit_block(): the open transaction (outer or the step's) is
 * committed before and a new one begun after (rule 11.6).
 */
static int run_body(struct stepctx *c, const struct rev_body *b,
		    struct rt_err *err)
{
	struct rt_conn *conn = c->r->conn;
	bool reopen = false;
	size_t i;
	int rc;

	for (i = 0; i < b->n; i++) {
		const struct rev_stmt *s = &b->stmts[i];

		if (s->autocommit && conn->in_txn) {
			if ((rc = txn(c, conn_commit, "COMMIT", err)) < 0)
				return rc;
			reopen = true;
		} else if (!s->autocommit && reopen) {
			if ((rc = txn(c, conn_begin, "BEGIN", err)) < 0)
				return rc;
			reopen = false;
		}
		if ((rc = run_stmt(c, s, err)) < 0)
			return rc;
	}
	if (reopen && (rc = txn(c, conn_begin, "BEGIN", err)) < 0)
		return rc;
	return b->irreversible ? rev_body_fail(b, err) : 0;
}

/* Rule 7.11: an UPDATE/DELETE of the version table hits one row. */
static int check_count(struct stepctx *c, const struct rowop *op,
		       struct rt_err *err)
{
	const char *t = c->r->opts->vt.name;
	long n;

	if (op->kind == ROWOP_INSERT ||
	    !(conn_caps(c->r->conn) & RT_DRV_ROWCOUNT))
		return 0;
	n = conn_affected(c->r->conn);
	if (n == 1)
		return 0;
	if (op->kind == ROWOP_UPDATE)
		return rt_errf(err, RT_ECOMMAND, NULL, "Online migration "
			       "expected to match one row when updating '%s' "
			       "to '%s' in '%s'; %ld found", op->id, op->to,
			       t, n);
	return rt_errf(err, RT_ECOMMAND, NULL, "Online migration expected "
		       "to match one row when deleting '%s' in '%s'; %ld "
		       "found", op->id, t, n);
}

static int run_rowops(struct stepctx *c, struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_err db = RT_ERR_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < c->st->nops && rc >= 0; i++) {
		rt_buf_reset(&b);
		rc = verstable_rowop(&b, c->r->dialect, &c->r->opts->vt,
				     &c->st->ops[i], err);
		if (rc < 0)
			break;
		if ((rc = conn_exec(c->r->conn, b.buf, &db)) < 0)
			rc = db_fail(c, NULL, "failed to update the version "
				     "table", b.buf, &db, err);
		else
			rc = check_count(c, &c->st->ops[i], err);
	}
	rt_buf_release(&b);
	return rc;
}

static int run_step(struct stepctx *c, const struct rev_body *body,
		    const struct rt_err *crash, struct rt_err *err)
{
	struct runner *r = c->r;
	const char *doc = c->st->rev ? c->st->rev->file->doc : NULL;
	long t0;
	int rc;

	if (!r->outer && (rc = txn(c, conn_begin, "BEGIN", err)) < 0)
		return rc;
	/* Logged before the statements run (rule 11.3). */
	if (c->st->kind != REVSTEP_STAMP && doc && *doc)
		log_msg(r, arena_printf(r->arena, "%sRunning %s, %s",
					OFFLINE_LOG_PREFIX, c->name, doc));
	else
		log_msg(r, arena_printf(r->arena, "%sRunning %s",
					OFFLINE_LOG_PREFIX, c->name));
	t0 = driver_now_ms();
	if (body && (rc = run_body(c, body, err)) < 0)
		return rc;
	if (crash) {
		*err = *crash;
		return crash->code;
	}
	if ((rc = run_rowops(c, err)) < 0)
		return rc;
	if (!r->outer && (rc = txn(c, conn_commit, "COMMIT", err)) < 0)
		return rc;
	log_msg(r, arena_printf(r->arena, "%sFinished in %.3f s",
				RUNNER_LOG_PREFIX,
				(double)(driver_now_ms() - t0) / 1000.0));
	return 0;
}

int runner_execute(struct runner *r, const struct revplan *plan,
		   const struct rev_body *const *bodies,
		   const struct rt_err *plan_err, struct rt_err *err)
{
	struct rt_buf name = RT_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < plan->nsteps && rc >= 0; i++) {
		struct stepctx c = { r, &plan->steps[i], NULL };
		bool last = i + 1 == plan->nsteps;

		rt_buf_reset(&name);
		revstep_text(&name, c.st);
		c.name = name.buf;
		rc = run_step(&c, bodies ? bodies[i] : NULL,
			      last && plan->last_step_crashes ? plan_err :
			      NULL, err);
	}
	rt_buf_release(&name);
	if (rc < 0 && r->conn->in_txn) {
		struct rt_err ignore = RT_ERR_INIT;

		conn_rollback(r->conn, &ignore);
	}
	return rc;
}
