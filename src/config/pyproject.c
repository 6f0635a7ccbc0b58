/*
 * pyproject.c: [tool.alembic] of pyproject.toml as Alembic 1.16+ reads
 * it (pyproject.h), with Python's `str % mapping` for the %(here)s in
 * its strings.
 */
#include "pyproject.h"
#include "pystr.h"
#include "base/buf.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

struct pyproject {
	struct rt_arena *a;
	const char *path, *here;
	struct toml_doc *doc;		/* NULL: loading failed, see err */
	struct rt_err err;		/* the kept read or parse error */
	const struct toml_value *tool;	/* toml_data["tool"], or NULL */
	const struct toml_value *alembic;	/* tool["alembic"], or NULL */
};

/* ---- here ---- */

/* Path(path).absolute().parent.as_posix() */
static int here_of(const char **out, struct rt_arena *a, const char *path,
		   struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *full = path, *c, *e;
	size_t lead = 0, last = 0;
	char *cwd = NULL;

	if (path[0] != '/') {
		if (!(cwd = getcwd(NULL, 0)))
			return rt_errf(err, RT_EIO, NULL, "cannot get the "
				       "current directory: %s",
				       strerror(errno));
		/* the CWD "/" must not make a leading "//" */
		full = arena_printf(a, "%s/%s", strcmp(cwd, "/") ? cwd : "",
				    path);
		free(cwd);
	}
	/* POSIX keeps exactly two leading slashes, folds more into one */
	lead = full[1] == '/' && full[2] != '/' ? 2 : 1;
	rt_buf_add(&b, "//", lead);
	for (c = full; *c; c = *e ? e + 1 : e) {
		for (e = c; *e && *e != '/'; e++)
			;
		if (e == c || (e - c == 1 && *c == '.'))
			continue;
		last = b.len;
		if (b.len > lead)
			rt_buf_addch(&b, '/');
		rt_buf_add(&b, c, (size_t)(e - c));
	}
	/* .parent: without the last part ("/" stays "/") */
	rt_buf_setlen(&b, last > lead ? last : lead);
	*out = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return 0;
}

/* ---- open ---- */

int pyproject_open(struct pyproject **out, struct rt_arena *a,
		   const char *path, struct rt_err *err)
{
	struct pyproject *p;
	struct stat st;
	int rc;

	*out = NULL;
	if (!path || !*path || stat(path, &st) < 0)
		return 0;	/* Path.exists() */
	p = arena_alloc(a, sizeof(*p));
	p->a = a;
	p->path = arena_strdup(a, path);
	if ((rc = here_of(&p->here, a, path, err)) < 0)
		return rc;
	rt_err_clear(&p->err);
	if (toml_load(&p->doc, a, path, &p->err) < 0) {
		p->doc = NULL;
	} else {
		p->tool = toml_get(p->doc->root, "tool");
		if (p->tool && p->tool->type == TOML_TABLE)
			p->alembic = toml_get(p->tool->table, "alembic");
	}
	*out = p;
	return 0;
}

bool pyproject_active(const struct pyproject *p)
{
	if (!p)
		return false;
	return !p->doc || p->alembic ||
	       (p->tool && p->tool->type != TOML_TABLE);
}

const char *pyproject_path(const struct pyproject *p)
{
	return p->path;
}

const char *pyproject_here(const struct pyproject *p)
{
	return p->here;
}

struct rt_loc pyproject_loc(const struct pyproject *p,
			    const struct toml_value *v)
{
	return toml_loc(p->doc, v->off);
}

/* ---- Python's `fmt % {'here': here}` ---- */

/* The state of CPython's unicode_formatter_t as far as it matters. */
struct fmt {
	const char *here;
	bool have_arg;		/* argidx == -2: one argument left */
	bool arg_is_dict;	/* it is the mapping, not a looked-up value */
	struct rt_buf *msg;	/* the exception, when one is raised */
};

