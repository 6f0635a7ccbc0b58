/*
 * batch_re.h: the regular expressions SQLAlchemy 1.4's SQLite dialect
 * runs over a table's CREATE TABLE text when it reflects names and
 * options, each written out as the backtracking Python's re module does
 * (same matches, same quirks), for batch_reflect.c.
 */
#ifndef BATCH_RE_H
#define BATCH_RE_H

#include "ops/ops.h"

struct re_span {
	const char *s;
	size_t n;
};

struct re_match {
	struct re_span g[1];
};

/* re.search(r"CONSTRAINT (\w+) PRIMARY KEY", sql, re.I): g[0] the name. */
bool re_pk_name(struct re_match *m, const char *sql);

/* _find_cols_in_sig(): the names in s[0..n) (arena strings). */
size_t re_sig_cols(const char ***out, struct rt_arena *a, const char *s,
		   size_t n);

/* get_unique_constraints()'s UNIQUE_PATTERN then INLINE_UNIQUE_PATTERN
 * matches, in that order: name (NULL: none) and columns. */
struct re_unique {
	const char *name;
	const char **cols;
	size_t ncols;
};
size_t re_uniques(struct re_unique **out, struct rt_arena *a,
		  const char *sql);

/* get_check_constraints()'s CHECK_PATTERN matches (name without its
 * surrounding double quotes; NULL: none). */
struct re_check {
	const char *name;
	const char *sqltext;
};
size_t re_checks(struct re_check **out, struct rt_arena *a, const char *sql);

/* get_foreign_keys()'s FK_PATTERN matches, options decoded as it does
 * (NO ACTION left out, upper case). */
struct re_fk {
	const char *name;
	const char **cols, **ref_cols;
	size_t ncols, nref_cols;
	const char *ref_table;
	const char *ondelete, *onupdate, *initially;
	enum ops_tri deferrable;
};
size_t re_fks(struct re_fk **out, struct rt_arena *a, const char *sql);

#endif
