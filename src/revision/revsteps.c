/*
 * revsteps.c: upgrade, downgrade and stamp plans with their version-table
 * row operations (spec §7.B, §7.D): ports of Alembic's HeadMaintainer,
 * RevisionStep, StampStep and ScriptDirectory._stamp_revs, plus the
 * command-line argument checks of command.py (rules 5.12, 5.13).
 */
#include "revplan.h"
#include "revmap_int.h"

#include "base/buf.h"

/*
 * The modelled rows: Alembic's HeadMaintainer.heads (a set).  The array
 * holds the present rows; the map gives each one's position + 1 (0 once
 * removed), so membership, removal and listing are all cheap.
 */
struct rowset {
	struct strmap map;
	const char **v;
	size_t n, alloc;
};

static bool row_has(const struct rowset *h, const char *id)
{
	return strmap_get(&h->map, id) != NULL;
}

static void row_add(struct rowset *h, const char *id)
{
	RT_ALLOC_GROW(h->v, h->n + 1, h->alloc);
	h->v[h->n++] = id;
	strmap_put(&h->map, id, (void *)(uintptr_t)h->n);
}

static void row_del(struct rowset *h, const char *id)
{
	size_t i = (size_t)(uintptr_t)strmap_get(&h->map, id) - 1;

	h->v[i] = h->v[--h->n];
	if (i < h->n)
		strmap_put(&h->map, h->v[i], (void *)(uintptr_t)(i + 1));
	strmap_put(&h->map, id, NULL);
}

struct stepctx {
	struct revmap *m;
	struct rowset h;
	struct revstep *step;
	size_t opsalloc;
	unsigned flags;
};

static void push_op(struct stepctx *c, enum rowop_kind k, const char *id,
		    const char *to)
{
	struct revstep *s = c->step;

	if (s->nops == c->opsalloc) {
		size_t na = c->opsalloc ? c->opsalloc * 2 : 4;
		struct rowop *v = arena_alloc(c->m->arena, na * sizeof(*v));

		if (s->nops)
			memcpy(v, s->ops, s->nops * sizeof(*v));
		s->ops = v;
		c->opsalloc = na;
	}
	s->ops[s->nops++] = (struct rowop){ k, id, to };
}

static int key_error(struct revmap *m, const char *id)
{
	return rx_raise(m, RX_CRASH, "KeyError", NULL, "'%s'", id);
}

static int row_insert(struct stepctx *c, const char *id)
{
	if (row_has(&c->h, id))
		return rx_raise(c->m, RX_CRASH, "AssertionError", NULL, "%s",
				"");
	row_add(&c->h, id);
	push_op(c, ROWOP_INSERT, id, NULL);
	return 0;
}

static int row_delete(struct stepctx *c, const char *id)
{
	if (!row_has(&c->h, id))
		return key_error(c->m, id);
	row_del(&c->h, id);
	push_op(c, ROWOP_DELETE, id, NULL);
	return 0;
}

static int row_update(struct stepctx *c, const char *from, const char *to)
{
	if (row_has(&c->h, to))
		return rx_raise(c->m, RX_CRASH, "AssertionError", NULL, "%s",
				"");
	if (!row_has(&c->h, from))
		return key_error(c->m, from);
	row_del(&c->h, from);
	row_add(&c->h, to);
	push_op(c, ROWOP_UPDATE, from, to);
	return 0;
}

/* The current rows other than skip, as a tuple of strings. */
static struct pyid other_rows(struct stepctx *c, struct revision *const *skip,
			      size_t nskip)
{
	const char **v = arena_alloc(c->m->arena,
				     (c->h.n + 1) * sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < c->h.n; i++) {
		bool skipped = false;

		for (size_t j = 0; j < nskip && !skipped; j++)
			skipped = !strcmp(skip[j]->id, c->h.v[i]);
		if (!skipped)
			v[n++] = c->h.v[i];
	}
	return pyid_tuple(v, n);
}

/*
 * Members of p not in Anc(other rows) (Alembic: a set difference, so the
 * order is unspecified; norm_down order here).  *other tells whether
 * there were other rows at all.
 */
