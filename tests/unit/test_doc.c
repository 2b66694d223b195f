/* test_doc.c — Markdown to the doc model: heading numbers, run-in headings,
 * soft breaks, front matter checks. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "doc.h"
#include "render.h"
#include "utf8.h"

#include <unistd.h>

/* setup, teardown, diags() and the arena A: testutil.h */

static gw_doc *
parse(const char *text)
{
	render_tmpl t = { "t.md", text, strlen(text), { "/tmp", true, false } };
	return render_doc(A, &t, NULL);
}

static const char *
text_of(const doc_block *b)
{
	abuf t;
	abuf_init(&t, A);
	const doc_spans *sp = doc_block_text_c(b);
	for (size_t i = 0; sp && i < sp->n; i++)
		abuf_put(&t, sp->v[i].text, sp->v[i].len);
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
		assert_string_equal(d->blocks[i].as.heading.number, want[i]);
}

static void
test_own_number_kept(void **state)
{
	(void)state;
	gw_doc *d = parse("# 一、已有编号\n\n## （二）也有\n\n### 3.还有\n");
	assert_non_null(d);
	for (size_t i = 0; i < d->nblocks; i++)
		assert_null(d->blocks[i].as.heading.number);
}

/* A heading's own number is the template's, not the data's: "# {{x}}" with
 * x = "1. 项" keeps its automatic 一、; a literal "# 1. 项" keeps its own. */
static void
test_own_number_from_data(void **state)
{
	rec *data = rec_new(A, REC_MAP, NOPOS);
	rec_map_set(A, data, "x", rec_new_str(A, "1. 项", strlen("1. 项"), NOPOS));
	rec_map_set(A, data, "y", rec_new_str(A, "（一）乙", strlen("（一）乙"), NOPOS));
	const char *text = "# {{x}}\n\n## {{y}}\n\n# 1. 丙\n";
	render_tmpl t = { "t.md", text, strlen(text), { "/tmp", true, false } };
	gw_doc *d = render_doc(A, &t, data);
	assert_non_null(d);
	assert_int_equal(d->nblocks, 3);
	assert_string_equal(d->blocks[0].as.heading.number, "一、");
	/* the data's text stays, less the space beside a Chinese character
	 * (issue 11 item 9: md.c drops it with a warning) */
	assert_string_equal(text_of(&d->blocks[0]), "1.项");
	assert_string_equal(d->blocks[1].as.heading.number, "（一）");
	assert_null(d->blocks[2].as.heading.number);
}

/* --set KEY=VALUE overrides the front matter's KEY */
static void
test_set_overrides_front(void **state)
{
	rec *data = rec_new(A, REC_MAP, NOPOS);
	srcpos sp = { "--set", 0, 0, NULL };
	rec_map_set(A, data, "标题", rec_new_str(A, "关于乙的通知", strlen("关于乙的通知"), sp));
	rec_map_set(A, data, "署名", rec_new_str(A, "数据", strlen("数据"), NOPOS));
	const char *text = "---\n标题: 关于甲的通知\n署名: 某局\n---\n正文。\n";
	render_tmpl t = { "t.md", text, strlen(text), { "/tmp", true, false } };
	gw_doc *d = render_doc(A, &t, data);
	assert_non_null(d);
	assert_string_equal(d->title.s, "关于乙的通知");
	assert_int_equal(d->signatures.n, 1);
	assert_string_equal(d->signatures.v[0], "某局");   /* data alone: no */
}

static void
test_numbering_off(void **state)
{
	(void)state;
	gw_doc *d = parse("---\n编号: 无\n---\n# 标题\n");
	assert_non_null(d);
	assert_null(d->blocks[0].as.heading.number);
}

static void
test_runin(void **state)
{
	(void)state;
	gw_doc *d = parse("## 基本思路。全面贯彻。\n\n## 只有标题。\n\n# 一级。不拆\n");
	assert_non_null(d);
	struct doc_heading *h = &d->blocks[0].as.heading;
	assert_true(h->runin);
	assert_int_equal(h->text.n, 2);
	assert_string_equal(h->text.v[0].text, "基本思路。");
	assert_true(h->text.v[0].style & DOC_SP_HEAD);
	assert_string_equal(h->text.v[1].text, "全面贯彻。");
	assert_false(h->text.v[1].style & DOC_SP_HEAD);
	assert_int_equal(h->text.v[1].pos.col, 9);   /* "## " + 5 characters + 1 */
	assert_false(d->blocks[1].as.heading.runin);  /* 。 only at the end */
	assert_false(d->blocks[2].as.heading.runin);  /* level 1 never runs in */
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
	assert_int_equal(d->blocks[0].as.para.text.n, 3);
	assert_true(d->blocks[0].as.para.text.v[1].style & DOC_SP_STRONG);
	assert_int_equal(d->blocks[1].kind, DOC_PAGEBREAK);
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
	/* a no-break space between Chinese characters is removed, with a
	 * warning at its place (issue 11, item 9) */
	assert_string_equal(text_of(&d->blocks[0]), "甲乙丙");
	assert_string_equal(diags(), "gongwen: t.md:1:2: warning: a no-break "
	    "space (U+00A0) inside Chinese text removed (a 公文 has no spaces "
	    "between characters)\n");
}

