/*
 * arena.c: a bump allocator over a list of blocks; in RT_ARENA_DEBUG
 * mode every allocation is a separate malloc on a list.
 */
#include "arena.h"

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN (sizeof(max_align_t))

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct rt_arena {
	struct arena_block *head;
};

struct rt_arena *arena_new(void)
{
	return rt_xcalloc(1, sizeof(struct rt_arena));
}

void arena_free(struct rt_arena *a)
{
	struct arena_block *b, *next;

	if (!a)
		return;
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

void *arena_alloc(struct rt_arena *a, size_t n)
{
	struct arena_block *b;
	void *p;

	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (!n)
		n = ARENA_ALIGN;
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
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct rt_arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

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
	void *q = arena_alloc(a, n);

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
