/*
 * toml.h: TOML 1.0 read exactly as Python's tomllib (3.11, the tomli
 * code base Alembic 1.16+ loads pyproject.toml with) reads it: the same
 * documents accepted and rejected, the same values, and its error
 * messages at the same line and column.
 *
 * Every value lives in the arena.  Strings are UTF-8 and NUL-terminated;
 * a NUL character (written "\u0000") is kept as the two bytes C0 80, so
 * that it can neither end a string early nor be mistaken for text.
 */
#ifndef TOML_H
#define TOML_H

#include "base/arena.h"
#include "base/strmap.h"

enum toml_type {
	TOML_STRING,
	TOML_INTEGER,
	TOML_FLOAT,
	TOML_BOOL,
	TOML_DATETIME,		/* offset or local date-time */
	TOML_DATE,		/* local date */
	TOML_TIME,		/* local time */
	TOML_ARRAY,		/* arrays, and arrays of tables */
	TOML_TABLE,		/* tables and inline tables */
};

struct toml_table;

struct toml_value {
	enum toml_type type;
	size_t off;		/* where the value starts in the source */
	/*
	 * STRING: the string.  INTEGER, FLOAT: the source text.  DATETIME,
	 * DATE, TIME: Python's isoformat() of the value (microseconds cut
	 * to 6 digits, "Z" as "+00:00").
	 */
	const char *str;
	long long i;		/* INTEGER, unless big */
	bool big;		/* INTEGER outside 64 bits (Python has none) */
	double f;		/* FLOAT */
	bool b;			/* BOOL */
	struct toml_value **items;	/* ARRAY */
	size_t nitems, allocitems;
	struct toml_table *table;	/* TABLE */
};

/* Keys in the order the document defines them. */
struct toml_table {
	const char **keys;
	struct toml_value **vals;
	size_t n, alloc;
	struct strmap index;	/* key -> value, in the arena */
};

struct toml_doc {
	const char *path;	/* as given, for error locations */
	const char *src;	/* the text, "\r\n" made "\n" as tomllib does */
	size_t len;
	struct toml_table *root;
};

/*
 * Parse text[0..n) (the bytes of the file at path, used for locations
 * only).  Errors, *out untouched:
 *  - RT_ECONFIG, bytes that are not UTF-8: UnicodeDecodeError's text,
 *    e.g. "'utf-8' codec can't decode byte 0xff in position 7: invalid
 *    start byte", at the bad byte;
 *  - RT_ESYNTAX, TOMLDecodeError: tomllib's message without its
 *    "(at line L, column C)", which becomes the location (columns count
 *    characters, from 1; past the last character for "end of
 *    document"); where tomllib's text does not say what was expected,
 *    ": expected ..." follows, e.g. "Unclosed array: expected ',' or
 *    ']'".
 */
int toml_parse(struct toml_doc **out, struct rt_arena *a, const char *path,
	       const char *text, size_t n, struct rt_err *err);

/*
 * Read and parse the file at path, as tomllib.load(open(path, "rb")).
 * RT_EIO if it cannot be read ("[Errno 2] No such file or directory:
 * 'pyproject.toml'"), else toml_parse()'s errors.
 */
int toml_load(struct toml_doc **out, struct rt_arena *a, const char *path,
	      struct rt_err *err);

/* The value of key in t, or NULL. */
struct toml_value *toml_get(const struct toml_table *t, const char *key);

/*
 * Python's type name for a value of type t, as TypeError messages show
 * it: 'str', 'int', 'float', 'bool', 'datetime.datetime',
 * 'datetime.date', 'datetime.time', 'list', 'dict'.
 */
const char *toml_type_name(enum toml_type t);

/* The file:line:col of byte off of d->src (column in characters). */
struct rt_loc toml_loc(const struct toml_doc *d, size_t off);

#endif
