/*
 * revmap.c: building the revision map (spec §4): per-revision relations,
 * heads and bases, branch/merge points, the validity checks of rules 2.9,
 * 2.10, 4.9 and 4.12-4.17, and effective branch labels (4.10).
 */
#include "revmap_int.h"

#include "base/buf.h"

static int graph_err(struct rt_err *err, const struct revision *r,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int graph_err(struct rt_err *err, const struct revision *r,
		     const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rt_verrf(err, RT_EGRAPH, r && r->file ? &r->file->loc : NULL,
		      fmt, ap);
	va_end(ap);
	return rc;
}

static bool in_strs(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* Rules 4.12 and 2.9: checks Alembic makes when it loads each file. */
static int check_file(const struct revision *r, struct rt_err *err)
{
	static const char illegal[] = "+-@";	/* sorted, 1.8.1's set */
	const struct rev_file *f = r->file;
	struct rt_buf b = RT_BUF_INIT;
	int rc = 0;

	if (in_strs(f->down, f->ndown, f->id))
		return graph_err(err, r, "Self-loop is detected in revisions "
				 "(%s)", f->id);
	if (in_strs(f->deps, f->ndeps, f->id))
		return graph_err(err, r, "Dependency self-loop is detected in "
				 "revisions (%s)", f->id);
	for (const char *c = illegal; *c; c++) {
		if (!strchr(f->id, *c))
			continue;
		if (b.len)
			rt_buf_adds(&b, ", ");
		rt_buf_addch(&b, *c);
	}
	if (b.len)
		rc = graph_err(err, r, "Character(s) '%s' not allowed in "
			       "revision identifier '%s'", b.buf, f->id);
	rt_buf_release(&b);
	return rc;
}

/* Ids, duplicates (rule 2.10) and the label name table (rule 4.9). */
static int build_names(struct revmap *m, struct rt_err *err)
{
	struct revmap_priv *p = m->priv;
	size_t nlabels = 0, k = 0;

	for (size_t i = 0; i < m->nrevs; i++)
		nlabels += m->revs[i]->file->nlabels;
	strmap_reserve(&m->names, m->nrevs + nlabels);
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];
		struct revision *old = strmap_put(&m->names, r->id, r);

		/* retort rejects what Alembic only warns about (2.10). */
		if (old)
			return graph_err(err, r, "Revision %s is present more "
					 "than once (%s, %s)", r->id,
					 old->file->path, r->file->path);
	}
	p->nnames = m->nrevs + nlabels;
	p->names = arena_alloc(m->arena, (p->nnames + 1) * sizeof(char *));
	p->name_revs = arena_alloc(m->arena,
				   (p->nnames + 1) * sizeof(*p->name_revs));
	for (size_t i = 0; i < m->nrevs; i++) {
		p->names[k] = m->revs[i]->id;
		p->name_revs[k++] = m->revs[i];
	}
	/* Alembic visits labelled revisions in set order: load order here. */
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];

		for (size_t j = 0; j < r->file->nlabels; j++) {
			const char *l = r->file->labels[j];
			struct revision *old = strmap_get(&m->names, l);

			if (old)
				return graph_err(err, r, "Branch name '%s' in "
						 "revision %s already used by "
						 "revision %s", l, r->id,
						 old->id);
			strmap_put(&m->names, l, r);
			p->names[k] = l;
			p->name_revs[k++] = r;
		}
	}
	return 0;
}

/* An array for n revisions; every empty one is the same (never
 * written). */
static struct revision **rev_array(struct revmap *m, size_t n)
{
	static struct revision *none[1];

	return n ? arena_alloc(m->arena, n * sizeof(struct revision *)) :
		   none;
}

