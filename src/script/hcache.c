/*
 * hcache.c: the header cache of a version directory (hcache.h): the
 * cache file's format, its owner, mode and keyed checksum, git's stat
 * and racy checks, the per-user key, and the atomic rewrite.
 */
#include "hcache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/siphash.h"

/*
 * File layout, native byte order (the format is local to one machine):
 * struct hc_head, the directory's real path and a NUL, nent entries
 * (entlen bytes), then nother listing records.  An entry is a struct
 * hc_ent, a struct hc_sql for REV_SQL files, then NUL-terminated
 * strings: name, id, the downs, the deps, the labels, longdoc, and doc
 * when it is not longdoc (HC_DOC).  A listing record is the d_type byte
 * and the NUL-terminated name of a directory entry that has no entry
 * (other files, sub-directories, .yaml files); entries keep their d_type
 * in their flags.  Both are sorted by name (strcmp).  With `listed`,
 * entries and records are the whole directory as read when its stat
 * data were `dir`.  sum is the SipHash-2-4 of the whole file (with sum
 * itself 0) under the key in the file HC_KEY of the cache directory:
 * whoever cannot read that key cannot write a cache file retort takes.
 * read_s/read_ns: the coarse clock (the file system's) before the files
 * were read: a file or directory whose mtime is not older than this may
 * have changed again within the same tick after it was read (git's racy
 * case).
 */
#define HC_MAGIC "RTHCACH"
#define HC_VERSION 4
#define HC_KEY "key"
#define HC_MAX_SIZE ((off_t)256 << 20)
/* A file whose entry would be larger is not cached (read every time):
 * entry lengths are 32 bits, and such a header is no common case. */
#define HC_MAX_ENTRY ((size_t)1 << 20)

struct hc_head {
	char magic[8];
	uint32_t version, entsize, nent, dirlen;
	int64_t read_s;
	uint32_t read_ns, nother;
	uint64_t bodylen, sum, entlen;
	struct hcache_stamp dir;
	uint32_t listed, pad;
};

struct hc_ent {
	uint64_t size, ino;
	int64_t mtime_s, ctime_s;
	uint32_t mtime_ns, ctime_ns;
	uint32_t len;			/* the whole entry */
	uint32_t kind, flags;
	uint32_t ndown, ndeps, nlabels;
	int32_t line, col;
};

struct hc_sql {
	uint64_t off[2], len[2];
	int32_t line[2];
	uint32_t present[2];
};

#define HC_DOC 1u			/* doc is stored after longdoc */
#define HC_TYPE_SHIFT 8			/* flags bits 8-15: the d_type */
#define HC_FLAGS (HC_DOC | 0xffu << HC_TYPE_SHIFT)

/* A file recorded for the next cache file: its stat data. */
struct hc_rec {
	const struct rev_file *f;
	struct hcache_stamp st;
};

/* A walk over the entries of a mapped cache file. */
struct hc_cursor {
	const char *pos, *end;		/* entries left (pos NULL: done) */
	size_t nent, nread;		/* entries in the file; consumed */
	bool head;			/* a checked entry at pos */
	struct hc_ent e;		/* that entry's fixed part */
	const char *prev;		/* the last name consumed */
};

struct hcache {
	struct rt_arena *a;
	const char *realdir;
	const char *cdir;		/* the cache directory */
	const char *file;		/* the cache file */
	unsigned char key[SIPHASH_KEY_SIZE];
	bool have_key;			/* key holds the trusted key */
	bool bad_key;			/* an untrusted key file is there */
	void (*warn)(const char *msg, void *arg);
	void *warn_arg;
	struct hc_cursor cur;		/* hcache_find()'s */
	const char *ents;		/* all entries (NULL: no file) */
	const char *others, *oend;	/* the listing records */
	size_t nother;
	bool listed;			/* the file has the listing of */
	struct hcache_stamp dir;	/* the directory with these data */
	struct timespec mtime;		/* min(cache file's, its read_s) */
	struct timespec now;		/* coarse clock at hcache_open() */
	struct hc_rec *recs;
	size_t nrecs, allocrecs;
	size_t nkept;			/* entries still valid */
	bool dirty;
	enum hcache_state list_state;	/* of the cached listing */
	/* the listing for the next cache file (hcache_put_listing()) */
	const char *const *lnames;
	const unsigned char *ltypes;
	size_t nlist;
	struct hcache_stamp newdir;
};

