/*
 * revfmt.c: the one-line and verbose revision entries (spec §9.2-9.4).
 */
#include "revfmt.h"

void revfmt_comma(struct rt_buf *out, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(out, ", ");
		rt_buf_adds(out, names[i]);
	}
}

/* PARENTS(R) of rule 9.2 */
static void add_parents(struct rt_buf *out, const struct revision *r)
{
	if (!r->file->ndown)
		rt_buf_adds(out, "<base>");
	else
		revfmt_comma(out, r->file->down, r->file->ndown);
}

static void add_children(struct rt_buf *out, const struct revision *r)
{
	size_t i;

	for (i = 0; i < r->nchildren; i++) {
		if (i)
			rt_buf_adds(out, ", ");
		rt_buf_adds(out, r->children[i]->id);
	}
}

/* Python's str.splitlines() boundaries, for the docstring lines. */
static size_t line_break(const char *p, size_t *brlen)
{
	const unsigned char *u = (const unsigned char *)p;

	*brlen = 1;
	if (*u == '\r' && u[1] == '\n')
		*brlen = 2;
	else if (*u == 0xc2 && u[1] == 0x85)
		*brlen = 2;
	else if (*u == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9))
		*brlen = 3;
	else if (!strchr("\n\r\v\f\x1c\x1d\x1e", *u) || !*u)
		return 0;
	return 1;
}

/* "\n".join("    %s" % line for line in longdoc.splitlines()) */
static void add_indented_doc(struct rt_buf *out, const char *doc)
{
	const char *p = doc;
	size_t brlen;

	if (!*p)
		return;
	rt_buf_adds(out, "    ");
	for (; *p; p++) {
		if (!line_break(p, &brlen)) {
			rt_buf_addch(out, *p);
			continue;
		}
		p += brlen - 1;
		if (p[1])
			rt_buf_adds(out, "\n    ");
	}
}

/* Script.log_entry (rule 9.4) */
static void log_entry(struct rt_buf *out, const struct revision *r,
		      unsigned flags)
{
	rt_buf_addf(out, "Rev: %s%s%s%s%s\n", r->id,
		    revision_is_head(r) ? " (head)" : "",
		    revision_is_branch_point(r) ? " (branchpoint)" : "",
		    revision_is_merge_point(r) ? " (mergepoint)" : "",
		    flags & REVFMT_CURRENT ? " (current)" : "");
	rt_buf_adds(out, revision_is_merge_point(r) ? "Merges: " : "Parent: ");
	add_parents(out, r);
	rt_buf_addch(out, '\n');
	if (r->file->ndeps) {
		rt_buf_adds(out, "Also depends on: ");
		revfmt_comma(out, r->file->deps, r->file->ndeps);
		rt_buf_addch(out, '\n');
	}
	if (revision_is_branch_point(r)) {
		rt_buf_adds(out, "Branches into: ");
		add_children(out, r);
		rt_buf_addch(out, '\n');
	}
	if (r->nlabels) {
		rt_buf_adds(out, "Branch names: ");
		revfmt_comma(out, r->labels, r->nlabels);
		rt_buf_addch(out, '\n');
	}
	rt_buf_addf(out, "Path: %s\n\n", r->file->path);
	add_indented_doc(out, r->file->longdoc);
	rt_buf_addch(out, '\n');
}

/* Script._head_only (rule 9.3) */
void revfmt_entry(struct rt_buf *out, const struct revision *r,
		  unsigned flags)
{
	if (flags & REVFMT_VERBOSE) {
		log_entry(out, r, flags);
		return;
	}
	if (flags & REVFMT_PARENTS) {
		add_parents(out, r);
		if (r->file->ndeps) {
			rt_buf_adds(out, " (");
			revfmt_comma(out, r->file->deps, r->file->ndeps);
			rt_buf_adds(out, ")");
		}
		rt_buf_adds(out, " -> ");
	}
	rt_buf_adds(out, r->id);
	if ((flags & REVFMT_BRANCHES) && r->nlabels) {
		rt_buf_adds(out, " (");
		revfmt_comma(out, r->labels, r->nlabels);
		rt_buf_adds(out, ")");
	}
	if (revision_is_real_head(r))
		rt_buf_adds(out, " (head)");
	if (revision_is_effective_head(r))
		rt_buf_adds(out, " (effective head)");
	if (flags & REVFMT_CURRENT)
		rt_buf_adds(out, " (current)");
	if (flags & REVFMT_TREE) {
		if (revision_is_branch_point(r))
			rt_buf_adds(out, " (branchpoint)");
		if (revision_is_merge_point(r))
			rt_buf_adds(out, " (mergepoint)");
	}
	if (flags & REVFMT_DOC)
		rt_buf_addf(out, ", %s", r->file->doc);
}
