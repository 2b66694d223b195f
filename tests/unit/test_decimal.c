/* test_decimal.c — exact decimals: parsing, text, arithmetic, rounding,
 * comparison, and overflow that is reported instead of wrapped. */
#include "testutil.h"

#include "decimal.h"

static dec
D(const char *s)
{
	dec d;
	assert_int_equal(dec_parse_cstr(s, &d), DEC_OK);
	return d;
}

static char buf[DEC_BUFSZ + 64];

static const char *
F(dec d)
{
	return dec_format(d, buf);
}

static const char *
add(const char *a, const char *b)
{
	dec r;
	assert_int_equal(dec_add(D(a), D(b), &r), DEC_OK);
	return F(r);
}

static const char *
fixed(const char *a, int places)
{
	assert_true(dec_format_fixed(D(a), places, buf, sizeof buf));
	return buf;
}

static void
test_parse(void **state)
{
	(void)state;
	dec d;
	assert_string_equal(F(D("19.5")), "19.5");
	assert_string_equal(F(D("3.10")), "3.10");       /* scale as written */
	assert_string_equal(F(D("007")), "7");
	assert_string_equal(F(D("  -2.25\r\n")), "-2.25");
	assert_string_equal(F(D("+4")), "4");
	assert_string_equal(F(D(".05")), "0.05");
	assert_string_equal(F(D("1.")), "1");
	assert_string_equal(F(D("1e2")), "100");
	assert_string_equal(F(D("2.5E-2")), "0.025");
	assert_string_equal(F(D("0")), "0");
	assert_string_equal(F(D("-0")), "0");
	assert_string_equal(F(D("0.00")), "0.00");
	/* full-width digits, point, signs and U+3000 blanks as typed by an IME */
	assert_string_equal(F(D("９０．５")), "90.5");
	assert_string_equal(F(D("－１２")), "-12");
	assert_string_equal(F(D("\xe3\x80\x80" "85\xe3\x80\x80")), "85");
	assert_string_equal(F(D("999999999999999999")), "999999999999999999");
	assert_string_equal(F(D("0.000000000000000001")), "0.000000000000000001");
	/* trailing zeros beyond 18 digits are dropped to fit */
	assert_string_equal(F(D("1.0000000000000000000000")), "1.00000000000000000");
	const char *bad[] = { "", " ", "-", ".", "e3", "1e", "1.2.3", "二十", "12分",
	    "1,000", "0x10", "1 2", "nan", "inf", NULL };
	for (int i = 0; bad[i]; i++)
		assert_int_equal(dec_parse_cstr(bad[i], &d), DEC_SYNTAX);
	assert_int_equal(dec_parse(NULL, 0, &d), DEC_SYNTAX);
	assert_int_equal(dec_parse_cstr("1000000000000000000", &d), DEC_OVERFLOW);
	assert_int_equal(dec_parse_cstr("12345678901234567890.5", &d), DEC_OVERFLOW);
	assert_int_equal(dec_parse_cstr("0.0000000000000000001", &d), DEC_OVERFLOW);
	assert_int_equal(dec_parse_cstr("1e18", &d), DEC_OVERFLOW);
	assert_int_equal(dec_parse_cstr("1e99999999999", &d), DEC_OVERFLOW);
	assert_int_equal(dec_parse_cstr("0e99999999999", &d), DEC_OK);
	/* only the given bytes are read */
	assert_int_equal(dec_parse("12x", 2, &d), DEC_OK);
	assert_string_equal(F(d), "12");
}

