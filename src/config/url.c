/*
 * url.c: SQLAlchemy URL parsing (SQLAlchemy 1.4 engine/url.py _parse_url),
 * percent-decoding, masked rendering and the URL precedence.
 */
#include "url.h"

#include "base/buf.h"

#include <ctype.h>
#include <strings.h>

/* The secret query values of raw URL text hidden: in each "?k=v" or
 * "&k=v" whose k url_secret_key() names, v up to the next '&' becomes
 * "***". */
static const char *mask_query(struct rt_arena *a, const char *text)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *p = text, *q = strchr(text, '?');
	char *out;

	if (!q)
		return text;
	while ((q = strpbrk(q, "?&"))) {
		size_t kl = strcspn(q + 1, "=&");
		char *key = arena_strndup(a, q + 1, kl);

		q += 1 + kl;
		if (*q != '=' || !url_secret_key(key))
			continue;
		rt_buf_addf(&b, "%.*s=***", (int)(q - p), p);
		p = q + 1 + strcspn(q + 1, "&");
		q = p;
	}
	if (!b.len)
		return text;
	rt_buf_adds(&b, p);
	out = arena_strdup(a, b.buf);
	rt_buf_release(&b);
	return out;
}

/* The text with a password-like part (from the ':' after the user to
 * the last '@') and the secret query values hidden: for messages about
 * URLs that could not be parsed.  A leading "scheme:/" or "scheme://"
 * is skipped. */
static const char *mask_raw(struct rt_arena *a, const char *text)
{
	const char *p = text, *at = strrchr(text, '@'), *colon;

	while (isalnum((unsigned char)*p) || *p == '_' || *p == '+')
		p++;
	if (p[0] == ':' && p[1] == '/')
		p += strspn(p + 1, "/") + 1;
	else
		p = text;
	if (!at || at < p)
		return mask_query(a, text);
	colon = memchr(p, ':', (size_t)(at - p));
	if (!colon)
		return mask_query(a, text);
	return mask_query(a, arena_printf(a, "%.*s:***%s",
					  (int)(colon - text), text, at));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode s[0..n) into an arena string, like Python's unquote():
 * a '%' not followed by two hex digits stays as it is.  With plus, '+'
 * is a space (unquote_plus).  A decoded NUL byte is refused (returns
 * NULL), since it would silently cut the string.
 */
static char *decode(struct rt_arena *a, const char *s, size_t n, bool plus)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			if (!hi && !lo)
				return NULL;
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (plus && s[i] == '+') {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

struct parse {
	struct rt_arena *a;
	const char *text;	/* the whole URL, for messages */
	const struct rt_loc *loc;
	struct rt_err *err;
	struct rt_url *u;
	const char *raw_db;	/* undecoded database, for rendering */
	size_t raw_db_len;
};

static int bad(struct parse *p, const char *what)
{
	return rt_errf(p->err, RT_ECONFIG, p->loc,
		       "%s in database URL '%s'", what,
		       mask_raw(p->a, p->text));
}

static int set_decoded(struct parse *p, const char **out, const char *s,
		       size_t n, bool plus)
{
	char *v = decode(p->a, s, n, plus);

	if (!v)
		return bad(p, "percent-encoded NUL byte");
	*out = v;
	return 0;
}

/*
 * The user info: `(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@`, with
 * the regex's backtracking: a password runs from the first ':' to the
 * next '@'; without one, the user name ends at the last '@' before the
 * first ':' or '/'.  Advances *s past the '@' when there is user info.
 */
static int parse_userinfo(struct parse *p, const char **s)
{
	const char *r = *s;
	size_t uend = strcspn(r, ":/");
	const char *at;

	if (r[uend] == ':' && (at = strchr(r + uend + 1, '@'))) {
		if (set_decoded(p, &p->u->user, r, uend, false) ||
		    set_decoded(p, &p->u->password, r + uend + 1,
				(size_t)(at - r - uend - 1), false))
			return p->err->code;
		*s = at + 1;
		return 0;
	}
	for (at = r + uend; at > r && at[-1] != '@'; at--)
		;
	if (at == r)
		return 0;
	if (set_decoded(p, &p->u->user, r, (size_t)(at - 1 - r), false))
		return p->err->code;
	*s = at;
	return 0;
}

static int parse_port(struct parse *p, const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]) || v > 65535)
			break;
		v = v * 10 + (s[i] - '0');
	}
	if (!n || i < n || v > 65535 || v == 0)
		return bad(p, arena_printf(p->a, "invalid port '%.*s'",
					   (int)n, s));
	p->u->port = (int)v;
	return 0;
}

