/*
 * revmap.h: the revision map (spec §4): revisions and their relations,
 * heads, bases, branch points and effective branch labels, the validity
 * checks of rules 2.9, 2.10, 4.9 and 4.12-4.17, and the resolution of
 * revision identifiers (§5, in revresolve.c).
 */
#ifndef REVMAP_H
#define REVMAP_H

#include "base/arena.h"
#include "script/revfile.h"
#include "base/strmap.h"

enum revision_flags {
	REV_HEAD = 1 << 0,		/* no versioned child */
	REV_REAL_HEAD = 1 << 1,		/* no child at all (rule 4.7) */
	REV_BASE = 1 << 2,		/* empty down() */
	REV_REAL_BASE = 1 << 3,		/* and no depends_on */
	REV_BRANCH_POINT = 1 << 4,	/* >1 versioned children (4.8) */
	REV_REAL_BRANCH_POINT = 1 << 5,	/* >1 children, dependents too */
	REV_MERGE_POINT = 1 << 6,	/* >1 down revisions */
};

/*
 * One revision.  All arrays live in the map's arena.  Orders: down/deps
 * as written; all_down/norm_down per rules 4.3/4.4 (written order);
 * children/all_children in load order (Alembic: unspecified).
 */
struct revision {
	const char *id;
	const struct rev_file *file;
	size_t index;			/* load order, 0-based */

	struct revision **down;		/* versioned downs (4.1) */
	size_t ndown;
	struct revision **deps;		/* depends_on, resolved (4.2) */
	size_t ndeps;
	struct revision **all_down;	/* down + deps, deduplicated (4.3) */
	size_t nall_down;
	struct revision **norm_down;	/* down + norm_deps (4.4) */
	size_t nnorm_down;
	struct revision **children;	/* versioned children (4.5) */
	size_t nchildren;
	struct revision **all_children;	/* children incl. dependents */
	size_t nall_children;

	/* Effective labels (4.10), sorted byte-wise: Alembic's order is
	 * unspecified (rule 4.11, Appendix A.4).  Read-only: revisions
	 * with equal sets share one array. */
	const char **labels;
	size_t nlabels;
	const char *labels_text;	/* labels joined by ", " (shared) */

	unsigned flags;			/* enum revision_flags */
};

static inline bool revision_is_head(const struct revision *r)
{
	return r->flags & REV_HEAD;
}

static inline bool revision_is_real_head(const struct revision *r)
{
	return r->flags & REV_REAL_HEAD;
}

/* A versioned head that some revision depends on (rule 4.7). */
static inline bool revision_is_effective_head(const struct revision *r)
{
	return (r->flags & REV_HEAD) && !(r->flags & REV_REAL_HEAD);
}

static inline bool revision_is_base(const struct revision *r)
{
	return r->flags & REV_BASE;
}

static inline bool revision_is_branch_point(const struct revision *r)
{
	return r->flags & REV_BRANCH_POINT;
}

static inline bool revision_is_merge_point(const struct revision *r)
{
	return r->flags & REV_MERGE_POINT;
}

struct revmap_priv;

struct revmap {
	struct rt_arena *arena;

	struct revision **revs;		/* every revision, load order */
	size_t nrevs;
	struct revision **heads;	/* versioned heads, load order */
	size_t nheads;
	struct revision **real_heads;	/* real heads, load order */
	size_t nreal_heads;
	struct revision **bases;	/* empty down(), load order */
	size_t nbases;

	/* Name table (rule 4.9): ids and declared labels -> revision. */
	struct strmap names;

	/*
	 * The last error in Alembic's own words, as its Python API would
	 * raise it (e.g. "Multiple revisions start with 'ab': 'abcd', ...",
	 * "Revision Nothing to drop is not an ancestor of revision base"),
	 * and the exception class ("ResolutionError", "RevisionError",
	 * "RangeNotAncestorError", "MultipleHeads", "AssertionError",
	 * "KeyError", ...).  err->msg holds what the CLI prints instead.
	 * Empty / NULL when the last call succeeded.
	 */
	char detail[RT_ERR_MSG_MAX];
	const char *detail_type;

	struct revmap_priv *priv;
};

