/*
 * revresolve.c: resolving revision identifiers (spec §5.A-5.C): ports of
 * Alembic's RevisionMap.get_revisions, get_revision, _revision_for_ident,
 * _resolve_branch, filter_for_lineage, _walk and _get_all_current, with
 * the same errors (revision.py in Alembic 1.8.1).
 */
#include "revmap_int.h"

#include "base/buf.h"
#include "base/pycompat.h"

#include <ctype.h>
#include <limits.h>

/* Python len() of a UTF-8 string: code points. */
static size_t py_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static bool truthy(const char *s)
{
	return s && *s;
}

static void ids_of(struct revmap *m, struct strlist *out,
		   struct revision *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strlist_push(m, out, v[i]->id);
}

int rm_current_head(struct revmap *m, struct revision **out,
		    const char *branch)
{
	struct strlist heads = { 0 }, f = { 0 };
	const struct strlist *h = &heads;
	int rc;

	*out = NULL;
	ids_of(m, &heads, m->heads, m->nheads);
	if (truthy(branch)) {
		if ((rc = rm_filter_strs(m, &f, heads.v, heads.n, branch,
					 false)) < 0)
			return rc;
		h = &f;
	}
	if (h->n > 1) {
		struct rt_buf b = RT_BUF_INIT;
		char arg[RX_TEXT_MAX];

		for (size_t i = 0; i < h->n; i++)
			rt_buf_addf(&b, "%s%s", i ? ", " : "", h->v[i]);
		if (truthy(branch))
			snprintf(arg, sizeof(arg), "%s@head", branch);
		else
			snprintf(arg, sizeof(arg), "head");
		rc = rx_raise(m, RX_MULTIHEADS, "MultipleHeads", arg,
			      "Multiple heads are present for given argument "
			      "'%s'; %s", arg, b.buf);
		rt_buf_release(&b);
		return rc;
	}
	if (h->n)
		*out = revmap_lookup(m, h->v[0]);
	return 0;
}

int rm_resolve_number(struct revmap *m, struct strlist *ids,
		      const char **branch, const struct pyid *id)
{
	const char *s = id->s, *at;
	struct revision *h;
	int rc;

	*branch = NULL;
	if (id->kind == PY_TUPLE) {
		for (size_t i = 0; i < id->n; i++)
			strlist_push(m, ids, id->v[i]);
		return 0;
	}
	if (id->kind == PY_NONE)
		return 0;
	if ((at = strchr(s, '@'))) {
		*branch = arena_strndup(m->arena, s, (size_t)(at - s));
		s = at + 1;
	}
	if (!strcmp(s, "heads")) {
		struct strlist heads = { 0 };

		if (!truthy(*branch)) {
			ids_of(m, ids, m->real_heads, m->nreal_heads);
			return 0;
		}
		ids_of(m, &heads, m->heads, m->nheads);
		return rm_filter_strs(m, ids, heads.v, heads.n, *branch,
				      false);
	}
	if (!strcmp(s, "head")) {
		if ((rc = rm_current_head(m, &h, *branch)) < 0)
			return rc;
		if (h)
			strlist_push(m, ids, h->id);
		return 0;
	}
	if (!strcmp(s, "base"))
		return 0;
	strlist_push(m, ids, s);
	return 0;
}

int rm_resolve_branch(struct revmap *m, struct revision **out,
		      const char *label)
{
	struct revmap_priv *p = m->priv;
	int rc;

	if ((*out = strmap_get(&m->names, label)))
		return 0;
	rc = rm_revision_for_ident(m, out, label, NULL);
	if (rc < 0 && p->exc.kind == RX_RESOLUTION) {
		p->exc.kind = RX_NONE;
		return rx_raise(m, RX_RESOLUTION, "ResolutionError", label,
				"No such branch: '%s'", label);
	}
	return rc;
}

