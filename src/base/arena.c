/*
 * arena.c: a bump allocator over a list of blocks; in RT_ARENA_DEBUG
 * mode every allocation is a separate malloc on a list.
 */
#include "arena.h"

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN (_Alignof(max_align_t))

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct arena_hook {
	struct arena_hook *next;
	void (*fn)(void *);
	void *arg;
};

struct rt_arena {
	struct arena_block *head;
	struct arena_hook *hooks;
};

struct rt_arena *arena_new(void)
{
	return rt_xcalloc(1, sizeof(struct rt_arena));
}

void arena_free(struct rt_arena *a)
{
	struct arena_block *b, *next;

	struct arena_hook *h, *hnext;

	if (!a)
		return;
	for (h = a->hooks; h; h = hnext) {
		hnext = h->next;
		h->fn(h->arg);
		free(h);
	}
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

static struct arena_block *block_new(size_t size, struct arena_block *next)
{
	struct arena_block *b = rt_xmalloc(sizeof(*b) + size);

	b->next = next;
	b->used = 0;
	b->size = size;
	return b;
}

/* Memory for n bytes, not zeroed, at a multiple of align (a power of
 * two up to ARENA_ALIGN): strings need no more than 1. */
static void *alloc_raw(struct rt_arena *a, size_t n, size_t align)
{
	struct arena_block *b;
	void *p;

	if (a->head) {
		size_t u = (a->head->used + align - 1) & ~(align - 1);

		a->head->used = u < a->head->size ? u : a->head->size;
	}
	n = (n + align - 1) & ~(align - 1);
	if (!n)
		n = align;
#ifdef RT_ARENA_DEBUG
	a->head = b = block_new(n, a->head);
#else
	b = a->head;
	if (!b || b->size - b->used < n) {
		if (n > ARENA_BLOCK / 4) {
			/* big allocations get their own block behind the head */
			b = block_new(n, b ? b->next : NULL);
			if (a->head)
				a->head->next = b;
			else
				a->head = b;
		} else {
			a->head = b = block_new(ARENA_BLOCK, b);
		}
	}
#endif
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

void *arena_alloc(struct rt_arena *a, size_t n)
{
	void *p = alloc_raw(a, n, ARENA_ALIGN);

	memset(p, 0, n);
	return p;
}

void arena_on_free(struct rt_arena *a, void (*fn)(void *), void *arg)
{
	struct arena_hook *h = rt_xmalloc(sizeof(*h));

	h->next = a->hooks;
	h->fn = fn;
	h->arg = arg;
	a->hooks = h;
}

char *arena_strndup(struct rt_arena *a, const char *s, size_t n)
{
	char *p = alloc_raw(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct rt_arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(struct rt_arena *a, const void *p, size_t n)
{
	void *q = alloc_raw(a, n, ARENA_ALIGN);

	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_vprintf(struct rt_arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct rt_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
