/*
 * revplan.c: which revisions a command covers and in which order (spec
 * §5.C, §5.D, §6): relative targets, Alembic's _collect_upgrade_revisions
 * and _collect_downgrade_revisions, TopOrder, and the history, branches
 * and current listings.  Row maintenance is in revsteps.c.
 */
#include "revplan.h"
#include "revmap_int.h"

#include "base/buf.h"

#include <ctype.h>
#include <limits.h>

static bool truthy(const char *s)
{
	return s && *s;
}

/* ---- relative identifiers (rule 5.7) ---- */

struct relmatch {
	const char *branch;	/* L of L@..., or NULL */
	const char *symbol;	/* \w+ before the sign, or NULL */
	const char *rel;	/* sign and digits, e.g. "+2" */
	long long n;		/* int(rel), saturated */
	const char *absn;	/* abs(int(rel)) as text */
};

static bool is_word(int c)
{
	return isalnum(c) || c == '_';
}

/* `(\w+)?((?:\+|-)\d+)` at the start of t (trailing text ignored). */
static bool rel_tail(struct revmap *m, const char *t, struct relmatch *r)
{
	size_t k = 0, d;
	const char *digits;

	while (is_word((unsigned char)t[k]))
		k++;
	if ((t[k] != '+' && t[k] != '-') || !isdigit((unsigned char)t[k + 1]))
		return false;
	r->symbol = k ? arena_strndup(m->arena, t, k) : NULL;
	for (d = 1; isdigit((unsigned char)t[k + d]); d++)
		;
	r->rel = arena_strndup(m->arena, t + k, d);
	r->n = 0;
	for (size_t i = 1; i < d; i++)
		if (r->n < LLONG_MAX / 10)
			r->n = r->n * 10 + (t[k + i] - '0');
	if (t[k] == '-')
		r->n = -r->n;
	digits = r->rel + 1;
	while (*digits == '0' && digits[1])
		digits++;
	r->absn = digits;
	return true;
}

/* Alembic's _relative_destination regex: (?:(.+?)@)?(\w+)?([+-]\d+) */
static bool rel_match(struct revmap *m, const char *s, struct relmatch *r)
{
	memset(r, 0, sizeof(*r));
	/* lazy (.+?)@: the shortest L first; '.' stops at a newline */
	for (size_t p = 1; s[p - 1] && s[p - 1] != '\n'; p++) {
		if (s[p] != '@')
			continue;
		if (rel_tail(m, s + p + 1, r)) {
			r->branch = arena_strndup(m->arena, s, p);
			return true;
		}
	}
	return rel_tail(m, s, r);
}

/* util.to_tuple(x): None stays None (n == 0, *isnone). */
static struct pyid to_tuple(struct revmap *m, const struct pyid *x)
{
	const char **v;

	if (x->kind != PY_STR)
		return *x;
	v = arena_alloc(m->arena, sizeof(*v));
	v[0] = x->s;
	return pyid_tuple(v, 1);
}

static int get_revision_str(struct revmap *m, struct revision **out,
			    const char *s)
{
	struct pyid id = pyid_str(s);

	return rm_get_revision(m, out, &id);
}

static int relative_error(struct revmap *m, const char *rel,
			  const char *absn)
{
	return rx_raise(m, RX_REVISION, "RevisionError", NULL,
			"Relative revision %s didn't produce %s migrations",
			rel, absn);
}

/* ---- upgrade targets (rule 5.9) ---- */

