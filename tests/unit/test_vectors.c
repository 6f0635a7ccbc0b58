/*
 * test_vectors.c: the revision map and plans against vectors produced by
 * Alembic itself (spec Appendix D): structure, history order, plans, row
 * operations, rows.  fixtures/spec/alembic-vectors.jsonl (9,764 cases,
 * Alembic 1.8.1) and fixtures/spec/alembic-vectors-depmerge.jsonl
 * (merges with depends_on, issue 17; written by genvectors.py next to
 * it), whose cases also carry what the modern Alembic (1.13.2) does where
 * that differs (`modern`, rule 7.8), checked against retort's default.
 */
#include "unit.h"

#include "json.h"
#include "revision/revplan.h"

#include "base/buf.h"

struct vstats {
	size_t graphs, cases, failures, printed;
	size_t new_unmerge_diffs;	/* cases where 1.13.1+ rows differ */
};

static void vfail(struct vstats *st, size_t g, const char *what,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* One CUnit failure per mismatch, naming the graph and case. */
static void vfail(struct vstats *st, size_t g, const char *what,
		  const char *fmt, ...)
{
	char msg[4096];
	int off;
	va_list ap;

	off = snprintf(msg, sizeof(msg), "graph %zu, %s: ", g, what);
	va_start(ap, fmt);
	vsnprintf(msg + off, sizeof(msg) - (size_t)off, fmt, ap);
	va_end(ap);
	st->failures++;
	if (st->printed++ < 40)
		fprintf(stderr, "MISMATCH %s\n", msg);
	CU_assertImplementation(CU_FALSE, __LINE__, msg, __FILE__, "",
				CU_FALSE);
}

/* A header value: string (one), list, or null/"" (none). */
static void strs(struct rt_arena *a, const struct json *v, const char ***out,
		 size_t *n)
{
	*n = 0;
	*out = arena_alloc(a, ((v && v->type == JSON_ARRAY ? v->n : 1) + 1) *
			   sizeof(char *));
	if (!v || v->type == JSON_NULL)
		return;
	if (v->type == JSON_STRING) {
		if (*v->str)
			(*out)[(*n)++] = arena_strdup(a, v->str);
		return;
	}
	for (size_t i = 0; i < v->n; i++)
		(*out)[(*n)++] = arena_strdup(a, v->items[i]->str);
}

static struct rev_file *load_files(struct rt_arena *a, const struct json *lo)
{
	struct rev_file *f = arena_alloc(a, (lo->n + 1) * sizeof(*f));

	for (size_t i = 0; i < lo->n; i++) {
		const struct json *r = lo->items[i];

		f[i].id = arena_strdup(a, json_get(r, "revision")->str);
		strs(a, json_get(r, "down_revision"), &f[i].down, &f[i].ndown);
		strs(a, json_get(r, "depends_on"), &f[i].deps, &f[i].ndeps);
		strs(a, json_get(r, "branch_labels"), &f[i].labels,
		     &f[i].nlabels);
		f[i].path = arena_printf(a, "/v/%s.py", f[i].id);
		f[i].name = f[i].path + 3;
		f[i].doc = f[i].longdoc = "";
	}
	return f;
}

static void join_json(struct rt_buf *b, const struct json *v)
{
	for (size_t i = 0; v && i < v->n; i++)
		rt_buf_addf(b, "%s%s", i ? " " : "", v->items[i]->str);
}

static void join_revs(struct rt_buf *b, struct revision **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rt_buf_addf(b, "%s%s", i ? " " : "", v[i]->id);
}

static void check_list(struct vstats *st, size_t g, const char *what,
		       const struct json *want, struct revision **v, size_t n)
{
	struct rt_buf w = RT_BUF_INIT, got = RT_BUF_INIT;

	join_json(&w, want);
	join_revs(&got, v, n);
	if (strcmp(w.buf, got.buf))
		vfail(st, g, what, "want [%s] got [%s]", w.buf, got.buf);
	rt_buf_release(&w);
	rt_buf_release(&got);
}

static void check_labels(struct vstats *st, size_t g, struct revmap *m,
			 const struct json *want)
{
	struct rt_buf w = RT_BUF_INIT, got = RT_BUF_INIT;

	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];
		const struct json *l = json_get(want, r->id);

		if (l) {
			rt_buf_addf(&w, "%s:", r->id);
			join_json(&w, l);
			rt_buf_addch(&w, ';');
		}
		if (r->nlabels) {
			rt_buf_addf(&got, "%s:", r->id);
			for (size_t j = 0; j < r->nlabels; j++)
				rt_buf_addf(&got, "%s%s", j ? " " : "",
					    r->labels[j]);
			rt_buf_addch(&got, ';');
		}
	}
	if (strcmp(w.buf, got.buf))
		vfail(st, g, "effective_labels", "want %s got %s", w.buf,
		      got.buf);
	rt_buf_release(&w);
	rt_buf_release(&got);
}

