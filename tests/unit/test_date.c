/* test_date.c — every date form, the calendar, the one message. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "date.h"

static date_status
p(const char *s, gw_date *d)
{
	return date_parse(s, strlen(s), d);
}

static void
test_forms(void **state)
{
	(void)state;
	static const char *const same[] = {
		"2018-06-06", "2018/6/6", "2018.6.6", "20180606", "2018年6月6日",
		"2018年06月06日", "2018-6-6", " 2018/06/06 ", "2018/6/6 0:00",
		"2018-06-06T08:30:00", "二〇一八年六月六日", "二零一八年六月六日",
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		gw_date d;
		assert_int_equal(p(same[i], &d), DATE_OK);
		assert_int_equal(d.y, 2018);
		assert_int_equal(d.m, 6);
		assert_int_equal(d.d, 6);
		assert_string_equal(date_cn(A, d), "2018年6月6日");
	}
	gw_date d;
	assert_int_equal(p("二〇二三年十二月三十一日", &d), DATE_OK);
	assert_true(d.y == 2023 && d.m == 12 && d.d == 31);
	assert_int_equal(p("2023年10月1日", &d), DATE_OK);
	assert_string_equal(date_cn_full(A, d), "二〇二三年十月一日");
	assert_int_equal(p("2018-06-26", &d), DATE_OK);
	assert_string_equal(date_cn_full(A, d), "二〇一八年六月二十六日");
}

static void
test_not_dates(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "明天", "六月", "2018-6/6", "2018/6", "18-06-06", "2018-06-06x",
		"2018年6月", "201806", "2018 6 6", "二〇一八年六月",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		gw_date d;
		assert_int_equal(p(bad[i], &d), DATE_NOT_A_DATE);
	}
}

static void
test_calendar(void **state)
{
	(void)state;
	gw_date d;
	assert_int_equal(p("2020-02-29", &d), DATE_OK);
	assert_int_equal(p("2000-02-29", &d), DATE_OK);
	static const char *const impossible[] = {
		"2018-02-31", "2019-02-29", "1900-02-29", "2018/4/31", "2018.13.1",
		"20180230", "2018年0月1日", "2018-06-00", "二〇一八年二月三十日",
	};
	for (size_t i = 0; i < sizeof impossible / sizeof *impossible; i++)
		assert_int_equal(p(impossible[i], &d), DATE_NO_SUCH_DAY);
}

/* One message, wherever the date is. */
static void
test_message(void **state)
{
	(void)state;
	gw_date d;
	assert_false(date_read(A, "2018-02-31", 10, pos_at("t.md", 3, 7), "成文日期", &d));
	assert_false(date_read(A, "2018/2/31", 9, pos_at("t.md", 4, 1), "日", &d));
	assert_false(date_read(A, "2018-13-01", 10, pos_at("t.md", 5, 1), "日", &d));
	assert_false(date_read(A, "明天", 6, pos_at("d.yaml", 2, 4), "日", &d));
	assert_string_equal(diags(),
	    "gongwen: t.md:3:7: error: 成文日期 \"2018-02-31\" is not a day of the calendar "
	    "(2018年2月 has 28 days)\n"
	    "gongwen: t.md:4:1: error: 日 \"2018/2/31\" is not a day of the calendar "
	    "(2018年2月 has 28 days)\n"
	    "gongwen: t.md:5:1: error: 日 \"2018-13-01\" is not a day of the calendar "
	    "(months are 1 to 12)\n"
	    "gongwen: d.yaml:2:4: error: 日 \"明天\" is not a date (write 2018-06-06, "
	    "2018/6/6, 2018.6.6 or 20180606)\n");
}

static void
test_epoch(void **state)
{
	(void)state;
	gw_date d = { 2018, 6, 6 };
	assert_true(date_epoch(d) == 1528243200LL);
	d = (gw_date){ 1970, 1, 1 };
	assert_true(date_epoch(d) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_epoch, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