/* down (4.1), deps (4.2, exact names), all_down (4.3). */
static int resolve_links(struct revmap *m, struct rt_err *err)
{
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];
		const struct rev_file *f = r->file;

		r->down = rev_array(m, f->ndown);
		for (size_t j = 0; j < f->ndown; j++) {
			struct revision *d = revmap_lookup(m, f->down[j]);

			/* Alembic: a warning, then KeyError (4.15, 4.17). */
			if (!d)
				return graph_err(err, r, "Revision %s "
						 "referenced from %s is not "
						 "present (%s)", f->down[j],
						 r->id, f->path);
			r->down[r->ndown++] = d;
		}
		r->deps = rev_array(m, f->ndeps);
		for (size_t j = 0; j < f->ndeps; j++) {
			struct revision *d = strmap_get(&m->names, f->deps[j]);

			/* Alembic: KeyError (rule 3.7). */
			if (!d)
				return graph_err(err, r, "Dependency %s "
						 "referenced from %s is not "
						 "present (%s)", f->deps[j],
						 r->id, f->path);
			r->deps[r->ndeps++] = d;
		}
		if (!r->ndeps && r->ndown < 2) {
			/* the common case: one array serves both */
			r->all_down = r->down;
			r->nall_down = r->ndown;
			continue;
		}
		r->all_down = rev_array(m, r->ndown + r->ndeps);
		for (size_t j = 0; j < r->ndown + r->ndeps; j++) {
			struct revision *d = j < r->ndown ? r->down[j] :
				r->deps[j - r->ndown];
			bool dup = false;

			for (size_t k = 0; k < r->nall_down && !dup; k++)
				dup = r->all_down[k] == d;
			if (!dup)
				r->all_down[r->nall_down++] = d;
		}
	}
	return 0;
}

/* Whether d is one of r's versioned downs. */
static bool is_down(const struct revision *r, const struct revision *d)
{
	for (size_t k = 0; k < r->ndown; k++)
		if (r->down[k] == d)
			return true;
	return false;
}

/*
 * children / all_children (4.5) in load order.  Without dependents
 * they are equal: one array serves both.
 */
static void link_children(struct revmap *m)
{
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];

		for (size_t j = 0; j < r->nall_down; j++) {
			r->all_down[j]->nall_children++;
			r->all_down[j]->nchildren += is_down(r, r->all_down[j]);
		}
	}
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];

		r->all_children = rev_array(m, r->nall_children);
		r->children = r->nchildren == r->nall_children ?
			r->all_children : rev_array(m, r->nchildren);
		r->nall_children = r->nchildren = 0;
	}
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];

		for (size_t j = 0; j < r->nall_down; j++) {
			struct revision *d = r->all_down[j];

			d->all_children[d->nall_children++] = r;
			if (!is_down(r, d))
				continue;
			if (d->children != d->all_children)
				d->children[d->nchildren] = r;
			d->nchildren++;
		}
	}
}

static void set_flags(struct revmap *m)
{
	size_t nh = 0, nrh = 0, nb = 0;

	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];
		unsigned f = 0;

		if (!r->nchildren)
			f |= REV_HEAD;
		if (!r->nall_children)
			f |= REV_REAL_HEAD;
		if (!r->ndown)
			f |= REV_BASE;
		if (!r->ndown && !r->file->ndeps)
			f |= REV_REAL_BASE;
		if (r->nchildren > 1)
			f |= REV_BRANCH_POINT;
		if (r->nall_children > 1)
			f |= REV_REAL_BRANCH_POINT;
		if (r->ndown > 1)
			f |= REV_MERGE_POINT;
		if (r->ndown > 1 || r->ndeps)
			m->priv->has_merges_or_deps = true;
		r->flags = f;
		nh += !!(f & REV_HEAD);
		nrh += !!(f & REV_REAL_HEAD);
		nb += !!(f & REV_BASE);
	}
	m->heads = rev_array(m, nh);
	m->real_heads = rev_array(m, nrh);
	m->bases = rev_array(m, nb);
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];

		if (r->flags & REV_HEAD)
			m->heads[m->nheads++] = r;
		if (r->flags & REV_REAL_HEAD)
			m->real_heads[m->nreal_heads++] = r;
		if (r->flags & REV_BASE)
			m->bases[m->nbases++] = r;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Parents (all_down) before children, by Kahn's algorithm, into order;
 * returns how many revisions it placed: fewer than all when the all_down
 * edges have a cycle.
 */
static size_t kahn(struct revmap *m, struct revision **order)
{
	size_t n = m->nrevs, head = 0, tail = 0;
	uint32_t *indeg = rt_xmalloc((n + 1) * sizeof(*indeg));

	for (size_t i = 0; i < n; i++) {
		indeg[i] = (uint32_t)m->revs[i]->nall_down;
		if (!indeg[i])
			order[tail++] = m->revs[i];
	}
	while (head < tail) {
		struct revision *r = order[head++];

		for (size_t j = 0; j < r->nall_children; j++)
			if (--indeg[r->all_children[j]->index] == 0)
				order[tail++] = r->all_children[j];
	}
	free(indeg);
	return tail;
}