static int not_implied(struct stepctx *c, struct revlist *out,
		       struct revision *const *p, size_t np,
		       const struct pyid *others)
{
	struct revlist revs = { 0 };
	struct revset anc;
	int rc;

	if ((rc = rm_get_revisions(c->m, &revs, others)) < 0 ||
	    (rc = rx_need_revisions(c->m, revs.v, revs.n)) < 0)
		return rc;
	revset_init(&anc, c->m);
	revmap_closure(c->m, &anc, revs.v, revs.n, REL_ANC);
	for (size_t i = 0; i < np; i++)
		if (!revset_has(&anc, p[i]))
			revlist_push(c->m, out, p[i]);
	c->step->row_choice_unspecified = out->n > 1;
	return 0;
}

/* update_version_num(): the one down revision to move from/to. */
static int scalar_down(struct stepctx *c, const char **out,
		       const struct revision *r)
{
	const char *d = NULL;
	size_t n = 0;

	if (r->nnorm_down == 1) {
		*out = r->norm_down[0]->id;
		return 0;
	}
	for (size_t i = 0; i < r->nnorm_down; i++)
		if (row_has(&c->h, r->norm_down[i]->id))
			d = r->norm_down[i]->id, n++;
	if (n != 1)
		return rx_raise(c->m, RX_CRASH, "AssertionError", NULL,
				"Can't do an UPDATE because downrevision is "
				"ambiguous");
	*out = d;
	return 0;
}

/* Rule 7.6: U1 insert, U2 merge, U3 move. */
static int upgrade_rows(struct stepctx *c, struct revision *r)
{
	struct revision **p = r->norm_down;
	size_t np = r->nnorm_down, present = 0;
	struct revlist f = { 0 };
	const char *d = NULL;
	int rc;

	for (size_t i = 0; i < np; i++)
		present += row_has(&c->h, p[i]->id);
	if (!present)
		return row_insert(c, r->id);
	if (np > 1 && present > 1) {
		struct pyid others = other_rows(c, p, np);

		if (!others.n) {
			for (size_t i = 0; i < np; i++)
				revlist_push(c->m, &f, p[i]);
		} else if ((rc = not_implied(c, &f, p, np, &others)) < 0) {
			return rc;
		}
		if (!f.n)
			return rx_raise(c->m, RX_CRASH, "IndexError", NULL,
					"list index out of range");
		for (size_t i = 0; i + 1 < f.n; i++)
			if ((rc = row_delete(c, f.v[i]->id)) < 0)
				return rc;
		return row_update(c, f.v[f.n - 1]->id, r->id);
	}
	if ((rc = scalar_down(c, &d, r)) < 0)
		return rc;
	return row_update(c, d, r->id);
}

/*
 * _unmerge_to_revisions(): norm_down minus what the other rows imply;
 * with no other rows, 1.13.1+ drops members implied by another member
 * (rule 7.8) while 1.8.1 keeps them all.
 */
static int unmerge_to(struct stepctx *c, struct revlist *t,
		      struct revision *r)
{
	struct revision *self[1] = { r };
	struct pyid others = other_rows(c, self, 1);
	struct revision **p = r->norm_down;
	size_t np = r->nnorm_down;

	if (others.n)
		return not_implied(c, t, p, np, &others);
	for (size_t i = 0; i < np; i++) {
		bool implied = false;

		for (size_t j = 0; j < np && !implied &&
		     !(c->flags & REVPLAN_LEGACY_UNMERGE); j++)
			implied = j != i &&
				revmap_is_ancestor(c->m, p[i], p[j]);
		if (!implied)
			revlist_push(c->m, t, p[i]);
	}
	if (!(c->flags & REVPLAN_LEGACY_UNMERGE))
		c->step->row_choice_unspecified = t->n > 1;
	return 0;
}

