/* title.c — a 公文 title split into balanced lines; see title.h. */
#include "title.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linebreak.h"
#include "utf8.h"

/* Words of 公文 titles: a title line does not split one (the title is
 * segmented by forward maximum matching over this list). */
static const char *const title_words[] = {
	"函", "下达", "专项", "严格", "中德", "举办", "乡村", "交流", "交通", "产业", "人才", "人民",
	"任务", "企业", "优化", "会议", "住房", "体系", "作出", "促进", "保护", "做出", "做好", "健全",
	"健康", "全区", "全县", "全国", "全市", "全省", "全面", "公告", "公布", "公示", "关于", "养老",
	"农业", "农村", "决定", "减排", "分工", "切实", "创新", "制度", "制造", "办公", "办法", "加强",
	"加快", "区域", "医疗", "升级", "单位", "卫生", "印发", "县级", "发展", "召开", "合作", "同意",
	"命令", "命名", "商请", "园区", "国有", "土地", "城市", "基础", "学校", "安全", "安排", "完善",
	"实施", "审计", "对外", "小组", "就业", "工业", "工作", "市级", "年度", "应急", "建立", "建设",
	"开展", "开放", "强化", "征求", "总结", "意见", "成立", "扎实", "批复", "批评", "技术", "投资",
	"报告", "报送", "招商", "拨付", "指南", "推动", "推进", "措施", "提升", "提质", "提高", "撤销",
	"支持", "改造", "改革", "政府", "效益", "教育", "整治", "文明", "新区", "方案", "服务", "机关",
	"机制", "条例", "标准", "校园", "检查", "检测", "民生", "水利", "水平", "污染", "河南", "治理",
	"洛阳", "消防", "深入", "深化", "清单", "环境", "生态", "申请", "疫情", "监督", "目录", "省级",
	"督查", "确定", "社会", "科技", "税收", "管理", "精准", "纪要", "组织", "细则", "经济", "统计",
	"综合", "考核", "联席", "能力", "能源", "自然", "节能", "药品", "营商", "落实", "行动", "表彰",
	"要点", "规划", "规定", "规范", "计划", "认定", "认真", "许昌", "设施", "设立", "评价", "评估",
	"评分", "评选", "请示", "调整", "财政", "责任", "质量", "贯彻", "资产", "资源", "资金", "转发",
	"转型", "运输", "通告", "通报", "通知", "部分", "重大", "重点", "金融", "队伍", "防控", "防汛",
	"防治", "集聚", "项目", "预算", "领导", "食品", "高新", "鼓励", "一体化", "中小学", "产业园",
	"信息化", "制造业", "办公室", "合作区", "委员会", "开发区", "数字化", "新时代", "智能化", "服务业",
	"标准化", "现代化", "示范区", "第五次", "第六次", "管委会", "规范化", "进一步", "通知书", "集聚区",
	"高新区", "高质量", "专项资金", "中小企业", "基础设施", "实施意见", "实施方案", "工作方案", "常务会议",
	"暂行办法", "管理办法", "联席会议", "营商环境", "领导小组", "产业集聚区", NULL
};

#define MAX_WORD 5       /* characters in the longest word */
#define MAX_WORDS 512

struct word { uint32_t cp[MAX_WORD]; size_t len; };

static struct word dict[MAX_WORDS];
static size_t ndict;

static int
word_cmp(const void *x, const void *y)
{
	const struct word *a = x, *b = y;
	return a->cp[0] < b->cp[0] ? -1 : a->cp[0] > b->cp[0];
}

/* The dictionary as code points, sorted by first character. */
static void
dict_init(void)
{
	if (ndict > 0)
		return;
	size_t n = 0;
	for (int w = 0; title_words[w] && n < MAX_WORDS; w++, n++)
		dict[n].len = utf8_to_cps(title_words[w], strlen(title_words[w]), dict[n].cp);
	qsort(dict, n, sizeof dict[0], word_cmp);
	ndict = n;
}

/* Length of the longest dictionary word at cps[0..n), at least 1. */
static size_t
longest_word(const uint32_t *cps, size_t n)
{
	size_t lo = 0, hi = ndict, best = 1;

	while (lo < hi) {                 /* first word starting with cps[0] */
		size_t mid = (lo + hi) / 2;
		if (dict[mid].cp[0] < cps[0])
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t w = lo; w < ndict && dict[w].cp[0] == cps[0]; w++) {
		size_t l = dict[w].len;
		if (l > best && l <= n && memcmp(cps, dict[w].cp, l * sizeof *cps) == 0)
			best = l;
	}
	return best;
}

