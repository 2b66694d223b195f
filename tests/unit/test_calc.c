/* test_calc.c — the scoring stage: bands at every boundary, ties, weights,
 * per-unit maxima, exact sums, the summary, and every validation error. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "calc.h"
#include "rec.h"

/* setup, teardown, diags() and the arena A: testutil.h */

static rec *data;

/* Run scheme (YAML) over a CSV bound as 单位. */
static bool
run(const char *scheme, const char *csv)
{
	/* each run's messages alone */
	clear_diags();
	rec *s = rec_yaml_parse(A, "t.md", scheme, strlen(scheme), 2);
	assert_non_null(s);
	rec *rows = rec_csv_parse(A, "s.csv", csv, strlen(csv), "utf-8");
	assert_non_null(rows);
	data = rec_new(A, REC_MAP, NOPOS);
	rec_map_set(A, data, "单位", rows);
	return calc_run(A, s, ".", data, NULL);
}

static const char *
get(const char *path)
{
	const rec *r = rec_path(data, path);
	return r ? r->s : "(missing)";
}

#define ONE_ITEM "项目: [{考核内容: 得分, 分值: 100}]\n"

static void
test_bands_at_every_boundary(void **state)
{
	(void)state;
	assert_true(run(ONE_ITEM, "单位,得分\n甲,59.99\n乙,60\n丙,79.5\n丁,80\n戊,89.99\n"
	    "己,90\n庚,100\n辛,0\n壬,79.99\n"));
	assert_string_equal(diags(), "");
	const char *want[] = { "不合格", "合格", "合格", "良好", "良好", "优秀", "优秀",
	    "不合格", "合格" };
	for (int i = 0; i < 9; i++) {
		char p[64];
		snprintf(p, sizeof p, "单位.%d.等次", i);
		assert_string_equal(get(p), want[i]);
	}
	assert_string_equal(get("考核结果.优秀.个数"), "2");
	assert_string_equal(get("考核结果.良好.名单"), "戊、丁");
	assert_string_equal(get("考核结果.合格.个数"), "3");
	assert_string_equal(get("考核结果.不合格.名单"), "甲、辛");
	assert_string_equal(get("考核结果.等次.3.等次"), "不合格");
}

static void
test_bands_as_written(void **state)
{
	(void)state;
	/* exclusive lower bounds and inclusive upper ones, full-width signs */
	assert_true(run(ONE_ITEM "等次: {好: \">90\", 中: \"≥60 且 ≤90\", 差: ＜60分}\n",
	    "单位,得分\n甲,90\n乙,90.01\n丙,60\n丁,59.5\n"));
	assert_string_equal(get("单位.0.等次"), "中");
	assert_string_equal(get("单位.1.等次"), "好");
	assert_string_equal(get("单位.2.等次"), "中");
	assert_string_equal(get("单位.3.等次"), "差");
	/* a list of bands, in any order */
	assert_true(run(ONE_ITEM "等次: [{差: <60}, {好: ≥60}]\n", "单位,得分\n甲,60\n"));
	assert_string_equal(get("单位.0.等次"), "好");
}

static void
test_ties(void **state)
{
	(void)state;
	assert_true(run(ONE_ITEM, "单位,得分\n甲,90\n乙,95\n丙,95.0\n丁,80\n戊,80\n己,70\n"));
	assert_string_equal(get("单位.0.名次"), "3");
	assert_string_equal(get("单位.1.名次"), "1");
	assert_string_equal(get("单位.2.名次"), "1");
	assert_string_equal(get("单位.3.名次"), "4");
	assert_string_equal(get("单位.4.名次"), "4");
	assert_string_equal(get("单位.5.名次"), "6");
	/* 排名: by rank, ties in data order */
	assert_string_equal(get("考核结果.排名.0.单位"), "乙");
	assert_string_equal(get("考核结果.排名.1.单位"), "丙");
	assert_string_equal(get("考核结果.排名.2.单位"), "甲");
	assert_string_equal(get("考核结果.排名.5.单位"), "己");
	assert_string_equal(get("考核结果.最高分"), "95");
	assert_string_equal(get("考核结果.最低分"), "70");
	assert_string_equal(get("考核结果.平均分"), "85.00");
	assert_string_equal(get("考核结果.单位数"), "6");
}

