/* test_suggest.c — edit distance and one rule for "did you mean". */
#include "testutil.h"

#include "suggest.h"

static const char *
nearest(const char *want, const char *const *c)
{
	suggest s;
	suggest_init(&s, want);
	for (; *c; c++)
		suggest_offer(&s, *c);
	return suggest_result(&s);
}

static void
test_distance(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("成文日期", "成文日期"), 0);
	assert_int_equal(suggest_distance("成文日其", "成文日期"), 1);
	assert_int_equal(suggest_distance("成文日", "成文日期"), 1);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	char longname[80];
	memset(longname, 'a', 70);
	longname[70] = '\0';
	assert_int_equal(suggest_distance(longname, "a"), 99);
}

static void
test_rule(void **state)
{
	(void)state;
	static const char *const keys[] = { "成文日期", "印发日期", "署名", "标题", "大写金额", NULL };
	assert_string_equal(nearest("成文日其", keys), "成文日期");
	assert_string_equal(nearest("署明", keys), "署名");
	assert_string_equal(nearest("大写金頟", keys), "大写金额");
	assert_null(nearest("标题", keys));            /* equal: nothing to suggest */
	assert_null(nearest("期日文成", keys));        /* too far for 4 characters */
	assert_null(nearest("甲", keys));              /* one edit is the whole name */
	static const char *const fields[] = { "单位名称", "联系人电话号码", NULL };
	assert_string_equal(nearest("联系人电话号", fields), "联系人电话号码");
	assert_string_equal(nearest("联系电话号", fields), "联系人电话号码");   /* 2 edits, 5 chars */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
