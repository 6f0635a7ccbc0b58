/*
 * test_hcache.c: the header cache (hcache.h): the cache file's name,
 * hits and misses on each stat field, git's racy rule, damaged and
 * unwritable caches, failed files, no cache directory (RETORT_CACHE=off),
 * and the loader's results with and without the cache.
 */
#include "unit.h"
#include "base/buf.h"
#include "script/hcache.h"
#include "script/prestat.h"
#include "script/script.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char msg[4096];
static char oldcwd[4096];
static char *tmp;
static const char *cachedir;		/* the test's cache directory */
static const char *cache;		/* what load() passes: cachedir, NULL
					 * (RETORT_CACHE=off) or another */
static struct rt_arena *arena;

#define EQS UNIT_EQS

static void setup(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(oldcwd, sizeof(oldcwd)));
	tmp = unit_tmpdir();
	arena = arena_new();
	CU_ASSERT_EQUAL_FATAL(chdir(tmp), 0);
	cachedir = arena_printf(arena, "%s/xdg/retort", tmp);
	cache = cachedir;
	/* retort creates "retort" only under an existing directory */
	CU_ASSERT_EQUAL_FATAL(mkdir(arena_printf(arena, "%s/xdg", tmp), 0700),
			      0);
	unit_write(tmp, "alembic.ini", "[alembic]\nscript_location = migs\n");
}

static void teardown(void)
{
	CU_ASSERT_EQUAL(chdir(oldcwd), 0);
	unit_rmtree(tmp);
	free(tmp);
	arena_free(arena);
}

/* The versions directory's real path (the cache's key). */
static const char *versions(void)
{
	char real[4096];

	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(tmp, real));
	return arena_printf(arena, "%s/migs/versions", real);
}

