/* fuzz_tmpl.c — field expansion (tmpl_expand) against a small fixed data
 * tree, with partials.
 *
 * Input: TEMPLATE [NUL PARTIAL]: the bytes before the first NUL are the
 * template; the bytes after it become root/p.md, so {{> p.md}} reads them.
 * The root also holds a.md, sub/q.md (which includes itself), data files,
 * and two ways out (esc.md -> ../outside.md, up -> ..): output holding the
 * outside file's text is a confinement bug.  An input of even length is
 * expanded as a body (Markdown-escaped), an odd one as a front-matter
 * value (once, not both: the slowest inputs take seconds under ASan). */
#include "fuzz.h"
#include "rec.h"
#include "tmpl.h"

static const char data_yaml[] =
	"年份: 2018\n"
	"文号: \"12\"\n"
	"标题: 关于*印发*<b>[链接](x)</b>的通知\n"
	"单位: {名称: 许昌市, 代码: \"007\", 空: \"\"}\n"
	"成文日期: 2018-06-06\n"
	"坏日期: 2018-02-30\n"
	"金额: 1234567.891\n"
	"负数: -3.14159\n"
	"大数: 123456789012345678901234567890\n"
	"空: \"\"\n"
	"假: false\n"
	"真: true\n"
	"无: null\n"
	"多行: \"第一行\\n# 第二行\\n- 第三行\"\n"
	"列表:\n"
	"  - {名称: 甲, 得分: 90.5, 日期: 2018-01-02, 子: [1, 2]}\n"
	"  - {名称: 乙, 得分: 二十, 日期: 2019-13-40, 子: []}\n"
	"  - {名称: \"# 标题\", 得分: 0, 日期: \"\", 子: [x, {名称: 深}]}\n"
	"数字: [1, 22, 333, 10000, 99999999, -5, 0.5]\n"
	"行: [[a, b], [c], []]\n"
	"日期们: [2018年6月6日, 2018/6/6, 2018.6.6, \"20180606\", \"2018-06-06T10:00\",\n"
	"        2000-02-29, 1900-02-29, 2018-6-6, \"\"]\n"
	"金额们: [0, 0.05, 10.5, 100000001.01, 1e3, -7, 12345678901234567.5, 抹零]\n"
	"行首: [\"1. 不是列表\", \"+ 加号\", \"- 减号\", \"> 引\", \"# 井\", \"    缩进\",\n"
	"       \"a  \\nb\", \"===\", \"`码`\", \"| 表 |\", \"<b>粗</b>\", \"&amp;\"]\n"
	"空表: []\n"
	"空映射: {}\n"
	"多: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,\n"
	"     20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,\n"
	"     37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]\n";

static arena *data_arena;

static void
free_data(void)
{
	arena_free(data_arena);
}

static const rec *
fixed_data(void)
{
	static const rec *data;
	arena *da;

	if (data == NULL) {
		da = data_arena = arena_new();   /* lives as long as the process */
		atexit(free_data);
		data = rec_yaml_parse(da, "data.yaml", data_yaml,
		    sizeof data_yaml - 1, 1);
		if (data == NULL || data->kind != REC_MAP) {
			fprintf(stderr, "fuzz_tmpl: fixed data does not parse\n");
			abort();
		}
	}
	return data;
}

static void
expand(const uint8_t *in, size_t insize, const char *t, size_t tn,
       const rec *ctx, const char *root, bool escape)
{
	tmpl_opts o = { root, escape };
	linemap map = { 0 };
	size_t outlen = 0;
	arena *a = arena_new();
	bool failed_before = diag_failed();
	char *out;

	out = tmpl_expand(a, t, tn, pos_at("fuzz.md", 1, 1), ctx, &o, &outlen,
	    &map);
	if (out != NULL) {
		fuzz_assert(out[outlen] == '\0');
		fuzz_check_confined(in, insize, out, outlen);
		for (size_t i = 0; i < map.n; i++)
			fuzz_assert(map.pos[i].line >= 1);
	} else {
		fuzz_assert(diag_failed());
	}
	(void)failed_before;
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *root, *t = (const char *)data, *nul;
	size_t tn = size;
	char p[PATH_MAX + 16];
	const rec *ctx;

	fuzz_init_diag();
	root = fuzz_root();
	ctx = fixed_data();
	snprintf(p, sizeof p, "%s/p.md", root);
	if ((nul = memchr(t, '\0', size)) != NULL) {
		tn = (size_t)(nul - t);
		fuzz_write_file(p, nul + 1, size - tn - 1);
	} else {
		fuzz_write_file(p, "", 0);
	}
	diag_reset();
	expand(data, size, t, tn, ctx, root, size % 2 == 0);
	return 0;
}
