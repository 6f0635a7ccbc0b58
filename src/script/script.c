/*
 * script.c: the script directory: the main section's settings (spec
 * rules 1.11-1.13, 1.19), discovery of revision files in the version
 * locations (rules 2.1-2.8), each read by revread.c or taken from the
 * header cache (hcache.c).
 */
#include "script.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/pycompat.h"
#include "base/strmap.h"
#include "base/strsort.h"
#include "hcache.h"
#include "prestat.h"
#include "revread.h"

#define DEFAULT_FILE_TEMPLATE "%(rev)s_%(slug)s"

/* ---- paths ---- */

/* posixpath.normpath() */
static const char *normpath(struct rt_arena *a, const char *path)
{
	size_t n = strlen(path), i = 0, nc = 0, len;
	const char **comps = rt_xmalloc((n / 2 + 2) * sizeof(*comps));
	size_t *clen = rt_xmalloc((n / 2 + 2) * sizeof(*clen));
	int slashes = path[0] == '/' ? (path[1] == '/' && path[2] != '/' ?
					 2 : 1) : 0;
	struct rt_buf b = RT_BUF_INIT;
	const char *r;

	while (i < n) {
		size_t j = i;

		while (j < n && path[j] != '/')
			j++;
		len = j - i;
		if (len && !(len == 1 && path[i] == '.')) {
			bool dotdot = len == 2 && !memcmp(path + i, "..", 2);

			if (!dotdot || (!slashes && !nc) ||
			    (nc && clen[nc - 1] == 2 &&
			     !memcmp(comps[nc - 1], "..", 2))) {
				comps[nc] = path + i;
				clen[nc++] = len;
			} else if (nc) {
				nc--;
			}
		}
		i = j + 1;
	}
	rt_buf_add(&b, "//", (size_t)slashes);
	for (i = 0; i < nc; i++) {
		if (i)
			rt_buf_addch(&b, '/');
		rt_buf_add(&b, comps[i], clen[i]);
	}
	if (!b.len)
		rt_buf_addch(&b, '.');
	r = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	free(comps);
	free(clen);
	return r;
}

/* os.path.abspath(): against the CWD, normalised, no symlinks. */
static int abspath(const char **out, struct rt_arena *a, const char *path,
		   struct rt_err *err)
{
	char cwd[PATH_MAX];

