/* test_table.c — tables: spec errors, merges, widths, page parts, drawing. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "doc.h"
#include "rec.h"
#include "render.h"
#include "tmpl.h"
#include "table.h"
#include "utf8.h"
#include <math.h>

#define MMPT 2.834645669
#define FRAME 442.205     /* the 版心 width, pt */

/* Metrics: a 汉字 one em, anything else half an em. */
static double
adv(void *ctx, int face, uint32_t cp, double size)
{
	(void)ctx; (void)face;
	return cp >= 0x2E80 ? size : size / 2;
}

/* A spec and a CSV bound under the name 表. */
static tbl *
mk(const char *spec, const char *csv)
{
	tbl *t = tbl_parse(A, "t.md", spec, strlen(spec), 2);
	if (t == NULL)
		return NULL;
	rec *ctx = rec_new(A, REC_MAP, NOPOS);
	if (csv) {
		rec *rows = rec_csv_parse(A, "表.csv", csv, strlen(csv), NULL);
		assert_non_null(rows);
		rec_map_set(A, ctx, "表", rows);
	}
	if (!tbl_bind(A, t, ctx, "."))
		return NULL;
	return t;
}

static void
test_unknown_key(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n列:\n  - {标题: 甲, 对其: 左}\n", "甲\n1\n");
	assert_null(t);
	assert_non_null(strstr(diags(), "t.md:4:"));
	assert_non_null(strstr(diags(), "unknown key \"对其\"; did you mean 对齐?"));
}

static void
test_pct_over(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n列:\n  - {标题: 甲, 宽: 60%}\n  - {标题: 乙, 宽: 50%}\n", "甲,乙\n1,2\n");
	assert_null(t);
	assert_non_null(strstr(diags(), "t.md:5:"));
	assert_non_null(strstr(diags(), "110%, over 100%"));
}

static void
test_missing_field(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n列:\n  - {标题: 甲, 值: \"{{乙名}}\"}\n", "甲,乙名称\n1,2\n3,4\n");
	assert_null(t);
	assert_non_null(strstr(diags(), "no field 乙名 in the row (row at 表.csv:2)"));
}

static void
test_widths_fixed(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n列:\n  - {标题: 甲, 宽: 30mm}\n  - {标题: 乙, 宽: 25%}\n"
	    "  - {标题: 丙}\n", "甲,乙,丙\n1,2,3\n");
	assert_non_null(t);
	assert_true(tbl_measure(A, t, FRAME, adv, NULL));
	assert_true(fabs(t->cols[0].w - 30 * MMPT) < 1e-6);
	assert_true(fabs(t->cols[1].w - FRAME / 4) < 1e-6);
	assert_true(fabs(t->width - FRAME) < 1e-6);     /* automatic takes the rest */
}

static void
test_widths_auto(void **state)
{
	(void)state;
	/* a phone number is never broken; short names stay on one line; the
	 * long text takes what is left */
	tbl *t = mk("数据: 表\n字号: 4号\n列:\n  - {标题: 手机}\n  - {标题: 联系人}\n  - {标题: 工作内容}\n",
	    "手机,联系人,工作内容\n13939913088,吴莉丽,"
	    "二〇一三年十二月初至二〇一四年三月底确定改造企业的项目开发方案完成可行性研究报告经城乡规划国土资源招商经济发展等相关部门审核同意后报管委会批准实施\n");
	assert_non_null(t);
	assert_true(tbl_measure(A, t, FRAME, adv, NULL));
	double pad = 2 * t->padx;
	assert_true(t->cols[0].w >= 11 * 7 + pad - 1e-6);
	assert_int_equal(t->rows[1].c[0].nlines, 1);
	assert_int_equal(t->rows[1].c[1].nlines, 1);
	assert_true(t->rows[1].c[2].nlines > 1);
	assert_true(t->cols[2].w > t->cols[0].w);
	assert_true(fabs(t->width - FRAME) < 1e-6);
	for (size_t j = 0; j < 3; j++)
		assert_true(t->cols[j].w >= t->size + pad - 1e-6);  /* one character + padding */
}

static void
test_widths_impossible(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n列:\n  - 甲\n  - 乙\n  - 丙\n  - 丁\n",
	    "甲,乙,丙,丁\n123456789012345678901234567890,123456789012345678901234567890,"
	    "123456789012345678901234567890,123456789012345678901234567890\n");
	assert_non_null(t);
	assert_false(tbl_measure(A, t, FRAME, adv, NULL));
	assert_non_null(strstr(diags(), "the table does not fit"));
	assert_non_null(strstr(diags(), "横排: true"));
	/* and a fixed column too narrow for its number */
	t = mk("数据: 表\n列:\n  - {标题: 甲, 宽: 10mm}\n", "甲\n13939913088\n");
	assert_non_null(t);
	assert_false(tbl_measure(A, t, FRAME, adv, NULL));
	assert_non_null(strstr(diags(), "t.md:4:"));
}

