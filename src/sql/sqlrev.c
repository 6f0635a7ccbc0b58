/*
 * sqlrev.c: reads the "-- key: value" header of a .sql revision file and
 * finds its "-- upgrade" / "-- downgrade" sections (docs/revision-files.md).
 */
#include "sqlrev.h"
#include "base/srcmap.h"

#include <ctype.h>
#include <strings.h>

enum sql_key {
	K_REVISION, K_DOWN, K_LABELS, K_DEPS, K_MESSAGE, K_TRANSACTION,
	K__COUNT
};

static const char *const key_names[K__COUNT] = {
	"revision", "down_revision", "branch_labels", "depends_on", "message",
	"transaction",
};

struct sqlrd {
	const char *file, *src;
	size_t len;
	struct rt_arena *a;
	struct rt_err *err;
	size_t lineno;			/* of the current line */
	size_t val_off[K__COUNT];	/* 0: key not seen */
	size_t val_len[K__COUNT];
	int key_line[K__COUNT];
	int first_up, first_down;	/* marker lines */
	struct sqlrev_section *cur;
};

static int sql_err(struct sqlrd *r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int sql_err(struct sqlrd *r, size_t off, const char *fmt, ...)
{
	struct rt_loc loc = rt_loc_at(r->file, r->src, off);
	va_list ap;

	va_start(ap, fmt);
	rt_verrf(r->err, RT_ESYNTAX, &loc, fmt, ap);
	va_end(ap);
	return RT_ESYNTAX;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim [*b, *e) of blanks. */
static void trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && is_blank(s[*b]))
		(*b)++;
	while (*e > *b && is_blank(s[*e - 1]))
		(*e)--;
}

/* 1: upgrade marker, 2: downgrade marker, 0: neither. */
static int marker_kind(const char *s, size_t b, size_t e)
{
	static const char *const up[] = { "upgrade", "migrate:up", "up" };
	static const char *const down[] = {
		"downgrade", "migrate:down", "down",
	};
	size_t i, n;

	if (e - b < 2 || s[b] != '-' || s[b + 1] != '-')
		return 0;
	b += 2;
	while (b < e && is_blank(s[b]))
		b++;
	n = e - b;
	for (i = 0; i < RT_ARRAY_SIZE(up); i++) {
		if (n == strlen(up[i]) && !strncasecmp(s + b, up[i], n))
			return 1;
		if (n == strlen(down[i]) && !strncasecmp(s + b, down[i], n))
			return 2;
	}
	return 0;
}

static int start_section(struct sqlrd *r, struct sqlrev_header *out,
			 int kind, size_t line_off, size_t next)
{
	int *first = kind == 1 ? &r->first_up : &r->first_down;

	if (*first)
		return sql_err(r, line_off, "duplicate %s section (expected "
			       "one; the first starts at line %d)",
			       kind == 1 ? "upgrade" : "downgrade", *first);
	*first = rt_loc_int(r->lineno);
	if (r->cur)
		r->cur->len = line_off - r->cur->off;
	r->cur = kind == 1 ? &out->upgrade : &out->downgrade;
	r->cur->present = true;
	r->cur->off = next;
	r->cur->line = rt_loc_int(r->lineno + 1);
	return 0;
}

/* "-- key: value" before the first section. */
static int header_line(struct sqlrd *r, size_t b, size_t e)
{
	const char *s = r->src;
	size_t k, ke, v;
	int i;

	k = b + 2;
	while (k < e && is_blank(s[k]))
		k++;
	if (k == e)
		return 0;	/* a bare "--" */
	for (ke = k; ke < e && (s[ke] == '_' || isalnum((unsigned char)
								s[ke])); ke++)
		;
	v = ke;
	while (v < e && is_blank(s[v]))
		v++;
	if (ke == k || v >= e || s[v] != ':')
		return sql_err(r, b, "expected a header comment such as "
			       "'-- revision: ID' or a section marker such "
			       "as '-- upgrade', found '%.*s'",
			       (int)(e - b > 60 ? 60 : e - b), s + b);
	for (i = 0; i < K__COUNT; i++)
		if (strlen(key_names[i]) == ke - k &&
		    !strncasecmp(s + k, key_names[i], ke - k))
			break;
	if (i == K__COUNT)
		return sql_err(r, k, "unknown header key '%.*s' (expected "
			       "revision, down_revision, branch_labels, "
			       "depends_on, message or transaction)",
			       (int)(ke - k > 60 ? 60 : ke - k), s + k);
	if (r->key_line[i])
		return sql_err(r, k, "duplicate header key '%s' (expected "
			       "it once; first given at line %d)",
			       key_names[i], r->key_line[i]);
	v++;
	trim(s, &v, &e);
	r->key_line[i] = rt_loc_int(r->lineno);
	r->val_off[i] = v;
	r->val_len[i] = e - v;
	return 0;
}

