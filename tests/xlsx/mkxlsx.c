/* mkxlsx.c — writes the test workbooks at test time with libxlsxwriter, so
 * that no binary spreadsheet is committed and the reader is tested against
 * files a real writer made (shared strings, styles, merged cells, cached
 * formula results, rich text, several sheets).
 *
 *   mkxlsx csv IN.csv OUT.xlsx [SHEET]   a UTF-8 CSV as one sheet: cells that
 *                                        read as numbers (no leading zero) are
 *                                        numbers, the rest strings
 *   mkxlsx features OUT.xlsx             the feature workbook (below)
 *   mkxlsx big ROWS COLS OUT.xlsx        a table for the benchmark
 *
 * The only file of gongwen that includes xlsxwriter.h; a test tool, not
 * part of the program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static void
die(const char *what)
{
	fprintf(stderr, "mkxlsx: %s\n", what);
	exit(2);
}

static void
done(lxw_workbook *wb)
{
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		die(lxw_strerror(e));
}

/* A number as CSV text becomes a number cell when it is one and would
 * not lose anything (007 stays text). */
static int
numeric(const char *s, double *v)
{
	char *end;
	if (*s == '\0' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return 0;
	*v = strtod(s, &end);
	return *end == '\0';
}

static int
csv(const char *in, const char *out, const char *sheet)
{
	FILE *f = fopen(in, "r");
	char line[8192];
	int row = 0;

	if (f == NULL)
		die("cannot open the CSV");
	lxw_workbook *wb = workbook_new(out);
	if (wb == NULL)
		die("cannot create the workbook");
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	while (fgets(line, sizeof line, f) != NULL) {
		size_t n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (row == 0 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			memmove(line, line + 3, n - 2);
		int col = 0;
		char *p = line;
		for (;;) {
			char *c = strchr(p, ',');
			double v;
			if (c)
				*c = '\0';
			if (*p == '\0')
				;
			else if (row > 0 && numeric(p, &v))
				worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, NULL);
			else
				worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, p, NULL);
			col++;
			if (!c)
				break;
			p = c + 1;
		}
		row++;
	}
	fclose(f);
	done(wb);
	return 0;
}

/* Sheet 评分 (the first) and sheet 分包, with every feature the reader
 * must get right:
 *   评分: 序号 单位 编号 得分 占比 日期 合计 备注
 *         a leading-zero text cell (编号 007), 0.1+0.2 stored as a double,
 *         88.0, a percentage (0.25 with 0%, 0.125 with 0.00%), dates (a
 *         built-in and a Chinese custom format), a formula with its cached
 *         value, a rich-text cell (two runs, one bold), a boolean
 *   分包: 单位 merged over three rows (the 分包 table on paper) */
