/* test_tmpl.c — front matter split and field expansion (DESIGN §3). */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "rec.h"
#include "tmpl.h"

/* setup, teardown, diags() and the arena A: testutil.h */

static rec *
yaml(const char *s)
{
	rec *r = rec_yaml_parse(A, "data.yaml", s, strlen(s), 1);
	assert_non_null(r);
	return r;
}

static const tmpl_opts body_opts = { ".", true, false };

static char *
expand_o(const char *t, const rec *ctx, const tmpl_opts *o, linemap *lm)
{
	size_t len;
	return tmpl_expand(A, t, strlen(t), pos_at("t.md", 1, 1), ctx, o, &len,
	    lm);
}

static char *
expand(const char *t, const rec *ctx)
{
	return expand_o(t, ctx, &body_opts, NULL);
}

/* ---- front matter ---- */

static void
test_split_front(void **state)
{
	const char *t = "---\n标题: x\n年份: 2018\n---\n正文\n";
	size_t fo, fl, bo;
	int fline, bline;
	bool ok;

	assert_true(tmpl_split_front("t.md", t, strlen(t), &fo, &fl, &fline,
	    &bo, &bline, &ok));
	assert_true(ok);
	assert_int_equal(fline, 2);
	assert_int_equal(bline, 5);
	assert_memory_equal(t + fo, "标题: x\n年份: 2018\n", fl);
	assert_string_equal(t + bo, "正文\n");

	const char *crlf = "\xEF\xBB\xBF---\r\na: 1\r\n---\r\nbody";
	assert_true(tmpl_split_front("t.md", crlf, strlen(crlf), &fo, &fl,
	    &fline, &bo, &bline, &ok));
	assert_memory_equal(crlf + fo, "a: 1\r\n", fl);
	assert_string_equal(crlf + bo, "body");
	assert_int_equal(bline, 4);

	const char *none = "正文\n---\n";
	assert_false(tmpl_split_front("t.md", none, strlen(none), &fo, &fl,
	    &fline, &bo, &bline, &ok));
	assert_true(ok);
	assert_int_equal(bo, 0);
	assert_int_equal(bline, 1);

	const char *open = "---\na: 1\n正文\n";
	assert_false(tmpl_split_front("t.md", open, strlen(open), &fo, &fl,
	    &fline, &bo, &bline, &ok));
	assert_false(ok);
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: the front "
	    "matter that starts here has no closing \"---\" line\n");
}

/* ---- fields and escaping ---- */

static void
test_fields(void **state)
{
	rec *d = yaml("年份: 2018\n文号: 7\n单位: {名称: 许昌市}\n");
	assert_string_equal(expand("许集聚办〔{{年份}}〕{{ 文号 }}号，{{单位.名称}}", d),
	    "许集聚办〔2018〕7号，许昌市");
	assert_string_equal(expand("{{　年份　}}", d), "2018");  /* U+3000 */
	assert_string_equal(diags(), "");
}

static void
test_escaping(void **state)
{
	rec *d = yaml("x: \"**粗体** [链接](x)\"\n"
	    "h: \"# 标题\"\n"
	    "n: \"1. 第一\"\n"
	    "l: \"- 项\"\n"
	    "m: \"a<b>&c_d`e|f~g\\\\\"\n"
	    "ml: \"甲\\n===\\n    乙\"\n"
	    "num: \"3.5\"\n"
	    "neg: \"-5\"\n");
	assert_string_equal(expand("值：{{x}}", d),
	    "值：\\*\\*粗体\\*\\* \\[链接\\](x)");
	assert_string_equal(expand("{{{x}}}", d), "**粗体** [链接](x)");
	assert_string_equal(expand("{{& x}}", d), "**粗体** [链接](x)");
	assert_string_equal(expand("{{h}}", d), "\\# 标题");
	assert_string_equal(expand("{{n}}", d), "1\\. 第一");
	assert_string_equal(expand("{{l}}", d), "\\- 项");
	assert_string_equal(expand("{{m}}", d), "a\\<b>\\&c\\_d\\`e\\|f\\~g\\\\");
	assert_string_equal(expand("{{ml}}", d), "甲\n\\===\n乙");
	assert_string_equal(expand("{{num}} {{neg}}", d), "3.5 -5");
	/* front-matter values are not Markdown */
	tmpl_opts fm = { NULL, false, false };
	assert_string_equal(expand_o("{{x}}", d, &fm, NULL), "**粗体** [链接](x)");
}