/* `+N` / `L@+N` without a symbol: where the walk starts. */
static int upgrade_start(struct revmap *m, struct revision **start,
			 const struct pyid *current, const char *branch)
{
	struct pyid cur = to_tuple(m, current);
	struct revlist revs = { 0 }, on = { 0 }, anc = { 0 };
	struct strlist tips = { 0 };
	struct revset a, downs;
	int rc;

	*start = NULL;
	if (!truthy(branch)) {
		if (cur.n > 1)
			goto ambiguous;
		return cur.n ? get_revision_str(m, start, cur.v[0]) : 0;
	}
	if ((rc = rm_get_revisions(m, &revs, &cur)) < 0 ||
	    (rc = rm_filter_for_lineage(m, &on, revs.v, revs.n, branch,
					false)) < 0)
		return rc;
	if (on.n > 1)
		goto ambiguous;
	if (on.n) {
		*start = on.v[0];
		return 0;
	}
	/* the branch is not current: its tips among Anc(current) */
	if ((rc = rx_need_revisions(m, revs.v, revs.n)) < 0)
		return rc;
	revset_init(&a, m);
	revmap_closure(m, &a, revs.v, revs.n, REL_ANC);
	for (size_t i = 0; i < m->nrevs; i++)
		if (revset_has(&a, m->revs[i]))
			revlist_push(m, &anc, m->revs[i]);
	on.n = 0;
	if ((rc = rm_filter_for_lineage(m, &on, anc.v, anc.n, branch,
					false)) < 0)
		return rc;
	revset_init(&downs, m);
	for (size_t i = 0; i < on.n; i++)
		for (size_t j = 0; j < on.v[i]->nnorm_down; j++)
			revset_add(&downs, on.v[i]->norm_down[j]);
	for (size_t i = 0; i < on.n; i++)
		if (!revset_has(&downs, on.v[i]))
			strlist_push(m, &tips, on.v[i]->id);
	if (tips.n > 1)
		goto ambiguous;
	return tips.n ? get_revision_str(m, start, tips.v[0]) : 0;
ambiguous:
	return rx_raise(m, RX_REVISION, "RevisionError", NULL,
			"Ambiguous upgrade from multiple current revisions");
}

static int branch_symbol(struct revmap *m, struct revision **out,
			 const char *branch, const char *symbol)
{
	if (!branch)
		return get_revision_str(m, out, symbol);
	return get_revision_str(m, out, arena_printf(m->arena, "%s@%s",
						     branch, symbol));
}

/* _parse_upgrade_target(); items may be REV_NONE / REV_BASESYM. */
static int parse_upgrade_target(struct revmap *m, struct revlist *out,
				const struct pyid *current,
				const struct pyid *target, bool arl)
{
	struct relmatch r;
	struct revision *start, *res;
	int rc;

	if (target->kind != PY_STR || !rel_match(m, target->s, &r))
		return rm_get_revisions(m, out, target);
	if (r.n > 0) {
		if (!r.symbol) {
			if ((rc = upgrade_start(m, &start, current,
						r.branch)) < 0 ||
			    (rc = rm_walk(m, &res, start, r.n, r.branch,
					  arl)) < 0)
				return rc;
			if (!res)
				return relative_error(m, r.rel, r.absn);
		} else if ((rc = get_revision_str(m, &start, r.symbol)) < 0 ||
			   (rc = rm_walk(m, &res, start, r.n, r.branch,
					 arl)) < 0) {
			return rc;
		}
	} else {
		if (!r.symbol)
			/* Alembic formats int(rel) here: "-1", "0" */
			return relative_error(m, r.n ? arena_printf(m->arena,
					      "-%s", r.absn) : "0", r.absn);
		if ((rc = branch_symbol(m, &start, r.branch, r.symbol)) < 0 ||
		    (rc = rm_walk(m, &res, start, r.n, NULL, arl)) < 0)
			return rc;
	}
	revlist_push(m, out, res ? res : REV_NONE);
	return 0;
}

/* ---- downgrade targets (rules 5.10, 5.15) ---- */

struct dtarget {
	const char *branch;
	struct revision *rev;	/* NULL: base/None; REV_BASESYM */
	const char *warning;
};

/* `-N` / `L@-N` without a symbol: the row the walk starts from. */
static int downgrade_symbol(struct revmap *m, struct dtarget *t,
			    const struct pyid *current,
			    const struct relmatch *r, const char **symbol)
{
	struct pyid cur = to_tuple(m, current);
	struct strlist sl = { 0 };
	struct revlist all = { 0 }, f = { 0 };
	int rc;

	if (!t->branch) {
		if (!cur.n)
			return relative_error(m, r->rel, r->absn);
		for (size_t i = 1; i < cur.n; i++)
			if (strcmp(cur.v[i], cur.v[0]))
				t->warning = "downgrade -1 from multiple heads "
					"is ambiguous; this usage will be "
					"disallowed in a future release.";
		*symbol = cur.v[0];
		t->branch = cur.v[0];
		return 0;
	}
	if ((rc = rm_filter_strs(m, &sl, cur.v, cur.n, t->branch,
				 false)) < 0)
		return rc;
	if (!sl.n) {
		if ((rc = rm_all_current(m, &all, &cur)) < 0 ||
		    (rc = rm_filter_for_lineage(m, &f, all.v, all.n,
						t->branch, false)) < 0)
			return rc;
		for (size_t i = 0; i < f.n; i++)
			strlist_push(m, &sl, f.v[i]->id);
	}
	if (sl.n != 1)
		return rx_raise(m, RX_CRASH, "AssertionError", NULL, "%s", "");
	*symbol = sl.v[0];
	return 0;
}

