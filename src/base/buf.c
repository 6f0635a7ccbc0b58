/*
 * buf.c: struct rt_buf.
 */
#include "buf.h"

char rt_buf_empty[1];

void rt_buf_init(struct rt_buf *b, size_t hint)
{
	b->buf = rt_buf_empty;
	b->len = b->alloc = 0;
	if (hint)
		rt_buf_grow(b, hint);
}

void rt_buf_release(struct rt_buf *b)
{
	if (b->alloc)
		free(b->buf);
	rt_buf_init(b, 0);
}

void rt_buf_reset(struct rt_buf *b)
{
	rt_buf_setlen(b, 0);
}

void rt_buf_setlen(struct rt_buf *b, size_t len)
{
	b->len = len;
	if (b->alloc)
		b->buf[len] = '\0';
}

void rt_buf_grow(struct rt_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->alloc)
		return;
	if (!b->alloc)
		b->buf = NULL;
	if (need < b->alloc * 2)
		need = b->alloc * 2;
	if (need < 64)
		need = 64;
	b->buf = rt_xrealloc(b->buf, need);
	if (!b->alloc)
		b->buf[0] = '\0';
	b->alloc = need;
}

void rt_buf_add(struct rt_buf *b, const void *p, size_t n)
{
	rt_buf_grow(b, n);
	memcpy(b->buf + b->len, p, n);
	rt_buf_setlen(b, b->len + n);
}

void rt_buf_adds(struct rt_buf *b, const char *s)
{
	rt_buf_add(b, s, strlen(s));
}

void rt_buf_addch(struct rt_buf *b, int c)
{
	char ch = (char)c;

	rt_buf_add(b, &ch, 1);
}

void rt_buf_vaddf(struct rt_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	rt_buf_grow(b, (size_t)n);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	rt_buf_setlen(b, b->len + (size_t)n);
}

void rt_buf_addf(struct rt_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *rt_buf_detach(struct rt_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc)
		rt_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	rt_buf_init(b, 0);
	return s;
}

void rt_buf_join(struct rt_buf *b, const char *const *v, size_t n,
		 const char *sep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(b, sep);
		rt_buf_adds(b, v[i]);
	}
}