/* A revision file; its mtime set to `when` (0: leave it). */
static void rev(const char *name, const char *id, const char *down,
		const char *doc, time_t when)
{
	char text[1024];
	const char *path = arena_printf(arena, "migs/versions/%s", name);
	struct timespec ts[2] = { { when, 0 }, { when, 0 } };

	snprintf(text, sizeof(text), "\"\"\"%s\n\nRevision ID: %s\n\"\"\"\n"
		 "revision = '%s'\ndown_revision = %s\n"
		 "branch_labels = ('l_%s',)\ndepends_on = None\n\n"
		 "def upgrade():\n    pass\n", doc, id, id, down, id);
	unit_write(tmp, path, text);
	if (when)
		CU_ASSERT_EQUAL(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* The cache file of realdir in the cache directory load() passes. */
static const char *cfile(const char *realdir)
{
	return hcache_file(arena, cache, realdir);
}

/* Load the project: "" or the error text; *sd filled. */
static const char *load(struct script_dir *sd)
{
	struct script_opts so = { .cache_dir = cache };
	struct rt_err err = RT_ERR_INIT;
	struct config *c;
	int rc;

	msg[0] = '\0';
	rc = config_load(&c, arena, "alembic.ini", &err);
	if (!rc)
		rc = script_dir_open(sd, arena, c, "alembic", &err);
	if (!rc)
		rc = script_dir_load(sd, arena, &so, &err);
	if (rc < 0)
		rt_err_str(&err, msg, sizeof(msg));
	return msg;
}

/* Every header field of every revision, one line each. */
static const char *dump(const struct script_dir *sd)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *r;
	size_t i, k;

	for (i = 0; i < sd->nrevs; i++) {
		const struct rev_file *f = &sd->revs[i];

		rt_buf_addf(&b, "%s %s kind=%d loc=%s:%d:%d down=", f->name,
			    f->id, (int)f->kind, f->loc.file, f->loc.line,
			    f->loc.col);
		for (k = 0; k < f->ndown; k++)
			rt_buf_addf(&b, "%s%s", k ? "," : "", f->down[k]);
		rt_buf_adds(&b, " labels=");
		for (k = 0; k < f->nlabels; k++)
			rt_buf_addf(&b, "%s%s", k ? "," : "", f->labels[k]);
		rt_buf_adds(&b, " deps=");
		for (k = 0; k < f->ndeps; k++)
			rt_buf_addf(&b, "%s%s", k ? "," : "", f->deps[k]);
		rt_buf_addf(&b, " doc=[%s] longdoc=[%s] src=%s", f->doc,
			    f->longdoc, f->src ? "set" : "NULL");
		if (f->kind == REV_SQL)
			rt_buf_addf(&b, " up=%d/%zu/%zu/%d down=%d/%zu/%zu/%d",
				    f->sql_up.present, f->sql_up.off,
				    f->sql_up.len, f->sql_up.line,
				    f->sql_down.present, f->sql_down.off,
				    f->sql_down.len, f->sql_down.line);
		rt_buf_addch(&b, '\n');
	}
	r = arena_strdup(arena, b.buf);
	rt_buf_release(&b);
	return r;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* FNV-1a 64, written out again to check hcache_file()'s name. */
static unsigned long long fnv(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

static void test_hcache_file_name(void)
{
	struct hcache_env env = { NULL, "/x", "/h" };

	setup();
	EQS(hcache_dir(arena, &env), "/x/retort");
	EQS(hcache_file(arena, "/x/retort", "/a/versions"),
	    arena_printf(arena, "/x/retort/%016llx", fnv("/a/versions")));
	CU_ASSERT_NOT_EQUAL(fnv("/a/versions"), fnv("/b/versions"));
	/* A relative XDG_CACHE_HOME is ignored (XDG spec): $HOME's. */
	env.xdg_cache_home = "rel";
	EQS(hcache_dir(arena, &env), "/h/.cache/retort");
	env.xdg_cache_home = NULL;
	EQS(hcache_dir(arena, &env), "/h/.cache/retort");
	env.home = "rel";
	CU_ASSERT_PTR_NULL(hcache_dir(arena, &env));
	/* Only "off" turns it off. */
	env = (struct hcache_env){ "on", "/x", "/h" };
	EQS(hcache_dir(arena, &env), "/x/retort");
	env.mode = "off";
	CU_ASSERT_PTR_NULL(hcache_dir(arena, &env));
	/* No directory: no cache. */
	CU_ASSERT_PTR_NULL(hcache_file(arena, NULL, "/a/versions"));
	CU_ASSERT_PTR_NULL(hcache_open(arena, NULL, "/a/versions", NULL, NULL));
	teardown();
}

/* A made-up stat: size, inode, mtime and ctime (seconds). */
static struct stat fake(off_t size, ino_t ino, time_t mtime, time_t ctime)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_size = size;
	st.st_ino = ino;
	st.st_mtim.tv_sec = mtime;
	st.st_mtim.tv_nsec = 7;
	st.st_ctim.tv_sec = ctime;
	st.st_ctim.tv_nsec = 9;
	return st;
}

/* Write a cache for "/d" holding one entry "a.py" with stat st. */
static void write_one(const struct stat *st)
{
	struct hcache *c = hcache_open(arena, cachedir, "/d", NULL, NULL);
	struct rev_file f;
	static const char *down[] = { "p1", "p2" };

	memset(&f, 0, sizeof(f));
	f.name = "a.py";
	f.path = "/d/a.py";
	f.id = "abc";
	f.down = down;
	f.ndown = 2;
	f.longdoc = "msg\n\nmore";
	f.doc = "msg";
	f.loc = (struct rt_loc){ f.path, 7, 1 };
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	hcache_put(c, &f, st, HCACHE_STALE);
	hcache_close(c, true);
}

/* Whether a fresh open finds "a.py" with stat st; fills *out. */
static bool lookup(const struct stat *st, struct rev_file *out)
{
	struct hcache *c = hcache_open(arena, cachedir, "/d", NULL, NULL);
	struct hcache_stamp stamp;
	struct rev_file f;
	bool hit;

	memset(&f, 0, sizeof(f));
	f.name = "a.py";
	f.path = "/d/a.py";
	hit = hcache_find(c, &f, "a.py", &stamp) &&
	      hcache_check(c, &stamp, st) == HCACHE_HIT;
	*out = hit ? f : (struct rev_file){ .name = "a.py" };
	hcache_close(c, false);
	return hit;
}

static void test_hcache_stat_fields(void)
{
	struct stat st = fake(100, 42, 1000, 1001), other;
	struct rev_file f;

	setup();
	write_one(&st);
	CU_ASSERT_TRUE(exists(cfile("/d")));
	CU_ASSERT_TRUE_FATAL(lookup(&st, &f));
	EQS(f.id, "abc");
	CU_ASSERT_EQUAL(f.ndown, 2);
	EQS(f.down[0], "p1");
	EQS(f.down[1], "p2");
	CU_ASSERT_EQUAL(f.nlabels, 0);
	CU_ASSERT_PTR_NULL(f.labels);
	CU_ASSERT_EQUAL(f.ndeps, 0);
	EQS(f.longdoc, "msg\n\nmore");
	EQS(f.doc, "msg");
	EQS(f.loc.file, "/d/a.py");
	CU_ASSERT_EQUAL(f.loc.line, 7);
	CU_ASSERT_EQUAL(f.loc.col, 1);
	CU_ASSERT_EQUAL(f.kind, REV_PY);
	other = st;
	other.st_size = 101;
	CU_ASSERT_FALSE(lookup(&other, &f));
	CU_ASSERT_PTR_NULL(f.id);		/* a miss leaves out alone */
	other = st;
	other.st_ino = 43;
	CU_ASSERT_FALSE(lookup(&other, &f));
	other = st;
	other.st_mtim.tv_sec = 999;
	CU_ASSERT_FALSE(lookup(&other, &f));
	other = st;
	other.st_mtim.tv_nsec = 8;
	CU_ASSERT_FALSE(lookup(&other, &f));
	other = st;
	other.st_ctim.tv_sec = 1002;
	CU_ASSERT_FALSE(lookup(&other, &f));
	other = st;
	other.st_ctim.tv_nsec = 10;
	CU_ASSERT_FALSE(lookup(&other, &f));
	CU_ASSERT_TRUE(lookup(&st, &f));	/* unchanged by the misses */
	/* Another directory, another cache file. */
	CU_ASSERT_FALSE(exists(cfile("/e")));
	teardown();
}

/* Set the cache file's mtime of "/d". */
static void cache_mtime(time_t sec, long nsec)
{
	struct timespec ts[2] = { { sec, nsec }, { sec, nsec } };

	CU_ASSERT_EQUAL(utimensat(AT_FDCWD, cfile("/d"), ts, 0), 0);
}

static void test_hcache_racy(void)
{
	struct stat st = fake(100, 42, 1000, 1001);
	struct rev_file f;
	time_t now = time(NULL);

	setup();
	write_one(&st);
	CU_ASSERT_TRUE(lookup(&st, &f));
	/* Used only when older than the cache file (st_mtim 1000 s 7 ns). */
	cache_mtime(1000, 7);
	CU_ASSERT_FALSE(lookup(&st, &f));
	cache_mtime(1000, 6);
	CU_ASSERT_FALSE(lookup(&st, &f));
	cache_mtime(1000, 8);
	CU_ASSERT_TRUE(lookup(&st, &f));
	/* ... and than the time its entries were read (the clock at
	 * hcache_open()), whatever the cache file's mtime. */
	st = fake(100, 42, now + 3600, 1001);
	write_one(&st);
	CU_ASSERT_FALSE(lookup(&st, &f));
	cache_mtime(now + 7200, 0);
	CU_ASSERT_FALSE(lookup(&st, &f));
	st = fake(100, 42, now - 2, 1001);
	write_one(&st);
	CU_ASSERT_TRUE(lookup(&st, &f));
	teardown();
}

/* The cache file of "/d" with byte flip changed (flip >= 0), else cut
 * to keep bytes. */
static void damage(size_t keep, long flip)
{
	const char *file = cfile("/d");
	int fd = open(file, O_RDWR);
	unsigned char ch;

	CU_ASSERT_FATAL(fd >= 0);
	if (flip >= 0) {
		CU_ASSERT_EQUAL(pread(fd, &ch, 1, flip), 1);
		ch ^= 0x20;
		CU_ASSERT_EQUAL(pwrite(fd, &ch, 1, flip), 1);
	} else {
		CU_ASSERT_EQUAL(ftruncate(fd, (off_t)keep), 0);
	}
	close(fd);
}

static void test_hcache_damaged(void)
{
	struct stat st = fake(100, 42, 1000, 1001), cst;
	struct rev_file f;
	const char *file;
	long i;

	setup();
	file = cfile("/d");
	write_one(&st);
	CU_ASSERT_EQUAL_FATAL(stat(file, &cst), 0);
	/* Any byte changed: magic, version, sizes, path, sums, strings. */
	for (i = 0; i < (long)cst.st_size; i++) {
		write_one(&st);
		damage(0, i);
		CU_ASSERT_FALSE(lookup(&st, &f));
	}
	/* Truncated anywhere, or empty. */
	for (i = 0; i < (long)cst.st_size; i += 7) {
		write_one(&st);
		damage((size_t)i, -1);
		CU_ASSERT_FALSE(lookup(&st, &f));
	}
	/* Foreign content. */
	unit_write(cachedir, arena_printf(arena, "retort/%s",
					  strrchr(file, '/') + 1),
		   "RTHCACH\nnot a cache at all, just text of some length\n");
	CU_ASSERT_FALSE(lookup(&st, &f));
	/* A corrupt cache is rewritten by the next save. */
	write_one(&st);
	CU_ASSERT_TRUE(lookup(&st, &f));
	teardown();
}

/* Three revisions, old enough to be cached; a .sql one too. */
static void project(void)
{
	rev("1_a.py", "aaa", "None", "first", 1000000);
	rev("2_b.py", "bbb", "'aaa'", "second", 1000000);
	unit_write(tmp, "migs/versions/3_c.sql",
		   "-- revision: ccc\n-- down_revision: bbb\n"
		   "-- depends_on: aaa\n-- message: third\n"
		   "-- upgrade\nCREATE TABLE t (x int);\n"
		   "-- downgrade\nDROP TABLE t;\n");
	{
		struct timespec ts[2] = { { 1000000, 0 }, { 1000000, 0 } };

		CU_ASSERT_EQUAL(utimensat(AT_FDCWD, "migs/versions/3_c.sql",
					  ts, 0), 0);
	}
}

static void test_hcache_loader_hits(void)
{
	struct script_dir sd;
	const char *plain, *file;

	setup();
	project();
	cache = NULL;
	EQS(load(&sd), "");
	plain = dump(&sd);
	CU_ASSERT_EQUAL(sd.ncached, 0);
	file = cfile(versions());
	CU_ASSERT_PTR_NULL(file);
	cache = cachedir;
	file = cfile(versions());
	CU_ASSERT_FALSE(exists(file));	/* off: nothing written */
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 0);
	EQS(dump(&sd), plain);
	CU_ASSERT_TRUE(exists(file));
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	EQS(dump(&sd), plain);
	EQS(sd.revs[2].longdoc, "third");
	CU_ASSERT_EQUAL(sd.revs[2].sql_up.present, true);
	CU_ASSERT_EQUAL(sd.revs[2].sql_up.line, 6);
	teardown();
}

static void test_hcache_loader_changes(void)
{
	struct script_dir sd;
	struct stat st, st2;
	const char *file;

	setup();
	project();
	EQS(load(&sd), "");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	/* Same length, same mtime: ctime and inode still tell. */
	rev("2_b.py", "bXb", "'aaa'", "second", 1000000);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 2);
	EQS(sd.revs[1].id, "bXb");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	EQS(sd.revs[1].id, "bXb");
	/* Another size. */
	rev("2_b.py", "bbbb", "'aaa'", "second!", 1000000);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 2);
	EQS(sd.revs[1].id, "bbbb");
	EQS(sd.revs[1].doc, "second!");
	/* A file removed, one added. */
	CU_ASSERT_EQUAL(unlink("migs/versions/1_a.py"), 0);
	rev("0_z.py", "zzz", "None", "zero", 1000000);
	rev("2_b.py", "bbbb", "'zzz'", "second!", 1000000);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nrevs, 3);
	CU_ASSERT_EQUAL(sd.ncached, 1);
	EQS(sd.revs[0].id, "zzz");
	EQS(sd.revs[1].down[0], "zzz");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	/* A file changed now is racy until the cache is newer. */
	rev("2_b.py", "bbbb", "'zzz'", "second?", 0);
	file = cfile(versions());
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 2);
	EQS(sd.revs[1].doc, "second?");
	/* In the future: read every time, never from the cache, which
	 * is not rewritten for it (same inode: no rename). */
	rev("2_b.py", "bbbb", "'zzz'", "second+", time(NULL) + 3600);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 2);
	CU_ASSERT_EQUAL_FATAL(stat(file, &st), 0);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 2);
	EQS(sd.revs[1].doc, "second+");
	CU_ASSERT_EQUAL_FATAL(stat(file, &st2), 0);
	CU_ASSERT_EQUAL(st.st_ino, st2.st_ino);
	teardown();
}

