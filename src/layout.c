/* layout.c — the doc model on the GB/T 9704 grid.
 *
 * Every line of text sits on one of the 22 grid lines of a page; body lines
 * come from linebreak.c and are placed cell by cell; runs of one face become
 * dl_text items.  Element placement follows spec/gbt9704.md (rule ids in
 * comments). */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linebreak.h"
#include "page.h"
#include "table.h"
#include "title.h"
#include "utf8.h"

double
layout_baseline(int line, double size)
{
	return BOX_Y + (line + 0.5) * LINE_PITCH + 0.38 * size;
}

struct lay {
	arena *a;
	const gw_doc *d;
	font_set *fs;
	dl_doc *dl;
	pg_engine *P;    /* pages, the position, the grid */
	int fmt;         /* FMT_* */
	bool failed;
	const char *zhusong;     /* 主送 moved to the 版记 (R7.3.2) */
	srcpos zhusong_pos;
};

#define MAX_PAGES 5000   /* a 公文 of more is a mistake (a runaway loop in the data) */

enum { FMT_FILE = DOC_FILE, FMT_LETTER = DOC_LETTER, FMT_ORDER = DOC_ORDER,
       FMT_MINUTES = DOC_MINUTES };

static double
lbase(const struct lay *L, int line, double size)
{
	return pg_baseline(L->P, line, size);
}

static double
ltop(const struct lay *L, int line)
{
	return pg_line_top(L->P, line);
}

/* ---- characters and fonts ---------------------------------------------- */

/* One character to place: code point, face, size, style, origin. */
struct pc {
	uint32_t cp;
	int face;
	double size;
	bool bold;
	srcpos pos;
};

static const char *
cp_name(arena *a, uint32_t cp)
{
	char enc[5] = {0};
	utf8_encode(cp, enc);
	return arena_printf(a, "'%s' (U+%04X)", enc, (unsigned)cp);
}

/* Resolve the face for cp in a role; report a character no font has. */
static int
face_for(struct lay *L, font_role role, uint32_t cp, srcpos pos)
{
	int f = fonts_face_for(L->fs, role, cp);
	if (f < 0) {
		diag_error(pos, "no installed font has the character %s; install a font "
		    "that has it (e.g. fonts-babelstone-han) or point --font at one",
		    cp_name(L->a, cp));
		L->failed = true;
	}
	return f;
}

/* Decode a string into placed characters of one role and size. */
static size_t
decode_run(struct lay *L, const char *s, size_t n, font_role role, double size,
           bool bold, srcpos pos, struct pc **v, size_t *nv, size_t *cap)
{
	size_t i = 0, k = 0;
	uint32_t cp;
	int col = pos.col;

	while (i < n) {
		i += utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == '\n') {
			pos.line++;
			col = 1;
			continue;
		}
		if (cp == UTF8_BAD || utf8_is_zero_width(cp))
			continue;
		if (utf8_is_odd_space(cp) || cp == '\t')
			cp = ' ';
		struct pc *p = ARENA_PUSH(L->a, *v, *nv, *cap);
		p->cp = cp;
		p->size = size;
		p->bold = bold;
		p->pos = pos;
		p->pos.col = col++;
		p->face = cp == ' ' ? fonts_face_for(L->fs, role, cp) : face_for(L, role, cp, p->pos);
		if (p->face < 0 && cp == ' ')
			p->face = fonts_face_for(L->fs, role, 'a');
		k++;
	}
	return k;
}

static double
advance(struct lay *L, const struct pc *p)
{
	if (p->face < 0)
		return p->size;
	return fonts_advance(L->fs, p->face, p->cp) * p->size;
}

/* Emit characters pc[0..n) with absolute x positions xs on baseline y as
 * dl_text runs (one per face/size/bold): on page pg, or on the current line
 * of block blk (which sets y when it is placed). */
static void
emit(struct lay *L, dl_page *pg, pg_block *blk, const struct pc *pc, const double *xs,
     size_t n, double y, dl_color color, double hscale, const char *role)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		while (j < n && pc[j].face == pc[i].face && pc[j].size == pc[i].size &&
		    pc[j].bold == pc[i].bold)
			j++;
		/* drop spaces at the run edges */
		size_t s = i, e = j;
		while (s < e && pc[s].cp == ' ')
			s++;
		while (e > s && pc[e - 1].cp == ' ')
			e--;
		if (e > s && pc[s].face >= 0) {
			dl_text *t = blk ? pg_block_text(blk) : pg_text_on(L->P, pg);
			uint32_t *cps = arena_alloc(L->a, (e - s) * sizeof *cps);
			double *x = arena_alloc(L->a, (e - s) * sizeof *x);
			size_t m = 0;
			for (size_t k = s; k < e; k++) {
				if (pc[k].cp == ' ')
					continue;   /* spaces are positions, not glyphs */
				cps[m] = pc[k].cp;
				x[m] = xs[k];
				m++;
			}
			t->face = pc[s].face;
			t->size = pc[s].size;
			t->bold = pc[s].bold;
			t->y = y;
			t->color = color;
			t->hscale = hscale;
			t->role = role;
			t->n = m;
			t->cps = cps;
			t->xs = x;
		}
		i = j;
	}
}

/* ---- paragraphs ---------------------------------------------------------- */

static font_role
heading_role(int level)
{
	switch (level) {
	case 1: return ROLE_HEITI;       /* R7.3.3d */
	case 2: return ROLE_KAITI;
	default: return ROLE_FANGSONG;
	}
}

static const char *
heading_name(int level)
{
	static const char *const n[] = { "body", "h1", "h2", "h3", "h4" };
	return n[level >= 1 && level <= 4 ? level : 0];
}

/* Lay a paragraph (chars already decoded) on successive grid lines. */
static void
place_para(struct lay *L, struct pc *pc, size_t n, double indent_first,
           double indent_rest, const char *role, bool keep_with_next)
{
	lb_char *c;
	lb_line *lines;
	size_t nl;
	lb_opts o = { BOX_W, CHAR_PITCH, indent_first, indent_rest, false };

	if (n == 0)
		return;
	c = arena_alloc(L->a, n * sizeof *c);
	for (size_t i = 0; i < n; i++) {
		c[i].cp = pc[i].cp;
		c[i].adv = advance(L, &pc[i]);
		c[i].flags = 0;
	}
	/* forced breaks are marked by the caller through pos.path == "break" */
	for (size_t i = 0; i < n; i++)
		if (pc[i].pos.path != NULL && strcmp(pc[i].pos.path, "break") == 0)
			c[i].flags |= LB_FORCE_BREAK;
	nl = lb_break(L->a, c, n, &o, &lines);
	pg_block *blk = pg_block_new(L->P);
	for (size_t k = 0; k < nl; k++) {
		size_t s = lines[k].start, e = lines[k].end;
		double *xs = arena_alloc(L->a, (e - s + 1) * sizeof *xs);
		for (size_t i = s; i < e; i++)
			xs[i - s] = BOX_X + c[i].x;
		pg_block_line(blk);
		emit(L, NULL, blk, pc + s, xs, e - s, 0, DL_BLACK, 1.0, role);
	}
	pg_place(L->P, blk, PG_BODY | (keep_with_next ? PG_KEEP_WITH_NEXT : 0));
}

