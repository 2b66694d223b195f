/* seg.c — word boundaries in Chinese text (seg.h).  The only file that
 * includes ICU. */
#include "seg.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utypes.h>

#include "diag.h"
#include "utf8.h"

/* Words of 公文 titles that ICU's dictionary cuts or does not have.  Kept
 * whole; matched forward-maximally. */
static const char *const terms[] = {
	"函", "下达", "专项", "严格", "中德", "举办", "乡村", "交流", "交通", "产业", "人才", "人民",
	"任务", "企业", "优化", "会议", "住房", "体系", "作出", "促进", "保护", "做出", "做好", "健全",
	"健康", "全区", "全县", "全国", "全市", "全省", "全面", "公告", "公布", "公示", "关于", "养老",
	"农业", "农村", "决定", "减排", "分工", "切实", "创新", "制度", "制造", "办公", "办法", "加强",
	"加快", "区域", "医疗", "升级", "单位", "卫生", "印发", "县级", "发展", "召开", "合作", "同意",
	"命令", "命名", "商请", "园区", "国有", "土地", "城市", "基础", "学校", "安全", "安排", "完善",
	"实施", "审计", "对外", "小组", "就业", "工业", "工作", "市级", "年度", "应急", "建立", "建设",
	"开展", "开放", "强化", "征求", "总结", "意见", "成立", "扎实", "批复", "批评", "技术", "投资",
	"报告", "报送", "招商", "拨付", "指南", "推动", "推进", "措施", "提升", "提质", "提高", "撤销",
	"支持", "改造", "改革", "政府", "效益", "效能", "教育", "整治", "文明", "新区", "方案", "服务",
	"机关", "机制", "条例", "标准", "校园", "检查", "检测", "民生", "水利", "水平", "污染", "河南",
	"治理", "洛阳", "消防", "深入", "深化", "清单", "环境", "生态", "申请", "疫情", "监督", "目录",
	"省级", "督查", "确定", "社会", "科技", "税收", "管理", "精准", "纪要", "组织", "细则", "经济",
	"统计", "综合", "考核", "联席", "能力", "能源", "自然", "节能", "药品", "营商", "落实", "行动",
	"表彰", "要点", "规划", "规定", "规范", "计划", "认定", "认真", "许昌", "设施", "设立", "评价",
	"评估", "评分", "评选", "请示", "调整", "财政", "责任", "质量", "贯彻", "资产", "资源", "资金",
	"转发", "转型", "运输", "通告", "通报", "通知", "部分", "重大", "重点", "金融", "队伍", "防控",
	"防汛", "防治", "集聚", "项目", "预算", "领导", "食品", "高新", "鼓励", "鹤壁", "季度", "一体化",
	"中小学", "产业园", "信息化", "制造业", "办公室", "合作区", "委员会", "开发区", "数字化", "新时代",
	"智能化", "服务业", "标准化", "现代化", "示范区", "第五次", "第六次", "管委会", "规范化", "进一步",
	"通知书", "集聚区", "高新区", "高质量", "专项资金", "中小企业", "基础设施", "实施意见", "实施方案",
	"工作方案", "常务会议", "暂行办法", "管理办法", "联席会议", "营商环境", "领导小组", "产业集聚区",
	"人民政府", "上半年", "下半年", "第一季度", "第二季度", "第三季度", "第四季度", "管理委员会",
	"常务委员会", "人民代表大会",
	NULL
};

#define MAXTERM 8

/* One-character words that a name is made of and stay with it. */
static const char suffixes[] =
	"市县区省镇乡村州盟旗局厅委办室部处科院所校会站队署司园届次批期";
/* Chinese numerals: 第 and a number are one word (第十七届). */
static const char numerals[] = "一二三四五六七八九十百千零〇两";
/* One-character words that never join a neighbour. */
static const char function_chars[] =
	"的和与及或对在为等将把被从向于以并了之其是中上下";

static bool
in_set(const char *set, uint32_t cp)
{
	size_t i = 0, n = strlen(set);
	uint32_t c;

	while (i < n) {
		i += utf8_decode((const unsigned char *)set + i, n - i, &c);
		if (c == cp)
			return true;
	}
	return false;
}

static UBreakIterator *bi;
static bool icu_failed;

void
seg_cleanup(void)
{
	if (bi != NULL)
		ubrk_close(bi);
	bi = NULL;
}

/* Token starts from ICU: start[i] true when ICU puts a word boundary before
 * cps[i].  false if ICU is not usable. */