static void test_hcache_failed_file(void)
{
	struct script_dir sd;
	const char *file, *want;

	setup();
	project();
	unit_write(tmp, "migs/versions/2_b.py",
		   "revision = 'bbb'\ndown_revision = ('aaa'\n");
	want = arena_printf(arena, "%s/migs/versions/2_b.py:2:17: '(' was "
			    "never closed (expected ')' before the end of "
			    "the file)", tmp);
	file = cfile(versions());
	EQS(load(&sd), want);
	CU_ASSERT_FALSE(exists(file));	/* a failed load writes nothing */
	EQS(load(&sd), want);
	CU_ASSERT_FALSE(exists(file));
	/* Cached while good, then broken: the error, every time. */
	rev("2_b.py", "bbb", "'aaa'", "second", 1000000);
	EQS(load(&sd), "");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	unit_write(tmp, "migs/versions/2_b.py",
		   "revision = 'bbb'\ndown_revision = ('aaa'\n");
	EQS(load(&sd), want);
	EQS(load(&sd), want);
	/* Fixed again: read, then cached. */
	rev("2_b.py", "bbb", "'aaa'", "second", 1000000);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 2);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	teardown();
}

static void test_hcache_unwritable(void)
{
	struct script_dir sd;
	const char *plain;

	setup();
	project();
	/* The cache directory cannot be created: under a regular file. */
	unit_write(tmp, "blocker", "x");
	cache = arena_printf(arena, "%s/blocker/c/retort", tmp);
	EQS(load(&sd), "");
	plain = dump(&sd);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 0);
	EQS(dump(&sd), plain);
	/* The cache file's name is a directory: unreadable, unwritable. */
	cache = cachedir;
	CU_ASSERT_EQUAL(mkdir(cachedir, 0700), 0);
	CU_ASSERT_EQUAL(mkdir(cfile(versions()), 0700), 0);
	EQS(load(&sd), "");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 0);
	EQS(dump(&sd), plain);
	teardown();
}

