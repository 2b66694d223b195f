/* test_rec_xlsx.c — Excel/WPS workbooks: values as Excel shows them, the
 * table's shape, sheet choice, cell names in messages, hostile archives.
 * The workbooks are built here from XML text (tests/xlsx/zipmem.h); the
 * ones a real writer makes are tested by tests/xlsx/run.sh. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "rec.h"
#include "../xlsx/zipmem.h"

/* setup, teardown, diags() and the arena A: testutil.h */

#define SHEET(rows) "<worksheet " ZM_NS "><sheetData>" rows "</sheetData></worksheet>"
#define SHEETM(rows, merges) "<worksheet " ZM_NS "><sheetData>" rows \
	"</sheetData><mergeCells>" merges "</mergeCells></worksheet>"
#define SST(items) "<sst " ZM_NS ">" items "</sst>"
#define STYLES(fmts, xfs) "<styleSheet " ZM_NS "><numFmts>" fmts "</numFmts>" \
	"<cellStyleXfs><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs>" xfs "</cellXfs></styleSheet>"

static rec *
book(const char *sheet1, const char *sst, const char *styles,
     const char *workbook, const char *sheet2, const char *want)
{
	size_t n = 0;
	char *z = xlsx_mem(sheet1, sst, styles, workbook, sheet2, &n);
	assert_non_null(z);
	rec *r = rec_xlsx_parse(A, "u.xlsx", z, n, want, NULL);
	free(z);
	return r;
}

static rec *
sheet(const char *xml)
{
	return book(xml, NULL, NULL, NULL, NULL, NULL);
}

static void
test_numbers_as_shown(void **state)
{
	rec *r = book(SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c>"
	    "<c r=\"B1\" t=\"inlineStr\"><is><t>b</t></is></c>"
	    "<c r=\"C1\" t=\"inlineStr\"><is><t>c</t></is></c>"
	    "<c r=\"D1\" t=\"inlineStr\"><is><t>d</t></is></c>"
	    "<c r=\"E1\" t=\"inlineStr\"><is><t>e</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\"><v>0.30000000000000004</v></c>"
	    "<c r=\"B2\"><v>88.0</v></c><c r=\"C2\" s=\"1\"><v>2.675</v></c>"
	    "<c r=\"D2\" s=\"2\"><v>0.25</v></c><c r=\"E2\" s=\"3\"><v>0.12345</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\"><v>1E+20</v></c><c r=\"B3\"><v>-1234567.125</v></c>"
	    "<c r=\"C3\" s=\"1\"><v>-0.004</v></c><c r=\"D3\" s=\"2\"><v>1.005</v></c>"
	    "<c r=\"E3\" s=\"4\"><v>9.995</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\"><v>1.5E-12</v></c><c r=\"B4\"><v>0</v></c>"
	    "<c r=\"C4\" s=\"5\"><v>42</v></c><c r=\"D4\" s=\"6\"><v>3</v></c>"
	    "<c r=\"E4\" s=\"1\"><v>1234.5</v></c></row>"
	    "<row r=\"5\"><c r=\"A5\"><v>-0</v></c><c r=\"B5\"><v>0.000123</v></c>"
	    "<c r=\"C5\"><v>1234567890123456789</v></c><c r=\"D5\" s=\"2\"><v>-0.0049</v></c>"
	    "<c r=\"E5\"><v>100.50</v></c></row>"),
	    NULL, STYLES("<numFmt numFmtId=\"164\" formatCode=\"0.00_ \"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"0.0%;[Red]-0.0%\"/>"
	    "<numFmt numFmtId=\"166\" formatCode=\"&quot;¥&quot;#,##0.0\"/>"
	    "<numFmt numFmtId=\"167\" formatCode=\"@\"/>",
	    "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"9\"/>"
	    "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
	    "<xf numFmtId=\"11\"/>"), NULL, NULL, NULL);
	assert_non_null(r);
	assert_int_equal(r->n, 4);
	assert_string_equal(cell(r, 0, "a"), "0.3");
	assert_string_equal(cell(r, 0, "b"), "88");
	assert_string_equal(cell(r, 0, "c"), "2.68");      /* as Excel rounds */
	assert_string_equal(cell(r, 0, "d"), "25%");
	assert_string_equal(cell(r, 0, "e"), "12.3%");
	assert_string_equal(cell(r, 1, "a"), "1E+20");
	assert_string_equal(cell(r, 1, "b"), "-1234567.125");
	assert_string_equal(cell(r, 1, "c"), "0.00");      /* no "-0.00" */
	assert_string_equal(cell(r, 1, "d"), "101%");
	assert_string_equal(cell(r, 1, "e"), "10.0");      /* no ¥, no comma */
	assert_string_equal(cell(r, 2, "a"), "1.5E-12");
	assert_string_equal(cell(r, 2, "b"), "0");
	assert_string_equal(cell(r, 2, "c"), "42");        /* text format */
	assert_string_equal(cell(r, 2, "d"), "3");         /* scientific: plain */
	assert_string_equal(cell(r, 2, "e"), "1234.50");
	assert_string_equal(cell(r, 3, "a"), "0");
	assert_string_equal(cell(r, 3, "b"), "0.000123");
	assert_string_equal(cell(r, 3, "c"), "1.23456789012346E+18");
	assert_string_equal(cell(r, 3, "d"), "0%");          /* no "-0%" */
	assert_string_equal(cell(r, 3, "e"), "100.5");
	assert_true(rec_map_get(r->v[0], "a")->is_number);
	assert_false(rec_map_get(r->v[0], "d")->is_number);
	assert_string_equal(diags(), "");
}