/* A mapped cache file, unmapped when the arena is freed. */
struct hc_map {
	void *p;
	size_t len;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

const char *hcache_dir(struct rt_arena *a, const struct hcache_env *env)
{
	if (env->mode && !strcmp(env->mode, "off"))
		return NULL;
	if (env->xdg_cache_home && env->xdg_cache_home[0] == '/')
		return arena_printf(a, "%s/retort", env->xdg_cache_home);
	if (env->home && env->home[0] == '/')
		return arena_printf(a, "%s/.cache/retort", env->home);
	return NULL;
}

const char *hcache_file(struct rt_arena *a, const char *dir,
			const char *realdir)
{
	if (!dir)
		return NULL;
	return arena_printf(a, "%s/%016llx", dir,
			    (unsigned long long)fnv1a(realdir));
}

/* ---- reading ---- */

static int ts_cmp(int64_t s1, long ns1, int64_t s2, long ns2)
{
	if (s1 != s2)
		return s1 < s2 ? -1 : 1;
	return ns1 < ns2 ? -1 : ns1 > ns2;
}

/* The next NUL-terminated string in [*p, end), or NULL. */
static const char *next_str(const char **p, const char *end)
{
	const char *s = *p, *nul = memchr(s, '\0', (size_t)(end - s));

	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

static size_t nstrings(const struct hc_ent *e)
{
	/* name, id, downs, deps, labels, longdoc, doc */
	return 3 + (size_t)e->ndown + e->ndeps + e->nlabels +
	       !!(e->flags & HC_DOC);
}

static void unmap(void *arg)
{
	struct hc_map *m = arg;

	munmap(m->p, m->len);
}

/*
 * Map the cache file for the arena's lifetime, as git maps its index:
 * the strings handed out point into it.  A new cache file replaces it
 * by rename(), so the mapping never changes under us.
 */
static const char *map_file(struct hcache *c, int fd, size_t len)
{
	struct hc_map *m;
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd,
		       0);

	if (p == MAP_FAILED)
		return NULL;
	m = arena_alloc(c->a, sizeof(*m));
	m->p = p;
	m->len = len;
	arena_on_free(c->a, unmap, m);
	return p;
}

/*
 * The header h of the mapped file [p, p + len): consistent, and signed
 * with c's key?
 */
static bool check_file(const struct hcache *c, const struct hc_head *h,
		       const char *p, size_t len)
{
	struct hc_head zero = *h;
	struct siphash sum;
	size_t dirlen = strlen(c->realdir);

	if (memcmp(h->magic, HC_MAGIC, sizeof(h->magic)) ||
	    h->version != HC_VERSION || h->entsize != sizeof(struct hc_ent) ||
	    h->dirlen != dirlen || h->bodylen > len ||
	    len != sizeof(*h) + dirlen + 1 + h->bodylen ||
	    h->entlen > h->bodylen ||
	    memcmp(p + sizeof(*h), c->realdir, dirlen + 1))
		return false;
	zero.sum = 0;
	siphash_init(&sum, c->key);
	siphash_add(&sum, &zero, sizeof(zero));
	siphash_add(&sum, p + sizeof(*h), len - sizeof(*h));
	return siphash_end(&sum) == h->sum;
}

/* The listing records: nother sorted names, filling the rest. */
static bool check_others(struct hcache *c)
{
	const char *p = c->others, *name, *prev = NULL;
	size_t k;

	for (k = 0; k < c->nother; k++) {
		if (c->oend - p < 2)
			return false;
		name = ++p;	/* after the type byte */
		if (!next_str(&p, c->oend) ||
		    (prev && strcmp(prev, name) >= 0))
			return false;
		prev = name;
	}
	return p == c->oend;
}

static void warn(struct hcache *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct hcache *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (c->warn)
		c->warn(arena_vprintf(c->a, fmt, ap), c->warn_arg);
	va_end(ap);
}

/*
 * Whether st (of path, a kind of file for messages) may be trusted: a
 * regular file owned by the user retort runs as, not writable by group
 * or others (readable neither, with secret), as ssh and git want.
 * Else a warning says why it is ignored.
 */
static bool trusted(struct hcache *c, const struct stat *st,
		    const char *what, const char *path, bool secret)
{
	unsigned bad = secret ? 077 : 022;

	if (!S_ISREG(st->st_mode)) {
		warn(c, "ignoring %s %s: not a regular file", what, path);
		return false;
	}
	if (st->st_uid != geteuid()) {
		warn(c, "ignoring %s %s: owned by uid %u, not by the user "
		     "retort runs as (uid %u)", what, path,
		     (unsigned)st->st_uid, (unsigned)geteuid());
		return false;
	}
	if (st->st_mode & bad) {
		warn(c, "ignoring %s %s: %s by group or others (mode %04o)",
		     what, path, secret ? "readable or writable" : "writable",
		     (unsigned)(st->st_mode & 07777));
		return false;
	}
	return true;
}

/* The key of the cache directory into c->key, if there is a trusted
 * one (else c->bad_key when a file is there but not trusted). */
static void load_key(struct hcache *c)
{
	const char *path = arena_printf(c->a, "%s/" HC_KEY, c->cdir);
	struct stat st;
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0) {
		c->bad_key = errno != ENOENT;
		if (errno == ELOOP)
			warn(c, "ignoring header cache key %s: a symbolic "
			     "link", path);
		else if (c->bad_key)
			warn(c, "ignoring header cache key %s: %s", path,
			     strerror(errno));
		return;
	}
	if (fstat(fd, &st) || !trusted(c, &st, "header cache key", path,
					true))
		c->bad_key = true;
	else if ((n = read(fd, c->key, sizeof(c->key))) !=
		 (ssize_t)sizeof(c->key) || st.st_size != (off_t)n)
		c->bad_key = true;
	c->have_key = !c->bad_key;
	close(fd);
}

