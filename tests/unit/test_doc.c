/* test_doc.c — Markdown to the doc model: heading numbers, run-in headings,
 * soft breaks, front matter checks. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "doc.h"
#include "utf8.h"

/* setup, teardown, diags() and the arena A: testutil.h */

static gw_doc *
parse(const char *text)
{
	tmpl_opts o = { "/tmp", true };
	return doc_from_template(A, "t.md", text, strlen(text), NULL, &o);
}

static const char *
text_of(const doc_block *b)
{
	abuf t;
	abuf_init(&t, A);
	for (size_t i = 0; i < b->nspans; i++)
		abuf_put(&t, b->spans[i].text, b->spans[i].len);
	return abuf_cstr(&t);
}

static void
test_heading_numbers(void **state)
{
	(void)state;
	gw_doc *d = parse("# 甲\n\n## 乙\n\n### 丙\n\n#### 丁\n\n#### 戊\n\n## 己\n\n"
	    "### 庚\n\n# 辛\n\n## 壬\n");
	assert_non_null(d);
	const char *want[] = { "一、", "（一）", "1.", "（1）", "（2）", "（二）", "1.", "二、", "（一）" };
	assert_int_equal(d->nblocks, 9);
	for (size_t i = 0; i < 9; i++)
		assert_string_equal(d->blocks[i].number, want[i]);
}

static void
test_cn_numbers(void **state)
{
	(void)state;
	assert_string_equal(doc_cn_number(A, 1), "一");
	assert_string_equal(doc_cn_number(A, 10), "十");
	assert_string_equal(doc_cn_number(A, 11), "十一");
	assert_string_equal(doc_cn_number(A, 20), "二十");
	assert_string_equal(doc_cn_number(A, 99), "九十九");
}

static void
test_own_number_kept(void **state)
{
	(void)state;
	gw_doc *d = parse("# 一、已有编号\n\n## （二）也有\n\n### 3.还有\n");
	assert_non_null(d);
	for (size_t i = 0; i < d->nblocks; i++)
		assert_null(d->blocks[i].number);
}

/* A heading's own number is the template's, not the data's: "# {{x}}" with
 * x = "1. 项" keeps its automatic 一、; a literal "# 1. 项" keeps its own. */
static void
test_own_number_from_data(void **state)
{
	rec *data = rec_new(A, REC_MAP, NOPOS);
	rec_map_set(A, data, "x", rec_new_str(A, "1. 项", strlen("1. 项"), NOPOS));
	rec_map_set(A, data, "y", rec_new_str(A, "（一）乙", strlen("（一）乙"), NOPOS));
	tmpl_opts o = { "/tmp", true };
	const char *t = "# {{x}}\n\n## {{y}}\n\n# 1. 丙\n";
	gw_doc *d = doc_from_template(A, "t.md", t, strlen(t), data, &o);
	assert_non_null(d);
	assert_int_equal(d->nblocks, 3);
	assert_string_equal(d->blocks[0].number, "一、");
	assert_string_equal(text_of(&d->blocks[0]), "1. 项");
	assert_string_equal(d->blocks[1].number, "（一）");
	assert_null(d->blocks[2].number);
}

/* --set KEY=VALUE overrides the front matter's KEY */
static void
test_set_overrides_front(void **state)
{
	rec *data = rec_new(A, REC_MAP, NOPOS);
	srcpos sp = { "--set", 0, 0, NULL };
	rec_map_set(A, data, "标题", rec_new_str(A, "关于乙的通知", strlen("关于乙的通知"), sp));
	rec_map_set(A, data, "署名", rec_new_str(A, "数据", strlen("数据"), NOPOS));
	tmpl_opts o = { "/tmp", true };
	const char *t = "---\n标题: 关于甲的通知\n署名: 某局\n---\n正文。\n";
	gw_doc *d = doc_from_template(A, "t.md", t, strlen(t), data, &o);
	assert_non_null(d);
	assert_string_equal(d->title, "关于乙的通知");
	assert_string_equal(rec_map_get(d->front, "署名")->s, "某局");   /* data alone: no */
}

static void
test_numbering_off(void **state)
{
	(void)state;
	gw_doc *d = parse("---\n编号: 无\n---\n# 标题\n");
	assert_non_null(d);
	assert_null(d->blocks[0].number);
}

