/* test_csv.c — CSV as Excel and WPS write it. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include <time.h>

#include "rec.h"

/* setup, teardown, diags() and the arena A: testutil.h */

static rec *
csv(const char *s)
{
	return rec_csv_parse(A, "u.csv", s, strlen(s), NULL);
}

static void
test_rfc4180(void **state)
{
	rec *r = csv("单位,编号,备注\r\n"
	    "甲,007,\"含,逗号\"\r\n"
	    "乙,,\"说\"\"好\"\"的\"\r\n"
	    "\"丙\",3.10,\"两\r\n行\"\r\n");
	assert_non_null(r);
	assert_int_equal(r->kind, REC_LIST);
	assert_int_equal(r->n, 3);
	assert_string_equal(r->v[0]->k[0], "单位");
	assert_string_equal(cell(r, 0, "编号"), "007");
	assert_string_equal(cell(r, 0, "备注"), "含,逗号");
	assert_string_equal(cell(r, 1, "编号"), "");
	assert_string_equal(cell(r, 1, "备注"), "说\"好\"的");
	assert_string_equal(cell(r, 2, "单位"), "丙");
	assert_string_equal(cell(r, 2, "编号"), "3.10");
	assert_string_equal(cell(r, 2, "备注"), "两\n行");
	/* positions: file:line:col of the cell */
	rec *v = rec_map_get(r->v[2], "编号");
	assert_string_equal(v->pos.file, "u.csv");
	assert_int_equal(v->pos.line, 4);
	assert_int_equal(v->pos.col, 5);
	assert_int_equal(rec_map_get(r->v[1], "备注")->pos.col, 4);
	assert_int_equal(r->v[1]->pos.line, 3);
	assert_string_equal(diags(), "");
}

static void
test_lf_trailing_and_blank_lines(void **state)
{
	rec *r = csv(" 单位 ,得分,,\n甲,1,,\n\n,,\n乙,2\n\n");
	assert_non_null(r);
	assert_int_equal(r->n, 2);
	assert_int_equal(r->v[0]->n, 2);
	assert_string_equal(r->v[0]->k[0], "单位");   /* trimmed */
	assert_string_equal(cell(r, 1, "得分"), "2");
	assert_string_equal(diags(), "");
	/* no final newline */
	r = csv("a,b\n1,2");
	assert_non_null(r);
	assert_string_equal(cell(r, 0, "b"), "2");
	/* the row object can still be extended (shared header keys) */
	rec_map_set(A, r->v[0], "c", rec_new_str(A, "3", 1, NOPOS));
	assert_string_equal(cell(r, 0, "c"), "3");
	assert_string_equal(r->v[0]->k[0], "a");
}

/* Old Mac files end lines with CR alone: rows, not one long header */
static void
test_cr_only(void **state)
{
	rec *r = csv("单位,得分\r甲,1\r\"乙\r局\",2\r");
	assert_non_null(r);
	assert_int_equal(r->n, 2);
	assert_string_equal(cell(r, 1, "单位"), "乙\n局");
	assert_int_equal(r->v[1]->v[0]->pos.line, 3);
	/* a CR inside a CRLF file stays what it was */
	r = csv("a,b\r\n\"x\ry\",2\r\n");
	assert_string_equal(cell(r, 0, "a"), "x\ry");
	assert_string_equal(diags(), "");
}

static void
test_ragged_rows(void **state)
{
	assert_null(csv("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,,\n"));
	assert_string_equal(diags(),
	    "gongwen: u.csv:3: error: row has 2 cells, the header has 3\n"
	    "gongwen: u.csv:4: error: row has 4 cells, the header has 3\n");
}

static void
test_unterminated_quote(void **state)
{
	assert_null(csv("a,b\n1,2\n3,\"开始\n4,5\n6,7\n"));
	assert_string_equal(diags(), "gongwen: u.csv:3:3: error: unterminated "
	    "quoted cell: the quote that opens here is never closed\n");
}

static void
test_text_after_quote(void **state)
{
	assert_null(csv("a,b\n\"x\"y,2\n"));
	assert_string_equal(diags(), "gongwen: u.csv:2:4: error: text after the "
	    "closing quote of a cell; quote the whole cell and double any quote "
	    "inside it (\"\")\n");
}

static void
test_bad_header(void **state)
{
	assert_null(csv("单位,,得分,单位\n1,2,3,4\n"));
	assert_string_equal(diags(),
	    "gongwen: u.csv:1:4: error: column 2 has no name in the header row\n"
	    "gongwen: u.csv:1:8: error: column name 单位 appears twice in the "
	    "header row (columns 1 and 4)\n");
}

static void
test_empty_file(void **state)
{
	assert_null(csv(""));
	assert_null(csv("\n\n"));
	assert_string_equal(diags(),
	    "gongwen: u.csv: error: the file is empty; its first row must name "
	    "the columns\n"
	    "gongwen: u.csv: error: the file is empty; its first row must name "
	    "the columns\n");
	rec *r = csv("a,b\n");
	assert_non_null(r);
	assert_int_equal(r->n, 0);
}

static void
test_tab_separator(void **state)
{
	rec *r = csv("单位\t备注\n甲\t有,逗号\n");
	assert_non_null(r);
	assert_string_equal(cell(r, 0, "备注"), "有,逗号");
	r = csv("单位,备注\t说明\n甲,x\ty\n");   /* commas win */
	assert_non_null(r);
	assert_string_equal(cell(r, 0, "备注\t说明"), "x\ty");
}

