/* linebreak.c — Chinese line breaking on the 28-character grid.
 *
 * Model.  Every character has a natural width: one grid cell (`pitch`) for
 * a wide character (lb_is_wide), its own advance for anything else.  A run
 * of non-wide, non-space characters (a number, a Latin word, a URL) is one
 * unbreakable unit, and so is a number with its unit (2019年, 26亿元: at
 * most two unit characters after a digit); breaks are allowed between wide
 * characters, between a wide character and a run, and at spaces.  Spaces
 * at a break, and trailing spaces of a line, are dropped: they lie outside
 * every line's [start, end) and keep x = w = 0.  避头尾 also looks through
 * spaces.
 *
 * Compression (issue 11).  A squeezable mark gives up part of its cell
 * only from the blank sides its own ink shows (lb_char.ink0/ink1, from the
 * font; GB-style defaults when unknown), keeping its ink CLEAR of the
 * cell's edges (or as close as the font itself sets it); the glyph moves
 * inside the narrower cell as needed (x = cell edge cx + offset).  Two
 * adjacent marks share their blank half (pair_compress: 》， ”“ （《) — but
 * that does not let more characters onto a line (the grid holds 28): on a
 * justified line the space it frees is spread, on a compressed line it is
 * taken first.  Fit compression (step 3): the line's last mark as much as
 * its ink allows, any other mark at most a quarter cell, so that none
 * reads as a half-width ",".
 *
 * One line at a time, greedily:
 *   1. Fill until the next non-space character would cross the right edge
 *      (with EPS slack, so exactly 28 cells always fit).  Everything left
 *      fits → last line.  A LB_FORCE_BREAK char comes first → the line ends
 *      before it, left-aligned like a last line (but .last is false).
 *   2. The natural break b (before the overflowing char) is allowed → take
 *      it and justify.
 *   3. 避头尾: c[b] may not start a line (。，”…) → COMPRESS if possible:
 *      keep c[b] (and up to two more no-start marks that follow it) on this
 *      line: the space shared by adjacent marks first, then marks nearest
 *      the line end, as above, as little as needed.  The line's first char
 *      is never squeezed; ？！…— are never squeezed.
 *   3b. b falls inside a number/word (or a number and its unit) that
 *      follows pure CJK text → squeeze up to 4 marks the same way to keep
 *      the run on this line (the line then holds Latin, which the checker
 *      does not count).  Otherwise the run goes down whole and the CJK
 *      before it is spread: the checker's R5.2.3b will call that line
 *      "spread without cause" — the one case the rules here cannot avoid
 *      without splitting the number.
 *   4. Otherwise PUSH: break at the last allowed position before b (the
 *      char before the mark goes down with it; a no-end mark in the last
 *      cell goes down by itself), and spread the line to the full width.
 *      A break inside a Latin run backs off the same way (kinsoku = 0).
 *   5. No allowed position at all (a run longer than a line — split where
 *      it overflows, even when it starts mid-line — or 70 。 in a row) →
 *      break at b anyway: never loop, never overflow.
 * Nothing ever hangs past the right edge.  A character wider than the whole
 * line gets a line of its own.
 *
 * Justification spreads the slack over the gaps between characters, except
 * the gaps inside a Latin run (a line that is one run uses all its gaps);
 * a space thus gets two shares.  The gap is not part of w: w is the width
 * the character's cell occupies (pitch less what it gave up, or adv).
 * Pure-CJK lines of 28 uncompressed cells keep their cells at exact
 * multiples of the pitch; the last line is set on the grid, unjustified
 * (justify_last spreads it; a compressed last line is always full).
 *
 * Afterwards: a paragraph whose last line holds one character (位。) ends
 * the line before one allowed break earlier, when that line holds a number
 * or Latin (a line of Chinese alone keeps its 28 characters, R5.2.3b). */
#include "linebreak.h"

#include <math.h>
#include <stdint.h>

#include "utf8.h"

#define EPS 0.01

/* ---- character classes ------------------------------------------------ */

/* Word's Simplified-Chinese 后置标点 list (may not start a line), plus the
 * small-form and other closing marks, — and …  Sorted. */