static void step_text(struct rt_buf *b, const struct revstep *s)
{
	if (s->kind == REVSTEP_UPGRADE) {
		rt_buf_addf(b, "+%s", s->rev->id);
	} else if (s->kind == REVSTEP_DOWNGRADE) {
		rt_buf_addf(b, "-%s", s->rev->id);
	} else {
		rt_buf_adds(b, "stamp ");
		for (size_t i = 0; i < s->nfrom; i++)
			rt_buf_addf(b, "%s%s", i ? "," : "", s->from[i]);
		rt_buf_addf(b, " -> %s", s->to ? s->to : "");
	}
}

static void ops_text(struct rt_buf *b, const struct revstep *s)
{
	for (size_t i = 0; i < s->nops; i++) {
		const struct rowop *o = &s->ops[i];

		if (o->kind == ROWOP_UPDATE)
			rt_buf_addf(b, "[U %s %s]", o->id, o->to);
		else
			rt_buf_addf(b, "[%c %s]",
				    o->kind == ROWOP_INSERT ? 'I' : 'D', o->id);
	}
}

static void want_ops(struct rt_buf *b, const struct json *sql)
{
	for (size_t i = 0; i < sql->n; i++) {
		const struct json *o = sql->items[i];

		rt_buf_addch(b, '[');
		for (size_t j = 0; j < o->n; j++)
			rt_buf_addf(b, "%s%s", j ? " " : "", o->items[j]->str);
		rt_buf_addch(b, ']');
	}
}

/* The CLI text for a vector's internal error (rules 5.2, 5.6, 9.13). */
static char *cli_text(const char *cmd, const char *target, const char *type,
		      const char *msg)
{
	struct rt_buf b = RT_BUF_INIT;

	if (!strcmp(type, "RangeNotAncestorError"))
		rt_buf_addf(&b, "Destination %s is not a valid %s target from "
			    "current head(s)", target, cmd);
	else if (!strcmp(type, "MultipleHeads") && !strcmp(cmd, "stamp"))
		rt_buf_adds(&b, "Multiple heads are present; please specify "
			    "a single target revision");
	else if (!strcmp(type, "MultipleHeads"))
		rt_buf_addf(&b, "Multiple head revisions are present for given "
			    "argument '%s'; please specify a specific target "
			    "revision, '<branchname>@%s' to narrow to a "
			    "specific head, or 'heads' for all heads", target,
			    target);
	else
		rt_buf_adds(&b, msg);
	return rt_buf_detach(&b, NULL);
}

struct vcase {
	size_t g, k;
	const char *cmd;
	const char *target;		/* upgrade/downgrade; stamp: first */
	const char **targets;
	size_t ntargets;
	const char **rows;
	size_t nrows;
};

