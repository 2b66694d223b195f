/* test_diag.c — one message per line, written whole; control characters
 * from data escaped; a batch says each line once. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

static void
test_escape(void **state)
{
	(void)state;
	diag_error(pos_at("a\x1b[31mb.csv", 3, 0), "value \"%s\"", "x\ty\rz\x7f\xc2\x85"
	    "\xe2\x80\xae" "abc\xff");
	assert_string_equal(diags(), "gongwen: a\\x1B[31mb.csv:3: error: value "
	    "\"x\\ty\\rz\\x7F<U+0085><U+202E>abc\\xFF\"\n");
}

static void
test_chinese_untouched(void **state)
{
	(void)state;
	diag_warn(pos_at("模板.md", 1, 2), "未知字段「单位」");
	assert_string_equal(diags(), "gongwen: 模板.md:1:2: warning: 未知字段「单位」\n");
}

static void
test_dedup(void **state)
{
	(void)state;
	diag_set_dedup(true);
	for (int i = 0; i < 3; i++)
		diag_warn(pos_at("t.md", 4, 1), "unknown front-matter key \"x\"");
	diag_error(pos_at("d.csv", 2, 1), "bad");
	diag_error(pos_at("d.csv", 3, 1), "bad");
	diag_set_dedup(false);
	diag_warn(pos_at("t.md", 4, 1), "unknown front-matter key \"x\"");
	assert_string_equal(diags(),
	    "gongwen: t.md:4:1: warning: unknown front-matter key \"x\"\n"
	    "gongwen: d.csv:2:1: error: bad\n"
	    "gongwen: d.csv:3:1: error: bad\n"
	    "gongwen: t.md:4:1: warning: unknown front-matter key \"x\"\n");
	assert_int_equal(diag_count(DIAG_WARNING), 4);   /* counted, said once */
}

/* The empty values a record reported, each name once, for a batch's
 * summary (issue 11 item 12); diag_reset forgets them. */
static void
test_empty_values(void **state)
{
	(void)state;
	assert_string_equal(diag_empty_values(), "");
	diag_mark_empty("得分");
	diag_mark_empty("单位");
	diag_mark_empty("得分");
	assert_string_equal(diag_empty_values(), "得分、单位");
	for (int i = 0; i < 100; i++)
		diag_mark_empty(i % 2 ? "一个很长的字段名称甲" : "一个很长的字段名称乙");
	char many[32];
	for (int i = 0; i < 40; i++) {
		snprintf(many, sizeof many, "字段%d", i);
		diag_mark_empty(many);
	}
	const char *e = diag_empty_values();
	assert_true(strlen(e) < 200);
	assert_non_null(strstr(e, "、…"));
	assert_string_equal(e + strlen(e) - strlen("、…"), "、…");
	diag_reset();
	assert_string_equal(diag_empty_values(), "");
}

static char sunk[256];
static void
sink(const char *line, size_t n, void *ctx)
{
	(void)ctx;
	snprintf(sunk, sizeof sunk, "%.*s", (int)n, line);
}

static void
test_sink(void **state)
{
	(void)state;
	diag_set_sink(sink, NULL);
	diag_error(NOPOS, "a %s message", "long");
	diag_set_sink(NULL, NULL);
	assert_string_equal(sunk, "gongwen: error: a long message\n");
	assert_string_equal(diags(), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chinese_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dedup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_values, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
