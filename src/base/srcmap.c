/*
 * srcmap.c: byte offsets and libyaml marks -> file:line:col (bytes).
 */
#include "srcmap.h"

#include <string.h>

void srcmap_init(struct srcmap *m, const char *file, const char *src,
		 size_t len, unsigned flags)
{
	*m = (struct srcmap){ .file = file, .src = src, .len = len,
			      .flags = flags };
}

static bool ends_line(const struct srcmap *m, size_t i)
{
	if (m->src[i] == '\n')
		return true;
	return (m->flags & SRCMAP_CR) && m->src[i] == '\r' &&
	       (i + 1 == m->len || m->src[i + 1] != '\n');
}

static void build(struct srcmap *m, struct rt_arena *a)
{
	size_t i, n = 1;

	for (i = 0; i < m->len; i++)
		n += ends_line(m, i);
	m->starts = arena_alloc(a, n * sizeof(*m->starts));
	m->starts[m->n++] = 0;
	for (i = 0; i < m->len; i++)
		if (ends_line(m, i))
			m->starts[m->n++] = i + 1;
}

struct rt_loc srcmap_loc(struct srcmap *m, struct rt_arena *a, size_t off)
{
	struct rt_loc loc = { m->file, 1, 1 };
	size_t lo = 0, hi, mid;

	if (!m->starts)
		build(m, a);
	hi = m->n;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (m->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	loc.line = (int)lo + 1;
	loc.col = (int)(off - m->starts[lo]) + 1;
	return loc;
}

struct rt_loc srcmap_loc_chars(struct srcmap *m, struct rt_arena *a,
			       size_t line, size_t chars)
{
	struct rt_loc loc = { m->file, (int)line + 1, 1 };
	size_t p, k = 0;

	if (!m->starts)
		build(m, a);
	if (line >= m->n)
		return loc;
	/* walk the characters as bytes, ending after the last one's tail */
	for (p = m->starts[line]; p < m->len && k < chars; p++)
		if (((unsigned char)m->src[p] & 0xC0) != 0x80)
			k++;
	while (p < m->len && ((unsigned char)m->src[p] & 0xC0) == 0x80)
		p++;
	loc.col = (int)(p - m->starts[line]) + 1;
	return loc;
}

struct rt_loc rt_loc_at(const char *file, const char *src, size_t off)
{
	struct rt_loc loc = { file, 1, 1 };
	const char *p = src, *nl;

	while ((nl = memchr(p, '\n', (size_t)(src + off - p)))) {
		loc.line++;
		p = nl + 1;
	}
	loc.col = (int)(src + off - p) + 1;
	return loc;
}
