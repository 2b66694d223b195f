/* test_layout.c — placement arithmetic of the GB/T 9704 elements, on the
 * display list (positions in pt from the page top-left). */
#include "testutil.h"

#include <math.h>

#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "layout_check.h"
#include "render.h"
#include "title.h"
#include "linebreak.h"
#include <unistd.h>
#include <limits.h>
#include "utf8.h"

static font_set *FS;
static arena *A;
static FILE *devnull;

static int
group_setup(void **state)
{
	(void)state;
	devnull = fopen("/dev/null", "w");
	diag_set_stream(devnull);
	FS = fonts_new(NULL, 0, NULL);
	return FS == NULL;
}

static int
group_teardown(void **state)
{
	(void)state;
	fonts_free(FS);
	diag_set_stream(NULL);
	fclose(devnull);
	return 0;
}

static int
setup(void **state)
{
	(void)state;
	diag_reset();
	A = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static dl_doc *
lay(const char *text)
{
	static char dir[PATH_MAX];
	assert_non_null(getcwd(dir, sizeof dir));
	render_tmpl t = { "t.md", text, strlen(text), { dir, true, false } };
	gw_doc *d = render_doc(A, &t, NULL);
	assert_non_null(d);
	dl_doc *dl = layout_doc(A, d, FS);
	assert_non_null(dl);
	return dl;
}

/* The first text run of a role on a page, NULL if none. */
static const dl_text *
find(const dl_page *p, const char *role, size_t nth)
{
	for (size_t i = 0; i < p->ntexts; i++)
		if (strcmp(p->texts[i].role, role) == 0 && nth-- == 0)
			return &p->texts[i];
	return NULL;
}

static double
right_edge(const dl_text *t)
{
	return t->xs[t->n - 1] + t->size * (utf8_is_wide(t->cps[t->n - 1]) ? 1.0 : 0.5);
}

static void
test_grid(void **state)
{
	(void)state;
	/* 22 lines in 225 mm, 28 characters in 156 mm */
	assert_true(fabs(LINE_PITCH - 28.9907) < 0.001);
	assert_true(fabs(CHAR_PITCH - 15.7930) < 0.001);
	/* (the baselines of the grid lines: pg_baseline, test_page) */
}

static void
test_title_split(void **state)
{
	(void)state;
	const char **l;
	size_t n = title_split(A, "洛阳高新区在园区部分区域实施产业升级行动工作方案", 20, &l);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "洛阳高新区在园区部分区域");
	assert_string_equal(l[1], "实施产业升级行动工作方案");
	n = title_split(A, "关于印发2018年许昌市加快产业集聚区提质转型专项工作方案的通知", 20, &l);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "关于印发2018年许昌市加快产业集聚区");
	assert_string_equal(l[1], "提质转型专项工作方案的通知");
	/* short titles stay on one line; an explicit newline wins */
	n = title_split(A, "市政府第五次常务会议纪要", 20, &l);
	assert_int_equal(n, 1);
	n = title_split(A, "关于做好\n安全工作的通知", 20, &l);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "关于做好");
	/* never inside a number or before a closing mark */
	n = title_split(A, "关于表彰2023年度全市安全生产工作先进单位和先进个人（集体）的决定", 20, &l);
	for (size_t i = 0; i < n; i++) {
		uint32_t cp;
		utf8_decode((const unsigned char *)l[i], strlen(l[i]), &cp);
		assert_false(cp >= '0' && cp <= '9' && i > 0 && strstr(l[i - 1], "202") != NULL &&
		    l[i - 1][strlen(l[i - 1]) - 1] >= '0' && l[i - 1][strlen(l[i - 1]) - 1] <= '9');
		assert_false(lb_no_line_start(cp));
	}
}

/* Cells of a UTF-8 line (a wide character 1, a narrow one 1/2). */
static double
cells(const char *s)
{
	uint32_t cp[256];
	size_t n = utf8_to_cps(s, strlen(s), cp);
	double c = 0;
	for (size_t i = 0; i < n; i++)
		c += utf8_is_wide(cp[i]) ? 1 : 0.5;
	return c;
}