/* A short text on two lines is balanced, but not to a width where 避头尾
 * pushes a character down and spreads the rest (开 工 逾 期 一/周，扣2.5分). */
static void
test_balance_no_push(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n字号: 4号\n列:\n  - {标题: 说明, 宽: 50mm}\n",
	    "说明\n开工逾期一周，扣2.5分\n洛阳铝箔厂有限责任公司\n可研报告补正，扣1分\n");
	assert_non_null(t);
	assert_true(tbl_measure(A, t, FRAME, adv, NULL));
	const tbl_cell *c = &t->rows[1].c[0];
	assert_int_equal(c->nlines, 2);
	assert_true(c->lines[0].kinsoku >= 0);
	assert_int_equal(c->lines[0].end, 7);            /* 开工逾期一周， */
	/* and a text with no mark is still balanced (洛阳铝箔厂有/限责任公司) */
	c = &t->rows[2].c[0];
	assert_int_equal(c->nlines, 2);
	assert_int_equal(c->lines[0].end, 6);
	/* a break after the comma rather than inside 补正 */
	c = &t->rows[3].c[0];
	assert_int_equal(c->nlines, 2);
	assert_int_equal(c->lines[0].end, 7);            /* 可研报告补正， */
}

/* A line 避头尾 left one character short is not spread in a cell. */
static void
test_pushed_line_flush_left(void **state)
{
	(void)state;
	/* 40 mm less the margins holds 7 cells of 4号 (14 pt) */
	tbl *t = mk("数据: 表\n字号: 4号\n列:\n  - {标题: 部门, 宽: 40mm}\n",
	    "部门\n市发展和改革委、财政局、人力资源社会保障局\n");
	assert_non_null(t);
	assert_true(tbl_measure(A, t, FRAME, adv, NULL));
	const tbl_cell *c = &t->rows[1].c[0];
	assert_true(c->nlines >= 2);
	assert_int_equal(c->lines[0].kinsoku, -1);       /* 委 went down with 、 */
	assert_int_equal(c->lines[0].end, 6);
	for (size_t i = 0; i < 6; i++)
		assert_true(fabs(c->ch[i].x - i * t->size) < 1e-6);
}

static void
test_merge_blank(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n列:\n  - {标题: 企业, 合并: 同上}\n  - {标题: 内容}\n",
	    "企业,内容\n甲,a\n,b\n,c\n乙,d\n,e\n");
	assert_non_null(t);
	assert_int_equal(t->nhead, 1);
	assert_int_equal(t->rows[1].c[0].rowspan, 3);
	assert_int_equal(t->rows[2].c[0].rowspan, 0);
	assert_int_equal(t->rows[3].c[0].ar, 1);
	assert_int_equal(t->rows[4].c[0].rowspan, 2);
	assert_int_equal(t->rows[1].c[1].rowspan, 1);
}

static void
test_merge_equal(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n列:\n  - {标题: 类别, 合并: 相同}\n  - {标题: 名}\n",
	    "类别,名\n一类,a\n一类,b\n二类,c\n一类,d\n,e\n,f\n");
	assert_non_null(t);
	assert_int_equal(t->rows[1].c[0].rowspan, 2);
	assert_int_equal(t->rows[3].c[0].rowspan, 1);
	assert_int_equal(t->rows[4].c[0].rowspan, 1);
	assert_int_equal(t->rows[5].c[0].rowspan, 1);   /* blanks are not equal values */
}

static void
test_merge_within_key(void **state)
{
	(void)state;
	/* 联系人 blank for 丙 (none): it must not continue 乙's contact */
	tbl *t = mk("数据: 表\n列:\n  - {标题: 企业, 合并: 同上}\n"
	    "  - {标题: 联系人, 合并: {方式: 同上, 按: 企业}}\n  - 事\n",
	    "企业,联系人,事\n甲,张,1\n,,2\n乙,王,3\n丙,,4\n,,5\n");
	assert_non_null(t);
	assert_int_equal(t->rows[1].c[1].rowspan, 2);   /* 甲's second row */
	assert_int_equal(t->rows[3].c[1].rowspan, 1);   /* 乙 */
	assert_int_equal(t->rows[4].c[1].rowspan, 2);   /* 丙: its own (blank) cell */
	assert_int_equal(t->rows[4].c[0].rowspan, 2);
}

