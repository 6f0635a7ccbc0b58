/*
 * test_pycompat.c: base/pycompat.c against /usr/bin/python3: repr() of
 * str (quotes, backslashes, controls, C1 and format characters,
 * unassigned and astral code points, invalid UTF-8 as surrogateescape
 * decodes it) and of float, int() of str, str.strip().  The expected
 * values were printed by Python 3.11 (repr(), int(), str.strip()).
 */
#include "unit.h"
#include "base/pycompat.h"

#include <limits.h>
#include <math.h>

static const struct { const char *in; size_t n; const char *want; } reprs[] = {
	{ "", 0,
	  "''" },
	{ "abc", 3,
	  "'abc'" },
	{ "it's", 4,
	  "\"it's\"" },
	{ "say \"hi\"", 8,
	  "'say \"hi\"'" },
	{ "both ' and \"", 12,
	  "'both \\' and \"'" },
	{ "back\\slash", 10,
	  "'back\\\\slash'" },
	{ "\011\012\015\000\001\033\037\177", 8,
	  "'\\t\\n\\r\\x00\\x01\\x1b\\x1f\\x7f'" },
	{ "caf\303\251", 5,
	  "'caf\303\251'" },
	{ "\302\200\302\237\302\240\302\241\302\255", 10,
	  "'\\x80\\x9f\\xa0\302\241\\xad'" },
	{ "\342\200\213\342\200\250\343\200\200\357\273\277", 12,
	  "'\\u200b\\u2028\\u3000\\ufeff'" },
	{ "\360\237\230\200\363\240\200\201", 8,
	  "'\360\237\230\200\\U000e0001'" },
	{ "\344\270\255\346\226\207", 6,
	  "'\344\270\255\346\226\207'" },
	{ "\315\270", 2,
	  "'\\u0378'" },
	{ "\377", 1,
	  "'\\udcff'" },
	{ "a\342\202", 3,
	  "'a\\udce2\\udc82'" },
	{ "\342\202a", 3,
	  "'\\udce2\\udc82a'" },
	{ "\300\257", 2,
	  "'\\udcc0\\udcaf'" },
	{ "\355\240\200", 3,
	  "'\\udced\\udca0\\udc80'" },
	{ "\364\220\200\200", 4,
	  "'\\udcf4\\udc90\\udc80\\udc80'" },
	{ "\200", 1,
	  "'\\udc80'" },
	{ "%(here)s/'x'", 12,
	  "\"%(here)s/'x'\"" },
	{ "\341\232\200\302\205", 5,
	  "'\\u1680\\x85'" },
};
static const struct { double x; const char *want; } floats[] = {
	{ 0x0.0p+0, "0.0" },
	{ -0.0, "-0.0" },
	{ 0x1.0000000000000p+0, "1.0" },
	{ -0x1.8000000000000p+0, "-1.5" },
	{ 0x1.999999999999ap-4, "0.1" },
	{ 0x1.5555555555555p-2, "0.3333333333333333" },
	{ 0x1.1c37937e08000p+53, "1e+16" },
	{ 0x1.c6bf526340000p+49, "1000000000000000.0" },
	{ 0x1.b69b4ba630f35p+56, "1.2345678901234568e+17" },
	{ 0x1.a36e2eb1c432dp-14, "0.0001" },
	{ 0x1.4f8b588e368f1p-17, "1e-05" },
	{ 0x1.02e4b6ce5dc68p-13, "0.00012345" },
	{ 0x1.421f5f40d8376p-23, "1.5e-07" },
	{ 0x1.ddd4baa009303p+997, "2.5e+300" },
	{ 0x0.0000000000001p-1022, "5e-324" },
	{ 0x1.fffffffffffffp+1023, "1.7976931348623157e+308" },
	{ 0x1.9000000000000p+6, "100.0" },
	{ 0x1.81cd6c8b43958p+13, "12345.678" },
	{ INFINITY, "inf" },
	{ -INFINITY, "-inf" },
	{ NAN, "nan" },
	{ 0x1.52d02c7e14af6p+76, "1e+23" },
	{ 0x1.3333333333333p-2, "0.3" },
};
static const struct { const char *in; int rc; long long v; } ints[] = {
	{ "0", PYC_INT_OK, 0LL },
	{ "-0", PYC_INT_OK, 0LL },
	{ "+7", PYC_INT_OK, 7LL },
	{ "007", PYC_INT_OK, 7LL },
	{ " 12 \012", PYC_INT_OK, 12LL },
	{ "\0135\014", PYC_INT_OK, 5LL },
	{ "\0345", PYC_INT_INVALID, 0LL },
	{ "5\302\205", PYC_INT_OK, 5LL },
	{ "\343\200\2005\342\200\250", PYC_INT_OK, 5LL },
	{ "1_0", PYC_INT_OK, 10LL },
	{ "1__0", PYC_INT_INVALID, 0LL },
	{ "1_", PYC_INT_INVALID, 0LL },
	{ "_1", PYC_INT_INVALID, 0LL },
	{ "+_1", PYC_INT_INVALID, 0LL },
	{ "\357\274\221", PYC_INT_OK, 1LL },
	{ "\331\243\331\241", PYC_INT_OK, 31LL },
	{ "\331\241_\331\242", PYC_INT_OK, 12LL },
	{ "\302\240-5 ", PYC_INT_OK, -5LL },
	{ "", PYC_INT_INVALID, 0LL },
	{ " ", PYC_INT_INVALID, 0LL },
	{ "-", PYC_INT_INVALID, 0LL },
	{ "1 2", PYC_INT_INVALID, 0LL },
	{ "12a", PYC_INT_INVALID, 0LL },
	{ "0x10", PYC_INT_INVALID, 0LL },
	{ "1.0", PYC_INT_INVALID, 0LL },
	{ "9223372036854775807", PYC_INT_OK, 9223372036854775807LL },
	{ "-9223372036854775808", PYC_INT_OK, LLONG_MIN },
	{ "9223372036854775808", PYC_INT_RANGE, 9223372036854775807LL },
	{ "-9223372036854775809", PYC_INT_RANGE, LLONG_MIN },
	{ "99999999999999999999999", PYC_INT_RANGE, 9223372036854775807LL },
	{ "\360\235\237\216\360\235\237\227", PYC_INT_OK, 9LL },
	{ "\302\262", PYC_INT_INVALID, 0LL },
	{ "\342\221\240", PYC_INT_INVALID, 0LL },
};
static const struct { const char *in, *want; } strips[] = {
	{ " \011 a b \012", "a b" },
	{ "\343\200\200x\342\200\250", "x" },
	{ "\034\035x\036\037", "x" },
	{ "\302\205\302\240", "" },
	{ "a\342\200\213b\342\200\213", "a\342\200\213b\342\200\213" },
	{ "", "" },
	{ "  ", "" },
	{ "\303\251 ", "\303\251" },
};