/* Titles never break a word (ICU's dictionary + the 公文 terms, seg.c);
 * when two balanced lines cannot avoid it, three; always a trapezoid
 * (上长下短) or a diamond (issue 11, item 4; R7.3.1). */
static void
test_title_words_and_shape(void **state)
{
	static const char *const titles[][3] = {
		{ "关于印发2017年鹤壁市产业集聚区效能提升工作方案的通知",
		  "关于印发2017年鹤壁市产业集聚区", "效能提升工作方案的通知" },
		{ "鹤壁市人民政府关于做好2019年第一季度安全生产大检查工作的通知",
		  "鹤壁市人民政府关于做好2019年第一季度", "安全生产大检查工作的通知" },
		{ "关于表彰第十七届中国许昌国际发制品交易会先进单位的决定",
		  "关于表彰第十七届中国许昌国际", "发制品交易会先进单位的决定" },
	};
	const char **l;
	size_t n;

	(void)state;
	for (size_t t = 0; t < sizeof titles / sizeof *titles; t++) {
		n = title_split(A, titles[t][0], 20, &l);
		assert_int_equal(n, 2);
		assert_string_equal(l[0], titles[t][1]);
		assert_string_equal(l[1], titles[t][2]);
		assert_true(cells(l[0]) >= cells(l[1]));
	}
	/* no two lines of at most 8 without splitting a word: three */
	n = title_split(A, "产业集聚区产业集聚区产业集聚区", 8, &l);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(l[i], "产业集聚区");
	/* three lines: the last never longer than the one before, no waist */
	n = title_split(A, "中德（许昌）中小企业合作区管理委员会关于商请支持中德（许昌）"
	    "中小企业合作区建设的函", 20, &l);
	assert_int_equal(n, 3);
	assert_true(cells(l[2]) <= cells(l[1]));
	assert_false(cells(l[1]) < cells(l[0]) && cells(l[1]) < cells(l[2]));
	assert_string_equal(l[1], "管理委员会关于商请支持中德（许昌）");
}

static void
test_page_numbers(void **state)
{
	(void)state;
	abuf b;
	abuf_init(&b, A);
	for (int i = 0; i < 30; i++)
		abuf_puts(&b, "为加快推进产业集聚区高质量发展，更好发挥转型发展攻坚的主阵地作用，制定本方案。\n\n");
	dl_doc *dl = lay(abuf_cstr(&b));
	assert_true(dl->npages >= 2);
	for (size_t p = 0; p < 2; p++) {
		const dl_text *t = find(&dl->pages[p], "pageno", 0);
		assert_non_null(t);
		assert_int_equal(t->cps[0], 0x2014);       /* — N — */
		assert_true(fabs(t->size - 14) < 1e-9);
		if (p == 0)   /* odd: right, one 4号 character in */
			assert_true(fabs(right_edge(t) - (BOX_X + BOX_W - 14)) < 0.5);
		else          /* even: left, one character in */
			assert_true(fabs(t->xs[0] - (BOX_X + 14)) < 0.01);
	}
}

static void
test_header(void **state)
{
	(void)state;
	dl_doc *dl = lay("---\n发文机关标志: 许昌市人民政府文件\n发文字号: 许政〔2024〕1号\n"
	    "标题: 关于测试的通知\n主送: 各县（市、区）人民政府\n---\n正文。\n");
	const dl_page *p = &dl->pages[0];
	const dl_text *mark = find(p, "mark", 0), *no = find(p, "docno", 0);
	assert_non_null(mark);
	assert_non_null(no);
	assert_true(mark->color.r > 200 && mark->color.g < 50);
	/* centred within 0.5 mm */
	double mc = (mark->xs[0] + right_edge(mark)) / 2;
	assert_true(fabs(mc - (BOX_X + BOX_W / 2)) < 0.5 * MM);
	/* the separator: red, 156 mm, 4 mm under the 发文字号 */
	assert_int_equal(p->nrules, 1);
	const dl_rule *r = &p->rules[0];
	assert_true(fabs(r->x1 - BOX_X) < 0.01 && fabs(r->x2 - (BOX_X + BOX_W)) < 0.01);
	assert_true(r->y1 > no->y && r->y1 - no->y < 8 * MM);
	/* the title 2 lines under the separator */
	const dl_text *t = find(p, "title", 0);
	double gap = (t->y - 0.88 * 22 - (r->y1 + r->width / 2)) / LINE_PITCH;
	assert_true(fabs(gap - 2) < 0.05);
	/* 主送 after one blank line, ending in a full-width colon */
	const dl_text *to = find(p, "addressee", 0);
	assert_true(fabs(to->y - t->y - 2 * LINE_PITCH - 0.38 * (16 - 22)) < 0.01);
	assert_int_equal(to->cps[to->n - 1], 0xFF1A);
}

