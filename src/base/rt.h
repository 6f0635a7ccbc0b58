/*
 * rt.h: the shared base of retort: the error type, user-file locations,
 * result codes, and allocation wrappers that abort on out-of-memory.
 */
#ifndef RT_H
#define RT_H

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Result codes: 0 is success, every failure is negative.  The code also
 * decides the exit status (cli.c alone maps it):
 *  - RT_ECOMMAND, RT_ENOTFOUND, RT_EAMBIGUOUS: what Alembic reports as a
 *    CommandError: "FAILED: <msg>" on stdout, exit 255 (spec rule 0.6).
 *  - RT_EUSAGE: an argument syntax error, exit 2.
 *  - everything else: where Alembic would crash with a traceback: the
 *    message on stderr, exit 1.
 */
enum rt_code {
	RT_OK = 0,
	RT_ERROR = -1,		/* generic failure (exit 1) */
	RT_ENOTFOUND = -2,	/* unknown revision, key, file ... (255) */
	RT_EAMBIGUOUS = -3,	/* ambiguous prefix / multiple heads (255) */
	RT_ECOMMAND = -4,	/* any other Alembic CommandError (255) */
	RT_ESYNTAX = -5,	/* malformed user input with a location (1) */
	RT_EIO = -6,		/* file system errors (1) */
	RT_ECONFIG = -7,	/* ConfigParser-level errors (1) */
	RT_EDB = -8,		/* database errors (1) */
	RT_EUSAGE = -9,		/* command-line syntax (2) */
	RT_ENOTIMPL = -10,	/* a feature retort does not have (1) */
	RT_EGRAPH = -11,	/* revision-map errors Alembic raises (255/1) */
};

/* A place in the *user's* input: never __FILE__.  line/col are 1-based;
 * 0 means unknown. */
struct rt_loc {
	const char *file;
	int line;
	int col;
};

#define RT_LOC_NONE ((struct rt_loc){ NULL, 0, 0 })

#define RT_ERR_MSG_MAX 2048

/*
 * The one error type.  The first error set wins: rt_errf() on an error
 * that already holds a code leaves it alone (curl's Curl_failf).
 */
struct rt_err {
	int code;
	struct rt_loc loc;
	char sqlstate[6];	/* SQLSTATE / errno text from a driver */
	char file[512];		/* copy of loc.file, so loc outlives arenas */
	char msg[RT_ERR_MSG_MAX];
};

#define RT_ERR_INIT { 0, { NULL, 0, 0 }, "", "", "" }

/*
 * Set err (if not set yet) and return code, so callers can write
 * `return rt_errf(err, RT_ESYNTAX, &loc, "expected ')'");`.
 * loc may be NULL.  err may be NULL (then only the code is returned).
 */
int rt_errf(struct rt_err *err, int code, const struct rt_loc *loc,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int rt_verrf(struct rt_err *err, int code, const struct rt_loc *loc,
	     const char *fmt, va_list ap);

/* Forget a previous error (for callers that try an alternative). */
void rt_err_clear(struct rt_err *err);

/*
 * Format err for a person: "FILE:LINE:COL: MSG" when a location is
 * known (":COL" omitted when col is 0, ":LINE:COL" when line is 0),
 * else just MSG.  Returns out.
 */
const char *rt_err_str(const struct rt_err *err, char *out, size_t outsz);


/* A line or column count for a struct rt_loc: n, or INT_MAX past it. */
static inline int rt_loc_int(size_t n)
{
	return n > INT_MAX ? INT_MAX : (int)n;
}

/*
 * SQLAlchemy's util.asbool() on text: "true yes on y t 1" -> 1, "false no
 * off n f 0" -> 0, case-insensitive, surrounding white space ignored; -1
 * for anything else.
 */
int rt_asbool(const char *v);

/* Allocation that never returns NULL: aborts on out-of-memory (git). */
void *rt_xmalloc(size_t n);
void *rt_xcalloc(size_t nmemb, size_t size);
void *rt_xrealloc(void *p, size_t n);
char *rt_xstrdup(const char *s);
char *rt_xstrndup(const char *s, size_t n);

/* Grow an array to hold at least nr items (git ALLOC_GROW). */
#define RT_ALLOC_GROW(x, nr, alloc) \
	do { \
		if ((nr) > (alloc)) { \
			if ((alloc) * 2 < (nr)) \
				(alloc) = (nr); \
			else \
				(alloc) = (alloc) * 2; \
			if ((alloc) < 8) \
				(alloc) = 8; \
			(x) = rt_xrealloc((x), (alloc) * sizeof(*(x))); \
		} \
	} while (0)

#define RT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Ask the CPU to fetch what p points to (a hint; p may be anything). */
#if defined(__GNUC__)
#define RT_PREFETCH(p) __builtin_prefetch(p)
#else
#define RT_PREFETCH(p) ((void)(p))
#endif

/* Last, after the system headers above: git's banned functions. */
#include "banned.h"

#endif