static void place_table(struct lay *L, tbl *t, const char *label, const char *title,
                        srcpos tpos);

static void
layout_block(struct lay *L, const doc_block *b, bool has_next)
{
	struct pc *pc = NULL;
	size_t n = 0, cap = 0;
	font_role body = ROLE_FANGSONG;
	const char *role = "body";

	if (b->kind == B_PAGEBREAK) {
		pg_end_page(L->P);   /* next text starts a page */
		return;
	}
	if (b->kind == B_TABLE) {
		place_table(L, b->table, NULL, NULL, b->pos);
		return;
	}
	if (b->kind == B_HEADING)
		role = heading_name(b->level);
	if (b->number) {
		font_role r = b->kind == B_HEADING ? heading_role(b->level) : body;
		decode_run(L, b->number, strlen(b->number), r, SIZE_3HAO, false,
		    b->pos, &pc, &n, &cap);
	}
	for (size_t i = 0; i < b->nspans; i++) {
		const doc_span *s = &b->spans[i];
		font_role r = body;
		if (b->kind == B_HEADING && (s->style & SP_HEAD))
			r = heading_role(b->level);
		size_t first = n;
		decode_run(L, s->text, s->len, r, SIZE_3HAO, (s->style & SP_STRONG) != 0,
		    s->pos, &pc, &n, &cap);
		if ((s->style & SP_BREAK) && first < n)
			pc[first].pos.path = "break";
	}
	place_para(L, pc, n, 2 * CHAR_PITCH, 0, role,
	    b->kind == B_HEADING && !b->runin && has_next);
}

/* Centre one line of text of a role and size on a grid line. */
static void
place_centred(struct lay *L, const char *text, font_role role, double size,
              srcpos pos, dl_color color, const char *rolename)
{
	struct pc *pc = NULL;
	size_t n = 0, cap = 0;
	double w = 0;

	decode_run(L, text, strlen(text), role, size, false, pos, &pc, &n, &cap);
	if (n == 0)
		return;
	double *xs = arena_alloc(L->a, n * sizeof *xs);
	for (size_t i = 0; i < n; i++) {
		xs[i] = w;
		w += utf8_is_wide(pc[i].cp) ? size : advance(L, &pc[i]);
	}
	double x0 = BOX_X + (BOX_W - w) / 2;
	for (size_t i = 0; i < n; i++)
		xs[i] += x0;
	pg_need_line(L->P);
	emit(L, pg_page(L->P), NULL, pc, xs, n, lbase(L, pg_line(L->P), size), color, 1.0, rolename);
	pg_skip(L->P, 1);
}

/* ---- page numbers (R7.5) ------------------------------------------------- */

static void
page_number(struct lay *L, dl_page *p, int num)
{
	char buf[32];
	struct pc *pc = NULL;
	size_t n = 0, cap = 0;
	double size = SIZE_4HAO, w = 0;
	srcpos none = { L->d->file, 0, 0, NULL };

	snprintf(buf, sizeof buf, "\xe2\x80\x94 %d \xe2\x80\x94", num);  /* — N — */
	decode_run(L, buf, strlen(buf), ROLE_SONGTI, size, false, none, &pc, &n, &cap);
	if (n == 0 || pc[0].face < 0)
		return;
	double *xs = arena_alloc(L->a, n * sizeof *xs);
	for (size_t i = 0; i < n; i++) {
		xs[i] = w;
		w += advance(L, &pc[i]);
	}
	/* odd pages: right, 1 char in; even pages: left, 1 char in (R7.5d) */
	double x0 = (num % 2) ? BOX_X + BOX_W - size - w : BOX_X + size;
	for (size_t i = 0; i < n; i++)
		xs[i] += x0;
	/* the dash's ink centre 7 mm under the 版心 (R7.5c) */
	double ix0, iy0, ix1, iy1, mid = 0.25;
	if (fonts_ink(L->fs, pc[0].face, 0x2014, &ix0, &iy0, &ix1, &iy1))
		mid = (iy0 + iy1) / 2;
	double y = BOX_Y + BOX_H + 7 * MM + mid * size;
	emit(L, p, NULL, pc, xs, n, y, DL_BLACK, 1.0, "pageno");
	p->number = num;
}

/* ---- free-standing text (版头, 署名, 版记) ------------------------------ */

/* Decode s and compute glyph x positions from x0; wide characters advance
 * `cell` when cell > 0, else their natural advance.  Returns the width. */
static double
lay_out_line(struct lay *L, const char *s, font_role role, double size, srcpos pos,
             double cell, double hscale, struct pc **pcp, size_t *np, double **xsp)
{
	struct pc *pc = NULL;
	size_t n = 0, cap = 0;
	double w = 0;

	decode_run(L, s, strlen(s), role, size, false, pos, &pc, &n, &cap);
	double *xs = arena_alloc(L->a, (n ? n : 1) * sizeof *xs);
	for (size_t i = 0; i < n; i++) {
		xs[i] = w;
		double adv = cell > 0 && utf8_is_wide(pc[i].cp) ? cell : advance(L, &pc[i]);
		w += adv * hscale;
	}
	*pcp = pc;
	*np = n;
	*xsp = xs;
	return w;
}

static double
measure(struct lay *L, const char *s, font_role role, double size, double cell)
{
	struct pc *pc;
	size_t n;
	double *xs;
	return lay_out_line(L, s, role, size, NOPOS, cell, 1.0, &pc, &n, &xs);
}

/* Put one line of text with its left edge at x on baseline y. */
static double
put_text(struct lay *L, dl_page *pg, const char *s, font_role role, double size,
         double x, double y, dl_color color, double hscale, const char *rolename,
         srcpos pos, double cell)
{
	struct pc *pc;
	size_t n;
	double *xs;
	double w = lay_out_line(L, s, role, size, pos, cell, hscale, &pc, &n, &xs);

	for (size_t i = 0; i < n; i++)
		xs[i] += x;
	emit(L, pg, NULL, pc, xs, n, y, color, hscale, rolename);
	return w;
}

/* Ink extent of a string: highest ink top and lowest ink bottom, in em
 * (y up from the baseline). */
static void
ink_extent(struct lay *L, const char *s, font_role role, double *top, double *bottom)
{
	size_t i = 0, n = strlen(s);
	uint32_t cp;
	double t = -1e9, b = 1e9;

	while (i < n) {
		i += utf8_decode((const unsigned char *)s + i, n - i, &cp);
		int f = fonts_face_for(L->fs, role, cp);
		double x0, y0, x1, y1;
		if (f >= 0 && fonts_ink(L->fs, f, cp, &x0, &y0, &x1, &y1)) {
			if (y1 > t) t = y1;
			if (y0 < b) b = y0;
		}
	}
	if (t < -1e8) { t = 0.8; b = -0.1; }
	*top = t;
	*bottom = b;
}