/*
 * Build the map from the revision files in load order (rule 2.6).  The
 * map and every revision live in arena a; revs must outlive the map.
 * Call revmap_free() to release the hash tables (the rest is in a).
 *
 * Errors (first one wins), all RT_EGRAPH with Alembic's text:
 *  - rule 4.12: "Self-loop is detected in revisions (<id>)" /
 *    "Dependency self-loop is detected in revisions (<id>)";
 *  - rule 2.9: "Character(s) '<chars>' not allowed in revision
 *    identifier '<id>'" (1.8.1 set: '@', '-', '+');
 *  - rule 2.10: duplicate ids are rejected (retort's choice, not
 *    Alembic's warning): "Revision <id> is present more than once
 *    (<path1>, <path2>)";
 *  - rule 4.9: "Branch name '<label>' in revision <rev> already used by
 *    revision <other>" (revisions visited in load order);
 *  - rules 4.15/4.17: "Revision <missing> referenced from <rev> is not
 *    present (<path>)" for down_revision, "Dependency <name> referenced
 *    from <rev> is not present (<path>)" for depends_on (Alembic: a
 *    KeyError crash);
 *  - rules 4.13/4.14: "Cycle is detected in revisions (<ids>)" /
 *    "Dependency cycle is detected in revisions (<ids>)".
 * err->loc points at the offending file's `revision` declaration (none
 * for cycles).
 * n == 0 gives an empty map.
 */
int revmap_build(struct revmap **out, struct rt_arena *a,
		 const struct rev_file *revs, size_t n, struct rt_err *err);

/* Release the hash tables and caches (the arena owns the rest). */
void revmap_free(struct revmap *m);

/* Exact lookup of a revision id (not labels, not prefixes); or NULL. */
struct revision *revmap_lookup(const struct revmap *m, const char *id);

/*
 * Whether a ∈ Anc(b) (rule 4.6: ancestors including dependencies,
 * inclusive) / a ∈ VAnc(b) (versioned only).  Amortised O(1) after a
 * lazily built index.
 */
bool revmap_is_ancestor(struct revmap *m, const struct revision *a,
			const struct revision *b);
bool revmap_is_vancestor(struct revmap *m, const struct revision *a,
			 const struct revision *b);

/* ---- identifier resolution (revresolve.c, spec §5) ---- */

/*
 * Resolve one command-line argument as Alembic's get_revisions() does
 * (rule 5.5): "base"/""/NULL -> nothing, "heads", "head", "L@heads",
 * "L@head", "L@base", "L@x", "-N", "L@-N", ids, labels, prefixes, for
 * `show` (history bounds, stamp and upgrade targets go through
 * revplan.h).  *out is an arena array of *nout revisions in resolution
 * order.
 *
 * Errors: RT_ENOTFOUND / RT_EAMBIGUOUS with the CLI text "Can't locate
 * revision identified by '<x>'" (rule 5.2; m->detail has the 5.1 text),
 * RT_EAMBIGUOUS "Multiple head revisions are present for given argument
 * '<head or L@head>'; please specify ...", RT_ECOMMAND "Ambiguous walk"
 * (rule 5.8), RT_ERROR for other Alembic crashes (AssertionError);
 * *out is NULL after all of these: Alembic fails before using any
 * revision.
 *
 * Partial result: when "-N" / "L@-N" walks past base from one of the
 * heads, Alembic's tuple holds "base" or None there and show crashes
 * on it after printing the revisions before it.  This returns RT_ERROR
 * "AttributeError: 'str' object has no attribute 'log_entry'" (or
 * 'NoneType' for None) with *out non-NULL and *nout the number of
 * revisions resolved before that item (possibly 0): the caller uses
 * them, then reports the error.
 */
int revmap_get_revisions(struct revision ***out, size_t *nout,
			 struct revmap *m, const char *arg,
			 struct rt_err *err);

/*
 * Alembic's get_revision(): like revmap_get_revisions() but the result
 * must be at most one revision (*out NULL for base); several heads
 * give RT_EAMBIGUOUS "Multiple head revisions are present for given
 * argument '<arg>'; ...".
 */
int revmap_get_revision(struct revision **out, struct revmap *m,
			const char *arg, struct rt_err *err);

#endif
