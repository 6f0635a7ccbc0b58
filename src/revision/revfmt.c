/*
 * revfmt.c: the one-line and verbose revision entries (spec §9.2-9.4).
 */
#include "revfmt.h"

/* PARENTS(R) of rule 9.2 */
static void add_parents(struct rt_buf *out, const struct revision *r)
{
	if (!r->file->ndown)
		rt_buf_adds(out, "<base>");
	else
		rt_buf_join(out, r->file->down, r->file->ndown, ", ");
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

/*
 * Python's str.splitlines() boundaries, for the docstring lines: the
 * length of the break at p (0: none).  The first bytes of every break.
 */
static const char brk_first[] = "\n\r\v\f\x1c\x1d\x1e\xc2\xe2";

static size_t line_break(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (*u == '\r' && u[1] == '\n')
		return 2;
	if (*u == 0xc2)
		return u[1] == 0x85 ? 2 : 0;
	if (*u == 0xe2)
		return u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9) ? 3 : 0;
	return 1;
}

/* "\n".join("    %s" % line for line in longdoc.splitlines()) */
static void add_indented_doc(struct rt_buf *out, const char *doc)
{
	const char *p = doc;
	size_t span, br;

	if (!*p)
		return;
	rt_buf_add(out, "    ", 4);
	while (*p) {
		span = strcspn(p, brk_first);
		rt_buf_add(out, p, span);
		p += span;
		if (!*p)
			break;
		br = line_break(p);
		if (!br) {
			rt_buf_addch(out, *p++);	/* 0xc2/0xe2 text */
			continue;
		}
		p += br;
		if (*p)
			rt_buf_add(out, "\n    ", 5);
	}
}

void revfmt_prefetch(struct revision *const *list, size_t n, size_t i,
		     unsigned flags)
{
	const struct rev_file *f;

	/* each stage reads what the one before fetched */
	if (i + 8 < n)
		RT_PREFETCH(list[i + 8]);
	if (i + 4 < n)
		RT_PREFETCH(list[i + 4]->file);
	if (i + 2 >= n)
		return;
	f = list[i + 2]->file;
	RT_PREFETCH(f->id);
	RT_PREFETCH(f->doc);
	RT_PREFETCH(f->down);
	if (flags & REVFMT_VERBOSE) {
		RT_PREFETCH(f->path);
		RT_PREFETCH(f->longdoc);
	}
}

/* Script.log_entry (rule 9.4) */
static void log_entry(struct rt_buf *out, const struct revision *r,
		      unsigned flags)
{
	rt_buf_adds(out, "Rev: ");
	rt_buf_adds(out, r->id);
	if (revision_is_head(r))
		rt_buf_adds(out, " (head)");
	if (revision_is_branch_point(r))
		rt_buf_adds(out, " (branchpoint)");
	if (revision_is_merge_point(r))
		rt_buf_adds(out, " (mergepoint)");
	if (flags & REVFMT_CURRENT)
		rt_buf_adds(out, " (current)");
	rt_buf_addch(out, '\n');
	rt_buf_adds(out, revision_is_merge_point(r) ? "Merges: " : "Parent: ");
	add_parents(out, r);
	rt_buf_addch(out, '\n');
	if (r->file->ndeps) {
		rt_buf_adds(out, "Also depends on: ");
		rt_buf_join(out, r->file->deps, r->file->ndeps, ", ");
		rt_buf_addch(out, '\n');
	}
	if (revision_is_branch_point(r)) {
		rt_buf_adds(out, "Branches into: ");
		add_children(out, r);
		rt_buf_addch(out, '\n');
	}
	if (r->nlabels) {
		rt_buf_adds(out, "Branch names: ");
		rt_buf_adds(out, r->labels_text);
		rt_buf_addch(out, '\n');
	}
	rt_buf_adds(out, "Path: ");
	rt_buf_adds(out, r->file->path);
	rt_buf_adds(out, "\n\n");
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
			rt_buf_join(out, r->file->deps, r->file->ndeps, ", ");
			rt_buf_adds(out, ")");
		}
		rt_buf_adds(out, " -> ");
	}
	rt_buf_adds(out, r->id);
	if ((flags & REVFMT_BRANCHES) && r->nlabels) {
		rt_buf_adds(out, " (");
		rt_buf_adds(out, r->labels_text);
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
	if (flags & REVFMT_DOC) {
		rt_buf_adds(out, ", ");
		rt_buf_adds(out, r->file->doc);
	}
}