/* ascii(): repr() with every non-ASCII character escaped */
static void ascii_of(struct rt_buf *b, const char *s)
{
	struct rt_buf r = RT_BUF_INIT;
	size_t i, len;
	uint32_t c;

	pystr_repr_buf(&r, s, strlen(s));
	for (i = 0; i < r.len; i += len) {
		c = pystr_u8_get(r.buf + i, &len);
		if (c < 0x80)
			rt_buf_addch(b, (int)c);
		else if (c < 0x100)
			rt_buf_addf(b, "\\x%02x", (unsigned)c);
		else if (c < 0x10000)
			rt_buf_addf(b, "\\u%04x", (unsigned)c);
		else
			rt_buf_addf(b, "\\U%08x", (unsigned)c);
	}
	rt_buf_release(&r);
}

/* unicode_format_getnextarg(): false if there is none left. */
static bool next_arg(struct fmt *f, bool *is_dict)
{
	if (!f->have_arg) {
		rt_buf_adds(f->msg, "TypeError: not enough arguments for "
			    "format string");
		return false;
	}
	f->have_arg = false;
	*is_dict = f->arg_is_dict;
	return true;
}

/* Code points in s[0..n). */
static size_t cps(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* Append text cut to prec code points (-1: all), padded to width. */
static void put_padded(struct rt_buf *out, const char *text, long prec,
		       long width, bool left)
{
	size_t n = strlen(text), k = 0, i = 0, len, w;

	if (prec >= 0)
		for (; i < n && k < (size_t)prec; i += len, k++)
			pystr_u8_get(text + i, &len);
	else
		i = n;
	w = cps(text, i);
	if (!left)
		for (; width > 0 && (size_t)width > w; width--)
			rt_buf_addch(out, ' ');
	rt_buf_add(out, text, i);
	if (left)
		for (; width > 0 && (size_t)width > w; width--)
			rt_buf_addch(out, ' ');
}

/* "%<number>" of width or precision; '*' takes an argument (an error). */
static int number_or_star(struct fmt *f, const char *s, size_t *i,
			  long *out)
{
	bool is_dict;

	if (s[*i] == '*') {
		(*i)++;
		if (next_arg(f, &is_dict))
			rt_buf_adds(f->msg, "TypeError: * wants int");
		return -1;
	}
	while (s[*i] >= '0' && s[*i] <= '9') {
		if (*out < 100000)
			*out = (*out < 0 ? 0 : *out) * 10 + (s[*i] - '0');
		(*i)++;
	}
	return 0;
}

/*
 * One conversion specifier, s[*i] just after its '%' (not "%%"): its
 * text appended to out, or -1 and the exception in f->msg.
 */
static int format_arg(struct fmt *f, struct rt_buf *out, const char *s,
		      size_t *i)
{
	struct rt_buf text = RT_BUF_INIT;
	const char *start, *type;
	long width = -1, prec = -1;
	bool left = false, is_dict;
	size_t len;
	uint32_t ch;
	int rc = -1;

	if (s[*i] == '(') {
		int pcount = 1;

		start = s + ++(*i);
		for (; s[*i] && pcount; (*i)++)
			pcount += s[*i] == '(' ? 1 : s[*i] == ')' ? -1 : 0;
		if (pcount) {
			rt_buf_adds(f->msg, "ValueError: incomplete format "
				    "key");
			return -1;
		}
		len = (size_t)(s + *i - 1 - start);
		if (len != 4 || memcmp(start, "here", 4)) {
			rt_buf_adds(f->msg, "KeyError: ");
			pystr_repr_buf(f->msg, start, len);
			return -1;
		}
		f->have_arg = true;
		f->arg_is_dict = false;
	}
	for (; s[*i] && strchr("-+ #0", s[*i]); (*i)++)
		left |= s[*i] == '-';
	if (number_or_star(f, s, i, &width) < 0)
		return -1;
	if (s[*i] == '.') {
		(*i)++;
		prec = 0;
		if (number_or_star(f, s, i, &prec) < 0)
			return -1;
	}
	if (s[*i] && strchr("hlL", s[*i]))
		(*i)++;
	if (!s[*i]) {
		rt_buf_adds(f->msg, "ValueError: incomplete format");
		return -1;
	}
	if (!next_arg(f, &is_dict))
		return -1;
	type = is_dict ? "dict" : "str";
	ch = pystr_u8_get(s + *i, &len);
	switch (ch) {
	case 's': case 'r': case 'a':
		if (is_dict)
			rt_buf_adds(&text, "{'here': ");
		if (ch == 's' && !is_dict)
			rt_buf_adds(&text, f->here);
		else if (ch == 'a')
			ascii_of(&text, f->here);
		else
			pystr_repr_buf(&text, f->here, strlen(f->here));
		if (is_dict)
			rt_buf_addch(&text, '}');
		put_padded(out, text.buf, prec, width, left);
		rc = 0;
		break;
	case 'd': case 'i': case 'u':
		rt_buf_addf(f->msg, "TypeError: %%%c format: a real number is "
			    "required, not %s", (char)ch, type);
		break;
	case 'x': case 'X': case 'o':
		rt_buf_addf(f->msg, "TypeError: %%%c format: an integer is "
			    "required, not %s", (char)ch, type);
		break;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
		rt_buf_addf(f->msg, "TypeError: must be real number, not %s",
			    type);
		break;
	case 'c':
		if (is_dict || cps(f->here, strlen(f->here)) != 1) {
			rt_buf_adds(f->msg, "TypeError: %c requires int or "
				    "char");
			break;
		}
		put_padded(out, f->here, -1, width, left);
		rc = 0;
		break;
	default:
		rt_buf_addf(f->msg, "ValueError: unsupported format character "
			    "'%c' (0x%x) at index %zu", ch >= 31 && ch <= 126 ?
			    (char)ch : '?', (unsigned)ch, cps(s, *i));
		break;
	}
	*i += len;
	rt_buf_release(&text);
	return rc;
}

/* s % {'here': here}: 0, or -1 and the exception in msg. */
static int percent_format(const char **out, struct rt_arena *a,
			  const char *s, const char *here, struct rt_buf *msg)
{
	struct fmt f = { here, true, true, msg };
	struct rt_buf b = RT_BUF_INIT;
	size_t i = 0;
	int rc = 0;

	while (s[i] && !rc) {
		if (s[i] != '%') {
			rt_buf_addch(&b, s[i++]);
		} else if (s[i + 1] == '%') {
			rt_buf_addch(&b, '%');
			i += 2;
		} else {
			i++;
			rc = format_arg(&f, &b, s, &i);
		}
	}
	if (!rc)
		*out = arena_strndup(a, b.buf, b.len);
	rt_buf_release(&b);
	return rc;
}

/* ---- _get_toml_config_value ---- */

/* A copy of v, a string, %-formatted; else the TypeError of `v % d`. */
static int format_str(const struct toml_value **out, const struct pyproject *p,
		      const struct toml_value *v, struct rt_err *err)
{
	struct rt_buf msg = RT_BUF_INIT;
	struct toml_value *nv;
	struct rt_loc loc = pyproject_loc(p, v);
	int rc = 0;

	if (v->type != TOML_STRING)
		return rt_errf(err, RT_ECONFIG, &loc, "TypeError: unsupported "
			       "operand type(s) for %%: '%s' and 'dict'",
			       toml_type_name(v->type));
	nv = arena_memdup(p->a, v, sizeof(*v));
	if (percent_format(&nv->str, p->a, v->str, p->here, &msg) < 0)
		rc = rt_errf(err, RT_ECONFIG, &loc, "%s", msg.buf);
	rt_buf_release(&msg);
	*out = nv;
	return rc;
}

/* {k: v % toml_args for k, v in t.items()} */
static int format_table(const struct toml_value **out,
			const struct pyproject *p, const struct toml_value *t,
			struct rt_err *err)
{
	struct toml_value *nt;
	struct toml_table *tab;
	const struct toml_value *v;
	size_t i;
	int rc;

	if (t->type != TOML_TABLE) {
		struct rt_loc loc = pyproject_loc(p, t);

		return rt_errf(err, RT_ECONFIG, &loc, "AttributeError: '%s' "
			       "object has no attribute 'items'",
			       toml_type_name(t->type));
	}
	nt = arena_memdup(p->a, t, sizeof(*t));
	tab = arena_alloc(p->a, sizeof(*tab));
	tab->n = tab->alloc = t->table->n;
	tab->keys = arena_alloc(p->a, (tab->n + 1) * sizeof(*tab->keys));
	tab->vals = arena_alloc(p->a, (tab->n + 1) * sizeof(*tab->vals));
	if (tab->n)
		memcpy(tab->keys, t->table->keys, tab->n * sizeof(*tab->keys));
	strmap_init_arena(&tab->index, p->a);
	for (i = 0; i < tab->n; i++) {
		if ((rc = format_str(&v, p, t->table->vals[i], err)) < 0)
			return rc;
		tab->vals[i] = (struct toml_value *)v;
		strmap_put(&tab->index, tab->keys[i], tab->vals[i]);
	}
	nt->table = tab;
	*out = nt;
	return 0;
}

int pyproject_raw(const struct toml_value **out, const struct pyproject *p,
		  const char *key, struct rt_err *err)
{
	struct rt_loc loc;

	if (!p)
		return RT_ENOTFOUND;
	if (!p->doc)	/* the error kept from pyproject_open() */
		return rt_errf(err, p->err.code, p->err.loc.file ?
			       &p->err.loc : NULL, "%s", p->err.msg);
	if (p->tool && p->tool->type != TOML_TABLE) {
		loc = pyproject_loc(p, p->tool);
		return rt_errf(err, RT_ECONFIG, &loc, "AttributeError: '%s' "
			       "object has no attribute 'get'",
			       toml_type_name(p->tool->type));
	}
	if (p->alembic && p->alembic->type != TOML_TABLE)
		return rt_errf(err, RT_ECOMMAND, NULL, "Incorrect TOML format");
	if (!p->alembic || !(*out = toml_get(p->alembic->table, key)))
		return RT_ENOTFOUND;
	return 0;
}

int pyproject_value(const struct toml_value **out, const struct pyproject *p,
		    const char *key, struct rt_err *err)
{
	const struct toml_value *v = NULL, *item = NULL;
	struct toml_value *nl;
	size_t i;
	int rc;

	if ((rc = pyproject_raw(&v, p, key, err)) < 0)
		return rc;
	switch (v->type) {
	case TOML_STRING:
		return format_str(out, p, v, err);
	case TOML_ARRAY:
		nl = arena_memdup(p->a, v, sizeof(*v));
		nl->items = arena_alloc(p->a, (v->nitems + 1) *
					sizeof(*nl->items));
		nl->allocitems = v->nitems;
		/* a list of tables if it starts with one, else of strings */
		for (i = 0; i < v->nitems; i++) {
			if (v->items[0]->type == TOML_TABLE)
				rc = format_table(&item, p, v->items[i], err);
			else
				rc = format_str(&item, p, v->items[i], err);
			if (rc < 0)
				return rc;
			nl->items[i] = (struct toml_value *)item;
		}
		*out = nl;
		return 0;
	case TOML_TABLE:
		return format_table(out, p, v, err);
	case TOML_INTEGER:
	case TOML_BOOL:
		*out = v;
		return 0;
	case TOML_FLOAT:
	case TOML_DATETIME:
	case TOML_DATE:
	case TOML_TIME:
		break;
	}
	return rt_errf(err, RT_ECOMMAND, NULL, "unsupported TOML value type "
		       "for key: %s", pystr_repr(p->a, key, strlen(key)));
}