static int parse_downgrade_target(struct revmap *m, struct dtarget *t,
				  const struct pyid *current,
				  const struct pyid *target, bool arl)
{
	struct relmatch r;
	struct revision *start, *res;
	const char *symbol, *at;
	int rc;

	memset(t, 0, sizeof(*t));
	if (target->kind == PY_NONE)
		return 0;
	if (target->kind != PY_STR)
		return rx_raise(m, RX_CRASH, "AssertionError", NULL,
				"Expected downgrade target in string form");
	if (!rel_match(m, target->s, &r)) {
		/* absolute: split at the last '@' (rule 5.15) */
		symbol = target->s;
		if ((at = strrchr(symbol, '@'))) {
			size_t blen = (size_t)(at - symbol);

			if (blen)
				t->branch = arena_strndup(m->arena, symbol,
							  blen);
			symbol = at + 1;
		}
		return get_revision_str(m, &t->rev, symbol);
	}
	t->branch = r.branch;
	if (r.n >= 0) {
		if (!r.symbol)
			return relative_error(m, r.rel, r.absn);
		if ((rc = get_revision_str(m, &start, r.symbol)) < 0 ||
		    (rc = rm_walk(m, &res, start, r.n, r.branch, arl)) < 0)
			return rc;
		if (!res)
			return rx_raise(m, RX_REVISION, "RevisionError", NULL,
					"Walked too far");
		t->rev = res;
		return 0;
	}
	symbol = r.symbol;
	if (!symbol && (rc = downgrade_symbol(m, t, current, &r,
					      &symbol)) < 0)
		return rc;
	if ((rc = branch_symbol(m, &start, t->branch, symbol)) < 0 ||
	    (rc = rm_walk(m, &res, start, r.n, NULL, arl)) < 0)
		return rc;
	if (!res)
		return r.symbol ? rx_raise(m, RX_REVISION, "RevisionError",
					   NULL, "Walked too far") :
			relative_error(m, r.rel, r.absn);
	t->rev = res;
	return 0;
}

/* ---- collection (Alembic's _collect_*_revisions) ---- */

/* Rule 6.9 step 1: `L@...` lower bounds keep the targets labelled L. */
static int label_filter(struct revmap *m, struct revlist *targets,
			const char *lower)
{
	const char *at = strchr(lower, '@');
	const char *label = arena_strndup(m->arena, lower,
					  (size_t)(at - lower));
	struct revision *br;
	struct revset seen;
	size_t k = 0;
	int rc;

	if ((rc = get_revision_str(m, &br, label)) < 0)
		return rc;
	if (br && !strcmp(br->id, label)) {
		if (br->nlabels != 1)
			return rx_raise(m, RX_CRASH, "AssertionError", NULL,
					"%s", "");
		label = br->labels[0];
	}
	revset_init(&seen, m);
	for (size_t i = 0; i < targets->n; i++) {
		struct revision *t = targets->v[i];
		bool keep = false;

		for (size_t j = 0; j < t->nlabels && !keep; j++)
			keep = !strcmp(t->labels[j], label);
		if (keep && !revset_has(&seen, t)) {
			revset_add(&seen, t);
			targets->v[k++] = t;
		}
	}
	targets->n = k;
	return 0;
}

/* The "lower is relative" special case of _collect_upgrade_revisions. */
static int relative_lower(struct revmap *m, struct revlist *cur,
			  struct pyid *lower, const struct pyid *upper,
			  bool arl)
{
	struct dtarget t;
	int rc;

	if ((rc = parse_downgrade_target(m, &t, upper, lower, arl)) < 0)
		return rc;
	if (!t.rev)
		return rx_raise(m, RX_CRASH, "AssertionError", NULL, "%s", "");
	cur->n = 0;
	if (t.rev == REV_BASESYM) {
		*lower = pyid_str(NULL);
	} else {
		revlist_push(m, cur, t.rev);
		*lower = pyid_str(t.rev->id);
	}
	return 0;
}

