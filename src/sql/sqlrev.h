/*
 * sqlrev.h: the header of a .sql revision file ("-- revision: ID" comment
 * lines) and the byte ranges of its upgrade/downgrade sections.  The
 * format is documented in docs/revision-files.md.
 */
#ifndef SQLREV_H
#define SQLREV_H

#include "script/script.h"

/*
 * Parse src[0, len) (NUL-terminated) named file (used in error
 * locations): fills id, down/deps/labels, longdoc/doc (from "message"),
 * loc, sql_up and sql_down of out; leaves path/name/kind/src alone.
 * Strings are arena copies.  Malformed input is RT_ESYNTAX at
 * file:line:col saying what was expected: an unknown header key, a
 * duplicate key or section, a missing revision or down_revision, text
 * before the first section that is neither a header comment nor blank.
 */
int sqlrev_parse(struct rev_file *out, struct rt_arena *a, const char *file,
		 const char *src, size_t len, struct rt_err *err);

#endif
