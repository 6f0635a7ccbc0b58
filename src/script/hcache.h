/*
 * hcache.h: the header cache of a version directory, modelled on git's
 * index: per revision file its name, stat data (size, mtime, ctime,
 * inode) and parsed header, so that a run with unchanged files reads
 * one cache file and stats each revision file instead of reading it.
 * A cache file is taken only when the user retort runs as owns it, no
 * one else may write it, and it is signed with that user's key (a
 * random file in the cache directory): docs/configuration.md.
 */
#ifndef HCACHE_H
#define HCACHE_H

#include <sys/stat.h>

#include "revfile.h"

struct hcache;

/*
 * What the CLI read from the environment for the header cache: the
 * RETORT_CACHE, XDG_CACHE_HOME and HOME variables (NULL when unset).
 * Nothing below the CLI reads the environment.
 */
struct hcache_env {
	const char *mode;		/* $RETORT_CACHE */
	const char *xdg_cache_home;
	const char *home;
};

/*
 * The directory of the cache files, in a: "$XDG_CACHE_HOME/retort"
 * (XDG_CACHE_HOME absolute), else "$HOME/.cache/retort" (HOME
 * absolute).  NULL (no cache) when RETORT_CACHE is "off" or neither
 * variable gives a directory.  Only the last part, "retort", is ever
 * created (hcache_close()).  docs/configuration.md documents it.
 */
const char *hcache_dir(struct rt_arena *a, const struct hcache_env *env);

/*
 * The cache file for the directory whose real path is realdir, in a:
 * dir "/" <hash>, <hash> 16 hex digits of realdir's FNV-1a hash; dir is
 * hcache_dir()'s (NULL: no cache, and NULL is returned).
 */
const char *hcache_file(struct rt_arena *a, const char *dir,
			const char *realdir);

/*
 * Open the cache of realdir in the cache directory dir (NULL: caching
 * is off, and so is the result).  Never fails: a missing, unreadable,
 * truncated, corrupt or foreign cache file is treated as empty, and so
 * is one not signed with the key of dir (see hcache_close()).  A cache
 * file or key that is not a regular file, is owned by another user or
 * is writable by others (the key: readable) is ignored the same way,
 * with a warning to warn (the text in a; warn may be NULL): "ignoring
 * header cache file PATH: owned by uid N, not by the user retort runs
 * as (uid M)", "...: writable by group or others (mode 0666)".  The
 * cache file is mapped until a is freed: the strings hcache_find()
 * hands out point into it.
 */
struct hcache *hcache_open(struct rt_arena *a, const char *dir,
			   const char *realdir,
			   void (*warn)(const char *msg, void *arg),
			   void *arg);

/* The stat data a cache entry was recorded with. */
struct hcache_stamp {
	uint64_t size, ino;
	int64_t mtime_s, ctime_s;
	uint32_t mtime_ns, ctime_ns;
};

/*
 * Fill out's header (id, down, deps, labels, longdoc, doc, kind, loc's
 * line and column, sql_up, sql_down; loc.file = out->path, which the
 * caller sets, like out->name) from the entry for name, and *stamp with
 * the stat data it was recorded with, whatever the file's state now:
 * hcache_check() tells whether it still holds.  Names must be asked in
 * strcmp order.  Returns whether there was an entry; none leaves out
 * untouched.  c may be NULL (never an entry).
 */
bool hcache_find(struct hcache *c, struct rev_file *out, const char *name,
		 struct hcache_stamp *stamp);

/* What an entry is worth for a file whose stat data is now st. */
enum hcache_state {
	HCACHE_STALE,		/* changed, or none: read it, rewrite */
	HCACHE_HIT,		/* holds */
	/* git's racy case: its mtime is not older than the cache file
	 * (the file may have changed within the same tick after it was
	 * read): read it; rewriting cannot help while that mtime is not
	 * past, so the entry is kept as it is */
	HCACHE_UNSURE,
};

/*
 * HCACHE_HIT when size, mtime, ctime and inode equal st's and the
 * mtime is older than the cache file's own (git's racy rule); a racy
 * entry whose mtime is past is HCACHE_STALE (read again and rewrite).
 */
enum hcache_state hcache_check(const struct hcache *c,
			       const struct hcache_stamp *stamp,
			       const struct stat *st);

/*
 * Record f, read from a file with stat data st (or found in the cache),
 * for the next cache file; state is what hcache_check() said of f's
 * entry (HCACHE_STALE when there was none).  f is borrowed until
 * hcache_close().  Only REV_PY and REV_SQL files are kept, and only
 * those whose header takes at most 1 MiB; callers never record a file
 * that failed to read.  c may be NULL.
 */
void hcache_put(struct hcache *c, const struct rev_file *f,
		const struct stat *st, enum hcache_state state);

/*
 * The directory's listing as the cache file has it, when the directory's
 * stat data dirst (taken before reading it) equal the ones it was read
 * with and its mtime is older than the cache file (git's racy rule, as
 * for files; the untracked cache's use of directory mtimes: creating,
 * removing or renaming an entry changes them).  Then add() gets every
 * entry's name (valid while the arena lives) and d_type in strcmp order
 * and it returns true; else false, add() never called.  c may be NULL.
 */
bool hcache_listing(struct hcache *c, const struct stat *dirst,
		    void (*add)(const char *name, unsigned char type,
				void *arg), void *arg);

/*
 * Record the whole listing (names in strcmp order, their d_type) for
 * the next cache file, read with the directory's stat data dirst taken
 * before; borrowed until hcache_close().  A listing that hcache_listing()
 * did not give makes the cache file be written again.  c may be NULL.
 */
void hcache_put_listing(struct hcache *c, const struct stat *dirst,
			const char *const *names, const unsigned char *types,
			size_t n);

/*
 * Free c; first, when save is set and the recorded files differ from
 * the cache file (a miss, a racy entry read again, a deleted file), or
 * it was ignored, write them atomically (temporary file and rename(),
 * mode 0600), signed with the key of hcache_file()'s directory.  The
 * directory is created (mode 0700) only when its parent exists; the key
 * (16 random bytes in the file "key", mode 0600) when there is none or
 * it was ignored.  Write errors are ignored: the cache is an
 * optimisation only.  c may be NULL.
 */
void hcache_close(struct hcache *c, bool save);

#endif
