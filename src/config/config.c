/*
 * config.c: alembic.ini read exactly as Python's configparser.ConfigParser
 * reads it for Alembic (spec §1.B, rules 1.2-1.8), line by line with
 * ConfigParser's own rules; plus interpolation when a value is read.
 *
 * Why no INI library.  retort used to link inih (libinih-dev) and route
 * a rewrite of each line through it.  Read by inih itself, with every
 * switch Debian's libinih 55 exports set the ConfigParser way
 * (ini_allow_inline_comments = 0, ini_allow_bom = 0, ini_use_stack = 0
 * with ini_allow_realloc for long lines, multi-line on), the file still
 * comes out differently, because of what Debian fixes at build time and
 * what inih does by design:
 *  - INI_CALL_HANDLER_ON_NEW_SECTION is 0 (ini.h has no switch for it):
 *    a section without keys is invisible, so the empty
 *    [post_write_hooks] of Alembic's generated alembic.ini is lost and
 *    a repeated header with no key after it is no DuplicateSectionError;
 *  - INI_HANDLER_LINENO is 0: no line numbers for the error messages;
 *  - a section name ends at the first ']' (ConfigParser: the last one
 *    on the line) and is cut to 49 bytes (MAX_SECTION);
 *  - any indented line continues a value (ConfigParser: only one
 *    indented deeper than its key line), blank lines inside a value are
 *    dropped (ConfigParser keeps them), and whitespace is ASCII only
 *    (ConfigParser strips U+00A0, U+3000 ...).
 * Measured on tests/config/check.py's files (seed 1, 3,000 random
 * files): inih, driven that way by a throwaway cfgdump, differs from
 * /usr/bin/python3's configparser on 2,303 files; this reader on none.
 * Of the fixtures in fixtures/config, inih misreads basic.ini, bom.ini,
 * delims.ini, dup_section.ini, multiline.ini and unicode.ini.
 */
#include "config.h"
#include "pyproject.h"
#include "pystr.h"
#include "base/buf.h"
#include "base/strmap.h"

#include <unistd.h>

#define MAX_INTERPOLATION_DEPTH 10	/* configparser's constant */

struct piece {
	const char *p;
	size_t n;
	struct piece *next;
};

struct cfg_opt {
	const char *key;	/* lower-cased */
	const char *value;	/* joined after the whole file is read */
	int line;		/* 0: the registered default `here` */
	struct piece *first, **tail;
	struct cfg_opt *next;	/* file order */
};

struct cfg_sect {
	const char *name;
	bool seen;		/* [DEFAULT] may repeat, others may not */
	struct strmap opts;	/* in the arena */
	struct cfg_opt *head, **tail;
	size_t nr;
	struct cfg_sect *next;
};

struct config {
	struct rt_arena *a;
	const char *path, *here;
	bool exists;
	struct strmap sects;	/* in the arena */
	struct cfg_sect *head, **tail;
	struct cfg_sect defaults;	/* `here`, then [DEFAULT] keys */
	const char *toml_path;		/* config_load_toml()'s path */
	struct pyproject *toml;		/* NULL: no such file */
};

/* ---- the file: read, decode check, `here` ---- */

/* The 1-based line of byte off, counting \r\n, \r and \n breaks. */
static struct rt_loc loc_at(const char *path, const char *s, size_t off)
{
	struct rt_loc loc = { path, 1, 0 };
	size_t i;

	for (i = 0; i < off; i++)
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
			loc.line++;
	return loc;
}

/*
 * Python decodes the file strictly as UTF-8 (the locale encoding) before
 * parsing; report the first bad byte like its UnicodeDecodeError.  A NUL
 * byte, which Python would keep, is refused.
 */
static int check_utf8(const char *path, const char *s, size_t n,
		      struct rt_err *err)
{
	struct rt_buf msg = RT_BUF_INIT;
	struct rt_loc loc;
	size_t off;
	int rc;

	if (pystr_utf8_check(s, n, true, &off, &msg))
		return 0;
	loc = loc_at(path, s, off);
	if (!msg.len)
		rc = rt_errf(err, RT_ECONFIG, &loc, "NUL character in the "
			     "file is not supported");
	else
		rc = rt_errf(err, RT_ECONFIG, &loc, "%s", msg.buf);
	rt_buf_release(&msg);
	return rc;
}