static const uint32_t no_start_tab[] = {
	0x0021, 0x0025, 0x0029, 0x002C, 0x002E, 0x003A, 0x003B, 0x003E,
	0x003F, 0x005D, 0x007D,                         /* ! % ) , . : ; > ? ] } */
	0x00A2, 0x00A8, 0x00B0, 0x00B7,                 /* ¢ ¨ ° · */
	0x02C7, 0x02C9,                                 /* ˇ ˉ */
	0x2014, 0x2015, 0x2016, 0x2019, 0x201D, 0x2026, /* — ― ‖ ’ ” … */
	0x2030, 0x2032, 0x2033, 0x203A,                 /* ‰ ′ ″ › */
	0x2103, 0x2236,                                 /* ℃ ∶ */
	0x3001, 0x3002, 0x3003, 0x3009, 0x300B, 0x300D, /* 、。〃〉》」 */
	0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B, /* 』】〕〗〙〛 */
	0x301E, 0x301F,                                 /* 〞〟 */
	0xFE30, 0xFE31, 0xFE36, 0xFE38, 0xFE3A, 0xFE3C, /* vertical forms */
	0xFE3E, 0xFE40, 0xFE42, 0xFE44,
	0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55, 0xFE56, /* ﹐﹑﹒﹔﹕﹖ */
	0xFE57, 0xFE5A, 0xFE5C, 0xFE5E,                 /* ﹗﹚﹜﹞ */
	0xFF01, 0xFF02, 0xFF05, 0xFF07, 0xFF09, 0xFF0C, /* ！＂％＇），*/
	0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, /* ．：；？］｝ */
	0xFF5E, 0xFF60, 0xFF61, 0xFF63, 0xFF64,         /* ～｠｡｣､ */
	0xFFE0,                                         /* ￠ */
};

/* Word's 前置标点 list (may not end a line), without the ASCII quotes and
 * the marks that are also in no_start_tab.  Sorted. */
static const uint32_t no_end_tab[] = {
	0x0024, 0x0028, 0x003C, 0x005B, 0x007B,         /* $ ( < [ { */
	0x00A3, 0x00A5,                                 /* £ ¥ */
	0x2018, 0x201C, 0x2039,                         /* ‘ “ ‹ */
	0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, /* 〈《「『【〔 */
	0x3016, 0x3018, 0x301A, 0x301D,                 /* 〖〘〚〝 */
	0xFE35, 0xFE37, 0xFE39, 0xFE3B, 0xFE3D, 0xFE3F, /* vertical forms */
	0xFE41, 0xFE43,
	0xFE59, 0xFE5B, 0xFE5D,                         /* ﹙﹛﹝ */
	0xFF04, 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F, 0xFF62, /* ＄（［｛｟｢ */
	0xFFE1, 0xFFE5,                                 /* ￡ ￥ */
};

/* Marks that may be squeezed to half a cell: closing marks with their ink
 * in the left half of the em box, opening marks with it in the right half
 * (GB-style fonts).  ？！ are not squeezed: their ink is wider. */
static const uint32_t squeeze_close_tab[] = {
	0x2019, 0x201D, 0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F,
	0x3011, 0x3015, 0x3017, 0xFF09, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF3D,
	0xFF5D,
};
static const uint32_t squeeze_open_tab[] = {
	0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014,
	0x3016, 0xFF08, 0xFF3B, 0xFF5B,
};

#define NELEM(t) (sizeof(t) / sizeof((t)[0]))