static const char *
fr(struct lay *L, const char *key, srcpos *pos)
{
	return doc_front(L->d, key, pos);
}

/* ---- 版头 (R7.2) --------------------------------------------------------- */

#define BOX_R (BOX_X + BOX_W)
#define SEP_W (0.35 * MM * 1.5)

/* The red mark; returns the y of its ink bottom. */
static double
place_mark(struct lay *L, double ink_top_y)
{
	const char **names;
	srcpos pos = L->d->front->pos;
	size_t nn = doc_front_list(L->d, "发文机关标志", &names, &pos, L->a);
	double it, ib;

	if (nn == 0)
		return ink_top_y;
	if (nn == 1) {
		const char *t = names[0];
		double size = 42.0, hs = 1.0;   /* 初号 (P10) */
		double w = measure(L, t, ROLE_XIAOBIAOSONG, size, 0);
		if (w > BOX_W) {
			hs = BOX_W / w;
			if (hs < 0.75) {             /* too narrow: smaller type instead */
				size = size * hs / 0.75;
				hs = 0.75;
			}
			w = measure(L, t, ROLE_XIAOBIAOSONG, size, 0) * hs;
		}
		ink_extent(L, t, ROLE_XIAOBIAOSONG, &it, &ib);
		double base = ink_top_y + it * size;
		put_text(L, pg_page(L->P), t, ROLE_XIAOBIAOSONG, size, BOX_X + (BOX_W - w) / 2,
		    base, DL_RED, hs, "mark", pos, 0);
		return base - ib * size;
	}
	/* 联合行文 (R7.2.4f): names stacked, 文件 at their right, centred on them */
	const char *suffix = L->fmt == FMT_LETTER ? NULL :
	    L->fmt == FMT_MINUTES ? "纪要" : "文件";
	double size = 30.0, maxw = 0, gap, sw;
	for (size_t i = 0; i < nn; i++) {
		double w = measure(L, names[i], ROLE_XIAOBIAOSONG, size, 0);
		if (w > maxw)
			maxw = w;
	}
	gap = 0.5 * size;
	sw = suffix ? measure(L, suffix, ROLE_XIAOBIAOSONG, size, 0) : 0;
	double total = maxw + (suffix ? gap + sw : 0);
	if (total > BOX_W) {
		double k = BOX_W / total;
		size *= k;
		maxw *= k; gap *= k; sw *= k; total = BOX_W;
	}
	double x0 = BOX_X + (BOX_W - total) / 2;
	double pitch = size * 1.3;
	ink_extent(L, names[0], ROLE_XIAOBIAOSONG, &it, &ib);
	double base0 = ink_top_y + it * size, last_base = base0;
	for (size_t i = 0; i < nn; i++) {
		/* spread each name over the width of the longest (分散对齐) */
		struct pc *pc;
		size_t n;
		double *xs;
		double b = base0 + (double)i * pitch;
		double w = lay_out_line(L, names[i], ROLE_XIAOBIAOSONG, size, pos, 0, 1.0, &pc, &n, &xs);
		double extra = n > 1 ? (maxw - w) / (double)(n - 1) : 0;
		for (size_t k = 0; k < n; k++)
			xs[k] += x0 + extra * (double)k + (n == 1 ? (maxw - w) / 2 : 0);
		emit(L, pg_page(L->P), NULL, pc, xs, n, b, DL_RED, 1.0, "mark");
		last_base = b;
	}
	double block_top = ink_top_y, block_bot = last_base - ib * size;
	if (suffix) {
		double st, sb;
		ink_extent(L, suffix, ROLE_XIAOBIAOSONG, &st, &sb);
		double mid = (block_top + block_bot) / 2;
		double sbase = mid + (st + sb) / 2 * size;
		put_text(L, pg_page(L->P), suffix, ROLE_XIAOBIAOSONG, size, x0 + maxw + gap, sbase,
		    DL_RED, 1.0, "mark", pos, 0);
	}
	return block_bot;
}

/* 份号, 密级和保密期限, 紧急程度 stacked top-left (R7.2.1-3); returns how
 * many lines they took. */
static int
place_corner(struct lay *L, double first_em_top, double gap_lines)
{
	static const char *const keys[] = { "份号", "密级和保密期限", "紧急程度" };
	int k = 0;

	for (int i = 0; i < 3; i++) {
		srcpos pos;
		const char *v = fr(L, keys[i], &pos);
		if (v == NULL)
			continue;
		double y = first_em_top + 0.88 * SIZE_3HAO + (k * gap_lines) * LINE_PITCH;
		put_text(L, pg_page(L->P), v, ROLE_HEITI, SIZE_3HAO, BOX_X, y, DL_BLACK, 1.0,
		    "corner", pos, 0);
		k++;
	}
	return k;
}

/* 发文字号 and 签发人 under the mark; returns the ink bottom of the line. */
static double
place_docno(struct lay *L, double em_top)
{
	srcpos pos;
	const char *no = fr(L, "发文字号", &pos);
	const char **names;
	srcpos spos = pos;
	size_t nn = doc_front_list(L->d, "签发人", &names, &spos, L->a);
	double base = em_top + 0.88 * SIZE_3HAO, it, ib;

	if (nn > 0) {
		/* R7.2.6: "签发人：" 仿宋 + names 楷体, two per line, 1 char in
		 * from the right; 发文字号 1 char in from the left on the line of
		 * the last names */
		double lw = measure(L, "签发人：", ROLE_FANGSONG, SIZE_3HAO, 0);
		double nw = 0;
		for (size_t i = 0; i < nn; i++) {
			double w = measure(L, names[i], ROLE_KAITI, SIZE_3HAO, 0);
			if (w > nw)
				nw = w;
		}
		double gap = SIZE_3HAO;
		size_t per = nn > 1 ? 2 : 1;
		double linew = lw + nw * (double)per + gap * (double)(per - 1);
		double x0 = BOX_R - SIZE_3HAO - linew;
		put_text(L, pg_page(L->P), "签发人：", ROLE_FANGSONG, SIZE_3HAO, x0, base, DL_BLACK,
		    1.0, "signer", spos, 0);
		for (size_t i = 0; i < nn; i++) {
			double y = base + (double)(i / 2) * LINE_PITCH;
			double x = x0 + lw + (double)(i % 2) * (nw + gap);
			put_text(L, pg_page(L->P), names[i], ROLE_KAITI, SIZE_3HAO, x, y, DL_BLACK,
			    1.0, "signer", spos, 0);
		}
		base += (double)((nn - 1) / 2) * LINE_PITCH;
		if (no)
			put_text(L, pg_page(L->P), no, ROLE_FANGSONG, SIZE_3HAO, BOX_X + SIZE_3HAO,
			    base, DL_BLACK, 1.0, "docno", pos, 0);
	} else if (no) {
		double w = measure(L, no, ROLE_FANGSONG, SIZE_3HAO, 0);
		double x = L->fmt == FMT_LETTER ? BOX_R - w : BOX_X + (BOX_W - w) / 2;
		put_text(L, pg_page(L->P), no, ROLE_FANGSONG, SIZE_3HAO, x, base, DL_BLACK,
		    1.0, "docno", pos, 0);
	} else {
		return em_top - 2 * LINE_PITCH;   /* nothing here */
	}
	ink_extent(L, no ? no : "签发人", ROLE_FANGSONG, &it, &ib);
	return base - ib * SIZE_3HAO;
}

