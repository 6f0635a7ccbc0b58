/*
 * siphash.h: SipHash-2-4 (Aumasson and Bernstein, 2012), a keyed hash
 * whose 64-bit value serves as a MAC: without the 16-byte key nobody can
 * compute it for a text of their choosing.  The header cache signs its
 * files with it (script/hcache.c).
 */
#ifndef SIPHASH_H
#define SIPHASH_H

#include "rt.h"

#define SIPHASH_KEY_SIZE 16

/* A hash being computed: fields are private. */
struct siphash {
	uint64_t v[4];
	uint64_t tail;		/* the bytes of a partial word */
	uint64_t len;		/* bytes added so far */
};

/* Start a hash with key (SIPHASH_KEY_SIZE bytes). */
void siphash_init(struct siphash *s, const unsigned char *key);

/* Add n bytes at p; pieces may be of any length. */
void siphash_add(struct siphash *s, const void *p, size_t n);

/* The hash of everything added (s is left as it was). */
uint64_t siphash_end(const struct siphash *s);

/* The hash of n bytes at p in one call. */
uint64_t siphash(const unsigned char *key, const void *p, size_t n);

#endif
