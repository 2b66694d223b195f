/* test_yaml.c — YAML data and front matter into the value tree. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "rec.h"

/* setup, teardown, diags() and the arena A: testutil.h */

static rec *
parse(const char *s, int first_line)
{
	return rec_yaml_parse(A, "t.md", s, strlen(s), first_line);
}

static void
test_front_matter(void **state)
{
	const char *fm =
	    "发文机关标志: 许昌市产业集聚区发展联席会议办公室文件\n"
	    "发文字号: 许集聚办〔{{年份}}〕{{文号}}号\n"
	    "成文日期: 2018-06-06\n"
	    "印发文件: {标题: \"{{年份}}年方案\", 模板: 方案.md}\n"
	    "附件:\n"
	    "  - {标题: 重点工作部门分工, 模板: 分工表.md, 数据: 分工.csv}\n"
	    "  - 标题: 第二个\n"
	    "    数据: b.csv\n"
	    "份数: 12\n"
	    "编号: \"007\"\n"
	    "页码: true\n"
	    "空: ~\n"
	    "是: yes\n";
	rec *r = parse(fm, 2);
	assert_non_null(r);
	assert_int_equal(r->kind, REC_MAP);
	assert_int_equal(r->n, 10);
	assert_string_equal(r->k[0], "发文机关标志");
	assert_string_equal(rec_path(r, "发文字号")->s,
	    "许集聚办〔{{年份}}〕{{文号}}号");
	rec *d = rec_path(r, "成文日期");
	assert_int_equal(d->kind, REC_STR);
	assert_string_equal(d->s, "2018-06-06");
	assert_false(d->is_number);
	assert_int_equal(d->pos.line, 4);
	assert_int_equal(d->pos.col, 7);
	assert_string_equal(d->pos.file, "t.md");
	rec *t = rec_path(r, "印发文件.标题");
	assert_string_equal(t->s, "{{年份}}年方案");
	assert_int_equal(t->pos.line, 5);
	assert_string_equal(rec_path(r, "印发文件.模板")->s, "方案.md");
	assert_int_equal(rec_path(r, "附件")->kind, REC_LIST);
	assert_int_equal(rec_path(r, "附件")->n, 2);
	assert_string_equal(rec_path(r, "附件.0.数据")->s, "分工.csv");
	assert_string_equal(rec_path(r, "附件.1.数据")->s, "b.csv");
	assert_int_equal(rec_path(r, "附件.1.数据")->pos.line, 9);
	rec *num = rec_path(r, "份数");
	assert_true(num->is_number);
	assert_string_equal(num->s, "12");
	rec *s007 = rec_path(r, "编号");
	assert_false(s007->is_number);
	assert_string_equal(s007->s, "007");
	assert_int_equal(rec_path(r, "页码")->kind, REC_BOOL);
	assert_true(rec_path(r, "页码")->b);
	assert_int_equal(rec_path(r, "空")->kind, REC_NULL);
	assert_int_equal(rec_path(r, "是")->kind, REC_STR);
	assert_string_equal(rec_path(r, "是")->s, "yes");
	assert_string_equal(diags(), "");
}

static void
test_numbers_kept_as_text(void **state)
{
	rec *r = parse("a: 3.10\nb: -2\nc: 1e3\nd: 0x10\ne: 12abc\n", 1);
	double v;
	assert_non_null(r);
	assert_string_equal(rec_path(r, "a")->s, "3.10");
	assert_true(rec_path(r, "a")->is_number);
	assert_true(rec_number(rec_path(r, "a"), &v));
	assert_true(v > 3.09 && v < 3.11);
	assert_true(rec_path(r, "b")->is_number);
	assert_true(rec_path(r, "c")->is_number);
	assert_false(rec_path(r, "d")->is_number);
	assert_false(rec_path(r, "e")->is_number);
}

static void
test_syntax_error(void **state)
{
	rec *r = parse("标题: a\n  b: c\n", 2);
	assert_null(r);
	assert_string_equal(diags(),
	    "gongwen: t.md:3:4: error: mapping values are not allowed in this "
	    "context\n");
}