static void
test_group_rows_and_total(void **state)
{
	(void)state;
	tbl *t = mk("数据: 表\n序号: true\n分组: 类\n列:\n  - 名\n  - {标题: 分, 合计: true}\n",
	    "类,名,分\n甲,a,1.5\n甲,b,2\n乙,c,0.25\n");
	assert_non_null(t);
	assert_int_equal(t->nrows, 1 + 2 + 3 + 1);
	assert_int_equal(t->rows[1].kind, TR_GROUP);
	assert_int_equal(t->rows[1].c[0].colspan, 3);
	assert_string_equal(t->rows[2].c[0].text, "1");
	assert_string_equal(t->rows[5].c[0].text, "3");
	assert_int_equal(t->rows[6].kind, TR_TOTAL);
	assert_string_equal(t->rows[6].c[2].text, "3.75");
}

/* Rows of one line each: 30 rows, pages of 10 rows. */
static tbl *
many(size_t n, const char *extra)
{
	char *csv = arena_printf(A, "名,值");
	for (size_t i = 0; i < n; i++)
		csv = arena_printf(A, "%s\n行%zu,%s", csv, i, i == 5 && extra ? extra : "x");
	csv = arena_printf(A, "%s\n", csv);
	tbl *t = mk("数据: 表\n列:\n  - 名\n  - {标题: 值, 宽: 20mm}\n", csv);
	assert_non_null(t);
	assert_true(tbl_measure(A, t, FRAME, adv, NULL));
	return t;
}

static void
test_header_repeat(void **state)
{
	(void)state;
	tbl *t = many(30, NULL);
	double rh = t->rows[1].h;
	tbl_part *p;
	size_t n = tbl_paginate(A, t, 10 * rh + 1, 10 * rh + 1, &p);
	assert_int_equal(n, 4);      /* 9 body rows under each header: 30 rows in 4 parts */
	size_t next = 1;
	for (size_t i = 0; i < n; i++) {
		assert_true(p[i].ns >= 2);
		assert_int_equal(p[i].s[0].row, 0);   /* header first */
		assert_true(p[i].h <= 10 * rh + 1 + 1e-6);
		for (size_t k = 1; k < p[i].ns; k++)
			assert_int_equal(p[i].s[k].row, next++);
	}
	assert_int_equal(next, 31);
	/* no lonely header: room for the header only → new page */
	n = tbl_paginate(A, t, 1.5 * rh, 10 * rh + 1, &p);
	assert_true(p[0].new_page);
	/* 表头重复: false — the header on the first part only */
	t->repeat_head = false;
	n = tbl_paginate(A, t, 10 * rh + 1, 10 * rh + 1, &p);
	assert_int_equal(n, 4);      /* 9 rows under the header, then 10, 10, 1 */
	assert_int_equal(p[0].s[0].row, 0);
	assert_int_equal(p[1].s[0].row, 10);
	assert_int_equal(p[2].s[0].row, 20);
	assert_int_equal(p[3].s[0].row, 30);
	assert_int_equal(p[3].ns, 1);
}

static void
test_row_split(void **state)
{
	(void)state;
	/* row 5 holds 25 lines in a 20 mm column */
	char *lots = arena_strdup(A, "");
	for (int i = 0; i < 100; i++)
		lots = arena_printf(A, "%s字", lots);
	tbl *t = many(8, lots);
	const tbl_row *big = &t->rows[6];
	assert_true(big->nl >= 20);
	double page = 10 * t->rows[1].h;
	tbl_part *p;
	size_t n = tbl_paginate(A, t, page, page, &p);
	int covered = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < p[i].ns; k++)
			if (p[i].s[k].row == 6) {
				assert_int_equal(p[i].s[k].l0, covered);   /* contiguous, never twice */
				assert_true(p[i].s[k].l1 > p[i].s[k].l0);
				covered = p[i].s[k].l1;
				assert_true(p[i].h <= page + 1e-6);
			}
	assert_int_equal(covered, big->nl);
	/* a row that fits whole on the next page is not split */
	t = many(8, "字字字字字字字字字字字字字字字字字字字字字字字字字字字字字");   /* 3 lines */
	double rh = t->rows[1].h;
	n = tbl_paginate(A, t, 6.5 * rh, 20 * rh, &p);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < p[i].ns; k++)
			if (p[i].s[k].row == 6) {
				assert_int_equal(i, 1);
				assert_int_equal(p[i].s[k].l0, 0);
				assert_int_equal(p[i].s[k].l1, t->rows[6].nl);
			}
}