static void
test_stray_spaces(void **state)
{
	(void)state;
	gw_doc *d = parse("固定资产投资 26亿元，**增长** 5%，用 Word 2016 写。\n\n"
	    "\xe3\x80\x80\xe3\x80\x80各单位要认真落实。\n");
	assert_non_null(d);
	assert_string_equal(text_of(&d->blocks[0]),
	    "固定资产投资26亿元，增长5%，用Word 2016写。");
	assert_string_equal(text_of(&d->blocks[1]), "各单位要认真落实。");
	assert_string_equal(diags(),
	    "gongwen: t.md:1:7: warning: a space inside Chinese text removed (a "
	    "公文 has no spaces between characters)\n"
	    "gongwen: t.md:1:19: warning: a space inside Chinese text removed (a "
	    "公文 has no spaces between characters)\n"
	    "gongwen: t.md:1:24: warning: a space inside Chinese text removed (a "
	    "公文 has no spaces between characters)\n"
	    "gongwen: t.md:1:34: warning: a space inside Chinese text removed (a "
	    "公文 has no spaces between characters)\n"
	    "gongwen: t.md:3:1: warning: full-width spaces (U+3000) at the start "
	    "of a paragraph removed: gongwen indents every paragraph by two "
	    "characters itself\n");
}

/* Markdown features a 公文 does not have are said, not dropped (issue 11,
 * item 17): a bullet list's items become paragraphs with one warning; a
 * footnote is an error, and so are an image whose file is missing and one
 * inside a line of text (a figure stands alone: golden/figure). */
static void
test_markdown_features(void **state)
{
	(void)state;
	gw_doc *d = parse("正文。\n\n- 第一项\n- 第二项\n  - 嵌套\n");
	assert_non_null(d);
	assert_int_equal(d->nblocks, 4);
	assert_string_equal(text_of(&d->blocks[1]), "第一项");
	assert_string_equal(diags(), "gongwen: t.md:3:1: warning: a bullet list: a "
	    "公文 has no bullet marks, so each item is set as a paragraph of its "
	    "own; number the items (1. 2. …) or make them headings if they are "
	    "points of the text\n");
	assert_null(parse("见图[^1]。\n\n[^1]: 说明。\n"));
	assert_null(parse("见图[^1]。\n"));
	assert_null(parse("![图1](chart.png)\n"));
	assert_null(parse("见![图1](t.md)。\n"));
}