static void
test_add_sub(void **state)
{
	(void)state;
	dec r;
	assert_string_equal(add("19.5", "0.1"), "19.6");
	assert_string_equal(add("0.1", "0.2"), "0.3");
	assert_string_equal(add("20", "19.50"), "39.50");
	assert_string_equal(add("-1.5", "1.5"), "0.0");
	/* 0.1 added a thousand times is exactly 100.0 */
	dec s = D("0");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(dec_add(s, D("0.1"), &s), DEC_OK);
	assert_string_equal(F(s), "100.0");
	assert_int_equal(dec_sub(D("100"), D("87.5"), &r), DEC_OK);
	assert_string_equal(F(r), "12.5");
	assert_int_equal(dec_sub(D("60"), D("60.01"), &r), DEC_OK);
	assert_string_equal(F(r), "-0.01");
	/* overflow is reported, and the output is left alone */
	r = D("42");
	assert_int_equal(dec_add(D("999999999999999999"), D("1"), &r), DEC_OVERFLOW);
	assert_string_equal(F(r), "42");
	assert_int_equal(dec_sub(D("-999999999999999999"), D("1"), &r), DEC_OVERFLOW);
	assert_int_equal(dec_add(D("99999999999999999.9"), D("0.1"), &r), DEC_OVERFLOW);
	assert_int_equal(dec_add(D("1"), D("0.000000000000000001"), &r), DEC_OVERFLOW);
	assert_int_equal(dec_add(D("0.1"), D("0.000000000000000001"), &r), DEC_OK);
	assert_string_equal(F(r), "0.100000000000000001");
}

static void
test_mul_div(void **state)
{
	(void)state;
	dec r;
	assert_int_equal(dec_mul(D("1.5"), D("0.2"), &r), DEC_OK);
	assert_string_equal(F(r), "0.30");
	assert_int_equal(dec_mul(D("-3"), D("50"), &r), DEC_OK);
	assert_string_equal(F(r), "-150");
	assert_int_equal(dec_mul(D("1000000000"), D("1000000000"), &r), DEC_OVERFLOW);
	assert_int_equal(dec_mul(D("4000000000"), D("4000000000"), &r), DEC_OVERFLOW);
	/* scales add; trailing zeros are trimmed to stay within 18 */
	assert_int_equal(dec_mul(D("0.1000000000"), D("0.1000000000"), &r), DEC_OK);
	assert_string_equal(F(r), "0.01");
	assert_int_equal(dec_mul(D("0.123456789"), D("0.1234567891"), &r), DEC_OVERFLOW);

	assert_int_equal(dec_div(D("1"), D("3"), 2, &r), DEC_OK);
	assert_string_equal(F(r), "0.33");
	assert_int_equal(dec_div(D("2"), D("3"), 2, &r), DEC_OK);
	assert_string_equal(F(r), "0.67");
	assert_int_equal(dec_div(D("-2"), D("3"), 2, &r), DEC_OK);
	assert_string_equal(F(r), "-0.67");
	assert_int_equal(dec_div(D("1"), D("8"), 2, &r), DEC_OK);   /* .125 → .13 */
	assert_string_equal(F(r), "0.13");
	assert_int_equal(dec_div(D("-1"), D("8"), 2, &r), DEC_OK);
	assert_string_equal(F(r), "-0.13");
	assert_int_equal(dec_div(D("1745"), D("20"), 2, &r), DEC_OK);
	assert_string_equal(F(r), "87.25");
	assert_int_equal(dec_div(D("87.5"), D("0.25"), 0, &r), DEC_OK);
	assert_string_equal(F(r), "350");
	assert_int_equal(dec_div(D("123456"), D("0.001"), 0, &r), DEC_OK);
	assert_string_equal(F(r), "123456000");
	assert_int_equal(dec_div(D("0.0001"), D("1000"), 0, &r), DEC_OK);
	assert_string_equal(F(r), "0");
	assert_int_equal(dec_div(D("5000"), D("10000"), 0, &r), DEC_OK);  /* 0.5 → 1 */
	assert_string_equal(F(r), "1");
	assert_int_equal(dec_div(D("0.000000000000000005"), D("100000000000000000"), 0, &r), DEC_OK);
	assert_string_equal(F(r), "0");
	assert_int_equal(dec_div(D("1"), D("3"), 18, &r), DEC_OK);
	assert_string_equal(F(r), "0.333333333333333333");
	assert_int_equal(dec_div(D("10"), D("3"), 18, &r), DEC_OVERFLOW);
	assert_int_equal(dec_div(D("1"), D("0.00"), 2, &r), DEC_DIV_ZERO);
	assert_int_equal(dec_div(D("1"), D("3"), 19, &r), DEC_OVERFLOW);
}

