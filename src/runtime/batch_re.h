/*
 * batch_re.h: what SQLAlchemy 1.4's SQLite dialect reads from a table's
 * CREATE TABLE text with its regular expressions (dialects/sqlite/
 * base.py: get_pk_constraint, get_foreign_keys, get_unique_constraints,
 * get_check_constraints), its own patterns compiled with PCRE2 so that
 * they match as Python's re does; for batch_reflect.c.
 */
#ifndef BATCH_RE_H
#define BATCH_RE_H

#include "ops/ops.h"

/* The CREATE TABLE text the patterns run over, the arena the results
 * live in, and where errors point (the batch op). */
struct re_text {
	const char *sql;
	struct rt_arena *a;
	const struct rt_loc *loc;
	struct rt_err *err;
};

/*
 * Each function compiles the patterns it needs, runs them over t->sql
 * (re.search, or re.finditer from the start) and frees them.  Errors:
 * RT_ERROR "batch_alter_table(): SQLAlchemy's regular expression over
 * the CREATE TABLE text failed: <PCRE2's message>" where PCRE2 gives up
 * (its match limit) and Python's re would go on.
 */

/* re.search(r"CONSTRAINT (\w+) PRIMARY KEY", sql, re.I): *name is the
 * group, NULL without a match. */
int re_pk_name(const char **name, const struct re_text *t);

/* get_unique_constraints()'s UNIQUE_PATTERN then INLINE_UNIQUE_PATTERN
 * matches, in that order: name (NULL: none) and the columns
 * _find_cols_in_sig() finds. */
struct re_unique {
	const char *name;
	const char **cols;
	size_t ncols;
};
int re_uniques(struct re_unique **out, size_t *n, const struct re_text *t);

/* get_check_constraints()'s CHECK_PATTERN matches (name without the
 * double quotes around it; NULL: none). */
struct re_check {
	const char *name;
	const char *sqltext;
};
int re_checks(struct re_check **out, size_t *n, const struct re_text *t);

/* get_foreign_keys()'s FK_PATTERN matches, options decoded as parse_fks()
 * does (NO ACTION left out, upper case). */
struct re_fk {
	const char *name;
	const char **cols, **ref_cols;
	size_t ncols, nref_cols;
	const char *ref_table;
	const char *ondelete, *onupdate, *initially;
	enum ops_tri deferrable;
};
int re_fks(struct re_fk **out, size_t *n, const struct re_text *t);

#endif
