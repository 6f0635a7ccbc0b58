/*
 * pyfmt.c: Python's string building in the interpreter: str() and
 * repr() of literal values, '%' formatting, str.format() and f-strings
 * (conversions !s/!r; format specs and widths are unsupported).
 */
#include "pyinterp_int.h"
#include "base/pycompat.h"

static int seq_repr(struct rt_buf *b, struct pyi *r, const struct pyval *v,
		    size_t off)
{
	const char *open = v->kind == PV_LIST ? "[" : v->kind == PV_TUPLE ?
			   "(" : "{";
	size_t i;
	int rc;

	rt_buf_adds(b, open);
	for (i = 0; i < v->n; i++) {
		if (i)
			rt_buf_adds(b, ", ");
		if (v->kind == PV_DICT) {
			pyc_repr(b, v->keys[i]->s, v->keys[i]->slen);
			rt_buf_adds(b, ": ");
		}
		if ((rc = pyfmt_str(b, r, v->v[i], 'r', off)) < 0)
			return rc;
	}
	if (v->kind == PV_TUPLE && v->n == 1)
		rt_buf_addch(b, ',');
	rt_buf_adds(b, v->kind == PV_LIST ? "]" : v->kind == PV_TUPLE ? ")" :
		    "}");
	return 0;
}

int pyfmt_str(struct rt_buf *b, struct pyi *r, const struct pyval *v,
	      int conv, size_t off)
{
	switch (v->kind) {
	case PV_NONE:
		rt_buf_adds(b, "None");
		return 0;
	case PV_BOOL:
		rt_buf_adds(b, v->b ? "True" : "False");
		return 0;
	case PV_INT:
		rt_buf_addf(b, "%lld", v->i);
		return 0;
	case PV_FLOAT:
		rt_buf_adds(b, v->s);
		return 0;
	case PV_STR:
		if (conv == 'r')
			pyc_repr(b, v->s, v->slen);
		else
			rt_buf_add(b, v->s, v->slen);
		return 0;
	case PV_TEXT:
		if (conv == 'r')
			break;
		rt_buf_add(b, v->s, v->slen);	/* str(text(x)) is x */
		return 0;
	case PV_LIST:
	case PV_TUPLE:
	case PV_DICT:
		return seq_repr(b, r, v, off);
	default:
		break;
	}
	return pyi_unsupported(r, off, "%s() of a %s", conv == 'r' ? "repr" :
			       "str", pyv_type_name(v));
}

static struct pyval *detach(struct pyi *r, struct rt_buf *b, size_t off)
{
	struct pyval *v = pyv_new(r, PV_STR, off);

	v->s = arena_strndup(r->a, b->buf, b->len);
	v->slen = b->len;
	rt_buf_release(b);
	return v;
}

/* One %-conversion of v ('s', 'r', 'd', 'i'). */
static int percent_one(struct rt_buf *b, struct pyi *r, int conv,
		       const struct pyval *v, size_t off)
{
	if (conv == 's' || conv == 'r')
		return pyfmt_str(b, r, v, conv, off);
	if (v->kind == PV_INT || v->kind == PV_BOOL) {
		rt_buf_addf(b, "%lld", v->kind == PV_INT ? v->i :
			    (long long)v->b);
		return 0;
	}
	if (v->kind == PV_FLOAT) {
		rt_buf_addf(b, "%lld", (long long)strtod(v->s, NULL));
		return 0;
	}
	return pyi_error(r, off, "TypeError: %%%c format: a real number is "
			 "required, not %s", conv, pyv_type_name(v));
}

/* The value of %(key)s in a dict. */
static int dict_get(const struct pyval **out, struct pyi *r,
		    const struct pyval *d, const char *key, size_t klen,
		    size_t off)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->keys[i]->slen == klen &&
		    !memcmp(d->keys[i]->s, key, klen)) {
			*out = d->v[i];
			return 0;
		}
	return pyi_error(r, off, "KeyError: '%.*s'",
			 (int)(klen > 200 ? 200 : klen), key);
}

int pyfmt_percent(struct pyval **out, struct pyi *r, const struct pyval *fmt,
		  const struct pyval *args, size_t off)
{
	struct rt_buf b = RT_BUF_INIT;
	const struct pyval *v = NULL;
	const char *s = fmt->s, *e = fmt->s + fmt->slen, *key;
	size_t used = 0, nargs = args->kind == PV_TUPLE ? args->n : 1;
	bool mapping = false;
	int rc = 0;

	for (; s < e && rc == 0; s++) {
		if (*s != '%') {
			rt_buf_addch(&b, *s);
			continue;
		}
		if (++s == e) {
			rc = pyi_error(r, off, "ValueError: incomplete format");
			break;
		}
		if (*s == '%') {
			rt_buf_addch(&b, '%');
			continue;
		}
		if (*s == '(') {
			key = ++s;
			while (s < e && *s != ')')
				s++;
			if (s == e || args->kind != PV_DICT) {
				rc = pyi_error(r, off, "TypeError: format "
					       "requires a mapping");
				break;
			}
			mapping = true;
			if ((rc = dict_get(&v, r, args, key, (size_t)(s - key),
					   off)) < 0 || ++s == e)
				break;
		} else if (used < nargs) {
			v = args->kind == PV_TUPLE ? args->v[used] : args;
			used++;
		} else {
			rc = pyi_error(r, off, "TypeError: not enough "
				       "arguments for format string");
			break;
		}
		if (!strchr("srdi", *s)) {
			rc = pyi_unsupported(r, off, "the '%%' conversion "
					     "'%c' (retort formats %%s, %%r, "
					     "%%d and %%i)", *s);
			break;
		}
		rc = percent_one(&b, r, *s, v, off);
	}
	if (rc == 0 && !mapping && used < nargs && args->kind != PV_DICT)
		rc = pyi_error(r, off, "TypeError: not all arguments converted "
			       "during string formatting");
	if (rc < 0 || s < e) {
		rt_buf_release(&b);
		return rc < 0 ? rc : pyi_error(r, off, "ValueError: "
					       "incomplete format");
	}
	*out = detach(r, &b, off);
	return 0;
}