static void
test_decimal_sums(void **state)
{
	(void)state;
	const char *s = "项目: [{考核内容: 甲项, 分值: 20}, {考核内容: 乙项, 分值: 1}, "
	    "{考核内容: 丙项, 分值: 79}]\n";
	assert_true(run(s, "单位,甲项,乙项,丙项\nA,19.5,0.1,0\nB,0.1,0.2,0\nC,20,1,79\n"
	    "D,19.99,0.01,70\n"));
	assert_string_equal(get("单位.0.总分"), "19.6");
	assert_string_equal(get("单位.1.总分"), "0.3");
	assert_string_equal(get("单位.2.总分"), "100");
	assert_string_equal(get("单位.3.总分"), "90");
	assert_string_equal(get("单位.3.等次"), "优秀");
	assert_string_equal(get("单位.0.扣分"), "80.4");
	assert_string_equal(get("单位.0.考核项目.0.扣分"), "0.5");
	assert_string_equal(get("单位.0.考核项目.1.得分"), "0.1");
	assert_string_equal(get("考核结果.平均分"), "52.48");   /* 209.9 / 4 = 52.475 */
	assert_string_equal(get("考核结果.项目.0.平均得分"), "14.90");
	assert_string_equal(get("单位.0.满分"), "100");
}

static void
test_weights(void **state)
{
	(void)state;
	/* 绝对量 and 增速 50 % each, scored out of 100 and 50 */
	const char *s = "项目:\n  - {考核内容: 绝对量, 分值: 100, 权重: 50%}\n"
	    "  - {考核内容: 增速, 分值: 50, 权重: 50%}\n";
	assert_true(run(s, "单位,绝对量,增速\n甲,80,45\n乙,100,50\n丙,60,20\n丁,1,0\n"));
	assert_string_equal(diags(), "");
	assert_string_equal(get("单位.0.加权分"), "85.00");
	assert_string_equal(get("单位.0.总分"), "125");
	assert_string_equal(get("单位.0.等次"), "良好");    /* from 加权分, not 总分 */
	assert_string_equal(get("单位.1.加权分"), "100.00");
	assert_string_equal(get("单位.2.加权分"), "50.00");
	assert_string_equal(get("单位.3.加权分"), "0.50");
	assert_string_equal(get("单位.0.考核项目.1.加权得分"), "45.00");
	assert_string_equal(get("单位.0.考核项目.1.权重"), "50%");
	assert_string_equal(get("考核结果.满分"), "100");
	assert_string_equal(get("单位.1.名次"), "1");
	/* fractions that add up to 1; thirds rounded once, half away from zero */
	s = "项目:\n  - {考核内容: 甲, 分值: 3, 权重: 0.5}\n  - {考核内容: 乙, 分值: 3, 权重: 0.5}\n"
	    "小数位: 1\n";
	assert_true(run(s, "单位,甲,乙\nA,1,1\nB,2,1\nC,3,3\n"));
	assert_string_equal(get("单位.0.加权分"), "33.3");
	assert_string_equal(get("单位.1.加权分"), "50.0");
	assert_string_equal(get("单位.2.加权分"), "100.0");
	assert_string_equal(get("单位.0.考核项目.0.权重"), "50%");
	/* a 加权分 that rounds up to a boundary takes the band of what is printed */
	s = "项目:\n  - {考核内容: 甲, 分值: 3, 权重: 30%}\n  - {考核内容: 乙, 分值: 100, 权重: 70%}\n";
	assert_true(run(s, "单位,甲,乙\nA,2.9999,90\n"));   /* 29.999 + 63 = 92.999 */
	assert_string_equal(get("单位.0.加权分"), "93.00");
}