static int
features(const char *out)
{
	lxw_workbook *wb = workbook_new(out);
	if (wb == NULL)
		die("cannot create the workbook");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "评分");
	lxw_worksheet *ws2 = workbook_add_worksheet(wb, "分包");
	lxw_format *pct = workbook_add_format(wb);
	lxw_format *pct2 = workbook_add_format(wb);
	lxw_format *date = workbook_add_format(wb);
	lxw_format *cndate = workbook_add_format(wb);
	lxw_format *fix2 = workbook_add_format(wb);
	lxw_format *text = workbook_add_format(wb);
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *merge = workbook_add_format(wb);
	format_set_num_format(pct, "0%");
	format_set_num_format(pct2, "0.00%");
	format_set_num_format_index(date, 14);
	format_set_num_format(cndate, "yyyy\"年\"m\"月\"d\"日\";@");
	format_set_num_format(fix2, "0.00_ ");
	format_set_num_format(text, "@");
	format_set_bold(bold);
	format_set_align(merge, LXW_ALIGN_VERTICAL_CENTER);

	static const char *head[] = { "序号", "单位", "编号", "得分", "占比", "日期",
	    "合计", "备注", "通过" };
	for (int c = 0; c < 9; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
	lxw_datetime d1 = { 2024, 3, 15, 0, 0, 0 };
	lxw_datetime d2 = { 2025, 1, 20, 0, 0, 0 };
	/* row 2 */
	worksheet_write_number(ws, 1, 0, 1, NULL);
	worksheet_write_string(ws, 1, 1, "魏都区人民政府", NULL);
	worksheet_write_string(ws, 1, 2, "007", text);
	worksheet_write_number(ws, 1, 3, 0.1 + 0.2, NULL);
	worksheet_write_number(ws, 1, 4, 0.25, pct);
	worksheet_write_datetime(ws, 1, 5, &d1, date);
	worksheet_write_formula_num(ws, 1, 6, "=D2*10", NULL, 3);
	lxw_rich_string_tuple r1 = { .format = NULL, .string = "整改" };
	lxw_rich_string_tuple r2 = { .format = bold, .string = "到位" };
	lxw_rich_string_tuple *rich[] = { &r1, &r2, NULL };
	worksheet_write_rich_string(ws, 1, 7, rich, NULL);
	worksheet_write_boolean(ws, 1, 8, 1, NULL);
	/* row 3 */
	worksheet_write_number(ws, 2, 0, 2, NULL);
	worksheet_write_string(ws, 2, 1, "建安区人民政府", NULL);
	worksheet_write_string(ws, 2, 2, "010", text);
	worksheet_write_number(ws, 2, 3, 88.0, NULL);
	worksheet_write_number(ws, 2, 4, 0.125, pct2);
	worksheet_write_datetime(ws, 2, 5, &d2, cndate);
	worksheet_write_formula_str(ws, 2, 6, "=B3&\"\"", NULL, "建安区人民政府");
	worksheet_write_number(ws, 2, 7, 2.675, fix2);
	worksheet_write_boolean(ws, 2, 8, 0, NULL);

	/* 分包: 单位 merged A2:A4, 金额 in a fixed-decimal format */
	worksheet_write_string(ws2, 0, 0, "单位", NULL);
	worksheet_write_string(ws2, 0, 1, "项目", NULL);
	worksheet_write_string(ws2, 0, 2, "金额", NULL);
	worksheet_merge_range(ws2, 1, 0, 3, 0, "许昌市建设有限公司", merge);
	worksheet_merge_range(ws2, 4, 0, 4, 0, "", merge);
	worksheet_write_string(ws2, 4, 0, "禹州市路桥公司", NULL);
	static const char *item[] = { "土方", "路基", "路面", "绿化" };
	static const double amt[] = { 1200, 3400.5, 560.25, 99 };
	for (int r = 0; r < 4; r++) {
		worksheet_write_string(ws2, (lxw_row_t)(r + 1), 1, item[r], NULL);
		worksheet_write_number(ws2, (lxw_row_t)(r + 1), 2, amt[r], fix2);
	}
	done(wb);
	return 0;
}

static int
big(long rows, long cols, const char *out)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(out, &opt);
	char buf[64];

	if (wb == NULL)
		die("cannot create the workbook");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "数据");
	lxw_format *pct = workbook_add_format(wb);
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(pct, "0.0%");
	format_set_num_format_index(date, 14);
	for (long c = 0; c < cols; c++) {
		snprintf(buf, sizeof buf, "列%ld", c + 1);
		worksheet_write_string(ws, 0, (lxw_col_t)c, buf, NULL);
	}
	for (long r = 1; r <= rows; r++)
		for (long c = 0; c < cols; c++) {
			lxw_row_t rr = (lxw_row_t)r;
			lxw_col_t cc = (lxw_col_t)c;
			switch (c % 4) {
			case 0:
				worksheet_write_number(ws, rr, cc, (double)r, NULL);
				break;
			case 1:
				snprintf(buf, sizeof buf, "第%ld县人民政府", r);
				worksheet_write_string(ws, rr, cc, buf, NULL);
				break;
			case 2:
				worksheet_write_number(ws, rr, cc, (double)(r % 1000) / 1000, pct);
				break;
			default: {
				lxw_datetime d = { 2024, 1 + (int)(r % 12), 1 + (int)(r % 28), 0, 0, 0 };
				worksheet_write_datetime(ws, rr, cc, &d, date);
			}
			}
		}
	done(wb);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "csv") == 0)
		return csv(argv[2], argv[3], argc > 4 ? argv[4] : "Sheet1");
	if (argc == 3 && strcmp(argv[1], "features") == 0)
		return features(argv[2]);
	if (argc == 5 && strcmp(argv[1], "big") == 0)
		return big(atol(argv[2]), atol(argv[3]), argv[4]);
	fprintf(stderr, "usage: mkxlsx csv IN.csv OUT.xlsx [SHEET] | features OUT.xlsx | "
	    "big ROWS COLS OUT.xlsx\n");
	return 2;
}
