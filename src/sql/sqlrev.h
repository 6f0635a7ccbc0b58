/*
 * sqlrev.h: the header of a .sql revision file ("-- revision: ID" comment
 * lines) and the byte ranges of its upgrade/downgrade sections.  The
 * format is documented in docs/revision-files.md.
 */
#ifndef SQLREV_H
#define SQLREV_H

#include "base/arena.h"

/*
 * A section of a .sql revision file: the SQL text between its marker
 * line ("-- upgrade", ...) and the next marker or the end.
 */
struct sqlrev_section {
	bool present;
	size_t off, len;		/* in the file's text */
	int line;			/* 1-based line of src[off] */
};

/* The header of a .sql revision file, as written. */
struct sqlrev_header {
	const char *id;			/* "-- revision:" */
	const char **down;		/* "-- down_revision:", in order */
	size_t ndown;
	const char **deps;		/* "-- depends_on:" */
	size_t ndeps;
	const char **labels;		/* "-- branch_labels:" */
	size_t nlabels;
	const char *message;		/* "-- message:", trimmed; "" if none */
	struct rt_loc loc;		/* the revision id's value */
	struct sqlrev_section upgrade, downgrade;
};

/*
 * Parse src[0, len) (NUL-terminated) named file (used in error
 * locations) into out.  Strings are arena copies.  Malformed input is
 * RT_ESYNTAX at file:line:col saying what was expected: an unknown
 * header key, a duplicate key or section, a missing revision or
 * down_revision, text before the first section that is neither a header
 * comment nor blank.
 */
int sqlrev_parse(struct sqlrev_header *out, struct rt_arena *a,
		 const char *file, const char *src, size_t len,
		 struct rt_err *err);

#endif