static void
test_overrides(void **state)
{
	(void)state;
	const char *s = "单位: 责任单位\n项目:\n  - {考核内容: 宣传发动, 分值: 20}\n"
	    "  - {考核内容: 确定方案, 分值: 40}\n  - {考核内容: 签约, 分值: 40}\n"
	    "调整:\n  - {单位: [甲局, 乙局], 分值: {签约: 80, 确定方案: 0}}\n";
	assert_true(run(s, "责任单位,宣传发动,确定方案,签约\n甲局,20,,75\n乙局,18,0,80\n"
	    "丙局,20,39.5,40\n"));
	assert_string_equal(diags(), "");
	assert_string_equal(get("单位.0.总分"), "95");
	assert_string_equal(get("单位.0.满分"), "100");
	assert_string_equal(get("单位.0.考核项目.2.分值"), "80");
	assert_string_equal(get("单位.0.考核项目.1.分值"), "0");
	assert_string_equal(get("单位.0.考核项目.1.不考核"), "true");
	assert_string_equal(get("单位.2.考核项目.1.不考核"), "false");
	assert_string_equal(get("单位.1.总分"), "98");
	assert_string_equal(get("单位.2.总分"), "99.5");
	assert_string_equal(get("单位.2.被考评单位"), "丙局");
	/* above the unit's own maximum */
	assert_false(run(s, "责任单位,宣传发动,确定方案,签约\n甲局,20,,81\n乙局,18,,80\n丙局,20,20,41\n"));
	assert_string_equal(diags(),
	    "gongwen: s.csv:2:8: error: 签约 81 of 甲局 is above the item's 分值 80 (调整 for this unit)\n"
	    "gongwen: s.csv:4:10: error: 签约 41 of 丙局 is above the item's 分值 40\n");
}

static void
test_long_form(void **state)
{
	(void)state;
	const char *s = "项目:\n  - {考核内容: 宣传发动, 分值: 50}\n  - {考核内容: 开工建设, 分值: 50}\n";
	assert_true(run(s, "单位,项目,得分,扣分说明,联系人\n甲局,宣传发动,45,逾期一周,王\n"
	    "乙局,宣传发动,50,,李\n甲局,开工建设,40.5,未开工,王\n乙局,开工建设,49.5,,李\n"));
	assert_string_equal(diags(), "");
	assert_string_equal(get("考核结果.单位.0.单位"), "甲局");
	assert_string_equal(get("考核结果.单位.0.联系人"), "王");
	assert_string_equal(get("考核结果.单位.0.总分"), "85.5");
	assert_string_equal(get("考核结果.单位.0.考核项目.1.扣分说明"), "未开工");
	assert_string_equal(get("考核结果.单位.1.总分"), "99.5");
	assert_string_equal(get("考核结果.单位.1.名次"), "1");
	assert_string_equal(get("考核结果.单位.0.项目"), "(missing)");
	/* a second score, an unknown item, a missing one */
	assert_false(run(s, "单位,项目,得分\n甲局,宣传发动,45\n甲局,宣传发动,40\n乙局,开工,50\n"
	    "乙局,宣传发动,50\n"));
	assert_string_equal(diags(),
	    "gongwen: s.csv:3:4: error: 甲局 has a second score for 宣传发动 (first at s.csv:2:9)\n"
	    "gongwen: s.csv:4:4: error: 项目 \"开工\" is not an item of the scheme\n"
	    "gongwen: s.csv:2:1: error: 甲局 has no row for the item 开工建设\n"
	    "gongwen: s.csv:5:1: error: 乙局 has no row for the item 开工建设\n");
}

static void
test_cell_errors(void **state)
{
	(void)state;
	assert_false(run(ONE_ITEM, "单位,得分\n甲,二十\n乙,-1\n丙,100.5\n甲,90\n,80\n丁,\n"
	    "戊,1234567890123456789\n"));
	assert_string_equal(diags(),
	    "gongwen: s.csv:2:3: error: 得分 \"二十\" of 甲 is not a number\n"
	    "gongwen: s.csv:5:1: error: 甲 appears twice (first at s.csv:2:1)\n"
	    "gongwen: s.csv:6:1: error: this row names no unit: its 单位 is empty\n"
	    "gongwen: s.csv:8:3: error: 得分 \"1234567890123456789\" of 戊 has more than 18 digits\n"
	    "gongwen: s.csv:7:3: error: 丁 has no score for 得分 (column 得分)\n"
	    "gongwen: s.csv:3:3: error: 得分 -1 of 乙 is below 0\n"
	    "gongwen: s.csv:4:3: error: 得分 100.5 of 丙 is above the item's 分值 100\n");
}