int rm_collect_upgrade(struct revmap *m, struct rm_collected *out,
		       const struct pyid *upper, const struct pyid *lower_in,
		       bool inclusive, bool implicit_base, bool arl)
{
	struct revlist targets = { 0 }, cur = { 0 }, inc = { 0 };
	struct revset required, current, desc;
	struct pyid lower = *lower_in;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = parse_upgrade_target(m, &targets, &lower, upper, arl)) < 0 ||
	    (rc = rx_need_revisions(m, targets.v, targets.n)) < 0)
		return rc;
	if (lower.kind == PY_STR && strchr(lower.s, '@') &&
	    (rc = label_filter(m, &targets, lower.s)) < 0)
		return rc;
	revset_init(&required, m);
	if ((rc = revmap_closure_check(m, &required, targets.v, targets.n,
				       REL_ANC)) < 0 ||
	    (rc = rm_get_revisions(m, &cur, &lower)) < 0)
		return rc;
	for (size_t i = 0; !implicit_base && i < cur.n; i++)
		if (cur.v[i] != REV_NONE && (cur.v[i] == REV_BASESYM ||
					     !revset_has(&required, cur.v[i])))
			return rx_range(m, &lower, upper);
	if (cur.n && cur.v[0] == REV_NONE &&
	    (rc = relative_lower(m, &cur, &lower, upper, arl)) < 0)
		return rc;
	revset_init(&current, m);
	if ((rc = revmap_closure_check(m, &current, cur.v, cur.n,
				       REL_ANC)) < 0)
		return rc;
	out->todo = required;
	for (size_t i = 0; i < out->todo.nw; i++)
		out->todo.w[i] &= ~current.w[i];
	if (inclusive) {
		if ((rc = rm_get_revisions(m, &inc, &lower)) < 0 ||
		    (rc = rx_need_revisions(m, inc.v, inc.n)) < 0)
			return rc;
		for (size_t i = 0; i < inc.n; i++)
			revset_add(&out->todo, inc.v[i]);
	}
	if (cur.n && !implicit_base) {
		revset_init(&desc, m);
		if ((rc = revmap_closure_check(m, &desc, cur.v, cur.n,
					       REL_VDESC)) < 0)
			return rc;
		for (size_t i = 0; i < out->todo.nw; i++)
			out->todo.w[i] &= desc.w[i];
	}
	out->starts = targets;
	return 0;
}

/* Downgrade roots (rule 6.5 step 2, 6.6). */
static int downgrade_roots(struct revmap *m, struct revlist *roots,
			   const struct dtarget *t)
{
	struct revmap_priv *p = m->priv;
	struct revision *br;
	struct revset anc, in;
	size_t k = 0;
	int rc;

	if (!t->rev) {
		/* Alembic scans its map's values, where a labelled base
		 * appears once more per label: that counts for the
		 * "more than one root" test below. */
		for (size_t i = 0; i < m->nbases; i++)
			revlist_push(m, roots, m->bases[i]);
		for (size_t i = m->nrevs; i < p->nnames; i++)
			if (revision_is_base(p->name_revs[i]))
				revlist_push(m, roots, p->name_revs[i]);
	} else {
		for (size_t i = 0; i < t->rev->nchildren; i++)
			revlist_push(m, roots, t->rev->children[i]);
	}
	if (!truthy(t->branch) || roots->n <= 1)
		return 0;
	if ((rc = rm_resolve_branch(m, &br, t->branch)) < 0)
		return rc;
	revset_init(&anc, m);
	revset_init(&in, m);
	revmap_closure(m, &anc, &br, 1, REL_VANC);
	for (size_t i = 0; i < roots->n; i++)
		if (revset_has(&anc, roots->v[i]))
			revset_add(&in, roots->v[i]);
	/* a set in Alembic: load order here */
	for (size_t i = 0; i < m->nrevs; i++)
		if (revset_has(&in, m->revs[i]))
			roots->v[k++] = m->revs[i];
	roots->n = k;
	if (!k)
		return rx_raise(m, RX_REVISION, "RevisionError", NULL,
				"Not a valid downgrade target from current "
				"heads");
	return 0;
}

