/*
 * sqlbind.h: SQLAlchemy text()'s bind-parameter rule (spec rule 8.6) for
 * the SQL of op.execute(): which ":name"s are parameters, what Alembic's
 * offline output makes of them, and the "\:" escape.
 */
#ifndef SQLBIND_H
#define SQLBIND_H

#include "base/arena.h"

/*
 * SQLAlchemy 1.4 does this in three regular-expression passes, copied
 * here exactly (Python's Unicode \w included):
 *  1. text() collects names:  (?<![:\w\\]):(\w+)(?!:)
 *  2. the compiler replaces:  (?<![:\w\$\\]):([\w\$]+)(?![:\w\$])
 *     a name pass 1 collected is a bind parameter; a match it did not
 *     collect (a name with '$') stays ":name" offline and fails online
 *     with KeyError
 *  3. un-escape:              \\(:[\w\$]*)(?![:\w\$])  ->  the group
 * So "a:b", "1::int", ":x:" and "$:x" are no parameters, "\:x" becomes
 * ":x", and "':x'" (inside a string literal) IS a parameter.
 */

/*
 * The text Alembic prints offline with literal_binds (the default
 * env.py): every bind parameter becomes NULL, "\:" escapes lose their
 * backslash.  *out is an arena string.  Returns the number of bind
 * parameters replaced (>= 0); never fails.  The rule-8.6 tab expansion,
 * strip and terminator are not applied here.
 */
int sqlbind_render_offline(char **out, struct rt_arena *a, const char *sql);

/*
 * Online: the first bind parameter in text order, for which SQLAlchemy
 * raises "A value is required for bind parameter '<name>'".  Returns the
 * byte length of its name and points *name_out at it (inside sql, not
 * NUL-terminated), or 0 (and *name_out = NULL) when there is none.
 */
int sqlbind_check_online(const char *sql, const char **name_out);

/*
 * Online, after sqlbind_check_online() found nothing: the first pass-2
 * match that is not a parameter (a name with '$', e.g. ":a$b"), which
 * SQLAlchemy's execution fails on with KeyError: '<name>'.  Same return
 * convention as sqlbind_check_online().
 */
int sqlbind_stray_name(const char *sql, const char **name_out);

/*
 * The text the database receives online when the statement has no
 * parameters: pass 3 only ("\:x" -> ":x").  Arena string.
 */
char *sqlbind_unescape(struct rt_arena *a, const char *sql);

/*
 * Python's \w for the code point at s (UTF-8): returns its length in
 * bytes when it is a word character, else 0.  Invalid UTF-8 bytes are
 * one-byte non-word characters.  Exposed for the tests.
 */
size_t sqlbind_word_at(const char *s);

#endif
