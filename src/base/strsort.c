/*
 * strsort.c: sorting records by a string key (strsort.h): LSD radix
 * passes over the keys' first 8 bytes, skipping bytes all keys share,
 * then qsort() on the rest of the strings within equal-prefix runs.
 */
#include "strsort.h"

struct skey {
	uint64_t pre;		/* first 8 bytes, big-endian, 0-padded */
	const char *s;
	size_t idx;
};

static const char *key_of(const void *base, size_t i, size_t size,
			  size_t key_off)
{
	const char *s;

	memcpy(&s, (const char *)base + i * size + key_off, sizeof(s));
	return s;
}

/* Padding with 0 keeps strcmp's order: a string that ends first is
 * less, and only a string that ends can hold a 0. */
static uint64_t prefix(const char *s)
{
	uint64_t k = 0;

	for (size_t i = 0; i < 8 && s[i]; i++)
		k |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
	return k;
}

/* Within a run the first 8 bytes are equal and none is 0. */
static int cmp_rest(const void *x, const void *y)
{
	return strcmp(((const struct skey *)x)->s + 8,
		      ((const struct skey *)y)->s + 8);
}

/* One stable counting pass on byte d (0: lowest) from a into b. */
static void pass(struct skey *b, const struct skey *a, size_t n,
		 size_t *count, unsigned d)
{
	size_t pos = 0, c;

	for (size_t v = 0; v < 256; v++) {
		c = count[v];
		count[v] = pos;
		pos += c;
	}
	for (size_t i = 0; i < n; i++)
		b[count[(a[i].pre >> (8 * d)) & 0xff]++] = a[i];
}

/* Sort a by prefix using b as room: returns the one holding them. */
static struct skey *sort_keys(struct skey *a, struct skey *b, size_t n)
{
	static const size_t zero[256];
	size_t (*count)[256] = rt_xmalloc(8 * sizeof(*count));
	struct skey *t;

	for (unsigned d = 0; d < 8; d++)
		memcpy(count[d], zero, sizeof(zero));
	for (size_t i = 0; i < n; i++)
		for (unsigned d = 0; d < 8; d++)
			count[d][(a[i].pre >> (8 * d)) & 0xff]++;
	for (unsigned d = 0; d < 8; d++) {
		if (count[d][(a[0].pre >> (8 * d)) & 0xff] == n)
			continue;	/* every key has this byte */
		pass(b, a, n, count[d], d);
		t = a;
		a = b;
		b = t;
	}
	free(count);
	return a;
}

void strsort(void *base, size_t n, size_t size, size_t key_off)
{
	struct skey *room, *a;
	char *tmp;
	size_t i, j;

	if (n < 2)
		return;
	room = rt_xmalloc(2 * n * sizeof(*room));
	a = room;
	for (i = 0; i < n; i++) {
		a[i].s = key_of(base, i, size, key_off);
		a[i].pre = prefix(a[i].s);
		a[i].idx = i;
	}
	a = sort_keys(room, room + n, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && a[j].pre == a[i].pre; j++)
			;
		/* equal prefixes with a 0 in them are equal strings */
		if (j - i > 1 && (a[i].pre & 0xff))
			qsort(a + i, j - i, sizeof(*a), cmp_rest);
	}
	tmp = rt_xmalloc(n * size);
	for (i = 0; i < n; i++)
		memcpy(tmp + i * size, (char *)base + a[i].idx * size, size);
	memcpy(base, tmp, n * size);
	free(tmp);
	free(room);
}