static int scan_lines(struct sqlrd *r, struct sqlrev_header *out)
{
	const char *s = r->src;
	size_t p = 0, e, b, next;
	int kind, rc;

	if (r->len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		p = 3;
	for (r->lineno = 1; p < r->len; p = next, r->lineno++) {
		const char *nl = memchr(s + p, '\n', r->len - p);

		e = nl ? (size_t)(nl - s) : r->len;
		next = nl ? e + 1 : r->len;
		b = p;
		trim(s, &b, &e);
		if ((kind = marker_kind(s, b, e))) {
			if ((rc = start_section(r, out, kind, p, next)) < 0)
				return rc;
			continue;
		}
		if (r->cur || b == e)
			continue;
		if (e - b >= 2 && s[b] == '-' && s[b + 1] == '-') {
			if ((rc = header_line(r, b, e)) < 0)
				return rc;
			continue;
		}
		return sql_err(r, b, "unexpected text before the first "
			       "section (expected a '-- key: value' header "
			       "comment, a blank line or a section marker "
			       "such as '-- upgrade')");
	}
	if (r->cur)
		r->cur->len = r->len - r->cur->off;
	return 0;
}

/* Split a "-- key:" value on commas ("" or None: no ids). */
static int split_ids(const char ***out, size_t *n, struct sqlrd *r, int key)
{
	const char *s = r->src;
	size_t b = r->val_off[key], e = b + r->val_len[key], p, q, cnt = 1;
	const char **v;

	*out = NULL;
	*n = 0;
	if (b == e || (e - b == 4 && !memcmp(s + b, "None", 4)))
		return 0;
	for (p = b; p < e; p++)
		cnt += s[p] == ',';
	v = arena_alloc(r->a, cnt * sizeof(*v));
	for (p = b; p <= e; p = q + 1) {
		size_t ib, ie;

		for (q = p; q < e && s[q] != ','; q++)
			;
		ib = p;
		ie = q;
		trim(s, &ib, &ie);
		if (ib == ie)
			return sql_err(r, ib, "empty name in the %s list "
				       "(expected NAME[, NAME...])",
				       key_names[key]);
		for (size_t i = ib; i < ie; i++)
			if (is_blank(s[i]))
				return sql_err(r, i, "expected ',' between "
					       "the names of %s",
					       key_names[key]);
		v[(*n)++] = arena_strndup(r->a, s + ib, ie - ib);
	}
	*out = v;
	return 0;
}

static int check_required(struct sqlrd *r, int key)
{
	if (r->key_line[key])
		return 0;
	return sql_err(r, 0, "missing '-- %s:' header (expected it before "
		       "the first section)", key_names[key]);
}

static int take_values(struct sqlrd *r, struct sqlrev_header *out)
{
	size_t n;
	int rc;

	if ((rc = check_required(r, K_REVISION)) < 0 ||
	    (rc = check_required(r, K_DOWN)) < 0 ||
	    (rc = split_ids(&out->down, &out->ndown, r, K_DOWN)) < 0 ||
	    (rc = split_ids(&out->labels, &out->nlabels, r, K_LABELS)) < 0 ||
	    (rc = split_ids(&out->deps, &out->ndeps, r, K_DEPS)) < 0)
		return rc;
	n = r->val_len[K_REVISION];
	if (!n || memchr(r->src + r->val_off[K_REVISION], ',', n) ||
	    strpbrk(arena_strndup(r->a, r->src + r->val_off[K_REVISION], n),
		    " \t"))
		return sql_err(r, r->val_off[K_REVISION], "expected a single "
			       "revision id after '-- revision:'");
	/* "-- transaction: none" (revscript.c acts on it) */
	n = r->val_len[K_TRANSACTION];
	if (r->key_line[K_TRANSACTION] &&
	    (n != 4 || strncasecmp(r->src + r->val_off[K_TRANSACTION], "none",
				   4)))
		return sql_err(r, r->val_off[K_TRANSACTION], "expected 'none' "
			       "after '-- transaction:'");
	n = r->val_len[K_REVISION];
	out->id = arena_strndup(r->a, r->src + r->val_off[K_REVISION], n);
	out->loc = rt_loc_at(r->file, r->src, r->val_off[K_REVISION]);
	out->message = arena_strndup(r->a, r->src + r->val_off[K_MESSAGE],
				     r->val_len[K_MESSAGE]);
	return 0;
}

int sqlrev_parse(struct sqlrev_header *out, struct rt_arena *a,
		 const char *file, const char *src, size_t len,
		 struct rt_err *err)
{
	struct sqlrd r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.file = file;
	r.src = src;
	r.len = len;
	r.a = a;
	r.err = err;
	memset(out, 0, sizeof(*out));
	if ((rc = scan_lines(&r, out)) < 0)
		return rc;
	return take_values(&r, out);
}