/* Map and check the cache file; false leaves c empty. */
static bool load(struct hcache *c)
{
	struct hc_head h;
	struct stat st;
	const char *p = NULL;
	size_t len;
	int fd = open(c->file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0 && errno == ELOOP)
		warn(c, "ignoring header cache file %s: a symbolic link",
		     c->file);
	if (fd < 0)
		return false;
	/* Without the key, nothing can be checked. */
	if (!fstat(fd, &st) &&
	    trusted(c, &st, "header cache file", c->file, false) &&
	    c->have_key && st.st_size >= (off_t)sizeof(h) &&
	    st.st_size <= HC_MAX_SIZE)
		p = map_file(c, fd, (size_t)st.st_size);
	close(fd);
	if (!p)
		return false;
	len = (size_t)st.st_size;
	memcpy(&h, p, sizeof(h));
	if (!check_file(c, &h, p, len))
		return false;
	c->others = p + sizeof(h) + h.dirlen + 1 + h.entlen;
	c->oend = p + len;
	c->nother = h.nother;
	if (!check_others(c))
		return false;
	c->ents = p + sizeof(h) + h.dirlen + 1;
	c->cur = (struct hc_cursor){ c->ents, c->others, h.nent, 0, false,
				     { 0 }, NULL };
	c->listed = h.listed != 0;
	c->dir = h.dir;
	c->mtime = st.st_mtim;
	if (ts_cmp(h.read_s, h.read_ns, c->mtime.tv_sec,
		   c->mtime.tv_nsec) < 0) {
		c->mtime.tv_sec = (time_t)h.read_s;
		c->mtime.tv_nsec = (long)h.read_ns;
	}
	return true;
}

struct hcache *hcache_open(struct rt_arena *a, const char *dir,
			   const char *realdir,
			   void (*warn_fn)(const char *msg, void *arg),
			   void *arg)
{
	const char *file = hcache_file(a, dir, realdir);
	struct hcache *c;

	if (!file)
		return NULL;
	c = rt_xcalloc(1, sizeof(*c));
	c->a = a;
	c->realdir = realdir;
	c->cdir = dir;
	c->file = file;
	c->warn = warn_fn;
	c->warn_arg = arg;
	/* The clock file times come from (Linux: current_time()). */
	clock_gettime(CLOCK_REALTIME_COARSE, &c->now);
	load_key(c);
	if (!load(c))
		c->dirty = true;
	return c;
}

/* ---- lookups ---- */