static void
place_header_file(struct lay *L)
{
	double mark_top = BOX_Y + (L->fmt == FMT_ORDER ? 20.0 : 35.0) * MM;  /* R7.2.4c, R10.2 */
	place_corner(L, BOX_Y, 1);
	double mb = place_mark(L, mark_top);
	double db = place_docno(L, mb + 2 * LINE_PITCH);     /* R7.2.5a: 2 blank lines */
	if (L->fmt == FMT_ORDER) {
		/* 命令: no separator; the body 2 blank lines under the 令号 */
		pg_grid_from(L->P, db + 2 * LINE_PITCH, L->d->title ? SIZE_2HAO : SIZE_3HAO);
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
	srcpos pos;
	const char *no = fr(L, "发文字号", &pos);
	if (no) {
		double w = measure(L, no, ROLE_FANGSONG, SIZE_3HAO, 0);
		put_text(L, pg_page(L->P), no, ROLE_FANGSONG, SIZE_3HAO, BOX_R - w,
		    em_top + 0.88 * SIZE_3HAO, DL_BLACK, 1.0, "docno", pos, 0);
	}
	if (k > 0 || no)
		db = em_top + (k > 1 ? k - 1 : 0) * LINE_PITCH + SIZE_3HAO;
	pg_grid_from(L->P, db + 2 * LINE_PITCH, SIZE_2HAO);
}

/* ---- title, 主送 (R7.3.1-2) ---------------------------------------------- */

static void
place_title_text(struct lay *L, const char *title, srcpos pos, const char *subtitle)
{
	const char **lines;
	size_t nl = title_split(L->a, title, (int)floor(BOX_W / SIZE_2HAO), &lines);

	for (size_t i = 0; i < nl; i++)
		place_centred(L, lines[i], ROLE_XIAOBIAOSONG, SIZE_2HAO, pos, DL_BLACK, "title");
	if (subtitle) {
		const char *s = arena_printf(L->a, "（%s）", subtitle);
		place_centred(L, s, ROLE_KAITI, SIZE_3HAO, pos, DL_BLACK, "subtitle");
	}
}

/* A paragraph from plain text with given indents (in characters). */
static void
place_plain(struct lay *L, const char *text, font_role role, srcpos pos,
            double ind_first, double ind_rest, const char *rolename)
{
	struct pc *pc = NULL;
	size_t n = 0, cap = 0;

	decode_run(L, text, strlen(text), role, SIZE_3HAO, false, pos, &pc, &n, &cap);
	place_para(L, pc, n, ind_first, ind_rest, rolename, false);
}

static void
place_addressee(struct lay *L)
{
	srcpos pos;
	const char *to = fr(L, "主送", &pos);
	if (to == NULL)
		return;
	size_t n = strlen(to);
	const char *colon = "：";
	if (n >= 3 && strcmp(to + n - 3, colon) == 0)
		colon = "";
	const char *text = arena_printf(L->a, "%s%s", to, colon);
	/* so many that page 1 would show no body text: to the 版记 (R7.3.2) */
	struct pc *pc = NULL;
	size_t np = 0, cap = 0;
	decode_run(L, text, strlen(text), ROLE_FANGSONG, SIZE_3HAO, false, pos, &pc, &np, &cap);
	lb_char *lc = arena_alloc(L->a, (np ? np : 1) * sizeof *lc);
	for (size_t i = 0; i < np; i++) {
		lc[i].cp = pc[i].cp;
		lc[i].adv = advance(L, &pc[i]);
	}
	lb_line *ll;
	lb_opts o = { BOX_W, CHAR_PITCH, 0, 0, false };
	size_t nl = lb_break(L->a, lc, np, &o, &ll);
	if (pg_line(L->P) + 1 + (int)nl >= pg_nlines(L->P)) {
		L->zhusong = to;
		L->zhusong_pos = pos;
		diag_note(pos, "主送 takes %zu lines and would leave page 1 without body text; "
		    "it goes to the 版记 (GB/T 9704 7.3.2)", nl);
		pg_skip(L->P, 1);
		return;
	}
	pg_skip(L->P, 1);                                   /* 1 blank line (R7.3.2) */
	place_para(L, pc, np, 0, 0, "addressee", false);
}

/* ---- tables (table.h) ---------------------------------------------------- */

/* A table is a client of the page engine: it asks for the room left, draws
 * its page parts in points, then the position snaps back to the grid.
 * A landscape table (横排, R8) is drawn turned 90° counter-clockwise on a
 * portrait page: its frame is the 版心 seen on the page turned to landscape
 * (225 × 156 mm), its text runs up the page and the page number stays where
 * it is on every page (the checker's R8; a landscape MediaBox would need a
 * turned page number). */
#define LAND_X (DL_A4_H - BOX_Y - BOX_H)   /* 版心 left on the turned page */
#define LAND_Y BOX_X                       /* 版心 top on the turned page */

struct tsink {
	struct lay *L;
	bool rot;
	double ox, oy;   /* frame origin: page (portrait) or turned page (landscape) */
};

static double
tbl_adv(void *ctx, int face, uint32_t cp, double size)
{
	struct lay *L = ctx;
	int f = fonts_face_for(L->fs, face == TF_HEAD ? ROLE_HEITI : ROLE_FANGSONG, cp);
	return f < 0 ? size : fonts_advance(L->fs, f, cp) * size;
}

static void
tsink_text(void *ctx, int face, double size, const uint32_t *cps, const double *xs,
           size_t n, double y, srcpos pos)
{
	struct tsink *S = ctx;
	struct lay *L = S->L;
	font_role role = face == TF_HEAD ? ROLE_HEITI : ROLE_FANGSONG;
	/* runs of one face straight into the display list (a 2,000-row table
	 * has a quarter of a million characters: no per-character records) */
	size_t i = 0;
	while (i < n) {
		while (i < n && cps[i] == ' ')
			i++;
		if (i == n)
			break;
		int f = face_for(L, role, cps[i], pos);
		size_t j = i + 1;
		while (j < n && (cps[j] == ' ' || fonts_face_for(L->fs, role, cps[j]) == f))
			j++;
		size_t e = j;
		while (e > i && cps[e - 1] == ' ')
			e--;
		size_t m = 0;
		for (size_t k = i; k < e; k++)
			m += cps[k] != ' ';
		if (f >= 0 && m > 0) {
			dl_text *t = pg_text(L->P);
			uint32_t *c = arena_alloc(L->a, m * sizeof *c);
			double *x = arena_alloc(L->a, m * sizeof *x);
			m = 0;
			for (size_t k = i; k < e; k++)
				if (cps[k] != ' ') {
					c[m] = cps[k];
					x[m++] = S->ox + xs[k];
				}
			t->face = f;
			t->size = size;
			t->y = S->oy + y;
			t->role = face == TF_HEAD ? "table-head" : "table";
			t->n = m;
			t->cps = c;
			t->xs = x;
			t->rot90 = S->rot;
		}
		i = j;
	}
}

static void
tsink_rule(void *ctx, double x1, double y1, double x2, double y2, double w)
{
	struct tsink *S = ctx;
	struct lay *L = S->L;
	x1 += S->ox; x2 += S->ox; y1 += S->oy; y2 += S->oy;
	if (S->rot)     /* turned page → the portrait page */
		pg_rule(L->P, y1, DL_A4_H - x1, y2, DL_A4_H - x2, w, DL_BLACK, "table");
	else
		pg_rule(L->P, x1, y1, x2, y2, w, DL_BLACK, "table");
}

/* One line of text on the turned page (the 附件 label, or its title
 * centred), for an attachment that opens with a landscape table. */
static void
land_line(struct tsink *S, const char *text, font_role role, double size,
          bool centre, double y, srcpos pos)
{
	struct lay *L = S->L;
	struct pc *pc;
	size_t n;
	double *xs;
	double w = lay_out_line(L, text, role, size, pos, size, 1.0, &pc, &n, &xs);
	double x0 = centre ? LAND_X + (BOX_H - w) / 2 : LAND_X;
	for (size_t i = 0; i < n; i++)
		xs[i] += x0;
	dl_page *pg = pg_page(L->P);
	size_t first = pg->ntexts;
	emit(L, pg, NULL, pc, xs, n, LAND_Y + y, DL_BLACK, 1.0, centre ? "title" : "attlabel");
	for (size_t i = first; i < pg->ntexts; i++)
		pg->texts[i].rot90 = true;
}

/* Place a table at the position; label/title: the 附件 label and title
 * when the table opens a landscape attachment page. */
static void
place_table(struct lay *L, tbl *t, const char *label, const char *title, srcpos tpos)
{
	struct tsink S = { L, t->landscape, 0, 0 };
	tbl_sink sk = { &S, tsink_text, tsink_rule };
	double fw = t->landscape ? BOX_H : BOX_W, fh = t->landscape ? BOX_W : BOX_H;

	if (!tbl_measure(L->a, t, fw, tbl_adv, L)) {
		L->failed = true;
		return;
	}
	double first_h, top;
	if (t->landscape) {
		dl_page *pg = pg_page(L->P);
		if (pg == NULL || pg_line(L->P) > 0 || pg->ntexts > 0)
			pg_new_page(L->P, NULL);
		S.ox = LAND_X;
		S.oy = LAND_Y;
		top = 0;
		if (label) {
			land_line(&S, label, ROLE_HEITI, SIZE_3HAO, false,
			    0.5 * LINE_PITCH + 0.38 * SIZE_3HAO, tpos);
			land_line(&S, title, ROLE_XIAOBIAOSONG, SIZE_2HAO, true,
			    2.5 * LINE_PITCH + 0.38 * SIZE_2HAO, tpos);
			top = 4 * LINE_PITCH;
		}
		first_h = fh - top;
	} else {
		pg_need_line(L->P);
		S.ox = BOX_X;
		S.oy = BOX_Y;
		top = pg_y(L->P) - BOX_Y;
		first_h = pg_room(L->P);
	}
	tbl_part *parts;
	size_t np = tbl_paginate(L->a, t, first_h, fh, &parts);
	double x0 = (fw - t->width) / 2, y = top;
	for (size_t i = 0; i < np; i++) {
		if (i > 0 || parts[i].new_page) {
			pg_new_page(L->P, NULL);
			y = 0;
		}
		tbl_draw(t, &parts[i], x0, y, &sk);
		y += parts[i].h;
	}
	if (t->landscape) {
		pg_end_page(L->P);      /* what follows starts a portrait page */
		return;
	}
	/* back on the 22-line grid, a quarter line at least under the
	 * table's bottom rule (two tables in a row do not touch) */
	pg_advance_to(L->P, BOX_Y + y + 0.25 * LINE_PITCH);
	pg_snap(L->P);
}

/* ---- body ---------------------------------------------------------------- */

static void
place_body(struct lay *L, const gw_doc *d)
{
	for (size_t i = 0; i < d->nblocks; i++)
		layout_block(L, &d->blocks[i], i + 1 < d->nblocks);
}

/* 附件说明 (R7.3.4): 1 blank line under the body, 2 characters in, names
 * numbered when there are several, wrapped names aligned (hanging). */
static void
place_att_note(struct lay *L, const gw_doc *d)
{
	if (d->natt == 0)
		return;
	pg_skip(L->P, 1);
	double lead = 2 * CHAR_PITCH + 3 * CHAR_PITCH;   /* "附件：" */
	for (size_t i = 0; i < d->natt; i++) {
		const char *num = d->natt > 1 ? arena_printf(L->a, "%zu.", i + 1) : "";
		const char *text = arena_printf(L->a, "%s%s%s", i == 0 ? "附件：" : "", num,
		    d->att[i].title);
		double numw = measure(L, num, ROLE_FANGSONG, SIZE_3HAO, 0);
		double first = i == 0 ? 2 * CHAR_PITCH : lead;
		place_plain(L, text, ROLE_FANGSONG, d->att[i].pos, first, lead + numw, "attnote");
	}
}

/* ---- 署名, 成文日期, 印章 (R7.3.5) --------------------------------------- */

static void
place_signature(struct lay *L, const gw_doc *d)
{
	const char **names;
	srcpos npos = d->front->pos, dpos = d->front->pos;
	size_t nn = doc_front_list(d, "署名", &names, &npos, L->a);
	const char *date = d->date.y ? date_cn(L->a, d->date) : NULL;
	double ch = SIZE_3HAO;

	if (date)
		doc_front(d, "成文日期", &dpos);
	if (nn == 0 && date == NULL)
		return;
	double dw = date ? measure(L, date, ROLE_FANGSONG, SIZE_3HAO, 0) : 0;

	if (L->fmt == FMT_ORDER && d->nseals > 0) {
		/* R7.3.5.3 签名章: 2 blank lines under the text; stamp 4 chars in
		 * from the right, title 2 chars left of it, centred on it; date 1
		 * blank line under the stamp, 4 chars in from the right */
		double sw = 30 * MM, sh = 15 * MM;
		int need = 2 + (int)ceil(sh / LINE_PITCH) + 2;
		pg_keep_with_text(L->P, need);
		pg_skip(L->P, 2);
		pg_need_line(L->P);
		double top = ltop(L, pg_line(L->P));
		double sx = BOX_R - 4 * ch - sw;
		dl_image *im = pg_image(L->P);
		im->path = d->seals[0]; im->x = sx; im->y = top; im->w = sw; im->h = sh;
		im->role = "signature-stamp";
		if (nn > 0) {
			double tw = measure(L, names[0], ROLE_FANGSONG, SIZE_3HAO, 0);
			put_text(L, pg_page(L->P), names[0], ROLE_FANGSONG, SIZE_3HAO, sx - 2 * ch - tw,
			    top + sh / 2 + 0.38 * SIZE_3HAO, DL_BLACK, 1.0, "signname", npos, 0);
		}
		pg_skip(L->P, (int)ceil(sh / LINE_PITCH) + 1);
		if (date) {
			pg_need_line(L->P);
			put_text(L, pg_page(L->P), date, ROLE_FANGSONG, SIZE_3HAO, BOX_R - 4 * ch - dw,
			    lbase(L, pg_line(L->P), SIZE_3HAO), DL_BLACK, 1.0, "date", dpos, 0);
			pg_skip(L->P, 1);
		}
		return;
	}
	if (d->nseals > 0 && date) {
		/* R7.3.5.1: date 4 chars from the right; 署名 centred on it; the
		 * seal centred on them, pressing both from above, its top within
		 * one line under the text.  Joint: one seal per 署名, side by
		 * side, the last one on the date. */
		double dia = 42 * MM;
		/* keep the seal, 署名 and date with body text (R7.3.5.5) */
		pg_keep_with_text(L->P, 4);
		int sline = pg_line(L->P) + 2, dline = pg_line(L->P) + 3;
		if (dline >= pg_nlines(L->P)) { sline = pg_line(L->P) + 1; dline = pg_line(L->P) + 2; }
		double top = ltop(L, pg_line(L->P)) + 0.1 * LINE_PITCH;
		double dx = BOX_R - 4 * ch - dw;
		size_t ns = d->nseals;
		/* seal centres, right to left: the last seal is centred on the
		 * date; each one further left by a seal and a gap, or by enough
		 * for the two 署名 not to touch */
		double *cx = arena_alloc(L->a, ns * sizeof *cx);
		cx[ns - 1] = dx + dw / 2;
		/* a 署名 longer than the space right of the date's centre: move
		 * 署名, date and seal left so that the 署名 stays in the 版心 */
		if (ns - 1 < nn) {
			double wl = measure(L, names[ns - 1], ROLE_FANGSONG, SIZE_3HAO, 0);
			if (cx[ns - 1] + wl / 2 > BOX_R) {
				cx[ns - 1] = BOX_R - wl / 2;
				dx = cx[ns - 1] - dw / 2;
			}
		}
		for (size_t k = ns - 1; k > 0; k--) {
			double wa = k - 1 < nn ? measure(L, names[k - 1], ROLE_FANGSONG, SIZE_3HAO, 0) : 0;
			double wb = k < nn ? measure(L, names[k], ROLE_FANGSONG, SIZE_3HAO, 0) : 0;
			double step = dia + 4 * MM;
			if ((wa + wb) / 2 + ch > step)
				step = (wa + wb) / 2 + ch;
			cx[k - 1] = cx[k] - step;
		}
		if (ns > 1 && cx[0] - dia / 2 < BOX_X)
			diag_warn(npos, "%zu seals do not fit side by side in the 版心; "
			    "shorten the 署名 or use fewer seals", ns);
		/* the seal on the date first: it is the one that must press the
		 * date (R7.3.5.1); drawing order does not change the page */
		for (size_t k = ns; k-- > 0;) {
			dl_image *im = pg_image(L->P);
			im->path = d->seals[k];
			im->x = cx[k] - dia / 2; im->y = top; im->w = dia; im->h = dia;
			im->role = "seal";
		}
		for (size_t k = 0; k < nn; k++) {
			double c = k < ns ? cx[k] : cx[ns - 1];
			double w = measure(L, names[k], ROLE_FANGSONG, SIZE_3HAO, 0);
			put_text(L, pg_page(L->P), names[k], ROLE_FANGSONG, SIZE_3HAO, c - w / 2,
			    lbase(L, sline, SIZE_3HAO), DL_BLACK, 1.0, "sign", npos, 0);
		}
		put_text(L, pg_page(L->P), date, ROLE_FANGSONG, SIZE_3HAO, dx,
		    lbase(L, dline, SIZE_3HAO), DL_BLACK, 1.0, "date", dpos, 0);
		pg_set_line(L->P, dline + 1);
		return;
	}
	/* R7.3.5.2 unsealed: 署名 1 blank line under the text, 2 chars in from
	 * the right; the date under it, starting 2 chars right of the 署名;
	 * a date longer than the 署名 goes 2 chars from the right.  Joint:
	 * the lead organ first, the others below. */
	int need = 1 + (int)nn + (date ? 1 : 0);
	pg_keep_with_text(L->P, need);
	pg_skip(L->P, 1);
	double nw = 0;
	for (size_t i = 0; i < nn; i++) {
		double w = measure(L, names[i], ROLE_FANGSONG, SIZE_3HAO, 0);
		if (w > nw)
			nw = w;
	}
	double sx = BOX_R - 2 * ch - nw, dxx = sx + 2 * ch;
	if (date && dw > nw) {
		dxx = BOX_R - 2 * ch - dw;
		sx = dxx - 2 * ch;
	}
	for (size_t i = 0; i < nn; i++) {
		pg_need_line(L->P);
		put_text(L, pg_page(L->P), names[i], ROLE_FANGSONG, SIZE_3HAO, sx,
		    lbase(L, pg_line(L->P), SIZE_3HAO), DL_BLACK, 1.0, "sign", npos, 0);
		pg_skip(L->P, 1);
	}
	if (date) {
		pg_need_line(L->P);
		put_text(L, pg_page(L->P), date, ROLE_FANGSONG, SIZE_3HAO, dxx,
		    lbase(L, pg_line(L->P), SIZE_3HAO), DL_BLACK, 1.0, "date", dpos, 0);
		pg_skip(L->P, 1);
	}
}

/* 附注 (R7.3.6): in parentheses, 2 chars in, on the line after the date. */
static void
place_note(struct lay *L, const gw_doc *d)
{
	srcpos pos;
	const char *v = doc_front(d, "附注", &pos);
	if (v == NULL)
		return;
	const char *t = strncmp(v, "（", 3) == 0 ? v : arena_printf(L->a, "（%s）", v);
	place_plain(L, t, ROLE_FANGSONG, pos, 2 * CHAR_PITCH, 0, "note");
}

/* 纪要 attendance (R10.3): 出席/请假/列席 in 黑体, 2 chars in, colon, names
 * in 仿宋 with wrapped lines aligned after the colon. */
static void
place_attendance(struct lay *L, const gw_doc *d)
{
	static const char *const keys[] = { "出席", "请假", "列席" };
	bool first = true;

	for (int i = 0; i < 3; i++) {
		const char **items;
		srcpos pos = d->front->pos;
		size_t n = doc_front_list(d, keys[i], &items, &pos, L->a);
		if (n == 0)
			continue;
		if (first)
			pg_skip(L->P, 1);
		first = false;
		abuf b;
		abuf_init(&b, L->a);
		for (size_t k = 0; k < n; k++) {
			if (k)
				abuf_puts(&b, "、");
			abuf_puts(&b, items[k]);
		}
		struct pc *pc = NULL;
		size_t np = 0, cap = 0;
		const char *lab = arena_printf(L->a, "%s：", keys[i]);
		decode_run(L, lab, strlen(lab), ROLE_HEITI, SIZE_3HAO, false, pos, &pc, &np, &cap);
		decode_run(L, abuf_cstr(&b), b.len, ROLE_FANGSONG, SIZE_3HAO, false, pos, &pc, &np, &cap);
		place_para(L, pc, np, 2 * CHAR_PITCH, 5 * CHAR_PITCH, "attendance", false);
	}
}

/* ---- 版记 (R7.4) ------------------------------------------------------- */

/* One 版记 entry ("抄送：" or a 主送 moved here, "主送："): 4号 characters, 1
 * char in on each side, wrapped lines aligned after the colon, a full stop
 * after the last name (R7.4.2).  Broken into lines once, placed later. */
struct bj_entry {
	struct pc *pc;
	lb_char *lc;
	size_t n;
	lb_line *lines;
	size_t nl;
};

static void
bj_break(struct lay *L, struct bj_entry *e, const char *label, const char *text, srcpos pos)
{
	double c = SIZE_4HAO;
	size_t l = strlen(text), cap = 0;
	bool stop = l >= 3 && strcmp(text + l - 3, "。") == 0;
	const char *t = stop ? text : arena_printf(L->a, "%s。", text);

	/* a 主送 keeps its colon: it was written for the head of the text */
	if (l >= 3 && strcmp(text + l - 3, "：") == 0)
		t = arena_printf(L->a, "%.*s。", (int)(l - 3), text);
	memset(e, 0, sizeof *e);
	decode_run(L, label, strlen(label), ROLE_FANGSONG, c, false, NOPOS, &e->pc, &e->n, &cap);
	decode_run(L, t, strlen(t), ROLE_FANGSONG, c, false, pos, &e->pc, &e->n, &cap);
	e->lc = arena_alloc(L->a, (e->n ? e->n : 1) * sizeof *e->lc);
	for (size_t i = 0; i < e->n; i++) {
		e->lc[i].cp = e->pc[i].cp;
		e->lc[i].adv = advance(L, &e->pc[i]);
	}
	lb_opts o = { BOX_W - 2 * c, c, 0, 3 * c, false };
	e->nl = lb_break(L->a, e->lc, e->n, &o, &e->lines);
}

static void
place_banji(struct lay *L, const gw_doc *d)
{
	srcpos pos;
	const char *cc = doc_front(d, "抄送", &pos);
	const char *org = doc_front(d, "印发机关", NULL);
	const char *date = d->issue_date.y ? date_cn(L->a, d->issue_date) : NULL;
	double c = SIZE_4HAO;
	struct bj_entry ent[2];
	int ne = 0, n = 0;

	if (L->zhusong)
		bj_break(L, &ent[ne++], "主送：", L->zhusong, L->zhusong_pos);
	if (cc)
		bj_break(L, &ent[ne++], "抄送：", cc, pos);
	for (int i = 0; i < ne; i++)
		n += (int)ent[i].nl;
	bool last_line = (org || date) && L->fmt != FMT_LETTER;
	if (last_line)
		n++;
	if (n == 0)
		return;
	/* the 版记 takes the bottom n lines of the 版心 of an even page
	 * (R7.4.1c/d); blank pages in between stay unnumbered (R7.5e) */
	double bottom = BOX_Y + BOX_H;
	double top = bottom - n * LINE_PITCH;
	bool fits = pg_page(L->P) && ltop(L, pg_line(L->P)) <= top + 0.01;
	size_t page_no = L->dl->npages;
	if (!fits) {
		pg_new_page(L->P, NULL);
		page_no = L->dl->npages;
	}
	if (page_no % 2 == 1) {
		if (fits) {
			pg_new_page(L->P, NULL);   /* the 版记 alone on the next, even page */
		} else {
			/* this fresh page stays blank; the 版记 goes to the next */
			pg_set_blank(L->P, page_no - 1, true);
			pg_new_page(L->P, NULL);
			pg_set_blank(L->P, L->dl->npages - 1, true);
		}
	}
	dl_page *pg = pg_page(L->P);
	double thick = 0.35 * MM, thin = 0.25 * MM;
	bool lines = L->fmt != FMT_LETTER;
	double y = top;
	if (lines)
		pg_rule(L->P, BOX_X, top, BOX_R, top, thick, DL_BLACK, "banji");
	for (int i = 0; i < ne; i++) {
		struct bj_entry *e = &ent[i];
		for (size_t k = 0; k < e->nl; k++) {
			size_t s0 = e->lines[k].start, s1 = e->lines[k].end;
			double *xs = arena_alloc(L->a, (s1 - s0 + 1) * sizeof *xs);
			for (size_t q = s0; q < s1; q++)
				xs[q - s0] = BOX_X + c + e->lc[q].x;
			emit(L, pg, NULL, e->pc + s0, xs, s1 - s0, y + 0.5 * LINE_PITCH + 0.38 * c,
			    DL_BLACK, 1.0, "banji");
			y += LINE_PITCH;
		}
	}
	/* any other element is separated from the 印发 line by a thin line */
	if (lines && ne > 0 && last_line)
		pg_rule(L->P, BOX_X, y, BOX_R, y, thin, DL_BLACK, "banji");
	if (last_line) {
		double b = y + 0.5 * LINE_PITCH + 0.38 * c;
		if (org)
			put_text(L, pg, org, ROLE_FANGSONG, c, BOX_X + c, b, DL_BLACK, 1.0, "banji",
			    d->front->pos, 0);
		if (date) {
			const char *t = arena_printf(L->a, "%s印发", date);
			double w = measure(L, t, ROLE_FANGSONG, c, 0);
			put_text(L, pg, t, ROLE_FANGSONG, c, BOX_R - c - w, b, DL_BLACK, 1.0,
			    "banji", d->front->pos, 0);
		}
	}
	if (lines)
		pg_rule(L->P, BOX_X, bottom, BOX_R, bottom, thick, DL_BLACK, "banji");
	pg_set_line(L->P, pg_nlines(L->P));
}

/* ---- attachments and issued documents (R7.3.7) --------------------------- */

static void
place_attachment(struct lay *L, const gw_attach *at, size_t i, size_t n)
{
	const char *label = n > 1 ? arena_printf(L->a, "附件%zu", i + 1) : "附件";
	if (at->body && at->body->nblocks > 0 && at->body->blocks[0].kind == B_TABLE &&
	    at->body->blocks[0].table->landscape) {
		/* a landscape table opens the attachment: label and title
		 * turned with it (R8) */
		pg_new_page(L->P, NULL);
		place_table(L, at->body->blocks[0].table, label, at->title, at->pos);
		for (size_t k = 1; k < at->body->nblocks; k++)
			layout_block(L, &at->body->blocks[k], k + 1 < at->body->nblocks);
		return;
	}
	pg_new_page(L->P, NULL);
	put_text(L, pg_page(L->P), label, ROLE_HEITI, SIZE_3HAO, BOX_X, lbase(L, 0, SIZE_3HAO),
	    DL_BLACK, 1.0, "attlabel", at->pos, 0);
	pg_set_line(L->P, 2);                                   /* title on line 3 */
	place_title_text(L, at->title, at->pos, NULL);
	if (at->body) {
		pg_skip(L->P, 1);
		place_body(L, at->body);
	}
}

static void
place_issued(struct lay *L, const gw_attach *is)
{
	pg_new_page(L->P, NULL);
	place_title_text(L, is->title, is->pos, NULL);
	if (is->body) {
		pg_skip(L->P, 1);
		place_body(L, is->body);
		place_att_note(L, is->body);
		if (is->body->title == NULL && (doc_front(is->body, "署名", NULL) ||
		    doc_front(is->body, "成文日期", NULL)))
			place_signature(L, is->body);
	}
}

/* PDF dates: SOURCE_DATE_EPOCH when set (reproducible builds), else the
 * 成文日期 at midnight UTC, else none. */
static long long
pdf_date(const gw_doc *d)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end == '\0' && v >= 0)
			return v;
	}
	return d->date.y ? date_epoch(d->date) : -1;
}

