/*
 * revread.c: reading one revision file (spec §3): the file's text, its
 * kind from its name, and its header through the reader of that kind
 * (the .py header parser, sqlrev.h, yamlrev.h) turned into a rev_file:
 * str.strip()'ed docstrings, rule 2.8's legacy ids and errors.
 */
#include "revread.h"
#include "base/pycompat.h"
#include "base/srcmap.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "python/pyparse.h"
#include "yaml/yamlrev.h"

/* OSError's str(): "[Errno N] text: 'path'". */
static int io_err(struct rt_err *err, int e, const char *path)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	pyc_repr(&b, path, strlen(path));
	rc = rt_errf(err, RT_EIO, NULL, "[Errno %d] %s: %s", e, strerror(e),
		     b.buf);
	rt_buf_release(&b);
	return rc;
}

/* " (N GiB)" when size is a whole number of GiB, MiB or KiB, else "". */
static const char *size_name(char *buf, size_t n, size_t size)
{
	static const char *const units[] = { "GiB", "MiB", "KiB" };
	size_t i, shift;

	for (i = 0, shift = 30; i < RT_ARRAY_SIZE(units); i++, shift -= 10)
		if (size && !(size & (((size_t)1 << shift) - 1))) {
			snprintf(buf, n, " (%zu %s)", size >> shift,
				 units[i]);
			return buf;
		}
	return "";
}

static int too_big(struct rt_err *err, const char *path, size_t max)
{
	struct rt_loc loc = { path, 0, 0 };
	char name[64];

	return rt_errf(err, RT_EIO, &loc, "the file is larger than %zu bytes"
		       "%s, the limit for a revision file (expected a smaller "
		       "file, see docs/revision-files.md)", max,
		       size_name(name, sizeof(name), max));
}

/*
 * Read dfd/name (path: its full name, for messages) into text, which is
 * reused from file to file.  regular: the directory entry says it is a
 * regular file, where a first read shorter than asked (64 KiB) is the
 * end of the file: one openat, read and close per small file (no
 * fstat).  A larger file is fstat'ed then: one over max bytes fails
 * before it is read any further (RT_EIO at the file); one that is not a
 * regular file (a pipe, a device) or grows fails once it has given more
 * than max.  A directory fails with EISDIR.
 */
static int read_file(struct rt_buf *text, int dfd, const char *name,
		     const char *path, bool regular, size_t max,
		     struct rt_err *err)
{
	const size_t first = 64 * 1024;
	struct stat st;
	size_t room, want = first;
	ssize_t n;
	bool sized = false;
	int e, fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return io_err(err, errno, path);
	rt_buf_reset(text);
	for (;;) {
		if (text->len > max) {
			close(fd);
			return too_big(err, path, max);
		}
		if (text->len && !sized) {
			sized = true;
			if (!fstat(fd, &st) && S_ISREG(st.st_mode)) {
				if ((uintmax_t)st.st_size > max) {
					close(fd);
					return too_big(err, path, max);
				}
				/* the rest, and a byte to see the end */
				if ((size_t)st.st_size >= text->len)
					want = (size_t)st.st_size -
					       text->len + 1;
			}
		}
		rt_buf_grow(text, want);
		room = text->alloc - text->len - 1;
		if (!sized && room > first)
			room = first;
		if (room - 1 > max - text->len)
			room = max - text->len + 1;
		/* (Linux reads at most 2 GiB - 4 KiB at a time.) */
		if ((n = read(fd, text->buf + text->len, room)) <= 0)
			break;
		rt_buf_setlen(text, text->len + (size_t)n);
		if (regular && !sized && (size_t)n < room)
			break;
		/* full: double it; else there is room left to read on */
		want = (size_t)n == room ? text->len : 1;
	}
	e = errno;
	close(fd);
	if (n < 0)
		return io_err(err, e, path);
	return 0;
}

/* Rule 3.3: None, "", () and [] are "no names". */
static void header_names(const char ***out, size_t *n, struct rt_arena *a,
			 const struct py_node *v)
{
	size_t i;

	*out = NULL;
	*n = 0;
	if (!v || v->kind == PYN_NONE || (v->kind == PYN_STR && !v->slen))
		return;
	if (v->kind == PYN_STR) {
		*out = arena_alloc(a, sizeof(**out));
		(*out)[0] = arena_strdup(a, v->s);
		*n = 1;
		return;
	}
	*out = arena_alloc(a, (v->kids.n + 1) * sizeof(**out));
	for (i = 0; i < v->kids.n; i++)
		(*out)[i] = arena_strdup(a, v->kids.v[i]->s);
	*n = v->kids.n;
}