/* Mark the breaks that fall inside a word: inword[i] is true when a break
 * between cps[i-1] and cps[i] would split a dictionary word (forward
 * maximum matching). */
static void
segment(const uint32_t *cps, size_t n, bool *inword)
{
	dict_init();
	for (size_t i = 0; i <= n; i++)
		inword[i] = false;
	for (size_t i = 0; i < n;) {
		size_t best = longest_word(cps + i, n - i);
		for (size_t k = i + 1; k < i + best; k++)
			inword[k] = true;
		i += best;
	}
}

static bool
is_open(uint32_t c)
{
	return c == 0x3014 || c == 0x300A || c == 0xFF08 || c == 0x201C;   /* 〔《（“ */
}

static bool
is_close(uint32_t c)
{
	return c == 0x3015 || c == 0x300B || c == 0xFF09 || c == 0x201D;   /* 〕》）” */
}

/* depth[i]: brackets open before position i. */
static void
bracket_depth(const uint32_t *cps, size_t n, int *depth)
{
	int d = 0;
	for (size_t i = 0; i <= n; i++) {
		depth[i] = d;
		if (i < n && is_open(cps[i]))
			d++;
		else if (i < n && is_close(cps[i]) && d > 0)
			d--;
	}
}

/* Penalty for a break between cps[i-1] and cps[i]; < 0 is a bonus, >= 1000
 * forbids. */
static int
break_penalty(const uint32_t *cps, size_t i, const bool *inword, const int *depth)
{
	uint32_t a = cps[i - 1], b = cps[i];
	int pen = 0;

	if (!utf8_is_wide(a) && !utf8_is_wide(b) && a != ' ' && b != ' ')
		return 1000;   /* inside a number or Latin word */
	if (lb_no_line_start(b) || lb_no_line_end(a))
		return 1000;
	if (depth[i] > 0)
		pen += 8;      /* inside brackets 〔〕《》（）“” */
	if (inword[i])
		pen += 12;
	if (a == 0x7684)          /* 的| */
		pen -= 3;
	if (b == 0x7684)          /* |的 */
		pen += 12;
	/* a digit run and its unit (2018年) stay together */
	if (a >= '0' && a <= '9' && utf8_is_wide(b))
		pen += 6;
	if (b == ' ' || a == ' ')
		pen -= 1;
	return pen;
}

/* One segment (no newline) cps[0..m) in k balanced lines: brk[0..k]. */
struct seg {
	const uint32_t *cps;
	size_t m;
	const double *pre;      /* pre[t]: cells of cps[0..t) */
	const bool *inword;
	const int *depth;
	double max;
};

/* First and last break position t (0..m) at which line j (1..k) may end:
 * each line holds at most `max` cells, so the first j lines hold at most
 * j*max and the other k-j lines at most (k-j)*max.  Both ends only grow
 * with j: *t0 and *t1 carry on from line j-1 (linear over all lines). */
static void
band(const struct seg *s, int j, int k, size_t *t0, size_t *t1)
{
	double hi = j * s->max + 1e-9, lo = s->pre[s->m] - (k - j) * s->max - 1e-9;
	size_t a = *t0, b;
	while (a < s->m && s->pre[a] < lo)
		a++;
	b = *t1 > a ? *t1 : a;
	while (b < s->m && s->pre[b + 1] <= hi)
		b++;
	*t0 = a;
	*t1 = b;
}

