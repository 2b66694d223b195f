/* test_rec.c — the value tree helpers and rec_load_file. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "rec.h"

/* setup, teardown, diags() and the arena A: testutil.h */

static rec *
str(const char *s)
{
	return rec_new_str(A, s, strlen(s), NOPOS);
}

static rec *
yaml(const char *s)
{
	rec *r = rec_yaml_parse(A, "d.yaml", s, strlen(s), 1);
	assert_non_null(r);
	return r;
}

static void
test_map_and_path(void **state)
{
	rec *m = rec_new(A, REC_MAP, NOPOS);
	rec_map_set(A, m, "a", str("1"));
	rec_map_set(A, m, "b", str("2"));
	rec_map_set(A, m, "a", str("3"));       /* replaces, keeps order */
	assert_int_equal(m->n, 2);
	assert_string_equal(m->k[0], "a");
	assert_string_equal(rec_map_get(m, "a")->s, "3");
	assert_null(rec_map_get(m, "c"));
	for (int i = 0; i < 100; i++)
		rec_map_set(A, m, arena_printf(A, "k%d", i), str("x"));
	assert_int_equal(m->n, 102);
	assert_string_equal(m->k[101], "k99");

	rec *d = yaml("单位: {名称: 许昌市}\n附件: [{标题: 甲}, {标题: 乙}]\n"
	    "\"3.10\": 版本\n");
	assert_string_equal(rec_path(d, "单位.名称")->s, "许昌市");
	assert_string_equal(rec_path(d, "附件.1.标题")->s, "乙");
	assert_null(rec_path(d, "附件.2.标题"));
	assert_null(rec_path(d, "附件.x"));
	assert_null(rec_path(d, "单位.名称.更深"));
	assert_string_equal(rec_path(d, "3.10")->s, "版本");  /* dotted key */
	assert_ptr_equal(rec_path(d, ""), d);
	assert_null(rec_path(NULL, "a"));
}

/* A large map is looked up through its index: the same answers as a scan,
 * also for keys set by the JSON and YAML loaders and for the first of two
 * equal keys. */
static void
test_big_map(void **state)
{
	rec *m = rec_new(A, REC_MAP, NOPOS);
	for (int i = 0; i < 5000; i++)
		rec_map_set(A, m, arena_printf(A, "键%d", i), str(arena_printf(A, "%d", i)));
	rec_map_set(A, m, "键17", str("x"));
	assert_int_equal(m->n, 5000);
	assert_true(m->hcap >= 10000);
	for (int i = 0; i < 5000; i += 7)
		assert_string_equal(rec_map_get(m, arena_printf(A, "键%d", i))->s,
		    i == 17 ? "x" : arena_printf(A, "%d", i));
	assert_null(rec_map_get(m, "键5000"));
	assert_string_equal(rec_path(m, "键4999")->s, "4999");

	abuf b;
	abuf_init(&b, A);
	abuf_puts(&b, "{");
	for (int i = 0; i < 300; i++)
		abuf_printf(&b, "%s\"k%d\": {\"v\": %d}", i ? ", " : "", i, i);
	abuf_puts(&b, "}");
	rec *j = rec_json_parse(A, "d.json", b.p, b.len);
	assert_non_null(j);
	assert_string_equal(rec_path(j, "k299.v")->s, "299");
	assert_string_equal(rec_map_get(j, "k0")->v[0]->s, "0");
	abuf_init(&b, A);
	for (int i = 0; i < 300; i++)
		abuf_printf(&b, "y%d: %d\n", i, i);
	rec *y = yaml(abuf_cstr(&b));
	assert_string_equal(rec_map_get(y, "y150")->s, "150");
	assert_null(rec_map_get(y, "y300"));
}

static void
test_truthy(void **state)
{
	rec *d = yaml("t: true\nf: false\nn: ~\ne: \"\"\ns: x\nz: 0\n"
	    "l: []\nm: {}\nl1: [1]\n");
	assert_true(rec_truthy(rec_path(d, "t")));
	assert_false(rec_truthy(rec_path(d, "f")));
	assert_false(rec_truthy(rec_path(d, "n")));
	assert_false(rec_truthy(rec_path(d, "e")));
	assert_true(rec_truthy(rec_path(d, "s")));
	assert_true(rec_truthy(rec_path(d, "z")));   /* "0" is text, shown */
	assert_false(rec_truthy(rec_path(d, "l")));
	assert_false(rec_truthy(rec_path(d, "m")));
	assert_true(rec_truthy(rec_path(d, "l1")));
	assert_false(rec_truthy(NULL));
}