/* Errors come in load order, whether the broken file was cached (and
 * changed since) or is new to the cache. */
static void test_hcache_error_order(void)
{
	struct script_dir sd;
	const char *broken = "revision = 'bbb'\ndown_revision = ('aaa'\n";

	setup();
	project();
	EQS(load(&sd), "");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	/* 2_b.py: cached, now broken; 2c_new.py: new, broken, later. */
	unit_write(tmp, "migs/versions/2_b.py", broken);
	unit_write(tmp, "migs/versions/2c_new.py", broken);
	EQS(load(&sd), arena_printf(arena, "%s/migs/versions/2_b.py:2:17: "
				    "'(' was never closed (expected ')' "
				    "before the end of the file)", tmp));
	/* 1b_new.py: new, broken, before 2_b.py. */
	unit_write(tmp, "migs/versions/1b_new.py", broken);
	EQS(load(&sd), arena_printf(arena, "%s/migs/versions/1b_new.py:2:17: "
				    "'(' was never closed (expected ')' "
				    "before the end of the file)", tmp));
	teardown();
}

/* Enough files for the stat threads (prestat.h): the same revisions
 * with and without the cache, one changed file read again. */
static void test_hcache_many_files(void)
{
	enum { N = PRESTAT_MIN + 300 };
	struct script_dir sd;
	const char *plain;
	char name[64], id[64], down[64];
	size_t i;

	setup();
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "%04zu_r.py", i);
		snprintf(id, sizeof(id), "r%04zu", i);
		snprintf(down, sizeof(down), i ? "'r%04zu'" : "None", i - 1);
		rev(name, id, down, name, 1000000);
	}
	cache = NULL;
	EQS(load(&sd), "");
	plain = dump(&sd);
	cache = cachedir;
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 0);
	EQS(dump(&sd), plain);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nrevs, N);
	CU_ASSERT_EQUAL(sd.ncached, N);
	EQS(dump(&sd), plain);
	rev("0600_r.py", "r0600", "'r0599'", "changed", 1000000);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, N - 1);
	EQS(sd.revs[600].doc, "changed");
	EQS(sd.revs[601].doc, "0601_r.py");
	CU_ASSERT_EQUAL(unlink("migs/versions/0003_r.py"), 0);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nrevs, N - 1);
	CU_ASSERT_EQUAL(sd.ncached, N - 1);
	EQS(sd.revs[3].id, "r0004");
	teardown();
}

