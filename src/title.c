/* title.c — a 公文 title split into balanced lines; see title.h. */
#include "title.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linebreak.h"
#include "seg.h"
#include "utf8.h"

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
		pen += 30;     /* a line up to ~4 cells off balance rather */
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

#define SHAPE_PENALTY 40    /* more than a split word (30): shape first */

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
				/* R7.3.1: a trapezoid (上长下短) or a diamond, never a
				 * longer last line nor a waist (the line before's
				 * lengths along its best path) */
				if (j >= 2) {
					size_t g = j >= 2 && f > 0 ? from[j - 1][f - lo[j - 1]] : 0;
					double pl = s->pre[f] - s->pre[g];
					bool waist = false;
					if (j >= 3 && g > 0) {
						size_t h = from[j - 2][g - lo[j - 2]];
						waist = s->pre[g] - s->pre[h] > pl + 1e-9 && c > pl + 1e-9;
					}
					if ((j == k && c > pl + 1e-9) || waist)
						cost += SHAPE_PENALTY;
				}
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

static bool
splits_word(const size_t *brk, int k, const bool *inword)
{
	for (int j = 1; j < k; j++)
		if (inword[brk[j]])
			return true;
	return false;
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
			seg_inword(cps + s, m, inword);
			bracket_depth(cps + s, m, depth);
			struct seg sg = { cps + s, m, pre, inword, depth, max_cells };
			if (!balance(a, &sg, k, brk))
				for (int j = 1; j < k; j++)   /* no acceptable break: cut by width */
					brk[j] = (size_t)((double)m * j / k);
			/* k balanced lines that must split a word: one line more
			 * when that keeps every word whole (issue 11, item 4) */
			if (splits_word(brk, k, inword)) {
				size_t *b2 = arena_alloc(a, (size_t)(k + 2) * sizeof *b2);
				b2[0] = 0;
				b2[k + 1] = m;
				if (balance(a, &sg, k + 1, b2) && !splits_word(b2, k + 1, inword)) {
					brk = b2;
					k++;
				}
			}
		}
		for (int j = 0; j < k; j++)
			push_line(a, cps + s, brk[j], brk[j + 1], &lines, &nl, &cap);
	}
	*out = lines;
	return nl;
}