/* Rule 7.7: D1 delete, D2 unmerge, D3 move. */
static int downgrade_rows(struct stepctx *c, struct revision *r)
{
	struct revlist t = { 0 };
	const char *d = NULL;
	int rc;

	if (row_has(&c->h, r->id)) {
		if (!r->nnorm_down)
			return row_delete(c, r->id);
		if ((rc = unmerge_to(c, &t, r)) < 0)
			return rc;
		if (!t.n)
			return row_delete(c, r->id);
		if (r->nnorm_down > 1) {
			for (size_t i = 0; i + 1 < t.n; i++)
				if ((rc = row_insert(c, t.v[i]->id)) < 0)
					return rc;
			return row_update(c, r->id, t.v[t.n - 1]->id);
		}
	}
	if ((rc = scalar_down(c, &d, r)) < 0)
		return rc;
	return row_update(c, r->id, d);
}

/* Rule 7.14: StampStep through HeadMaintainer.update_to_step. */
static int stamp_rows(struct stepctx *c, bool up, bool branch_move)
{
	struct revstep *s = c->step;
	bool from_gone = false;
	int rc;

	if (!up && branch_move) {
		if (s->nfrom != 1)
			return rx_raise(c->m, RX_CRASH, "AssertionError", NULL,
					"%s", "");
		return row_delete(c, s->from[0]);
	}
	for (size_t i = 0; i < s->nfrom; i++)
		from_gone = from_gone || !row_has(&c->h, s->from[i]);
	if (up && (branch_move || from_gone) && !row_has(&c->h, s->to))
		return row_insert(c, s->to);
	if (s->nfrom > 1) {
		for (size_t i = 0; i + 1 < s->nfrom; i++)
			if ((rc = row_delete(c, s->from[i])) < 0)
				return rc;
		return row_update(c, s->from[s->nfrom - 1], s->to);
	}
	if (s->nfrom != 1)
		return rx_raise(c->m, RX_CRASH, "AssertionError", NULL, "%s",
				"");
	return row_update(c, s->from[0], s->to);
}

/* ---- assembling plans ---- */

struct planbuf {
	struct revplan *plan;
	size_t alloc;
};

static struct revstep *new_step(struct revmap *m, struct planbuf *pb)
{
	struct revplan *p = pb->plan;

	if (p->nsteps == pb->alloc) {
		size_t na = pb->alloc ? pb->alloc * 2 : 8;
		struct revstep *v = arena_alloc(m->arena, na * sizeof(*v));

		if (p->nsteps)
			memcpy(v, p->steps, p->nsteps * sizeof(*v));
		p->steps = v;
		pb->alloc = na;
	}
	memset(&p->steps[p->nsteps], 0, sizeof(*p->steps));
	return &p->steps[p->nsteps++];
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void init_rows(struct stepctx *c, struct revmap *m,
		      const struct revplan *p, unsigned flags)
{
	memset(c, 0, sizeof(*c));
	c->m = m;
	c->flags = flags;
	strmap_init(&c->h.map);
	for (size_t i = 0; i < p->nstart_rows; i++)
		if (!row_has(&c->h, p->start_rows[i]))
			row_add(&c->h, p->start_rows[i]);
}

static void finish_rows(struct stepctx *c, struct revplan *p)
{
	p->final_rows = arena_alloc(c->m->arena,
				    (c->h.n + 1) * sizeof(char *));
	p->nfinal_rows = c->h.n;
	if (c->h.n)
		memcpy(p->final_rows, c->h.v, c->h.n * sizeof(char *));
	qsort(p->final_rows, p->nfinal_rows, sizeof(char *), cmp_str);
	strmap_release(&c->h.map);
	free(c->h.v);
}

/* Row maintenance of one step: a failure is an Alembic crash. */
static int apply_step(struct stepctx *c, struct revplan *p,
		      struct revstep *s, bool up, bool branch_move)
{
	int rc;