static int run_case(struct revplan **p, struct revmap *m,
		    const struct vcase *c, unsigned flags, struct rt_err *err)
{
	if (!strcmp(c->cmd, "upgrade"))
		return revplan_upgrade(p, m, c->target, c->rows, c->nrows,
				       flags, err);
	if (!strcmp(c->cmd, "downgrade"))
		return revplan_downgrade(p, m, c->target, c->rows, c->nrows,
					 flags, err);
	return revplan_stamp(p, m, c->targets, c->ntargets, c->rows, c->nrows,
			     flags, err);
}

/*
 * Which revisions an overlap error names is set order (spec rule 6.2,
 * Appendix A.5): such a message compares as its shape only.
 */
static bool same_error(const char *want, const char *got)
{
	static const char pre[] = "Requested revision ";
	static const char mid[] = " overlaps with other requested revisions ";

	if (!strncmp(want, pre, sizeof(pre) - 1) && strstr(want, mid))
		return !strncmp(got, pre, sizeof(pre) - 1) &&
			strstr(got, mid) != NULL;
	return !strcmp(want, got);
}

static void check_error(struct vstats *st, const struct vcase *c,
			struct revmap *m, int rc, const struct rt_err *err,
			const struct json *cs)
{
	const char *type = json_get(cs, "error_type")->str;
	const char *msg = json_get(cs, "error")->str;
	char what[64];
	char *cli;

	snprintf(what, sizeof(what), "case %zu (%s %s)", c->k, c->cmd,
		 c->target);
	if (rc >= 0) {
		vfail(st, c->g, what, "want error %s: %s, got success", type,
		      msg);
		return;
	}
	if (!m->detail_type || strcmp(m->detail_type, type)) {
		vfail(st, c->g, what, "want %s, got %s: %s", type,
		      m->detail_type ? m->detail_type : "(none)", err->msg);
		return;
	}
	if (!strcmp(type, "KeyError")) {
		if (rc != RT_ERROR)
			vfail(st, c->g, what, "crash must be RT_ERROR, got %d",
			      rc);
		return;
	}
	if (!same_error(msg, m->detail))
		vfail(st, c->g, what, "want detail '%s' got '%s'", msg,
		      m->detail);
	cli = cli_text(c->cmd, c->target, type, msg);
	if (!same_error(cli, err->msg))
		vfail(st, c->g, what, "want CLI '%s' got '%s'", cli, err->msg);
	free(cli);
}

/* want: {steps, final_rows}; who: the Alembic version it came from. */
static void check_steps(struct vstats *st, const struct vcase *c,
			const struct revplan *p, const struct json *want,
			const char *who)
{
	const struct json *steps = json_get(want, "steps");
	const struct json *fin = json_get(want, "final_rows");
	struct rt_buf w = RT_BUF_INIT, got = RT_BUF_INIT;
	char what[96];

	snprintf(what, sizeof(what), "case %zu (%s %s, %s)", c->k, c->cmd,
		 c->target, who);
	for (size_t i = 0; i < steps->n; i++) {
		const struct json *s = steps->items[i];
		const struct json *u = json_get(s, "row_choice_unspecified");

		rt_buf_addf(&w, "%s ", json_get(s, "step")->str);
		if (!u || !u->b)
			want_ops(&w, json_get(s, "sql"));
		rt_buf_adds(&w, "; ");
		if (i < p->nsteps) {
			step_text(&got, &p->steps[i]);
			rt_buf_addch(&got, ' ');
			if (!u || !u->b)
				ops_text(&got, &p->steps[i]);
			rt_buf_adds(&got, "; ");
		}
	}
	for (size_t i = steps->n; i < p->nsteps; i++) {
		step_text(&got, &p->steps[i]);
		rt_buf_adds(&got, " (extra); ");
	}
	rt_buf_adds(&w, "rows:");
	rt_buf_adds(&got, "rows:");
	for (size_t i = 0; i < fin->n; i++)
		rt_buf_addf(&w, " %s", fin->items[i]->str);
	for (size_t i = 0; i < p->nfinal_rows; i++)
		rt_buf_addf(&got, " %s", p->final_rows[i]);
	if (strcmp(w.buf, got.buf))
		vfail(st, c->g, what, "rows %s\n  want %s\n  got  %s",
		      c->nrows ? c->rows[0] : "", w.buf, got.buf);
	rt_buf_release(&w);
	rt_buf_release(&got);
}