static void
test_range_errors(void **state)
{
	(void)state;
	assert_false(run(ONE_ITEM, "单位,得分\n乙,-1\n丙,100.5\n"));
	assert_string_equal(diags(),
	    "gongwen: s.csv:2:3: error: 得分 -1 of 乙 is below 0\n"
	    "gongwen: s.csv:3:3: error: 得分 100.5 of 丙 is above the item's 分值 100\n");
}

static void
test_missing_columns(void **state)
{
	(void)state;
	assert_false(run("项目: [{考核内容: 宣传发动, 分值: 50}, {考核内容: 开工, 分值: 50, 列: 开工得分}]\n",
	    "名称,宣传发动\n甲,1\n"));
	assert_string_equal(diags(),
	    "gongwen: s.csv:2: error: 考核: the data has no column 开工得分 for the item 开工; "
	    "name it with 列: in the scheme\n"
	    "gongwen: s.csv:2: error: 考核: the data has no column 单位 naming the unit; "
	    "name the column with 单位: in the scheme\n");
}

static void
test_weight_errors(void **state)
{
	(void)state;
	assert_false(run("项目:\n  - {考核内容: 甲, 分值: 10, 权重: 40%}\n"
	    "  - {考核内容: 乙, 分值: 10, 权重: 50%}\n", "单位,甲,乙\nA,1,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:3: error: 考核.项目: the 权重 add up "
	    "to 90%, not 100%\n");
	assert_false(run("项目:\n  - {考核内容: 甲, 分值: 10, 权重: 100%}\n"
	    "  - {考核内容: 乙, 分值: 10}\n", "单位,甲,乙\nA,1,1\n"));
	assert_string_equal(diags() + strlen(diags()) - strlen("give every item a 权重\n"),
	    "give every item a 权重\n");
	assert_false(run("项目:\n  - {考核内容: 甲, 分值: 10, 权重: 很多}\n", "单位,甲\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:27: error: 考核.项目: 权重 \"很多\" is "
	    "not a percentage such as 50%\n");
}

static void
test_band_errors(void **state)
{
	(void)state;
	assert_false(run(ONE_ITEM "等次: {优秀: ≥90, 良好: ≥80 且 <89, 差: <80}\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:10: error: 考核.等次: 良好 (≥80 且 <89) "
	    "and 优秀 (≥90) leave a gap: a total between 89 and 90 has no 等次\n");
	assert_false(run(ONE_ITEM "等次: {优秀: ≥90, 良好: ≥80 且 ≤90, 差: <80}\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:10: error: 考核.等次: 良好 (≥80 且 ≤90) "
	    "and 优秀 (≥90) overlap: a total of 90 is in both\n");
	assert_false(run(ONE_ITEM "等次: {优秀: \">90\", 良好: ≥80 且 <90, 差: <80}\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:11: error: 考核.等次: 良好 (≥80 且 <90) "
	    "and 优秀 (>90) leave a gap: a total of exactly 90 has no 等次\n");
	assert_false(run(ONE_ITEM "等次: {优秀: ≥90, 良好: ≥70 且 <95, 差: <70}\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:10: error: 考核.等次: 良好 (≥70 且 <95) "
	    "and 优秀 (≥90) overlap: a total of 90 is in both\n");
	assert_false(run(ONE_ITEM "等次: {优秀: ≥90, 合格: ≥60 且 <90}\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:19: error: 考核.等次: no band holds a "
	    "total from 0 to 60 (the lowest band 合格 starts at ≥60)\n");
	assert_false(run(ONE_ITEM "等次: {优秀: ≥90 且 <100, 差: <90}\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:10: error: 考核.等次: no band holds a "
	    "total of 100 (满分); the highest band 优秀 ends at <100\n");
	assert_false(run(ONE_ITEM "等次: {优秀: 九十以上, 差: <90 且 <80}\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(),
	    "gongwen: t.md:3:10: error: 考核.等次: 优秀 \"九十以上\": write the bounds as ≥90, "
	    "≥80 且 <90, <60 (≥ > ≤ <, in YAML quote those starting with > or <)\n"
	    "gongwen: t.md:3:19: error: 考核.等次: 差 \"<90 且 <80\": write the bounds as ≥90, "
	    "≥80 且 <90, <60 (≥ > ≤ <, in YAML quote those starting with > or <)\n");
	assert_false(run(ONE_ITEM "等次: {空: ≥90 且 <80}\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:9: error: 考核.等次: 空 \"≥90 且 <80\" "
	    "holds no total at all\n");
}

static void
test_scheme_errors(void **state)
{
	(void)state;
	assert_false(run("项目: []\n", "单位,得分\nA,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:2:5: error: 考核: 项目 must list the items, "
	    "each as {考核内容: …, 分值: …}\n");
	assert_false(run("项目: [{考核内容: 甲, 分值: 5}, {考核内容: 丙, 分值: 二十}, {分值: 1}, "
	    "{考核内容: 乙}, {考核内容: 甲, 分值: 5}]\n", "单位,甲\nA,1\n"));
	assert_string_equal(diags(),
	    "gongwen: t.md:2:38: error: 考核: 分值 \"二十\" is not a number\n"
	    "gongwen: t.md:2:43: error: 考核.项目: item 3 has no 考核内容\n"
	    "gongwen: t.md:2:52: error: 考核.项目: 乙 has no 分值\n"
	    "gongwen: t.md:2:63: error: 考核.项目: 甲 is listed twice (items 1 and 5)\n");
	assert_false(run(ONE_ITEM "调整: [{单位: 无此局, 分值: {得分: 50}}, {单位: 甲, 分值: {无此项: 1}}]\n",
	    "单位,得分\n甲,1\n"));
	assert_string_equal(diags(),
	    "gongwen: t.md:3:11: error: 考核.调整: 无此局 is not a unit in the data\n"
	    "gongwen: t.md:3:49: error: 考核.调整: 无此项 is not an item of the scheme\n");
	assert_false(run(ONE_ITEM "数据: 无此表\n", "单位,得分\n甲,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:3:5: error: 考核: 数据 无此表: the data has "
	    "no list of that name\n");
	assert_true(run(ONE_ITEM "满分: 100\n结果: 汇总\n评分人: 张三\n", "单位,得分\n甲,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:5:6: warning: 考核: unknown key \"评分人\" "
	    "(数据, 单位, 项目, 等次, 满分, 调整, 形式, 项目列, 得分列, 说明列, 小数位, 结果)\n");
	assert_string_equal(get("汇总.单位数"), "1");
}

static void
test_typed_in_values(void **state)
{
	(void)state;
	/* a total added up by hand and a rank typed in are checked, not trusted */
	assert_true(run(ONE_ITEM, "单位,得分,总分,等次,名次\n甲,89.5,89.5,良好,1\n乙,90,91,良好,2\n"));
	assert_string_equal(diags(),
	    "gongwen: s.csv:2:16: warning: 名次 \"1\" in the data is not the computed 2; "
	    "the computed value is used\n"
	    "gongwen: s.csv:3:6: warning: 总分 \"91\" in the data is not the computed 90; "
	    "the computed value is used\n"
	    "gongwen: s.csv:3:9: warning: 等次 \"良好\" in the data is not the computed 优秀; "
	    "the computed value is used\n"
	    "gongwen: s.csv:3:12: warning: 名次 \"2\" in the data is not the computed 1; "
	    "the computed value is used\n");
	assert_string_equal(get("单位.1.总分"), "90");
	/* the summary's name must be free */
	assert_false(run(ONE_ITEM "结果: 单位\n", "单位,得分\n甲,1\n"));
	assert_string_equal(diags(), "gongwen: t.md:2:1: error: 考核: the data already has 单位; "
	    "name the summary with 结果: …\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bands_at_every_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bands_as_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decimal_sums, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cell_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weight_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_band_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scheme_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_in_values, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