int rm_collect_downgrade(struct revmap *m, struct rm_collected *out,
			 const struct pyid *upper, const struct pyid *target,
			 bool arl)
{
	struct revlist roots = { 0 }, heads = { 0 };
	struct revset active;
	struct dtarget t;
	bool in_heads = false;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = parse_downgrade_target(m, &t, upper, target, arl)) < 0)
		return rc;
	out->warning = t.warning;
	if (t.rev == REV_BASESYM)
		t.rev = NULL;
	if ((rc = downgrade_roots(m, &roots, &t)) < 0 ||
	    (rc = rm_get_revisions(m, &heads, upper)) < 0)
		return rc;
	revset_init(&out->todo, m);
	revmap_closure(m, &out->todo, roots.v, roots.n, REL_DESC);
	if ((rc = rx_need_revisions(m, heads.v, heads.n)) < 0)
		return rc;
	revset_init(&active, m);
	revmap_closure(m, &active, heads.v, heads.n, REL_ANC);
	for (size_t i = 0; i < out->todo.nw; i++)
		out->todo.w[i] &= active.w[i];
	for (size_t i = 0; i < heads.n; i++)
		in_heads = in_heads || heads.v[i] == t.rev;
	if (t.rev && revset_empty(&out->todo) && !in_heads) {
		struct pyid nothing = pyid_str("Nothing to drop");

		return rx_range(m, &nothing, upper);
	}
	out->starts = heads;
	return 0;
}

/* ---- TopOrder (rule 6.1) ---- */

int rm_toporder(struct revmap *m, struct revlist *out, struct revset *todo,
		struct revision *const *starts, size_t n)
{
	struct revision **w = rt_xmalloc((n + m->nrevs + 1) * sizeof(*w));
	struct revset inw;
	size_t nw = 0, i = 0;
	bool plain = false;

	revset_init(&inw, m);
	for (size_t k = 0; k < n; k++)
		if (revset_has(todo, starts[k]))
			revset_add(&inw, starts[k]);
	for (size_t k = 0; k < m->nrevs; k++)	/* load order */
		if (revset_has(&inw, m->revs[k]))
			w[nw++] = m->revs[k];
	while (nw) {
		struct revision *c = w[i];
		size_t j, np = 0;

		/* plain: c just replaced its only child in this slot, which
		 * no other pending start needed; every path down to c from
		 * them would pass that child, so none needs c either. */
		for (j = plain ? nw : 0; j < nw; j++)
			if (j != i && revmap_is_ancestor(m, c, w[j]))
				break;
		if (j < nw) {
			i = j;	/* a pending start still needs c */
			plain = false;
			continue;
		}
		if (revset_has(todo, c)) {
			revlist_push(m, out, c);
			revset_del(todo, c);
		}
		revset_del(&inw, c);
		for (size_t k = 0; k < c->nnorm_down; k++) {
			struct revision *d = c->norm_down[k];

			if (!revset_has(todo, d) || revset_has(&inw, d))
				continue;
			revset_add(&inw, d);
			if (!np++)
				w[i] = d;
			else
				w[nw++] = d;
		}
		plain = np == 1 && w[i]->nall_children == 1;
		if (!np) {
			memmove(w + i, w + i + 1, (nw - i - 1) * sizeof(*w));
			nw--;
			i = i ? i - 1 : 0;
		}
	}
	free(w);
	if (!revset_empty(todo))
		return rx_raise(m, RX_CRASH, "AssertionError", NULL, "%s", "");
	return 0;
}

/* ---- steps ---- */

/* format_as_comma() of the ids of revs. */
static void add_revs(struct rt_buf *b, struct revision *const *revs,
		     size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rt_buf_addf(b, "%s%s", i ? ", " : "", revs[i]->id);
}

void revstep_text(struct rt_buf *out, const struct revstep *st)
{
	const struct revision *r = st->rev;
	size_t i;

	switch (st->kind) {
	case REVSTEP_UPGRADE:
		rt_buf_adds(out, "upgrade ");
		add_revs(out, r->down, r->ndown);
		rt_buf_addf(out, " -> %s", r->id);
		break;
	case REVSTEP_DOWNGRADE:
		rt_buf_addf(out, "downgrade %s -> ", r->id);
		add_revs(out, r->down, r->ndown);
		break;
	case REVSTEP_STAMP:
		rt_buf_adds(out, "stamp_revision ");
		for (i = 0; i < st->nfrom; i++)
			rt_buf_addf(out, "%s%s", i ? ", " : "", st->from[i]);
		rt_buf_addf(out, " -> %s", st->to ? st->to : "");
		break;
	}
}

