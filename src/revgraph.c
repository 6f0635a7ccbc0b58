/*
 * revgraph.c: the helpers shared by the revision-map code: revision sets
 * and closures (rule 4.6), the lazily built ancestor index, and Alembic's
 * exception model with its CLI translation (_catch_revision_errors).
 */
#include "revmap_int.h"

#include "buf.h"

struct revision revmap_none_, revmap_basesym_;

/* Above this many revisions the ancestor matrices (n^2 bits) are not
 * built and membership tests fall back to a pruned search. */
#define REVMAP_MATRIX_MAX 20000

/* ---- small containers ---- */

void revset_init(struct revset *s, struct revmap *m)
{
	s->nw = (m->nrevs + 63) / 64;
	s->w = arena_alloc(m->arena, (s->nw ? s->nw : 1) * sizeof(uint64_t));
}

bool revset_empty(const struct revset *s)
{
	for (size_t i = 0; i < s->nw; i++)
		if (s->w[i])
			return false;
	return true;
}

void revlist_push(struct revmap *m, struct revlist *l, struct revision *r)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 8;
		struct revision **v = arena_alloc(m->arena, na * sizeof(*v));

		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->alloc = na;
	}
	l->v[l->n++] = r;
}

void strlist_push(struct revmap *m, struct strlist *l, const char *s)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 8;
		const char **v = arena_alloc(m->arena, na * sizeof(*v));

		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->alloc = na;
	}
	l->v[l->n++] = s;
}

/* ---- Python value texts ---- */

bool pyid_truthy(const struct pyid *id)
{
	if (id->kind == PY_STR)
		return id->s[0] != '\0';
	if (id->kind == PY_TUPLE)
		return id->n > 0;
	return false;
}

/* repr() of a str: single quotes unless it holds ' and no ". */
static void py_repr(struct rt_buf *b, const char *s)
{
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	rt_buf_addch(b, q);
	for (; *s; s++) {
		if (*s == q || *s == '\\')
			rt_buf_addch(b, '\\');
		rt_buf_addch(b, *s);
	}
	rt_buf_addch(b, q);
}

const char *pyid_fmt(char *out, size_t outsz, const struct pyid *id)
{
	struct rt_buf b = RT_BUF_INIT;

	if (id->kind == PY_NONE) {
		rt_buf_adds(&b, "None");
	} else if (id->kind == PY_STR) {
		rt_buf_adds(&b, id->s);
	} else {
		rt_buf_addch(&b, '(');
		for (size_t i = 0; i < id->n; i++) {
			if (i)
				rt_buf_adds(&b, ", ");
			py_repr(&b, id->v[i]);
		}
		rt_buf_adds(&b, id->n == 1 ? ",)" : ")");
	}
	snprintf(out, outsz, "%s", b.buf);
	rt_buf_release(&b);
	return out;
}

/* ---- exceptions ---- */

int rx_raise(struct revmap *m, enum rx_kind kind, const char *type,
	     const char *arg, const char *fmt, ...)
{
	struct rexc *x = &m->priv->exc;
	va_list ap;

	if (x->kind != RX_NONE)
		return RX_FAIL;
	x->kind = kind;
	x->type = type;
	snprintf(x->arg, sizeof(x->arg), "%s", arg ? arg : "");
	va_start(ap, fmt);
	vsnprintf(x->msg, sizeof(x->msg), fmt, ap);
	va_end(ap);
	return RX_FAIL;
}

int rx_range(struct revmap *m, const struct pyid *lower,
	     const struct pyid *upper)
{
	struct rexc *x = &m->priv->exc;
	char lo[RX_TEXT_MAX], up[RX_TEXT_MAX];

	if (x->kind != RX_NONE)
		return RX_FAIL;
	pyid_fmt(lo, sizeof(lo), lower);
	pyid_fmt(up, sizeof(up), upper);
	rx_raise(m, RX_RANGE, "RangeNotAncestorError", NULL,
		 "Revision %s is not an ancestor of revision %s",
		 pyid_truthy(lower) ? lo : "base",
		 pyid_truthy(upper) ? up : "base");
	snprintf(x->lower, sizeof(x->lower), "%s", lo);
	snprintf(x->upper, sizeof(x->upper), "%s", up);
	return RX_FAIL;
}