static void
test_strings(void **state)
{
	rec *r = book(SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	    "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>4</v></c><c r=\"B2\" t=\"s\"><v>5</v></c>"
	    "<c r=\"C2\" t=\"inlineStr\"><is><r><t>行</t></r><r><rPr><b/></rPr>"
	    "<t xml:space=\"preserve\"> 内</t></r></is></c>"
	    "<c r=\"D2\" t=\"b\"><v>1</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"str\"><f>A2</f><v>007</v></c>"
	    "<c r=\"B3\" t=\"s\"><v>6</v></c><c r=\"C3\" t=\"s\"><v></v></c>"
	    "<c r=\"D3\" t=\"b\"><v>0</v></c></row>"),
	    SST("<si><t>编号</t></si><si><t>名称</t></si><si><t>富文本</t></si>"
	    "<si><t>是否</t></si><si><t>007</t></si>"
	    "<si><r><t>许昌</t></r><r><rPr><b/></rPr><t>市</t></r>"
	    "<rPh sb=\"0\" eb=\"2\"><t>シュウ</t></rPh></si>"
	    "<si><t>一_x000D_\n二 _x005F_x0041_</t></si>"),
	    NULL, NULL, NULL, NULL);
	assert_non_null(r);
	assert_string_equal(cell(r, 0, "编号"), "007");
	assert_string_equal(cell(r, 0, "名称"), "许昌市");     /* runs joined, no phonetics */
	assert_string_equal(cell(r, 0, "富文本"), "行 内");
	assert_int_equal(rec_map_get(r->v[0], "是否")->kind, REC_BOOL);
	assert_true(rec_truthy(rec_map_get(r->v[0], "是否")));
	assert_false(rec_truthy(rec_map_get(r->v[1], "是否")));
	assert_string_equal(cell(r, 1, "编号"), "007");       /* formula's string */
	assert_string_equal(cell(r, 1, "名称"), "一\r\n二 _x0041_");
	assert_string_equal(cell(r, 1, "富文本"), "");        /* empty cell */
	assert_false(rec_map_get(r->v[1], "编号")->is_number);
	assert_string_equal(diags(), "");
}