static void
test_round(void **state)
{
	(void)state;
	dec r;
	/* half away from zero, on the decimal itself */
	assert_string_equal(fixed("2.25", 1), "2.3");
	assert_string_equal(fixed("2.675", 2), "2.68");
	assert_string_equal(fixed("-2.25", 1), "-2.3");
	assert_string_equal(fixed("9.5", 0), "10");
	assert_string_equal(fixed("99.999", 2), "100.00");
	assert_string_equal(fixed("7", 2), "7.00");
	assert_string_equal(fixed("-0.01", 1), "0.0");
	assert_string_equal(fixed("0.05", 1), "0.1");
	assert_string_equal(fixed("89.994", 2), "89.99");
	assert_string_equal(fixed("89.995", 2), "90.00");
	assert_string_equal(fixed("1e2", 1), "100.0");
	/* padding is text: it cannot overflow */
	assert_string_equal(fixed("999999999999999999", 10), "999999999999999999.0000000000");
	assert_int_equal(dec_round(D("999999999999999999"), 1, &r), DEC_OVERFLOW);
	assert_int_equal(dec_round(D("2.5"), 0, &r), DEC_OK);
	assert_string_equal(F(r), "3");
	assert_int_equal(dec_round(D("-2.5"), 0, &r), DEC_OK);
	assert_string_equal(F(r), "-3");
	assert_int_equal(dec_round(D("2.4999"), 0, &r), DEC_OK);
	assert_string_equal(F(r), "2");
	assert_int_equal(dec_round(D("0.000000000000000005"), 17, &r), DEC_OK);
	assert_string_equal(F(r), "0.00000000000000001");
	assert_int_equal(dec_round(D("1"), 19, &r), DEC_OVERFLOW);
	assert_int_equal(dec_rescale(D("1.50"), 1, &r), DEC_OK);
	assert_string_equal(F(r), "1.5");
	assert_int_equal(dec_rescale(D("1.55"), 1, &r), DEC_OVERFLOW);
	assert_string_equal(F(dec_trim(D("20.500"))), "20.5");
	assert_string_equal(F(dec_trim(D("20.000"))), "20");
	char t[64];
	assert_string_equal(dec_format_thousands(D("1234567.5"), t, sizeof t), "1,234,567.5");
	assert_string_equal(dec_format_thousands(D("-999"), t, sizeof t), "-999");
	assert_string_equal(dec_format_thousands(D("-1000"), t, sizeof t), "-1,000");
	assert_string_equal(dec_format_thousands(D("0.5"), t, sizeof t), "0.5");
}

static void
test_cmp(void **state)
{
	(void)state;
	assert_int_equal(dec_cmp(D("60"), D("60.00")), 0);
	assert_int_equal(dec_cmp(D("59.99"), D("60")), -1);
	assert_int_equal(dec_cmp(D("90"), D("89.99")), 1);
	assert_int_equal(dec_cmp(D("-1"), D("0.5")), -1);
	assert_int_equal(dec_cmp(D("-1.5"), D("-1.25")), -1);
	assert_int_equal(dec_cmp(D("0"), D("-0.00")), 0);
	assert_int_equal(dec_cmp(D("999999999999999999"), D("0.999999999999999999")), 1);
	assert_int_equal(dec_cmp(D("0.999999999999999999"), D("0.99999999999999999")), 1);
	assert_int_equal(dec_sign(D("-0.1")), -1);
	assert_int_equal(dec_sign(D("0.0")), 0);
	assert_true(dec_is_int(D("20.00")));
	assert_false(dec_is_int(D("20.01")));
	assert_string_equal(F(dec_from_int(-42)), "-42");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_add_sub),
		cmocka_unit_test(test_mul_div),
		cmocka_unit_test(test_round),
		cmocka_unit_test(test_cmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
