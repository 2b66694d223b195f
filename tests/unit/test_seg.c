/* test_seg.c — word boundaries for title lines (seg.h, issue 11 item 4). */
#include "testutil.h"

#include "seg.h"
#include "utf8.h"

static const char *
seg(const char *s)
{
	static uint32_t cps[256];
	static char out[256 * 6 + 1];
	size_t n = utf8_to_cps(s, strlen(s), cps);

	seg_dump(cps, n, out);
	return out;
}

static void
test_titles(void **state)
{
	(void)state;
	/* the three faults of the issue: 鹤壁|市, 效|能, 第一季|度 */
	assert_string_equal(seg("关于印发2017年鹤壁市产业集聚区效能提升工作方案的通知"),
	    "关于|印发|2017|年|鹤壁市|产业集聚区|效能|提升|工作方案|的|通知");
	assert_string_equal(seg("关于做好2019年第一季度安全生产工作的通知"),
	    "关于|做好|2019|年|第一季度|安全|生产|工作|的|通知");
	assert_string_equal(seg("洛阳市人民政府关于进一步加强城市管理工作的意见"),
	    "洛阳市|人民政府|关于|进一步|加强|城市|管理|工作|的|意见");
	assert_string_equal(seg("许昌市产业集聚区发展联席会议办公室"),
	    "许昌市|产业集聚区|发展|联席会议|办公室");
	/* an ordinal and its counter; a suffix after a word; 区 taken as
	 * a suffix does not start a name with the next character */
	assert_string_equal(seg("关于表彰第十七届中国许昌国际发制品交易会先进单位的决定"),
	    "关于|表彰|第十七届|中国|许昌|国际|发|制品|交易会|先进|单位|的|决定");
	assert_string_equal(seg("许昌魏都软件园"), "许昌|魏都|软件园");
	assert_string_equal(seg("集聚区提质"), "集聚区|提质");
}

static void
test_edges(void **state)
{
	bool in[8];
	uint32_t cps[4] = { 0x7532, 0x4E59, 0x20BB7, 'A' };   /* 甲乙𠮷A */

	(void)state;
	assert_true(seg_inword(cps, 0, in));
	assert_false(in[0]);
	seg_inword(cps, 4, in);
	assert_false(in[0]);
	assert_false(in[4]);
	/* a non-BMP character is one character, not two */
	assert_string_equal(seg("甲𠮷的通知"), "甲𠮷|的|通知");
	assert_string_equal(seg(""), "");
	assert_string_equal(seg("GB/T 9704"), "GB|/|T| |9704");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_edges),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	seg_cleanup();
	return r;
}