/* ---- the document ---------------------------------------------------------- */

dl_doc *
layout_doc(arena *a, const gw_doc *d, font_set *fs)
{
	struct lay L;

	memset(&L, 0, sizeof L);
	L.a = a;
	L.d = d;
	L.fs = fs;
	L.fmt = d->format;
	L.dl = arena_alloc(a, sizeof *L.dl);
	L.dl->width = PAGE_W;
	L.dl->height = PAGE_H;
	L.dl->title = d->title;
	L.dl->author = d->author;
	L.dl->subject = doc_front(d, "发文字号", NULL);
	L.dl->date = pdf_date(d);

	dl_frame portrait = pg_frame_gbt(false);
	L.P = pg_new(a, L.dl, &portrait);
	pg_new_page(L.P, NULL);
	if (L.fmt == FMT_LETTER)
		place_header_letter(&L);
	else if (rec_map_get(d->front, "发文机关标志") != NULL)
		place_header_file(&L);
	else
		place_corner(&L, BOX_Y, 1);
	if (d->title)
		place_title_text(&L, d->title, d->title_pos, d->subtitle);
	if (doc_front(d, "主送", NULL))
		place_addressee(&L);    /* 1 blank line under the title; the body follows it */
	else if (d->title)
		pg_skip(L.P, 1);
	if (L.fmt == FMT_ORDER && d->title == NULL)
		pg_set_line(L.P, 0);
	place_body(&L, d);
	place_att_note(&L, d);
	if (L.fmt != FMT_MINUTES)
		place_signature(&L, d);
	place_note(&L, d);
	if (L.fmt == FMT_MINUTES)
		place_attendance(&L, d);
	if (d->issued)
		place_issued(&L, d->issued);
	for (size_t i = 0; i < d->natt; i++)
		place_attachment(&L, &d->att[i], i, d->natt);
	if (d->issued && d->issued->body)
		for (size_t i = 0; i < d->issued->body->natt; i++)
			place_attachment(&L, &d->issued->body->att[i], i, d->issued->body->natt);
	place_banji(&L, d);
	pg_finish(L.P);
	if (L.dl->npages > MAX_PAGES) {
		diag_error(pos_at(d->file, 0, 0), "the document has %zu pages; the limit is %d "
		    "(split it into several documents)", L.dl->npages, MAX_PAGES);
		return NULL;
	}
	/* R7.5: page numbers; R10.1e: none on page 1 of a letter; R7.5e: none
	 * on blank pages nor on the 版记 page after them */
	for (size_t i = 0; i < L.dl->npages; i++) {
		dl_page *p = &L.dl->pages[i];
		p->number = 0;
		if (pg_is_blank(L.P, i) || (L.fmt == FMT_LETTER && i == 0))
			continue;
		page_number(&L, p, (int)i + 1);
	}
	if (L.failed)
		return NULL;
	return L.dl;
}
/* ---- dump ---------------------------------------------------------------- */