/* n strings from *p into an arena array (NULL when n is 0). */
static const char **take_strs(struct rt_arena *a, const char **p, size_t n)
{
	const char **v = n ? arena_alloc(a, n * sizeof(*v)) : NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		v[i] = *p;
		*p += strlen(*p) + 1;
	}
	return v;
}

/* Entry e (checked) at p: its name, after the fixed parts. */
static const char *ent_name(const char *p, const struct hc_ent *e)
{
	return p + sizeof(*e) + (e->kind == REV_SQL ? sizeof(struct hc_sql) :
				 0);
}

/* Check the entry at pos into c->e (c->head); false: no more. */
static bool next_entry(struct hc_cursor *c)
{
	struct hc_ent *e = &c->e;
	const char *p = c->pos, *end, *name, *q;
	size_t k, n;

	if (c->nread >= c->nent || (size_t)(c->end - p) < sizeof(*e))
		return false;
	memcpy(e, p, sizeof(*e));
	if (e->len < sizeof(*e) || (e->kind != REV_PY && e->kind != REV_SQL) ||
	    e->flags & ~HC_FLAGS || e->len > (size_t)(c->end - p))
		return false;
	end = p + e->len;
	name = q = ent_name(p, e);
	if (q > end)
		return false;
	n = nstrings(e);
	for (k = 0; k < n; k++)
		if (!next_str(&q, end))
			return false;
	if (q != end || (c->prev && strcmp(c->prev, name) >= 0))
		return false;
	return c->head = true;
}

static void consume(struct hc_cursor *c)
{
	c->prev = ent_name(c->pos, &c->e);
	c->pos += c->e.len;
	c->nread++;
	c->head = false;
}

static void fill(struct hcache *c, struct rev_file *out)
{
	const struct hc_ent *e = &c->cur.e;
	const char *s = ent_name(c->cur.pos, e);
	struct hc_sql q;

	s += strlen(s) + 1;
	out->kind = (enum rev_kind)e->kind;
	out->id = s;
	s += strlen(s) + 1;
	out->down = take_strs(c->a, &s, e->ndown);
	out->ndown = e->ndown;
	out->deps = take_strs(c->a, &s, e->ndeps);
	out->ndeps = e->ndeps;
	out->labels = take_strs(c->a, &s, e->nlabels);
	out->nlabels = e->nlabels;
	out->longdoc = s;
	out->doc = e->flags & HC_DOC ? s + strlen(s) + 1 : s;
	out->loc = (struct rt_loc){ out->path, e->line, e->col };
	out->src = NULL;
	out->srclen = 0;
	if (e->kind != REV_SQL)
		return;
	memcpy(&q, c->cur.pos + sizeof(*e), sizeof(q));
	out->sql_up = (struct sqlrev_section){ q.present[0] != 0,
		(size_t)q.off[0], (size_t)q.len[0], q.line[0] };
	out->sql_down = (struct sqlrev_section){ q.present[1] != 0,
		(size_t)q.off[1], (size_t)q.len[1], q.line[1] };
}

bool hcache_find(struct hcache *c, struct rev_file *out, const char *name,
		 struct hcache_stamp *stamp)
{
	struct hc_cursor *k;
	int cmp = 1;

	if (!c)
		return false;
	k = &c->cur;
	while (k->pos) {
		if (!k->head && !next_entry(k)) {
			/* The end, or damage: no more entries. */
			k->pos = NULL;
			break;
		}
		cmp = strcmp(ent_name(k->pos, &k->e), name);
		if (cmp >= 0)
			break;
		consume(k);
	}
	if (!k->head || cmp)
		return false;
	*stamp = (struct hcache_stamp){ k->e.size, k->e.ino, k->e.mtime_s,
		k->e.ctime_s, k->e.mtime_ns, k->e.ctime_ns };
	fill(c, out);
	consume(k);
	return true;
}

static bool stat_matches(const struct hcache_stamp *e, const struct stat *st)
{
	return e->size == (uint64_t)st->st_size &&
	       e->ino == (uint64_t)st->st_ino &&
	       e->mtime_s == (int64_t)st->st_mtim.tv_sec &&
	       e->mtime_ns == (uint32_t)st->st_mtim.tv_nsec &&
	       e->ctime_s == (int64_t)st->st_ctim.tv_sec &&
	       e->ctime_ns == (uint32_t)st->st_ctim.tv_nsec;
}