/* The 1.13.1+ default must differ from 1.8.1 only in unmerge rows. */
static void check_new_unmerge(struct vstats *st, const struct vcase *c,
			      struct revmap *m, const struct revplan *old)
{
	struct rt_err err = RT_ERR_INIT;
	struct revplan *p;
	bool differ = false;

	if (run_case(&p, m, c, 0, &err) < 0) {
		vfail(st, c->g, "1.13.1 unmerge", "case %zu fails: %s", c->k,
		      err.msg);
		return;
	}
	if (p->nsteps != old->nsteps) {
		vfail(st, c->g, "1.13.1 unmerge", "case %zu step count", c->k);
		return;
	}
	for (size_t i = 0; i < p->nsteps; i++)
		differ = differ || p->steps[i].rev != old->steps[i].rev;
	if (differ)
		vfail(st, c->g, "1.13.1 unmerge", "case %zu steps differ",
		      c->k);
	differ = p->nfinal_rows != old->nfinal_rows;
	for (size_t i = 0; !differ && i < p->nfinal_rows; i++)
		differ = strcmp(p->final_rows[i], old->final_rows[i]);
	if (!differ)
		return;
	/* rule 7.8: 1.13.1+ leaves the old rows minus those implied by
	 * another row (1.8.1's contradictory rows) */
	st->new_unmerge_diffs++;
	{
		struct rt_buf w = RT_BUF_INIT, got = RT_BUF_INIT;

		for (size_t i = 0; i < old->nfinal_rows; i++) {
			struct revision *a = revmap_lookup(m,
							   old->final_rows[i]);
			bool implied = false;

			for (size_t j = 0; j < old->nfinal_rows; j++)
				implied = implied || (i != j &&
					revmap_is_ancestor(m, a, revmap_lookup(
						m, old->final_rows[j])));
			if (!implied)
				rt_buf_addf(&w, " %s", a->id);
		}
		for (size_t i = 0; i < p->nfinal_rows; i++)
			rt_buf_addf(&got, " %s", p->final_rows[i]);
		if (strcmp(w.buf, got.buf))
			vfail(st, c->g, "1.13.1 unmerge", "case %zu rows want"
			      "%s got%s", c->k, w.buf, got.buf);
		rt_buf_release(&w);
		rt_buf_release(&got);
	}
}

/* The default (1.13.1+ rows) against the modern Alembic's results. */
static void check_modern(struct vstats *st, const struct vcase *c,
			 struct revmap *m, const struct json *cs)
{
	const struct json *mod = json_get(cs, "modern");
	struct rt_err err = RT_ERR_INIT;
	struct revplan *p;

	if (run_case(&p, m, c, 0, &err) < 0) {
		vfail(st, c->g, "case", "%zu (%s %s, modern): unexpected "
		      "error %s", c->k, c->cmd, c->target, err.msg);
		rt_err_clear(&err);
		return;
	}
	if (mod)
		st->new_unmerge_diffs++;
	check_steps(st, c, p, mod ? mod : cs, "modern");
}