int rx_need_revisions(struct revmap *m, struct revision *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!rev_is_real(v[i]))
			return rx_raise(m, RX_CRASH, "AssertionError", NULL,
					"%s", "");
	return 0;
}

/* Substitute {start} and {end} in a catch template. */
static void fill_template(struct rt_buf *b, const char *tpl,
			  const char *start, const char *end)
{
	while (*tpl) {
		if (!strncmp(tpl, "{start}", 7)) {
			rt_buf_adds(b, start);
			tpl += 7;
		} else if (!strncmp(tpl, "{end}", 5)) {
			rt_buf_adds(b, end);
			tpl += 5;
		} else {
			rt_buf_addch(b, *tpl++);
		}
	}
}

int rx_translate(struct revmap *m, const struct rx_catch *c,
		 struct rt_err *err)
{
	static const struct rx_catch none;
	struct rexc *x = &m->priv->exc;
	struct rt_buf b = RT_BUF_INIT;
	int code = RT_ECOMMAND;

	if (!c)
		c = &none;
	snprintf(m->detail, sizeof(m->detail), "%s", x->msg);
	m->detail_type = x->type;
	switch (x->kind) {
	case RX_RANGE:
		fill_template(&b, c->ancestor ? c->ancestor :
			      "Requested range {start}:{end} does not refer to "
			      "ancestor/descendant revisions along the same "
			      "branch",
			      c->start ? c->start : x->lower,
			      c->end ? c->end : x->upper);
		break;
	case RX_MULTIHEADS:
		code = RT_EAMBIGUOUS;
		fill_template(&b, c->multiple_heads ? c->multiple_heads :
			      "Multiple head revisions are present for given "
			      "argument '{end}'; please specify a specific "
			      "target revision, '<branchname>@{end}' to narrow "
			      "to a specific head, or 'heads' for all heads",
			      "", c->end && *c->end ? c->end : x->arg);
		break;
	case RX_RESOLUTION:
		code = strncmp(x->msg, "Multiple", 8) ? RT_ENOTFOUND :
			RT_EAMBIGUOUS;
		rt_buf_addf(&b, "Can't locate revision identified by '%s'",
			    x->arg);
		break;
	case RX_REVISION:
		rt_buf_adds(&b, x->msg);
		break;
	case RX_CRASH:
	case RX_NONE:
		code = RT_ERROR;
		rt_buf_addf(&b, "%s%s%s", x->type ? x->type : "Error",
			    x->msg[0] ? ": " : "", x->msg);
		break;
	}
	rt_errf(err, code, NULL, "%s", b.buf);
	rt_buf_release(&b);
	x->kind = RX_NONE;
	return code;
}

/* ---- closures ---- */

static struct revision **rel_edges(const struct revision *r, enum rel rel,
				   size_t *n)
{
	switch (rel) {
	case REL_ANC:
		*n = r->nnorm_down;
		return r->norm_down;
	case REL_VANC:
		*n = r->ndown;
		return r->down;
	case REL_DESC:
		*n = r->nall_children;
		return r->all_children;
	case REL_VDESC:
	default:
		*n = r->nchildren;
		return r->children;
	}
}

void revmap_closure(struct revmap *m, struct revset *out,
		    struct revision *const *seeds, size_t n, enum rel rel)
{
	struct revset seen;
	struct revision **stack;
	size_t sp = 0, cap = m->nrevs + 1;

	if (!n)
		return;
	revset_init(&seen, m);
	stack = rt_xmalloc(cap * sizeof(*stack));
	for (size_t i = 0; i < n; i++) {
		if (revset_has(&seen, seeds[i]))
			continue;
		revset_add(&seen, seeds[i]);
		stack[sp++] = seeds[i];
		while (sp) {
			struct revision *r = stack[--sp];
			size_t ne;
			struct revision **e = rel_edges(r, rel, &ne);

			revset_add(out, r);
			for (size_t j = 0; j < ne; j++) {
				if (revset_has(&seen, e[j]))
					continue;
				revset_add(&seen, e[j]);
				stack[sp++] = e[j];
			}
		}
	}
	free(stack);
}