static void
test_missing_field(void **state)
{
	rec *d = yaml("发文号: 1\n年份: 2018\n");
	assert_null(expand("第一行\n第二行\n号：{{发文字号}}，{{ 未知 }}\n", d));
	assert_string_equal(diags(),
	    "gongwen: t.md:3:3: error: unknown field 发文字号 (did you mean "
	    "发文号?)\n"
	    "gongwen: t.md:3:12: error: unknown field 未知\n");
	clear_diags();
	rec *u = yaml("单位: {名称: 甲}\n");
	assert_null(expand("{{单位.名字}}", u));
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: unknown field "
	    "单位.名字 (did you mean 单位.名称?)\n");
	clear_diags();
	assert_null(expand("{{x}}", NULL));
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: unknown field x\n");
}

static void
test_missing_reported_once_in_loop(void **state)
{
	rec *d = yaml("行: [{a: 1}, {a: 2}, {a: 3}]\n");
	assert_null(expand("{{#行}}{{b}}{{/行}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:7: error: unknown field b\n");
}

/* ---- sections ---- */

static void
test_sections(void **state)
{
	rec *d = yaml("年份: 2018\n"
	    "附件:\n"
	    "  - {标题: 分工表, 年份: 2019}\n"
	    "  - {标题: 名单}\n"
	    "  - {标题: 通讯录}\n"
	    "空: []\n"
	    "是: true\n"
	    "否: false\n"
	    "单位: {名称: 甲}\n");
	assert_string_equal(expand(
	    "{{#附件}}{{@number}}.{{标题}}{{年份}}{{^@last}}、{{/@last}}{{/附件}}", d),
	    "1.分工表2019、2.名单2018、3.通讯录2018");
	assert_string_equal(expand(
	    "{{#附件}}[{{@index}}{{序号}}{{#@first}}F{{/@first}}]{{/附件}}", d),
	    "[01F][12][23]");
	assert_string_equal(expand("{{#空}}x{{/空}}{{^空}}无{{/空}}", d), "无");
	assert_string_equal(expand("{{#是}}有{{/是}}{{^否}}非{{/否}}", d), "有非");
	assert_string_equal(expand("{{#单位}}{{名称}}{{年份}}{{/单位}}", d), "甲2018");
	/* standalone tags take their whole line */
	assert_string_equal(expand(
	    "附件：\n"
	    "{{#附件}}\n"
	    "  {{@number}}. {{标题}}\n"
	    "{{/附件}}\n"
	    "完\n", d),
	    "附件：\n  1. 分工表\n  2. 名单\n  3. 通讯录\n完\n");
	assert_string_equal(diags(), "");
}

static void
test_list_of_strings_and_sibling_keys(void **state)
{
	rec *d = yaml("主送: [甲, 乙, 丙]\n"
	    "行: [{名称: a, 备注: 注}, {名称: b}]\n");
	assert_string_equal(expand("{{#主送}}{{.}}{{^@last}}，{{/@last}}{{/主送}}", d),
	    "甲，乙，丙");
	/* 备注 missing in one item but present in another: empty, no error */
	assert_string_equal(expand("{{#行}}{{名称}}({{备注 | 缺省:\"—\"}}){{/行}}", d),
	    "a(注)b(—)");
	assert_string_equal(diags(), "");
}

static void
test_unclosed_and_mismatched(void **state)
{
	rec *d = yaml("a: [1]\nb: 1\n");
	assert_null(expand("正文\n  {{#a}}\n内容\n", d));
	assert_string_equal(diags(), "gongwen: t.md:2:3: error: unclosed "
	    "section {{#a}}: no {{/a}} follows\n");
	clear_diags();
	assert_null(expand("{{#a}}{{^b}}x{{/a}}{{/b}}", d));
	assert_string_equal(diags(),
	    "gongwen: t.md:1:14: error: {{/a}} does not match the open section "
	    "{{^b}} at line 1:7\n"
	    "gongwen: t.md:1:20: error: {{/b}} closes a section that was never "
	    "opened\n");
	clear_diags();
	assert_null(expand("x {{a\ny}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:3: error: unclosed {{: "
	    "no }} on the same line\n");
	clear_diags();
	assert_null(expand("{{@index}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: @index is only "
	    "available inside a {{#列表}}…{{/列表}} section\n");
	clear_diags();
	assert_null(expand("{{a}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: a is a list, "
	    "not text: repeat it with {{#a}}…{{/a}}\n");
}

/* ---- filters ---- */

static const char *
f1(const char *filter, const char *value)
{
	rec *d = rec_new(A, REC_MAP, NOPOS);
	rec_map_set(A, d, "v", rec_new_str(A, value, strlen(value), NOPOS));
	char *t = arena_printf(A, "{{v | %s}}", filter);
	char *r = expand(t, d);
	return r ? r : "(null)";
}

static void
test_filter_date(void **state)
{
	assert_string_equal(f1("日期", "2018-06-06"), "2018年6月6日");
	assert_string_equal(f1("日期", "2018/6/6"), "2018年6月6日");
	assert_string_equal(f1("日期", "2018.6.16"), "2018年6月16日");
	assert_string_equal(f1("日期", "20181231"), "2018年12月31日");
	assert_string_equal(f1("日期", "2018年06月06日"), "2018年6月6日");
	assert_string_equal(f1("日期", "2018/6/6 0:00"), "2018年6月6日");
	assert_string_equal(f1("日期", "2020-02-29"), "2020年2月29日");
	assert_string_equal(f1("日期:中文", "2018-06-26"), "二〇一八年六月二十六日");
	assert_string_equal(f1("日期", ""), "");
	assert_string_equal(diags(), "gongwen: t.md:1:1: warning: v is empty, so "
	    "the document would print nothing there; give a value, or write "
	    "{{v | 缺省:\"…\"}}\n");
	clear_diags();
	assert_string_equal(f1("日期", "2019-02-29"), "(null)");
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: v \"2019-02-29\" "
	    "is not a day of the calendar (2019年2月 has 28 days)\n");
	clear_diags();
	assert_string_equal(f1("日期", "六月"), "(null)");
	assert_string_equal(f1("日期", "2018-6/6"), "(null)");
}

static void
test_filter_date_data_position(void **state)
{
	rec *d = yaml("行:\n  - {日: 2018-06-06}\n  - {日: 明天}\n");
	assert_null(expand("{{#行}}{{日 | 日期}}{{/行}}", d));
	assert_string_equal(diags(),
	    "gongwen: data.yaml:3:9: error: 日 \"明天\" is not a date (write "
	    "2018-06-06, 2018/6/6, 2018.6.6 or 20180606)\n"
	    "gongwen: t.md:1:7: note: used here: {{日 | …}}\n");
}

static void
test_filter_cnum(void **state)
{
	static const char *const cases[][2] = {
		{ "0", "零" }, { "7", "七" }, { "10", "十" }, { "12", "十二" },
		{ "20", "二十" }, { "105", "一百零五" }, { "110", "一百一十" },
		{ "1005", "一千零五" }, { "2018", "二千零一十八" },
		{ "10050", "一万零五十" }, { "100000", "十万" },
		{ "110000", "十一万" }, { "1100000", "一百一十万" },
		{ "100010", "十万零一十" }, { "100000001", "一亿零一" },
		{ "100001000", "一亿零一千" }, { "-3", "负三" }, { "12.0", "十二" },
		{ "007", "七" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_string_equal(f1("中文数字", cases[i][0]), cases[i][1]);
	assert_string_equal(diags(), "");
	assert_string_equal(f1("中文数字", "12.5"), "(null)");
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: v \"12.5\" is "
	    "not a whole number (中文数字 writes whole numbers)\n");
}

static void
test_filter_decimal_default_amount(void **state)
{
	assert_string_equal(f1("小数:1", "2.25"), "2.3");
	assert_string_equal(f1("小数:2", "2.675"), "2.68");
	assert_string_equal(f1("小数:1", "-2.25"), "-2.3");
	assert_string_equal(f1("小数:0", "9.5"), "10");
	assert_string_equal(f1("小数:2", "99.999"), "100.00");
	assert_string_equal(f1("小数:2", "7"), "7.00");
	assert_string_equal(f1("小数:1", "-0.01"), "0.0");
	assert_string_equal(f1("小数：1", ".05"), "0.1");
	assert_string_equal(f1("小数:1", "1e2"), "100.0");
	assert_string_equal(f1("缺省:\"—\"", ""), "—");
	assert_string_equal(f1("缺省:“无”", ""), "无");
	assert_string_equal(f1("缺省:\"—\"", "有"), "有");
	assert_string_equal(f1("大写金额", "1234.5"), "壹仟贰佰叁拾肆元伍角整");
	assert_string_equal(f1("大写金额", "100"), "壹佰元整");
	assert_string_equal(f1("大写金额", "1005.07"), "壹仟零伍元零柒分");
	assert_string_equal(f1("大写金额", "0.3"), "叁角整");
	assert_string_equal(f1("大写金额", "120000"), "壹拾贰万元整");
	assert_string_equal(f1("千分位", "1234567.5"), "1,234,567.5");
	assert_string_equal(f1("千分位", "-999"), "-999");
	assert_string_equal(f1("小数:1 ｜ 千分位", "12345.67"), "12,345.7");
	assert_string_equal(diags(), "");

	/* a missing field with 缺省 is not an error */
	rec *d = yaml("a: 1\n");
	assert_string_equal(expand("[{{无此字段 | 缺省:\"—\"}}]", d), "[—]");
	assert_string_equal(expand("[{{无此字段 | 缺省}}]", d), "[]");
	assert_string_equal(diags(), "");

	assert_string_equal(f1("小数:1", "二十"), "(null)");
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: v \"二十\" is not "
	    "a number\n");

	/* exact decimals (decimal.c): full-width digits, exponents, 18 digits */
	assert_string_equal(f1("小数:1", "９０．５"), "90.5");
	assert_string_equal(f1("小数:2", "2.675"), "2.68");
	assert_string_equal(f1("千分位", "1e6"), "1,000,000");
	assert_string_equal(f1("大写金额", "9999999999999999.99"),
	    "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
	assert_string_equal(f1("中文数字", "１２"), "十二");
	assert_string_equal(f1("小数:1", "12345678901234567890"), "(null)");
	assert_string_equal(f1("大写金额", "99999999999999999"), "(null)");
	assert_true(strstr(diags(), "error: v \"12345678901234567890\" has more than "
	    "18 digits\n") != NULL);
}

static void
test_bad_filters(void **state)
{
	rec *d = yaml("a: 1\n");
	assert_null(expand("x{{a | 日其}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:8: error: unknown filter "
	    "日其 (did you mean 日期?)\n");
	clear_diags();
	assert_null(expand("{{a|upper}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:5: error: unknown filter "
	    "upper (known: 日期, 中文数字, 小数:N, 缺省:\"…\", 大写金额, 千分位)\n");
	clear_diags();
	assert_null(expand("{{a | 小数:x}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:7: error: filter 小数 needs "
	    "a number of decimal places from 0 to 10, as in 小数:1 (not \"x\")\n");
	clear_diags();
	assert_null(expand("{{a | 小数}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:7: error: filter 小数 needs "
	    "a number of decimal places from 0 to 10, as in 小数:1\n");
	clear_diags();
	assert_null(expand("{{a | 中文数字:2}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:7: error: filter 中文数字 "
	    "takes no argument\n");
}

/* ---- partials ---- */

static char tmpdir[64];

static void
write_file(const char *dir, const char *name, const char *text)
{
	char *p = arena_printf(A, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_partials(void **state)
{
	strcpy(tmpdir, "/tmp/gw-tmpl-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	char *root = arena_printf(A, "%s/tpl", tmpdir);
	assert_int_equal(mkdir(root, 0700), 0);
	assert_int_equal(mkdir(arena_printf(A, "%s/sub", root), 0700), 0);
	write_file(root, "页脚.md", "（{{单位}}）\n");
	write_file(root, "sub/a.md", "A{{> sub/b.md}}");
	write_file(root, "sub/b.md", "B");
	write_file(root, "self.md", "S{{> self.md}}");
	write_file(tmpdir, "x.md", "secret");
	assert_int_equal(symlink(arena_printf(A, "%s/x.md", tmpdir),
	    arena_printf(A, "%s/link.md", root)), 0);

	tmpl_opts o = { root, true, false };
	rec *d = yaml("单位: 许昌市\n");
	linemap lm;
	char *out = expand_o("正文\n{{> 页脚.md}}\n{{>sub/a.md}}\n", d, &o, &lm);
	assert_non_null(out);
	assert_string_equal(out, "正文\n（许昌市）\nAB\n");
	assert_int_equal(lm.n, 3);
	assert_string_equal(lm.pos[1].file, arena_printf(A, "%s/页脚.md", root));
	assert_int_equal(lm.pos[1].line, 1);
	assert_string_equal(lm.pos[2].file, arena_printf(A, "%s/sub/a.md", root));
	assert_string_equal(diags(), "");
	/* a partial before a ```table block: the partial is not cut at the
	 * parent's fence (it once read the parent's offsets in its own text) */
	write_file(root, "长.md", "{{单位}}的这一段文字比调用它的标签更长。\n");
	const char *fence = "```table\n数据: 表.csv\n列:\n  - {标题: 单位}\n  - {标题: 得分}\n"
	    "  - {标题: 备注}\n```\n";
	out = expand_o(arena_printf(A, "{{> 长.md}}\n\n%s", fence), d, &o, NULL);
	assert_non_null(out);
	assert_string_equal(out, arena_printf(A, "许昌市的这一段文字比调用它的标签更长。\n\n%s",
	    fence));

	assert_null(expand_o("{{> ../x.md}}", d, &o, NULL));
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: partial \"../x.md\" "
	    "is outside the template's directory; refused\n");
	clear_diags();
	assert_null(expand_o("{{> /etc/passwd}}", d, &o, NULL));
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: partial "
	    "\"/etc/passwd\": give a path inside the template's directory, not an "
	    "absolute one\n");
	clear_diags();
	assert_null(expand_o("{{> link.md}}", d, &o, NULL));
	assert_non_null(strstr(diags(), "error: partial \"link.md\" is outside "
	    "the template's directory; refused"));
	clear_diags();
	assert_null(expand_o("{{> self.md}}", d, &o, NULL));
	assert_string_equal(diags(), arena_printf(A, "gongwen: %s/self.md:1:2: "
	    "error: partial self.md includes itself\n", root));
	clear_diags();
	assert_null(expand_o("{{> 无.md}}", d, &o, NULL));
	assert_string_equal(diags(), "gongwen: t.md:1:1: error: "
	    "partial \"无.md\": No such file or directory\n");

	static const char *const files[] = { "tpl/页脚.md", "tpl/sub/a.md",
	    "tpl/sub/b.md", "tpl/self.md", "tpl/link.md", "tpl/长.md", "x.md" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		assert_int_equal(unlink(arena_printf(A, "%s/%s", tmpdir,
		    files[i])), 0);
	assert_int_equal(rmdir(arena_printf(A, "%s/tpl/sub", tmpdir)), 0);
	assert_int_equal(rmdir(root), 0);
	assert_int_equal(rmdir(tmpdir), 0);
}

/* ---- line map and front matter values ---- */

static void
test_linemap(void **state)
{
	rec *d = yaml("行: [甲, 乙]\nm: \"多\\n行\"\n");
	linemap lm;
	size_t len;
	const char *t = "标题\n{{#行}}\n- {{.}}\n{{/行}}\n{{m}}尾\n";
	char *out = tmpl_expand(A, t, strlen(t), pos_at("t.md", 5, 1), d,
	    &body_opts, &len, &lm);
	assert_non_null(out);
	assert_string_equal(out, "标题\n- 甲\n- 乙\n多\n行尾\n");
	assert_int_equal(len, strlen(out));
	assert_int_equal(lm.n, 5);
	int lines[] = { 5, 7, 7, 9, 9 };
	int cols[] = { 1, 1, 1, 1, 1 };
	for (int i = 0; i < 5; i++) {
		assert_int_equal(lm.pos[i].line, lines[i]);
		assert_int_equal(lm.pos[i].col, cols[i]);
		assert_string_equal(lm.pos[i].file, "t.md");
	}
}

static void
test_expand_rec(void **state)
{
	const char *fmt =
	    "发文字号: 许集聚办〔{{年份}}〕{{文号}}号\n"
	    "印发文件: {标题: \"{{年份}}年方案\", 模板: 方案.md}\n"
	    "a: &x {t: \"{{年份}}\"}\n"
	    "b: *x\n";
	rec *fm = rec_yaml_parse(A, "t.md", fmt, strlen(fmt), 2);
	assert_non_null(fm);
	rec *d = yaml("年份: 2018\n文号: 7\n");
	tmpl_opts o = { NULL, false, false };
	assert_true(tmpl_expand_rec(A, fm, d, &o));
	assert_string_equal(rec_path(fm, "发文字号")->s, "许集聚办〔2018〕7号");
	assert_string_equal(rec_path(fm, "印发文件.标题")->s, "2018年方案");
	assert_string_equal(rec_path(fm, "a.t")->s, "2018");
	assert_string_equal(rec_path(fm, "b.t")->s, "2018");
	assert_string_equal(diags(), "");

	rec *bad = rec_yaml_parse(A, "t.md", "标题: 关于{{年分}}\n",
	    strlen("标题: 关于{{年分}}\n"), 2);
	assert_non_null(bad);
	assert_false(tmpl_expand_rec(A, bad, d, &o));
	assert_string_equal(diags(), "gongwen: t.md:2:7: error: unknown field "
	    "年分 (did you mean 年份?)\n");
	clear_diags();
	const char *q = "印发文件: {标题: \"{{年分}}年方案\"}\n";
	bad = rec_yaml_parse(A, "t.md", q, strlen(q), 2);
	assert_non_null(bad);
	assert_false(tmpl_expand_rec(A, bad, d, &o));
	assert_string_equal(diags(), "gongwen: t.md:2:13: error: unknown field "
	    "年分 (did you mean 年份?)\n");
}

static void
test_blowups(void **state)
{
	rec *d = rec_new(A, REC_MAP, NOPOS);
	rec *l = rec_new(A, REC_LIST, NOPOS);
	for (int i = 0; i < 1000; i++)
		rec_list_push(A, l, rec_new_str(A, "x", 1, NOPOS));
	rec_map_set(A, d, "a", l);
	assert_null(expand("{{#a}}{{#a}}{{#a}}0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789{{/a}}{{/a}}{{/a}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:19: error: the expanded "
	    "text is larger than 64 MB (sections over long lists nested in each "
	    "other?)\n");
	clear_diags();
	/* a billion rounds that print nothing: stopped by the step count */
	assert_null(expand("{{#a}}{{#a}}{{#a}}{{/a}}{{/a}}{{/a}}", d));
	assert_string_equal(diags(), "gongwen: t.md:1:13: error: the template "
	    "takes more than 4 million steps to expand (sections over long "
	    "lists nested in each other?)\n");

	/* a megabyte of "{{" on one line: one error, quickly */
	size_t n = 1 << 20;
	char *s = malloc(n + 1);
	if (s == NULL)
		fail();
	for (size_t i = 0; i < n; i++)
		s[i] = '{';
	s[n] = '\0';
	diag_set_max_errors(1000);
	assert_null(expand(s, d));
	assert_int_equal(diag_count(DIAG_ERROR), 2);
	free(s);
	clear_diags();

	/* front matter: seven levels of ten aliases (ten million paths to a
	 * field) are expanded once per shared node, not once per path */
	const char *fm =
	    "a0: &a0 [\"{{a.0}}\", \"{{a.1}}\"]\n"
	    "a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n"
	    "a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\n"
	    "a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]\n"
	    "a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]\n"
	    "a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]\n"
	    "a6: [*a5, *a5, *a5, *a5, *a5, *a5, *a5]\n";
	rec *bomb = rec_yaml_parse(A, "t.md", fm, strlen(fm), 2);
	assert_non_null(bomb);
	tmpl_opts fo = { NULL, false, false };
	assert_true(tmpl_expand_rec(A, bomb, d, &fo));
	assert_string_equal(rec_path(bomb, "a6.6.9.9.9.9.9.1")->s, "x");
	assert_string_equal(rec_path(bomb, "a1.3.0")->s, "x");
	assert_ptr_equal(rec_path(bomb, "a6.0.1"), rec_path(bomb, "a6.6.2"));
	assert_string_equal(diags(), "");
}

/* An empty cell is a warning at the cell (file, row, column), once per
 * value however often it is used, and nothing with a 缺省 filter (issue
 * 11, item 12). */
static void
test_empty_value(void **state)
{
	const char *csv = "单位,问题数\n甲局,3\n乙局,\n,2\n";
	rec *d = rec_csv_parse(A, "u.csv", csv, strlen(csv), NULL);
	assert_non_null(d);
	rec *ctx = rec_new(A, REC_MAP, NOPOS);
	rec_map_set(A, ctx, "行", d);
	const char *t = "{{#行}}{{单位}}：发现问题{{问题数}}个，{{问题数}}。\n{{/行}}";
	assert_string_equal(expand(t, ctx),
	    "甲局：发现问题3个，3。\n乙局：发现问题个，。\n：发现问题2个，2。\n");
	assert_string_equal(diags(),
	    "gongwen: u.csv:3:4: warning: 问题数 is empty in this record (row 3, "
	    "column 问题数), so the document would print nothing there; fill it in, or "
	    "give {{问题数 | 缺省:\"…\"}} in the template\n"
	    "gongwen: t.md:1:18: note: used here: {{问题数}}\n"
	    "gongwen: u.csv:4:1: warning: 单位 is empty in this record (row 4, "
	    "column 单位), so the document would print nothing there; fill it in, or "
	    "give {{单位 | 缺省:\"…\"}} in the template\n"
	    "gongwen: t.md:1:7: note: used here: {{单位}}\n");
	clear_diags();
	/* 缺省 says the empty value is expected */
	assert_string_equal(expand("{{#行}}{{单位 | 缺省:\"某单位\"}}{{问题数 | 缺省:\"0\"}};{{/行}}", ctx),
	    "甲局3;乙局0;某单位2;");
	assert_string_equal(diags(), "");
	/* a lint: under --strict the run exits 1 and writes no PDF (diag.h) */
	assert_non_null(expand("{{#行}}{{问题数}}{{/行}}", ctx));
	assert_non_null(strstr(diags(), "u.csv:3:4: warning: 问题数 is empty"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_split_front),
		T(test_fields),
		T(test_escaping),
		T(test_missing_field),
		T(test_missing_reported_once_in_loop),
		T(test_sections),
		T(test_list_of_strings_and_sibling_keys),
		T(test_unclosed_and_mismatched),
		T(test_filter_date),
		T(test_filter_date_data_position),
		T(test_filter_cnum),
		T(test_filter_decimal_default_amount),
		T(test_bad_filters),
		T(test_partials),
		T(test_linemap),
		T(test_expand_rec),
		T(test_blowups),
		T(test_empty_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
