/* test_enc.c — encodings a clerk's files come in. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include "enc.h"
#include "diag.h"

/* setup, teardown, diags() and the arena A: testutil.h */

static const char *used;
static size_t olen;

static char *
conv(const char *b, size_t n, const char *forced)
{
	used = NULL;
	return enc_to_utf8(A, "f.csv", b, n, forced, &olen, &used);
}

#define CONV(lit, forced) conv(lit, sizeof lit - 1, forced)

/* UTF-32 with and without its byte order mark (it was read as UTF-8 with
 * NULs in it) */
static void
test_utf32(void **state)
{
	char *r = CONV("\xFF\xFE\0\0" "a\0\0\0" "\x55\x53\0\0" "\n\0\0\0", NULL);
	assert_string_equal(r, "a单\n");
	assert_string_equal(used, "UTF-32LE");
	r = CONV("\0\0\0a" "\0\0\x53\x55" "\0\0\0\n", NULL);
	assert_string_equal(r, "a单\n");
	assert_string_equal(used, "UTF-32BE");
	r = CONV("a\0\0\0" "\x55\x53\0\0", NULL);
	assert_string_equal(used, "UTF-32LE");
	assert_string_equal(diags(), "");
}

/* UTF-8 lines, then a GBK one: the GBK line is named, not line 1 */
static void
test_mixed(void **state)
{
	char *r = CONV("单位,值\n甲局,1\n乙局,2\n\xB1\xFB\xBE\xD6,3\n", NULL);
	assert_null(r);
	assert_non_null(strstr(diags(), "f.csv:4: error: byte 29 (0xB1): the file is UTF-8 "
	    "up to this line"));
}

static void
test_utf8(void **state)
{
	char *r = CONV("单位,得分\n", NULL);
	assert_string_equal(r, "单位,得分\n");
	assert_string_equal(used, "UTF-8");
	assert_int_equal(olen, strlen("单位,得分\n"));
	r = CONV("\xEF\xBB\xBF" "a,b", NULL);
	assert_string_equal(r, "a,b");
	assert_string_equal(used, "UTF-8 (BOM)");
	r = CONV("", NULL);
	assert_string_equal(r, "");
	assert_string_equal(used, "UTF-8");
	r = CONV("\xEF\xBB\xBF" "a\n\xC3", NULL);
	assert_null(r);
	assert_string_equal(diags(), "gongwen: f.csv:2: error: byte 5 (0xC3): "
	    "not valid UTF-8 (the file starts with a UTF-8 byte order mark)\n");
}

static void
test_utf16(void **state)
{
	/* "甲\t1\r\n" */
	char *r = CONV("\xFF\xFE\x32\x75\x09\x00\x31\x00\x0D\x00\x0A\x00", NULL);
	assert_string_equal(r, "甲\t1\r\n");
	assert_string_equal(used, "UTF-16LE");
	r = CONV("\xFE\xFF\x75\x32\x00\x31", NULL);
	assert_string_equal(r, "甲1");
	assert_string_equal(used, "UTF-16BE");
	/* no BOM, but clearly UTF-16LE: "a,b\n1,2\n" */
	r = CONV("a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0", NULL);
	assert_string_equal(r, "a,b\n1,2\n");
	assert_string_equal(used, "UTF-16LE");
	/* surrogate pair: U+20BB7 */
	r = CONV("\xFF\xFE\x42\xD8\xB7\xDF", NULL);
	assert_string_equal(r, "\xF0\xA0\xAE\xB7");
	/* a lone high surrogate on line 2 */
	assert_null(CONV("\xFF\xFE\x61\x00\x0A\x00\x42\xD8\x61\x00", NULL));
	assert_string_equal(diags(), "gongwen: f.csv:2: error: byte 6 (0x42): "
	    "not valid UTF-16LE\n");
}

static void
test_gbk_auto(void **state)
{
	/* 许集聚办〔2018〕7号“通知” in GBK */
	char *r = CONV("\xD0\xED\xBC\xAF\xBE\xDB\xB0\xEC\xA1\xB2" "2018"
	    "\xA1\xB3" "7\xBA\xC5\xA1\xB0\xCD\xA8\xD6\xAA\xA1\xB1", NULL);
	assert_string_equal(r, "许集聚办〔2018〕7号“通知”");
	assert_string_equal(used, "GB18030");
	/* GB18030 four-byte: 𠮷 (0x95 0x34 0xB2 0x35) and 㐀 (0x81 0x39 0xEE 0x39) */
	r = CONV("\xBC\xAA\x95\x34\xB2\x35\x81\x39\xEE\x39", NULL);
	assert_string_equal(r, "吉\xF0\xA0\xAE\xB7㐀");
	assert_string_equal(diags(), "");
}

static void
test_neither(void **state)
{
	assert_null(CONV("abc\n\xFF\xFF", NULL));
	assert_null(used);
	assert_string_equal(diags(), "gongwen: f.csv:2: error: byte 4 (0xFF): the "
	    "file is neither UTF-8 nor GBK/GB18030; save it as UTF-8, or name "
	    "its encoding with --encoding\n");
}

static void
test_truncated(void **state)
{
	assert_null(CONV("a\n\xD6\xD0\xD6", NULL));
	assert_string_equal(diags(), "gongwen: f.csv:2: error: byte 4: the file "
	    "ends in the middle of a GB18030 character\n");
}

static void
test_forced(void **state)
{
	char *r = CONV("\xD6\xD0", "gbk");
	assert_string_equal(r, "中");
	assert_string_equal(used, "GBK");
	r = CONV("\xD6\xD0", "AUTO");
	assert_string_equal(r, "中");
	assert_string_equal(used, "GB18030");
	r = CONV("\xEF\xBB\xBF\xE4\xB8\xAD", "utf8");
	assert_string_equal(r, "中");
	assert_string_equal(used, "UTF-8 (BOM)");
	r = CONV("\xFF\xFE\x2D\x4E", "utf-16le");
	assert_string_equal(r, "中");
	assert_null(CONV("\xD6\xD0", "utf-8"));
	assert_null(CONV("abc", "klingon"));
	assert_string_equal(diags(),
	    "gongwen: f.csv:1: error: byte 0 (0xD6): not valid UTF-8\n"
	    "gongwen: f.csv: error: unknown encoding \"klingon\" (try utf-8, "
	    "gb18030, gbk, utf-16le or utf-16be)\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_utf8),
		T(test_utf32),
		T(test_mixed),
		T(test_utf16),
		T(test_gbk_auto),
		T(test_neither),
		T(test_truncated),
		T(test_forced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
