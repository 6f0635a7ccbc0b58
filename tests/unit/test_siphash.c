/*
 * test_siphash.c: SipHash-2-4 against the reference implementation's
 * vectors (key 00..0f, message 00..len-1), whole and in pieces.
 */
#include "unit.h"
#include "base/siphash.h"

static const struct {
	size_t len;
	uint64_t want;
} vectors[] = {
	{ 0, 0x726fdb47dd0e0e31u }, { 1, 0x74f839c593dc67fdu },
	{ 2, 0x0d6c8009d9a94f5au }, { 7, 0xab0200f58b01d137u },
	{ 8, 0x93f5f5799a932462u }, { 15, 0xa129ca6149be45e5u },
	{ 16, 0x3f2acc7f57c29bdbu }, { 63, 0x958a324ceb064572u },
};

static void test_siphash_vectors(void)
{
	unsigned char key[SIPHASH_KEY_SIZE], msg[64];
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)i;
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)i;
	for (i = 0; i < RT_ARRAY_SIZE(vectors); i++)
		CU_ASSERT_EQUAL(siphash(key, msg, vectors[i].len),
				vectors[i].want);
}

/* Any split of the text gives the same hash. */
static void test_siphash_pieces(void)
{
	unsigned char key[SIPHASH_KEY_SIZE], msg[64];
	struct siphash s;
	size_t i, a, b;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)i;
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)i;
	for (a = 0; a <= 63; a++)
		for (b = a; b <= 63; b += 5) {
			siphash_init(&s, key);
			siphash_add(&s, msg, a);
			siphash_add(&s, msg + a, b - a);
			siphash_add(&s, msg + b, 63 - b);
			CU_ASSERT_EQUAL(siphash_end(&s), 0x958a324ceb064572u);
		}
	/* Another key, another hash. */
	key[0] ^= 1;
	CU_ASSERT_NOT_EQUAL(siphash(key, msg, 63), 0x958a324ceb064572u);
}

void unit_register(void)
{
	UNIT_SUITE("siphash",
		   UNIT_TEST(test_siphash_vectors),
		   UNIT_TEST(test_siphash_pieces));
}