/*
 * Whether the all_down edges are acyclic.  Then both of cycle_pass()'s
 * checks pass: in a finite DAG every revision reaches a head and a base,
 * and the versioned edges are a subset.  So those walks only run to name
 * the revisions of a cycle.  The order is kept in priv->topo, for the
 * effective labels and the ancestor index.  A cycle that both of
 * Alembic's checks miss (reachable from a head and from a base, such as
 * a <- b <- a with b on a base too) is not reported by Alembic either
 * (`heads` works, `history` fails later): the revisions Kahn's algorithm
 * cannot place then follow in load order.
 */
static bool acyclic(struct revmap *m)
{
	struct revision **order = rev_array(m, m->nrevs + 1);
	size_t n = kahn(m, order);
	bool *placed;

	m->priv->topo = order;
	if (n == m->nrevs)
		return true;
	placed = rt_xcalloc(m->nrevs + 1, sizeof(*placed));
	for (size_t i = 0; i < n; i++)
		placed[order[i]->index] = true;
	for (size_t i = 0; i < m->nrevs; i++)
		if (!placed[i])
			order[n++] = m->revs[i];
	free(placed);
	return false;
}

/* Alembic's CycleDetected / DependencyCycleDetected message. */
static int cycle_err(const char *kind, const struct strlist *bad,
		     struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	for (size_t i = 0; i < bad->n; i++)
		rt_buf_addf(&b, "%s%s", i ? ", " : "", bad->v[i]);
	rc = rt_errf(err, RT_EGRAPH, NULL, "%s is detected in revisions (%s)",
		     kind, b.buf);
	rt_buf_release(&b);
	return rc;
}

/*
 * One pass of Alembic's _detect_cycles: every revision must be reachable
 * down from a head and up from a base (rules 4.13, 4.14).
 */
static int cycle_pass(struct revmap *m, bool deps, struct rt_err *err)
{
	const char *kind = deps ? "Dependency cycle" : "Cycle";
	struct revlist heads = { 0 }, bases = { 0 };
	struct revset down, up;
	struct strlist bad = { 0 };

	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];
		unsigned hf = deps ? REV_REAL_HEAD : REV_HEAD;
		unsigned bf = deps ? REV_REAL_BASE : REV_BASE;

		if (r->flags & hf)
			revlist_push(m, &heads, r);
		if (r->flags & bf)
			revlist_push(m, &bases, r);
	}
	if (!heads.n || !bases.n) {
		for (size_t i = 0; i < m->nrevs; i++)
			strlist_push(m, &bad, m->revs[i]->id);
	} else {
		revset_init(&down, m);
		revset_init(&up, m);
		revmap_closure(m, &down, heads.v, heads.n,
			       deps ? REL_ANC : REL_VANC);
		revmap_closure(m, &up, bases.v, bases.n,
			       deps ? REL_DESC : REL_VDESC);
		for (size_t i = 0; i < m->nrevs; i++)
			if (!revset_has(&down, m->revs[i]) ||
			    !revset_has(&up, m->revs[i]))
				strlist_push(m, &bad, m->revs[i]->id);
		if (bad.n)
			qsort(bad.v, bad.n, sizeof(*bad.v), cmp_str);
	}
	return bad.n ? cycle_err(kind, &bad, err) : 0;
}

/*
 * norm_down (rule 4.4): drop the dependencies that a strict versioned
 * ancestor already declares.  Before normalisation REL_ANC would follow
 * norm_down, so the all_down edges stand in for it (same closure).
 */
