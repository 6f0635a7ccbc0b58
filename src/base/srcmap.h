/*
 * srcmap.h: byte offsets (or line and character marks) in a user's
 * source text -> the 1-based file:line:col of struct rt_loc.  Columns
 * count bytes, 1-based, everywhere retort prints a location.
 */
#ifndef RT_SRCMAP_H
#define RT_SRCMAP_H

#include "arena.h"
#include "rt.h"

#include <stddef.h>

/* Lines also end at "\r\n" and at a lone "\r" (libyaml counts so);
 * without it only "\n" ends a line. */
#define SRCMAP_CR	1u

/* A text's line starts, built at the first lookup (so a text with no
 * error never pays for it), then bisected. */
struct srcmap {
	const char *file, *src;
	size_t len;
	unsigned flags;
	size_t *starts;		/* arena; NULL until needed */
	size_t n;
};

void srcmap_init(struct srcmap *m, const char *file, const char *src,
		 size_t len, unsigned flags);

/* The location of byte offset off (<= len); the table goes in a. */
struct rt_loc srcmap_loc(struct srcmap *m, struct rt_arena *a, size_t off);

/*
 * The location of a mark that counts characters: 0-based line and
 * 0-based column in UTF-8 code points (libyaml's yaml_mark_t), with the
 * column turned into bytes.  A line past the end gives column 1.
 */
struct rt_loc srcmap_loc_chars(struct srcmap *m, struct rt_arena *a,
			       size_t line, size_t chars);

/* One lookup without a table ("\n" ends lines): for a single error. */
struct rt_loc rt_loc_at(const char *file, const char *src, size_t off);

#endif
