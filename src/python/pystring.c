/*
 * pystring.c: string literals in expressions: adjacent str/bytes
 * constants, and f-strings with their replacement fields, each field's
 * expression parsed by a sub-parser over its source range.
 */
#include "pyparse_int.h"

/* Skip a quoted string inside an f-string field; returns its end. */
static size_t skip_quoted(const char *s, size_t i, size_t end)
{
	char q = s[i];
	bool triple = i + 2 < end && s[i + 1] == q && s[i + 2] == q;

	i += triple ? 3 : 1;
	while (i < end) {
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] == q && (!triple || (i + 2 < end && s[i + 1] == q &&
					      s[i + 2] == q)))
			return i + (triple ? 3 : 1);
		i++;
	}
	return end;
}

size_t pp_field_expr_end(const char *s, size_t i, size_t end)
{
	int depth = 0;

	while (i < end) {
		char c = s[i];

		if (c == '\'' || c == '"') {
			i = skip_quoted(s, i, end);
			continue;
		}
		if (c == '(' || c == '[' || c == '{')
			depth++;
		else if ((c == ')' || c == ']' || c == '}') && depth)
			depth--;
		else if (!depth && (c == '}' || c == ':'))
			return i;
		else if (!depth && c == '!' && !(i + 1 < end &&
						 s[i + 1] == '='))
			return i;
		else if (!depth && c == '=' && i + 1 < end &&
			 s[i + 1] != '=' && !strchr("=!<>", s[i - 1]))
			return i;
		i++;
	}
	return end;
}

/* An f-string field: a sub-parser whose error kind flows back to p. */
static int parse_sub_expr(struct parser *p, struct py_node **out,
			  size_t start, size_t end)
{
	struct parser sub;
	int rc;

	rc = pp_start_expr(&sub, p->a, p->lx.file, p->lx.src, start, end,
			   p->err);
	sub.depth = p->depth;
	sub.height = p->height;
	if (!rc)
		rc = pp_expr_range(&sub, out, start);
	p->unsupported |= sub.unsupported;
	p->lexerr |= sub.lexerr;
	return rc;
}

/* A PYN_FSTRING of the parts, over the source text [off, end). */
static struct py_node *fstring_node(struct parser *p, size_t off,
				    size_t end, const struct nodevec *parts)
{
	struct py_node *fs = pp_node(p, PYN_FSTRING, off);
	size_t i, j = 0;
	struct py_list *l = &fs->kids;

	fs->s = arena_strndup(p->a, p->lx.src + off, end - off);
	fs->slen = end - off;
	*l = parts->l;
	/* Merge adjacent literal parts. */
	for (i = 0; i < l->n; i++) {
		struct py_node *cur = l->v[i];

		if (j && cur->kind == PYN_STR && l->v[j - 1]->kind == PYN_STR) {
			struct py_node *prev = l->v[j - 1];
			char *s = arena_alloc(p->a, prev->slen + cur->slen + 1);

			memcpy(s, prev->s, prev->slen);
			memcpy(s + prev->slen, cur->s, cur->slen);
			prev->s = s;
			prev->slen += cur->slen;
			continue;
		}
		l->v[j++] = cur;
	}
	l->n = j;
	return fs;
}

/* A literal part [off, len) of an f-string, decoded (flags: PYSTR_*). */
static int add_literal(struct parser *p, struct nodevec *parts, size_t off,
		       size_t len, unsigned flags)
{
	struct rt_buf b = RT_BUF_INIT;
	struct py_node *n = NULL;
	int rc;

	if (!len)
		return 0;
	rc = pylex_str_decode(&b, &p->lx, flags, off, len, p->err);
	if (!rc) {
		n = pp_node(p, PYN_STR, off);
		n->s = arena_strndup(p->a, b.buf, b.len);
		n->slen = b.len;
		pp_push(p, parts, n);
	}
	rt_buf_release(&b);
	return rc;
}

static int parse_fstring_body(struct parser *p, struct nodevec *parts,
			      size_t off, size_t end, unsigned flags);