/* Set the mtime of a directory (its ctime becomes now). */
static void dir_mtime(const char *dir, time_t when)
{
	struct timespec ts[2] = { { when, 0 }, { when, 0 } };

	CU_ASSERT_EQUAL(utimensat(AT_FDCWD, dir, ts, 0), 0);
}

/* The listing comes from the cache while the directory is unchanged:
 * adding, renaming or removing a file, or a racy mtime, lists it again.
 * Other entries (not revisions, a directory) are kept with their type. */
static void test_hcache_listing(void)
{
	struct script_dir sd;
	struct stat st, st2;
	const char *plain;

	setup();
	project();
	unit_write(tmp, "migs/versions/README.txt", "not a revision\n");
	CU_ASSERT_EQUAL(mkdir("migs/versions/sub", 0700), 0);
	rev("sub/9_z.py", "zzz", "'ccc'", "ignored", 1000000);
	dir_mtime("migs/versions", 1000000);
	cache = NULL;
	EQS(load(&sd), "");
	plain = dump(&sd);
	CU_ASSERT_EQUAL(sd.nrevs, 3);
	cache = cachedir;
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 0);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 1);
	CU_ASSERT_EQUAL(sd.ncached, 3);
	EQS(dump(&sd), plain);
	/* added */
	rev("4_d.py", "ddd", "'ccc'", "fourth", 1000000);
	dir_mtime("migs/versions", 1000000);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 0);
	CU_ASSERT_EQUAL(sd.nrevs, 4);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 1);
	CU_ASSERT_EQUAL(sd.nrevs, 4);
	EQS(sd.revs[3].name, "4_d.py");
	/* renamed */
	CU_ASSERT_EQUAL(rename("migs/versions/4_d.py",
			       "migs/versions/5_d.py"), 0);
	dir_mtime("migs/versions", 1000000);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 0);
	EQS(sd.revs[3].name, "5_d.py");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 1);
	EQS(sd.revs[3].name, "5_d.py");
	/* removed */
	CU_ASSERT_EQUAL(unlink("migs/versions/5_d.py"), 0);
	dir_mtime("migs/versions", 1000000);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nrevs, 3);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 1);
	EQS(dump(&sd), plain);
	/* racy: changed in the tick the cache was written (its mtime
	 * not older than the cache file's) */
	{
		struct timespec ts[2] = { { 1000000, 0 }, { 1000000, 0 } };

		CU_ASSERT_EQUAL(utimensat(AT_FDCWD, cfile(versions()), ts, 0),
				0);
	}
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 0);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 1);
	/* in the future: listed every time, and the cache file is not
	 * rewritten for it (same inode: no rename) */
	dir_mtime("migs/versions", time(NULL) + 3600);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL_FATAL(stat(cfile(versions()), &st), 0);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 0);
	CU_ASSERT_EQUAL_FATAL(stat(cfile(versions()), &st2), 0);
	CU_ASSERT_EQUAL(st.st_ino, st2.st_ino);
	EQS(dump(&sd), plain);
	teardown();
}