static void
test_fullwidth_colon_hint(void **state)
{
	rec *r = parse("标题: a\n主送：各单位\n抄送: b\n", 2);
	assert_null(r);
	assert_non_null(strstr(diags(), "t.md:4:1: error: could not find expected ':'"));
	assert_string_equal(diags(),
	    "gongwen: t.md:4:1: error: could not find expected ':' (while "
	    "scanning a simple key at line 3)\n"
	    "gongwen: t.md:3: note: a key needs an ASCII colon and a space "
	    "(\"标题: …\"), not a full-width \"：\"\n");
	diag_reset();
	assert_null(parse("a:\n\tb: 1\n", 1));
	assert_non_null(strstr(diags(), "gongwen: t.md:2: note: YAML indentation "
	    "must use spaces, not tabs\n"));
}

static void
test_duplicate_key(void **state)
{
	rec *r = parse("标题: a\n主送: x\n标题: b\n", 2);
	assert_null(r);
	assert_string_equal(diags(),
	    "gongwen: t.md:4:1: error: duplicate key \"标题\" (already given at "
	    "line 2)\n");
}

static void
test_alias_shared_and_bomb(void **state)
{
	rec *r = parse("a: &x {k: v}\nb: *x\n", 1);
	assert_non_null(r);
	assert_string_equal(rec_path(r, "b.k")->s, "v");

	/* billion laughs: 10^9 values after expansion */
	const char *bomb =
	    "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	assert_null(parse(bomb, 1));
	assert_non_null(strstr(diags(), "error: too many values: more than "
	    "10000000 after expanding aliases"));
}

static void
test_unknown_and_recursive_alias(void **state)
{
	assert_null(parse("a: *nope\n", 1));
	assert_string_equal(diags(),
	    "gongwen: t.md:1:4: error: unknown alias *nope (no &nope before "
	    "it)\n");
}

static void
test_depth_limit(void **state)
{
	char *s = malloc(20001);
	memset(s, '[', 10000);
	memset(s + 10000, ']', 10000);
	s[20000] = '\0';
	assert_null(parse(s, 1));
	assert_string_equal(diags(),
	    "gongwen: t.md:1:257: error: nested too deeply (more than 256 "
	    "levels)\n");
	free(s);
}

static void
test_empty_and_multi_doc(void **state)
{
	rec *r = parse("# only a comment\n", 2);
	assert_non_null(r);
	assert_int_equal(r->kind, REC_MAP);
	assert_int_equal(r->n, 0);
	assert_null(parse("a: 1\n---\nb: 2\n", 1));
	assert_string_equal(diags(),
	    "gongwen: t.md:2:1: error: a second YAML document (\"---\"); only "
	    "one is allowed here\n");
}

static void
test_nul_and_bad_utf8(void **state)
{
	assert_null(rec_yaml_parse(A, "d.yaml", "a: b\nc: \0x\n", 10, 1));
	assert_string_equal(diags(),
	    "gongwen: d.yaml:2:4: error: NUL byte in YAML text\n");
	assert_null(parse("a: \xff\n", 1));
}

static void
test_many_keys(void **state)
{
	/* 200,000 keys in one mapping: duplicate checks must not be quadratic */
	size_t n = 200000;
	char *s = malloc(n * 16 + 32), *p = s;
	if (s == NULL)
		fail();
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "k%zu: %zu\n", i, i);
	p += sprintf(p, "k17: dup\n");
	assert_null(rec_yaml_parse(A, "big.yaml", s, (size_t)(p - s), 1));
	assert_string_equal(diags(), "gongwen: big.yaml:200001:1: error: "
	    "duplicate key \"k17\" (already given at line 18)\n");
	free(s);
}

static void
test_long_flow_line(void **state)
{
	/* 300,000 quoted scalars on one line: linear, not quadratic */
	size_t n = 300000;
	char *s = malloc(n * 8 + 16), *p = s;
	if (s == NULL)
		fail();
	p += sprintf(p, "a: [");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "\"中\", ");
	p += sprintf(p, "\"末\"]\n");
	rec *r = rec_yaml_parse(A, "l.yaml", s, (size_t)(p - s), 1);
	assert_non_null(r);
	rec *last = rec_path(r, "a.300000");
	assert_non_null(last);
	assert_string_equal(last->s, "末");
	assert_int_equal(last->pos.col, 5 + 5 * 300000 + 1);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_front_matter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers_kept_as_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fullwidth_colon_hint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_shared_and_bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_recursive_alias, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_multi_doc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_and_bad_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_flow_line, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