static void
test_dates(void **state)
{
	rec *r = book(SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c>"
	    "<c r=\"B1\" t=\"inlineStr\"><is><t>b</t></is></c>"
	    "<c r=\"C1\" t=\"inlineStr\"><is><t>c</t></is></c>"
	    "<c r=\"D1\" t=\"inlineStr\"><is><t>d</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>45366</v></c><c r=\"B2\" s=\"2\"><v>45366.6041666667</v></c>"
	    "<c r=\"C2\" s=\"3\"><v>0.75</v></c><c r=\"D2\" s=\"4\"><v>45366.5</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" s=\"5\"><v>60</v></c><c r=\"B3\" s=\"1\"><v>1</v></c>"
	    "<c r=\"C3\" s=\"6\"><v>1.5</v></c><c r=\"D3\" t=\"d\"><v>2024-03-15T00:00:00</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\" s=\"1\"><v>-3</v></c><c r=\"B4\" s=\"7\"><v>45366</v></c>"
	    "<c r=\"C4\" s=\"8\"><v>0.5</v></c><c r=\"D4\" t=\"d\"><v>2024-03-15T08:05:00</v></c></row>"),
	    NULL, STYLES("<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@\"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"[$-F400]h:mm:ss\\ AM/PM\"/>"
	    "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/>"
	    "<numFmt numFmtId=\"167\" formatCode=\"[$-804]aaaa;@\"/>",
	    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/>"
	    "<xf numFmtId=\"20\"/><xf numFmtId=\"164\"/><xf numFmtId=\"31\"/>"
	    "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"165\"/>"),
	    NULL, NULL, NULL);
	assert_non_null(r);
	assert_string_equal(cell(r, 0, "a"), "2024-03-15");
	assert_string_equal(cell(r, 0, "b"), "2024-03-15 14:30");
	assert_string_equal(cell(r, 0, "c"), "18:00");
	assert_string_equal(cell(r, 0, "d"), "2024-03-15");
	assert_string_equal(cell(r, 1, "a"), "1900-02-29");  /* Excel's leap day */
	assert_string_equal(cell(r, 1, "b"), "1900-01-01");
	assert_string_equal(cell(r, 1, "c"), "36:00");       /* elapsed hours */
	assert_string_equal(cell(r, 1, "d"), "2024-03-15");
	assert_string_equal(cell(r, 2, "a"), "-3");          /* before 1900: the number */
	assert_string_equal(cell(r, 2, "b"), "2024-03-15");  /* weekday format: a date */
	assert_string_equal(cell(r, 2, "c"), "12:00:00");
	assert_string_equal(cell(r, 2, "d"), "2024-03-15 08:05");
	assert_string_equal(diags(), "");

	/* the 1904 date system (old Mac workbooks) */
	r = book(SHEET("<row><c t=\"inlineStr\"><is><t>日期</t></is></c></row>"
	    "<row><c s=\"1\"><v>43904</v></c></row>"), NULL,
	    STYLES("", "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"),
	    "<workbook " ZM_NS "><workbookPr date1904=\"1\"/><sheets>"
	    "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	    NULL, NULL);
	assert_string_equal(cell(r, 0, "日期"), "2024-03-15");
}