/* Whole file into the arena; false if it cannot be opened or read. */
static bool slurp(struct rt_arena *a, const char *path, char **out,
		  size_t *n)
{
	struct rt_buf b = RT_BUF_INIT;
	char chunk[8192];
	size_t got;
	bool ok;
	FILE *f = fopen(path, "rb");

	if (!f)
		return false;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, got);
	ok = !ferror(f);
	fclose(f);
	*n = b.len;
	*out = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return ok;
}

/* posixpath.normpath() of an absolute path. */
static char *normpath(struct rt_arena *a, const char *p)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t *ends = NULL, nr = 0, alloc = 0, lead = 1;
	const char *c, *e;
	char *r;

	if (p[1] == '/' && p[2] != '/')
		lead = 2;
	rt_buf_add(&b, p, lead);
	for (c = p; *c; c = *e ? e + 1 : e) {
		for (e = c; *e && *e != '/'; e++)
			;
		if (e == c || (e - c == 1 && *c == '.'))
			continue;
		if (e - c == 2 && c[0] == '.' && c[1] == '.') {
			if (nr)
				rt_buf_setlen(&b, ends[--nr]);
			continue;
		}
		RT_ALLOC_GROW(ends, nr + 1, alloc);
		ends[nr++] = b.len;
		if (b.len > lead)
			rt_buf_addch(&b, '/');
		rt_buf_add(&b, c, (size_t)(e - c));
	}
	free(ends);
	r = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return r;
}

/* os.path.abspath(os.path.dirname(path)) (spec rule 1.3). */
static int here_of(const char **out, struct rt_arena *a, const char *path,
		   struct rt_err *err)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + 1 : 0, i;
	char *dir, *cwd;

	/* dirname keeps a run of slashes only when it is all slashes */
	for (i = n; i > 0 && path[i - 1] == '/'; i--)
		;
	if (i > 0)
		n = i;
	dir = arena_strndup(a, path, n);
	if (dir[0] == '/') {
		*out = normpath(a, dir);
		return 0;
	}
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return rt_errf(err, RT_EIO, NULL, "cannot get the current "
			       "directory: %s", strerror(errno));
	*out = normpath(a, arena_printf(a, "%s/%s", cwd, dir));
	free(cwd);
	return 0;
}

/* ---- the reader: ConfigParser's line rules ---- */

/* What one physical line is to ConfigParser._read(). */
enum line_kind {
	LINE_SKIP,	/* a comment, or a blank line outside a value */
	LINE_SECTION,	/* "[name]" */
	LINE_OPTION,	/* "key = value" or "key: value" */
	LINE_MORE,	/* a continuation, or a blank line inside a value */
	LINE_BAD,	/* no delimiter: ParsingError */
	LINE_NOHEAD,	/* before any section: MissingSectionHeaderError */
};

struct reader {
	struct config *c;
	struct rt_err *err;
	const char *s, *end;	/* the file, still to read from s */
	int lineno;		/* the current line */
	const char *line;	/* its text, without the line break */
	size_t line_n;
	bool in_sect;		/* ConfigParser's cursect is not None */
	bool in_opt;		/* its optname is set (and not empty) */
	size_t indent_level;	/* code points of the last key line */
	/* the parts of the current line classify() found */
	const char *name, *value;
	size_t name_n, value_n;
	/* what the reader builds */
	struct cfg_sect *sect;
	struct cfg_opt *opt;
	int bad_line;		/* first ParsingError line, reported last */
	const char *bad, *nohead;
	size_t bad_n, nohead_n;
};

/* Next physical line, with Python's universal newlines. */
static bool next_line(struct reader *r)
{
	const char *p = r->s;

	if (p >= r->end)
		return false;
	while (p < r->end && *p != '\n' && *p != '\r')
		p++;
	r->line = r->s;
	r->line_n = (size_t)(p - r->s);
	if (p < r->end && *p == '\r' && p + 1 < r->end && p[1] == '\n')
		p++;
	r->s = p < r->end ? p + 1 : p;
	r->lineno++;
	return true;
}

/* "[header]": SECTCRE \[(?P<header>.+)\] matched at the start. */
static bool section_line(struct reader *r, const char *v, size_t n)
{
	size_t close = n;

	if (n < 3 || v[0] != '[')
		return false;
	while (close > 0 && v[close - 1] != ']')
		close--;
	if (close < 3)
		return false;
	r->name = v + 1;
	r->name_n = close - 2;
	return true;
}

