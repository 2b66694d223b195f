/* test_utf8.c — strict UTF-8 decoding and the character classes. */
#include "testutil.h"

#include "utf8.h"

static void
test_decode_valid(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode((const unsigned char *)"\xc2\xa0", 2, &cp), 2);
	assert_int_equal(cp, 0xA0);
	assert_int_equal(utf8_decode((const unsigned char *)"汉", 3, &cp), 3);
	assert_int_equal(cp, 0x6C49);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf0\xa0\xae\xb7", 4, &cp), 4);
	assert_int_equal(cp, 0x20BB7);   /* 𠮷 */
}

static void
test_decode_invalid(void **state)
{
	(void)state;
	uint32_t cp;
	/* overlong, surrogate, above U+10FFFF, lone continuation, truncated */
	static const char *const bad[] = { "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\x80", "\xe6\xb1", "\xff" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t n = strlen(bad[i]);
		size_t l = utf8_decode((const unsigned char *)bad[i], n, &cp);
		assert_int_equal(cp, UTF8_BAD);
		assert_true(l >= 1 && l <= n);
	}
}

static void
test_check_offset(void **state)
{
	(void)state;
	const char *s = "正文\n\xff坏";
	assert_int_equal(utf8_check(s, strlen(s)), 7);
	assert_int_equal(utf8_check("全部有效", strlen("全部有效")), (size_t)-1);
	/* a sequence cut by the end of the input */
	assert_int_equal(utf8_check("ab\xe6\xb1", 4), 2);
	int line, col;
	utf8_linecol(s, strlen(s), 7, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	utf8_linecol("一二三", 9, 6, &line, &col);
	assert_int_equal(col, 3);
}

static void
test_encode_roundtrip(void **state)
{
	(void)state;
	static const uint32_t cps[] = { 0x24, 0xA2, 0x20AC, 0x6C49, 0x10348, 0x20BB7, 0x10FFFF };
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		char b[4];
		uint32_t back;
		size_t l = utf8_encode(cps[i], b);
		assert_int_equal(utf8_decode((const unsigned char *)b, l, &back), l);
		assert_int_equal(back, cps[i]);
	}
	assert_int_equal(utf8_count("a汉𠮷", strlen("a汉𠮷")), 3);
	uint32_t out[4];
	assert_int_equal(utf8_to_cps("一𠮷", strlen("一𠮷"), out), 2);
	assert_int_equal(out[1], 0x20BB7);
}

static void
test_classes(void **state)
{
	(void)state;
	assert_true(utf8_is_odd_space(0xA0));
	assert_true(utf8_is_odd_space(0x2003));
	assert_false(utf8_is_odd_space(0x3000));     /* 全角空格 is kept */
	assert_true(utf8_is_zero_width(0x200B));
	assert_true(utf8_is_zero_width(0xFEFF));
	assert_true(utf8_is_wide(0x6C49));
	assert_true(utf8_is_wide(0x3002));           /* 。 */
	assert_true(utf8_is_wide(0xFF0C));           /* ， */
	assert_true(utf8_is_wide(0x201C));           /* “ */
	assert_true(utf8_is_wide(0x20BB7));
	assert_false(utf8_is_wide('A'));
	assert_false(utf8_is_wide('1'));
	assert_true(utf8_is_ideograph(0x4E00));
	assert_false(utf8_is_ideograph(0x3002));
}

static void
trim_is(const char *s, unsigned flags, const char *want)
{
	size_t b, e;
	utf8_trim(s, strlen(s), flags, &b, &e);
	assert_int_equal(e - b, strlen(want));
	assert_memory_equal(s + b, want, e - b);
}

static void
test_trim(void **state)
{
	(void)state;
	trim_is(" \t名称\r ", 0, "名称");
	trim_is("\xE3\x80\x80单位\xE3\x80\x80", 0, "单位");   /* U+3000 both sides */
	trim_is("\n名称\n", 0, "\n名称\n");                     /* LF kept ... */
	trim_is("\n名称\n", UTF8_TRIM_LF, "名称");               /* ... unless asked */
	trim_is("\xEF\xBB\xBF名称", 0, "\xEF\xBB\xBF名称");   /* BOM kept ... */
	trim_is("\xEF\xBB\xBF 名称", UTF8_TRIM_BOM, "名称");     /* ... unless asked */
	trim_is("名称\xEF\xBB\xBF", UTF8_TRIM_BOM, "名称\xEF\xBB\xBF"); /* only in front */
	trim_is(" \xE3\x80\x80 ", 0, "");
	trim_is("", UTF8_TRIM_LF | UTF8_TRIM_BOM, "");
	assert_true(utf8_blank(NULL));
	assert_true(utf8_blank(""));
	assert_true(utf8_blank(" \t\r\n"));
	assert_false(utf8_blank(" a "));
	assert_false(utf8_blank("\xE3\x80\x80"));   /* U+3000 is not an ASCII blank */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_check_offset),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_trim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
