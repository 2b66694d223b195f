/* test_cnnum.c — 中文数字, 大写金额, digits, heading numbers up to 10^16. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "cnnum.h"

static const char *
num(unsigned long long v)
{
	abuf b;
	abuf_init(&b, A);
	if (!cn_number(&b, v))
		return "(too large)";
	return abuf_cstr(&b);
}

static const char *
amt(unsigned long long y, int j, int f)
{
	abuf b;
	abuf_init(&b, A);
	if (!cn_amount(&b, y, j, f))
		return "(too large)";
	return abuf_cstr(&b);
}

static void
test_number(void **state)
{
	(void)state;
	static const struct { unsigned long long v; const char *s; } c[] = {
		{ 0, "零" }, { 1, "一" }, { 10, "十" }, { 11, "十一" }, { 20, "二十" },
		{ 99, "九十九" }, { 100, "一百" }, { 101, "一百零一" }, { 105, "一百零五" },
		{ 110, "一百一十" }, { 1000, "一千" }, { 1001, "一千零一" }, { 1010, "一千零一十" },
		{ 10000, "一万" }, { 10001, "一万零一" }, { 100010, "十万零一十" },
		{ 110000, "十一万" }, { 1000000, "一百万" }, { 12345678, "一千二百三十四万五千六百七十八" },
		{ 100000000, "一亿" }, { 100000001, "一亿零一" }, { 100010000, "一亿零一万" },
		{ 1000000000000ULL, "一万亿" }, { 1200000000000ULL, "一万二千亿" },
		{ 1000000000001ULL, "一万亿零一" },
		{ 9999999999999999ULL, "九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九" },
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++)
		assert_string_equal(num(c[i].v), c[i].s);
	assert_string_equal(num(10000000000000000ULL), "(too large)");
}

static void
test_every_number_to_1e8_reads_back(void **state)
{
	(void)state;
	/* every value up to 10^8 by a step, and powers of ten: written, then
	 * read back by a small reader of our own, gives the value again */
	for (unsigned long long v = 0; v <= 100000000ULL; v += v < 20000 ? 1 : 9973) {
		const char *s = num(v);
		unsigned long long total = 0, section = 0, digit = 0;
		for (const char *p = s; *p;) {
			static const char *const d[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
			int k = -1;
			for (int i = 0; i < 10; i++)
				if (strncmp(p, d[i], strlen(d[i])) == 0) { k = i; p += strlen(d[i]); break; }
			if (k >= 0) { digit = (unsigned long long)k; continue; }
			if (strncmp(p, "十", 3) == 0) { section += (digit ? digit : 1) * 10; digit = 0; }
			else if (strncmp(p, "百", 3) == 0) { section += digit * 100; digit = 0; }
			else if (strncmp(p, "千", 3) == 0) { section += digit * 1000; digit = 0; }
			else if (strncmp(p, "万", 3) == 0) { total += (section + digit) * 10000; section = digit = 0; }
			else if (strncmp(p, "亿", 3) == 0) { total = (total + section + digit) * 100000000ULL; section = digit = 0; }
			else fail_msg("odd character in %s", s);
			p += 3;
		}
		total += section + digit;
		if (total != v)
			fail_msg("%llu written %s reads %llu", v, s, total);
	}
}

static void
test_amount(void **state)
{
	(void)state;
	assert_string_equal(amt(1234, 5, 0), "壹仟贰佰叁拾肆元伍角整");
	assert_string_equal(amt(100, 0, 0), "壹佰元整");
	assert_string_equal(amt(0, 0, 5), "伍分");
	assert_string_equal(amt(0, 0, 0), "零元整");
	assert_string_equal(amt(10, 0, 5), "壹拾元零伍分");
	assert_string_equal(amt(100000000, 0, 0), "壹亿元整");
	assert_string_equal(amt(1000000000000ULL, 0, 0), "壹万亿元整");
	assert_string_equal(amt(105000, 2, 3), "壹拾万伍仟元贰角叁分");
	assert_string_equal(amt(10000000000000000ULL, 0, 0), "(too large)");
}

static void
test_digits_and_headings(void **state)
{
	(void)state;
	abuf b;
	abuf_init(&b, A);
	cn_digits(&b, 2018);
	assert_string_equal(abuf_cstr(&b), "二〇一八");
	assert_string_equal(cn_heading(A, 1), "一");
	assert_string_equal(cn_heading(A, 12), "十二");
	assert_string_equal(cn_heading(A, 100), "一百");
	assert_string_equal(cn_heading(A, 100000000), "一亿");
	assert_string_equal(diags(), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_number_to_1e8_reads_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_amount, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digits_and_headings, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