static bool
in_tab(const uint32_t *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t[mid] == cp)
			return true;
		if (t[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool
lb_no_line_start(uint32_t cp)
{
	return in_tab(no_start_tab, NELEM(no_start_tab), cp);
}

bool
lb_no_line_end(uint32_t cp)
{
	return in_tab(no_end_tab, NELEM(no_end_tab), cp);
}

bool
lb_is_wide(uint32_t cp)
{
	return utf8_is_wide(cp);
}

static int
squeeze_kind(uint32_t cp)
{
	if (in_tab(squeeze_close_tab, NELEM(squeeze_close_tab), cp))
		return 1;
	if (in_tab(squeeze_open_tab, NELEM(squeeze_open_tab), cp))
		return -1;
	return 0;
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t';
}

/* Units that stay with the number before them (2019年, 26亿元, 31日,
 * 18.6亿元, 3个). */
static bool
is_unit(uint32_t cp)
{
	static const uint32_t u[] = {
		0x4E07, 0x4E2A, 0x4EBA, 0x4EBF, 0x4F4D, 0x500D, 0x5143,
		0x514B, 0x5206, 0x5343, 0x5428, 0x540D, 0x5468, 0x5929, 0x5BB6,
		0x5C81, 0x5C4A, 0x5E74, 0x5EA6, 0x6237, 0x6240, 0x65E5,
		0x65F6, 0x6708, 0x6761, 0x6B21, 0x6BEB, 0x73ED, 0x767E, 0x79D2,
		0x7C73, 0x7EA7, 0x89D2, 0x91CC, 0x9879, 0x53F0, 0x4EA9, 0x53F7,
		0xFF05,
	};
	/* 万 个 人 亿 位 倍 元 克 分 千 吨 名 周 天 家 岁 届 年 度 户 所 日 时
	 * 月 条 次 毫 班 百 秒 米 级 角 里 项 台 亩 号 ％ (unsorted: linear) */
	for (size_t i = 0; i < NELEM(u); i++)
		if (u[i] == cp)
			return true;
	return false;
}

static bool
is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* 万 亿 千 百: a magnitude, which a second unit may follow (26亿元). */
static bool
is_magnitude(uint32_t cp)
{
	return cp == 0x4E07 || cp == 0x4EBF || cp == 0x5343 || cp == 0x767E;
}

/* Is a break before c[p] one between a number and its unit?  A second
 * unit only after a magnitude: 26亿|元 is one, 2018年|人才 is not. */
static bool
in_number_unit(const lb_char *c, size_t p)
{
	if (!is_unit(c[p].cp))
		return false;
	if (is_digit(c[p - 1].cp))
		return true;
	return p >= 2 && is_magnitude(c[p - 1].cp) && is_digit(c[p - 2].cp);
}

/* ---- break opportunities ---------------------------------------------- */

enum { BRK_OK, BRK_RUN, BRK_KINSOKU, BRK_NOBREAK };

/* May the text be broken before c[p] (0 < p < n)? */
static int
break_at(const lb_char *c, size_t n, size_t p)
{
	if (c[p].flags & LB_FORCE_BREAK)
		return BRK_OK;
	if (is_space(c[p - 1].cp) || is_space(c[p].cp)) {
		/* A break anywhere in a run of spaces is "before" each of them
		 * and before the character that follows the run. */
		size_t a = p, z = p;
		while (a > 0 && is_space(c[a - 1].cp))
			a--;
		while (z < n && is_space(c[z].cp))
			z++;
		for (size_t j = a > 0 ? a : 1; j <= z && j < n; j++)
			if (c[j].flags & LB_NOBREAK_BEFORE)
				return BRK_NOBREAK;
		/* 避头尾 looks through the spaces */
		if ((z < n && lb_no_line_start(c[z].cp)) ||
		    (a > 0 && lb_no_line_end(c[a - 1].cp)))
			return BRK_KINSOKU;
		return BRK_OK;
	}
	if (c[p].flags & LB_NOBREAK_BEFORE)
		return BRK_NOBREAK;
	if (!lb_is_wide(c[p - 1].cp) && !lb_is_wide(c[p].cp))
		return BRK_RUN;
	/* a number and its unit are one run (2019年, 26亿元) */
	if (in_number_unit(c, p))
		return BRK_RUN;
	if (lb_no_line_start(c[p].cp) || lb_no_line_end(c[p - 1].cp))
		return BRK_KINSOKU;
	return BRK_OK;
}

static bool
has_ink(const lb_char *c, size_t s, size_t e)
{
	for (size_t i = s; i < e; i++)
		if (!is_space(c[i].cp))
			return true;
	return false;
}

/* ---- compression -------------------------------------------------------- */

/* The working state of one paragraph: how much each character's cell gives
 * up, to its neighbour mark (pair[], fixed) and to make a line fit (fit[]). */
struct lbw {
	double *pair;
	double *fit;
};

#define CLEAR 0.08   /* ink kept clear of a compressed cell's edge, in cells */

/* The glyph's ink [i0, i1] from its origin, pt: the font's, or the GB
 * layout when unknown. */
static void
ink_of(const lb_char *ch, double pitch, double *i0, double *i1)
{
	if (ch->ink1 > ch->ink0) {
		*i0 = ch->ink0;
		*i1 = ch->ink1;
	} else if (squeeze_kind(ch->cp) < 0) {
		*i0 = 0.6 * pitch;
		*i1 = 0.9 * pitch;
	} else {
		*i0 = 0.1 * pitch;
		*i1 = 0.4 * pitch;
	}
}

/* Clearance kept on each side: CLEAR, or the blank the mark has there
 * uncompressed if that is less (the ink of 》 nearly touches its left
 * edge: compression does not move it closer). */
static void
clearances(const lb_char *ch, double pitch, double *lc, double *rc)
{
	double i0, i1;

	ink_of(ch, pitch, &i0, &i1);
	*lc = fmin(CLEAR * pitch, fmax(0, i0));
	*rc = fmin(CLEAR * pitch, fmax(0, pitch - i1));
}

/* The most a mark's cell can give up while its ink keeps its clearance on
 * both sides; 0 for characters that are not squeezable marks. */
static double
max_comp(const lb_char *ch, double pitch)
{
	double i0, i1, lc, rc;

	if (!lb_is_wide(ch->cp) || squeeze_kind(ch->cp) == 0)
		return 0;
	ink_of(ch, pitch, &i0, &i1);
	clearances(ch, pitch, &lc, &rc);
	return fmax(0, pitch - (i1 - i0) - lc - rc);
}

/* Where the glyph goes in a cell that gave up `comp`: the offset of its
 * origin from the cell's left edge.  A closing mark stays put as long as
 * its ink clears the new right edge, an opening mark keeps its ink against
 * the right edge; both then move only as far as the clearance needs. */
static double
glyph_offset(const lb_char *ch, double pitch, double comp)
{
	double i0, i1, lc, rc, w = pitch - comp, d;

	if (comp <= 0)
		return 0;
	ink_of(ch, pitch, &i0, &i1);
	clearances(ch, pitch, &lc, &rc);
	if (squeeze_kind(ch->cp) < 0) {
		d = fmax(-comp, lc - i0);
		d = fmin(d, w - rc - i1);
	} else {
		d = fmin(0, w - rc - i1);
		d = fmax(d, lc - i0);
	}
	return d;
}

/* Adjacent marks share their space (GB/T 15834, clreq §3.1.6): of two
 * marks side by side the blank half between them goes.  Closing+closing
 * (》， ”。): the first gives its right half; closing+opening (”“ ，《):
 * both give theirs; opening+opening (（《): the second its left half. */
static void
pair_compress(const lb_char *c, size_t n, double pitch, double *pair)
{
	double h = pitch / 2;

	for (size_t i = 0; i + 1 < n; i++) {
		int a = lb_is_wide(c[i].cp) ? squeeze_kind(c[i].cp) : 0;
		int b = lb_is_wide(c[i + 1].cp) ? squeeze_kind(c[i + 1].cp) : 0;
		if (a == 0 || b == 0 || (c[i + 1].flags & LB_FORCE_BREAK))
			continue;
		if (a > 0)
			pair[i] = fmax(pair[i], fmin(h, max_comp(&c[i], pitch)));
		if (b < 0)
			pair[i + 1] = fmax(pair[i + 1],
			    fmin(h, max_comp(&c[i + 1], pitch)));
	}
}

/* Width of c[i]'s cell before any fit compression. */
static double
cell_w(const lb_char *c, size_t i, const struct lbw *w, double pitch)
{
	return lb_is_wide(c[i].cp) ? pitch - w->pair[i] : c[i].adv;
}

/* Natural width of c[s..e): cells and Latin advances summed apart, so that
 * a run of wide characters is an exact multiple of the pitch.  Marks that
 * share their space do not make room for more characters (the grid holds
 * 28 a line): the slack they leave is spread when the line is justified,
 * and taken first when a line must be compressed. */
static double
nat_width(const lb_char *c, size_t s, size_t e, double pitch)
{
	size_t cells = 0;
	double lat = 0;

	for (size_t i = s; i < e; i++) {
		if (lb_is_wide(c[i].cp))
			cells++;
		else
			lat += c[i].adv;
	}
	return (double)cells * pitch + lat;
}

/* Is the Latin run around the break b (inside it) wider than a whole line
 * (the narrower of the first-line and other-lines widths)?  The scan stops
 * as soon as the answer is yes: a run as long as the paragraph (a pasted
 * hash, 60,000 letters) is asked about on each of its lines, and scanning
 * it whole each time took seconds. */
static bool
run_too_long(const lb_char *c, size_t n, size_t s, size_t b, const lb_opts *o)
{
	size_t r = b, z = b, cells = 0;
	double avail = o->width - fmax(o->indent_first, o->indent_rest);
	double lat = 0;

#define RUN_ADD(i) (lb_is_wide(c[i].cp) ? (void)cells++ : (void)(lat += c[i].adv))
#define RUN_FITS() ((double)cells * o->pitch + lat <= avail + EPS)
	while (z < n && (z == b || break_at(c, n, z) == BRK_RUN) && RUN_FITS()) {
		RUN_ADD(z);
		z++;
	}
	while (r > 0 && break_at(c, n, r) == BRK_RUN && RUN_FITS()) {
		r--;
		RUN_ADD(r);
	}
	return !RUN_FITS();
#undef RUN_ADD
#undef RUN_FITS
}

/* c[s..e) is CJK text only (a number's unit counts as part of the run). */
static bool
all_wide(const lb_char *c, size_t s, size_t e)
{
	for (size_t i = s; i < e; i++)
		if (!lb_is_wide(c[i].cp))
			return false;
	return true;
}

/* The end of a line that keeps c[..x) and the no-start marks (up to 3)
 * that follow: that index if a break is allowed there, else 0. */
static size_t
tail_end(const lb_char *c, size_t n, size_t x)
{
	size_t b = x;

	while (x < n && x - b < 3 && lb_no_line_start(c[x].cp) &&
	    !(c[x].flags & LB_FORCE_BREAK))
		x++;
	if (x >= n)
		return n;
	return break_at(c, n, x) == BRK_OK ? x : 0;
}

/* Squeeze marks of c[s+1..e) until the line fits, after the space that
 * neighbouring marks share, nearest the end first: the line's last
 * character, a closing mark, as far as its ink allows; any other
 * mark at most a quarter, so that none reads as half-width; never a mark
 * that already shares its space with a neighbour, never more than its ink
 * allows, at most `max` marks.  On success w->fit[] holds the amounts. */
static bool
compress(const lb_char *c, size_t s, size_t e, double ind, const lb_opts *o,
         struct lbw *w, size_t max)
{
	double over = ind + nat_width(c, s, e, o->pitch) - o->width;
	size_t j, k = 0;

	if (o->pitch <= 0)
		return false;
	/* marks sharing their space first (the line's first character never
	 * shares: nothing before it on the line) */
	for (j = s + 1; j < e; j++)
		over -= w->pair[j];
	for (j = e; j > s + 1 && k < max && over > EPS; j--) {
		const lb_char *ch = &c[j - 1];
		double cap;
		if (!lb_is_wide(ch->cp) || !squeeze_kind(ch->cp) ||
		    w->pair[j - 1] > 0)
			continue;
		/* the line's last mark: as much as its ink allows (its right
		 * is the margin); inside the line a quarter */
		cap = j == e && squeeze_kind(ch->cp) > 0 ? o->pitch : o->pitch / 4;
		cap = fmin(cap, max_comp(ch, o->pitch));
		if (cap <= EPS)
			continue;
		w->fit[j - 1] = fmin(cap, over);
		over -= w->fit[j - 1];
		k++;
	}
	if (over <= EPS)
		return true;
	for (j = s; j < e; j++)
		w->fit[j] = 0;
	return false;
}

/* Set x/w of c[s..e).  With justify, the slack up to o->width is spread
 * over the gaps (not inside Latin runs, unless the line is one run). */
static void
place(lb_char *c, size_t s, size_t e, double ind, const lb_opts *o,
      const struct lbw *w, bool justify)
{
	double total = ind, share = 0, pos = ind;
	size_t nw = 0, gaps = e - s - 1;
	bool all_gaps = false;

	for (size_t i = s; i < e; i++) {
		c[i].w = cell_w(c, i, w, o->pitch) - w->fit[i];
		total += c[i].w;
	}
	if (justify && e - s >= 2 && fabs(o->width - total) > 1e-9) {
		for (size_t i = s; i + 1 < e; i++)
			if (lb_is_wide(c[i].cp) || lb_is_wide(c[i + 1].cp) ||
			    is_space(c[i].cp) || is_space(c[i + 1].cp))
				nw++;
		if (nw == 0) {
			nw = gaps;
			all_gaps = true;
		}
		share = (o->width - total) / (double)nw;
	}
	for (size_t i = s; i < e; i++) {
		double d = lb_is_wide(c[i].cp) ?
		    glyph_offset(&c[i], o->pitch, w->pair[i] + w->fit[i]) : 0;
		c[i].cx = pos;
		c[i].x = pos + d;
		pos += c[i].w;
		if (share != 0 && i + 1 < e &&
		    (all_gaps || lb_is_wide(c[i].cp) || lb_is_wide(c[i + 1].cp) ||
		     is_space(c[i].cp) || is_space(c[i + 1].cp)))
			pos += share;
		/* Pin the right edge exactly against accumulated rounding. */
		if (share != 0 && i + 1 == e && e - s >= 2) {
			c[i].cx = o->width - c[i].w;
			c[i].x = c[i].cx + d;
		}
	}
}

/* ---- the breaker ------------------------------------------------------ */

/* Count of the characters of c[s..e) that are not marks or spaces. */
static size_t
text_chars(const lb_char *c, size_t s, size_t e)
{
	size_t k = 0;

	for (size_t i = s; i < e; i++)
		if (!is_space(c[i].cp) && !lb_no_line_start(c[i].cp))
			k++;
	return k;
}

/* A paragraph's last line holding one character (位。): when the line
 * before can end one allowed break earlier, it does, and is spread.  Only
 * a line that holds a number or a Latin word: a line of Chinese text
 * alone keeps its 28 characters (R5.2.3b), and there is no other way to
 * give the last line a second one. */
static void
no_lonely_last(lb_char *c, size_t n, const lb_opts *o, lb_line *v, size_t nl,
               struct lbw *w)
{
	lb_line *p, *l;
	double ind;
	size_t q, next;

	if (nl < 2)
		return;
	p = &v[nl - 2];
	l = &v[nl - 1];
	if (text_chars(c, l->start, l->end) > 1 || (c[l->start].flags & LB_FORCE_BREAK))
		return;
	ind = nl == 2 ? o->indent_first : o->indent_rest;
	for (q = p->end - 1; q > p->start + 1; q--)
		if (break_at(c, n, q) == BRK_OK && !(c[q].flags & LB_FORCE_BREAK) &&
		    has_ink(c, p->start, q) && text_chars(c, p->start, q) >= 2)
			break;
	if (q <= p->start + 1 || all_wide(c, p->start, q))
		return;
	next = q;
	while (next < n && is_space(c[next].cp))
		next++;
	/* the last line must still fit, uncompressed */
	for (size_t i = p->start; i < l->end; i++)
		w->fit[i] = 0;
	if (o->indent_rest + nat_width(c, next, l->end, o->pitch) > o->width + EPS) {
		/* cannot happen for a one-character line; keep it as it was */
		return;
	}
	{
		size_t e = q;
		while (e > p->start + 1 && is_space(c[e - 1].cp))
			e--;
		for (size_t i = e; i < next; i++)
			c[i].x = c[i].w = c[i].cx = 0;
		p->end = e;
	}
	p->kinsoku = -1;
	place(c, p->start, p->end, ind, o, w, true);
	l->start = next;
	place(c, l->start, l->end, o->indent_rest, o, w, o->justify_last);
}

/* 1. fill: the first character from s that does not fit in avail (n if
 * the rest fits); *forced when a forced break comes first. */
static size_t
fill_line(const lb_char *c, size_t n, size_t s, const lb_opts *o, double avail,
          bool *forced)
{
	size_t cells = 0;
	double lat = 0;

	*forced = false;
	for (size_t i = s; i < n; i++) {
		if (i > s && (c[i].flags & LB_FORCE_BREAK)) {
			*forced = true;
			return i;
		}
		if (lb_is_wide(c[i].cp)) {
			cells++;
		} else {
			lat += c[i].adv;
		}
		if (!is_space(c[i].cp) &&
		    (double)cells * o->pitch + lat > avail + EPS)
			return i > s ? i : s + 1;
	}
	return n;
}

/* 2. where a line from s that overflows at b ends: at b when a break is
 * allowed there, else by compressing, pushing or backing off.  *kin says
 * how (1 compressed, -1 pushed back for kinsoku, 0 otherwise). */
static size_t
choose_break(lb_char *c, size_t n, size_t s, size_t b, double ind, const lb_opts *o,
             struct lbw *w, int *kin)
{
	int why = break_at(c, n, b);

	*kin = 0;
	if (why == BRK_OK)
		return b;
	/* 3. compress */
	if (why == BRK_KINSOKU && lb_no_line_start(c[b].cp)) {
		size_t x = tail_end(c, n, b);
		if (x && compress(c, s, x, ind, o, w, SIZE_MAX)) {
			*kin = 1;
			return x;
		}
	}
	/* A number or word that does not fit after pure CJK text: squeeze up
	 * to 4 marks to keep it on this line rather than spread the CJK (which
	 * the checker would count as a short line). */
	if (why == BRK_RUN) {
		size_t r = b, z = b + 1, x;
		while (r > s && break_at(c, n, r) == BRK_RUN)
			r--;
		/* find the run's end only when it may stay: a line inside a
		 * long run does not */
		if (r > s && break_at(c, n, r) == BRK_OK && all_wide(c, s, r)) {
			while (z < n && break_at(c, n, z) == BRK_RUN)
				z++;
			if ((x = tail_end(c, n, z)) != 0 && compress(c, s, x, ind, o, w, 4)) {
				*kin = 1;
				return x;
			}
		}
	}
	/* A run that does not fit on a line of its own is split where it
	 * overflows, not pushed down (that would leave a gaping line behind it). */
	if (why == BRK_RUN && run_too_long(c, n, s, b, o))
		return b;
	/* 4. push / back off to the last allowed break */
	for (size_t q = b - 1; q > s; q--)
		if (break_at(c, n, q) == BRK_OK && has_ink(c, s, q)) {
			*kin = why == BRK_KINSOKU ? -1 : 0;
			return q;
		}
	/* 5. otherwise break where it overflows */
	return b;
}

size_t
lb_break(arena *a, lb_char *c, size_t n, const lb_opts *o, lb_line **lines)
{
	lb_line *v = NULL;
	size_t nl = 0, cap = 0, s = 0;
	struct lbw w;
	bool first = true;

	*lines = NULL;
	if (n == 0)
		return 0;
	w.pair = arena_alloc(a, n * sizeof *w.pair);
	w.fit = arena_alloc(a, n * sizeof *w.fit);
	for (size_t i = 0; i < n; i++) {
		c[i].x = c[i].w = c[i].cx = 0;
		w.pair[i] = w.fit[i] = 0;
	}
	pair_compress(c, n, o->pitch, w.pair);

	while (s < n) {
		double ind = first ? o->indent_first : o->indent_rest;
		size_t b, p, e, next;
		bool forced, justify = true;
		int kin = 0;

		/* an opening mark that starts a line keeps its whole cell:
		 * nothing before it on the line to share with */
		if (squeeze_kind(c[s].cp) < 0)
			w.pair[s] = 0;
		b = fill_line(c, n, s, o, o->width - ind, &forced);
		if (b >= n || forced) {
			p = b;
			justify = false;
		} else {
			p = choose_break(c, n, s, b, ind, o, &w, &kin);
		}

		/* Spaces at the break belong to neither line (nor do trailing
		 * ones, which need not fit). */
		e = p;
		next = p;
		while (e > s + 1 && is_space(c[e - 1].cp))
			e--;
		if (!forced)
			while (next < n && is_space(c[next].cp) &&
			    !(c[next].flags & LB_FORCE_BREAK))
				next++;

		lb_line *l = ARENA_PUSH(a, v, nl, cap);
		l->start = s;
		l->end = e;
		l->kinsoku = kin;
		l->last = next >= n;
		if (l->last && kin != 1 && !o->justify_last)
			justify = false;
		if (l->last && o->justify_last)
			justify = true;
		place(c, s, e, ind, o, &w, justify);

		s = next;
		first = false;
	}
	if (nl >= 2 && v[nl - 1].kinsoku != 1)
		no_lonely_last(c, n, o, v, nl, &w);
	*lines = v;
	return nl;
}
