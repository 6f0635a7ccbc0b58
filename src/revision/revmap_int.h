/*
 * revmap_int.h: internals shared by revmap.c, revresolve.c and
 * revplan.c: revision sets, graph closures, Alembic's exception model
 * (translated to CLI text at the public entry points) and the ports of
 * RevisionMap's resolution methods.  Not for use outside those files.
 */
#ifndef REVMAP_INT_H
#define REVMAP_INT_H

#include "revmap.h"

/*
 * Alembic's non-revision values inside resolution results: Python None
 * (an overwalk) and the string "base" (a walk that reached base).  They
 * crash (AssertionError) where Alembic expects a Revision.
 */
extern struct revision revmap_none_, revmap_basesym_;
#define REV_NONE (&revmap_none_)
#define REV_BASESYM (&revmap_basesym_)

static inline bool rev_is_real(const struct revision *r)
{
	return r && r != REV_NONE && r != REV_BASESYM;
}

/* A set of revisions of one map: a bitset over load-order indexes. */
struct revset {
	uint64_t *w;
	size_t nw;
};

/* A growable array of revisions (arena-backed). */
struct revlist {
	struct revision **v;
	size_t n, alloc;
};

/* A growable array of strings (arena-backed). */
struct strlist {
	const char **v;
	size_t n, alloc;
};

enum rel {
	REL_ANC,	/* follow norm_down (Anc, with dependencies) */
	REL_VANC,	/* follow down (versioned ancestors) */
	REL_DESC,	/* follow all_children (with dependents) */
	REL_VDESC,	/* follow children */
};

/* Alembic exception classes (script/revision.py) plus Python crashes. */
enum rx_kind {
	RX_NONE,
	RX_REVISION,	/* RevisionError: message shown as is */
	RX_RANGE,	/* RangeNotAncestorError(lower, upper) */
	RX_MULTIHEADS,	/* MultipleHeads(heads, argument) */
	RX_RESOLUTION,	/* ResolutionError(message, argument) */
	RX_CRASH,	/* AssertionError, KeyError, ...: exit 1 */
};

#define RX_TEXT_MAX 1024

struct rexc {
	enum rx_kind kind;
	const char *type;		/* Python class name */
	char msg[RT_ERR_MSG_MAX];	/* str(exception) */
	char arg[RX_TEXT_MAX];		/* .argument */
	char lower[RX_TEXT_MAX];	/* RangeNotAncestorError.lower */
	char upper[RX_TEXT_MAX];
};

/*
 * Alembic's _RevisionIdentifierType: None, a string or a tuple of
 * strings (version-table rows).  Message texts render it with %s.
 */
enum pyid_kind { PY_NONE, PY_STR, PY_TUPLE };

struct pyid {
	enum pyid_kind kind;
	const char *s;
	const char *const *v;
	size_t n;
};

static inline struct pyid pyid_str(const char *s)
{
	return (struct pyid){ s ? PY_STR : PY_NONE, s, NULL, 0 };
}

static inline struct pyid pyid_tuple(const char *const *v, size_t n)
{
	return (struct pyid){ PY_TUPLE, NULL, v, n };
}

/* Python truthiness: None, "" and () are false. */
bool pyid_truthy(const struct pyid *id);
/* "%s" % id into out (tuple: "('a', 'b')"). */
const char *pyid_fmt(char *out, size_t outsz, const struct pyid *id);

struct anc_index;		/* revgraph.c */

/* Internal failure code: the exception is in m->priv->exc. */
#define RX_FAIL (-1)

struct revmap_priv {
	struct rexc exc;

	/* Name table in Alembic's dict order: ids (load order), then
	 * labels (declaring revisions in load order, written order). */
	const char **names;
	struct revision **name_revs;
	size_t nnames;

	/* Ancestor indexes (revgraph.c), built on first use:
	 * [0] all downs (with dependencies), [1] versioned downs. */
	bool has_merges_or_deps;
	struct anc_index *anc[2];
	struct revision **topo;		/* all_down parents first */
};

/* ---- sets and lists (revmap.c) ---- */
void revset_init(struct revset *s, struct revmap *m);
static inline bool revset_has(const struct revset *s,
			      const struct revision *r)
{
	return (s->w[r->index / 64] >> (r->index % 64)) & 1;
}
static inline void revset_add(struct revset *s, const struct revision *r)
{
	s->w[r->index / 64] |= (uint64_t)1 << (r->index % 64);
}
static inline void revset_del(struct revset *s, const struct revision *r)
{
	s->w[r->index / 64] &= ~((uint64_t)1 << (r->index % 64));
}
bool revset_empty(const struct revset *s);
void revlist_push(struct revmap *m, struct revlist *l, struct revision *r);
void strlist_push(struct revmap *m, struct strlist *l, const char *s);

