/* layout_head.c — the 版头 fields of a doc into the top of page 1 (see
 * layout_head.h). */
#include "layout_head.h"

#include <string.h>

#include "utf8.h"

#define SEP_W (0.35 * MM * 1.5)

/* The 版头 must leave room for the title and text on page 1 (issue 14):
 * the mark's ink ends in the upper half of the 版心 and the separator in
 * its upper two thirds; type is never smaller than the body's 3号. */
#define MARK_MIN_SIZE SIZE_3HAO
#define MARK_LIMIT_Y  (BOX_Y + BOX_H / 2)
#define SEP_LIMIT_Y   (BOX_Y + BOX_H * 2 / 3)

/* The red mark; returns the y of its ink bottom. */
static double
place_mark(struct lay *L, double ink_top_y)
{
	const char **names = L->d->organs.v;
	srcpos pos = L->d->organs.pos;
	size_t nn = L->d->organs.n;
	double it, ib;

	if (nn == 0)
		return ink_top_y;
	if (nn == 1) {
		const char *t = names[0];
		double size = 42.0, hs = 1.0;   /* 初号 (P10) */
		double w = ts_measure(&L->ts, t, ROLE_XIAOBIAOSONG, size, 0);
		if (w > BOX_W) {
			hs = BOX_W / w;
			if (hs < 0.75) {             /* too narrow: smaller type instead */
				size = size * hs / 0.75;
				hs = 0.75;
			}
			if (size < MARK_MIN_SIZE) {   /* a floor: never a hairline mark */
				diag_error(pos, "the 发文机关标志 (%zu characters) is too long for one "
				    "line: even at %g pt it would be %.0f mm wide, the 版心 156 mm; "
				    "use the organ's short name (简称)", utf8_count(t, strlen(t)), MARK_MIN_SIZE,
				    w / 42.0 * MARK_MIN_SIZE * 0.75 / MM);
				L->failed = true;
				return ink_top_y;
			}
			w = ts_measure(&L->ts, t, ROLE_XIAOBIAOSONG, size, 0) * hs;
		}
		ts_ink(&L->ts, t, ROLE_XIAOBIAOSONG, &it, &ib);
		double base = ink_top_y + it * size;
		ts_put(&L->ts, pg_page(L->P), t, ROLE_XIAOBIAOSONG, size, BOX_X + (BOX_W - w) / 2,
		    base, DL_RED, hs, "mark", pos, 0);
		return base - ib * size;
	}
	/* 联合行文 (R7.2.4f): names stacked, 文件 at their right, centred on
	 * them.  Many organs: smaller type, then two or three names a row
	 * (in issuing order, left to right, top to bottom), so that the mark
	 * ends in the upper half of the 版心 (issue 14: 17 organs put the
	 * separator under the page) */
	const char *suffix = L->fmt == DOC_FMT_LETTER ? NULL :
	    L->fmt == DOC_FMT_MINUTES ? "纪要" : "文件";
	double size = 30.0, gap, sw, colgap;
	double maxw = lay_widest(L, names, nn, ROLE_XIAOBIAOSONG, size);
	gap = 0.5 * size;
	colgap = size;
	sw = suffix ? ts_measure(&L->ts, suffix, ROLE_XIAOBIAOSONG, size, 0) : 0;
	ts_ink(&L->ts, names[0], ROLE_XIAOBIAOSONG, &it, &ib);
	size_t cols = 0;
	double k = 1.0;
	for (size_t c = 1; c <= 3 && c <= nn; c++) {
		size_t rows = (nn + c - 1) / c;
		double total = (double)c * maxw + (double)(c - 1) * colgap + (suffix ? gap + sw : 0);
		double kk = total > BOX_W ? BOX_W / total : 1.0;
		double h_em = (double)(rows - 1) * 1.3 + (it - ib);   /* ink height, em */
		if (h_em * size * kk > MARK_LIMIT_Y - ink_top_y)
			kk = (MARK_LIMIT_Y - ink_top_y) / (h_em * size);
		if (size * kk >= MARK_MIN_SIZE - 1e-9) {
			cols = c;
			k = kk;
			break;
		}
	}
	if (cols == 0) {
		diag_error(pos, "%zu organs in the 发文机关标志 do not fit the 版头, even three a "
		    "row at %g pt; give the lead organ only, or the organs' short names (简称)",
		    nn, MARK_MIN_SIZE);
		L->failed = true;
		return ink_top_y;
	}
	if (k != 1.0) {
		size *= k;
		maxw *= k; gap *= k; sw *= k; colgap *= k;
	}
	double total = (double)cols * maxw + (double)(cols - 1) * colgap + (suffix ? gap + sw : 0);
	double x0 = BOX_X + (BOX_W - total) / 2;
	double pitch = size * 1.3;
	double base0 = ink_top_y + it * size, last_base = base0;
	for (size_t i = 0; i < nn; i++) {
		/* spread each name over the width of the longest (分散对齐) */
		ts_char *pc;
		size_t n;
		double *xs;
		double b = base0 + (double)(i / cols) * pitch;
		double cx = x0 + (double)(i % cols) * (maxw + colgap);
		double w = ts_line(&L->ts, names[i], ROLE_XIAOBIAOSONG, size, pos, 0, 1.0, &pc, &n, &xs);
		double extra = n > 1 ? (maxw - w) / (double)(n - 1) : 0;
		for (size_t q = 0; q < n; q++)
			xs[q] += cx + extra * (double)q + (n == 1 ? (maxw - w) / 2 : 0);
		ts_emit(&L->ts, pg_page(L->P), NULL, pc, xs, n, b, DL_RED, 1.0, "mark");
		last_base = b;
	}
	double block_top = ink_top_y, block_bot = last_base - ib * size;
	if (suffix) {
		double st, sb;
		ts_ink(&L->ts, suffix, ROLE_XIAOBIAOSONG, &st, &sb);
		double mid = (block_top + block_bot) / 2;
		double sbase = mid + (st + sb) / 2 * size;
		ts_put(&L->ts, pg_page(L->P), suffix, ROLE_XIAOBIAOSONG, size,
		    x0 + (double)cols * maxw + (double)(cols - 1) * colgap + gap, sbase,
		    DL_RED, 1.0, "mark", pos, 0);
	}
	return block_bot;
}

