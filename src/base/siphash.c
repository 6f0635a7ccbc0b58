/*
 * siphash.c: SipHash-2-4 (siphash.h), after the reference
 * implementation: two rounds per 8-byte word, four to finish.
 */
#include "siphash.h"

static uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static void rounds(uint64_t *v, int n)
{
	while (n--) {
		v[0] += v[1];
		v[1] = rotl(v[1], 13);
		v[1] ^= v[0];
		v[0] = rotl(v[0], 32);
		v[2] += v[3];
		v[3] = rotl(v[3], 16);
		v[3] ^= v[2];
		v[0] += v[3];
		v[3] = rotl(v[3], 21);
		v[3] ^= v[0];
		v[2] += v[1];
		v[1] = rotl(v[1], 17);
		v[1] ^= v[2];
		v[2] = rotl(v[2], 32);
	}
}

static void word(uint64_t *v, uint64_t m)
{
	v[3] ^= m;
	rounds(v, 2);
	v[0] ^= m;
}

void siphash_init(struct siphash *s, const unsigned char *key)
{
	uint64_t k0 = le64(key), k1 = le64(key + 8);

	s->v[0] = k0 ^ 0x736f6d6570736575u;
	s->v[1] = k1 ^ 0x646f72616e646f6du;
	s->v[2] = k0 ^ 0x6c7967656e657261u;
	s->v[3] = k1 ^ 0x7465646279746573u;
	s->tail = 0;
	s->len = 0;
}

void siphash_add(struct siphash *s, const void *p, size_t n)
{
	const unsigned char *b = p;
	unsigned fill = (unsigned)(s->len & 7);

	s->len += n;
	/* Complete a partial word first. */
	while (fill && n) {
		s->tail |= (uint64_t)*b++ << (8 * fill);
		n--;
		if (++fill == 8) {
			word(s->v, s->tail);
			s->tail = 0;
			fill = 0;
		}
	}
	for (; n >= 8; b += 8, n -= 8)
		word(s->v, le64(b));
	for (fill = 0; fill < n; fill++)
		s->tail |= (uint64_t)b[fill] << (8 * fill);
}

uint64_t siphash_end(const struct siphash *s)
{
	uint64_t v[4] = { s->v[0], s->v[1], s->v[2], s->v[3] };

	word(v, s->tail | s->len << 56);
	v[2] ^= 0xff;
	rounds(v, 4);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint64_t siphash(const unsigned char *key, const void *p, size_t n)
{
	struct siphash s;

	siphash_init(&s, key);
	siphash_add(&s, p, n);
	return siphash_end(&s);
}