/* The prefix search of rule 5.1 step 3. */
static int prefix_search(struct revmap *m, struct revision **out,
			 const char *ident, const char *check_branch,
			 bool filter)
{
	struct revmap_priv *p = m->priv;
	struct strlist cand = { 0 }, f = { 0 };
	const struct strlist *c = &cand;
	size_t len = strlen(ident);
	int rc;

	for (size_t i = 0; i < p->nnames; i++)
		if (!strncmp(p->names[i], ident, len) &&
		    py_len(p->names[i]) > 3)
			strlist_push(m, &cand, p->names[i]);
	if (filter) {
		if ((rc = rm_filter_strs(m, &f, cand.v, cand.n, check_branch,
					 false)) < 0)
			return rc;
		c = &f;
	}
	if (!c->n)
		return rx_raise(m, RX_RESOLUTION, "ResolutionError", ident,
				"No such revision or branch '%s'%s", ident,
				py_len(ident) < 4 ?
				"; please ensure at least four characters "
				"are present for partial revision identifier "
				"matches" : "");
	if (c->n > 1) {
		struct rt_buf b = RT_BUF_INIT;

		for (size_t i = 0; i < c->n && i < 3; i++)
			rt_buf_addf(&b, "%s'%s'", i ? ", " : "", c->v[i]);
		rc = rx_raise(m, RX_RESOLUTION, "ResolutionError", ident,
			      "Multiple revisions start with '%s': %s...",
			      ident, b.buf);
		rt_buf_release(&b);
		return rc;
	}
	*out = strmap_get(&m->names, c->v[0]);
	return 0;
}

static bool shares_vlineage(struct revmap *m, struct revision *a,
			    struct revision *b)
{
	return revmap_is_vancestor(m, a, b) || revmap_is_vancestor(m, b, a);
}

int rm_revision_for_ident(struct revmap *m, struct revision **out,
			  const char *ident, const char *check_branch)
{
	struct revision *branch_rev = NULL, *rev;
	int rc;

	*out = NULL;
	if (truthy(check_branch) &&
	    (rc = rm_resolve_branch(m, &branch_rev, check_branch)) < 0)
		return rc;
	if (!ident)
		return 0;	/* Alembic's map[()] is None */
	if (!(rev = strmap_get(&m->names, ident))) {
		if (!*ident)
			return rx_raise(m, RX_CRASH, "AssertionError", NULL,
					"%s", "");
		if ((rc = prefix_search(m, &rev, ident, check_branch,
					branch_rev != NULL)) < 0)
			return rc;
	}
	if (truthy(check_branch) && !shares_vlineage(m, rev, branch_rev))
		return rx_raise(m, RX_RESOLUTION, "ResolutionError", ident,
				"Revision %s is not a member of branch '%s'",
				rev->id, check_branch);
	*out = rev;
	return 0;
}

/* The revisions a lineage test compares with: Alembic's "shares". */
static int lineage_union(struct revmap *m, struct revset *u,
			 const struct strlist *shares, bool with_deps)
{
	struct revlist revs = { 0 };
	struct revision *r;
	int rc;

	for (size_t i = 0; i < shares->n; i++) {
		if ((rc = rm_revision_for_ident(m, &r, shares->v[i],
						NULL)) < 0)
			return rc;
		revlist_push(m, &revs, r);
	}
	revset_init(u, m);
	revmap_closure(m, u, revs.v, revs.n, with_deps ? REL_ANC : REL_VANC);
	revmap_closure(m, u, revs.v, revs.n,
		       with_deps ? REL_DESC : REL_VDESC);
	return 0;
}

static int lineage_shares(struct revmap *m, struct strlist *shares,
			  const char *check_against)
{
	struct pyid id = pyid_str(check_against);
	struct strlist ids = { 0 };
	const char *branch;
	int rc;

	if ((rc = rm_resolve_number(m, &ids, &branch, &id)) < 0)
		return rc;
	if (truthy(branch))
		strlist_push(m, shares, branch);
	for (size_t i = 0; i < ids.n; i++)
		strlist_push(m, shares, ids.v[i]);
	return 0;
}

/*
 * filter_for_lineage: a target shares lineage with X iff X is in
 * Anc(target) or Desc(target), i.e. iff target is in Anc(X) or Desc(X):
 * one union of closures answers every target.
 */
int rm_filter_for_lineage(struct revmap *m, struct revlist *out,
			  struct revision *const *targets, size_t n,
			  const char *check_against, bool with_deps)
{
	struct strlist shares = { 0 };
	struct revset u;
	int rc;

	if ((rc = lineage_shares(m, &shares, check_against)) < 0)
		return rc;
	if (!n)
		return 0;
	if (!shares.n) {
		for (size_t i = 0; i < n; i++)
			revlist_push(m, out, targets[i]);
		return 0;
	}
	if (!rev_is_real(targets[0]))
		return rx_need_revisions(m, targets, 1);
	if ((rc = lineage_union(m, &u, &shares, with_deps)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!rev_is_real(targets[i]))
			return rx_need_revisions(m, targets + i, 1);
		if (revset_has(&u, targets[i]))
			revlist_push(m, out, targets[i]);
	}
	return 0;
}

