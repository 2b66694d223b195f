/* test_json.c — JSON data files: values, positions, paths, errors. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "rec.h"

/* setup, teardown, diags() and the arena A: testutil.h */

static rec *
json(const char *s)
{
	return rec_json_parse(A, "d.json", s, strlen(s));
}

static void
test_values_and_positions(void **state)
{
	rec *r = rec_load_file(A, "tests/data/units.json", NULL);
	assert_non_null(r);
	assert_int_equal(r->kind, REC_MAP);
	assert_string_equal(r->k[0], "年份");
	assert_string_equal(r->k[1], "附件");
	rec *y = rec_path(r, "年份");
	assert_true(y->is_number);
	assert_string_equal(y->s, "2018");
	assert_int_equal(y->pos.line, 2);
	assert_int_equal(y->pos.col, 9);
	assert_string_equal(y->pos.path, "$.年份");
	rec *f = rec_path(r, "附件.0.得分");
	assert_string_equal(f->s, "3.10");          /* text as written */
	assert_true(f->is_number);
	assert_int_equal(f->pos.line, 4);
	assert_int_equal(f->pos.col, 25);
	assert_string_equal(f->pos.path, "$.附件[0].得分");
	rec *t = rec_path(r, "附件.1.标题");
	assert_string_equal(t->s, "名单");
	assert_int_equal(t->pos.line, 5);
	assert_int_equal(t->pos.col, 12);
	assert_string_equal(t->pos.path, "$.附件[1].标题");
	assert_int_equal(rec_path(r, "附件.1.启用")->kind, REC_BOOL);
	assert_true(rec_path(r, "附件.1.启用")->b);
	assert_int_equal(rec_path(r, "附件.1.备注")->kind, REC_NULL);
	assert_string_equal(diags(), "");
}

static void
test_order_escapes_and_numbers(void **state)
{
	rec *r = json("{\"z\": 1, \"a\\u0022b\": \"x\\n\\u4e2d\", \"m\": -0.50e+2, "
	    "\"k\": [1, 2.0, \"3\"], \"e\": {}, \"l\": []}");
	assert_non_null(r);
	assert_int_equal(r->n, 6);
	assert_string_equal(r->k[0], "z");
	assert_string_equal(r->k[1], "a\"b");
	assert_string_equal(r->k[2], "m");
	assert_string_equal(r->v[1]->s, "x\n中");
	assert_string_equal(r->v[2]->s, "-0.50e+2");
	assert_int_equal(r->v[2]->pos.col, 40);
	assert_string_equal(rec_path(r, "k.1")->s, "2.0");
	assert_false(rec_path(r, "k.2")->is_number);
	assert_int_equal(rec_path(r, "k.2")->pos.col, 64);
	assert_int_equal(rec_path(r, "e")->kind, REC_MAP);
	assert_int_equal(rec_path(r, "l")->n, 0);
}

static void
test_errors(void **state)
{
	assert_null(json("{\n  \"a\": 1,\n  \"b\": ]\n}\n"));
	assert_string_equal(diags(), "gongwen: d.json:3:8: error: invalid JSON: "
	    "unexpected token near ']'\n");
}

static void
test_duplicate_and_top_level(void **state)
{
	assert_null(json("{\"a\": 1, \"a\": 2}"));
	assert_non_null(strstr(diags(), "gongwen: d.json:1:"));
	assert_non_null(strstr(diags(), "error: invalid JSON: duplicate object "
	    "key near '\"a\"'\n"));
	assert_null(json("\"just a string\""));
	assert_non_null(strstr(diags(), "'[' or '{' expected"));
}

static void
test_deep_nesting(void **state)
{
	size_t d = 10000;
	char *s = malloc(2 * d + 1);
	if (s == NULL)
		fail();
	memset(s, '[', d);
	memset(s + d, ']', d);
	s[2 * d] = '\0';
	assert_null(json(s));
	assert_non_null(strstr(diags(), "error: invalid JSON: maximum parsing "
	    "depth reached"));
	free(s);
	/* 500 levels are fine */
	d = 500;
	s = malloc(2 * d + 1);
	if (s == NULL)
		fail();
	memset(s, '[', d);
	memset(s + d, ']', d);
	s[2 * d] = '\0';
	assert_non_null(json(s));
	free(s);
}

static void
test_bad_utf8(void **state)
{
	assert_null(json("{\"a\": \"\xff\"}"));
	assert_non_null(strstr(diags(), "d.json:1:"));
	assert_non_null(strstr(diags(), "invalid JSON: "));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_values_and_positions),
		T(test_order_escapes_and_numbers),
		T(test_errors),
		T(test_duplicate_and_top_level),
		T(test_deep_nesting),
		T(test_bad_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
