/*
 * script.h: the script directory (spec §1.C, §2): the main section's
 * settings and the discovery of revision files in every version
 * location, their headers (revision, down_revision, branch_labels,
 * depends_on and the docstring) read without running Python (revread.h)
 * or taken from the header cache (hcache.h).
 */
#ifndef SCRIPT_H
#define SCRIPT_H

#include "base/arena.h"
#include "config/config.h"
#include "revfile.h"

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

	/* Warnings Alembic would print on stderr, and those of the header
	 * cache (hcache_open()); the CLI prints them. */
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
 * How script_dir_load() reads: what the CLI took from the environment
 * (docs/configuration.md "The header cache").
 */
struct script_opts {
	/* the header cache's directory (hcache_dir()); NULL: no cache */
	const char *cache_dir;
	/* the size limit of a revision file; 0: REV_FILE_MAX_SIZE
	 * (revread.h).  Tests raise it to read files past 2 GiB. */
	size_t max_file_size;
};

/*
 * Discover and read every revision file (rules 2.1-2.11) into sd->revs
 * in load order: directories in configured order, file names sorted
 * byte-wise within each.  Only headers are interpreted (a .py file as a
 * whole is checked against Python's grammar, pyparse_check()) and only
 * their values are kept: each rev_file's src is NULL
 * (rev_file_source(), revread.h, reads it again).  A malformed file
 * fails with RT_ESYNTAX at file:line:col.
 * With o->cache_dir, headers of unchanged files come from the header
 * cache (hcache.h), which is then updated: the result is the same.
 */
int script_dir_load(struct script_dir *sd, struct rt_arena *a,
		    const struct script_opts *o, struct rt_err *err);

#endif