static void test_pycompat_repr(void)
{
	for (size_t i = 0; i < RT_ARRAY_SIZE(reprs); i++) {
		struct rt_buf b = RT_BUF_INIT;

		pyc_repr(&b, reprs[i].in, reprs[i].n);
		CU_ASSERT_STRING_EQUAL(b.buf, reprs[i].want);
		rt_buf_release(&b);
	}
}

static void test_pycompat_repr_str(void)
{
	struct rt_arena *a = arena_new();

	CU_ASSERT_STRING_EQUAL(pyc_repr_str(a, "x'y"), "\"x'y\"");
	CU_ASSERT_STRING_EQUAL(pyc_repr_str(a, "a\nb"), "'a\\nb'");
	arena_free(a);
}

static void test_pycompat_float_repr(void)
{
	for (size_t i = 0; i < RT_ARRAY_SIZE(floats); i++) {
		struct rt_buf b = RT_BUF_INIT;

		pyc_float_repr(&b, floats[i].x);
		CU_ASSERT_STRING_EQUAL(b.buf, floats[i].want);
		rt_buf_release(&b);
	}
}

static void test_pycompat_int(void)
{
	for (size_t i = 0; i < RT_ARRAY_SIZE(ints); i++) {
		long long v = 42;

		CU_ASSERT_EQUAL(pyc_int(ints[i].in, &v), ints[i].rc);
		CU_ASSERT_EQUAL(v, ints[i].v);
	}
}

static void test_pycompat_strip(void)
{
	for (size_t i = 0; i < RT_ARRAY_SIZE(strips); i++) {
		const char *s = strips[i].in;
		size_t n = strlen(s);

		pyc_strip(&s, &n);
		CU_ASSERT_EQUAL(n, strlen(strips[i].want));
		CU_ASSERT_EQUAL(memcmp(s, strips[i].want, n), 0);
	}
}

static void test_pycompat_isprint(void)
{
	/* the ends of the table and of the code space */
	CU_ASSERT_TRUE(pyc_isprint(' '));
	CU_ASSERT_FALSE(pyc_isprint(0x7f));
	CU_ASSERT_FALSE(pyc_isprint(0x80));
	CU_ASSERT_FALSE(pyc_isprint(0xa0));
	CU_ASSERT_TRUE(pyc_isprint(0xa1));
	CU_ASSERT_FALSE(pyc_isprint(0x10fffd));	/* private use */
	CU_ASSERT_FALSE(pyc_isprint(0xdc80));
	CU_ASSERT_TRUE(pyc_isprint(0x4e2d));
	CU_ASSERT_TRUE(pyc_isprint(0x1f600));
}

void unit_register(void)
{
	UNIT_SUITE("pycompat", UNIT_TEST(test_pycompat_repr),
		   UNIT_TEST(test_pycompat_repr_str),
		   UNIT_TEST(test_pycompat_float_repr),
		   UNIT_TEST(test_pycompat_int),
		   UNIT_TEST(test_pycompat_strip),
		   UNIT_TEST(test_pycompat_isprint));
}