/* OPTCRE (?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$ */
static bool option_line(struct reader *r, const char *v, size_t n)
{
	size_t d = 0, skip;

	while (d < n && v[d] != '=' && v[d] != ':')
		d++;
	if (d == n)
		return false;
	r->name = v;
	r->name_n = pystr_rstrip(v, d);
	skip = pystr_lspace(v + d + 1, n - d - 1, NULL);
	r->value = v + d + 1 + skip;
	r->value_n = n - d - 1 - skip;
	return true;
}

/* Classify the current line as ConfigParser._read() does. */
static enum line_kind classify(struct reader *r)
{
	const char *v;
	size_t indent, lead, n;

	lead = pystr_lspace(r->line, r->line_n, &indent);
	v = r->line + lead;
	n = pystr_rstrip(v, r->line_n - lead);
	if (n && (*v == '#' || *v == ';'))
		return LINE_SKIP;
	if (!n) {
		/* empty_lines_in_values: kept, trailing ones dropped later */
		r->value_n = 0;
		return r->in_sect && r->in_opt ? LINE_MORE : LINE_SKIP;
	}
	if (r->in_sect && r->in_opt && indent > r->indent_level) {
		r->value = v;
		r->value_n = n;
		return LINE_MORE;
	}
	r->indent_level = indent;
	if (section_line(r, v, n)) {
		r->in_sect = true;
		r->in_opt = false;
		return LINE_SECTION;
	}
	if (!r->in_sect)
		return LINE_NOHEAD;
	if (!option_line(r, v, n))
		return LINE_BAD;
	r->in_opt = r->name_n > 0;
	return LINE_OPTION;
}

/* ---- what the lines build: sections, keys, duplicates (rule 1.7) ---- */

/* repr() of a C string, in the arena. */
static const char *repr_str(struct rt_arena *a, const char *s)
{
	return pystr_repr(a, s, strlen(s));
}

static struct rt_loc line_loc(const struct reader *r)
{
	struct rt_loc loc = { r->c->path, r->lineno, 0 };

	return loc;
}

static int on_section(struct reader *r)
{
	struct config *c = r->c;
	char *name = arena_strndup(c->a, r->name, r->name_n);
	struct cfg_sect *s;
	struct rt_loc loc = line_loc(r);

	if (!strcmp(name, "DEFAULT")) {
		r->sect = &c->defaults;
		return 0;
	}
	if (strmap_get(&c->sects, name))
		return rt_errf(r->err, RT_ECONFIG, &loc, "While reading from "
			       "%s [line %2d]: section %s already exists",
			       repr_str(c->a, c->path), r->lineno,
			       repr_str(c->a, name));
	s = arena_alloc(c->a, sizeof(*s));
	s->name = name;
	s->tail = &s->head;
	strmap_init_arena(&s->opts, c->a);
	*c->tail = s;
	c->tail = &s->next;
	strmap_put(&c->sects, name, s);
	r->sect = s;
	return 0;
}

static void add_piece(struct rt_arena *a, struct cfg_opt *o, const char *p,
		      size_t n)
{
	struct piece *pc = arena_alloc(a, sizeof(*pc));

	pc->p = p;
	pc->n = n;
	*o->tail = pc;
	o->tail = &pc->next;
}

/* Python collects ParsingErrors and raises the first at the end. */
static void note_bad(struct reader *r)
{
	if (r->bad_line)
		return;
	r->bad_line = r->lineno;
	r->bad = r->line;
	r->bad_n = r->line_n;
}

static int on_option(struct reader *r)
{
	struct config *c = r->c;
	struct cfg_sect *s = r->sect;
	char *key = pystr_lower(c->a, r->name, r->name_n);
	struct cfg_opt *o = strmap_get(&s->opts, key);
	struct rt_loc loc = line_loc(r);

	if (!r->name_n)
		note_bad(r);	/* "= v": an error, but still stored */
	if (o && o->line)
		return rt_errf(r->err, RT_ECONFIG, &loc, "While reading from "
			       "%s [line %2d]: option %s in section %s already "
			       "exists", repr_str(c->a, c->path), r->lineno,
			       repr_str(c->a, key), repr_str(c->a, s->name));
	if (!o) {
		o = arena_alloc(c->a, sizeof(*o));
		o->key = key;
		*s->tail = o;
		s->tail = &o->next;
		s->nr++;
		strmap_put(&s->opts, key, o);
	}
	/* a [DEFAULT] `here` replaces the registered one in place */
	o->line = r->lineno;
	o->first = NULL;
	o->tail = &o->first;
	add_piece(c->a, o, r->value, r->value_n);
	r->opt = o;
	return 0;
}