static void normalize_deps(struct revmap *m)
{
	size_t n = m->nrevs;
	size_t *cnt = rt_xcalloc(n + 1, sizeof(size_t));
	size_t *start = rt_xcalloc(n + 2, sizeof(size_t));
	struct revision **decl;

	/* Declarers of each dependency target, as a CSR table. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < m->revs[i]->ndeps; j++)
			cnt[m->revs[i]->deps[j]->index]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] = start[i] + cnt[i];
	decl = rt_xmalloc((start[n] + 1) * sizeof(*decl));
	memset(cnt, 0, (n + 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < m->revs[i]->ndeps; j++) {
			size_t t = m->revs[i]->deps[j]->index;

			decl[start[t] + cnt[t]++] = m->revs[i];
		}
	for (size_t i = 0; i < n; i++) {
		struct revision *r = m->revs[i];

		if (!r->ndeps && r->ndown < 2) {
			r->norm_down = r->down;
			r->nnorm_down = r->ndown;
			continue;
		}
		r->norm_down = rev_array(m, r->nall_down);
		r->nnorm_down = 0;
		for (size_t j = 0; j < r->ndown; j++) {
			bool dup = false;

			for (size_t k = 0; k < r->nnorm_down && !dup; k++)
				dup = r->norm_down[k] == r->down[j];
			if (!dup)
				r->norm_down[r->nnorm_down++] = r->down[j];
		}
		for (size_t j = 0; j < r->ndeps; j++) {
			struct revision *d = r->deps[j];
			size_t t = d->index;
			bool drop = false;

			for (size_t k = start[t]; k < start[t + 1] && !drop;
			     k++)
				drop = decl[k] != r &&
					revmap_is_vancestor(m, decl[k], r);
			for (size_t k = 0; k < r->nnorm_down && !drop; k++)
				drop = r->norm_down[k] == d;
			if (!drop)
				r->norm_down[r->nnorm_down++] = d;
		}
	}
	free(cnt);
	free(start);
	free(decl);
}

/* ---- effective labels (rule 4.10) ---- */

/*
 * A label set: label ranks (byte-wise order of the names), ascending,
 * in the arena.  Revisions share one set whenever theirs are equal by
 * construction (a chain without new labels), so building every set
 * costs O(n + L log L) plus the unions at merge points and labelled
 * revisions, not O(n * L) (L: labels in the project).
 */
struct lset {
	uint32_t *v;
	size_t n;
	const char **names;	/* rank -> name, built once per set */
	const char *text;	/* names joined by ", ", with names */
};

struct labelctx {
	struct revmap *m;
	const char **byrank;	/* every declared label, sorted */
	struct lset **decl;	/* per revision: its declared labels */
};

/* Union of two sets; returns a or b when one contains the other. */
static struct lset *lset_union(struct revmap *m, struct lset *a,
			       struct lset *b)
{
	struct lset *u;
	size_t i = 0, j = 0, k = 0;

	if (!a || a == b)
		return b;
	if (!b)
		return a;
	u = arena_alloc(m->arena, sizeof(*u));
	u->v = arena_alloc(m->arena, (a->n + b->n) * sizeof(*u->v));
	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && a->v[i] < b->v[j])) {
			u->v[k++] = a->v[i++];
		} else if (i == a->n || b->v[j] < a->v[i]) {
			u->v[k++] = b->v[j++];
		} else {
			u->v[k++] = a->v[i++];
			j++;
		}
	}
	u->n = k;
	return k == a->n ? a : k == b->n ? b : u;
}

struct lblref {
	const char *label;
	struct revision *rev;
};

static int cmp_lblref(const void *a, const void *b)
{
	return strcmp(((const struct lblref *)a)->label,
		      ((const struct lblref *)b)->label);
}

/* Rank every declared label and give each revision its own set. */
static void declared_sets(struct labelctx *c)
{
	struct revmap *m = c->m;
	struct revmap_priv *p = m->priv;
	size_t nl = p->nnames - m->nrevs;
	struct lblref *v = rt_xmalloc((nl + 1) * sizeof(*v));

	for (size_t i = 0; i < nl; i++) {
		v[i].label = p->names[m->nrevs + i];
		v[i].rev = p->name_revs[m->nrevs + i];
	}
	qsort(v, nl, sizeof(*v), cmp_lblref);
	c->byrank = arena_alloc(m->arena, (nl + 1) * sizeof(char *));
	c->decl = rt_xcalloc(m->nrevs + 1, sizeof(*c->decl));
	/* ranks ascend, so each revision's array comes out sorted */
	for (size_t i = 0; i < nl; i++) {
		struct lset **d = &c->decl[v[i].rev->index];

		c->byrank[i] = v[i].label;
		if (!*d) {
			*d = arena_alloc(m->arena, sizeof(**d));
			(*d)->v = arena_alloc(m->arena,
					      v[i].rev->file->nlabels *
					      sizeof(uint32_t));
		}
		(*d)->v[(*d)->n++] = (uint32_t)i;
	}
	free(v);
}

static void set_labels(struct labelctx *c, struct revision *r,
		       struct lset *l)
{
	static const char *none[1];