static bool
balance(arena *a, const struct seg *s, int k, size_t *brk)
{
	size_t m = s->m;
	double total = s->pre[m], target = total / k;
	/* best[j][t - lo[j]]: cost of the first j lines ending at t */
	size_t *lo = arena_alloc(a, (size_t)(k + 1) * sizeof *lo);
	size_t *hi = arena_alloc(a, (size_t)(k + 1) * sizeof *hi);
	double **best = arena_alloc(a, (size_t)(k + 1) * sizeof *best);
	size_t **from = arena_alloc(a, (size_t)(k + 1) * sizeof *from);

	lo[0] = hi[0] = 0;
	best[0] = arena_alloc(a, sizeof **best);
	best[0][0] = 0;
	size_t b0 = 0, b1 = 0;
	for (int j = 1; j <= k; j++) {
		band(s, j, k, &b0, &b1);
		lo[j] = b0;
		hi[j] = b1;
		if (j == k)
			lo[j] = hi[j] = m;
		size_t w = hi[j] >= lo[j] ? hi[j] - lo[j] + 1 : 0;
		best[j] = arena_alloc(a, (w ? w : 1) * sizeof **best);
		from[j] = arena_alloc(a, (w ? w : 1) * sizeof **from);
		/* the band is at most 2 × max + 1 positions wide, so is the
		 * inner loop: linear in the title length */
		for (size_t t = lo[j]; t <= hi[j] && w > 0; t++) {
			double *bq = &best[j][t - lo[j]];
			*bq = 1e18;
			if (t == 0 || (j < k && t == m))
				continue;
			int pen = t < m ? break_penalty(s->cps, t, s->inword, s->depth) : 0;
			if (pen >= 1000)
				continue;
			for (size_t f = lo[j - 1]; f <= hi[j - 1] && f < t; f++) {
				double prev = best[j - 1][f - lo[j - 1]];
				if (prev >= 1e17)
					continue;
				double c = s->pre[t] - s->pre[f];
				if (c > s->max + 1e-9)
					continue;
				double d = c - target;
				/* slightly prefer longer upper lines (倒梯形) over a
				 * short line on top */
				double cost = prev + d * d + pen + (j == 1 && d < 0 ? 1 : 0);
				if (cost < *bq) {
					*bq = cost;
					from[j][t - lo[j]] = f;
				}
			}
		}
		if (w == 0)
			return false;
	}
	if (best[k][0] >= 1e17)
		return false;
	size_t t = m;
	for (int j = k; j > 0; j--) {
		brk[j] = t;
		t = from[j][t - lo[j]];
	}
	brk[0] = 0;
	return true;
}

static void
push_line(arena *a, const uint32_t *cps, size_t s, size_t e, const char ***lines,
          size_t *nl, size_t *cap)
{
	abuf b;
	char enc[4];
	abuf_init(&b, a);
	for (size_t q = s; q < e; q++)
		abuf_put(&b, enc, utf8_encode(cps[q], enc));
	/* trim spaces at the cut */
	while (b.len > 0 && b.p[b.len - 1] == ' ')
		b.len--;
	size_t off = 0;
	while (off < b.len && b.p[off] == ' ')
		off++;
	*ARENA_PUSH(a, *lines, *nl, *cap) = arena_strndup(a, b.p + off, b.len - off);
}

size_t
title_split(arena *a, const char *title, int max_cells, const char ***out)
{
	size_t len = strlen(title);
	uint32_t *cps = arena_alloc(a, (len + 1) * sizeof *cps);
	size_t n = utf8_to_cps(title, len, cps);
	const char **lines = NULL;
	size_t nl = 0, cap = 0, seg = 0;

	/* explicit line breaks in the value win */
	for (size_t i = 0; i <= n; i++) {
		if (i < n && cps[i] != '\n')
			continue;
		size_t s = seg, e = i;
		seg = i + 1;
		while (s < e && cps[s] == ' ')
			s++;
		while (e > s && cps[e - 1] == ' ')
			e--;
		if (e == s)
			continue;
		size_t m = e - s;
		double *pre = arena_alloc(a, (m + 1) * sizeof *pre);
		pre[0] = 0;
		for (size_t q = 0; q < m; q++)
			pre[q + 1] = pre[q] + (utf8_is_wide(cps[s + q]) ? 1.0 : 0.5);
		double total = pre[m];
		int k = (int)ceil(total / max_cells - 1e-9);
		if (k < 1)
			k = 1;
		size_t *brk = arena_alloc(a, (size_t)(k + 1) * sizeof *brk);
		brk[0] = 0;
		brk[k] = m;
		if (k > 1) {
			bool *inword = arena_alloc(a, (m + 1) * sizeof *inword);
			int *depth = arena_alloc(a, (m + 1) * sizeof *depth);
			segment(cps + s, m, inword);
			bracket_depth(cps + s, m, depth);
			struct seg sg = { cps + s, m, pre, inword, depth, max_cells };
			if (!balance(a, &sg, k, brk))
				for (int j = 1; j < k; j++)   /* no acceptable break: cut by width */
					brk[j] = (size_t)((double)m * j / k);
		}
		for (int j = 0; j < k; j++)
			push_line(a, cps + s, brk[j], brk[j + 1], &lines, &nl, &cap);
	}
	*out = lines;
	return nl;
}