/*
 * Every line in turn; stops at the first duplicate (raised at once by
 * Python) or line before any section.  0 or the error.
 */
static int read_lines(struct reader *r)
{
	int rc = 0;

	while (!rc && next_line(r)) {
		switch (classify(r)) {
		case LINE_SKIP:
			break;
		case LINE_SECTION:
			rc = on_section(r);
			break;
		case LINE_OPTION:
			rc = on_option(r);
			break;
		case LINE_MORE:
			add_piece(r->c->a, r->opt, r->value, r->value_n);
			break;
		case LINE_BAD:
			note_bad(r);
			break;
		case LINE_NOHEAD:
			r->nohead = r->line;
			r->nohead_n = r->line_n;
			return 0;
		}
	}
	return rc;
}

/* '\n'.join(lines).rstrip() (ConfigParser._join_multiline_values). */
static void join_values(struct rt_arena *a, struct cfg_sect *s)
{
	struct cfg_opt *o;
	struct piece *p;
	struct rt_buf b = RT_BUF_INIT;

	for (o = s->head; o; o = o->next) {
		if (!o->line)
			continue;
		rt_buf_reset(&b);
		for (p = o->first; p; p = p->next) {
			if (p != o->first)
				rt_buf_addch(&b, '\n');
			rt_buf_add(&b, p->p, p->n);
		}
		o->value = arena_strndup(a, b.buf, pystr_rstrip(b.buf, b.len));
	}
	rt_buf_release(&b);
}

/* Python's two parse errors, as one line each with what was expected. */
static int parse_error(struct reader *r)
{
	struct rt_loc loc = line_loc(r);
	const char *bom = "";

	if (r->nohead) {
		if (r->nohead_n >= 3 && !memcmp(r->nohead, "\xef\xbb\xbf", 3))
			bom = " (a UTF-8 byte order mark is not skipped, as "
			      "in Python's configparser)";
		return rt_errf(r->err, RT_ECONFIG, &loc, "File contains no "
			       "section headers: expected '[section]', found "
			       "%s%s", pystr_repr(r->c->a, r->nohead,
						  r->nohead_n), bom);
	}
	loc.line = r->bad_line;
	return rt_errf(r->err, RT_ECONFIG, &loc, "Source contains parsing "
		       "errors: expected '[section]', 'key = value', 'key: "
		       "value', a comment or an indented continuation line, "
		       "found %s", pystr_repr(r->c->a, r->bad, r->bad_n));
}

static int parse(struct config *c, const char *text, size_t n,
		 struct rt_err *err)
{
	struct reader r = { 0 };
	struct cfg_sect *s;
	int rc;

	r.c = c;
	r.err = err;
	r.s = text;
	r.end = text + n;
	if ((rc = read_lines(&r)) < 0)
		return rc;
	if (r.nohead || r.bad_line)
		return parse_error(&r);
	join_values(c->a, &c->defaults);
	for (s = c->head; s; s = s->next)
		join_values(c->a, s);
	return 0;
}

int config_load(struct config **out, struct rt_arena *a, const char *path,
		struct rt_err *err)
{
	struct config *c = arena_alloc(a, sizeof(*c));
	struct cfg_opt *here;
	char *text;
	size_t n;
	int rc;

	c->a = a;
	strmap_init_arena(&c->sects, a);
	strmap_init_arena(&c->defaults.opts, a);
	c->path = arena_strdup(a, path ? path : "");
	c->tail = &c->head;
	c->defaults.name = "DEFAULT";
	c->defaults.tail = &c->defaults.head;
	c->here = "";
	if (path && *path && (rc = here_of(&c->here, a, path, err)) < 0)
		return rc;
	here = arena_alloc(a, sizeof(*here));
	here->key = "here";
	here->value = c->here;
	c->defaults.head = here;
	c->defaults.tail = &here->next;
	c->defaults.nr = 1;
	strmap_put(&c->defaults.opts, "here", here);
	/* rule 1.2: a file that cannot be read is an empty config */
	if (path && *path && slurp(a, path, &text, &n)) {
		c->exists = true;
		if ((rc = check_utf8(c->path, text, n, err)) < 0 ||
		    (rc = parse(c, text, n, err)) < 0)
			return rc;
	}
	*out = c;
	return 0;
}

/* ---- lookups ---- */

const char *config_path(const struct config *c)
{
	return c->path;
}

bool config_file_exists(const struct config *c)
{
	return c->exists;
}

const char *config_here(const struct config *c)
{
	return c->here;
}