/* Rule 2.8: the legacy id from a file name "[a-f0-9]+\.py". */
static bool legacy_id(const char *name, size_t *len)
{
	size_t n = strspn(name, "0123456789abcdef");

	*len = n;
	return n && !strcmp(name + n, ".py");
}

/* longdoc, and doc: its first paragraph (before the first "\n\n"). */
static void set_doc(struct rev_file *out, struct rt_arena *a,
		    const char *longdoc)
{
	const char *end = strstr(longdoc, "\n\n");

	out->longdoc = longdoc;
	out->doc = end ? arena_strndup(a, longdoc, (size_t)(end - longdoc)) :
		   longdoc;
}

static int read_py_header(struct rev_file *out, struct rt_arena *a,
			  struct rt_arena *scratch, const char *src,
			  size_t len, struct rt_err *err)
{
	struct py_header h;
	size_t n;
	int rc;

	rc = pyparse_header(&h, scratch, out->path, src, len, err);
	if (rc < 0)
		return rc;
	if (h.value[PYH_REVISION]) {
		out->id = arena_strdup(a, h.value[PYH_REVISION]->s);
		out->loc = rt_loc_at(out->path, src, h.name_off[PYH_REVISION]);
	} else if (legacy_id(out->name, &n)) {
		out->id = arena_strndup(a, out->name, n);
		out->loc = (struct rt_loc){ out->path, 0, 0 };
	} else {
		return rt_errf(err, RT_ECOMMAND, NULL, "Could not determine "
			       "revision id from filename %s. Be sure the "
			       "'revision' variable is declared inside the "
			       "script (please see 'Upgrading from Alembic "
			       "0.1 to 0.2' in the documentation).",
			       out->name);
	}
	if (!h.value[PYH_DOWN_REVISION]) {
		struct rt_loc loc = { out->path, 0, 0 };
		char *mod = arena_strdup(a, out->name), *p;

		for (p = mod; *p; p++)
			if (!(isalnum((unsigned char)*p) || *p == '_' ||
			      (unsigned char)*p >= 0x80))
				*p = '_';
		return rt_errf(err, RT_ESYNTAX, &loc, "module '%s' has no "
			       "attribute 'down_revision' (expected a "
			       "down_revision assignment, spec rule 2.8)", mod);
	}
	header_names(&out->down, &out->ndown, a, h.value[PYH_DOWN_REVISION]);
	header_names(&out->labels, &out->nlabels, a,
		     h.value[PYH_BRANCH_LABELS]);
	header_names(&out->deps, &out->ndeps, a, h.value[PYH_DEPENDS_ON]);
	if (h.doc) {
		const char *d = h.doc;
		size_t dn = h.doclen;

		pyc_strip(&d, &dn);
		set_doc(out, a, arena_strndup(a, d, dn));
	} else {
		set_doc(out, a, "");
	}
	return 0;
}

/*
 * The header's AST, and the decoded text unless it is kept, live in a
 * scratch arena freed once the values are copied out (10,000 files).
 */
static int read_py(struct rev_file *out, struct rt_arena *a, const char *raw,
		   size_t rawlen, bool keep, struct rt_err *err)
{
	struct rt_arena *scratch = arena_new();
	const char *src;
	size_t len;
	int rc;

	rc = pylex_decode_source(&src, &len, scratch, out->path, raw, rawlen,
				 err);
	if (!rc && keep) {
		out->src = arena_strndup(a, src, len);
		out->srclen = len;
	}
	if (!rc)
		rc = read_py_header(out, a, scratch, src, len, err);
	/* Alembic imports the module: a SyntaxError anywhere fails it. */
	if (!rc)
		rc = pyparse_check(scratch, out->path, src, len, err);
	arena_free(scratch);
	return rc;
}

