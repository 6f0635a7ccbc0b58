/*
 * arena.h: one arena per run (git mem-pool).  Source text, tokens, ASTs,
 * revisions and rendered SQL live here and are freed together.
 */
#ifndef ARENA_H
#define ARENA_H

#include "rt.h"

struct rt_arena;

/* A new, empty arena.  Never NULL (aborts on out-of-memory). */
struct rt_arena *arena_new(void);

/* Free the arena and everything allocated from it.  NULL is fine. */
void arena_free(struct rt_arena *a);

/*
 * Zero-filled memory aligned for any type, owned by the arena.  With
 * RT_ARENA_DEBUG every call is its own malloc so that ASan sees
 * overruns (git GIT_DEBUG_POOL).
 */
void *arena_alloc(struct rt_arena *a, size_t n);

/*
 * Call fn(arg) when a is freed (last registered, first called): for
 * what the arena's memory points into, such as a mapped file.
 */
void arena_on_free(struct rt_arena *a, void (*fn)(void *), void *arg);

/* Copies of strings, owned by the arena (always NUL-terminated). */
char *arena_strdup(struct rt_arena *a, const char *s);
char *arena_strndup(struct rt_arena *a, const char *s, size_t n);
char *arena_printf(struct rt_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct rt_arena *a, const char *fmt, va_list ap);

/* Copy n elements of size sz (memdup). */
void *arena_memdup(struct rt_arena *a, const void *p, size_t n);

#endif