/* With recursive_version_locations, a listing from the cache still
 * has the sub-directory (its d_type kept) and each is cached. */
static void test_hcache_listing_recursive(void)
{
	struct script_dir sd;
	const char *plain;

	setup();
	unit_write(tmp, "alembic.ini", "[alembic]\nscript_location = migs\n"
		   "recursive_version_locations = true\n");
	project();
	CU_ASSERT_EQUAL(mkdir("migs/versions/sub", 0700), 0);
	rev("sub/9_z.py", "zzz", "'ccc'", "in sub", 1000000);
	dir_mtime("migs/versions/sub", 1000000);
	dir_mtime("migs/versions", 1000000);
	cache = NULL;
	EQS(load(&sd), "");
	plain = dump(&sd);
	CU_ASSERT_EQUAL(sd.nrevs, 4);
	cache = cachedir;
	EQS(load(&sd), "");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.nlistings_cached, 2);
	CU_ASSERT_EQUAL(sd.ncached, 4);
	EQS(dump(&sd), plain);
	teardown();
}

/* The warnings of the last load, one per line. */
static const char *warnings(const struct script_dir *sd)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *r;

	rt_buf_join(&b, sd->warnings, sd->nwarnings, "\n");
	r = arena_strdup(arena, b.buf);
	rt_buf_release(&b);
	return r;
}