/* A .sql file's header (sqlrev.h) into out. */
static int read_sql(struct rev_file *out, struct rt_arena *a,
		    const char *src, size_t len, struct rt_err *err)
{
	struct sqlrev_header h;
	int rc;

	if ((rc = sqlrev_parse(&h, a, out->path, src, len, err)) < 0)
		return rc;
	out->id = h.id;
	out->down = h.down;
	out->ndown = h.ndown;
	out->deps = h.deps;
	out->ndeps = h.ndeps;
	out->labels = h.labels;
	out->nlabels = h.nlabels;
	out->loc = h.loc;
	set_doc(out, a, h.message);
	out->sql_up = h.upgrade;
	out->sql_down = h.downgrade;
	return 0;
}

/* A .yaml op-script's header (yamlrev.h) into out. */
static int read_yaml(struct rev_file *out, struct rt_arena *a,
		     const char *src, size_t len, struct rt_err *err)
{
	struct yamlrev_header h;
	int rc;

	if ((rc = yamlrev_parse(&h, a, out->path, src, len, err)) < 0)
		return rc;
	out->id = h.id;
	out->down = h.down;
	out->ndown = h.ndown;
	out->deps = h.deps;
	out->ndeps = h.ndeps;
	out->labels = h.labels;
	out->nlabels = h.nlabels;
	out->loc = h.loc;
	set_doc(out, a, h.message);
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

bool rev_file_kind(const char *name, enum rev_kind *kind)
{
	if (ends_with(name, ".py"))
		*kind = REV_PY;
	else if (ends_with(name, ".sql"))
		*kind = REV_SQL;
	else if (yamlrev_is_name(name))
		*kind = REV_YAML;
	else
		return false;
	return true;
}

/*
 * Read the revision file path (name: path + name_off; dfd: its directory
 * open, or AT_FDCWD; regular and max: see read_file()) through the
 * buffer text.  keep: copy the source into out->src (else NULL: only the
 * header's values stay).
 */
static int read_rev_at(struct rev_file *out, struct rt_arena *a,
		       struct rt_buf *text, bool keep, int dfd, bool regular,
		       const char *path, size_t name_off, size_t max,
		       struct rt_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->path = path;
	out->name = path + name_off;
	if (!rev_file_kind(out->name, &out->kind))
		out->kind = REV_PY;
	out->longdoc = out->doc = "";
	rc = read_file(text, dfd, dfd == AT_FDCWD ? path : out->name, path,
		       regular, max, err);
	if (rc < 0)
		return rc;
	if (out->kind == REV_PY)
		return read_py(out, a, text->buf, text->len, keep, err);
	if (keep) {
		out->src = arena_strndup(a, text->buf, text->len);
		out->srclen = text->len;
	}
	if (out->kind == REV_YAML)
		return read_yaml(out, a, text->buf, text->len, err);
	return read_sql(out, a, text->buf, text->len, err);
}

int rev_file_read_header(struct rev_file *out, struct rt_arena *a,
			 struct rt_buf *text, int dfd, bool regular,
			 const char *path, size_t name_off, size_t max,
			 struct rt_err *err)
{
	return read_rev_at(out, a, text, false, dfd, regular, path, name_off,
			   max, err);
}

int rev_file_read(struct rev_file *out, struct rt_arena *a, const char *dir,
		  const char *name, struct rt_err *err)
{
	struct rt_buf text = RT_BUF_INIT;
	int rc;

	rc = read_rev_at(out, a, &text, true, AT_FDCWD, false,
			 arena_printf(a, "%s/%s", dir, name), strlen(dir) + 1,
			 REV_FILE_MAX_SIZE, err);
	rt_buf_release(&text);
	return rc;
}

int rev_file_source(const struct rev_file **out, struct rt_arena *a,
		    const struct rev_file *f, struct rt_err *err)
{
	struct rt_buf text = RT_BUF_INIT;
	struct rev_file *copy;
	struct rt_loc loc = { f->path, 0, 0 };
	int rc;

	*out = f;
	if (f->src)
		return 0;
	copy = arena_alloc(a, sizeof(*copy));
	rc = read_rev_at(copy, a, &text, true, AT_FDCWD, false, f->path,
			 strlen(f->path) - strlen(f->name), REV_FILE_MAX_SIZE,
			 err);
	rt_buf_release(&text);
	if (rc < 0)
		return rc;
	if (strcmp(copy->id, f->id))
		return rt_errf(err, RT_EIO, &loc, "the revision id is now "
			       "'%s', not '%s' (expected the file not to "
			       "change while retort runs)", copy->id, f->id);
	*out = copy;
	return 0;
}