/* `[ipv6]` or a name, then an optional `:port`. */
static int parse_hostport(struct parse *p, const char **s)
{
	const char *r = *s;
	size_t n;

	if (*r == '[') {
		size_t span = strcspn(r + 1, "/?");
		const char *close = NULL, *q;

		for (q = r + 1; q < r + 1 + span; q++)
			if (*q == ']')
				close = q;
		if (!close || close == r + 1)
			return bad(p, "unterminated IPv6 address");
		p->u->host = arena_strndup(p->a, r + 1,
					   (size_t)(close - r - 1));
		r = close + 1;
		if (*r && !strchr(":/?", *r))
			return bad(p, "unexpected text after IPv6 address");
	} else {
		n = strcspn(r, "/:?");
		if (n)
			p->u->host = arena_strndup(p->a, r, n);
		r += n;
	}
	if (*r == ':') {
		n = strcspn(r + 1, "/?");
		if (parse_port(p, r + 1, n))
			return p->err->code;
		r += 1 + n;
	}
	*s = r;
	return 0;
}

/* Python's parse_qsl(): '&'-separated, blank values dropped. */
static int parse_query(struct parse *p, const char *q)
{
	struct rt_url_param *v = NULL;
	size_t nr = 0, alloc = 0, i;

	while (*q) {
		size_t n = strcspn(q, "&");
		const char *eq = memchr(q, '=', n);
		struct rt_url_param prm;

		if (eq && eq + 1 < q + n) {
			if (set_decoded(p, &prm.key, q, (size_t)(eq - q),
					true) ||
			    set_decoded(p, &prm.value, eq + 1,
					(size_t)(q + n - eq - 1), true))
				goto fail;
			for (i = 0; i < nr; i++)
				if (!strcmp(v[i].key, prm.key)) {
					bad(p, arena_printf(p->a,
						"query parameter '%s' given "
						"more than once", prm.key));
					goto fail;
				}
			RT_ALLOC_GROW(v, nr + 1, alloc);
			v[nr++] = prm;
		}
		q += n;
		if (*q == '&')
			q++;
	}
	p->u->params = nr ? arena_memdup(p->a, v, nr * sizeof(*v)) : NULL;
	p->u->nparams = nr;
	free(v);
	return 0;
fail:
	free(v);
	return p->err->code;
}

static int parse_scheme(struct parse *p, const char **s)
{
	const char *r = *s, *plus;
	size_t n = 0;

	while (isalnum((unsigned char)r[n]) || r[n] == '_' || r[n] == '+')
		n++;
	if (!n || strncmp(r + n, "://", 3))
		return rt_errf(p->err, RT_ECONFIG, p->loc, "Could not parse "
			       "SQLAlchemy URL from string '%s'",
			       mask_raw(p->a, p->text));
	p->u->scheme = arena_strndup(p->a, r, n);
	plus = strchr(p->u->scheme, '+');
	if (plus) {
		p->u->dialect = arena_strndup(p->a, p->u->scheme,
					      (size_t)(plus - p->u->scheme));
		p->u->dbapi = plus + 1;
	} else {
		p->u->dialect = p->u->scheme;
	}
	*s = r + n + 3;
	return 0;
}

static int parse_database(struct parse *p, const char **s)
{
	const char *r = *s;
	size_t n;

	if (*r != '/')
		return 0;
	r++;
	n = strcspn(r, "?");
	if (set_decoded(p, &p->u->database, r, n, false))
		return p->err->code;
	p->raw_db = r;
	p->raw_db_len = n;
	*s = r + n;
	return 0;
}

static int param_cmp(const void *x, const void *y)
{
	const struct rt_url_param *a = x, *b = y;

	return strcmp(a->key, b->key);
}

/* SQLAlchemy's _sqla_url_quote(): only ':', '@' and '/' are escaped. */
static void add_userquoted(struct rt_buf *b, const char *s)
{
	for (; *s; s++)
		if (strchr(":@/", *s))
			rt_buf_addf(b, "%%%02X", (unsigned char)*s);
		else
			rt_buf_addch(b, *s);
}