	c->step = s;
	c->opsalloc = 0;
	s->rows_empty_before = c->h.n == 0;
	if (s->kind == REVSTEP_UPGRADE)
		rc = upgrade_rows(c, s->rev);
	else if (s->kind == REVSTEP_DOWNGRADE)
		rc = downgrade_rows(c, s->rev);
	else
		rc = stamp_rows(c, up, branch_move);
	if (rc < 0) {
		c->m->priv->exc.kind = RX_CRASH;
		p->last_step_crashes = true;
	}
	return rc;
}

static int run_steps(struct revmap *m, struct revplan *p,
		     struct revision *const *revs, size_t n, bool up,
		     unsigned flags, struct rt_err *err)
{
	struct planbuf pb = { p, 0 };
	struct stepctx c;
	int rc = 0;

	init_rows(&c, m, p, flags);
	for (size_t i = 0; i < n && rc >= 0; i++) {
		struct revstep *s = new_step(m, &pb);

		s->kind = up ? REVSTEP_UPGRADE : REVSTEP_DOWNGRADE;
		s->rev = revs[up ? n - 1 - i : i];
		rc = apply_step(&c, p, s, up, false);
	}
	finish_rows(&c, p);
	return rc < 0 ? rx_translate(m, NULL, err) : 0;
}

/* ---- argument checks and offline START (command.py) ---- */

static size_t count_colons(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == ':';
	return n;
}

static int unpack_error(struct rt_err *err)
{
	return rt_errf(err, RT_ERROR, NULL, "ValueError: too many values to "
		       "unpack (expected 2)");
}

int revplan_check_args(enum revstep_kind cmd, const char *const *args,
		       size_t nargs, unsigned flags, struct rt_err *err)
{
	bool sql = flags & REVPLAN_SQL;
	const char *start = NULL;
	size_t startlen = 0;

	if (cmd != REVSTEP_STAMP) {
		const char *a = nargs ? args[0] : "";

		if (strchr(a, ':')) {
			if (!sql)
				return rt_errf(err, RT_ECOMMAND, NULL,
					       "Range revision not allowed");
			if (count_colons(a) > 1)
				return unpack_error(err);
		} else if (sql && cmd == REVSTEP_DOWNGRADE) {
			return rt_errf(err, RT_ECOMMAND, NULL, "downgrade with "
				       "--sql requires <fromrev>:<torev>");
		}
		return 0;
	}
	for (size_t i = 0; sql && i < nargs; i++) {
		const char *colon = strchr(args[i], ':');
		size_t len;

		if (!colon)
			continue;
		if (count_colons(args[i]) > 1)
			return unpack_error(err);
		len = (size_t)(colon - args[i]);
		if (start && (startlen != len || strncmp(start, args[i], len)))
			return rt_errf(err, RT_ECOMMAND, NULL, "Stamp "
				       "operation with --sql only supports a "
				       "single starting revision at a time");
		start = args[i];
		startlen = len;
	}
	if (sql && (flags & REVPLAN_PURGE))
		return rt_errf(err, RT_ECOMMAND, NULL,
			       "Can't use --purge with --sql mode");
	return 0;
}

/* Offline START (MigrationContext.get_current_heads, as_sql). */
static int start_rows(struct revmap *m, struct revplan *p, const char *start,
		      struct rt_err *err)
{
	struct revision *r;
	struct pyid id = pyid_str(start);

	if (!start || !strcmp(start, "base"))
		return 0;
	if (rm_get_revision(m, &r, &id) < 0)
		return rx_translate(m, NULL, err);
	if (!r) {
		rx_raise(m, RX_CRASH, "AttributeError", NULL, "'NoneType' "
			 "object has no attribute 'revision'");
		return rx_translate(m, NULL, err);
	}
	p->start_rows = arena_alloc(m->arena, sizeof(char *));
	p->start_rows[0] = r->id;
	p->nstart_rows = 1;
	return 0;
}

static void reset_detail(struct revmap *m)
{
	m->detail[0] = '\0';
	m->detail_type = NULL;
	m->priv->exc.kind = RX_NONE;
}

/* Split "START:END" (offline) and set the plan's starting rows. */
static int plan_begin(struct revplan **out, struct revmap *m,
		      enum revstep_kind cmd, const char **arg,
		      const char *const *rows, size_t nrows, unsigned flags,
		      struct rt_err *err)
{
	struct revplan *p = arena_alloc(m->arena, sizeof(*p));
	const char *a = *arg, *colon;
	int rc;