/* Report the overlaps found while walking from seeds[i]. */
static int overlap_error(struct revmap *m, struct revision *seed,
			 struct revision *const *seeds, size_t n,
			 const struct revset *hit)
{
	struct rt_buf b = RT_BUF_INIT;
	struct revset done;
	int rc;

	revset_init(&done, m);
	for (size_t i = 0; i < n; i++) {
		if (!rev_is_real(seeds[i]) || seeds[i] == seed ||
		    !revset_has(hit, seeds[i]) ||
		    revset_has(&done, seeds[i]))
			continue;
		revset_add(&done, seeds[i]);
		if (b.len)
			rt_buf_adds(&b, ", ");
		rt_buf_adds(&b, seeds[i]->id);
	}
	rc = rx_raise(m, RX_REVISION, "RevisionError", NULL,
		      "Requested revision %s overlaps with other requested "
		      "revisions %s", seed->id, b.buf);
	rt_buf_release(&b);
	return rc;
}

int revmap_closure_check(struct revmap *m, struct revset *out,
			 struct revision *const *seeds, size_t n,
			 enum rel rel)
{
	struct revset seen, isseed, hit;
	struct revision **stack;
	size_t cap = 1;
	int rc = 0;

	if (!n)
		return 0;
	revset_init(&seen, m);
	revset_init(&isseed, m);
	revset_init(&hit, m);
	for (size_t i = 0; i < n; i++) {
		if (rev_is_real(seeds[i]))
			revset_add(&isseed, seeds[i]);
		cap += 1;
	}
	for (size_t i = 0; i < m->nrevs; i++)
		cap += m->revs[i]->nall_down + m->revs[i]->nall_children;
	stack = rt_xmalloc(cap * sizeof(*stack));
	/* Alembic's walk: every pop counts for the overlap test, even of
	 * revisions already seen from an earlier seed (revision.py
	 * _iterate_related_revisions).  Seeds are checked one at a time:
	 * an earlier seed's overlap error wins over a later non-revision
	 * (e.g. history -r=-2: with heads overwalking, rule 6.9 step 3). */
	for (size_t i = 0; i < n && !rc; i++) {
		size_t sp = 0;
		bool any = false;

		if (!rev_is_real(seeds[i])) {
			rc = rx_need_revisions(m, seeds + i, 1);
			break;
		}
		memset(hit.w, 0, hit.nw * sizeof(uint64_t));
		stack[sp++] = seeds[i];
		while (sp) {
			struct revision *r = stack[--sp];
			size_t ne;
			struct revision **e;

			if (r != seeds[i] && revset_has(&isseed, r)) {
				revset_add(&hit, r);
				any = true;
			}
			if (revset_has(&seen, r))
				continue;
			revset_add(&seen, r);
			revset_add(out, r);
			e = rel_edges(r, rel, &ne);
			for (size_t j = 0; j < ne; j++)
				stack[sp++] = e[j];
		}
		if (any)
			rc = overlap_error(m, seeds[i], seeds, n, &hit);
	}
	free(stack);
	return rc;
}

/* ---- ancestor index ---- */

/* Parents (all_down) before children; the graph is acyclic here. */
static void build_topo(struct revmap *m)
{
	struct revmap_priv *p = m->priv;
	size_t n = m->nrevs, head = 0, tail = 0;
	size_t *indeg = rt_xcalloc(n ? n : 1, sizeof(*indeg));

	p->topo = arena_alloc(m->arena, (n ? n : 1) * sizeof(*p->topo));
	for (size_t i = 0; i < n; i++) {
		indeg[i] = m->revs[i]->nall_down;
		if (!indeg[i])
			p->topo[tail++] = m->revs[i];
	}
	while (head < tail) {
		struct revision *r = p->topo[head++];

		for (size_t j = 0; j < r->nall_children; j++)
			if (--indeg[r->all_children[j]->index] == 0)
				p->topo[tail++] = r->all_children[j];
	}
	free(indeg);
}

/* Euler tour of the forest (no merges, no dependencies). */
static void build_tree_index(struct revmap *m)
{
	struct revmap_priv *p = m->priv;
	size_t n = m->nrevs, t = 0;
	struct revision **stack = rt_xmalloc((n + 1) * sizeof(*stack));
	size_t *next = rt_xcalloc(n + 1, sizeof(*next));

	p->tin = arena_alloc(m->arena, (n + 1) * sizeof(size_t));
	p->tout = arena_alloc(m->arena, (n + 1) * sizeof(size_t));
	for (size_t b = 0; b < m->nbases; b++) {
		size_t sp = 0;

		stack[sp++] = m->bases[b];
		p->tin[m->bases[b]->index] = t++;
		while (sp) {
			struct revision *r = stack[sp - 1];

			if (next[r->index] < r->nchildren) {
				struct revision *c;

				c = r->children[next[r->index]++];

				p->tin[c->index] = t++;
				stack[sp++] = c;
			} else {
				p->tout[r->index] = t++;
				sp--;
			}
		}
	}
	free(stack);
	free(next);
}