static void
test_runin(void **state)
{
	(void)state;
	gw_doc *d = parse("## 基本思路。全面贯彻。\n\n## 只有标题。\n\n# 一级。不拆\n");
	assert_non_null(d);
	doc_block *b = &d->blocks[0];
	assert_true(b->runin);
	assert_int_equal(b->nspans, 2);
	assert_string_equal(b->spans[0].text, "基本思路。");
	assert_true(b->spans[0].style & SP_HEAD);
	assert_string_equal(b->spans[1].text, "全面贯彻。");
	assert_false(b->spans[1].style & SP_HEAD);
	assert_int_equal(b->spans[1].pos.col, 9);   /* "## " + 5 characters + 1 */
	assert_false(d->blocks[1].runin);           /* 。 only at the end */
	assert_false(d->blocks[2].runin);           /* level 1 never runs in */
}

static void
test_softbreak_joins_chinese(void **state)
{
	(void)state;
	gw_doc *d = parse("第一行\n第二行\nword\nnext\n");
	assert_non_null(d);
	assert_string_equal(text_of(&d->blocks[0]), "第一行第二行word next");
}

static void
test_strong_and_pagebreak(void **state)
{
	(void)state;
	gw_doc *d = parse("前**重点**后\n\n---\n\n下一页\n");
	assert_non_null(d);
	assert_int_equal(d->nblocks, 3);
	assert_int_equal(d->blocks[0].nspans, 3);
	assert_true(d->blocks[0].spans[1].style & SP_STRONG);
	assert_int_equal(d->blocks[1].kind, B_PAGEBREAK);
}

static void
test_unknown_key_suggests(void **state)
{
	(void)state;
	gw_doc *d = parse("---\n发文子号: 许〔2024〕1号\n---\n正文\n");
	assert_non_null(d);
	assert_string_equal(diags(), "gongwen: t.md:2:7: warning: unknown front-matter key "
	    "\"发文子号\"; did you mean \"发文字号\"?\n");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	gw_doc *d = parse("正文\n\xff\xfe坏\n");
	assert_null(d);
	assert_string_equal(diags(), "gongwen: t.md:2:1: error: invalid UTF-8 (byte 7: 0xFF); "
	    "save the template as UTF-8\n");
}

static void
test_odd_spaces(void **state)
{
	(void)state;
	gw_doc *d = parse("甲\xc2\xa0乙\xe2\x80\x8b丙\n");
	assert_non_null(d);
	assert_string_equal(text_of(&d->blocks[0]), "甲 乙丙");
}

static void
test_date_format(void **state)
{
	(void)state;
	assert_string_equal(doc_format_date(A, "2018-06-06"), "2018年6月6日");
	assert_string_equal(doc_format_date(A, "2013-11-30"), "2013年11月30日");
	assert_string_equal(doc_format_date(A, "2018年06月06日"), "2018年6月6日");
	assert_null(doc_format_date(A, "二〇一八年六月六日"));
	assert_null(doc_format_date(A, "2018-13-01"));
}

static void
test_lint(void **state)
{
	(void)state;
	gw_doc *d = parse("---\n发文字号: 许政[2024]07号\n成文日期: 二〇二四年三月一日\n"
	    "附件: [工作方案。]\n---\n甲,乙(丙)\n");
	assert_non_null(d);
	assert_string_equal(diags(),
	    "gongwen: t.md:2:7: warning: 发文字号 \"许政[2024]07号\": the year goes in 六角括号 〔〕, not [] or 【】 (GB/T 9704 7.2.5)\n"
	    "gongwen: t.md:3:7: warning: 成文日期 \"二〇二四年三月一日\": dates are written in Arabic numerals since 2012; write 成文日期: 2018-06-06 (printed 2018年6月6日)\n"
	    "gongwen: t.md:4:6: warning: 附件 \"工作方案。\": no punctuation after an attachment's name (GB/T 9704 7.3.4)\n"
	    "gongwen: t.md:6:2: warning: half-width ',' in Chinese text; write '，' (GB/T 15834)\n"
	    "gongwen: t.md:6:4: warning: half-width '(' in Chinese text; write '（' (GB/T 15834)\n"
	    "gongwen: t.md:6:6: warning: half-width ')' in Chinese text; write '）' (GB/T 15834)\n");
	diag_reset();
	d = parse("---\n发文字号: 许政〔2024〕第7号\n---\n正文\n");
	assert_non_null(strstr(diags(), "no 第 before the number"));
	d = parse("---\n发文字号: 许政〔2024〕07号\n---\n正文\n");
	assert_non_null(strstr(diags(), "no leading zero"));
	diag_set_strict(true);
	diag_reset();
	d = parse("---\n成文日期: 2024年03月01日\n---\n正文\n");
	diag_set_strict(false);
	assert_null(d);     /* --strict: the lint is an error */
	assert_non_null(strstr(diags(), "error: 成文日期 \"2024年03月01日\": no leading zeros"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_heading_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cn_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_number_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_number_from_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_overrides_front, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbering_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_softbreak_joins_chinese, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strong_and_pagebreak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_key_suggests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_spaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