static void
test_shape_and_merges(void **state)
{
	/* header on row 3 starting at column B; an empty row; an empty
	 * column inside; 单位 merged over B5:B6; trailing empties */
	rec *r = sheet(SHEETM(
	    "<row r=\"2\"><c r=\"B2\" s=\"0\"/></row>"
	    "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t> 单位　</t></is></c>"
	    "<c r=\"C3\" t=\"inlineStr\"><is><t>项目</t></is></c>"
	    "<c r=\"E3\" t=\"inlineStr\"><is><t>金额</t></is></c><c r=\"F3\"/></row>"
	    "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><t>甲公司</t></is></c>"
	    "<c r=\"C5\" t=\"inlineStr\"><is><t>土方</t></is></c><c r=\"E5\"><v>1</v></c></row>"
	    "<row r=\"6\"><c r=\"B6\"/><c r=\"C6\" t=\"inlineStr\"><is><t>路基</t></is></c>"
	    "<c r=\"E6\"><v>2</v></c></row>"
	    "<row r=\"7\"><c r=\"E7\"><v>3</v></c></row>"
	    "<row r=\"1048576\"><c r=\"A1048576\" s=\"1\"/></row>",
	    "<mergeCell ref=\"B5:B6\"/><mergeCell ref=\"C7:D9\"/>"));
	assert_non_null(r);
	assert_int_equal(r->n, 3);
	assert_int_equal(r->v[0]->n, 3);
	assert_string_equal(r->v[0]->k[0], "单位");
	assert_string_equal(cell(r, 0, "单位"), "甲公司");
	assert_string_equal(cell(r, 1, "单位"), "甲公司");
	assert_string_equal(cell(r, 1, "项目"), "路基");
	assert_string_equal(cell(r, 2, "单位"), "");
	assert_string_equal(cell(r, 2, "金额"), "3");
	/* positions as Excel names cells */
	assert_string_equal(rec_map_get(r->v[1], "项目")->pos.file, "u.xlsx[Sheet1]!C6");
	assert_string_equal(rec_map_get(r->v[1], "单位")->pos.file, "u.xlsx[Sheet1]!B5");
	assert_string_equal(rec_map_get(r->v[2], "单位")->pos.file, "u.xlsx[Sheet1]!B7");
	assert_string_equal(r->v[1]->pos.file, "u.xlsx[Sheet1]!B6:E6");
	assert_string_equal(diags(), "");
}

static void
test_header_errors(void **state)
{
	assert_null(sheet(SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>单位</t></is></c>"
	    "<c r=\"C1\" t=\"inlineStr\"><is><t>单位</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row>"
	    "<row r=\"14\"><c r=\"B14\"><v>2</v></c></row>")));
	assert_string_equal(diags(),
	    "gongwen: u.xlsx[Sheet1]!B1: error: column B has no name in the header row, but B2 holds data\n"
	    "gongwen: u.xlsx[Sheet1]!C1: error: column name 单位 appears twice in the header row (columns A and C)\n");
	teardown(state);
	setup(state);
	/* a title merged across the table above the header */
	assert_null(sheet(SHEETM(
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>考核结果</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>单位</t></is></c>"
	    "<c r=\"B2\" t=\"inlineStr\"><is><t>得分</t></is></c></row>",
	    "<mergeCell ref=\"A1:B1\"/>")));
	assert_string_equal(diags(), "gongwen: u.xlsx[Sheet1]!A1: error: the header row's 考核结果 "
	    "is one merged cell over columns A to B: is it a title? Delete that row, so that the "
	    "column names come first\n");
	teardown(state);
	setup(state);
	assert_null(sheet(SHEET("<row r=\"3\"><c r=\"A3\" s=\"2\"/></row>")));
	assert_string_equal(diags(), "gongwen: u.xlsx[Sheet1]: error: the sheet is empty; its first "
	    "row must name the columns\n");
}

