/*
 * hcache.h: the header cache of a version directory, modelled on git's
 * index: per revision file its name, stat data (size, mtime, ctime,
 * inode) and parsed header, so that a run with unchanged files reads
 * one cache file and stats each revision file instead of reading it.
 */
#ifndef HCACHE_H
#define HCACHE_H

#include <sys/stat.h>

#include "script.h"

struct hcache;

/*
 * The cache file for the directory whose real path is realdir, in a:
 * "$XDG_CACHE_HOME/retort/<hash>" (XDG_CACHE_HOME absolute), else
 * "$HOME/.cache/retort/<hash>"; <hash> is 16 hex digits of realdir's
 * FNV-1a hash.  NULL when RETORT_CACHE is "off" or neither variable
 * gives a directory.
 */
const char *hcache_file(struct rt_arena *a, const char *realdir);

/*
 * Open the cache of realdir (NULL: caching is off, see hcache_file()).
 * Never fails: a missing, unreadable, truncated, corrupt or foreign
 * cache file is treated as empty.  The cached strings are read into a
 * and handed out by hcache_get(), so they live as long as a.
 */
struct hcache *hcache_open(struct rt_arena *a, const char *realdir);

/*
 * Fill out's header (id, down, deps, labels, longdoc, doc, kind, loc's
 * line and column, sql_up, sql_down; loc.file = out->path, which the
 * caller sets, like out->name) from the entry for name when its size,
 * mtime, ctime and inode equal st's and its mtime is older than the
 * cache file's own (git's racy rule; else the file must be read).
 * Names must be asked in strcmp order.  Returns whether it did; a miss
 * leaves out untouched.  c may be NULL (always a miss).
 */
bool hcache_get(struct hcache *c, struct rev_file *out, const char *name,
		const struct stat *st);

/*
 * Record f, read from a file with stat data st (or just returned by
 * hcache_get()), for the next cache file.  f is borrowed until
 * hcache_close().  Only REV_PY and REV_SQL files are kept; callers never
 * record a file that failed to read.  c may be NULL.
 */
void hcache_put(struct hcache *c, const struct rev_file *f,
		const struct stat *st);

/*
 * Free c; first, when save is set and the recorded files differ from
 * the cache file (a miss, a racy entry read again, a deleted file),
 * write them atomically (temporary file and rename(), mode 0600) in
 * hcache_file()'s directory, created if needed.  Write errors are
 * ignored: the cache is an optimisation only.  c may be NULL.
 */
void hcache_close(struct hcache *c, bool save);

#endif