/* 份号, 密级和保密期限, 紧急程度 stacked top-left (R7.2.1-3); returns how
 * many lines they took. */
static int
place_corner(struct lay *L, double first_em_top, double gap_lines)
{
	const doc_text *el[] = { &L->d->copy_no, &L->d->secrecy, &L->d->urgency };
	int k = 0;

	for (int i = 0; i < 3; i++) {
		srcpos pos = el[i]->pos;
		const char *v = el[i]->s;
		static const char *const what[] = { "份号", "密级和保密期限", "紧急程度" };
		if (v == NULL || lay_too_wide(L, ts_measure(&L->ts, v, ROLE_HEITI, SIZE_3HAO, 0),
		    L->fmt == DOC_FMT_LETTER ? BOX_W / 2 : BOX_W, pos, what[i]))
			continue;
		double y = first_em_top + 0.88 * SIZE_3HAO + (k * gap_lines) * LINE_PITCH;
		ts_put(&L->ts, pg_page(L->P), v, ROLE_HEITI, SIZE_3HAO, BOX_X, y, DL_BLACK, 1.0,
		    "corner", pos, 0);
		k++;
	}
	return k;
}

/* 发文字号 and 签发人 under the mark; returns the ink bottom of the line. */
static double
place_docno(struct lay *L, double em_top)
{
	srcpos pos = L->d->doc_no.pos;
	const char *no = L->d->doc_no.s;
	const char **names = L->d->signers.v;
	srcpos spos = L->d->signers.pos;
	size_t nn = L->d->signers.n;
	double base = em_top + 0.88 * SIZE_3HAO, it, ib;

	if (nn > 0) {
		/* R7.2.6: "签发人：" 仿宋 + names 楷体, two per line, 1 char in
		 * from the right; 发文字号 1 char in from the left on the line of
		 * the last names */
		double lw = ts_measure(&L->ts, "签发人：", ROLE_FANGSONG, SIZE_3HAO, 0);
		double nw = lay_widest(L, names, nn, ROLE_KAITI, SIZE_3HAO);
		double gap = SIZE_3HAO;
		size_t per = nn > 1 ? 2 : 1;
		double linew = lw + nw * (double)per + gap * (double)(per - 1);
		double x0 = BOX_R - SIZE_3HAO - linew;
		/* the 发文字号 left of them with a character between (issue 14:
		 * never drawn off the page) */
		double dw = no ? ts_measure(&L->ts, no, ROLE_FANGSONG, SIZE_3HAO, 0) : 0;
		if (lay_too_wide(L, linew, BOX_W - 2 * SIZE_3HAO, spos, "签发人 line"))
			return em_top;
		if (x0 < BOX_X + SIZE_3HAO + (no ? dw + SIZE_3HAO : 0) - 0.01) {
			if (no)
				diag_error(pos, "the 发文字号 (%.0f mm) and the 签发人 (%.0f mm) do not "
				    "fit on one line of the 版心 (156 mm, a character in from each side and one "
				    "between): shorten the 发文字号 "
				    "(机关代字〔年份〕序号) or the names", dw / MM, linew / MM);
			else
				diag_error(spos, "the 签发人 line is %.0f mm wide, the 版心 156 mm: "
				    "shorten the names", linew / MM);
			L->failed = true;
			return em_top;
		}
		/* 2 names a line: the lines must leave the separator in the
		 * upper two thirds of the 版心 (page 1 keeps room for the text) */
		double last = base + (double)((nn - 1) / 2) * LINE_PITCH;
		if (last + 4 * MM > SEP_LIMIT_Y) {
			diag_error(spos, "%zu 签发人 take %zu lines and push the 版头 below two "
			    "thirds of the 版心; give the lead organ's 签发人 only, or fewer", nn,
			    (nn + 1) / 2);
			L->failed = true;
			return em_top;
		}
		ts_put(&L->ts, pg_page(L->P), "签发人：", ROLE_FANGSONG, SIZE_3HAO, x0, base, DL_BLACK,
		    1.0, "signer", spos, 0);
		for (size_t i = 0; i < nn; i++) {
			double y = base + (double)(i / 2) * LINE_PITCH;
			double x = x0 + lw + (double)(i % 2) * (nw + gap);
			ts_put(&L->ts, pg_page(L->P), names[i], ROLE_KAITI, SIZE_3HAO, x, y, DL_BLACK,
			    1.0, "signer", spos, 0);
		}
		base += (double)((nn - 1) / 2) * LINE_PITCH;
		if (no)
			ts_put(&L->ts, pg_page(L->P), no, ROLE_FANGSONG, SIZE_3HAO, BOX_X + SIZE_3HAO,
			    base, DL_BLACK, 1.0, "docno", pos, 0);
	} else if (no) {
		double w = ts_measure(&L->ts, no, ROLE_FANGSONG, SIZE_3HAO, 0);
		if (w > BOX_W + 0.01) {
			diag_error(pos, "the 发文字号 is %.0f mm wide, longer than a line of the 版心 "
			    "(156 mm); it is one short line: 机关代字〔年份〕序号", w / MM);
			L->failed = true;
			return em_top;
		}
		double x = L->fmt == DOC_FMT_LETTER ? BOX_R - w : BOX_X + (BOX_W - w) / 2;
		ts_put(&L->ts, pg_page(L->P), no, ROLE_FANGSONG, SIZE_3HAO, x, base, DL_BLACK,
		    1.0, "docno", pos, 0);
	} else {
		return em_top - 2 * LINE_PITCH;   /* nothing here */
	}
	ts_ink(&L->ts, no ? no : "签发人", ROLE_FANGSONG, &it, &ib);
	return base - ib * SIZE_3HAO;
}