enum hcache_state hcache_check(const struct hcache *c,
			       const struct hcache_stamp *stamp,
			       const struct stat *st)
{
	if (!c || !stat_matches(stamp, st))
		return HCACHE_STALE;
	if (ts_cmp(stamp->mtime_s, stamp->mtime_ns, c->mtime.tv_sec,
		   c->mtime.tv_nsec) < 0)
		return HCACHE_HIT;
	/* Racy.  Rewriting only helps once the file's mtime is past. */
	return ts_cmp(stamp->mtime_s, stamp->mtime_ns, c->now.tv_sec,
		      c->now.tv_nsec) >= 0 ? HCACHE_UNSURE : HCACHE_STALE;
}

static struct hcache_stamp stamp_of(const struct stat *st)
{
	return (struct hcache_stamp){ (uint64_t)st->st_size,
		(uint64_t)st->st_ino, (int64_t)st->st_mtim.tv_sec,
		(int64_t)st->st_ctim.tv_sec, (uint32_t)st->st_mtim.tv_nsec,
		(uint32_t)st->st_ctim.tv_nsec };
}

static size_t strs_size(const char *const *v, size_t n)
{
	size_t i, sz = 0;

	for (i = 0; i < n; i++)
		sz += strlen(v[i]) + 1;
	return sz;
}

/* The size of f's entry (add_entry()). */
static size_t entry_size(const struct rev_file *f)
{
	return sizeof(struct hc_ent) +
	       (f->kind == REV_SQL ? sizeof(struct hc_sql) : 0) +
	       strlen(f->name) + strlen(f->id) + strlen(f->longdoc) +
	       strlen(f->doc) + 4 + strs_size(f->down, f->ndown) +
	       strs_size(f->deps, f->ndeps) + strs_size(f->labels, f->nlabels);
}

void hcache_put(struct hcache *c, const struct rev_file *f,
		const struct stat *st, enum hcache_state state)
{
	if (!c)
		return;
	if (f->kind != REV_PY && f->kind != REV_SQL)
		return;
	/* What was a hit came from an entry: no need to measure it. */
	if (state != HCACHE_HIT && entry_size(f) > HC_MAX_ENTRY)
		return;
	if (state == HCACHE_STALE)
		c->dirty = true;
	else
		c->nkept++;
	RT_ALLOC_GROW(c->recs, c->nrecs + 1, c->allocrecs);
	c->recs[c->nrecs++] = (struct hc_rec){ f, stamp_of(st) };
}

/* ---- the directory listing ---- */

struct hc_lrec {
	const char *name;
	unsigned char type;
};

/* The entries' names and types into v (false: damage). */
static bool entry_names(const struct hcache *c, struct hc_lrec *v)
{
	struct hc_cursor k = { c->ents, c->cur.end, c->cur.nent, 0, false,
			       { 0 }, NULL };

	for (size_t i = 0; i < k.nent; i++) {
		if (!next_entry(&k))
			return false;
		v[i] = (struct hc_lrec){ ent_name(k.pos, &k.e),
			(unsigned char)(k.e.flags >> HC_TYPE_SHIFT) };
		consume(&k);
	}
	return true;
}

/* Merge the entries (a, na) and the records into out (false: a name
 * in both: damage). */
static bool merge_listing(const struct hcache *c, const struct hc_lrec *a,
			  size_t na, struct hc_lrec *out)
{
	const char *p = c->others;
	size_t i = 0, k = 0, left = c->nother;
	struct hc_lrec o = { NULL, 0 };
	int cmp;

	while (i < na || left || o.name) {
		if (!o.name && left) {
			o.type = (unsigned char)*p++;
			o.name = p;
			p += strlen(p) + 1;
			left--;
		}
		cmp = i == na ? 1 : !o.name ? -1 : strcmp(a[i].name, o.name);
		if (!cmp)
			return false;
		if (cmp < 0) {
			out[k++] = a[i++];
		} else {
			out[k++] = o;
			o.name = NULL;
		}
	}
	return true;
}

