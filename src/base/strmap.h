/*
 * strmap.h: a hash map from NUL-terminated strings to pointers (open
 * addressing, FNV-1a).  Keys are borrowed: they must outlive the map.
 * The table is malloc'd (strmap_release() frees it) or, after
 * strmap_init_arena(), taken from an arena and never freed alone.
 */
#ifndef STRMAP_H
#define STRMAP_H

#include "arena.h"

struct strmap_slot {
	const char *key;
	void *value;
	uint32_t hash;
};

struct strmap {
	struct strmap_slot *slots;
	size_t nr, alloc;	/* alloc is 0 or a power of two */
	struct rt_arena *arena;	/* NULL: malloc'd slots */
};

#define STRMAP_INIT { NULL, 0, 0, NULL }

void strmap_init(struct strmap *m);
void strmap_init_arena(struct strmap *m, struct rt_arena *a);
void strmap_release(struct strmap *m);

/* The value stored for key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
bool strmap_has(const struct strmap *m, const char *key);

/* As strmap_get(); *stored: the key pointer kept for it (NULL: none). */
void *strmap_get_key(const struct strmap *m, const char *key,
		     const char **stored);

/* Room for n keys in all without growing. */
void strmap_reserve(struct strmap *m, size_t n);

/*
 * Store value under key.  Returns the previous value (NULL if the key was
 * new).  The key pointer is kept.
 */
void *strmap_put(struct strmap *m, const char *key, void *value);

uint32_t strmap_hash(const char *key);

#endif