	*out = NULL;
	reset_detail(m);
	if ((rc = revplan_check_args(cmd, &a, 1, flags, err)) < 0)
		return rc;
	*out = p;
	p->start_rows = (const char **)rows;
	p->nstart_rows = nrows;
	if (!(flags & REVPLAN_SQL))
		return 0;
	p->start_rows = NULL;
	p->nstart_rows = 0;
	if (!(colon = strchr(a, ':')))
		return 0;
	*arg = colon + 1;
	return start_rows(m, p, arena_strndup(m->arena, a,
					      (size_t)(colon - a)), err);
}

int revplan_upgrade(struct revplan **out, struct revmap *m, const char *arg,
		    const char *const *rows, size_t nrows, unsigned flags,
		    struct rt_err *err)
{
	struct rx_catch c = {
		"Destination {end} is not a valid upgrade target from "
		"current head(s)", NULL, NULL, NULL
	};
	struct rm_collected col;
	struct revlist order = { 0 };
	struct revplan *p;
	struct pyid dest, cur;
	int rc;

	if ((rc = plan_begin(&p, m, REVSTEP_UPGRADE, &arg, rows, nrows, flags,
			     err)) < 0) {
		*out = NULL;
		return rc;
	}
	c.end = arg;
	dest = pyid_str(arg);
	cur = pyid_tuple(p->start_rows, p->nstart_rows);
	if (rm_collect_upgrade(m, &col, &dest, &cur, false, true, true) < 0 ||
	    rm_toporder(m, &order, &col.todo, col.starts.v,
			col.starts.n) < 0) {
		*out = NULL;
		return rx_translate(m, &c, err);
	}
	*out = p;
	return run_steps(m, p, order.v, order.n, true, flags, err);
}

int revplan_downgrade(struct revplan **out, struct revmap *m,
		      const char *arg, const char *const *rows, size_t nrows,
		      unsigned flags, struct rt_err *err)
{
	struct rx_catch c = {
		"Destination {end} is not a valid downgrade target from "
		"current head(s)", NULL, NULL, NULL
	};
	struct rm_collected col;
	struct revlist order = { 0 };
	struct revplan *p;
	struct pyid dest, cur;
	int rc;

	if ((rc = plan_begin(&p, m, REVSTEP_DOWNGRADE, &arg, rows, nrows,
			     flags, err)) < 0) {
		*out = NULL;
		return rc;
	}
	c.end = arg;
	dest = pyid_str(arg);
	cur = pyid_tuple(p->start_rows, p->nstart_rows);
	if (rm_collect_downgrade(m, &col, &cur, &dest, true) < 0 ||
	    rm_toporder(m, &order, &col.todo, col.starts.v,
			col.starts.n) < 0) {
		*out = NULL;
		return rx_translate(m, &c, err);
	}
	p->warning = col.warning;
	*out = p;
	return run_steps(m, p, order.v, order.n, false, flags, err);
}

/* ---- stamp (rule 7.13) ---- */

struct stampdest {
	struct revision *dest;	/* NULL: base */
	bool up, branch_move, none;
};

/* Step 1: the rows sharing lineage (with dependencies) with any arg. */
static int stamp_filtered(struct revmap *m, struct revlist *out,
			  const struct revlist *heads,
			  const char *const *args, size_t nargs)
{
	struct revset seen;
	int rc;

	revset_init(&seen, m);
	for (size_t i = 0; i < nargs; i++) {
		struct revlist f = { 0 };

		if (!*args[i])
			continue;
		if ((rc = rm_filter_for_lineage(m, &f, heads->v, heads->n,
						args[i], true)) < 0)
			return rc;
		for (size_t j = 0; j < f.n; j++) {
			if (!rev_is_real(f.v[j]) || revset_has(&seen, f.v[j]))
				continue;
			revset_add(&seen, f.v[j]);
			revlist_push(m, out, f.v[j]);
		}
	}
	return 0;
}

static const char **ids_array(struct revmap *m, const struct revlist *l)
{
	const char **v = arena_alloc(m->arena, (l->n + 1) * sizeof(*v));

	for (size_t i = 0; i < l->n; i++)
		v[i] = l->v[i]->id;
	return v;
}

/* Step 3 for one destination: append its step (if any). */
static int stamp_dest(struct revmap *m, struct planbuf *pb,
		      struct stepctx *c, struct revision *dest,
		      const struct revlist *filtered)
{
	struct revset desc, anc;
	bool below = false, above = false;
	struct revstep *s;
	int rc = 0;

	if (!dest || dest == REV_NONE) {
		for (size_t i = 0; i < filtered->n && rc >= 0; i++) {
			s = new_step(m, pb);
			s->kind = REVSTEP_STAMP;
			s->from = ids_array(m, filtered) + i;
			s->nfrom = 1;
			rc = apply_step(c, pb->plan, s, false, true);
		}
		return rc;
	}
	for (size_t i = 0; i < filtered->n; i++)
		if (filtered->v[i] == dest)
			return 0;
	if ((rc = rx_need_revisions(m, &dest, 1)) < 0)
		return rc;
	revset_init(&desc, m);
	revset_init(&anc, m);
	revmap_closure(m, &desc, &dest, 1, REL_DESC);
	revmap_closure(m, &anc, &dest, 1, REL_ANC);
	for (size_t i = 0; i < filtered->n; i++) {
		below = below || revset_has(&desc, filtered->v[i]);
		above = above || revset_has(&anc, filtered->v[i]);
	}
	if (below && above)
		return rx_raise(m, RX_CRASH, "AssertionError", NULL, "%s", "");
	s = new_step(m, pb);
	s->kind = REVSTEP_STAMP;
	s->to = dest->id;
	if (below || above) {
		s->from = ids_array(m, filtered);
		s->nfrom = filtered->n;
	}
	return apply_step(c, pb->plan, s, !below, !below && !above);
}

int revplan_stamp(struct revplan **out, struct revmap *m,
		  const char *const *args, size_t nargs,
		  const char *const *rows, size_t nrows, unsigned flags,
		  struct rt_err *err)
{
	struct rx_catch c = {
		NULL, "Multiple heads are present; please specify a single "
		"target revision", NULL, NULL
	};
	const char **dests = arena_alloc(m->arena,
					 (nargs + 1) * sizeof(char *));
	struct revplan *p = arena_alloc(m->arena, sizeof(*p));
	struct revlist heads = { 0 }, filtered = { 0 }, dl = { 0 };
	struct planbuf pb = { p, 0 };
	struct stepctx sc;
	struct pyid hid, did;
	const char *start = NULL;
	int rc;