static unsigned mode_of(const char *path)
{
	struct stat st;

	CU_ASSERT_EQUAL_FATAL(lstat(path, &st), 0);
	return (unsigned)(st.st_mode & 07777);
}

/*
 * Only the last part of the cache directory is created (mode 0700),
 * under a directory that exists: never a HOME that does not exist
 * (Debian's /nonexistent for system users) nor its .cache.
 */
static void test_hcache_dir_creation(void)
{
	struct script_dir sd;
	const char *key;

	setup();
	project();
	cache = arena_printf(arena, "%s/nonexistent/.cache/retort", tmp);
	EQS(load(&sd), "");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 0);
	CU_ASSERT_FALSE(exists(arena_printf(arena, "%s/nonexistent", tmp)));
	CU_ASSERT_EQUAL(mkdir(arena_printf(arena, "%s/home", tmp), 0700), 0);
	cache = arena_printf(arena, "%s/home/.cache/retort", tmp);
	EQS(load(&sd), "");
	CU_ASSERT_FALSE(exists(arena_printf(arena, "%s/home/.cache", tmp)));
	cache = cachedir;
	EQS(load(&sd), "");
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	EQS(warnings(&sd), "");
	CU_ASSERT_EQUAL(mode_of(cachedir), 0700);
	key = arena_printf(arena, "%s/key", cachedir);
	CU_ASSERT_EQUAL(mode_of(key), 0600);
	CU_ASSERT_EQUAL(mode_of(cfile(versions())), 0600);
	teardown();
}

/*
 * A cache file (or key) that another user owns, that others may write,
 * or that is a link, is ignored with a warning, and replaced by the
 * next write.  chown needs root (as the tests run in CI); elsewhere that
 * part is skipped.
 */