void
layout_dump(const dl_doc *dl, const font_set *fs, FILE *f)
{
	char enc[5];

	fprintf(f, "layout %zu page(s) %.1fx%.1f mm\n", dl->npages, dl->width / MM, dl->height / MM);
	for (size_t p = 0; p < dl->npages; p++) {
		const dl_page *pg = &dl->pages[p];
		fprintf(f, "page %zu number=%d", p + 1, pg->number);
		if (pg->frame.width > 0 && (pg->frame.width != dl->width || pg->frame.height != dl->height))
			fprintf(f, " %.1fx%.1f mm%s", pg->frame.width / MM, pg->frame.height / MM,
			    pg->frame.landscape ? " landscape" : "");
		fputc('\n', f);
		for (size_t i = 0; i < pg->nrules; i++) {
			const dl_rule *r = &pg->rules[i];
			fprintf(f, "  rule %s (%.2f,%.2f)-(%.2f,%.2f) w=%.2fmm #%02X%02X%02X\n",
			    r->role ? r->role : "-", r->x1 / MM, r->y1 / MM, r->x2 / MM,
			    r->y2 / MM, r->width / MM, r->color.r, r->color.g, r->color.b);
		}
		for (size_t i = 0; i < pg->nimages; i++) {
			const dl_image *im = &pg->images[i];
			const char *base = strrchr(im->path, '/');   /* no absolute paths in dumps */
			fprintf(f, "  image %s %s at (%.2f,%.2f) %.2fx%.2f mm\n", im->role ? im->role : "-",
			    base ? base + 1 : im->path, im->x / MM, im->y / MM, im->w / MM, im->h / MM);
		}
		for (size_t i = 0; i < pg->ntexts; i++) {
			const dl_text *t = &pg->texts[i];
			fprintf(f, "  text %s%s x=%.2f..%.2f y=%.2f %gpt %s%s%s \"",
			    t->role ? t->role : "-", t->rot90 ? " rot90" : "", t->n ? t->xs[0] / MM : 0,
			    t->n ? t->xs[t->n - 1] / MM : 0, t->y / MM, t->size,
			    fonts_face_family(fs, t->face), t->bold ? " bold" : "",
			    t->color.r ? " red" : "");
			for (size_t k = 0; k < t->n; k++) {
				size_t l = utf8_encode(t->cps[k], enc);
				fwrite(enc, 1, l, f);
			}
			fputs("\"\n", f);
		}
	}
}
