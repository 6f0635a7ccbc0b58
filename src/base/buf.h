/*
 * buf.h: a growable string (git strbuf).  buf is never NULL and always
 * NUL-terminated; running out of memory aborts (rt_xrealloc()).
 */
#ifndef BUF_H
#define BUF_H

#include "rt.h"

struct rt_buf {
	char *buf;
	size_t len, alloc;
};

extern char rt_buf_empty[];
#define RT_BUF_INIT { rt_buf_empty, 0, 0 }

void rt_buf_init(struct rt_buf *b, size_t hint);
void rt_buf_release(struct rt_buf *b);
void rt_buf_reset(struct rt_buf *b);	/* len = 0, keeps memory */
void rt_buf_grow(struct rt_buf *b, size_t extra);
void rt_buf_add(struct rt_buf *b, const void *p, size_t n);
void rt_buf_adds(struct rt_buf *b, const char *s);
void rt_buf_addch(struct rt_buf *b, int c);
void rt_buf_addf(struct rt_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rt_buf_vaddf(struct rt_buf *b, const char *fmt, va_list ap);
void rt_buf_setlen(struct rt_buf *b, size_t len);

/* Hand the string to the caller (who frees it); b is reset. */
char *rt_buf_detach(struct rt_buf *b, size_t *len);

/* Append the n strings of v, with sep between each two. */
void rt_buf_join(struct rt_buf *b, const char *const *v, size_t n,
		 const char *sep);

#endif