static void
test_signer(void **state)
{
	(void)state;
	dl_doc *dl = lay("---\n发文机关标志: 某某局文件\n发文字号: 某〔2024〕2号\n"
	    "签发人: [张三, 李四, 王五]\n标题: 关于某事的请示\n---\n正文。\n");
	const dl_page *p = &dl->pages[0];
	const dl_text *lab = find(p, "signer", 0), *n1 = find(p, "signer", 1),
	    *n2 = find(p, "signer", 2), *n3 = find(p, "signer", 3), *no = find(p, "docno", 0);
	assert_non_null(n3);
	/* two names per line; the third aligned under the first */
	assert_true(fabs(n1->y - lab->y) < 0.01 && fabs(n2->y - lab->y) < 0.01);
	assert_true(fabs(n3->y - lab->y - LINE_PITCH) < 0.01);
	assert_true(fabs(n3->xs[0] - n1->xs[0]) < 0.01);
	/* the 发文字号 one character in from the left, on the last names' line */
	assert_true(fabs(no->xs[0] - (BOX_X + 16)) < 0.01);
	assert_true(fabs(no->y - n3->y) < 0.01);
	/* the names end one character in from the right */
	assert_true(right_edge(n2) <= BOX_X + BOX_W - 16 + 0.5);
}

static void
test_unsealed_signature(void **state)
{
	(void)state;
	/* 署名 longer than the date: 署名 2 chars from the right, the date
	 * starting 2 chars right of the 署名's start (R7.3.5.2) */
	dl_doc *dl = lay("---\n署名: 某某市人民政府办公室\n成文日期: 2024-03-18\n---\n正文。\n");
	const dl_page *p = &dl->pages[0];
	const dl_text *s = find(p, "sign", 0), *d = find(p, "date", 0);
	assert_non_null(s);
	assert_non_null(d);
	assert_true(fabs(right_edge(s) - (BOX_X + BOX_W - 32)) < 0.5);
	assert_true(fabs(d->xs[0] - s->xs[0] - 32) < 0.01);
	assert_true(fabs(d->y - s->y - LINE_PITCH) < 0.01);
	/* a date longer than the 署名: the date 2 chars from the right, the
	 * 署名 moves left with it */
	dl = lay("---\n署名: 某局\n成文日期: 2024-12-18\n---\n正文。\n");
	p = &dl->pages[0];
	s = find(p, "sign", 0);
	d = find(p, "date", 0);
	assert_true(fabs(right_edge(d) - (BOX_X + BOX_W - 32)) < 0.5);
	assert_true(fabs(d->xs[0] - s->xs[0] - 32) < 0.01);
}

static void
test_banji_even_page(void **state)
{
	(void)state;
	dl_doc *dl = lay("---\n抄送: 市委办公室\n印发机关: 某某市人民政府办公室\n印发日期: 2024-03-18\n---\n正文。\n");
	/* one page of text: the 版记 goes to page 2, alone and numbered */
	assert_int_equal(dl->npages, 2);
	const dl_page *p = &dl->pages[1];
	assert_int_equal(p->nrules, 3);                 /* thick, thin, thick */
	double bottom = 0;
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].y1 > bottom)
			bottom = p->rules[i].y1;
	assert_true(fabs(bottom - (BOX_Y + BOX_H)) < 0.01);   /* R7.4.1c */
	assert_non_null(find(p, "pageno", 0));
}