	if (!l || !l->n) {
		r->labels = none;
		r->nlabels = 0;
		r->labels_text = "";
		return;
	}
	if (!l->names) {
		struct rt_buf b = RT_BUF_INIT;

		l->names = arena_alloc(c->m->arena, l->n * sizeof(char *));
		for (size_t i = 0; i < l->n; i++)
			l->names[i] = c->byrank[l->v[i]];
		rt_buf_join(&b, l->names, l->n, ", ");
		l->text = arena_strndup(c->m->arena, b.buf, b.len);
		rt_buf_release(&b);
	}
	r->labels = l->names;
	r->nlabels = l->n;
	r->labels_text = l->text;
}

/*
 * Alembic's _add_branches, for all labelled revisions X at once:
 *  1. upward: up(r) = declared(r) + up(d) for every versioned down d,
 *     i.e. the labels of every labelled versioned ancestor;
 *  2. downward: Alembic walks down from the last revision of VDesc(X)
 *     while revisions are neither real branch points nor merge points.
 *     That passes X only when VDesc(X) is a chain of such "plain"
 *     revisions (otherwise the walk meets a branch or merge point
 *     first and labels nothing new), and then it labels the plain
 *     revisions below X down to the first non-plain one.  So a plain
 *     revision whose versioned descendants form a plain chain (flag
 *     "top_plain") ends up with the labels of the chain's top: up(top).
 */
static void effective_labels(struct revmap *m)
{
	struct labelctx c = { m, NULL, NULL };
	struct revision **topo = m->priv->topo;
	struct lset **up = rt_xcalloc(m->nrevs + 1, sizeof(*up));
	struct lset **eff = rt_xcalloc(m->nrevs + 1, sizeof(*eff));
	bool *top_plain = rt_xcalloc(m->nrevs + 1, sizeof(*top_plain));
	const unsigned stop = REV_REAL_BRANCH_POINT | REV_MERGE_POINT;

	declared_sets(&c);
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = topo[i];
		struct lset *l = c.decl[r->index];

		for (size_t j = 0; j < r->ndown; j++)
			l = lset_union(m, l, up[r->down[j]->index]);
		up[r->index] = l;
	}
	for (size_t i = m->nrevs; i-- > 0;) {
		struct revision *r = topo[i], *ch;

		ch = r->nchildren ? r->children[0] : NULL;
		/* plain: at most one child (versioned or not) */
		top_plain[r->index] = !(r->flags & stop) &&
			(!ch || top_plain[ch->index]);
		eff[r->index] = top_plain[r->index] && ch ?
			eff[ch->index] : up[r->index];
	}
	for (size_t i = 0; i < m->nrevs; i++)
		set_labels(&c, m->revs[i], eff[i]);
	free(c.decl);
	free(up);
	free(eff);
	free(top_plain);
}


int revmap_build(struct revmap **out, struct rt_arena *a,
		 const struct rev_file *revs, size_t n, struct rt_err *err)
{
	struct revmap *m = arena_alloc(a, sizeof(*m));
	int rc;

	*out = NULL;
	m->arena = a;
	m->priv = arena_alloc(a, sizeof(*m->priv));
	strmap_init(&m->names);
	m->nrevs = n;
	m->revs = rev_array(m, n);
	for (size_t i = 0; i < n; i++) {
		struct revision *r = arena_alloc(a, sizeof(*r));

		r->id = revs[i].id;
		r->file = &revs[i];
		r->index = i;
		m->revs[i] = r;
		if ((rc = check_file(r, err)) < 0)
			goto fail;
	}
	if ((rc = build_names(m, err)) < 0 ||
	    (rc = resolve_links(m, err)) < 0)
		goto fail;
	link_children(m);
	set_flags(m);
	/* Cycle checks use down/all_down only (norm_down is not built). */
	for (size_t i = 0; i < n; i++) {
		m->revs[i]->norm_down = m->revs[i]->all_down;
		m->revs[i]->nnorm_down = m->revs[i]->nall_down;
	}
	if (!acyclic(m) && ((rc = cycle_pass(m, false, err)) < 0 ||
			     (rc = cycle_pass(m, true, err)) < 0))
		goto fail;
	normalize_deps(m);
	effective_labels(m);
	*out = m;
	return 0;
fail:
	revmap_free(m);
	return rc;
}
