/* test_linebreak.c — line breaking on the 28-character grid, 避头尾. */
#include "testutil.h"

#include <math.h>

#include "arena.h"
#include "linebreak.h"
#include "utf8.h"

#define W     442.205
#define PITCH (W / 28)
#define HALF  (PITCH / 2)
#define TOL   0.01
#define MAXC  4096

static lb_char cs[MAXC];
static char buf[16384];

/* Build cs[] from UTF-8: wide chars advance 16 pt, spaces 4 pt, anything
 * else 8 pt (a Times digit at 16 pt). */
static size_t
mk(const char *s)
{
	uint32_t cps[MAXC];
	size_t n = utf8_to_cps(s, strlen(s), cps);

	assert_true(n < MAXC);
	memset(cs, 0, sizeof cs);
	for (size_t i = 0; i < n; i++) {
		cs[i].cp = cps[i];
		cs[i].adv = utf8_is_wide(cps[i]) ? 16.0 : cps[i] == ' ' ? 4.0 : 8.0;
	}
	return n;
}

/* buf = concatenation of (string, count) pairs, ended by NULL. */
static const char *
cat(const char *s, ...)
{
	va_list ap;

	buf[0] = 0;
	va_start(ap, s);
	while (s) {
		int k = va_arg(ap, int);
		for (int i = 0; i < k; i++) {
			assert_true(strlen(buf) + strlen(s) < sizeof buf);
			strcat(buf, s);
		}
		s = va_arg(ap, const char *);
	}
	va_end(ap);
	return buf;
}

static lb_opts
opts(void)
{
	lb_opts o = { W, PITCH, 0, 0, false };
	return o;
}

static double
right(size_t e)
{
	return cs[e - 1].cx + cs[e - 1].w;
}

static bool
sp(uint32_t cp)
{
	return cp == ' ' || cp == '\t';
}

/* Left edge of a character's cell (a compressed mark's glyph may move
 * inside it). */
static double
cell(size_t i)
{
	return cs[i].cx;
}

/* Invariants that hold for every paragraph. */
static void
check(size_t n, const lb_line *l, size_t nl, const lb_opts *o, bool kinsoku)
{
	size_t pos = 0;

	if (n == 0) {
		assert_int_equal(nl, 0);
		return;
	}
	assert_true(nl >= 1);
	for (size_t i = 0; i < nl; i++) {
		double ind = i == 0 ? o->indent_first : o->indent_rest;
		bool forced = i + 1 < nl &&
		    (cs[l[i + 1].start].flags & LB_FORCE_BREAK);

		/* contiguous, only spaces between lines */
		for (size_t j = pos; j < l[i].start; j++)
			assert_true(sp(cs[j].cp));
		assert_true(l[i].start < l[i].end);
		assert_int_equal(l[i].last, i + 1 == nl);
		pos = l[i].end;
		/* left edge at the indent, order kept, nothing past the right */
		assert_true(cs[l[i].start].x >= ind - 1e-6);
		for (size_t j = l[i].start + 1; j < l[i].end; j++)
			assert_true(cell(j) >= cell(j - 1) + cs[j - 1].w - 1e-6);
		assert_true(right(l[i].end) <= o->width + TOL);
		/* justified */
		if (!l[i].last && !forced && l[i].end - l[i].start >= 2)
			assert_true(fabs(right(l[i].end) - o->width) < TOL);
		if (kinsoku && i > 0 && !(cs[l[i].start].flags & LB_FORCE_BREAK))
			assert_false(lb_no_line_start(cs[l[i].start].cp));
		if (kinsoku && !l[i].last)
			assert_false(lb_no_line_end(cs[l[i].end - 1].cp));
		if (l[i].kinsoku == 1)
			assert_true(fabs(right(l[i].end) - o->width) < TOL);
	}
	for (size_t j = pos; j < n; j++)
		assert_true(sp(cs[j].cp));
}

static size_t
run(const char *s, const lb_opts *o, lb_line **l, size_t *n, arena *a)
{
	size_t nl;

	*n = mk(s);
	nl = lb_break(a, cs, *n, o, l);
	check(*n, *l, nl, o, true);
	return nl;
}

