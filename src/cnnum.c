/* cnnum.c — Chinese numerals; see cnnum.h. */
#include "cnnum.h"

static const char *const small[] = {
	"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};
static const char *const small_unit[] = { "千", "百", "十", "" };
static const char *const capital[] = {
	"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"
};
static const char *const capital_unit[] = { "仟", "佰", "拾", "" };

struct style {
	const char *const *digit;
	const char *const *unit;
	bool short_ten;      /* 10..19 at the front as 十… (not 一十…) */
};

/* 0..9999, inner zeros as one 零. */
static void
group(abuf *b, unsigned g, const struct style *s, bool lead)
{
	unsigned d[4] = { g / 1000, g / 100 % 10, g / 10 % 10, g % 10 };
	bool started = false, zero = false;

	for (int i = 0; i < 4; i++) {
		if (d[i] == 0) {
			if (started)
				zero = true;
			continue;
		}
		if (zero)
			abuf_puts(b, s->digit[0]);
		zero = false;
		if (!(i == 2 && d[i] == 1 && !started && lead && s->short_ten))
			abuf_puts(b, s->digit[d[i]]);
		abuf_puts(b, s->unit[i]);
		started = true;
	}
}

/* Groups of four digits with 万, 亿, 万亿; a zero between groups (or at
 * the head of a group under 1000) is one 零.  The 亿 of 万亿 is written once
 * after the 亿 group: 一万二千亿, 一万亿零一. */
static bool
number(abuf *b, unsigned long long v, const struct style *s)
{
	unsigned g[4];
	int top = 0;
	bool any = false;

	if (v > CN_MAX)
		return false;
	for (int i = 0; i < 4; i++) {
		g[i] = (unsigned)(v % 10000);
		v /= 10000;
		if (g[i])
			top = i;
	}
	for (int i = top; i >= 0; i--) {
		if (g[i] == 0)
			continue;
		if (any && (g[i] < 1000 || g[i + 1] == 0))
			abuf_puts(b, s->digit[0]);
		group(b, g[i], s, i == top);
		abuf_puts(b, i == 1 || i == 3 ? "万" : i == 2 ? "亿" : "");
		if (i == 3 && g[2] == 0)
			abuf_puts(b, "亿");
		any = true;
	}
	return true;
}

bool
cn_number(abuf *b, unsigned long long v)
{
	static const struct style s = { small, small_unit, true };

	if (v == 0) {
		abuf_puts(b, "零");
		return true;
	}
	return number(b, v, &s);
}

void
cn_digits(abuf *b, unsigned long long v)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = (char)(v % 10);
		v /= 10;
	} while (v > 0);
	while (n-- > 0)
		abuf_puts(b, buf[n] == 0 ? "〇" : small[(int)buf[n]]);
}

bool
cn_amount(abuf *b, unsigned long long yuan, int jiao, int fen)
{
	static const struct style s = { capital, capital_unit, false };

	if (yuan > CN_MAX || jiao < 0 || jiao > 9 || fen < 0 || fen > 9)
		return false;
	if (yuan > 0) {
		number(b, yuan, &s);
		abuf_puts(b, "元");
	}
	if (jiao == 0 && fen == 0) {
		if (yuan == 0)
			abuf_puts(b, "零元");
		abuf_puts(b, "整");
		return true;
	}
	if (jiao) {
		abuf_puts(b, capital[jiao]);
		abuf_puts(b, "角");
	} else if (yuan > 0) {
		abuf_puts(b, "零");
	}
	if (fen) {
		abuf_puts(b, capital[fen]);
		abuf_puts(b, "分");
	} else {
		abuf_puts(b, "整");
	}
	return true;
}

const char *
cn_heading(arena *a, unsigned long long n)
{
	abuf b;

	abuf_init(&b, a);
	if (!cn_number(&b, n))
		return arena_printf(a, "%llu", n);
	return abuf_cstr(&b);
}