bool config_has_section(const struct config *c, const char *section)
{
	return strmap_get(&c->sects, section) != NULL;
}

/* The section dict for a read: NULL for DEFAULT, false if there is none. */
static bool find_sect(const struct cfg_sect **out, const struct config *c,
		      const char *section)
{
	*out = NULL;
	if (!strcmp(section, "DEFAULT"))
		return true;
	*out = strmap_get(&c->sects, section);
	return *out != NULL;
}

/* ChainMap(section, defaults)[key] */
static const struct cfg_opt *lookup(const struct config *c,
				    const struct cfg_sect *s, const char *key)
{
	const struct cfg_opt *o = s ? strmap_get(&s->opts, key) : NULL;

	return o ? o : strmap_get(&c->defaults.opts, key);
}

static const struct cfg_opt *find_opt(const struct config *c,
				      const char *section, const char *key)
{
	const struct cfg_sect *s;

	if (!find_sect(&s, c, section))
		return NULL;
	return lookup(c, s, pystr_lower(c->a, key, strlen(key)));
}

const char *config_get_raw(const struct config *c, const char *section,
			   const char *key)
{
	const struct cfg_opt *o = find_opt(c, section, key);

	return o ? o->value : NULL;
}

struct rt_loc config_key_loc(const struct config *c, const char *section,
			     const char *key)
{
	const struct cfg_opt *o = find_opt(c, section, key);
	struct rt_loc loc = { c->path, 0, 0 };

	if (!o)
		return RT_LOC_NONE;
	loc.line = o->line;
	return loc;
}

/* ---- BasicInterpolation.before_get (rule 1.8) ---- */

struct interp {
	const struct config *c;
	const struct cfg_sect *sect;
	const char *section;	/* as asked for, for messages */
	const struct cfg_opt *opt;	/* the key asked for */
	struct rt_loc loc;
	struct rt_buf out;
	struct rt_err *err;
};

static const char *srepr(const struct interp *in, const char *s)
{
	return repr_str(in->c->a, s);
}

/* InterpolationSyntaxError: '%' not followed by '%' or '(name)s'. */
static int syntax_error(struct interp *in, const char *rest)
{
	if (rest[1] == '(')
		return rt_errf(in->err, RT_ECONFIG, &in->loc, "bad "
			       "interpolation variable reference %s",
			       srepr(in, rest));
	return rt_errf(in->err, RT_ECONFIG, &in->loc, "'%%' must be followed "
		       "by '%%' or '(', found: %s", srepr(in, rest));
}

static int missing_error(struct interp *in, const char *var)
{
	return rt_errf(in->err, RT_ECONFIG, &in->loc, "Bad value substitution: "
		       "option %s in section %s contains an interpolation key "
		       "%s which is not a valid option name. Raw value: %s",
		       srepr(in, in->opt->key), srepr(in, in->section),
		       srepr(in, var), srepr(in, in->opt->value));
}

static int depth_error(struct interp *in)
{
	return rt_errf(in->err, RT_ECONFIG, &in->loc, "Recursion limit "
		       "exceeded in value substitution: option %s in section "
		       "%s contains an interpolation key which cannot be "
		       "substituted in %d steps. Raw value: %s",
		       srepr(in, in->opt->key), srepr(in, in->section),
		       MAX_INTERPOLATION_DEPTH, srepr(in, in->opt->value));
}

static int interp_some(struct interp *in, const char *rest, int depth)
{
	const char *p, *close, *var;
	const struct cfg_opt *ref;
	int rc;

	if (depth > MAX_INTERPOLATION_DEPTH)
		return depth_error(in);
	while (*rest) {
		if (!(p = strchr(rest, '%'))) {
			rt_buf_adds(&in->out, rest);
			return 0;
		}
		rt_buf_add(&in->out, rest, (size_t)(p - rest));
		rest = p;
		if (rest[1] == '%') {
			rt_buf_addch(&in->out, '%');
			rest += 2;
			continue;
		}
		/* _KEYCRE: %\(([^)]+)\)s */
		close = rest[1] == '(' ? strchr(rest + 2, ')') : NULL;
		if (!close || close == rest + 2 || close[1] != 's')
			return syntax_error(in, rest);
		var = pystr_lower(in->c->a, rest + 2,
				  (size_t)(close - rest - 2));
		rest = close + 2;
		if (!(ref = lookup(in->c, in->sect, var)))
			return missing_error(in, var);
		if (!strchr(ref->value, '%'))
			rt_buf_adds(&in->out, ref->value);
		else if ((rc = interp_some(in, ref->value, depth + 1)) < 0)
			return rc;
	}
	return 0;
}