/* ---- classes ---------------------------------------------------------- */

static void
test_classes(void **st)
{
	const char *ns = "。，、；：？！）》」』”’〕］｝〉】…—·％‰,.;:!?)]}";
	const char *ne = "（《「『“‘〔［｛〈【([{";
	uint32_t cp[64];
	size_t k;

	(void)st;
	k = utf8_to_cps(ns, strlen(ns), cp);
	for (size_t i = 0; i < k; i++) {
		assert_true(lb_no_line_start(cp[i]));
		assert_false(lb_no_line_end(cp[i]));
	}
	k = utf8_to_cps(ne, strlen(ne), cp);
	for (size_t i = 0; i < k; i++) {
		assert_true(lb_no_line_end(cp[i]));
		assert_false(lb_no_line_start(cp[i]));
	}
	assert_false(lb_no_line_start(0x4E2D));  /* 中 */
	assert_false(lb_no_line_end(0x4E2D));
	assert_false(lb_no_line_start('a'));
	assert_true(lb_is_wide(0x4E2D));
	assert_true(lb_is_wide(0x3002));         /* 。 */
	assert_true(lb_is_wide(0x201C));         /* “ */
	assert_true(lb_is_wide(0xFF08));         /* （ */
	assert_false(lb_is_wide('1'));
	assert_false(lb_is_wide(' '));
}

/* ---- plain grid ------------------------------------------------------- */

static void
test_empty(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l = (lb_line *)1;

	(void)st;
	assert_int_equal(lb_break(a, cs, 0, &o, &l), 0);
	assert_null(l);
	arena_free(a);
}

static void
test_exact_28(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl = run(cat("中", 28, NULL), &o, &l, &n, a);

	(void)st;
	assert_int_equal(nl, 1);
	assert_int_equal(l[0].start, 0);
	assert_int_equal(l[0].end, 28);
	assert_true(l[0].last);
	assert_int_equal(l[0].kinsoku, 0);
	for (size_t i = 0; i < 28; i++) {
		assert_true(fabs(cs[i].x - i * PITCH) < 1e-6);
		assert_true(fabs(cs[i].w - PITCH) < 1e-9);
	}
	assert_true(fabs(right(28) - W) < TOL);
	arena_free(a);
}

static void
test_exact_56(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl = run(cat("中", 56, NULL), &o, &l, &n, a);

	(void)st;
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 28);
	assert_int_equal(l[1].start, 28);
	assert_int_equal(l[1].end, 56);
	assert_false(l[0].last);
	assert_true(l[1].last);
	for (size_t i = 0; i < 56; i++)
		assert_true(fabs(cs[i].x - (i % 28) * PITCH) < 1e-6);
	arena_free(a);
}