/* A replacement field {name!conv:spec} of str.format(). */
struct field {
	const char *name;
	size_t nlen;
	int conv;
	bool spec;
};

static int parse_field(struct field *f, struct pyi *r, const char **sp,
		       const char *e, size_t off)
{
	const char *s = *sp;

	memset(f, 0, sizeof(*f));
	f->name = s;
	while (s < e && *s != '}' && *s != '!' && *s != ':')
		s++;
	f->nlen = (size_t)(s - f->name);
	if (s < e && *s == '!' && s + 1 < e) {
		f->conv = s[1];
		s += 2;
	}
	if (s < e && *s == ':') {
		f->spec = s + 1 < e && s[1] != '}';
		while (s < e && *s != '}')
			s++;
	}
	if (s == e || *s != '}')
		return pyi_error(r, off, "ValueError: expected '}' before end "
				 "of string");
	*sp = s;
	if (f->conv && f->conv != 's' && f->conv != 'r')
		return pyi_unsupported(r, off, "the conversion '!%c'",
				       f->conv);
	if (f->spec)
		return pyi_unsupported(r, off, "a format spec in a "
				       "replacement field");
	if (memchr(f->name, '.', f->nlen) || memchr(f->name, '[', f->nlen))
		return pyi_unsupported(r, off, "attribute or index access in "
				       "a replacement field");
	return 0;
}

static int format_arg(const struct pyval **out, struct pyi *r,
		      const struct pyargs *x, const struct field *f,
		      size_t *autoidx, size_t off)
{
	const struct pyval *pos = x->v[0];
	char *end;
	long idx;

	if (f->nlen && !(f->name[0] >= '0' && f->name[0] <= '9'))
		return dict_get(out, r, x->kw, f->name, f->nlen, off);
	if (!f->nlen) {
		if (*autoidx == (size_t)-1)
			return pyi_error(r, off, "ValueError: cannot switch "
					 "from manual field specification to "
					 "automatic field numbering");
		idx = (long)(*autoidx)++;
	} else {
		if (*autoidx != 0 && *autoidx != (size_t)-1)
			return pyi_error(r, off, "ValueError: cannot switch "
					 "from automatic field numbering to "
					 "manual field specification");
		*autoidx = (size_t)-1;
		idx = strtol(f->name, &end, 10);
	}
	if ((size_t)idx >= pos->n)
		return pyi_error(r, off, "IndexError: Replacement index %ld "
				 "out of range for positional args tuple",
				 idx);
	*out = pos->v[idx];
	return 0;
}

int pyfmt_format(struct pyval **out, struct pyi *r, const struct pyval *fmt,
		 const struct py_node *call)
{
	static const char *const params[] = { "*args", "**", NULL };
	struct rt_buf b = RT_BUF_INIT;
	const char *s = fmt->s, *e = fmt->s + fmt->slen;
	const struct pyval *v = NULL;
	struct pyargs x;
	struct field f;
	size_t autoidx = 0;
	int rc;

	if ((rc = pyi_bind_args(&x, r, call, "format", params)) < 0)
		return rc;
	for (; s < e; s++) {
		if ((*s == '{' || *s == '}') && s + 1 < e && s[1] == *s) {
			rt_buf_addch(&b, *s++);
			continue;
		}
		if (*s == '}') {
			rt_buf_release(&b);
			return pyi_error(r, call->off, "ValueError: Single "
					 "'}' encountered in format string");
		}
		if (*s != '{') {
			rt_buf_addch(&b, *s);
			continue;
		}
		s++;
		if ((rc = parse_field(&f, r, &s, e, call->off)) < 0 ||
		    (rc = format_arg(&v, r, &x, &f, &autoidx,
				     call->off)) < 0 ||
		    (rc = pyfmt_str(&b, r, v, f.conv ? f.conv : 's',
				    call->off)) < 0) {
			rt_buf_release(&b);
			return rc;
		}
	}
	*out = detach(r, &b, call->off);
	return 0;
}

int pyfmt_fstring(struct pyval **out, struct pyi *r, const struct py_node *n)
{
	struct rt_buf b = RT_BUF_INIT;
	struct pyval *v;
	size_t i;
	int rc = 0;

	for (i = 0; i < n->kids.n && rc == 0; i++) {
		const struct py_node *k = n->kids.v[i];

		if (k->kind == PYN_STR) {
			rt_buf_add(&b, k->s, k->slen);
			continue;
		}
		if (k->b && (k->b->kids.n > 1 || (k->b->kids.n == 1 &&
		    (k->b->kids.v[0]->kind != PYN_STR ||
		     k->b->kids.v[0]->slen))))
			rc = pyi_unsupported(r, k->b->off, "a format spec in "
					     "an f-string");
		else if (k->op && k->op != 's' && k->op != 'r')
			rc = pyi_unsupported(r, k->off, "the conversion "
					     "'!%c'", k->op);
		else if ((rc = pyi_eval(&v, r, k->a)) == 0)
			rc = pyfmt_str(&b, r, v, k->op ? k->op : 's',
				       k->a->off);
	}
	if (rc < 0) {
		rt_buf_release(&b);
		return rc;
	}
	*out = detach(r, &b, n->off);
	return 0;
}