int config_get(const char **out, const struct config *c, const char *section,
	       const char *key, struct rt_err *err)
{
	struct interp in = { 0 };
	int rc;

	in.c = c;
	in.section = section;
	in.err = err;
	if (!find_sect(&in.sect, c, section))
		return RT_ENOTFOUND;
	in.opt = lookup(c, in.sect, pystr_lower(c->a, key, strlen(key)));
	if (!in.opt)
		return RT_ENOTFOUND;
	in.loc = (struct rt_loc){ c->path, in.opt->line, 0 };
	rt_buf_init(&in.out, 0);
	rc = interp_some(&in, in.opt->value, 1);
	if (!rc)
		*out = arena_strndup(c->a, in.out.buf, in.out.len);
	rt_buf_release(&in.out);
	return rc;
}

const char **config_sections(const struct config *c, size_t *n)
{
	const char **names = arena_alloc(c->a, (c->sects.nr + 1) *
					 sizeof(*names));
	const struct cfg_sect *s;
	size_t nr = 0;

	for (s = c->head; s; s = s->next)
		names[nr++] = s->name;
	*n = nr;
	return names;
}

const char **config_keys(const struct config *c, const char *section,
			 size_t *n)
{
	const struct cfg_sect *s;
	const struct cfg_opt *o;
	const char **keys;
	size_t nr = 0;

	*n = 0;
	if (!find_sect(&s, c, section))
		return NULL;
	keys = arena_alloc(c->a, ((s ? s->nr : 0) + c->defaults.nr + 1) *
			   sizeof(*keys));
	for (o = s ? s->head : NULL; o; o = o->next)
		keys[nr++] = o->key;
	/* options(): the section's keys, then the defaults' not among them */
	for (o = c->defaults.head; o; o = o->next)
		if (!s || !strmap_get(&s->opts, o->key))
			keys[nr++] = o->key;
	*n = nr;
	return keys;
}

/* ---- pyproject.toml: Alembic 1.16+'s Config (alembic/config.py) ---- */

int config_load_toml(struct config *c, const char *path, struct rt_err *err)
{
	c->toml_path = path ? arena_strdup(c->a, path) : NULL;
	return pyproject_open(&c->toml, c->a, path, err);
}

bool config_has_toml(const struct config *c)
{
	return pyproject_active(c->toml);
}

const char *config_toml_path(const struct config *c)
{
	return c->toml_path;
}

struct rt_loc config_toml_loc(const struct config *c,
			      const struct toml_value *v)
{
	return pyproject_loc(c->toml, v);
}

int config_toml_option(struct config_option *out, const struct config *c,
		       const char *key, struct rt_err *err)
{
	const struct toml_value *v;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pyproject_value(&v, c->toml, key, err)) < 0)
		return rc;
	out->toml = v;
	out->str = v->type == TOML_STRING ? v->str : NULL;
	out->loc = pyproject_loc(c->toml, v);
	return 0;
}

int config_alembic_option(struct config_option *out, const struct config *c,
			  const char *section, const char *key,
			  struct rt_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = config_get(&out->str, c, section, key, err);
	if (rc != RT_ENOTFOUND) {
		if (!rc)
			out->loc = config_key_loc(c, section, key);
		return rc;
	}
	return config_toml_option(out, c, key, err);
}

int config_alembic_bool(bool *out, struct rt_loc *loc, const struct config *c,
			const char *section, const char *key,
			struct rt_err *err)
{
	const struct toml_value *v;
	const char *s;
	int rc;

	*out = false;
	if (loc)
		*loc = RT_LOC_NONE;
	rc = config_get(&s, c, section, key, err);
	if (!rc) {
		*out = !strcmp(s, "true");
		if (loc)
			*loc = config_key_loc(c, section, key);
		return 0;
	}
	if (rc != RT_ENOTFOUND)
		return rc;
	/* toml_alembic_config.get(name, False): not %-formatted */
	rc = pyproject_raw(&v, c->toml, key, err);
	if (rc == RT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (v->type != TOML_BOOL)
		return rt_errf(err, RT_ECOMMAND, NULL, "boolean value expected "
			       "for TOML parameter %s", repr_str(c->a, key));
	*out = v->b;
	if (loc)
		*loc = pyproject_loc(c->toml, v);
	return 0;
}