static void
test_gbk_file(void **state)
{
	const char *used = NULL;
	rec *r = rec_load_file_ex(A, "tests/data/gbk.csv", NULL, &used);
	assert_non_null(r);
	assert_string_equal(used, "GB18030");
	assert_int_equal(r->n, 2);
	assert_string_equal(cell(r, 0, "文号"), "许集聚办〔2018〕7号");
	assert_string_equal(cell(r, 0, "标题"), "关于“提质转型”的通知");
	assert_string_equal(cell(r, 1, "文号"), "禹政〔2018〕12号");
	assert_string_equal(cell(r, 1, "标题"), "含,逗号");
	assert_int_equal(rec_map_get(r->v[1], "标题")->pos.line, 3);
	/* forced GBK works too */
	r = rec_load_file_ex(A, "tests/data/gbk.csv", "gbk", &used);
	assert_non_null(r);
	assert_string_equal(used, "GBK");
	assert_string_equal(cell(r, 0, "单位"), "许昌市");
	assert_string_equal(diags(), "");
	/* forced UTF-8 on a GBK file: the first bad byte, with its line */
	assert_null(rec_load_file_ex(A, "tests/data/gbk.csv", "utf-8", &used));
	assert_string_equal(diags(), "gongwen: tests/data/gbk.csv:1: error: "
	    "byte 0 (0xB5): not valid UTF-8\n");
}

static void
test_gb18030_four_byte(void **state)
{
	rec *r = rec_load_file(A, "tests/data/gb18030.csv", NULL);
	assert_non_null(r);
	assert_string_equal(cell(r, 0, "姓名"), "吉\xF0\xA0\xAE\xB7");  /* 吉𠮷 */
	assert_string_equal(cell(r, 0, "备注"), "㐀字€");
	assert_int_equal(rec_map_get(r->v[0], "备注")->pos.col, 4);
}

static void
test_utf16le_tab(void **state)
{
	const char *used = NULL;
	rec *r = rec_load_file_ex(A, "tests/data/utf16le-tab.txt", NULL, &used);
	assert_non_null(r);
	assert_string_equal(used, "UTF-16LE");
	assert_int_equal(r->n, 2);
	assert_string_equal(cell(r, 0, "单位"), "许昌市");
	assert_string_equal(cell(r, 0, "得分"), "12");
	assert_string_equal(cell(r, 0, "备注"), "有, 逗号");
	assert_string_equal(cell(r, 1, "得分"), "9.5");
	assert_string_equal(cell(r, 1, "备注"), "");
}

static void
test_utf8_bom(void **state)
{
	const char *used = NULL;
	rec *r = rec_load_file_ex(A, "tests/data/bom.csv", NULL, &used);
	assert_non_null(r);
	assert_string_equal(used, "UTF-8 (BOM)");
	assert_string_equal(r->v[0]->k[0], "序号");
	assert_string_equal(cell(r, 0, "序号"), "1");
}

static void
test_big_cell_and_many_rows(void **state)
{
	size_t big = 10 * 1024 * 1024;
	char *s = malloc(big + 32);
	clock_t t0 = clock();

	if (s == NULL)
		fail();

	memcpy(s, "a,b\n1,\"", 7);
	memset(s + 7, 'x', big);
	strcpy(s + 7 + big, "\"\n");
	assert_null(csv(s));
	assert_string_equal(diags(), "gongwen: u.csv:2:3: error: cell is larger "
	    "than 1 MB\n");
	memcpy(s, "a,b\n1,", 6);       /* unquoted too */
	memset(s + 6, 'x', big);
	strcpy(s + 6 + big, "\n");
	assert_null(csv(s));
	free(s);

	/* a million rows: a clear error, quickly */
	size_t rows = 1000000;
	s = malloc(rows * 6 + 16);
	if (s == NULL)
		fail();
	char *p = s;
	p += sprintf(p, "a,b\n");
	for (size_t i = 0; i < rows; i++) {
		memcpy(p, "12,3\n", 5);
		p += 5;
	}
	*p = '\0';
	assert_null(csv(s));
	assert_non_null(strstr(diags(), "gongwen: u.csv:100002: error: more "
	    "than 100000 rows; split the file\n"));
	free(s);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
}

static void
test_load_file_errors(void **state)
{
	assert_null(rec_load_file(A, "tests/data", NULL));
	assert_null(rec_load_file(A, "tests/data/nope.csv", NULL));
	assert_null(rec_load_file(A, "tests/unit/testutil.h", NULL));
	assert_string_equal(diags(),
	    "gongwen: tests/data: error: unknown data file type \"(no "
	    "extension)\" (expected .csv, .json, .yaml, .yml or .xlsx)\n"
	    "gongwen: tests/data/nope.csv: error: cannot read data file: No such "
	    "file or directory\n"
	    "gongwen: tests/unit/testutil.h: error: unknown data file type \"h\" "
	    "(expected .csv, .json, .yaml, .yml or .xlsx)\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_rfc4180),
		T(test_lf_trailing_and_blank_lines),
		T(test_cr_only),
		T(test_ragged_rows),
		T(test_unterminated_quote),
		T(test_text_after_quote),
		T(test_bad_header),
		T(test_empty_file),
		T(test_tab_separator),
		T(test_gbk_file),
		T(test_gb18030_four_byte),
		T(test_utf16le_tab),
		T(test_utf8_bom),
		T(test_big_cell_and_many_rows),
		T(test_load_file_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