/* One replacement field {expr!c:spec} at i; *next: just after it. */
static int parse_field(struct parser *p, struct nodevec *parts, size_t i,
		       size_t end, unsigned flags, size_t *next)
{
	const char *s = p->lx.src;
	struct py_node *f = pp_node(p, PYN_FIELD, i);
	size_t e = pp_field_expr_end(s, i + 1, end), k;
	struct nodevec spec = NODEVEC_INIT;
	int depth, rc;

	if (e >= end)
		return pp_err(p, i, "f-string: expecting '}'");
	if (s[e] == '=')
		return pp_unsupported(p, e, "f-string '=' specifier");
	f->s = arena_strndup(p->a, s + i + 1, e - i - 1);
	f->slen = e - i - 1;
	if ((rc = parse_sub_expr(p, &f->a, i + 1, e)) < 0)
		return rc;
	if (s[e] == '!') {
		if (e + 1 >= end || !strchr("rsa", s[e + 1]) || !s[e + 1])
			return pp_err(p, e, "f-string: invalid conversion "
				      "character (expected 'r', 's' or 'a')");
		f->op = s[e + 1];
		e += 2;
	}
	if (e < end && s[e] == ':') {
		for (k = e + 1, depth = 0; k < end; k++) {
			if (s[k] == '{')
				depth++;
			else if (s[k] == '}' && !depth--)
				break;
		}
		if ((rc = parse_fstring_body(p, &spec, e + 1, k, flags)) < 0)
			return rc;
		f->b = fstring_node(p, e + 1, k, &spec);
		e = k;
	}
	if (e >= end || s[e] != '}')
		return pp_err(p, e < end ? e : i, "f-string: expecting '}'");
	pp_push(p, parts, f);
	*next = e + 1;
	return 0;
}

/* The text of an f-string literal [off, end): literals and fields. */
static int parse_fstring_body(struct parser *p, struct nodevec *parts,
			      size_t off, size_t end, unsigned flags)
{
	const char *s = p->lx.src;
	size_t i = off, start = off;
	int rc;

	while (i < end) {
		char c = s[i];

		if (c == '\\' && !(flags & PYSTR_RAW)) {
			i += 2;
			continue;
		}
		if (c != '{' && c != '}') {
			i++;
			continue;
		}
		if (i + 1 < end && s[i + 1] == c) {
			if ((rc = add_literal(p, parts, start, i + 1 - start,
					      flags)) < 0)
				return rc;
			i += 2;
			start = i;
			continue;
		}
		if (c == '}')
			return pp_err(p, i, "f-string: single '}' is not "
				      "allowed (expected '}}')");
		if ((rc = add_literal(p, parts, start, i - start, flags)) < 0 ||
		    (rc = parse_field(p, parts, i, end, flags, &i)) < 0)
			return rc;
		start = i;
	}
	return add_literal(p, parts, start, end - start, flags);
}

int pp_strings(struct parser *p, struct py_node **out)
{
	struct py_token first = p->tok, last = p->tok, toks[64];
	struct nodevec parts = NODEVEC_INIT;
	size_t n = 0, off, len, i;
	unsigned flags, any = 0, allf = 0;
	struct py_node *nd;
	int rc;

	while (p->tok.type == PY_STRING) {
		if (n == RT_ARRAY_SIZE(toks))
			return pp_unsupported(p, p->tok.off, "more than 64 "
					      "adjacent string literals");
		pylex_str_parts(&flags, &off, &len, p->lx.src, &p->tok);
		any |= flags;
		allf |= (flags & PYSTR_BYTES);
		last = toks[n++] = p->tok;
		if ((rc = pp_advance(p)) < 0)
			return rc;
	}
	if (!(any & PYSTR_F)) {
		bool bytes;

		nd = pp_node(p, PYN_STR, first.off);
		rc = pylex_str_value(&nd->s, &nd->slen, &bytes, p->a, &p->lx,
				     toks, n, p->err);
		if (bytes)
			nd->kind = PYN_BYTES;
		*out = nd;
		return rc;
	}
	if (allf)
		return pp_err(p, first.off, "cannot mix bytes and nonbytes "
			      "literals");
	for (i = 0; i < n; i++) {
		pylex_str_parts(&flags, &off, &len, p->lx.src, &toks[i]);
		if (flags & PYSTR_F)
			rc = parse_fstring_body(p, &parts, off, off + len,
						flags);
		else
			rc = add_literal(p, &parts, off, len, flags);
		if (rc < 0)
			return rc;
	}
	*out = fstring_node(p, first.off, last.off + last.len, &parts);
	return 0;
}
