/*
 * script.h: the script directory (spec §1.C, §2, §3): the main section's
 * settings, discovery of revision files in every version location, and
 * their headers (revision, down_revision, branch_labels, depends_on and
 * the docstring) read without running Python.
 */
#ifndef SCRIPT_H
#define SCRIPT_H

#include "base/arena.h"
#include "config/config.h"

enum rev_kind {
	REV_PY,		/* Alembic's own .py revision file */
	REV_SQL,	/* .sql with "-- revision:" header comments */
	REV_YAML,	/* .yaml op-script */
};

/*
 * A section of a .sql revision file (sqlrev.h): the SQL text between its
 * marker line ("-- upgrade", ...) and the next marker or the end.
 */
struct rev_sql_section {
	bool present;
	size_t off, len;		/* in rev_file.src */
	int line;			/* 1-based line of src[off] */
};

/* One revision file, as read.  All strings live in the arena. */
struct rev_file {
	const char *id;			/* `revision` */
	const char **down;		/* `down_revision`, written order */
	size_t ndown;
	const char **deps;		/* `depends_on`, as written */
	size_t ndeps;
	const char **labels;		/* `branch_labels` */
	size_t nlabels;
	const char *longdoc;		/* docstring, str.strip()'ed; "" if none */
	const char *doc;		/* longdoc before the first "\n\n" */
	const char *path;		/* version dir (absolute) "/" name */
	const char *name;		/* the file name */
	enum rev_kind kind;
	struct rt_loc loc;		/* where `revision` is declared */
	const char *src;		/* the whole file, NUL-terminated, */
	size_t srclen;			/* (.py: decoded to UTF-8, LF), or
					 * NULL: see rev_file_source() */
	struct rev_sql_section sql_up, sql_down;	/* REV_SQL only */
};

struct script_dir {
	const char *section;		/* main section name ("alembic") */
	const char *script_location;	/* absolute directory */
	const char **version_dirs;	/* absolute, configured order */
	size_t nversion_dirs;
	bool default_versions;		/* version_locations unset */
	bool recursive;			/* recursive_version_locations */
	const char *file_template;	/* after interpolation */
	int truncate_slug_length;	/* 40 when unset or 0 */
	const char *timezone;		/* NULL when unset */

	struct rev_file *revs;		/* load order (spec rule 2.6) */
	size_t nrevs;
	size_t ncached;			/* of revs, read from the header
					 * cache (hcache.h) */
	size_t nlistings_cached;	/* directories listed from it */

	/* Warnings Alembic would print on stderr (the CLI prints them). */
	const char **warnings;
	size_t nwarnings, allocwarnings;
};

/*
 * Read the settings of the main section (rules 1.11-1.13, 1.19):
 * script_location (must exist: "Path doesn't exist: ..." RT_ECOMMAND),
 * version_locations split per version_path_separator / path_separator,
 * etc.  Missing section: RT_ECOMMAND "No config file '<path>' found, or
 * file has no '[<section>]' section".  Does not read any revision file.
 */
int script_dir_open(struct script_dir *out, struct rt_arena *a,
		    const struct config *c, const char *section,
		    struct rt_err *err);

/*
 * Discover and read every revision file (rules 2.1-2.11) into sd->revs
 * in load order: directories in configured order, file names sorted
 * byte-wise within each.  Only headers are interpreted (function bodies
 * are only checked lexically) and only their values are kept: each
 * rev_file's src is NULL (rev_file_source() reads it again).  A
 * malformed file fails with RT_ESYNTAX at file:line:col.  Headers of
 * unchanged files come from the header cache (hcache.h, unless
 * RETORT_CACHE=off), which is then updated: the result is the same.
 */
int script_dir_load(struct script_dir *sd, struct rt_arena *a,
		    struct rt_err *err);

/*
 * Read one revision file (any kind, decided by its name: ".py" or
 * ".sql"); dir is the version directory as configured (absolute), and
 * out->path becomes dir "/" name.  Errors: RT_EIO (unreadable),
 * RT_ESYNTAX at file:line:col (malformed header), RT_ECOMMAND (rule 2.8,
 * no revision id).
 */
int rev_file_read(struct rev_file *out, struct rt_arena *a, const char *dir,
		  const char *name, struct rt_err *err);

/*
 * f with its source: f itself when f->src is set (rev_file_read()),
 * else the file at f->path read again into a (rev_file_read()'s errors),
 * which must still declare the revision id f->id: else RT_EIO at the
 * file ("the revision id is now 'X', not 'Y' (expected the file not to
 * change while retort runs)").  *out is f or lives in a.
 */
int rev_file_source(const struct rev_file **out, struct rt_arena *a,
		    const struct rev_file *f, struct rt_err *err);

#endif