/* A sink collecting the text drawn. */
static char drawn[8192];
static size_t ndrawn;

static void
sink_text(void *ctx, int face, double size, const uint32_t *cps, const double *xs,
          size_t n, double y, srcpos pos)
{
	(void)ctx; (void)face; (void)size; (void)xs; (void)y; (void)pos;
	for (size_t i = 0; i < n && ndrawn + 5 < sizeof drawn; i++)
		ndrawn += utf8_encode(cps[i], drawn + ndrawn);
	drawn[ndrawn++] = '|';
	drawn[ndrawn] = '\0';
}

static double rule_min, rule_max, text_y_min;

static void
sink_rule(void *ctx, double x1, double y1, double x2, double y2, double w)
{
	(void)ctx; (void)x1; (void)y1; (void)x2; (void)y2;
	if (w < rule_min) rule_min = w;
	if (w > rule_max) rule_max = w;
}

static void
sink_y(void *ctx, int face, double size, const uint32_t *cps, const double *xs,
       size_t n, double y, srcpos pos)
{
	(void)ctx; (void)size; (void)xs; (void)pos;
	if (face == TF_BODY && n > 0 && cps[0] == 0x77ED && y < text_y_min)   /* 短 */
		text_y_min = y;
}

static void
test_merged_text_repeated(void **state)
{
	(void)state;
	char *csv = arena_strdup(A, "企业,事项\n洛玻深加工,a0\n");
	for (int i = 1; i < 12; i++)
		csv = arena_printf(A, "%s,a%d\n", csv, i);
	tbl *t = mk("数据: 表\n列:\n  - {标题: 企业, 合并: 同上}\n  - 事项\n", csv);
	assert_non_null(t);
	assert_int_equal(t->rows[1].c[0].rowspan, 12);
	assert_true(tbl_measure(A, t, FRAME, adv, NULL));
	double rh = t->rows[1].h;
	tbl_part *p;
	size_t n = tbl_paginate(A, t, 7 * rh, 7 * rh, &p);
	assert_true(n >= 2);
	tbl_sink sk = { NULL, sink_text, sink_rule };
	for (size_t i = 0; i < n; i++) {
		ndrawn = 0;
		drawn[0] = '\0';
		tbl_draw(t, &p[i], 0, 0, &sk);
		assert_non_null(strstr(drawn, "洛玻深加工"));   /* on every part */
		assert_non_null(strstr(drawn, "企业"));         /* and the header */
	}
}


static void
test_fence_passed_through(void **state)
{
	(void)state;
	/* the template stage leaves a ```table block as typed (its {{…}} are
	 * per-row templates), with its lines mapped to the template */
	const char *tx = "甲{{x}}\n\n```table\n数据: 表\n列:\n  - {标题: 名, 值: \"{{名}}{{x}}\"}\n```\n乙{{x}}\n";
	rec *ctx = rec_new(A, REC_MAP, NOPOS);
	rec_map_set(A, ctx, "x", rec_new_str(A, "X", 1, NOPOS));
	tmpl_opts o = { ".", true, false };
	linemap lm;
	size_t n;
	char *out = tmpl_expand(A, tx, strlen(tx), pos_at("t.md", 5, 1), ctx, &o, &n, &lm);
	assert_non_null(out);
	assert_string_equal(out, "甲X\n\n```table\n数据: 表\n列:\n  - {标题: 名, 值: \"{{名}}{{x}}\"}\n```\n乙X\n");
	assert_int_equal(lm.pos[3].line, 8);      /* 数据: is template line 8 */
	/* and the doc stage binds it, names in the row first, then the data */
	const char *tpl = "---\n标题: 表\n---\n```table\n数据: 表\n列:\n  - {标题: 名, 值: \"{{名}}{{x}}\"}\n```\n";
	rec *data = rec_new(A, REC_MAP, NOPOS);
	rec_map_set(A, data, "x", rec_new_str(A, "X", 1, NOPOS));
	rec_map_set(A, data, "表", rec_csv_parse(A, "表.csv", "名\n甲\n乙\n", strlen("名\n甲\n乙\n"), NULL));
	render_tmpl rt = { "t.md", tpl, strlen(tpl), o };
	gw_doc *d = render_doc(A, &rt, data);
	assert_non_null(d);
	assert_int_equal(d->nblocks, 1);
	assert_int_equal(d->blocks[0].kind, DOC_TABLE);
	assert_string_equal(d->blocks[0].as.table.t->rows[1].c[0].text, "甲X");
	assert_string_equal(d->blocks[0].as.table.t->rows[2].c[0].text, "乙X");
}

