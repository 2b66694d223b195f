/* test_merge.c — file names made from data values. */
#include "testutil.h"

#include "merge.h"

static void
test_sanitize(void **state)
{
	(void)state;
	arena *a = arena_new();
	assert_string_equal(merge_sanitize(a, "许昌市魏都区"), "许昌市魏都区");
	/* no separator, no "..", no leading dot, no control character survives */
	static const char *const evil[] = { "../../etc/passwd", "a/b\\c", ".hidden", "x\ny\tz",
		"..", "a..b", " .x", "\x7f", "\xc2\x85" };
	for (size_t i = 0; i < sizeof evil / sizeof *evil; i++) {
		const char *s = merge_sanitize(a, evil[i]);
		assert_null(strchr(s, '/'));
		assert_null(strchr(s, '\\'));
		assert_null(strstr(s, ".."));
		assert_false(s[0] == '.');
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			assert_true(*p >= 0x20 && *p != 0x7f);
		assert_null(strstr(s, "\xc2\x85"));
	}
	assert_string_equal(merge_sanitize(a, "a/b"), "a_b");
	/* bidi controls would show "甲局\u202Efdp.exe" as "甲局exe.pdf" */
	assert_string_equal(merge_sanitize(a, "甲局\xe2\x80\xae" "fdp.exe"), "甲局_fdp.exe");
	static const char *const invisible[] = { "\xe2\x80\xab", "\xe2\x81\xa6", "\xe2\x80\x8f",
		"\xe2\x80\x8b", "\xef\xbb\xbf", "\xd8\x9c", "\xe2\x81\xa0" };
	for (size_t i = 0; i < sizeof invisible / sizeof *invisible; i++)
		assert_string_equal(merge_sanitize(a, invisible[i]), "_");
	assert_string_equal(merge_sanitize(a, ".hidden"), "_hidden");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
