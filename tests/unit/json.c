/*
 * json.c: the test suites' JSON reader (recursive descent, RFC 8259,
 * \u escapes including surrogate pairs), in the unit_support library.
 */
#include "json.h"

#include "base/buf.h"

#include <ctype.h>

struct jp {
	const char *s;
	bool bad;
};

static struct json *jp_value(struct jp *p);

static void jp_ws(struct jp *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' ||
	       *p->s == '\r')
		p->s++;
}

static struct json *jp_new(enum json_type t)
{
	struct json *j = rt_xcalloc(1, sizeof(*j));

	j->type = t;
	return j;
}

static void jp_utf8(struct rt_buf *b, unsigned long cp)
{
	if (cp < 0x80) {
		rt_buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		rt_buf_addch(b, (int)(0xc0 | (cp >> 6)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		rt_buf_addch(b, (int)(0xe0 | (cp >> 12)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		rt_buf_addch(b, (int)(0xf0 | (cp >> 18)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	}
}

static unsigned long jp_hex4(struct jp *p)
{
	char h[5] = { 0 };

	for (int i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)p->s[i])) {
			p->bad = true;
			return 0;
		}
		h[i] = p->s[i];
	}
	p->s += 4;
	return strtoul(h, NULL, 16);
}

static char *jp_string(struct jp *p)
{
	struct rt_buf b = RT_BUF_INIT;

	p->s++;		/* opening quote */
	while (*p->s && *p->s != '"' && !p->bad) {
		char c = *p->s++;
		unsigned long cp;

		if (c != '\\') {
			rt_buf_addch(&b, c);
			continue;
		}
		c = *p->s++;
		switch (c) {
		case 'n': rt_buf_addch(&b, '\n'); break;
		case 't': rt_buf_addch(&b, '\t'); break;
		case 'r': rt_buf_addch(&b, '\r'); break;
		case 'b': rt_buf_addch(&b, '\b'); break;
		case 'f': rt_buf_addch(&b, '\f'); break;
		case '/': case '\\': case '"': rt_buf_addch(&b, c); break;
		case 'u':
			cp = jp_hex4(p);
			if (cp >= 0xd800 && cp < 0xdc00 && p->s[0] == '\\' &&
			    p->s[1] == 'u') {
				unsigned long lo;

				p->s += 2;
				lo = jp_hex4(p);
				cp = 0x10000 + ((cp - 0xd800) << 10) +
					(lo - 0xdc00);
			}
			jp_utf8(&b, cp);
			break;
		default:
			p->bad = true;
		}
	}
	if (*p->s != '"')
		p->bad = true;
	else
		p->s++;
	return rt_buf_detach(&b, NULL);
}

static struct json *jp_container(struct jp *p, bool object)
{
	struct json *j = jp_new(object ? JSON_OBJECT : JSON_ARRAY);
	size_t alloc = 0, kalloc = 0;
	char close = object ? '}' : ']';

	p->s++;
	jp_ws(p);
	if (*p->s == close) {
		p->s++;
		return j;
	}
	while (!p->bad) {
		jp_ws(p);
		if (object) {
			if (*p->s != '"') {
				p->bad = true;
				break;
			}
			RT_ALLOC_GROW(j->keys, j->n + 1, kalloc);
			j->keys[j->n] = jp_string(p);
			jp_ws(p);
			if (*p->s++ != ':') {
				p->bad = true;
				free(j->keys[j->n]);
				break;
			}
		}
		RT_ALLOC_GROW(j->items, j->n + 1, alloc);
		j->items[j->n++] = jp_value(p);
		jp_ws(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s == close)
			p->s++;
		else
			p->bad = true;
		break;
	}
	return j;
}

static struct json *jp_value(struct jp *p)
{
	struct json *j;
	char *end;

	jp_ws(p);
	switch (*p->s) {
	case '{':
		return jp_container(p, true);
	case '[':
		return jp_container(p, false);
	case '"':
		j = jp_new(JSON_STRING);
		j->str = jp_string(p);
		return j;
	case 't':
	case 'f':
		j = jp_new(JSON_BOOL);
		j->b = *p->s == 't';
		if (strncmp(p->s, j->b ? "true" : "false", j->b ? 4 : 5))
			p->bad = true;
		p->s += j->b ? 4 : 5;
		return j;
	case 'n':
		if (strncmp(p->s, "null", 4))
			p->bad = true;
		else
			p->s += 4;
		return jp_new(JSON_NULL);
	default:
		j = jp_new(JSON_NUMBER);
		j->num = strtod(p->s, &end);
		if (end == p->s)
			p->bad = true;
		p->s = end;
		return j;
	}
}

struct json *json_parse(const char *text)
{
	struct jp p = { text, false };
	struct json *j = jp_value(&p);

	jp_ws(&p);
	if (p.bad || *p.s) {
		json_free(j);
		return NULL;
	}
	return j;
}

void json_free(struct json *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++) {
		json_free(j->items[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
	free(j);
}

const struct json *json_get(const struct json *j, const char *key)
{
	if (!j || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (!strcmp(j->keys[i], key))
			return j->items[i];
	return NULL;
}