	*out = NULL;
	reset_detail(m);
	if ((rc = revplan_check_args(REVSTEP_STAMP, args, nargs, flags,
				     err)) < 0)
		return rc;
	for (size_t i = 0; i < nargs; i++) {
		const char *colon = (flags & REVPLAN_SQL) ?
			strchr(args[i], ':') : NULL;

		dests[i] = colon ? colon + 1 : args[i];
		if (colon && !start)
			start = arena_strndup(m->arena, args[i],
					      (size_t)(colon - args[i]));
	}
	if (flags & REVPLAN_SQL) {
		if ((rc = start_rows(m, p, start, err)) < 0)
			return rc;
	} else if (!(flags & REVPLAN_PURGE)) {
		p->start_rows = (const char **)rows;
		p->nstart_rows = nrows;
	}
	hid = pyid_tuple(p->start_rows, p->nstart_rows);
	if (!nargs) {
		static const char *base[] = { "base" };

		dests = base;
		nargs = 1;
	}
	did = pyid_tuple(dests, nargs);
	if (rm_get_revisions(m, &heads, &hid) < 0 ||
	    stamp_filtered(m, &filtered, &heads, dests, nargs) < 0 ||
	    rm_get_revisions(m, &dl, &did) < 0)
		return rx_translate(m, &c, err);
	if (!dl.n)
		revlist_push(m, &dl, REV_NONE);
	*out = p;
	init_rows(&sc, m, p, flags);
	for (size_t i = 0; i < dl.n && rc >= 0; i++)
		rc = stamp_dest(m, &pb, &sc, dl.v[i], &filtered);
	finish_rows(&sc, p);
	if (rc < 0) {
		if (!p->last_step_crashes)
			*out = NULL;
		return rx_translate(m, &c, err);
	}
	return 0;
}
