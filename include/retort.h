/*
 * retort.h: libretort, retort's C library (docs/library.md): open an
 * Alembic project from its ini file, read its heads, the database's
 * current revisions and the pending steps, and upgrade, downgrade or
 * stamp it online or as a SQL script, as `retort` does.
 *
 * Every function that can fail returns an int: 0 on success, a negative
 * RETORT_E* code on failure, with the message (and the file:line:col in
 * the user's file it is about, when known) from retort_errmsg().  The
 * handle is opaque; strings handed out belong to it.  Handles are
 * independent of each other; use each from one thread at a time.
 * Running out of memory aborts the process, as in `retort`.
 */
#ifndef RETORT_H
#define RETORT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(RETORT_BUILDING) && defined(__GNUC__)
#define RETORT_API __attribute__((visibility("default")))
#else
#define RETORT_API
#endif

/* Result codes (retort's own, docs/library.md lists what each means). */
enum retort_code {
	RETORT_OK = 0,
	RETORT_ERROR = -1,	/* any other failure */
	RETORT_ENOTFOUND = -2,	/* unknown revision, file, section ... */
	RETORT_EAMBIGUOUS = -3,	/* ambiguous revision, multiple heads */
	RETORT_ECOMMAND = -4,	/* what Alembic reports as CommandError */
	RETORT_ESYNTAX = -5,	/* malformed user file (with a location) */
	RETORT_EIO = -6,	/* file system or output errors */
	RETORT_ECONFIG = -7,	/* malformed ini file or setting */
	RETORT_EDB = -8,	/* the database failed */
	RETORT_EUSAGE = -9,	/* a bad argument to a libretort function */
	RETORT_ENOTIMPL = -10,	/* something retort does not support */
	RETORT_EGRAPH = -11,	/* inconsistent revision graph */
};

/* What retort_migrate*() does with the target. */
enum retort_op {
	RETORT_UPGRADE,		/* `retort upgrade TARGET` */
	RETORT_DOWNGRADE,	/* `retort downgrade TARGET` */
	RETORT_STAMP,		/* `retort stamp TARGET` */
};

/* The kind of a line given to the log callback. */
enum retort_log_level {
	RETORT_LOG_INFO,	/* Alembic's INFO lines, step timings */
	RETORT_LOG_NOTICE,	/* waiting for the migration lock */
	RETORT_LOG_WARNING,	/* Alembic's UserWarnings */
};

struct retort;

/* The library's version, "MAJOR.MINOR.PATCH". */
RETORT_API const char *retort_version(void);

/*
 * Open the project of the ini file ini_path (NULL: "alembic.ini"),
 * section section (NULL: "alembic"); relative paths in it are taken from
 * the current directory, as the `retort` command does.  The ini file and
 * the script directory's settings are read now (each call reads the
 * project again).  *out is set even on failure: read
 * retort_errmsg(*out), then retort_close(*out).
 */
RETORT_API int retort_open(struct retort **out, const char *ini_path,
			   const char *section);

/* Close h (NULL: nothing), with everything it handed out. */
RETORT_API void retort_close(struct retort *h);

/*
 * The message of the last failed call on h, "FILE:LINE:COL: MESSAGE"
 * when it is about a place in the user's files; "" after a success.
 * Valid until the next call on h.
 */
RETORT_API const char *retort_errmsg(struct retort *h);

/* The database URL to use instead of sqlalchemy.url (the `--url`
 * option); NULL: sqlalchemy.url again.  Copied. */
RETORT_API int retort_set_url(struct retort *h, const char *url);

/*
 * The directory of the header cache (docs/configuration.md); NULL: no
 * cache.  Copied.  Without this call there is no cache: the library
 * reads no environment variable (the `retort` command's default is
 * $XDG_CACHE_HOME/retort, else ~/.cache/retort).
 */
RETORT_API int retort_set_cache_dir(struct retort *h, const char *dir);

/*
 * Where log lines go (each whole, without "\n"): what `retort` prints
 * on stderr, e.g. "INFO  [alembic.runtime.migration] Running upgrade
 * ...".  NULL: nowhere (the default).
 */
RETORT_API void retort_set_log(struct retort *h,
			       void (*log)(enum retort_log_level level,
					   const char *line, void *payload),
			       void *payload);

/*
 * The heads of the script directory (`retort heads`): *ids gets *n
 * revision ids, valid until the next call on h.
 */
RETORT_API int retort_heads(struct retort *h, const char *const **ids,
			    size_t *n);

/*
 * The current revisions of the database (`retort current`): *ids gets
 * *n revision ids (none: at base, or no version table), valid until the
 * next call on h.  Never creates the version table.
 */
RETORT_API int retort_current(struct retort *h, const char *const **ids,
			      size_t *n);

/*
 * What `retort upgrade target` would run now, without changing the
 * database: *steps gets *n texts such as "upgrade 1975ea83b712 ->
 * ae1027a6acf6, add email column" (Alembic's "Running ..." log line),
 * valid until the next call on h.  *n is 0 when the database is at
 * target.
 */
RETORT_API int retort_pending(struct retort *h, const char *target,
			      const char *const **steps, size_t *n);

/*
 * Upgrade, downgrade or stamp the database to target ("head", "heads",
 * a revision, "+1", "base" ...) as `retort upgrade/downgrade/stamp
 * TARGET` does: in transactions, under the migration lock, each step
 * logged.
 */
RETORT_API int retort_migrate(struct retort *h, enum retort_op op,
			      const char *target);

/*
 * The same as a SQL script (`--sql`, offline: the database is not
 * used): write() gets the script in pieces (data, len: not
 * NUL-terminated); a non-zero return stops with RETORT_EIO.  target may
 * be START:END (downgrade needs it).  On failure the script holds what
 * Alembic prints before it fails.
 */
RETORT_API int retort_migrate_sql(struct retort *h, enum retort_op op,
				  const char *target,
				  int (*write)(const char *data, size_t len,
					       void *payload),
				  void *payload);

/* retort_migrate_sql() into out. */
RETORT_API int retort_migrate_sql_file(struct retort *h, enum retort_op op,
				       const char *target, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
