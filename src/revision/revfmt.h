/*
 * revfmt.h: how revisions are printed by history, heads, branches, show
 * and current (spec §9.2-9.4; Alembic's Script._head_only/log_entry).
 */
#ifndef REVFMT_H
#define REVFMT_H

#include "base/buf.h"
#include "revmap.h"

enum revfmt_flags {
	REVFMT_BRANCHES = 1 << 0,	/* " (label, ...)" */
	REVFMT_DOC = 1 << 1,		/* ", doc" */
	REVFMT_PARENTS = 1 << 2,	/* "down (deps) -> " */
	REVFMT_TREE = 1 << 3,		/* " (branchpoint) (mergepoint)" */
	REVFMT_CURRENT = 1 << 4,	/* " (current)" (history -i) */
	REVFMT_VERBOSE = 1 << 5,	/* the log entry instead (rule 9.4) */
};

/*
 * Append the entry for r to out: the one-line form of rule 9.3 (head
 * marks always, the rest per flags) or, with REVFMT_VERBOSE, the log
 * entry of rule 9.4 (which ends in a newline of its own).  No final
 * newline is added (Alembic's print_stdout adds it).
 */
void revfmt_entry(struct rt_buf *out, const struct revision *r,
		  unsigned flags);

/*
 * Before revfmt_entry(list[i]): prefetch what the entries a few places
 * on will read.  A walk (history) visits revisions in an order unrelated
 * to where they live in memory, so each entry is a chain of cache misses
 * (revision, file, strings); fetching them ahead overlaps the chains.
 */
void revfmt_prefetch(struct revision *const *list, size_t n, size_t i,
		     unsigned flags);

#endif