static uint64_t *build_matrix(struct revmap *m, bool versioned)
{
	struct revmap_priv *p = m->priv;
	size_t nw = p->nw;
	uint64_t *mat = rt_xcalloc(m->nrevs * nw + 1, sizeof(uint64_t));

	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = p->topo[i];
		uint64_t *row = mat + r->index * nw;
		size_t ne = versioned ? r->ndown : r->nall_down;
		struct revision **e = versioned ? r->down : r->all_down;

		row[r->index / 64] |= (uint64_t)1 << (r->index % 64);
		for (size_t j = 0; j < ne; j++) {
			const uint64_t *pr = mat + e[j]->index * nw;

			for (size_t k = 0; k < nw; k++)
				row[k] |= pr[k];
		}
	}
	return mat;
}

static void ensure_index(struct revmap *m)
{
	struct revmap_priv *p = m->priv;

	if (p->index_built)
		return;
	p->index_built = true;
	p->nw = (m->nrevs + 63) / 64;
	if (!p->has_merges_or_deps)
		build_tree_index(m);
	else if (m->nrevs > REVMAP_MATRIX_MAX)
		p->mark = rt_xcalloc(m->nrevs + 1, sizeof(unsigned));
	else
		build_topo(m);
}

/* Fallback: search down from b, pruned by topological position. */
static bool search_ancestor(struct revmap *m, const struct revision *a,
			    const struct revision *b, bool versioned)
{
	struct revmap_priv *p = m->priv;
	struct revision **stack;
	size_t sp = 0;
	bool found = false;

	if (++p->gen == 0) {
		memset(p->mark, 0, m->nrevs * sizeof(unsigned));
		p->gen = 1;
	}
	stack = rt_xmalloc((m->nrevs + 1) * sizeof(*stack));
	stack[sp++] = (struct revision *)b;
	p->mark[b->index] = p->gen;
	while (sp && !found) {
		struct revision *r = stack[--sp];
		size_t ne = versioned ? r->ndown : r->nall_down;
		struct revision **e = versioned ? r->down : r->all_down;

		if (r == a) {
			found = true;
			break;
		}
		for (size_t j = 0; j < ne; j++) {
			if (p->mark[e[j]->index] == p->gen)
				continue;
			p->mark[e[j]->index] = p->gen;
			stack[sp++] = e[j];
		}
	}
	free(stack);
	return found;
}

static bool is_anc(struct revmap *m, const struct revision *a,
		   const struct revision *b, bool versioned)
{
	struct revmap_priv *p = m->priv;
	uint64_t **mat = versioned ? &p->anc_v : &p->anc_all;

	ensure_index(m);
	if (!p->has_merges_or_deps)
		return p->tin[a->index] <= p->tin[b->index] &&
			p->tout[b->index] <= p->tout[a->index];
	if (m->nrevs > REVMAP_MATRIX_MAX)
		return search_ancestor(m, a, b, versioned);
	if (!*mat)
		*mat = build_matrix(m, versioned);
	return ((*mat)[b->index * p->nw + a->index / 64] >>
		(a->index % 64)) & 1;
}

bool revmap_is_ancestor(struct revmap *m, const struct revision *a,
			const struct revision *b)
{
	return is_anc(m, a, b, false);
}

bool revmap_is_vancestor(struct revmap *m, const struct revision *a,
			 const struct revision *b)
{
	return is_anc(m, a, b, true);
}

struct revision *revmap_lookup(const struct revmap *m, const char *id)
{
	struct revision *r = strmap_get(&m->names, id);

	return r && !strcmp(r->id, id) ? r : NULL;
}

void revmap_free(struct revmap *m)
{
	if (!m)
		return;
	strmap_release(&m->names);
	if (m->priv) {
		free(m->priv->anc_all);
		free(m->priv->anc_v);
		free(m->priv->mark);
	}
}
