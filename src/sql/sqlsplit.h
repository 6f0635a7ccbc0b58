/*
 * sqlsplit.h: splits SQL text (a section of a .sql revision file) into
 * statements at the ';' that are outside strings, quoted identifiers,
 * comments, dollar quotes and BEGIN ... END bodies of routines.
 */
#ifndef SQLSPLIT_H
#define SQLSPLIT_H

#include "base/arena.h"

/* What differs between the SQL dialects (combine with |). */
enum sqlsplit_flags {
	SQLSPLIT_BACKSLASH = 1 << 0,	/* '\' escapes in '...' and "..." */
	SQLSPLIT_NEST_COMMENTS = 1 << 1, /* block comments nest */
	SQLSPLIT_DOLLAR = 1 << 2,	/* $$...$$ and $tag$...$tag$ */
	SQLSPLIT_ESTRINGS = 1 << 3,	/* E'...' has '\' escapes */
	SQLSPLIT_MYSQL_COMMENTS = 1 << 4, /* '#' comments; "--" needs a
					   * blank after it; a block comment
					   * opened by slash-star-'!' is code */
};

#define SQLSPLIT_POSTGRESQL \
	(SQLSPLIT_NEST_COMMENTS | SQLSPLIT_DOLLAR | SQLSPLIT_ESTRINGS)
#define SQLSPLIT_MYSQL (SQLSPLIT_BACKSLASH | SQLSPLIT_MYSQL_COMMENTS)
#define SQLSPLIT_SQLITE 0

/*
 * The flags of a dialect by its SQLAlchemy name: "postgresql", "mysql",
 * "mariadb", "sqlite"; anything else (NULL too) gets 0.
 */
unsigned sqlsplit_dialect_flags(const char *dialect);

/* One statement: src[off, off + len), starting at line:col. */
struct sqlsplit_stmt {
	size_t off, len;
	int line, col;
};

/*
 * Split src[start, end) into statements at the ';' outside parentheses
 * (as psql does: PostgreSQL's CREATE RULE ... DO (a; b)).  start is at
 * line:col of file (col counts bytes).  A statement runs from its first
 * character that is neither blank nor inside a comment to the end of its
 * last such character: leading and trailing comments and the ';' are not
 * part of it, comments inside it are.  Statements that are empty or only
 * comments are dropped.
 *
 * A statement whose first word is CREATE and that names TRIGGER,
 * FUNCTION, PROCEDURE or EVENT before its first '(' and before a word
 * naming another kind of object (TABLE, VIEW, INDEX...) is a routine: in it
 * BEGIN and CASE open a block that END closes (END IF, END LOOP, END
 * WHILE and END REPEAT close blocks that were never counted), and a ';'
 * inside a block does not end the statement.
 *
 * *out is an arena array of *nout statements (NULL when none).  Errors
 * are RT_ESYNTAX at file:line:col of where the construct starts: an
 * unterminated string, quoted identifier, block comment or dollar quote,
 * a routine's BEGIN (or CASE) without END, a '(' without ')', and a
 * DELIMITER line (a mysql client command).
 */
int sqlsplit(struct sqlsplit_stmt **out, size_t *nout, struct rt_arena *a,
	     const char *file, const char *src, size_t start, size_t end,
	     int line, int col, unsigned flags, struct rt_err *err);

#endif