/* ---- history, branches, current ---- */

static void strip(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s))
		(*s)++, (*len)--;
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

bool revplan_range_uses_current(const char *range)
{
	const char *colon;
	size_t len, tail;

	if (!range || !(colon = strchr(range, ':')))
		return false;
	len = strlen(range);
	strip(&range, &len);
	colon = memchr(range, ':', len);
	if (!colon || memchr(colon + 1, ':', len - (size_t)(colon + 1 - range)))
		return false;
	tail = len - (size_t)(colon + 1 - range);
	return ((size_t)(colon - range) == 7 && !strncmp(range, "current", 7))
		|| (tail == 7 && !strncmp(colon + 1, "current", 7));
}

static void reset_detail(struct revmap *m)
{
	m->detail[0] = '\0';
	m->detail_type = NULL;
	m->priv->exc.kind = RX_NONE;
}

/* Alembic's walk_revisions(base, head) with base/head as given. */
static int walk_revisions(struct revmap *m, struct revlist *out,
			  const struct pyid *base, const struct pyid *head,
			  struct rt_err *err)
{
	struct pyid lo = pyid_truthy(base) ? *base : pyid_str("base");
	struct pyid up = pyid_truthy(head) ? *head : pyid_str("heads");
	char start[RX_TEXT_MAX], end[RX_TEXT_MAX];
	struct rx_catch c = { NULL, NULL, start, end };
	struct rm_collected col;

	pyid_fmt(start, sizeof(start), &lo);
	pyid_fmt(end, sizeof(end), &up);
	if (rm_collect_upgrade(m, &col, &up, &lo, true, false, false) < 0 ||
	    rm_toporder(m, out, &col.todo, col.starts.v, col.starts.n) < 0)
		return rx_translate(m, &c, err);
	return 0;
}

int revplan_history(struct revision ***out, size_t *nout, struct revmap *m,
		    const char *range, const char *const *rows, size_t nrows,
		    struct rt_err *err)
{
	struct pyid base = pyid_str(NULL), head = pyid_str(NULL);
	struct pyid cur = pyid_tuple(rows, nrows);
	struct revlist l = { 0 };
	const char *s = range, *colon;
	size_t len;
	int rc;

	*out = NULL;
	*nout = 0;
	reset_detail(m);
	if (range) {
		if (!strchr(range, ':'))
			return rt_errf(err, RT_ECOMMAND, NULL, "History range "
				       "requires [start]:[end], [start]:, or "
				       ":[end]");
		len = strlen(range);
		strip(&s, &len);
		colon = memchr(s, ':', len);
		if (!colon || memchr(colon + 1, ':',
				     len - (size_t)(colon + 1 - s)))
			return rt_errf(err, RT_ERROR, NULL, "ValueError: too "
				       "many values to unpack (expected 2)");
		base = pyid_str(arena_strndup(m->arena, s,
					      (size_t)(colon - s)));
		head = pyid_str(arena_strndup(m->arena, colon + 1,
					      len - (size_t)(colon + 1 - s)));
		/* rule 5.11: "current" is the rows; the upper bound wins */
		if (!strcmp(head.s, "current"))
			head = cur;
		else if (!strcmp(base.s, "current"))
			base = cur;
	}
	if ((rc = walk_revisions(m, &l, &base, &head, err)) < 0)
		return rc;
	*out = l.v;
	*nout = l.n;
	return 0;
}

int revplan_branch_points(struct revision ***out, size_t *nout,
			  struct revmap *m, struct rt_err *err)
{
	struct revision **all;
	size_t n, k = 0;
	int rc;

	if ((rc = revplan_history(&all, &n, m, NULL, NULL, 0, err)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (revision_is_branch_point(all[i]))
			all[k++] = all[i];
	*out = all;
	*nout = k;
	return 0;
}

int revplan_current(struct revision ***out, size_t *nout, struct revmap *m,
		    const char *const *rows, size_t nrows,
		    struct rt_err *err)
{
	struct pyid r = pyid_tuple(rows, nrows);
	struct revlist l = { 0 };

	*out = NULL;
	*nout = 0;
	reset_detail(m);
	if (rm_all_current(m, &l, &r) < 0)
		return rx_translate(m, NULL, err);
	*out = l.v;
	*nout = l.n;
	return 0;
}