static void
test_number(void **state)
{
	double v;
	assert_true(rec_number(str("12"), &v));
	assert_true(v == 12);
	assert_true(rec_number(str(" -3.5 "), &v));
	assert_true(v == -3.5);
	assert_true(rec_number(str("+.5"), &v));
	assert_true(v == 0.5);
	assert_true(rec_number(str("1e3"), &v));
	assert_true(v == 1000);
	assert_true(rec_number(str("007"), &v));
	assert_true(v == 7);
	assert_false(rec_number(str(""), &v));
	assert_false(rec_number(str("."), &v));
	assert_false(rec_number(str("二十"), &v));
	assert_false(rec_number(str("１２"), &v));   /* full-width: no */
	assert_false(rec_number(str("0x10"), &v));
	assert_false(rec_number(str("inf"), &v));
	assert_false(rec_number(str("1e"), &v));
	assert_false(rec_number(str("1,000"), &v));
	assert_false(rec_number(rec_new(A, REC_NULL, NOPOS), &v));
}

static void
test_merge(void **state)
{
	rec *d = yaml("a: 1\nb: {x: 1}\n");
	rec *s = yaml("b: 2\nc: 3\n");
	rec_merge(A, d, s);
	assert_int_equal(d->n, 3);
	assert_string_equal(rec_path(d, "a")->s, "1");
	assert_string_equal(rec_path(d, "b")->s, "2");
	assert_string_equal(rec_path(d, "c")->s, "3");
}

static void
test_dump(void **state)
{
	rec *d = yaml("标题: \"关于\\\"提质\\\"的通知\"\n份数: 12\n启用: true\n"
	    "空: ~\n附件:\n  - {标题: 甲, 行: []}\n单位: {}\n");
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	rec_dump(d, f);
	fclose(f);
	assert_string_equal(out,
	    "标题 = \"关于\\\"提质\\\"的通知\"\n"
	    "份数 = 12\n"
	    "启用 = true\n"
	    "空 = null\n"
	    "附件.0.标题 = \"甲\"\n"
	    "附件.0.行 = []\n"
	    "单位 = {}\n");
	free(out);
}

static void
test_load_file(void **state)
{
	rec *y = rec_load_file(A, "tests/data/units.yaml", NULL);
	assert_non_null(y);
	assert_string_equal(rec_path(y, "附件.0.得分")->s, "3.10");
	assert_int_equal(rec_path(y, "附件.0.得分")->pos.line, 4);
	assert_string_equal(rec_path(y, "附件.0.得分")->pos.file,
	    "tests/data/units.yaml");
	rec *j = rec_load_file(A, "tests/data/units.json", NULL);
	assert_non_null(j);
	assert_string_equal(rec_path(j, "附件.0.得分")->s, "3.10");
	assert_string_equal(diags(), "");

	assert_null(rec_load_file(A, "tests", NULL));
	assert_null(rec_load_file(A, "/nonexistent/x.json", NULL));
	assert_string_equal(diags(),
	    "gongwen: tests: error: unknown data file type \"(no extension)\" "
	    "(expected .csv, .json, .yaml, .yml or .xlsx)\n"
	    "gongwen: /nonexistent/x.json: error: cannot read data file: No such "
	    "file or directory\n");
}

static void
test_load_dir_and_limits(void **state)
{
	char dir[] = "/tmp/gw-rec-XXXXXX";
	if (mkdtemp(dir) == NULL)
		fail();
	char *d = arena_printf(A, "%s/d.csv", dir);
	assert_int_equal(mkdir(d, 0700), 0);
	const char *want = arena_printf(A, "gongwen: %s: error: cannot read "
	    "data file: it is a directory, not a file\n", d);
	assert_null(rec_load_file(A, d, NULL));
	assert_string_equal(diags(), want);
	rmdir(d);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_map_and_path),
		T(test_big_map),
		T(test_truthy),
		T(test_number),
		T(test_merge),
		T(test_dump),
		T(test_load_file),
		T(test_load_dir_and_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