static bool
icu_bounds(const uint32_t *cps, size_t n, bool *start)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar *u;
	size_t *of, nu = 0;
	int32_t p;

	if (icu_failed)
		return false;
	if (n > (size_t)INT32_MAX / 2)
		return false;
	u = malloc((2 * n + 1) * sizeof *u);
	of = malloc((2 * n + 1) * sizeof *of);   /* UTF-16 index -> cp index */
	if (u == NULL || of == NULL) {
		free(u);
		free(of);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cps[i];
		if (c >= 0x10000 && c <= 0x10FFFF) {
			c -= 0x10000;
			of[nu] = i;
			u[nu++] = (UChar)(0xD800 + (c >> 10));
			of[nu] = i;
			u[nu++] = (UChar)(0xDC00 + (c & 0x3FF));
		} else {
			of[nu] = i;
			u[nu++] = (UChar)(c > 0xFFFF ? 0xFFFD : c);
		}
	}
	of[nu] = n;
	if (bi == NULL)
		bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &e);
	if (U_SUCCESS(e))
		ubrk_setText(bi, u, (int32_t)nu, &e);
	if (U_FAILURE(e)) {
		diag_warn(NOPOS, "ICU's word break iterator is not usable (%s): "
		    "titles are broken by gongwen's term list only",
		    u_errorName(e));
		icu_failed = true;
		seg_cleanup();
		free(u);
		free(of);
		return false;
	}
	for (size_t i = 0; i <= n; i++)
		start[i] = false;
	for (p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
		start[of[p]] = true;
	ubrk_setText(bi, NULL, 0, &e);
	free(u);
	free(of);
	return true;
}

bool
seg_inword(const uint32_t *cps, size_t n, bool *inword)
{
	static uint32_t dict[512][MAXTERM];
	static size_t dlen[512], nd;
	bool *start, *suffixed, ok;

	if (nd == 0)
		for (int w = 0; terms[w] && nd < 512; w++, nd++)
			dlen[nd] = utf8_to_cps(terms[w], strlen(terms[w]), dict[nd]);
	for (size_t i = 0; i <= n; i++)
		inword[i] = false;
	if (n == 0)
		return true;
	start = malloc((n + 1) * sizeof *start);
	suffixed = calloc(n + 1, sizeof *suffixed);
	if (start == NULL || suffixed == NULL) {
		free(start);
		free(suffixed);
		return false;
	}
	ok = icu_bounds(cps, n, start);
	if (!ok)      /* every character a token of its own */
		for (size_t i = 0; i <= n; i++)
			start[i] = true;
	/* 1. inside an ICU token */
	for (size_t i = 1; i < n; i++)
		if (!start[i])
			inword[i] = true;
	/* 3. names ICU does not know: runs of one-character Han tokens, and a
	 * suffix after a word */
	for (size_t i = 0; i < n;) {
		size_t e = i + 1;
		while (e < n && !start[e])
			e++;
		bool single = e == i + 1 && utf8_is_ideograph(cps[i]) &&
		    !in_set(function_chars, cps[i]);
		if (single && i > 0 && utf8_is_ideograph(cps[i - 1]) &&
		    !in_set(function_chars, cps[i - 1])) {
			/* the token before: its start */
			size_t b = i - 1;
			while (b > 0 && !start[b])
				b--;
			/* …a one-character token after a number is its unit
			 * (2017年), and one that already went to the word
			 * before it as a suffix (集聚|区) is taken: neither
			 * starts a name */
			bool prev_single = b == i - 1 &&
			    !(b > 0 && cps[b - 1] < 0x80) && !suffixed[b];
			if (prev_single) {
				inword[i] = true;
			} else if (in_set(suffixes, cps[i])) {
				inword[i] = true;
				suffixed[i] = true;
			}
		}
		i = e;
	}
	/* an ordinal: 第 and the number after it (第|十七|届 → 第十七届) */
	for (size_t i = 0; i + 1 < n; i++)
		if (cps[i] == 0x7B2C && (in_set(numerals, cps[i + 1]) ||
		    (cps[i + 1] >= '0' && cps[i + 1] <= '9')))
			inword[i + 1] = true;
	/* 2. the 公文 terms */
	for (size_t i = 0; i < n;) {
		size_t best = 1;
		for (size_t w = 0; w < nd; w++) {
			size_t l = dlen[w];
			if (l <= best || i + l > n)
				continue;
			if (memcmp(cps + i, dict[w], l * sizeof *cps) == 0)
				best = l;
		}
		for (size_t k = i + 1; k < i + best; k++)
			inword[k] = true;
		i += best;
	}
	free(start);
	free(suffixed);
	return ok;
}

void
seg_dump(const uint32_t *cps, size_t n, char *out)
{
	bool *in = malloc((n + 1) * sizeof *in);
	size_t o = 0;

	out[0] = 0;
	if (in == NULL)
		return;
	seg_inword(cps, n, in);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && !in[i])
			out[o++] = '|';
		o += utf8_encode(cps[i], out + o);
	}
	out[o] = 0;
	free(in);
}