bool hcache_listing(struct hcache *c, const struct stat *dirst,
		    void (*add)(const char *name, unsigned char type,
				void *arg), void *arg)
{
	struct hc_lrec *a, *v;
	bool ok;

	if (!c || !c->ents || !c->listed)
		return false;
	c->list_state = hcache_check(c, &c->dir, dirst);
	if (c->list_state != HCACHE_HIT)
		return false;
	a = rt_xmalloc((c->cur.nent + 1) * sizeof(*a));
	v = rt_xmalloc((c->cur.nent + c->nother + 1) * sizeof(*v));
	ok = entry_names(c, a) && merge_listing(c, a, c->cur.nent, v);
	for (size_t k = 0; ok && k < c->cur.nent + c->nother; k++)
		add(v[k].name, v[k].type, arg);
	if (!ok)
		c->list_state = HCACHE_STALE;
	free(a);
	free(v);
	return ok;
}

void hcache_put_listing(struct hcache *c, const struct stat *dirst,
			const char *const *names, const unsigned char *types,
			size_t n)
{
	if (!c)
		return;
	c->lnames = names;
	c->ltypes = types;
	c->nlist = n;
	c->newdir = stamp_of(dirst);
	if (c->list_state == HCACHE_STALE)
		c->dirty = true;
}

/* ---- writing ---- */

static void add_strs(struct rt_buf *b, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rt_buf_add(b, v[i], strlen(v[i]) + 1);
}

static void add_entry(struct rt_buf *b, const struct hc_rec *r,
		      unsigned char type)
{
	const struct rev_file *f = r->f;
	size_t start = b->len;
	struct hc_ent e;
	struct hc_sql q;

	memset(&e, 0, sizeof(e));
	e.size = r->st.size;
	e.ino = r->st.ino;
	e.mtime_s = r->st.mtime_s;
	e.mtime_ns = r->st.mtime_ns;
	e.ctime_s = r->st.ctime_s;
	e.ctime_ns = r->st.ctime_ns;
	e.kind = (uint32_t)f->kind;
	e.ndown = (uint32_t)f->ndown;
	e.ndeps = (uint32_t)f->ndeps;
	e.nlabels = (uint32_t)f->nlabels;
	e.flags = (strcmp(f->doc, f->longdoc) ? HC_DOC : 0) |
		  (uint32_t)type << HC_TYPE_SHIFT;
	e.line = f->loc.line;
	e.col = f->loc.col;
	rt_buf_add(b, &e, sizeof(e));
	if (f->kind == REV_SQL) {
		memset(&q, 0, sizeof(q));
		q.present[0] = f->sql_up.present;
		q.off[0] = f->sql_up.off;
		q.len[0] = f->sql_up.len;
		q.line[0] = f->sql_up.line;
		q.present[1] = f->sql_down.present;
		q.off[1] = f->sql_down.off;
		q.len[1] = f->sql_down.len;
		q.line[1] = f->sql_down.line;
		rt_buf_add(b, &q, sizeof(q));
	}
	rt_buf_add(b, f->name, strlen(f->name) + 1);
	rt_buf_add(b, f->id, strlen(f->id) + 1);
	add_strs(b, f->down, f->ndown);
	add_strs(b, f->deps, f->ndeps);
	add_strs(b, f->labels, f->nlabels);
	rt_buf_add(b, f->longdoc, strlen(f->longdoc) + 1);
	if (e.flags & HC_DOC)
		rt_buf_add(b, f->doc, strlen(f->doc) + 1);
	e.len = (uint32_t)(b->len - start);
	memcpy(b->buf + start, &e, sizeof(e));
}

static bool write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/*
 * A new random key in the cache directory, replacing an untrusted one;
 * false when there is none to be had (then nothing is written).  Two
 * runs that make one at once: link() lets the first one win, and the
 * other takes it.
 */
static bool make_key(struct hcache *c)
{
	const char *path = arena_printf(c->a, "%s/" HC_KEY, c->cdir);
	char *tmp = arena_printf(c->a, "%s.XXXXXX", path);
	bool ok;
	int fd;

	if (getrandom(c->key, sizeof(c->key), 0) != (ssize_t)sizeof(c->key))
		return false;
	if (c->bad_key)
		unlink(path);
	if ((fd = mkstemp(tmp)) < 0)	/* mode 0600 */
		return false;
	ok = write_all(fd, (const char *)c->key, sizeof(c->key));
	ok = !close(fd) && ok;
	/* a file system without hard links: rename(), the last run wins
	 * (the others' cache files are rebuilt once) */
	if (ok && link(tmp, path) && (errno == EEXIST ||
				      rename(tmp, path)))
		ok = false;
	unlink(tmp);
	if (ok)
		return c->have_key = true;
	c->bad_key = false;
	load_key(c);
	return c->have_key;
}