/* Python's quote_plus(). */
static void add_quoteplus(struct rt_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("_.-~", c))
			rt_buf_addch(b, c);
		else if (c == ' ')
			rt_buf_addch(b, '+');
		else
			rt_buf_addf(b, "%%%02X", c);
	}
}

bool url_secret_key(const char *key)
{
	static const char *const words[] = { "password", "passwd",
		"passphrase", "secret", "token" };
	size_t i, j, n = strlen(key);

	for (i = 0; i < RT_ARRAY_SIZE(words); i++) {
		size_t w = strlen(words[i]);

		for (j = 0; j + w <= n; j++)
			if (!strncasecmp(key + j, words[i], w))
				return true;
	}
	return false;
}

bool url_has_secret(const struct rt_url *u)
{
	size_t i;

	if (u->password)
		return true;
	for (i = 0; i < u->nparams; i++)
		if (url_secret_key(u->params[i].key))
			return true;
	return false;
}

static void add_query(struct rt_buf *b, const struct rt_url *u)
{
	struct rt_url_param *sorted;
	size_t i;

	if (!u->nparams)
		return;
	sorted = rt_xmalloc(u->nparams * sizeof(*sorted));
	memcpy(sorted, u->params, u->nparams * sizeof(*sorted));
	qsort(sorted, u->nparams, sizeof(*sorted), param_cmp);
	for (i = 0; i < u->nparams; i++) {
		rt_buf_addch(b, i ? '&' : '?');
		add_quoteplus(b, sorted[i].key);
		rt_buf_addch(b, '=');
		if (url_secret_key(sorted[i].key))
			rt_buf_adds(b, "***");
		else
			add_quoteplus(b, sorted[i].value);
	}
	free(sorted);
}

static const char *render_masked(struct parse *p)
{
	const struct rt_url *u = p->u;
	struct rt_buf b = RT_BUF_INIT;
	char *s;

	rt_buf_addf(&b, "%s://", u->scheme);
	if (u->user) {
		add_userquoted(&b, u->user);
		if (u->password)
			rt_buf_adds(&b, ":***");
		rt_buf_addch(&b, '@');
	}
	if (u->host)
		rt_buf_addf(&b, strchr(u->host, ':') ? "[%s]" : "%s", u->host);
	if (u->port)
		rt_buf_addf(&b, ":%d", u->port);
	if (u->database)
		rt_buf_addf(&b, "/%.*s", (int)p->raw_db_len, p->raw_db);
	add_query(&b, u);
	s = arena_strdup(p->a, b.buf);
	rt_buf_release(&b);
	return s;
}

int url_parse(struct rt_url **out, struct rt_arena *a, const char *text,
	      const struct rt_loc *loc, struct rt_err *err)
{
	struct parse p = { a, text, loc, err, NULL, NULL, 0 };
	const char *s = text;
	int rc;

	p.u = arena_alloc(a, sizeof(*p.u));
	if ((rc = parse_scheme(&p, &s)) < 0 ||
	    (rc = parse_userinfo(&p, &s)) < 0 ||
	    (rc = parse_hostport(&p, &s)) < 0 ||
	    (rc = parse_database(&p, &s)) < 0 ||
	    (*s == '?' && (rc = parse_query(&p, s + 1)) < 0))
		return rc;
	p.u->masked = render_masked(&p);
	*out = p.u;
	return 0;
}

const char *url_masked(const struct rt_url *u)
{
	return u->masked;
}

const char *url_param(const struct rt_url *u, const char *key)
{
	size_t i;

	for (i = 0; i < u->nparams; i++)
		if (!strcmp(u->params[i].key, key))
			return u->params[i].value;
	return NULL;
}

int url_pick(const char **out, enum url_source *src, const char *option,
	     const char *env, const char *ini, struct rt_err *err)
{
	enum url_source s = URL_SRC_NONE;

	*out = NULL;
	if (option) {
		*out = option;
		s = URL_SRC_OPTION;
	} else if (env && *env) {
		*out = env;
		s = URL_SRC_ENV;
	} else if (ini) {
		*out = ini;
		s = URL_SRC_INI;
	}
	if (src)
		*src = s;
	if (!*out)
		return rt_errf(err, RT_ECONFIG, NULL,
			       "no database URL: use --url, set "
			       "RETORT_DATABASE_URL or set sqlalchemy.url in "
			       "the ini file");
	return 0;
}