	if (path[0] == '/') {
		*out = normpath(a, path);
		return 0;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		return rt_errf(err, RT_EIO, NULL, "cannot get the current "
			       "directory: %s", strerror(errno));
	*out = normpath(a, arena_printf(a, "%s/%s", cwd, path));
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- splitting lists of paths ---- */

struct strvec {
	const char **v;
	size_t n, alloc;
};

static void sv_push(struct strvec *sv, struct rt_arena *a, const char *s,
		    size_t n)
{
	RT_ALLOC_GROW(sv->v, sv->n + 1, sv->alloc);
	sv->v[sv->n++] = arena_strndup(a, s, n);
}

/* Split on sep, dropping empty pieces; strip them first if asked. */
static void split_char(struct strvec *sv, struct rt_arena *a, const char *s,
		       char sep, bool strip)
{
	while (*s) {
		const char *e = strchr(s, sep), *b = s;

		if (!e)
			e = s + strlen(s);
		s = *e ? e + 1 : e;
		if (strip) {
			while (b < e && strchr(" \t\n\r\f\v", *b))
				b++;
			while (e > b && strchr(" \t\n\r\f\v", e[-1]))
				e--;
		}
		if (e > b)
			sv_push(sv, a, b, (size_t)(e - b));
	}
}

/*
 * re.split(r", *| +", s) (colon too when with_colon: prepend_sys_path):
 * empty pieces are kept (rule 1.13).
 */
static void split_legacy(struct strvec *sv, struct rt_arena *a, const char *s,
			 bool with_colon)
{
	const char *start = s;

	for (;;) {
		if (*s == ',' || *s == ' ' || (with_colon && *s == ':')) {
			sv_push(sv, a, start, (size_t)(s - start));
			if (*s == ',') {
				s++;
				while (*s == ' ')
					s++;
			} else if (*s == ' ') {
				while (*s == ' ')
					s++;
			} else {
				s++;
			}
			start = s;
		} else if (!*s) {
			sv_push(sv, a, start, (size_t)(s - start));
			return;
		} else {
			s++;
		}
	}
}

/* path_separator (1.16+, rule 1.19): takes precedence when set. */
static int split_path_separator(struct strvec *sv, struct rt_arena *a,
				const struct config *c, const char *section,
				const char *sep, const char *value,
				struct rt_err *err)
{
	struct rt_loc loc;
	char ch;

	if (!strcmp(sep, "space"))
		ch = ' ';
	else if (!strcmp(sep, "newline"))
		ch = '\n';
	else if (!strcmp(sep, "os") || !strcmp(sep, ":"))
		ch = ':';
	else if (!strcmp(sep, ";"))
		ch = ';';
	else {
		loc = config_key_loc(c, section, "path_separator");
		return rt_errf(err, RT_ECONFIG, &loc, "'%s' is not a valid "
			       "value for path_separator; expected 'space', "
			       "'newline', 'os', ':', ';'", sep);
	}
	split_char(sv, a, value, ch, true);
	return 0;
}

/* Rule 1.13: version_path_separator or the legacy split. */
static int split_version_locations(struct strvec *sv, struct rt_arena *a,
				   const struct config *c,
				   const char *section, const char *value,
				   struct rt_err *err)
{
	const char *sep = NULL;
	struct rt_loc loc;
	int rc;

	rc = config_get(&sep, c, section, "path_separator", err);
	if (rc == 0)
		return split_path_separator(sv, a, c, section, sep, value,
					    err);
	if (rc != RT_ENOTFOUND)
		return rc;
	rc = config_get(&sep, c, section, "version_path_separator", err);
	if (rc == RT_ENOTFOUND) {
		split_legacy(sv, a, value, false);
		return 0;
	}
	if (rc < 0)
		return rc;
	if (!strcmp(sep, "space"))
		split_char(sv, a, value, ' ', false);
	else if (!strcmp(sep, "os") || !strcmp(sep, ":"))
		split_char(sv, a, value, ':', false);
	else if (!strcmp(sep, ";"))
		split_char(sv, a, value, ';', false);
	else {
		/* The inline-comment trap of rule 1.13 ends up here. */
		loc = config_key_loc(c, section, "version_path_separator");
		return rt_errf(err, RT_ECONFIG, &loc, "'%s' is not a valid "
			       "value for version_path_separator; expected "
			       "'space', 'os', ':', ';'", sep);
	}
	return 0;
}

/* ---- script_dir_open ---- */

struct opener {
	struct script_dir *sd;
	struct rt_arena *a;
	const struct config *c;
	const char *section;
	struct rt_err *err;
	struct strvec syspath;		/* prepend_sys_path entries */
};

/*
 * Rule 1.12's package form "pkg:sub/dir": emulated by looking for the
 * package as a directory under the prepend_sys_path entries, then the
 * CWD (where `python -m alembic` imports from).
 */
static int coerce_resource(const char **out, struct opener *o,
			   const char *value)
{
	struct rt_arena *a = o->a;
	const char *colon = strchr(value, ':'), *found = NULL;
	char *pkg, *p;
	size_t i;

	*out = value;
	if (value[0] == '/' || !colon)
		return 0;
	pkg = arena_strndup(a, value, (size_t)(colon - value));
	for (p = pkg; *p; p++)
		if (*p == '.')
			*p = '/';
	for (i = 0; i <= o->syspath.n && !found; i++) {
		const char *base = i < o->syspath.n ? o->syspath.v[i] : ".";
		const char *dir = arena_printf(a, "%s/%s", *base ? base : ".",
					       pkg);

		if (*pkg && is_dir(dir))
			found = dir;
	}
	if (!found)
		return rt_errf(o->err, RT_ECONFIG, NULL, "No module named "
			       "%s (retort looks for the package of '%s' as a "
			       "directory under the current directory and "
			       "the prepend_sys_path entries)",
			       pyc_repr_str(a, arena_strndup(a, value, (size_t)
							(colon - value))),
			       value);
	for (p = arena_strdup(a, colon + 1); p; ) {
		char *next = strchr(p, ':');

		if (next)
			*next++ = '\0';
		found = arena_printf(a, "%s/%s", found, p);
		p = next;
	}
	*out = found;
	return 0;
}

/* ---- values from pyproject.toml (Alembic 1.16+, rule 1.18) ---- */

/* A value Alembic uses as a path: a string, else Python's TypeError. */
static int path_str(const char **out, struct opener *o,
		    const struct config_option *opt)
{
	*out = opt->str;
	if (opt->str)
		return 0;
	return rt_errf(o->err, RT_ECONFIG, &opt->loc, "TypeError: expected "
		       "str, bytes or os.PathLike object, not %s",
		       toml_type_name(opt->toml->type));
}

/*
 * [tool.alembic]'s list of paths under key, onto sv (nothing if absent).
 * Alembic would take another type apart as if it were a list; retort
 * stops.
 */
static int toml_paths(struct strvec *sv, struct opener *o, const char *key)
{
	struct config_option opt;
	size_t i;
	int rc;

	rc = config_toml_option(&opt, o->c, key, o->err);
	if (rc == RT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (opt.toml->type != TOML_ARRAY ||
	    (opt.toml->nitems && opt.toml->items[0]->type != TOML_STRING))
		return rt_errf(o->err, RT_ECONFIG, &opt.loc, "%s in %s must "
			       "be an array of strings, not a %s", key,
			       config_toml_path(o->c),
			       toml_type_name(opt.toml->type == TOML_ARRAY ?
					      opt.toml->items[0]->type :
					      opt.toml->type));
	for (i = 0; i < opt.toml->nitems; i++)
		sv_push(sv, o->a, opt.toml->items[i]->str,
			strlen(opt.toml->items[i]->str));
	return 0;
}

/*
 * Config.get_hooks_list() with no [post_write_hooks] in the ini: the
 * [[tool.alembic.post_write_hooks]] tables, each with a name.  Only
 * checked, as Alembic reads them for every command; retort writes no
 * revision files yet.
 */
static int check_toml_hooks(struct opener *o)
{
	struct config_option opt;
	const struct toml_value *h;
	struct rt_loc loc;
	size_t i;
	int rc;

	if (!config_has_toml(o->c) ||
	    config_has_section(o->c, "post_write_hooks"))
		return 0;
	rc = config_toml_option(&opt, o->c, "post_write_hooks", o->err);
	if (rc == RT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	for (i = 0; opt.toml->type == TOML_ARRAY && i < opt.toml->nitems;
	     i++) {
		h = opt.toml->items[i];
		loc = config_toml_loc(o->c, h);
		if (h->type != TOML_TABLE)
			break;
		if (!toml_get(h->table, "name"))
			return rt_errf(o->err, RT_ECONFIG, &loc, "KeyError: "
				       "'name' (a post_write_hooks table "
				       "without a name)");
	}
	if (opt.toml->type != TOML_ARRAY || i < opt.toml->nitems)
		return rt_errf(o->err, RT_ECONFIG, &opt.loc, "post_write_hooks "
			       "in %s must be an array of tables "
			       "([[tool.alembic.post_write_hooks]])",
			       config_toml_path(o->c));
	return 0;
}

static int read_syspath(struct opener *o)
{
	const char *v, *sep;
	int rc;

	rc = config_get(&v, o->c, o->section, "prepend_sys_path", o->err);
	if (rc == RT_ENOTFOUND || (!rc && !*v))
		return toml_paths(&o->syspath, o, "prepend_sys_path");
	if (rc < 0)
		return rc;
	rc = config_get(&sep, o->c, o->section, "path_separator", o->err);
	if (rc == 0)
		return split_path_separator(&o->syspath, o->a, o->c,
					    o->section, sep, v, o->err);
	if (rc != RT_ENOTFOUND)
		return rc;
	split_legacy(&o->syspath, o->a, v, true);
	return 0;
}

static int get_opt(const char **out, struct opener *o, const char *key,
		   const char *def)
{
	int rc = config_get(out, o->c, o->section, key, o->err);

	if (rc == RT_ENOTFOUND) {
		*out = def;
		return 0;
	}
	return rc;
}

/*
 * An option of the main section, or of [tool.alembic] (rule 1.18): its
 * string, or def when it is absent.  A TOML value of another type, which
 * Alembic would keep as it is, also gives def: retort uses these only to
 * write revision files, which it does not do yet.
 */
static int get_str(const char **out, struct opener *o, const char *key,
		   const char *def)
{
	struct config_option opt;
	int rc;

	*out = def;
	rc = config_alembic_option(&opt, o->c, o->section, key, o->err);
	if (rc == RT_ENOTFOUND)
		return 0;
	if (!rc && opt.str)
		*out = opt.str;
	return rc;
}

/* int(truncate_slug_length), from the ini or [tool.alembic]. */
static int read_slug_length(struct opener *o)
{
	struct script_dir *sd = o->sd;
	struct config_option opt;
	long long n;
	int rc;

	sd->truncate_slug_length = 40;
	rc = config_alembic_option(&opt, o->c, o->section,
				   "truncate_slug_length", o->err);
	if (rc == RT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (opt.str) {
		/* Python takes any int; the field is an int, so beyond it
		 * the value is refused (as before) */
		if (pyc_int(opt.str, &n) != PYC_INT_OK || n < INT_MIN ||
		    n > INT_MAX)
			return rt_errf(o->err, RT_ECONFIG, &opt.loc, "invalid "
				       "literal for int() with base 10: %s",
				       pyc_repr_str(o->a, opt.str));
	} else if (opt.toml->type == TOML_INTEGER) {
		n = opt.toml->big || opt.toml->i > INT_MAX ? INT_MAX :
		    opt.toml->i < INT_MIN ? INT_MIN : (long long)opt.toml->i;
	} else if (opt.toml->type == TOML_BOOL) {
		n = opt.toml->b;	/* int(True) */
	} else {
		return rt_errf(o->err, RT_ECONFIG, &opt.loc, "TypeError: int() "
			       "argument must be a string, a bytes-like "
			       "object or a real number, not '%s'",
			       toml_type_name(opt.toml->type));
	}
	if (n)	/* 0 is falsy: the default (rule 1.11) */
		sd->truncate_slug_length = (int)n;
	return 0;
}

static int read_simple_keys(struct opener *o)
{
	struct script_dir *sd = o->sd;
	struct rt_loc loc;
	bool sourceless;
	int rc;

	if ((rc = read_slug_length(o)) < 0 ||
	    (rc = get_str(&sd->file_template, o, "file_template",
			  DEFAULT_FILE_TEMPLATE)) < 0 ||
	    (rc = get_str(&sd->timezone, o, "timezone", NULL)) < 0 ||
	    (rc = config_alembic_bool(&sd->recursive, NULL, o->c, o->section,
				      "recursive_version_locations",
				      o->err)) < 0 ||
	    (rc = config_alembic_bool(&sourceless, &loc, o->c, o->section,
				      "sourceless", o->err)) < 0)
		return rc;
	if (sourceless) {
		return rt_errf(o->err, RT_ENOTIMPL, &loc, "sourceless = true "
			       "is not supported: retort reads revision "
			       "files from their source (.py), not from "
			       ".pyc/.pyo byte code (spec rule 12.1)");
	}
	return 0;
}

/* Rule 2.1: no version_locations: <script_location>/versions. */
static int read_locations_default(struct opener *o, const char *script_rel)
{
	struct script_dir *sd = o->sd;
	const char *path;
	int rc;

	rc = abspath(&path, o->a, arena_printf(o->a, "%s/versions",
					       script_rel), o->err);
	if (rc < 0)
		return rc;
	sd->version_dirs = arena_alloc(o->a, sizeof(char *));
	sd->version_dirs[0] = path;
	sd->nversion_dirs = 1;
	return 0;
}

static int read_locations(struct opener *o, const char *script_rel)
{
	struct script_dir *sd = o->sd;
	struct strvec sv = { NULL, 0, 0 };
	const char *v, *path;
	size_t i;
	int rc;

	if ((rc = get_opt(&v, o, "version_locations", "")) < 0)
		return rc;
	if (*v)
		rc = split_version_locations(&sv, o->a, o->c, o->section, v,
					     o->err);
	else	/* nothing in the ini: [tool.alembic]'s list (1.16+) */
		rc = toml_paths(&sv, o, "version_locations");
	sd->default_versions = !rc && !sv.n;
	if (sd->default_versions) {
		/* An empty list is falsy: Alembic uses the default. */
		free(sv.v);
		return read_locations_default(o, script_rel);
	}
	sd->version_dirs = arena_alloc(o->a, (sv.n + 1) * sizeof(char *));
	for (i = 0; !rc && i < sv.n; i++) {
		if ((rc = coerce_resource(&path, o, sv.v[i])) < 0 ||
		    (rc = abspath(&path, o->a, path, o->err)) < 0)
			break;
		sd->version_dirs[sd->nversion_dirs++] = path;
	}
	free(sv.v);
	return rc;
}

static int open_main(struct opener *o)
{
	struct script_dir *sd = o->sd;
	struct config_option loc_opt;
	const char *loc_value, *rel;
	int rc;

	/*
	 * Alembic 1.8.1 looks the main section up first.  1.16+ does not:
	 * get_alembic_option() goes on to [tool.alembic] (rule 1.19).
	 */
	if (!config_has_toml(o->c) && !config_has_section(o->c, o->section))
		return rt_errf(o->err, RT_ECOMMAND, NULL, "No config file %s "
			       "found, or file has no '[%s]' section",
			       pyc_repr_str(o->a, config_path(o->c)), o->section);
	rc = config_alembic_option(&loc_opt, o->c, o->section,
				   "script_location", o->err);
	if (rc == RT_ENOTFOUND)
		return rt_errf(o->err, RT_ECOMMAND, NULL, "No "
			       "'script_location' key found in "
			       "configuration.");
	if (rc < 0 || (rc = read_simple_keys(o)) < 0 ||
	    (rc = read_syspath(o)) < 0 ||
	    (rc = path_str(&loc_value, o, &loc_opt)) < 0 ||
	    (rc = coerce_resource(&rel, o, loc_value)) < 0 ||
	    (rc = abspath(&sd->script_location, o->a, rel, o->err)) < 0 ||
	    (rc = check_toml_hooks(o)) < 0)
		return rc;
	if (access(rel, F_OK) != 0)
		return rt_errf(o->err, RT_ECOMMAND, NULL, "Path doesn't exist: "
			       "%s.  Please use the 'init' command to create "
			       "a new scripts folder.",
			       pyc_repr_str(o->a, sd->script_location));
	return read_locations(o, rel);
}

int script_dir_open(struct script_dir *out, struct rt_arena *a,
		    const struct config *c, const char *section,
		    struct rt_err *err)
{
	struct opener o = { out, a, c, section, err, { NULL, 0, 0 } };
	int rc;

	memset(out, 0, sizeof(*out));
	out->section = arena_strdup(a, section);
	rc = open_main(&o);
	free(o.syspath.v);
	return rc;
}

/* ---- discovery ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

/* Rule 2.3 (.py) plus .sql and .yaml/.yml revision files. */
static bool is_candidate(const char *name)
{
	enum rev_kind kind;

	if (!strncmp(name, ".#", 2) || !strncmp(name, "__init__", 8))
		return false;
	return rev_file_kind(name, &kind);
}

struct dent {
	const char *name;
	unsigned char type;		/* DT_* (DT_UNKNOWN: ask stat) */
	const struct prestat *ps;	/* its stat data (NULL: no cache) */
};

struct dentvec {
	struct dent *v;
	size_t n, alloc;
};

/* Append an entry, queued for its stat with a job. */
static void push_dent(struct dentvec *v, const char *name,
		      unsigned char type, struct prestat_job *job)
{
	RT_ALLOC_GROW(v->v, v->n + 1, v->alloc);
	v->v[v->n++] = (struct dent){ name, type,
				      job ? prestat_add(job, name) : NULL };
}

/*
 * The entries of d, sorted byte-wise (rule 2.6, 1.10+); names in a.
 * With a job, each is queued for its stat as soon as it is read.
 */
static void list_dir(struct dentvec *out, struct rt_arena *a, DIR *d,
		     struct prestat_job *job)
{
	struct dirent *de;

	out->n = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		push_dent(out, arena_strdup(a, de->d_name), de->d_type, job);
	}
	strsort(out->v, out->n, sizeof(*out->v), offsetof(struct dent, name));
}

struct loader {
	struct script_dir *sd;
	struct rt_arena *a;
	struct rt_arena *tmp;		/* freed when the load ends */
	struct rt_err *err;
	struct strmap seen;		/* realpath -> itself (rule 2.6) */
	size_t allocrevs;
	struct rt_buf text;		/* the file being read */
	const char *cache_dir;		/* hcache_dir() (NULL: no cache) */
	size_t max_size;		/* of a revision file */
	struct hcache *hc;		/* the directory's (NULL: none) */
	bool any_dir;			/* a directory was listed */
	/* The first directory's entries, not yet in seen: see load_dir() */
	const char *pending_dir;	/* its real path; NULL: none */
	struct dent *pending;
	size_t npending;
};

/* dir "/" name in a, without printf (once per file). */
static const char *path_join(struct rt_arena *a, const char *dir,
			     size_t dirlen, const char *name)
{
	size_t n = strlen(name);
	char *s = arena_alloc(a, dirlen + n + 2);

	memcpy(s, dir, dirlen);
	s[dirlen] = '/';
	memcpy(s + dirlen + 1, name, n);
	return s;
}

/*
 * Room for n more revisions.  sd->revs lives in the arena: exact for
 * the first directory (no slack, no copy at 10,000 files), doubling
 * after, so that each revision is copied O(1) times.
 */
static void grow_revs(struct loader *l, size_t n)
{
	struct script_dir *sd = l->sd;
	size_t need = sd->nrevs + n + 1, na = 2 * l->allocrevs;
	struct rev_file *v;

	if (need <= l->allocrevs)
		return;
	if (na < need)
		na = need;
	v = arena_alloc(l->a, na * sizeof(*v));
	if (sd->nrevs)
		memcpy(v, sd->revs, sd->nrevs * sizeof(*v));
	sd->revs = v;
	l->allocrevs = na;
}

/* Warnings live in the arena too: grow by copying. */
static void add_warning(struct script_dir *sd, struct rt_arena *a,
			const char *msg)
{
	if (sd->nwarnings == sd->allocwarnings) {
		size_t na = sd->allocwarnings ? 2 * sd->allocwarnings : 4;
		const char **nw = arena_alloc(a, na * sizeof(*nw));

		if (sd->nwarnings)
			memcpy(nw, sd->warnings,
			       sd->nwarnings * sizeof(*nw));
		sd->warnings = nw;
		sd->allocwarnings = na;
	}
	sd->warnings[sd->nwarnings++] = msg;
}

/* Whether entry e of directory dfd is a directory (following links
 * when follow, as os.path.isdir does; os.walk does not follow). */
static bool dent_is_dir(int dfd, const struct dent *e, bool follow)
{
	struct stat st;

	if (e->type == DT_DIR)
		return true;
	if (e->type != DT_UNKNOWN && (e->type != DT_LNK || !follow))
		return false;
	return fstatat(dfd, e->name, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW)
	       == 0 && S_ISDIR(st.st_mode);
}

/*
 * A revision file of the directory being loaded, between the two
 * passes of load_dir(): its slot in sd->revs, its entry, and whether
 * its header came from the cache (then still to be checked).
 */
struct pending_rev {
	size_t rev;
	size_t ent;
	bool found;
	struct hcache_stamp stamp;
};

/*
 * One directory entry, first pass: dedupe by real path (rule 2.6), then,
 * if it is a candidate, a slot in sd->revs filled from the header cache
 * when it has an entry (nothing is read or stat'ed yet).  realdir is
 * the directory's real path (NULL: none; dir itself when they are
 * equal): only links need their own realpath() call.  *out: the slot,
 * or none (out->rev == SIZE_MAX).
 */
static void collect_entry(struct loader *l, int dfd, const char *dir,
			  const char *realdir, const struct dent *e,
			  struct pending_rev *out, bool only_files,
			  bool dedupe)
{
	struct script_dir *sd = l->sd;
	char real[PATH_MAX];
	size_t dirlen = strlen(dir);
	const char *key, *path;
	struct rev_file *rf;

	out->rev = SIZE_MAX;
	if (only_files && dent_is_dir(dfd, e, true))
		return;
	path = path_join(l->a, dir, dirlen, e->name);
	if (!dedupe)
		key = NULL;
	else if (e->type == DT_LNK || e->type == DT_UNKNOWN || !realdir)
		key = arena_strdup(l->tmp, realpath(path, real) ? real : path);
	else if (realdir == dir)
		key = path;
	else
		key = path_join(l->tmp, realdir, strlen(realdir), e->name);
	if (key && strmap_put(&l->seen, key, (void *)key)) {
		add_warning(sd, l->a, arena_printf(l->a, "File %s loaded "
						   "twice! ignoring. Please "
						   "ensure version_locations "
						   "is unique.", key));
		return;
	}
	if (!is_candidate(e->name))
		return;
	grow_revs(l, 1);
	out->rev = sd->nrevs++;
	rf = &sd->revs[out->rev];
	memset(rf, 0, sizeof(*rf));
	rf->path = path;
	rf->name = path + dirlen + 1;
	out->found = hcache_find(l->hc, rf, rf->name, &out->stamp);
}

/*
 * Second pass, in load order: without a cache, read the file; with one,
 * keep the cached header if the file's stat data (ps) says it holds,
 * else read the file (after the stat: a change in between makes the
 * next run read it again, git's order), and record it for the next
 * cache file.  Anything but a regular file is read as without a cache,
 * so that its error is the same.
 */
static int settle_entry(struct loader *l, int dfd, const struct dent *e,
			const struct pending_rev *p)
{
	const struct prestat *ps = e->ps;
	struct rev_file *rf = &l->sd->revs[p->rev];
	const char *path = rf->path;
	size_t off = (size_t)(rf->name - path);
	enum hcache_state state = HCACHE_STALE;
	struct stat st;
	int rc;

	if (!l->hc || !ps || !ps->ok || !S_ISREG(ps->mode))
		return rev_file_read_header(rf, l->a, &l->text, dfd,
					    e->type == DT_REG, path, off,
					    l->max_size, l->err);
	prestat_to_stat(&st, ps);
	if (p->found)
		state = hcache_check(l->hc, &p->stamp, &st);
	if (state == HCACHE_HIT) {
		l->sd->ncached++;
	} else {
		rc = rev_file_read_header(rf, l->a, &l->text, dfd, true,
					  path, off, l->max_size, l->err);
		if (rc < 0)
			return rc;
	}
	hcache_put(l->hc, rf, &st, state);
	return 0;
}

/* The pending directory's entries into seen, before another is read. */
static void flush_pending(struct loader *l)
{
	size_t i, n;

	if (!l->pending_dir)
		return;
	n = strlen(l->pending_dir);
	for (i = 0; i < l->npending; i++) {
		const char *key = path_join(l->tmp, l->pending_dir, n,
					    l->pending[i].name);

		strmap_put(&l->seen, key, (void *)key);
	}
	l->pending_dir = NULL;
}

/* The first directory needs no dedupe (rule 2.6) unless a link in it
 * may point to another of its files: entries have distinct names. */
static bool needs_dedupe(const struct loader *l, const struct dentvec *ents,
			 const char *realdir)
{
	size_t i;

	if (l->any_dir || !realdir)
		return true;
	for (i = 0; i < ents->n; i++)
		if (ents->v[i].type != DT_REG && ents->v[i].type != DT_DIR)
			return true;
	return false;
}

/*
 * The entries of a directory in two passes: collect_entry() (the slots,
 * headers from the cache) while another thread stats the entries (job:
 * NULL without a cache), then settle_entry(), stopping at the first
 * error.
 */
static int load_entries(struct loader *l, int dfd, const char *dir,
			const char *realdir, const struct dentvec *ents,
			struct prestat_job *job, bool only_files, bool dedupe)
{
	struct pending_rev *pend = arena_alloc(l->tmp, (ents->n + 1) *
					       sizeof(*pend));
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; i < ents->n; i++) {
		collect_entry(l, dfd, dir, realdir, &ents->v[i], &pend[n],
			      only_files, dedupe);
		pend[n].ent = i;
		n += pend[n].rev != SIZE_MAX;
	}
	if (job)
		prestat_finish(job);
	for (i = 0; i < n && !rc; i++) {
		rc = settle_entry(l, dfd, &ents->v[pend[i].ent], &pend[i]);
		if (rc < 0)
			l->sd->nrevs = pend[i].rev;
	}
	return rc;
}

/* The listing for the next cache file (hcache_put_listing()). */
static void put_listing(struct loader *l, const struct stat *dirst,
			const struct dentvec *ents)
{
	const char **names = arena_alloc(l->tmp, (ents->n + 1) *
					 sizeof(*names));
	unsigned char *types = arena_alloc(l->tmp, ents->n + 1);

	for (size_t i = 0; i < ents->n; i++) {
		names[i] = ents->v[i].name;
		types[i] = ents->v[i].type;
	}
	hcache_put_listing(l->hc, dirst, names, types, ents->n);
}

/* A warning of the header cache (an untrusted file), for the CLI. */
static void cache_warning(const char *msg, void *arg)
{
	struct loader *l = arg;

	add_warning(l->sd, l->a, msg);
}

struct cached_listing {
	struct dentvec *ents;
	struct prestat_job *job;
};

static void add_cached(const char *name, unsigned char type, void *arg)
{
	struct cached_listing *c = arg;

	push_dent(c->ents, name, type, c->job);
}

/*
 * The entries of d (its real path realdir), with the header cache: open
 * it into l->hc, start the stats (*job), and take the listing from it
 * when the directory has not changed (hcache_listing()); else read it.
 * *dirst: the directory's stat data, taken first (*have_dirst: fstat()
 * worked).
 */
static void list_entries(struct loader *l, DIR *d, const char *realdir,
			 struct dentvec *ents, struct prestat_job **job,
			 struct stat *dirst, bool *have_dirst)
{
	int dfd = dirfd(d);
	struct cached_listing c = { ents, NULL };

	*have_dirst = fstat(dfd, dirst) == 0;
	*job = NULL;
	l->hc = NULL;
	/* The stat data matter only to the header cache. */
	if (realdir && l->cache_dir) {
		*job = c.job = prestat_begin(l->tmp, dfd);
		l->hc = hcache_open(l->a, l->cache_dir, realdir, cache_warning,
				    l);
	}
	if (*have_dirst && hcache_listing(l->hc, dirst, add_cached, &c)) {
		l->sd->nlistings_cached++;
		return;
	}
	list_dir(ents, l->tmp, d, *job);
}

/*
 * A version directory; with recursion, sub-directories after files.
 * The entries of the first one go into l->seen only if another
 * directory follows (one hash of a long path per file, otherwise).
 */
static int load_dir(struct loader *l, const char *dir, bool recursive)
{
	struct dentvec ents = { NULL, 0, 0 };
	char real[PATH_MAX];
	const char *realdir;
	struct prestat_job *job;
	struct stat dirst;
	DIR *d = opendir(dir);
	size_t i;
	int dfd, rc;
	bool dedupe, have_dirst;

	if (!d)
		return rt_errf(l->err, RT_EIO, NULL, "[Errno %d] %s: %s",
			       errno, strerror(errno), pyc_repr_str(l->a, dir));
	dfd = dirfd(d);
	realdir = !realpath(dir, real) ? NULL : !strcmp(real, dir) ? dir :
		  arena_strdup(l->tmp, real);
	list_entries(l, d, realdir, &ents, &job, &dirst, &have_dirst);
	grow_revs(l, ents.n);
	flush_pending(l);
	dedupe = needs_dedupe(l, &ents, realdir);
	l->any_dir = true;
	if (!dedupe) {
		l->pending_dir = realdir;
		l->pending = arena_memdup(l->tmp, ents.v,
					  ents.n * sizeof(*ents.v));
		l->npending = ents.n;
	}
	rc = load_entries(l, dfd, dir, realdir, &ents, job, recursive,
			  dedupe);
	if (l->hc && have_dirst)
		put_listing(l, &dirst, &ents);
	/* Before recursing: the cache borrows the entries of sd->revs. */
	hcache_close(l->hc, rc == 0);
	l->hc = NULL;
	for (i = 0; recursive && i < ents.n && !rc; i++) {
		/* os.walk() does not enter symlinked directories. */
		if (ends_with(ents.v[i].name, "__pycache__") ||
		    !dent_is_dir(dfd, &ents.v[i], false))
			continue;
		rc = load_dir(l, arena_printf(l->a, "%s/%s", dir,
					      ents.v[i].name), true);
	}
	closedir(d);
	free(ents.v);
	return rc;
}

int script_dir_load(struct script_dir *sd, struct rt_arena *a,
		    const struct script_opts *o, struct rt_err *err)
{
	struct loader l = { sd, a, arena_new(), err, STRMAP_INIT, 0,
			    RT_BUF_INIT, o->cache_dir, o->max_file_size ?
			    o->max_file_size : REV_FILE_MAX_SIZE, NULL, false,
			    NULL, NULL, 0 };
	size_t i;
	int rc = 0;

	sd->revs = NULL;
	sd->nrevs = 0;
	sd->ncached = 0;
	sd->nlistings_cached = 0;
	for (i = 0; i < sd->nversion_dirs && !rc; i++) {
		const char *dir = sd->version_dirs[i];

		/* Configured locations that do not exist are skipped, the
		 * default one must exist (rule 2.2). */
		if (!sd->default_versions && access(dir, F_OK) != 0)
			continue;
		rc = load_dir(&l, dir, sd->recursive);
	}
	strmap_release(&l.seen);
	arena_free(l.tmp);
	rt_buf_release(&l.text);
	if (!sd->revs)		/* never NULL */
		sd->revs = arena_alloc(a, sizeof(*sd->revs));
	return rc;
}