static void
test_pipe_table(void **state)
{
	(void)state;
	const char *tpl = "---\n标题: 表\n---\n| 序号 | 内容 |\n|:-:|---|\n| 1 | **宣传**发动 |\n| 2 | a\\|b |\n";
	tmpl_opts o = { ".", true, false };
	render_tmpl rt = { "t.md", tpl, strlen(tpl), o };
	gw_doc *d = render_doc(A, &rt, NULL);
	assert_non_null(d);
	assert_int_equal(d->nblocks, 1);
	tbl *t = d->blocks[0].as.table.t;
	assert_int_equal(d->blocks[0].kind, DOC_TABLE);
	assert_int_equal(t->ncols, 2);
	assert_int_equal(t->nhead, 1);
	assert_int_equal(t->rows[0].kind, TR_HEAD);
	assert_string_equal(t->rows[1].c[1].text, "宣传发动");
	assert_string_equal(t->rows[2].c[1].text, "a|b");
	assert_int_equal(t->cols[0].align, TA_CENTER);
	assert_int_equal(d->blocks[0].pos.line, 4);
}

static void
test_merged_text_whole_before_break(void **state)
{
	(void)state;
	/* a merged text of many lines on rows of one line: the break moves
	 * before its first row rather than cut it */
	char *csv = arena_strdup(A, "事项,说明\n");
	for (int i = 0; i < 6; i++)
		csv = arena_printf(A, "%sa%d,%s\n", csv, i, i == 3 ?
		    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十" : "");
	tbl *t = mk("数据: 表\n列:\n  - 事项\n  - {标题: 说明, 合并: 同上, 宽: 20mm}\n", csv);
	assert_non_null(t);
	assert_true(tbl_measure(A, t, FRAME, adv, NULL));
	const tbl_cell *m = &t->rows[4].c[1];
	assert_int_equal(m->rowspan, 3);
	double one = t->lh + 2 * t->pady;
	tbl_part *p;
	/* room for the header, rows 1-3 and one more row: not for the text */
	size_t n = tbl_paginate(A, t, 5 * one + 1, 30 * one, &p);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].s[p[0].ns - 1].row, 3);   /* the break is before row 4 */
	assert_int_equal(p[1].s[1].row, 4);
}

static void
test_valign_and_rules(void **state)
{
	(void)state;
	/* 线宽 sets the rules; 对齐: 左上 puts a short cell at the top of a
	 * tall row */
	const char *csv = "甲,乙\n短,一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\n";
	double y[2];
	for (int k = 0; k < 2; k++) {
		tbl *t = mk(k ? "数据: 表\n线宽: [0.3, 1.5]\n列:\n  - {标题: 甲, 对齐: 左上}\n  - {标题: 乙, 宽: 20mm}\n"
		    : "数据: 表\n列:\n  - {标题: 甲, 对齐: 左}\n  - {标题: 乙, 宽: 20mm}\n", csv);
		assert_non_null(t);
		assert_true(tbl_measure(A, t, FRAME, adv, NULL));
		tbl_part *p;
		assert_int_equal(tbl_paginate(A, t, 1000, 1000, &p), 1);
		rule_min = 99;
		rule_max = 0;
		text_y_min = 1e9;
		tbl_sink sk = { NULL, sink_y, sink_rule };
		tbl_draw(t, &p[0], 0, 0, &sk);
		y[k] = text_y_min;
		if (k) {
			assert_true(fabs(rule_min - 0.3) < 1e-9);
			assert_true(fabs(rule_max - 1.5) < 1e-9);
		} else {
			assert_true(fabs(rule_min - 0.5) < 1e-9);
			assert_true(fabs(rule_max - 1.0) < 1e-9);
		}
	}
	assert_true(y[1] < y[0] - 10);     /* the top, not the middle */
	assert_null(mk("数据: 表\n列:\n  - {标题: 甲, 对齐: 上左}\n", csv));
	assert_non_null(strstr(diags(), "对齐: write 左, 中 or 右, and 上 or 下"));
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_unknown_key), T(test_pct_over), T(test_missing_field),
		T(test_widths_fixed), T(test_widths_auto), T(test_widths_impossible),
		T(test_balance_no_push), T(test_pushed_line_flush_left),
		T(test_merge_blank), T(test_merge_equal), T(test_merge_within_key),
		T(test_group_rows_and_total), T(test_header_repeat), T(test_row_split),
		T(test_merged_text_repeated), T(test_fence_passed_through), T(test_pipe_table),
		T(test_merged_text_whole_before_break), T(test_valign_and_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
