/*
 * strmap.c: struct strmap.
 */
#include "strmap.h"

void strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->nr = m->alloc = 0;
	m->arena = NULL;
}

void strmap_init_arena(struct strmap *m, struct rt_arena *a)
{
	strmap_init(m);
	m->arena = a;
}

void strmap_release(struct strmap *m)
{
	struct rt_arena *a = m->arena;

	if (!a)
		free(m->slots);
	strmap_init(m);
	m->arena = a;
}

uint32_t strmap_hash(const char *key)
{
	uint32_t h = 2166136261u;

	for (; *key; key++) {
		h ^= (unsigned char)*key;
		h *= 16777619u;
	}
	return h;
}

static struct strmap_slot *find(const struct strmap *m, const char *key,
				 uint32_t h)
{
	size_t mask = m->alloc - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == h && !strcmp(s->key, key)))
			return s;
	}
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s;

	if (!m->alloc)
		return NULL;
	s = find(m, key, strmap_hash(key));
	return s->key ? s->value : NULL;
}

void *strmap_get_key(const struct strmap *m, const char *key,
		     const char **stored)
{
	struct strmap_slot *s;

	*stored = NULL;
	if (!m->alloc)
		return NULL;
	s = find(m, key, strmap_hash(key));
	*stored = s->key;
	return s->key ? s->value : NULL;
}

bool strmap_has(const struct strmap *m, const char *key)
{
	return m->alloc && find(m, key, strmap_hash(key))->key;
}

static void rehash(struct strmap *m, size_t alloc)
{
	struct strmap_slot *old = m->slots;
	size_t i, oldalloc = m->alloc;

	m->slots = m->arena ?
		arena_alloc(m->arena, alloc * sizeof(*m->slots)) :
		rt_xcalloc(alloc, sizeof(*m->slots));
	m->alloc = alloc;
	for (i = 0; i < oldalloc; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].hash) = old[i];
	if (!m->arena)
		free(old);
}

/* The table size put() keeps for n keys: load below 3/4. */
static size_t size_for(size_t n)
{
	size_t alloc = 16;

	while ((n + 1) * 4 >= alloc * 3)
		alloc *= 2;
	return alloc;
}

void strmap_reserve(struct strmap *m, size_t n)
{
	size_t alloc = size_for(n);

	if (alloc > m->alloc)
		rehash(m, alloc);
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	uint32_t h = strmap_hash(key);
	struct strmap_slot *s;
	void *prev;

	if ((m->nr + 1) * 4 >= m->alloc * 3)
		rehash(m, m->alloc ? m->alloc * 2 : 16);
	s = find(m, key, h);
	if (s->key) {
		prev = s->value;
		s->value = value;
		return prev;
	}
	s->key = key;
	s->hash = h;
	s->value = value;
	m->nr++;
	return NULL;
}