static void
test_cell_errors(void **state)
{
	assert_null(sheet(SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>得分</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"e\"><f>VLOOKUP(1,B:C,2,0)</f><v>#N/A</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\"><f>B3*2</f></c></row>"
	    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>7</v></c></row>")));
	assert_string_equal(diags(),
	    "gongwen: u.xlsx[Sheet1]!A2: error: the cell shows the error #N/A; correct its formula or value in the workbook\n"
	    "gongwen: u.xlsx[Sheet1]!A3: error: the cell's formula has no saved result; open the workbook in Excel or WPS and save it again\n"
	    "gongwen: u.xlsx[Sheet1]!A4: error: the cell refers to shared string 7, which the workbook does not have; it is damaged\n");
}

static void
test_sheets(void **state)
{
	const char *wb = "<workbook " ZM_NS "><sheets>"
	    "<sheet name=\"隐藏\" sheetId=\"3\" state=\"hidden\" r:id=\"rId2\"/>"
	    "<sheet name=\"评分\" sheetId=\"1\" r:id=\"rId1\"/>"
	    "<sheet name=\"汇总\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
	const char *s1 = SHEET("<row><c t=\"inlineStr\"><is><t>表</t></is></c></row>"
	    "<row><c t=\"inlineStr\"><is><t>一</t></is></c></row>");
	const char *s2 = SHEET("<row><c t=\"inlineStr\"><is><t>表</t></is></c></row>"
	    "<row><c t=\"inlineStr\"><is><t>二</t></is></c></row>");
	assert_string_equal(cell(book(s1, NULL, NULL, wb, s2, NULL), 0, "表"), "一");
	assert_string_equal(cell(book(s1, NULL, NULL, wb, s2, "1"), 0, "表"), "一");
	assert_string_equal(cell(book(s1, NULL, NULL, wb, s2, "2"), 0, "表"), "二");
	assert_string_equal(cell(book(s1, NULL, NULL, wb, s2, "汇总"), 0, "表"), "二");
	assert_string_equal(cell(book(s1, NULL, NULL, wb, s2, "隐藏"), 0, "表"), "二");
	rec *r = book(s1, NULL, NULL, wb, s2, "2");
	assert_string_equal(rec_map_get(r->v[0], "表")->pos.file, "u.xlsx[汇总]!A2");
	assert_string_equal(diags(), "");
	assert_null(book(s1, NULL, NULL, wb, s2, "评份"));
	assert_null(book(s1, NULL, NULL, wb, s2, "3"));
	assert_string_equal(diags(),
	    "gongwen: u.xlsx: error: no sheet named \"评份\"; the workbook has: 隐藏 (hidden), 评分, 汇总\n"
	    "gongwen: u.xlsx: error: there is no sheet #3: the workbook has 2 visible sheets (隐藏 (hidden), 评分, 汇总)\n");
}

static void
test_hostile(void **state)
{
	size_t n;
	char *z;

	/* entity expansion (billion laughs) and external entities: no DTD */
	assert_null(sheet("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><worksheet " ZM_NS ">"
	    "<sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>"));
	assert_null(sheet("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
	    "<worksheet " ZM_NS "><sheetData><row><c t=\"inlineStr\"><is><t>&x;</t></is></c>"
	    "</row></sheetData></worksheet>"));
	assert_string_equal(diags(),
	    "gongwen: u.xlsx: xl/worksheets/sheet1.xml:1:34: error: the part declares a DTD (<!DOCTYPE …>), which Excel and WPS never write; refused (entities are not expanded)\n"
	    "gongwen: u.xlsx: xl/worksheets/sheet1.xml:1:34: error: the part declares a DTD (<!DOCTYPE …>), which Excel and WPS never write; refused (entities are not expanded)\n");
	teardown(state);
	setup(state);

	/* nesting: bounded before expat's tag stack grows */
	{
		size_t deep = 100000;
		char *xml = malloc(deep * 3 + 200);
		size_t o = (size_t)sprintf(xml, "<worksheet " ZM_NS ">");
		for (size_t i = 0; i < deep; i++)
			memcpy(xml + o + 3 * i, "<a>", 3);
		strcpy(xml + o + 3 * deep, "</worksheet>");
		assert_null(sheet(xml));
		free(xml);
		assert_non_null(strstr(diags(), "u.xlsx: xl/worksheets/sheet1.xml:1:345: error: "
		    "elements nested more than 64 deep; the workbook is damaged\n"));
	}
	teardown(state);
	setup(state);

	/* not a zip; an encrypted workbook (an OLE file); an .xls */
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....E\0n\0c\0r\0y\0p\0t\0e\0d\0"
	    "P\0a\0c\0k\0a\0g\0e\0";
	assert_null(rec_xlsx_parse(A, "p.xlsx", ole, sizeof ole - 1, NULL, NULL));
	assert_null(rec_xlsx_parse(A, "o.xlsx", ole, 12, NULL, NULL));
	assert_null(rec_xlsx_parse(A, "t.xlsx", "单位,得分\n", 14, NULL, NULL));
	assert_null(rec_xlsx_parse(A, "k.xlsx", "PK\x03\x04garbage", 13, NULL, NULL));
	assert_string_equal(diags(),
	    "gongwen: p.xlsx: error: the workbook is password-protected; open it in Excel or WPS, remove the password (文件 → 文档加密 / 保护工作簿) and save it again\n"
	    "gongwen: o.xlsx: error: this is an Excel 97-2003 workbook (.xls) under an .xlsx name; rename it to .xls, or save it as .xlsx\n"
	    "gongwen: t.xlsx: error: not an .xlsx workbook (not a zip archive); open it in Excel or WPS and save it as .xlsx\n"
	    "gongwen: k.xlsx: error: not a readable .xlsx workbook (Not a zip archive); open it in Excel or WPS and save it again\n");
	teardown(state);
	setup(state);

	/* an entry named ../x */
	{
		const char *names[] = { "_rels/.rels", "../../evil" };
		const char *data[] = { zm_rels, "x" };
		z = zipmem(names, data, NULL, 2, 0, &n);
		assert_non_null(z);
		assert_null(rec_xlsx_parse(A, "e.xlsx", z, n, NULL, NULL));
		free(z);
		assert_string_equal(diags(), "gongwen: e.xlsx: error: the archive holds an entry "
		    "named \"../../evil\" (absolute or with ..), which no spreadsheet program "
		    "writes; refused\n");
	}
	teardown(state);
	setup(state);

	/* a zip bomb: 20 MB of blanks deflate to ~20 KB */
	{
		size_t big = 20u << 20;
		char *xml = malloc(big + 200);
		int h = snprintf(xml, 200, "<worksheet " ZM_NS ">");
		memset(xml + h, ' ', big);
		strcpy(xml + h + big, "</worksheet>");
		const char *names[] = { "_rels/.rels", "xl/workbook.xml",
		    "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml" };
		const char *data[] = { zm_rels, zm_workbook, zm_wbrels, xml };
		z = zipmem(names, data, NULL, 4, 1, &n);
		free(xml);
		assert_non_null(z);
		assert_null(rec_xlsx_parse(A, "b.xlsx", z, n, NULL, NULL));
		free(z);
		assert_non_null(strstr(diags(), "b.xlsx: error: xl/worksheets/sheet1.xml inflates "
		    "to more than 16 MB (over 200 times its compressed size); refused as a zip bomb"));
	}
}

static void
test_limits(void **state)
{
	/* 100,001 data rows: bounded, stops reading early */
	size_t cap = 100002 * 64 + 200, len = 0;
	char *xml = malloc(cap);
	len += (size_t)sprintf(xml, "<worksheet " ZM_NS "><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>n</t></is></c></row>");
	for (int i = 2; i <= 100002; i++)
		len += (size_t)sprintf(xml + len, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>",
		    i, i, i);
	strcpy(xml + len, "</sheetData></worksheet>");
	assert_null(sheet(xml));
	free(xml);
	assert_string_equal(diags(), "gongwen: u.xlsx[Sheet1]!A100002: error: more than "
	    "100000 rows; split the sheet\n");
	teardown(state);
	setup(state);
	/* a cell beyond Excel's grid */
	assert_null(sheet(SHEET("<row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row>")));
	assert_string_equal(diags(), "gongwen: u.xlsx: xl/worksheets/sheet1.xml:1:178: error: "
	    "a cell named \"A1048577\"; the workbook is damaged\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_numbers_as_shown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shape_and_merges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cell_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