int rm_filter_strs(struct revmap *m, struct strlist *out,
		   const char *const *targets, size_t n,
		   const char *check_against, bool with_deps)
{
	struct strlist shares = { 0 };
	struct revision *r;
	struct revset u;
	int rc;

	if ((rc = lineage_shares(m, &shares, check_against)) < 0)
		return rc;
	if (!n)
		return 0;
	if (!shares.n) {
		for (size_t i = 0; i < n; i++)
			strlist_push(m, out, targets[i]);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		/* Alembic resolves the first target before the shares. */
		if ((rc = rm_revision_for_ident(m, &r, targets[i],
						NULL)) < 0)
			return rc;
		if (!r)
			return rx_raise(m, RX_CRASH, "AssertionError", NULL,
					"%s", "");
		if (!i && (rc = lineage_union(m, &u, &shares,
					      with_deps)) < 0)
			return rc;
		if (revset_has(&u, r))
			strlist_push(m, out, targets[i]);
	}
	return 0;
}

int rm_get_revisions(struct revmap *m, struct revlist *out,
		     const struct pyid *id)
{
	struct strlist ids = { 0 };
	const char *branch;
	long long steps;
	struct revision *r;
	int rc;

	if (id->kind == PY_TUPLE) {
		for (size_t i = 0; i < id->n; i++) {
			struct pyid e = pyid_str(id->v[i]);

			if ((rc = rm_get_revisions(m, out, &e)) < 0)
				return rc;
		}
		return 0;
	}
	if ((rc = rm_resolve_number(m, &ids, &branch, id)) < 0)
		return rc;
	if (ids.n == 1 && pyc_int(ids.v[0], &steps) != PYC_INT_INVALID &&
	    steps < 0) {
		/* rule 5.5 "-N" / "L@-N": walk down from the real heads
		 * carrying label L ("is not None": "" filters everything) */
		for (size_t i = 0; i < m->nreal_heads; i++) {
			struct revision *h = m->real_heads[i];
			bool keep = !branch;

			for (size_t j = 0; branch && j < h->nlabels; j++)
				keep = keep || !strcmp(h->labels[j], branch);
			if (!keep)
				continue;
			if ((rc = rm_walk(m, &r, h, steps, NULL, true)) < 0)
				return rc;
			revlist_push(m, out, r ? r : REV_NONE);
		}
		return 0;
	}
	for (size_t i = 0; i < ids.n; i++) {
		if ((rc = rm_revision_for_ident(m, &r, ids.v[i],
						branch)) < 0)
			return rc;
		revlist_push(m, out, r ? r : REV_NONE);
	}
	return 0;
}

int rm_get_revision(struct revmap *m, struct revision **out,
		    const struct pyid *id)
{
	struct strlist ids = { 0 };
	const char *branch;
	int rc;

	*out = NULL;
	if ((rc = rm_resolve_number(m, &ids, &branch, id)) < 0)
		return rc;
	if (ids.n > 1) {
		struct rt_buf b = RT_BUF_INIT;
		char arg[RX_TEXT_MAX];

		pyid_fmt(arg, sizeof(arg), id);
		for (size_t i = 0; i < ids.n; i++)
			rt_buf_addf(&b, "%s%s", i ? ", " : "", ids.v[i]);
		rc = rx_raise(m, RX_MULTIHEADS, "MultipleHeads", arg,
			      "Multiple heads are present for given argument "
			      "'%s'; %s", arg, b.buf);
		rt_buf_release(&b);
		return rc;
	}
	return rm_revision_for_ident(m, out, ids.n ? ids.v[0] : NULL,
				     branch);
}

/* get_revisions() of a revision's down_revision value (str or tuple). */
static int down_revisions(struct revmap *m, struct revlist *out,
			  const struct revision *r)
{
	struct strlist ids = { 0 };
	struct pyid id;

	if (!r->ndown)
		return 0;
	if (r->ndown == 1) {
		id = pyid_str(r->down[0]->id);
	} else {
		ids_of(m, &ids, r->down, r->ndown);
		id = pyid_tuple(ids.v, ids.n);
	}
	return rm_get_revisions(m, out, &id);
}

static int walk_step(struct revmap *m, struct revlist *next,
		     struct revision *cur, bool up, const char *branch)
{
	struct strlist ids = { 0 };
	struct revlist all = { 0 };
	struct pyid id;
	int rc;