static void
place_header_file(struct lay *L)
{
	double mark_top = BOX_Y + (L->fmt == DOC_FMT_ORDER ? 20.0 : 35.0) * MM;  /* R7.2.4c, R10.2 */
	place_corner(L, BOX_Y, 1);
	double mb = place_mark(L, mark_top);
	double db = place_docno(L, mb + 2 * LINE_PITCH);     /* R7.2.5a: 2 blank lines */
	if (L->fmt == DOC_FMT_ORDER) {
		/* 命令: no separator; the body 2 blank lines under the 令号 */
		pg_grid_from(L->P, db + 2 * LINE_PITCH, L->d->title.s ? SIZE_2HAO : SIZE_3HAO);
		return;
	}
	double sy = db + 4 * MM + SEP_W / 2;                  /* R7.2.7: 4 mm */
	pg_rule(L->P, BOX_X, sy, BOX_R, sy, SEP_W, DL_RED, "separator");
	pg_grid_from(L->P, sy + SEP_W / 2 + 2 * LINE_PITCH, SIZE_2HAO);  /* R7.3.1 */
}

static void
place_header_letter(struct lay *L)
{
	/* R10.1: mark 30 mm from the paper top; double lines 170 mm, 4 mm under
	 * the mark (thick over thin) and 20 mm over the paper bottom (thin over
	 * thick) */
	double mb = place_mark(L, 30 * MM);
	double thick = 0.8 * MM, thin = 0.25 * MM, gap = 0.6 * MM;
	double x1 = BOX_X + BOX_W / 2 - 85 * MM, x2 = x1 + 170 * MM;
	double y1 = mb + 4 * MM + thick / 2;
	double y2 = y1 + thick / 2 + gap + thin / 2;
	pg_rule(L->P, x1, y1, x2, y1, thick, DL_RED, "letter-top");
	pg_rule(L->P, x1, y2, x2, y2, thin, DL_RED, "letter-top");
	double yb2 = PAGE_H - 20 * MM;
	double yb1 = yb2 - thick / 2 - gap - thin / 2;
	pg_rule(L->P, x1, yb1, x2, yb1, thin, DL_RED, "letter-bottom");
	pg_rule(L->P, x1, yb2, x2, yb2, thick, DL_RED, "letter-bottom");
	/* 份号 etc. flush left, 发文字号 flush right, 7/8 of a 3号 character
	 * under the double line (R10.1c) */
	double em_top = y2 + thin / 2 + 4.94 * MM;
	int k = place_corner(L, em_top, 1);
	double db = em_top;
	srcpos pos = L->d->doc_no.pos;
	const char *no = L->d->doc_no.s;
	if (no) {
		double w = ts_measure(&L->ts, no, ROLE_FANGSONG, SIZE_3HAO, 0);
		if (w > BOX_W / 2) {   /* 份号 etc. sit flush left on its line */
			diag_error(pos, "the 发文字号 is %.0f mm wide; in a 信函 it takes the right "
			    "half of the line (78 mm): 机关代字〔年份〕序号", w / MM);
			L->failed = true;
			return;
		}
		ts_put(&L->ts, pg_page(L->P), no, ROLE_FANGSONG, SIZE_3HAO, BOX_R - w,
		    em_top + 0.88 * SIZE_3HAO, DL_BLACK, 1.0, "docno", pos, 0);
	}
	if (k > 0 || no)
		db = em_top + (k > 1 ? k - 1 : 0) * LINE_PITCH + SIZE_3HAO;
	pg_grid_from(L->P, db + 2 * LINE_PITCH, SIZE_2HAO);
}

void
lay_head(struct lay *L)
{
	if (L->fmt == DOC_FMT_LETTER)
		place_header_letter(L);
	else if (L->d->organs.pos.file != NULL)     /* the key is there */
		place_header_file(L);
	else
		place_corner(L, BOX_Y, 1);
}