/* modern: the file has the modern Alembic's results (see check_modern). */
static void run_graph(struct vstats *st, size_t g, const struct json *j,
		      bool modern)
{
	struct rt_arena *a = arena_new();
	const struct json *lo = json_get(j, "load_order");
	const struct json *cases = json_get(j, "cases");
	struct rev_file *files = load_files(a, lo);
	struct rt_err err = RT_ERR_INIT;
	struct revision **hist;
	struct revmap *m;
	size_t nhist;

	st->graphs++;
	if (revmap_build(&m, a, files, lo->n, &err) < 0) {
		vfail(st, g, "build", "%s", err.msg);
		arena_free(a);
		return;
	}
	check_list(st, g, "versioned_heads", json_get(j, "versioned_heads"),
		   m->heads, m->nheads);
	check_list(st, g, "real_heads", json_get(j, "real_heads"),
		   m->real_heads, m->nreal_heads);
	check_list(st, g, "bases", json_get(j, "bases"), m->bases, m->nbases);
	check_labels(st, g, m, json_get(j, "effective_labels"));
	if (revplan_history(&hist, &nhist, m, NULL, NULL, 0, &err) < 0)
		vfail(st, g, "history", "%s", err.msg);
	else
		check_list(st, g, "history", json_get(j, "history"), hist,
			   nhist);
	for (size_t k = 0; k < cases->n; k++) {
		const struct json *cs = cases->items[k];
		const struct json *t = json_get(cs, "target");
		struct vcase c = { g, k, json_get(cs, "cmd")->str, NULL,
				   NULL, 0, NULL, 0 };
		struct revplan *p = NULL;
		int rc;

		rt_err_clear(&err);
		st->cases++;
		strs(a, json_get(cs, "rows"), &c.rows, &c.nrows);
		strs(a, t, &c.targets, &c.ntargets);
		c.target = t->type == JSON_STRING ? t->str :
			(c.ntargets ? c.targets[0] : "");
		rc = run_case(&p, m, &c, REVPLAN_LEGACY_UNMERGE, &err);
		if (json_get(cs, "error")) {
			check_error(st, &c, m, rc, &err, cs);
			if (modern) {	/* the same error in both versions */
				rt_err_clear(&err);
				rc = run_case(&p, m, &c, 0, &err);
				check_error(st, &c, m, rc, &err, cs);
			}
		} else if (rc < 0) {
			vfail(st, g, "case", "%zu (%s %s): unexpected error %s",
			      k, c.cmd, c.target, err.msg);
		} else {
			check_steps(st, &c, p, cs, "1.8.1");
			if (modern)
				check_modern(st, &c, m, cs);
			else
				check_new_unmerge(st, &c, m, p);
		}
	}
	revmap_free(m);
	arena_free(a);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct rt_buf b = RT_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	fclose(f);
	return rt_buf_detach(&b, NULL);
}

/* One vectors file: every graph, then the expected totals. */
static void run_file(const char *path, bool modern, size_t graphs,
		     size_t cases)
{
	char *text = slurp(path);
	struct vstats st = { 0 };
	char *line, *next;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (line = text; line && *line; line = next) {
		struct json *j;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line)
			continue;
		j = json_parse(line);
		CU_ASSERT_PTR_NOT_NULL(j);
		if (j)
			run_graph(&st, st.graphs, j, modern);
		json_free(j);
	}
	fprintf(stderr, "%s: %zu graphs, %zu cases, %zu mismatches; "
		"1.13.1+ unmerge changes the rows of %zu cases\n",
		strrchr(path, '/') + 1, st.graphs, st.cases, st.failures,
		st.new_unmerge_diffs);
	CU_ASSERT_EQUAL(st.graphs, graphs);
	CU_ASSERT_EQUAL(st.cases, cases);
	CU_ASSERT_EQUAL(st.failures, 0);
	free(text);
}

static void test_vectors_all(void)
{
	run_file(UNIT_SRC("fixtures/spec/alembic-vectors.jsonl"), false, 80,
		 9764);
}

/* Issue 17: merges with depends_on, 1.8.1 and 1.13.2 (genvectors.py). */
enum { DEPMERGE_GRAPHS = 24, DEPMERGE_CASES = 4126 };

static void test_vectors_depmerge(void)
{
	run_file(UNIT_SRC("fixtures/spec/alembic-vectors-depmerge.jsonl"),
		 true, DEPMERGE_GRAPHS, DEPMERGE_CASES);
}

void unit_register(void)
{
	UNIT_SUITE("vectors", UNIT_TEST(test_vectors_all),
		   UNIT_TEST(test_vectors_depmerge));
}