static void
test_last_line_on_grid(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl = run(cat("中", 40, NULL), &o, &l, &n, a);

	(void)st;
	assert_int_equal(nl, 2);
	assert_int_equal(l[1].start, 28);
	for (size_t i = 28; i < 40; i++)
		assert_true(fabs(cs[i].x - (i - 28) * PITCH) < 1e-6);
	/* justify_last spreads it too */
	o.justify_last = true;
	nl = run(cat("中", 40, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_true(fabs(right(40) - W) < TOL);
	arena_free(a);
}

static void
test_indent_first(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	o.indent_first = 2 * PITCH;
	nl = run(cat("中", 30, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 26);         /* 2 indent cells + 26 = 28 */
	assert_true(fabs(cs[0].x - 2 * PITCH) < 1e-6);
	assert_true(fabs(cs[0].x - 31.586) < 0.001);
	for (size_t i = 0; i < 26; i++)
		assert_true(fabs(cs[i].x - (i + 2) * PITCH) < 1e-6);
	assert_true(fabs(right(26) - W) < TOL);
	assert_true(fabs(cs[26].x) < 1e-9);     /* second line flush left */
	arena_free(a);
}

static void
test_indent_rest(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	o.indent_rest = 3 * PITCH;              /* hanging indent */
	nl = run(cat("中", 60, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 3);
	assert_int_equal(l[0].end, 28);
	assert_int_equal(l[1].end, 53);         /* 25 cells after the indent */
	assert_true(fabs(cs[0].x) < 1e-9);
	assert_true(fabs(cs[28].x - 3 * PITCH) < 1e-6);
	assert_true(fabs(cs[53].x - 3 * PITCH) < 1e-6);
	assert_true(fabs(right(53) - W) < TOL);
	arena_free(a);
}

/* ---- 避头尾 ----------------------------------------------------------- */

#define QUART (PITCH / 4)
/* the most a mark with the default (GB) ink gives: 0.3 cell of ink and
 * 0.08 cell clear on each side stay */
#define DEFMAX (0.54 * PITCH)

/* 。 would start line 2: compress, 29 characters: the 。 at the line end
 * gives what its ink allows, the marks inside the line at most a quarter
 * each (a mark inside a line squeezed to half reads as a half-width ",":
 * issue 11), nearest the end first. */
static void
test_compress_period(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("中", 5, "，", 1, "中", 4, "，", 1, "中", 17, "。", 1, "中", 5, NULL),
	    &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 29);
	assert_int_equal(l[0].kinsoku, 1);
	assert_int_equal(l[1].start, 29);
	assert_int_equal(l[1].kinsoku, 0);
	assert_true(fabs(cs[28].w - (PITCH - DEFMAX)) < 1e-9);  /* 。 */
	assert_true(fabs(cs[10].w - (PITCH - QUART)) < 1e-9);   /* ， */
	assert_true(fabs(cs[5].w - (QUART + DEFMAX)) < 1e-9);   /* ， the rest */
	assert_true(fabs(cs[10].cx - (10 * PITCH - (PITCH - QUART - DEFMAX))) < 1e-6);
	assert_true(fabs(cs[10].x - cs[10].cx) < 1e-9); /* ink clear: stays */
	assert_true(fabs(right(29) - W) < TOL);
	assert_true(fabs(cs[28].cx + cs[28].w - W) < TOL);
	for (size_t i = 0; i < 29; i++)
		if (i != 5 && i != 10 && i != 28)
			assert_true(fabs(cs[i].w - PITCH) < 1e-9);
	/* one mark inside the line is not enough: push, never a half-width
	 * comma in the middle of a line */
	nl = run(cat("中", 10, "，", 1, "中", 17, "。", 1, "中", 5, NULL),
	    &o, &l, &n, a);
	assert_int_equal(l[0].end, 27);
	assert_int_equal(l[0].kinsoku, -1);
	for (size_t i = 0; i < 27; i++)
		assert_true(fabs(cs[i].w - PITCH) < 1e-9);
	arena_free(a);
}

/* ， would start line 2; the nearest squeezable marks give a quarter. */
static void
test_compress_comma(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("中", 3, "、", 1, "中", 16, "、", 1, "中", 3, "、", 1,
	    "中", 3, "，", 1, "中", 4, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 29);
	assert_int_equal(l[0].kinsoku, 1);
	assert_true(fabs(cs[28].w - (PITCH - DEFMAX)) < 1e-9);  /* ， */
	assert_true(fabs(cs[24].w - (PITCH - QUART)) < 1e-9);  /* nearer 、 */
	assert_true(fabs(cs[20].w - (QUART + DEFMAX)) < 1e-9);
	assert_true(fabs(cs[3].w - PITCH) < 1e-9);      /* farther 、 kept */
	assert_true(fabs(right(29) - W) < TOL);
	assert_true(fabs(cs[0].x) < 1e-9);
	arena_free(a);
}

/* Only the 。 itself could be squeezed (half a cell is not enough): push,
 * 27 characters spread to the full width, line 2 starts with 中。. */
static void
test_push(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;
	double step = (W - PITCH) / 26;

	(void)st;
	nl = run(cat("中", 28, "。", 1, "中", 3, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 27);
	assert_int_equal(l[0].kinsoku, -1);
	assert_int_equal(l[1].start, 27);
	assert_int_equal(cs[l[1].start].cp, 0x4E2D);
	assert_int_equal(cs[l[1].start + 1].cp, 0x3002);
	for (size_t i = 0; i < 27; i++) {
		assert_true(fabs(cs[i].x - i * step) < 1e-6);
		assert_true(fabs(cs[i].w - PITCH) < 1e-9);
	}
	assert_true(fabs(right(27) - W) < TOL);
	/* next line is the last: flush left on the grid */
	for (size_t i = 27; i < n; i++)
		assert_true(fabs(cs[i].x - (i - 27) * PITCH) < 1e-6);
	arena_free(a);
}

/* An opening mark in the 28th cell goes down to the next line. */
static void
test_opening_at_end(void **st)
{
	static const char *marks[] = { "（", "“", "《" };
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	for (size_t m = 0; m < 3; m++) {
		nl = run(cat("中", 27, marks[m], 1, "中", 5, NULL), &o, &l, &n, a);
		assert_int_equal(nl, 2);
		assert_int_equal(l[0].end, 27);
		assert_int_equal(l[0].kinsoku, -1);
		assert_int_equal(l[1].start, 27);
		assert_true(lb_no_line_end(cs[27].cp));
		assert_true(fabs(cs[27].x) < 1e-9);
		assert_true(fabs(right(27) - W) < TOL);
	}
	arena_free(a);
}

/* ”。 would start line 2: ” and 。 share their space (” gives half), 。
 * at the line end half, and four marks inside the line a quarter each,
 * nearest the end first: 30 characters.  The “ keeps its ink against its
 * cell's right edge. */
static void
test_two_closing_compress(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("中", 3, "，", 1, "中", 3, "、", 1, "中", 3, "，", 1, "中", 3,
	    "“", 1, "中", 3, "、", 1, "中", 8, "”。", 1, "中", 2, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 30);
	assert_int_equal(l[0].kinsoku, 1);
	assert_int_equal(l[1].start, 30);
	assert_true(fabs(cs[29].w - (PITCH - DEFMAX)) < 1e-9);  /* 。 */
	assert_true(fabs(cs[28].w - HALF) < 1e-9);      /* ” (pair) */
	assert_true(fabs(cs[19].w - (PITCH - QUART)) < 1e-9);  /* 、 */
	assert_true(fabs(cs[15].w - (PITCH - QUART)) < 1e-9);  /* “ */
	assert_true(fabs(cs[11].w - (PITCH - QUART)) < 1e-9);  /* ， */
	assert_true(fabs(cs[7].w - (PITCH - (PITCH + HALF - 3 * QUART - DEFMAX))) < 1e-9);
	assert_true(fabs(cs[3].w - PITCH) < 1e-9);      /* ， not needed */
	assert_true(fabs(cs[15].x - (cs[15].cx - QUART)) < 1e-6);
	assert_true(fabs(right(30) - W) < TOL);
	assert_true(fabs(cs[29].cx + cs[29].w - W) < 1e-6);
	arena_free(a);
}

/* ”。 with too few squeezable marks: push; line 2 starts with 中”。. */
static void
test_two_closing_push(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("中", 16, "“", 1, "中", 11, "”。", 1, "中", 2, NULL),
	    &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 27);
	assert_int_equal(l[0].kinsoku, -1);
	assert_int_equal(l[1].start, 27);
	assert_int_equal(cs[28].cp, 0x201D);
	assert_int_equal(cs[29].cp, 0x3002);
	assert_true(fabs(right(27) - W) < TOL);
	for (size_t i = 0; i < 27; i++)
		assert_true(fabs(cs[i].w - PITCH) < 1e-9);
	arena_free(a);
}

/* ）。 across the 28th cell: both marks squeezed, 29 characters. */
static void
test_paren_period(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("（", 1, "中", 26, "）。", 1, "中", 2, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 29);
	assert_int_equal(l[0].kinsoku, 1);
	assert_true(fabs(cs[27].w - HALF) < 1e-9);   /* ） shares with 。 */
	assert_true(fabs(cs[28].w - HALF) < 1e-9);
	assert_true(fabs(cs[0].w - PITCH) < 1e-9);      /* line start kept */
	assert_true(fabs(cs[0].x) < 1e-9);
	assert_true(fabs(right(29) - W) < TOL);
	arena_free(a);
}

/* The mark after the 28th cell cannot be compressed when no mark can be
 * squeezed (！ is not squeezable: its ink is wider than half a cell): the
 * ！ in cell 28 cannot start a line either, so 中！！ goes down (26). */
static void
test_push_two_back(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("中", 27, "！", 1, "！", 1, "中", 3, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].kinsoku, -1);
	assert_int_equal(l[0].end, 26);
	assert_int_equal(l[1].start, 26);
	assert_int_equal(cs[26].cp, 0x4E2D);
	assert_int_equal(cs[27].cp, 0xFF01);
	assert_true(fabs(right(26) - W) < TOL);
	/* the same with ）。: both squeezable, so compress to 29 */
	nl = run(cat("中", 27, "）。", 1, "中", 2, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].kinsoku, 1);
	assert_int_equal(l[0].end, 29);
	assert_true(fabs(cs[27].w - HALF) < 1e-9);
	assert_true(fabs(cs[28].w - HALF) < 1e-9);
	arena_free(a);
}

/* The paragraph's last character is a 。 in cell 29: compress when the
 * line has marks enough (the 。 and a quarter from each of the others);
 * otherwise push. */
static void
test_compress_at_end(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("中", 10, "，", 1, "中", 9, "，", 1, "中", 7, "。", 1, NULL),
	    &o, &l, &n, a);
	assert_int_equal(nl, 1);
	assert_true(l[0].last);
	assert_int_equal(l[0].kinsoku, 1);
	assert_int_equal(l[0].end, 29);
	assert_true(fabs(right(29) - W) < TOL);
	nl = run(cat("中", 20, "，", 1, "中", 7, "。", 1, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 27);
	assert_int_equal(l[0].kinsoku, -1);
	assert_true(fabs(right(27) - W) < TOL);
	assert_int_equal(l[1].start, 27);       /* 中。 */
	arena_free(a);
}

/* 位。 alone on the last line: the line before ends one character
 * earlier when it holds a number or a Latin word (a line of Chinese
 * alone keeps its 28 characters, R5.2.3b); not after a forced break. */
static void
test_no_lonely_last_line(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	o.indent_first = 2 * PITCH;
	nl = run(cat("中", 10, "2019年", 1, "中", 13, "位。", 1, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[1].start, l[0].end);
	assert_int_equal(l[1].end - l[1].start, 3);   /* 中位。 */
	assert_true(fabs(right(l[0].end) - W) < TOL); /* spread to the full line */
	/* a line of Chinese alone keeps its 28 characters */
	nl = run(cat("中", 26, "位。", 1, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].end, 26);
	/* a last line of two characters stays */
	nl = run(cat("中", 10, "2019年", 1, "中", 12, "中位。", 1, NULL), &o, &l, &n, a);
	assert_int_equal(l[1].end - l[1].start, 3);
	/* after a forced break: kept */
	n = mk(cat("中", 10, "2019年", 1, "中", 13, "位。", 1, NULL));
	cs[n - 2].flags |= LB_FORCE_BREAK;
	nl = lb_break(a, cs, n, &o, &l);
	assert_int_equal(l[nl - 1].end - l[nl - 1].start, 2);
	arena_free(a);
}

/* ---- Latin runs, spaces ----------------------------------------------- */

static void
test_latin_run_whole(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("中", 25, "13503881055", 1, "中", 2, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 25);
	assert_int_equal(l[0].kinsoku, 0);
	assert_int_equal(l[1].start, 25);
	assert_int_equal(cs[25].cp, '1');
	assert_true(fabs(right(25) - W) < TOL);
	/* the number keeps its natural advances on its line */
	for (size_t i = 26; i < 36; i++)
		assert_true(fabs(cs[i].x - cs[i - 1].x - 8.0) < 1e-6);
	arena_free(a);
}

static void
test_digits_and_wide(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	/* "2013" fills the line; 中 may start the next one */
	nl = run(cat("中", 25, "2013中中", 1, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 29);
	assert_int_equal(cs[28].cp, '3');
	assert_int_equal(cs[29].cp, 0x4E2D);
	assert_true(fabs(right(29) - W) < TOL);
	/* the gaps inside 2013 stay 8 pt, the slack goes between the others */
	for (size_t i = 26; i < 29; i++)
		assert_true(fabs(cs[i].x - cs[i - 1].x - 8.0) < 1e-6);
	assert_true(cs[1].x - cs[0].x > PITCH + 0.1);
	/* the break falls inside 2013: the number goes down whole */
	nl = run(cat("中", 26, "2013年", 1, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 26);
	assert_int_equal(l[1].start, 26);
	assert_true(fabs(right(26) - W) < TOL);
	/* A类: the break may fall between A and 类 */
	nl = run(cat("中", 27, "A类中", 1, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 28);
	assert_int_equal(cs[27].cp, 'A');
	assert_int_equal(cs[l[1].start].cp, 0x7C7B);
	arena_free(a);
}

static void
test_spaces_dropped(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	/* 36 pt per "abcd ", 12 words fit (432 pt), the 13th does not */
	nl = run(cat("abcd ", 20, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].end, 59);         /* without the space at 59 */
	assert_int_equal(cs[59].cp, ' ');
	assert_true(fabs(cs[59].w) < 1e-9);
	assert_int_equal(l[1].start, 60);
	assert_true(fabs(right(59) - W) < TOL);
	assert_int_equal(l[0].kinsoku, 0);
	/* the slack went to the spaces' gaps, not inside the words */
	assert_true(fabs(cs[1].x - cs[0].x - 8.0) < 1e-6);
	assert_true(cs[5].x - cs[3].x > 12.0);
	assert_int_equal(nl, 2);
	/* CJK with a space at the break */
	nl = run(cat("中", 27, " ", 1, "中", 3, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 27);
	assert_int_equal(l[1].start, 28);
	assert_true(fabs(cs[27].w) < 1e-9);
	assert_true(fabs(right(27) - W) < TOL);
	arena_free(a);
}

static void
test_long_run(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	nl = run(cat("a", 200, NULL), &o, &l, &n, a);
	assert_int_equal(nl, 4);                /* 55 + 55 + 55 + 35 */
	assert_int_equal(l[0].end, 55);
	assert_int_equal(l[3].end, 200);
	/* after CJK text: the URL is split where it overflows, not pushed */
	nl = run(cat("中", 10, "http://example.org/", 1, "x", 80, NULL), &o,
	    &l, &n, a);
	assert_true(l[0].end > 10);
	assert_int_equal(l[nl - 1].end, n);
	/* a short run after CJK is pushed whole */
	nl = run(cat("中", 27, "abc", 1, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].end, 27);
	assert_int_equal(l[1].start, 27);
	arena_free(a);
}

/* A number that would go down whole after pure CJK text is kept on the
 * line by squeezing a mark, so the CJK is not spread. */
static void
test_run_squeeze(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	/* 30年 is one run (a number keeps its unit): a quarter from the ，
	 * keeps it on the line */
	nl = run(cat("中", 5, "，", 1, "中", 20, "30年中中", 1, NULL), &o, &l, &n,
	    a);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 29);
	assert_int_equal(l[0].kinsoku, 1);
	assert_true(cs[5].w < PITCH - 0.1 && cs[5].w >= PITCH - QUART - 1e-9);
	assert_true(fabs(right(29) - W) < TOL);
	assert_int_equal(cs[l[1].start].cp, 0x4E2D);
	/* 2013年 would need more than four quarters: it goes down whole,
	 * never 2013|年 (issue 11, item 5) */
	nl = run(cat("中", 5, "，", 1, "中", 20, "2013年中", 1, NULL), &o, &l, &n,
	    a);
	assert_int_equal(l[0].end, 26);
	assert_int_equal(cs[l[1].start].cp, '2');
	for (size_t i = 0; i < 26; i++)
		assert_true(fabs(cs[i].w - PITCH) < 1e-9);
	/* 26亿元, 12月31日, 18.6亿元: no break between a number and its unit */
	nl = run(cat("中", 24, "18.6亿元中中", 1, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].end, 24);
	nl = run(cat("中", 25, "26亿元中中", 1, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].end, 25);
	/* a second character after a unit that is not a magnitude is not
	 * part of it: 2018年|人才 */
	nl = run(cat("中", 25, "20年人才", 1, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].end, 28);
	assert_int_equal(cs[28].cp, 0x4EBA);
	nl = run(cat("中", 25, "12月31日中中", 1, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].end, 28);          /* 12月 | 31日 */
	assert_int_equal(cs[28].cp, '3');
	/* nothing to squeeze: the number goes down, the CJK is spread */
	nl = run(cat("中", 26, "2013年", 1, NULL), &o, &l, &n, a);
	assert_int_equal(l[0].end, 26);
	assert_int_equal(l[0].kinsoku, 0);
	arena_free(a);
}

/* Text with no allowed break at all still terminates and fits. */
static void
test_pathological(void **st)
{
	static const char *t[] = { "。", "（", "—", "”。", "a。" };
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	for (size_t k = 0; k < 5; k++) {
		n = mk(cat(t[k], 70, NULL));
		nl = lb_break(a, cs, n, &o, &l);
		check(n, l, nl, &o, false);
		assert_true(nl >= 2 && nl <= 7);
		assert_int_equal(l[nl - 1].end, n);
	}
	arena_free(a);
}

static void
test_huge_char(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n = mk("中W中"), nl;

	(void)st;
	cs[1].adv = 500;                        /* wider than the line */
	nl = lb_break(a, cs, n, &o, &l);
	assert_int_equal(nl, 3);
	assert_int_equal(l[1].start, 1);
	assert_int_equal(l[1].end, 2);
	arena_free(a);
}

/* ---- flags -------------------------------------------------------------- */

static void
test_force_break(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	n = mk(cat("中", 5, NULL));
	cs[3].flags = LB_FORCE_BREAK;
	nl = lb_break(a, cs, n, &o, &l);
	check(n, l, nl, &o, true);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 3);
	assert_false(l[0].last);
	assert_int_equal(l[1].start, 3);
	/* the forced line is not spread */
	for (size_t i = 0; i < 3; i++)
		assert_true(fabs(cs[i].x - i * PITCH) < 1e-6);
	assert_true(fabs(cs[3].x) < 1e-9);
	/* a forced break wins over 避头尾 too */
	n = mk(cat("中", 3, "。", 1, NULL));
	cs[3].flags = LB_FORCE_BREAK;
	nl = lb_break(a, cs, n, &o, &l);
	assert_int_equal(nl, 2);
	assert_int_equal(l[1].start, 3);
	arena_free(a);
}

static void
test_nobreak_before(void **st)
{
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	n = mk(cat("中", 30, NULL));
	cs[28].flags = LB_NOBREAK_BEFORE;
	nl = lb_break(a, cs, n, &o, &l);
	check(n, l, nl, &o, true);
	assert_int_equal(nl, 2);
	assert_int_equal(l[0].end, 27);
	assert_int_equal(l[0].kinsoku, 0);
	assert_true(fabs(right(27) - W) < TOL);
	/* "100 km": no break at the space */
	n = mk(cat("中", 26, "100 km", 1, NULL));
	cs[30].flags = LB_NOBREAK_BEFORE;       /* the space */
	cs[31].flags = LB_NOBREAK_BEFORE;
	nl = lb_break(a, cs, n, &o, &l);
	check(n, l, nl, &o, true);
	assert_int_equal(l[0].end, 26);
	arena_free(a);
}

/* ---- everything at once: invariants on generated paragraphs --------- */

#ifndef GEN_ITERS
#define GEN_ITERS 2000
#endif
static uint32_t rng = 12345;

static unsigned
rnd(unsigned k)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 16) % k;
}

static void
test_generated(void **st)
{
	static const char *close[] = { "，", "。", "、", "；", "：", "？", "！",
	    "）", "》", "”", "”。", "）。", "……", "——" };
	static const char *open[] = { "（", "《", "“" };
	static const char *latin[] = { "2013", "13503881055", "R&D", "A", "GB/T",
	    "9704", "3.5%" };
	arena *a = arena_new();
	lb_opts o = opts();
	lb_line *l;
	size_t n, nl;

	(void)st;
	for (int iter = 0; iter < GEN_ITERS; iter++) {
		char *p = buf;
		int len = 1 + (int)rnd(300);
		buf[0] = 0;
		for (int k = 0; k < len && p < buf + sizeof buf - 64; k++) {
			unsigned r = rnd(20);
			const char *t;
			if (r < 11)
				t = "中";
			else if (r < 14)
				t = close[rnd(14)];
			else if (r < 15)
				t = open[rnd(3)];
			else if (r < 17)
				t = latin[rnd(7)];
			else if (r < 18)
				t = " ";
			else
				t = "国";
			p += sprintf(p, "%s%s", t, r == 14 ? "文" : "");
			if (r >= 11 && r < 14)   /* a mark after a mark: add text */
				p += sprintf(p, "中");
		}
		o.indent_first = rnd(3) ? 2 * PITCH : 0;
		o.indent_rest = rnd(4) ? 0 : 2 * PITCH;
		n = mk(buf);
		nl = lb_break(a, cs, n, &o, &l);
		check(n, l, nl, &o, true);
		/* a mark inside a line gives at most a quarter of its cell,
		 * unless it shares its space with a neighbouring mark */
		for (size_t i = 0; i < nl; i++)
			for (size_t j = l[i].start; j + 1 < l[i].end; j++) {
				bool mark = lb_is_wide(cs[j].cp) &&
				    (lb_no_line_start(cs[j].cp) || lb_no_line_end(cs[j].cp));
				bool nb = (j > l[i].start && (lb_no_line_start(cs[j - 1].cp) ||
				    lb_no_line_end(cs[j - 1].cp))) ||
				    lb_no_line_start(cs[j + 1].cp) || lb_no_line_end(cs[j + 1].cp);
				if (mark && !nb && lb_is_wide(cs[j].cp))
					assert_true(cs[j].w >= PITCH - QUART - 1e-6);
			}
		for (size_t i = 0; i + 1 < nl; i++) {
			/* pure-CJK filled lines: 27, 28, 29 or 30 characters */
			size_t cnt = l[i].end - l[i].start, lat = 0;
			double ind = i ? o.indent_rest : o.indent_first;
			for (size_t j = l[i].start; j < l[i].end; j++)
				lat += !lb_is_wide(cs[j].cp);
			/* a line ended early because the number or word
			 * after it did not fit and no mark could be squeezed
			 * is spread (a known limitation, see linebreak.c) */
			if (lat || !lb_is_wide(cs[l[i + 1].start].cp) ||
			    l[i].end != l[i + 1].start)
				continue;
			cnt += (size_t)(ind / PITCH + 0.5);
			/* adjacent marks sharing their space make room for
			 * one more character now and then */
			if (l[i].kinsoku == 0)
				assert_true(cnt >= 28 && cnt <= 30);
			else if (l[i].kinsoku == 1)
				assert_true(cnt >= 29 && cnt <= 32);
			else
				assert_true(cnt >= 24 && cnt <= 28); /* “中”。 */
		}
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_exact_28),
		cmocka_unit_test(test_exact_56),
		cmocka_unit_test(test_last_line_on_grid),
		cmocka_unit_test(test_indent_first),
		cmocka_unit_test(test_indent_rest),
		cmocka_unit_test(test_compress_period),
		cmocka_unit_test(test_compress_comma),
		cmocka_unit_test(test_push),
		cmocka_unit_test(test_opening_at_end),
		cmocka_unit_test(test_two_closing_compress),
		cmocka_unit_test(test_two_closing_push),
		cmocka_unit_test(test_paren_period),
		cmocka_unit_test(test_push_two_back),
		cmocka_unit_test(test_compress_at_end),
		cmocka_unit_test(test_no_lonely_last_line),
		cmocka_unit_test(test_latin_run_whole),
		cmocka_unit_test(test_digits_and_wide),
		cmocka_unit_test(test_spaces_dropped),
		cmocka_unit_test(test_long_run),
		cmocka_unit_test(test_run_squeeze),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_huge_char),
		cmocka_unit_test(test_force_break),
		cmocka_unit_test(test_nobreak_before),
		cmocka_unit_test(test_generated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
