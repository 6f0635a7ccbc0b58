/*
 * revgraph.c: the helpers shared by the revision-map code: revision sets
 * and closures (rule 4.6), the lazily built ancestor index, and Alembic's
 * exception model with its CLI translation (_catch_revision_errors).
 */
#include "revmap_int.h"

#include "base/buf.h"
#include "base/pycompat.h"

struct revision revmap_none_, revmap_basesym_;

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
			pyc_repr(&b, id->v[i], strlen(id->v[i]));
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

/*
 * Ancestry of one relation (versioned downs, or all downs), in O(n)
 * words plus a bitset per merge: every revision with exactly one parent
 * hangs below it in a forest whose roots are the others (bases, merges,
 * revisions with dependencies).  a is an ancestor of b when a is on b's
 * path up to its root (Euler-tour intervals), or when a is in the
 * root's ancestor set: a bitset, kept only for roots with two or more
 * parents.  Branchy histories have a few hundred such roots, where a
 * full matrix would cost n^2 bits.
 */
struct anc_index {
	uint32_t *tin, *tout;
	uint32_t *row;			/* 1 + the row of b's root; 0: none */
	uint64_t *rows;			/* nw words per row (malloc'd) */
	size_t nw;
};

static size_t npar(const struct revision *r, bool versioned)
{
	return versioned ? r->ndown : r->nall_down;
}

static struct revision *first_par(const struct revision *r, bool versioned)
{
	return versioned ? r->down[0] : r->all_down[0];
}

#define NO_PAR UINT32_MAX

/*
 * The forest in flat arrays (a few hundred KB at 10,000 revisions, where
 * walking the revision structs was a cache miss per step): par1[i], the
 * only parent of revision i (NO_PAR for roots), and each revision's
 * children in it as CSR lists (kids[start[i]..start[i + 1]), load order).
 */
struct forest {
	uint32_t *par1, *start, *kids;
};

static void forest_build(struct forest *f, struct revmap *m, bool versioned)
{
	size_t n = m->nrevs;

	f->par1 = rt_xmalloc((n + 1) * sizeof(uint32_t));
	f->start = rt_xcalloc(n + 2, sizeof(uint32_t));
	f->kids = rt_xmalloc((n + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		const struct revision *r = m->revs[i];

		f->par1[i] = npar(r, versioned) == 1 ?
			(uint32_t)first_par(r, versioned)->index : NO_PAR;
		if (f->par1[i] != NO_PAR)
			f->start[f->par1[i] + 2]++;
	}
	for (size_t i = 0; i < n; i++)
		f->start[i + 2] += f->start[i + 1];
	/* start[p + 1] runs over p's slots, ending where p + 1's begin */
	for (size_t i = 0; i < n; i++)
		if (f->par1[i] != NO_PAR)
			f->kids[f->start[f->par1[i] + 1]++] = (uint32_t)i;
}

static void forest_free(struct forest *f)
{
	free(f->par1);
	free(f->start);
	free(f->kids);
}

/* The Euler tour of the forest; row[] from the roots. */
static void tour(const struct forest *f, struct anc_index *ix, size_t n)
{
	uint32_t *stack = rt_xmalloc((n + 1) * sizeof(*stack));
	uint32_t *next = rt_xmalloc((n + 1) * sizeof(*next));
	size_t t = 0, sp;

	memcpy(next, f->start, n * sizeof(*next));
	for (size_t root = 0; root < n; root++) {
		if (f->par1[root] != NO_PAR)
			continue;
		sp = 0;
		stack[sp++] = (uint32_t)root;
		ix->tin[root] = (uint32_t)t++;
		while (sp) {
			uint32_t r = stack[sp - 1], c;

			if (next[r] < f->start[r + 1]) {
				c = f->kids[next[r]++];
				ix->tin[c] = (uint32_t)t++;
				ix->row[c] = ix->row[r];
				stack[sp++] = c;
			} else {
				ix->tout[r] = (uint32_t)t++;
				sp--;
			}
		}
	}
	free(stack);
	free(next);
}

/* The ancestor set of root r (two or more parents) into its row. */
static void fill_row(struct anc_index *ix, const struct forest *f,
		     const struct revision *r, bool versioned)
{
	uint64_t *row = ix->rows + (ix->row[r->index] - 1) * ix->nw;
	size_t np = npar(r, versioned);
	struct revision **par = versioned ? r->down : r->all_down;

	for (size_t j = 0; j < np; j++) {
		uint32_t x = (uint32_t)par[j]->index;

		/* Up the forest to x's root; a revision already in the set
		 * has its ancestors there too (the set stays closed). */
		for (;;) {
			uint64_t bit = (uint64_t)1 << (x % 64);

			if (row[x / 64] & bit)
				break;
			row[x / 64] |= bit;
			if (f->par1[x] == NO_PAR) {
				const uint64_t *rr;

				if (!ix->row[x])
					break;
				rr = ix->rows + (ix->row[x] - 1) * ix->nw;
				for (size_t k = 0; k < ix->nw; k++)
					row[k] |= rr[k];
				break;
			}
			x = f->par1[x];
		}
	}
}

static struct anc_index *build_index(struct revmap *m, bool versioned)
{
	struct anc_index *ix = arena_alloc(m->arena, sizeof(*ix));
	size_t n = m->nrevs, nrows = 0;
	struct revision **topo;
	struct forest f;

	ix->nw = (n + 63) / 64;
	ix->tin = arena_alloc(m->arena, (n + 1) * sizeof(uint32_t));
	ix->tout = arena_alloc(m->arena, (n + 1) * sizeof(uint32_t));
	ix->row = arena_alloc(m->arena, (n + 1) * sizeof(uint32_t));
	forest_build(&f, m, versioned);
	for (size_t i = 0; i < n; i++)
		if (f.par1[i] == NO_PAR && npar(m->revs[i], versioned) >= 2)
			ix->row[i] = (uint32_t)++nrows;
	tour(&f, ix, n);
	if (nrows) {
		ix->rows = rt_xcalloc(nrows * ix->nw, sizeof(uint64_t));
		topo = m->priv->topo;
		for (size_t i = 0; i < n; i++)
			if (npar(topo[i], versioned) >= 2)
				fill_row(ix, &f, topo[i], versioned);
	}
	forest_free(&f);
	return ix;
}

/* Whether a is b or one of its ancestors. */
static bool is_anc(struct revmap *m, const struct revision *a,
		   const struct revision *b, bool versioned)
{
	struct anc_index **slot = &m->priv->anc[versioned];
	const struct anc_index *ix;
	uint32_t row;

	if (!*slot)
		*slot = build_index(m, versioned);
	ix = *slot;
	if (ix->tin[a->index] <= ix->tin[b->index] &&
	    ix->tout[b->index] <= ix->tout[a->index])
		return true;
	row = ix->row[b->index];
	return row && ((ix->rows[(row - 1) * ix->nw + a->index / 64] >>
			(a->index % 64)) & 1);
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
	const char *key;
	struct revision *r = strmap_get_key(&m->names, id, &key);

	/* ids are keyed by the revision's own id string, labels not */
	return r && key == r->id ? r : NULL;
}

void revmap_free(struct revmap *m)
{
	if (!m)
		return;
	strmap_release(&m->names);
	if (m->priv) {
		for (size_t i = 0; i < 2; i++)
			if (m->priv->anc[i])
				free(m->priv->anc[i]->rows);
	}
}