static void
test_lint(void **state)
{
	(void)state;
	gw_doc *d = parse("---\n发文字号: 许政[2024]07号\n成文日期: 二〇二四年三月一日\n"
	    "附件: [工作方案。]\n---\n甲,乙(丙)\n");
	assert_non_null(d);
	assert_string_equal(diags(),
	    "gongwen: t.md:3:7: warning: 成文日期 \"二〇二四年三月一日\": dates are written in Arabic numerals since 2012; write 成文日期: 2018-06-06 (printed 2018年6月6日)\n"
	    "gongwen: t.md:2:7: warning: 发文字号 is printed under the 发文机关标志, and there is none: it is not printed (add 发文机关标志)\n"
	    "gongwen: t.md:2:7: warning: 发文字号 \"许政[2024]07号\": the year goes in 六角括号 〔〕, not [] or 【】 (GB/T 9704 7.2.5)\n"
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
	/* --strict: the lint stays a warning, and the run's exit status is 1
	 * (README: 1 = warnings under --strict); no PDF is written after it */
	assert_non_null(d);
	assert_int_equal(diag_exit_status(), 1);
	diag_set_strict(false);
	assert_non_null(strstr(diags(), "warning: 成文日期 \"2024年03月01日\": no leading zeros"));
}

/* Every key has one accepted shape; anything else is an error at its
 * line:column, in the doc stage (issue 14 item 9). */
static void
test_front_shapes(void **state)
{
	(void)state;
	static const struct { const char *fm, *err; } c[] = {
		{ "标题: {a: 1}", "t.md:2:5: error: 标题: expected a text, not a group of keys" },
		{ "成文日期: [x]", "t.md:2:7: error: 成文日期: expected a text, not a list" },
		{ "格式: [x]", "t.md:2:5: error: 格式: expected a text, not a list" },
		{ "署名: {甲: 乙}", "t.md:2:5: error: 署名: expected a text or a list of texts, not a group of keys" },
		{ "署名: [甲, [乙]]", "t.md:2:9: error: 署名: each item must be a text, not a list" },
		{ "数据: x.csv", "t.md:2:5: error: 数据 at the top of the front matter does nothing" },
		{ "编号: 也许", "t.md:2:5: error: 编号 \"也许\": 自动" },
		{ "成文日期: 2018-02-31", "t.md:2:7: error: 成文日期 \"2018-02-31\" is not a day of the calendar" },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		diag_reset();
		fflush(dstream);
		size_t before = dlen;
		gw_doc *d = parse(arena_printf(A, "---\n%s\n---\n正文\n", c[i].fm));
		assert_null(d);
		const char *said = diags() + before;
		if (strstr(said, c[i].err) == NULL)
			fail_msg("%s: said %s", c[i].fm, said);
	}
}

/* Elements the format does not print are said, not dropped. */
static void
test_front_combinations(void **state)
{
	(void)state;
	gw_doc *d = parse("---\n发文字号: 许政〔2024〕7号\n签发人: 张三\n---\n正文\n");
	assert_non_null(d);
	assert_non_null(strstr(diags(), "t.md:2:7: warning: 发文字号 is printed under the "
	    "发文机关标志, and there is none"));
	assert_non_null(strstr(diags(), "t.md:3:6: warning: 签发人 is printed"));
	char dir[4096];
	assert_non_null(getcwd(dir, sizeof dir - 20));
	strcat(dir, "/tests/golden");
	const char *t = "---\n署名: [甲局, 乙局]\n印章: [seal.png, seal.png, seal.png]\n---\n正文\n";
	render_tmpl tp = { "t.md", t, strlen(t), { dir, true, false } };
	assert_null(render_doc(A, &tp, NULL));
	assert_non_null(strstr(diags(), "t.md:3:5: error: 3 印章 for 2 署名: one seal per 署名"));
}

/* --dump=doc prints the typed fields. */
static void
test_dump_typed(void **state)
{
	(void)state;
	gw_doc *d = parse("---\n标题: 关于的通知\n成文日期: 2018/6/6\n署名: [甲, 乙]\n"
	    "附件: [方案]\n---\n正文\n");
	assert_non_null(d);
	char *buf;
	size_t n;
	FILE *f = open_memstream(&buf, &n);
	doc_dump(d, f);
	fclose(f);
	assert_non_null(strstr(buf, "  标题 = \"关于的通知\" @2:5\n"));
	assert_non_null(strstr(buf, "  成文日期 = 2018-06-06 @3:7\n"));
	assert_non_null(strstr(buf, "  署名 = [\"甲\", \"乙\"] @4:5\n"));
	assert_non_null(strstr(buf, "  附件[1] = \"方案\""));
	free(buf);
}

/* 主题 and 关键词: the PDF Info's Subject and Keywords. */
static void
test_pdf_info(void **state)
{
	(void)state;
	gw_doc *d = parse("---\n发文字号: 许政〔2024〕7号\n---\n正文\n");
	assert_non_null(d);
	assert_string_equal(d->info_subject, "许政〔2024〕7号");   /* the default */
	assert_null(d->info_keywords);
	d = parse("---\n发文字号: 许政〔2024〕7号\n主题: 财政局考核评分表：总分89.5分，等次良好\n"
	    "关键词: [考核评分表, 财政局, \"\", 良好]\n---\n正文\n");
	assert_non_null(d);
	assert_string_equal(d->info_subject, "财政局考核评分表：总分89.5分，等次良好");
	assert_string_equal(d->info_keywords, "考核评分表; 财政局; 良好");   /* empty dropped */
	d = parse("---\n关键词: 考核\n---\n正文\n");
	assert_non_null(d);
	assert_string_equal(d->info_keywords, "考核");
	assert_null(d->info_subject);
	assert_null(parse("---\n主题: [a, b]\n---\n正文\n"));
	assert_non_null(strstr(diags(), "t.md:2:5: error: 主题: expected a text, not a list"));
	assert_null(parse("---\n关键词: [a, {b: 1}]\n---\n正文\n"));
	assert_non_null(strstr(diags(), "error: 关键词: each item must be a text, not a group of keys"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_heading_numbers, setup, teardown),
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
		cmocka_unit_test_setup_teardown(test_stray_spaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_front_shapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_front_combinations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_typed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_info, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