/* The d_type of name in the recorded listing, from *i on (both go in
 * strcmp order); 0 (DT_UNKNOWN) when it is not there. */
static unsigned char list_type(const struct hcache *c, size_t *i,
			       const char *name)
{
	int cmp = 1;

	while (*i < c->nlist && (cmp = strcmp(c->lnames[*i], name)) < 0)
		(*i)++;
	return *i < c->nlist && !cmp ? c->ltypes[*i] : 0;
}

/* The entries of the recorded files (in order, once each) into b. */
static uint32_t add_entries(struct hcache *c, struct rt_buf *b)
{
	const char *prev = NULL;
	size_t i, li = 0;
	uint32_t n = 0;

	for (i = 0; i < c->nrecs; i++) {
		/* A name twice (cannot happen from one readdir) or out
		 * of order would make the file invalid: skip it. */
		if (prev && strcmp(prev, c->recs[i].f->name) >= 0)
			continue;
		prev = c->recs[i].f->name;
		add_entry(b, &c->recs[i], list_type(c, &li,
						    c->recs[i].f->name));
		n++;
	}
	return n;
}

/* The listing's names that have no entry, as records, into b. */
static uint32_t add_others(struct hcache *c, struct rt_buf *b)
{
	size_t i, r = 0;
	uint32_t n = 0;
	int cmp = 1;

	for (i = 0; i < c->nlist; i++) {
		while (r < c->nrecs &&
		       (cmp = strcmp(c->recs[r].f->name, c->lnames[i])) < 0)
			r++;
		if (r < c->nrecs && !cmp)
			continue;
		rt_buf_addch(b, c->ltypes[i]);
		rt_buf_add(b, c->lnames[i], strlen(c->lnames[i]) + 1);
		n++;
	}
	return n;
}

/* The cache file's bytes for the recorded files into b, signed. */
static void build(struct hcache *c, struct rt_buf *b)
{
	struct hc_head h;
	size_t start;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, HC_MAGIC, sizeof(h.magic));
	h.version = HC_VERSION;
	h.entsize = sizeof(struct hc_ent);
	h.dirlen = (uint32_t)strlen(c->realdir);
	h.read_s = (int64_t)c->now.tv_sec;
	h.read_ns = (uint32_t)c->now.tv_nsec;
	rt_buf_add(b, &h, sizeof(h));
	rt_buf_add(b, c->realdir, h.dirlen + 1);
	start = b->len;
	h.nent = add_entries(c, b);
	h.entlen = b->len - start;
	if (c->lnames) {
		h.listed = 1;
		h.dir = c->newdir;
		h.nother = add_others(c, b);
	}
	h.bodylen = b->len - sizeof(h) - h.dirlen - 1;
	memcpy(b->buf, &h, sizeof(h));
	h.sum = siphash(c->key, b->buf, b->len);
	memcpy(b->buf, &h, sizeof(h));
}

/*
 * Write the cache file: a temporary file renamed over it.  The cache
 * directory is created (mode 0700) if its parent exists; nothing above
 * it is, such as a HOME that does not exist.
 */
static void save(struct hcache *c)
{
	struct rt_buf b = RT_BUF_INIT;
	char *tmp = arena_printf(c->a, "%s.XXXXXX", c->file);
	int fd;

	if (mkdir(c->cdir, 0700) && errno != EEXIST)
		return;
	if (!c->have_key && !make_key(c))
		return;
	build(c, &b);
	fd = mkstemp(tmp);
	if (fd >= 0) {
		bool ok = write_all(fd, b.buf, b.len);

		if (close(fd) || !ok || rename(tmp, c->file))
			unlink(tmp);
	}
	rt_buf_release(&b);
}

void hcache_close(struct hcache *c, bool save_it)
{
	if (!c)
		return;
	if (c->nkept != c->cur.nent)
		c->dirty = true;	/* a file went away or was damaged */
	if (save_it && c->dirty)
		save(c);
	free(c->recs);
	free(c);
}
