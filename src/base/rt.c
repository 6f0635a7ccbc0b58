/*
 * rt.c: the error type and the allocation wrappers of rt.h.
 */
#include "rt.h"

#include <ctype.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rt_verrf(struct rt_err *err, int code, const struct rt_loc *loc,
	     const char *fmt, va_list ap)
{
	if (!err || err->code)
		return code;
	err->code = code;
	if (loc) {
		err->loc = *loc;
		if (loc->file) {
			snprintf(err->file, sizeof(err->file), "%s", loc->file);
			err->loc.file = err->file;
		}
	}
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int rt_errf(struct rt_err *err, int code, const struct rt_loc *loc,
	    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_verrf(err, code, loc, fmt, ap);
	va_end(ap);
	return code;
}

void rt_err_clear(struct rt_err *err)
{
	memset(err, 0, sizeof(*err));
}

const char *rt_err_str(const struct rt_err *err, char *out, size_t outsz)
{
	const struct rt_loc *l = &err->loc;

	if (!l->file)
		snprintf(out, outsz, "%s", err->msg);
	else if (!l->line)
		snprintf(out, outsz, "%s: %s", l->file, err->msg);
	else if (!l->col)
		snprintf(out, outsz, "%s:%d: %s", l->file, l->line, err->msg);
	else
		snprintf(out, outsz, "%s:%d:%d: %s", l->file, l->line, l->col,
			 err->msg);
	return out;
}

int rt_asbool(const char *v)
{
	static const char *const yes[] = { "true", "yes", "on", "y", "t", "1" };
	static const char *const no[] = { "false", "no", "off", "n", "f", "0" };
	char w[8];
	size_t i, n;

	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n >= sizeof(w))
		return -1;
	for (i = 0; i < n; i++)
		w[i] = (char)tolower((unsigned char)v[i]);
	w[n] = '\0';
	for (i = 0; i < RT_ARRAY_SIZE(yes); i++) {
		if (!strcmp(w, yes[i]))
			return 1;
		if (!strcmp(w, no[i]))
			return 0;
	}
	return -1;
}

static void *oom(void)
{
	fputs("retort: out of memory\n", stderr);
	abort();
}

void *rt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : oom();
}

void *rt_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	return p ? p : oom();
}

void *rt_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	return q ? q : oom();
}

char *rt_xstrdup(const char *s)
{
	return rt_xstrndup(s, strlen(s));
}

char *rt_xstrndup(const char *s, size_t n)
{
	char *p = rt_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