static void
test_sealed_signature(void **state)
{
	(void)state;
	dl_doc *dl = lay("---\n署名: 某某市人民政府\n成文日期: 2024-03-18\n"
	    "印章: examples/letter/seal.png\n---\n正文。\n");
	const dl_page *p = &dl->pages[0];
	const dl_text *s = find(p, "sign", 0), *d = find(p, "date", 0), *body = find(p, "body", 0);
	assert_int_equal(p->nimages, 1);
	const dl_image *im = &p->images[0];
	/* R7.3.5.1: date 4 chars from the right; seal centred on the date,
	 * pressing 署名 and date from above (both below its centre), its top
	 * within one line under the text */
	assert_true(fabs(right_edge(d) - (BOX_X + BOX_W - 64)) < 0.5);
	double dc = (d->xs[0] + right_edge(d)) / 2, sc = (s->xs[0] + right_edge(s)) / 2;
	assert_true(fabs(im->x + im->w / 2 - dc) < 0.5);
	assert_true(fabs(sc - dc) < 0.5);
	double cy = im->y + im->h / 2;
	assert_true(s->y - 0.38 * 16 > cy && d->y < im->y + im->h);
	assert_true(im->y - (body->y + 0.12 * 16) < LINE_PITCH);
	assert_true(im->y > body->y);
}

/* Issue 14: nothing drawn off the page.  17 organs (a real joint notice):
 * the mark in rows of names, its ink in the upper half of the 版心, the
 * separator on page 1; the safety net catches a run moved off the page. */
static void
test_off_page(void **state)
{
	(void)state;
	static const char *const org[] = { "国家发展和改革委员会", "财政部", "教育部",
		"科学技术部", "工业和信息化部", "公安部", "民政部", "司法部",
		"人力资源和社会保障部", "自然资源部", "生态环境部", "住房和城乡建设部",
		"交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部" };
	char buf[2048];
	size_t l = (size_t)snprintf(buf, sizeof buf, "---\n发文机关标志:\n");
	for (size_t i = 0; i < sizeof org / sizeof org[0]; i++)
		l += (size_t)snprintf(buf + l, sizeof buf - l, "  - %s\n", org[i]);
	snprintf(buf + l, sizeof buf - l, "发文字号: 发改〔2024〕1号\n标题: 通知\n---\n正文。\n");
	dl_doc *dl = lay(buf);
	const dl_page *p = &dl->pages[0];
	double sep = -1, mark_bot = 0;
	for (size_t i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].role, "separator") == 0)
			sep = p->rules[i].y1;
	for (size_t i = 0; i < p->ntexts; i++)
		if (strcmp(p->texts[i].role, "mark") == 0) {
			assert_true(p->texts[i].size >= 16.0);
			assert_true(p->texts[i].xs[0] >= BOX_X - 0.01);
			if (p->texts[i].y > mark_bot)
				mark_bot = p->texts[i].y;
		}
	assert_true(mark_bot < BOX_Y + BOX_H / 2);
	assert_true(sep > 0 && sep < BOX_Y + BOX_H * 2 / 3);
	assert_true(layout_check(dl, FS, "t.md"));
	/* a run pushed off the page, a rule under it: internal errors */
	dl_text *t = (dl_text *)find(p, "title", 0);
	double y = t->y;
	t->y = -20;
	assert_false(layout_check(dl, FS, "t.md"));
	t->y = BOX_Y + BOX_H + 20;   /* on the paper, under the 版心 */
	assert_false(layout_check(dl, FS, "t.md"));
	t->y = y;
	double *xs = (double *)t->xs;
	xs[0] -= 250;
	assert_false(layout_check(dl, FS, "t.md"));
	xs[0] += 250;
	assert_true(layout_check(dl, FS, "t.md"));
	p->rules[0].y2 = DL_A4_H + 10;
	assert_false(layout_check(dl, FS, "t.md"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_off_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_title_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_title_words_and_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsealed_signature, setup, teardown),
		cmocka_unit_test_setup_teardown(test_banji_even_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed_signature, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