static void test_hcache_untrusted(void)
{
	struct script_dir sd;
	const char *file, *key, *plain;

	setup();
	project();
	cache = NULL;
	EQS(load(&sd), "");
	plain = dump(&sd);
	cache = cachedir;
	EQS(load(&sd), "");
	file = cfile(versions());
	key = arena_printf(arena, "%s/key", cachedir);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	if (geteuid() == 0) {
		CU_ASSERT_EQUAL(chown(file, 65534, 65534), 0);
		EQS(load(&sd), "");
		EQS(warnings(&sd), arena_printf(arena, "ignoring header cache "
				"file %s: owned by uid 65534, not by the user "
				"retort runs as (uid 0)", file));
		CU_ASSERT_EQUAL(sd.ncached, 0);	/* not used */
		EQS(dump(&sd), plain);
		EQS(load(&sd), "");		/* replaced */
		EQS(warnings(&sd), "");
		CU_ASSERT_EQUAL(sd.ncached, 3);
		CU_ASSERT_EQUAL(chown(key, 65534, 65534), 0);
		EQS(load(&sd), "");
		EQS(warnings(&sd), arena_printf(arena, "ignoring header cache "
				"key %s: owned by uid 65534, not by the user "
				"retort runs as (uid 0)", key));
		CU_ASSERT_EQUAL(sd.ncached, 0);
		EQS(load(&sd), "");		/* a new key, signed again */
		EQS(warnings(&sd), "");
		CU_ASSERT_EQUAL(sd.ncached, 3);
	} else {
		fprintf(stderr, "(chown parts skipped: not root) ");
	}
	CU_ASSERT_EQUAL(chmod(file, 0666), 0);
	EQS(load(&sd), "");
	EQS(warnings(&sd), arena_printf(arena, "ignoring header cache file %s: "
					"writable by group or others (mode "
					"0666)", file));
	CU_ASSERT_EQUAL(sd.ncached, 0);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	CU_ASSERT_EQUAL(mode_of(file), 0600);
	CU_ASSERT_EQUAL(chmod(file, 0620), 0);
	EQS(load(&sd), "");
	EQS(warnings(&sd), arena_printf(arena, "ignoring header cache file %s: "
					"writable by group or others (mode "
					"0620)", file));
	/* The key must not even be readable by others. */
	CU_ASSERT_EQUAL(chmod(key, 0644), 0);
	EQS(load(&sd), "");
	EQS(warnings(&sd), arena_printf(arena, "ignoring header cache key %s: "
					"readable or writable by group or "
					"others (mode 0644)", key));
	CU_ASSERT_EQUAL(sd.ncached, 0);
	CU_ASSERT_EQUAL(mode_of(key), 0600);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	/* A link in the cache file's place is not followed. */
	CU_ASSERT_EQUAL(rename(file, arena_printf(arena, "%s.real", file)),
			0);
	CU_ASSERT_EQUAL(symlink(arena_printf(arena, "%s.real", file), file),
			0);
	EQS(load(&sd), "");
	EQS(warnings(&sd), arena_printf(arena, "ignoring header cache file %s: "
					"a symbolic link", file));
	CU_ASSERT_EQUAL(sd.ncached, 0);
	EQS(dump(&sd), plain);
	EQS(load(&sd), "");
	EQS(warnings(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	teardown();
}

/*
 * A forged cache file: the right format, owner and mode, entries that
 * match the files' stat data but say other things, signed with another
 * key than the user's: ignored (silently, as damage is) and rebuilt.
 */
static void test_hcache_forged(void)
{
	struct script_dir sd;
	const char *forger, *fcache, *plain;
	struct hcache *c;
	char *text;
	size_t i;

	setup();
	forger = arena_printf(arena, "%s/forger", tmp);
	project();
	EQS(load(&sd), "");
	plain = dump(&sd);
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	/* The forger's own cache of the same directory, with its key. */
	CU_ASSERT_EQUAL(mkdir(forger, 0700), 0);
	fcache = arena_printf(arena, "%s/retort", forger);
	c = hcache_open(arena, fcache, versions(), NULL, NULL);
	for (i = 0; i < sd.nrevs; i++) {
		struct rev_file *f = arena_memdup(arena, &sd.revs[i],
						  sizeof(*f));
		struct stat st;

		CU_ASSERT_EQUAL_FATAL(stat(f->path, &st), 0);
		if (i == 0)
			f->id = "evil";
		hcache_put(c, f, &st, HCACHE_STALE);
	}
	hcache_close(c, true);
	text = unit_slurp(hcache_file(arena, fcache, versions()));
	CU_ASSERT(strstr(text, "RTHCACH") == text);
	free(text);
	/* The forged file in the user's place (written by the user). */
	CU_ASSERT_EQUAL(unlink(cfile(versions())), 0);
	CU_ASSERT_EQUAL(link(hcache_file(arena, fcache, versions()),
			     cfile(versions())), 0);
	EQS(load(&sd), "");
	EQS(warnings(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 0);
	EQS(dump(&sd), plain);
	EQS(sd.revs[0].id, "aaa");
	EQS(load(&sd), "");		/* rebuilt */
	CU_ASSERT_EQUAL(sd.ncached, 3);
	EQS(dump(&sd), plain);
	/* With the forger's key, it would have been taken: the key is
	 * what the check stands on. */
	cache = fcache;
	EQS(load(&sd), "");
	CU_ASSERT_EQUAL(sd.ncached, 3);
	EQS(sd.revs[0].id, "evil");
	teardown();
}

void unit_register(void)
{
	UNIT_SUITE("hcache",
		   UNIT_TEST(test_hcache_file_name),
		   UNIT_TEST(test_hcache_stat_fields),
		   UNIT_TEST(test_hcache_racy),
		   UNIT_TEST(test_hcache_damaged),
		   UNIT_TEST(test_hcache_loader_hits),
		   UNIT_TEST(test_hcache_loader_changes),
		   UNIT_TEST(test_hcache_error_order),
		   UNIT_TEST(test_hcache_many_files),
		   UNIT_TEST(test_hcache_listing),
		   UNIT_TEST(test_hcache_listing_recursive),
		   UNIT_TEST(test_hcache_failed_file),
		   UNIT_TEST(test_hcache_unwritable),
		   UNIT_TEST(test_hcache_dir_creation),
		   UNIT_TEST(test_hcache_untrusted),
		   UNIT_TEST(test_hcache_forged));
}