	if (up) {
		if (cur == REV_BASESYM)
			return rx_raise(m, RX_CRASH, "AssertionError", NULL,
					"%s", "");
		if (cur)
			ids_of(m, &ids, cur->children, cur->nchildren);
		else
			ids_of(m, &ids, m->bases, m->nbases);
		id = pyid_tuple(ids.v, ids.n);
		if ((rc = rm_get_revisions(m, &all, &id)) < 0)
			return rc;
		if (truthy(branch))
			return rm_filter_for_lineage(m, next, all.v, all.n,
						     branch, false);
		*next = all;
		return 0;
	}
	if (cur == REV_BASESYM)
		return 0;
	if (cur) {
		rc = down_revisions(m, next, cur);
	} else {
		ids_of(m, &ids, m->heads, m->nheads);
		id = pyid_tuple(ids.v, ids.n);
		rc = rm_get_revisions(m, next, &id);
	}
	if (rc < 0)
		return rc;
	if (!next->n)
		revlist_push(m, next, REV_BASESYM);
	return 0;
}

int rm_walk(struct revmap *m, struct revision **out, struct revision *start,
	    long long steps, const char *branch, bool no_overwalk)
{
	struct revision *cur = start;
	unsigned long long n = steps < 0 ? 0ULL - (unsigned long long)steps :
		(unsigned long long)steps;
	int rc;

	for (unsigned long long i = 0; i < n; i++) {
		struct revlist next = { 0 };

		if ((rc = walk_step(m, &next, cur, steps > 0, branch)) < 0)
			return rc;
		if (!next.n) {
			*out = no_overwalk ? NULL : cur;
			return 0;
		}
		if (next.n > 1)
			return rx_raise(m, RX_REVISION, "RevisionError", NULL,
					"Ambiguous walk");
		cur = next.v[0] == REV_NONE ? NULL : next.v[0];
	}
	*out = cur;
	return 0;
}

int rm_all_current(struct revmap *m, struct revlist *out,
		   const struct pyid *rows)
{
	struct revlist top = { 0 };
	struct revset s;
	int rc;

	if ((rc = rm_get_revisions(m, &top, rows)) < 0 ||
	    (rc = rx_need_revisions(m, top.v, top.n)) < 0)
		return rc;
	revset_init(&s, m);
	revmap_closure(m, &s, top.v, top.n, REL_ANC);
	/* Anc(top) is closed downwards, so a member has a versioned
	 * descendant in the set iff one of its versioned children is. */
	for (size_t i = 0; i < m->nrevs; i++) {
		struct revision *r = m->revs[i];
		bool covered = false;

		if (!revset_has(&s, r))
			continue;
		for (size_t j = 0; j < r->nchildren && !covered; j++)
			covered = revset_has(&s, r->children[j]);
		if (!covered)
			revlist_push(m, out, r);
	}
	return 0;
}

/* ---- public entry points ---- */

/* What show's `sc.log_entry` does with a None / "base" item. */
static int none_crash(struct revmap *m, struct revision *r)
{
	return rx_raise(m, RX_CRASH, "AttributeError", NULL,
			"'%s' object has no attribute 'log_entry'",
			r == REV_NONE ? "NoneType" : "str");
}

int revmap_get_revisions(struct revision ***out, size_t *nout,
			 struct revmap *m, const char *arg,
			 struct rt_err *err)
{
	struct revlist l = { 0 };
	struct pyid id = pyid_str(arg);
	int rc;

	*out = NULL;
	*nout = 0;
	m->detail[0] = '\0';
	m->detail_type = NULL;
	if ((rc = rm_get_revisions(m, &l, &id)) < 0)
		return rx_translate(m, NULL, err);
	/* Alembic builds the whole tuple (walk errors come first), then
	 * its caller uses the items in order until a non-revision. */
	*out = l.v ? l.v : arena_alloc(m->arena, sizeof(*l.v));
	for (size_t i = 0; i < l.n; i++)
		if (!rev_is_real(l.v[i])) {
			*nout = i;
			none_crash(m, l.v[i]);
			return rx_translate(m, NULL, err);
		}
	*nout = l.n;
	return 0;
}

int revmap_get_revision(struct revision **out, struct revmap *m,
			const char *arg, struct rt_err *err)
{
	struct pyid id = pyid_str(arg);

	m->detail[0] = '\0';
	m->detail_type = NULL;
	if (rm_get_revision(m, out, &id) < 0)
		return rx_translate(m, NULL, err);
	return 0;
}