/* Add rel-closure of seeds (inclusive) to out.  Seeds must be real
 * revisions (callers check with rx_need_revisions()). */
void revmap_closure(struct revmap *m, struct revset *out,
		    struct revision *const *seeds, size_t n, enum rel rel);

/*
 * Alembic's _iterate_related_revisions(check=True): the closure, plus
 * RevisionError "Requested revision X overlaps with other requested
 * revisions Y" when one seed reaches another.  Seeds are walked in
 * order, each checked after its walk; a seed that is not a revision
 * (REV_NONE / REV_BASESYM) is an AssertionError when its turn comes, so
 * an earlier seed's overlap wins.
 */
int revmap_closure_check(struct revmap *m, struct revset *out,
			 struct revision *const *seeds, size_t n,
			 enum rel rel);

/* ---- exceptions (revmap.c) ---- */
int rx_raise(struct revmap *m, enum rx_kind kind, const char *type,
	     const char *arg, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int rx_range(struct revmap *m, const struct pyid *lower,
	     const struct pyid *upper);
/* Crash unless every item is a Revision (Alembic's is_revision()). */
int rx_need_revisions(struct revmap *m, struct revision *const *v,
		      size_t n);

/*
 * Turn the pending exception into err, as _catch_revision_errors() with
 * the given overrides (NULL: Alembic's defaults).  ancestor/multi use
 * "%1$s" for start and "%2$s" for end / head_arg.
 */
struct rx_catch {
	const char *ancestor;		/* RangeNotAncestorError text */
	const char *multiple_heads;	/* MultipleHeads text */
	const char *start;		/* %(start)s override */
	const char *end;		/* %(end)s override */
};
int rx_translate(struct revmap *m, const struct rx_catch *c,
		 struct rt_err *err);

/* ---- Alembic's RevisionMap methods (revresolve.c) ---- */

/* _resolve_revision_number(): ids (strings) and the branch label
 * (NULL: none; "" is possible and falsy). */
int rm_resolve_number(struct revmap *m, struct strlist *ids,
		      const char **branch, const struct pyid *id);
/* get_revisions(): items may be REV_NONE / REV_BASESYM. */
int rm_get_revisions(struct revmap *m, struct revlist *out,
		     const struct pyid *id);
/* get_revision(): *out NULL for None. */
int rm_get_revision(struct revmap *m, struct revision **out,
		    const struct pyid *id);
/* _revision_for_ident(): ident "" is an AssertionError; NULL = (). */
int rm_revision_for_ident(struct revmap *m, struct revision **out,
			  const char *ident, const char *check_branch);
/* _resolve_branch() */
int rm_resolve_branch(struct revmap *m, struct revision **out,
		      const char *label);
/* filter_for_lineage() over revisions (strings are resolved first by
 * the callers that have strings: see rm_filter_strs). */
int rm_filter_for_lineage(struct revmap *m, struct revlist *out,
			  struct revision *const *targets, size_t n,
			  const char *check_against, bool with_deps);
int rm_filter_strs(struct revmap *m, struct strlist *out,
		   const char *const *targets, size_t n,
		   const char *check_against, bool with_deps);
/* _walk(); *out may be NULL (None), REV_BASESYM or a revision. */
int rm_walk(struct revmap *m, struct revision **out, struct revision *start,
	    long long steps, const char *branch, bool no_overwalk);
/* get_current_head() */
int rm_current_head(struct revmap *m, struct revision **out,
		    const char *branch);
/* _get_all_current() (rule 9.12), load order. */
int rm_all_current(struct revmap *m, struct revlist *out,
		   const struct pyid *rows);

/* ---- plans (revplan.c) ---- */

/* What _collect_upgrade_revisions / _collect_downgrade_revisions give:
 * the revisions to run and the TopOrder starts. */
struct rm_collected {
	struct revset todo;
	struct revlist starts;
	const char *warning;	/* UserWarning text (rule 5.10), or NULL */
};

int rm_collect_upgrade(struct revmap *m, struct rm_collected *out,
		       const struct pyid *upper, const struct pyid *lower,
		       bool inclusive, bool implicit_base, bool arl);
int rm_collect_downgrade(struct revmap *m, struct rm_collected *out,
			 const struct pyid *upper, const struct pyid *target,
			 bool arl);
/* TopOrder (rule 6.1); todo is consumed. */
int rm_toporder(struct revmap *m, struct revlist *out, struct revset *todo,
		struct revision *const *starts, size_t n);

#endif
