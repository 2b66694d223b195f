/* typeset.c — strings to glyph runs; see typeset.h. */
#include "typeset.h"

#include <string.h>

#include "utf8.h"

static const char *
cp_name(arena *a, uint32_t cp)
{
	char enc[5] = {0};
	utf8_encode(cp, enc);
	return arena_printf(a, "'%s' (U+%04X)", enc, (unsigned)cp);
}

/* Resolve the face for cp in a role; report a character no font has. */
static int
face_for(typeset *T, font_role role, uint32_t cp, srcpos pos)
{
	int f = fonts_face_for(T->fs, role, cp);
	if (f < 0 && !T->quiet) {
		diag_error(pos, "no installed font has the character %s; install a font "
		    "that has it (e.g. fonts-babelstone-han) or point --font at one",
		    cp_name(T->a, cp));
		T->failed = true;
	}
	return f;
}

/* Decode a string into placed characters of one role and size. */
size_t
ts_decode(typeset *T, const char *s, size_t n, font_role role, double size,
          bool bold, srcpos pos, ts_char **v, size_t *nv, size_t *cap)
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
		ts_char *p = ARENA_PUSH(T->a, *v, *nv, *cap);
		p->cp = cp;
		p->size = size;
		p->bold = bold;
		p->pos = pos;
		p->pos.col = col++;
		p->face = cp == ' ' ? fonts_face_for(T->fs, role, cp) : face_for(T, role, cp, p->pos);
		if (p->face < 0 && cp == ' ')
			p->face = fonts_face_for(T->fs, role, 'a');
		k++;
	}
	return k;
}

double
ts_advance(typeset *T, const ts_char *p)
{
	if (p->face < 0)
		return p->size;
	return fonts_advance(T->fs, p->face, p->cp) * p->size;
}

void
ts_set_ink(typeset *T, lb_char *c, const ts_char *pc, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double x0, y0, x1, y1;
		c[i].ink0 = c[i].ink1 = 0;
		if (pc[i].face < 0 || !utf8_is_wide(pc[i].cp) ||
		    !(lb_no_line_start(pc[i].cp) || lb_no_line_end(pc[i].cp)))
			continue;
		if (fonts_ink(T->fs, pc[i].face, pc[i].cp, &x0, &y0, &x1, &y1)) {
			c[i].ink0 = x0 * pc[i].size;
			c[i].ink1 = x1 * pc[i].size;
		}
	}
}

/* Emit characters pc[0..n) with absolute x positions xs on baseline y as
 * dl_text runs (one per face/size/bold): on page pg, or on the current line
 * of block blk (which sets y when it is placed). */
void
ts_emit(typeset *T, dl_page *pg, pg_block *blk, const ts_char *pc, const double *xs,
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
			dl_text *t = blk ? pg_block_text(blk) : pg_text_on(T->P, pg);
			uint32_t *cps = arena_alloc(T->a, (e - s) * sizeof *cps);
			double *x = arena_alloc(T->a, (e - s) * sizeof *x);
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

/* Decode s and compute glyph x positions from x0; wide characters advance
 * `cell` when cell > 0, else their natural advance.  Returns the width. */
double
ts_line(typeset *T, const char *s, font_role role, double size, srcpos pos,
        double cell, double hscale, ts_char **pcp, size_t *np, double **xsp)
{
	ts_char *pc = NULL;
	size_t n = 0, cap = 0;
	double w = 0;

	ts_decode(T, s, strlen(s), role, size, false, pos, &pc, &n, &cap);
	double *xs = arena_alloc(T->a, (n ? n : 1) * sizeof *xs);
	for (size_t i = 0; i < n; i++) {
		xs[i] = w;
		double adv = cell > 0 && utf8_is_wide(pc[i].cp) ? cell : ts_advance(T, &pc[i]);
		w += adv * hscale;
	}
	*pcp = pc;
	*np = n;
	*xsp = xs;
	return w;
}

double
ts_measure(typeset *T, const char *s, font_role role, double size, double cell)
{
	ts_char *pc;
	size_t n;
	double *xs;
	T->quiet = true;
	double w = ts_line(T, s, role, size, NOPOS, cell, 1.0, &pc, &n, &xs);
	T->quiet = false;
	return w;
}

/* Put one line of text with its left edge at x on baseline y. */
double
ts_put(typeset *T, dl_page *pg, const char *s, font_role role, double size,
       double x, double y, dl_color color, double hscale, const char *rolename,
       srcpos pos, double cell)
{
	ts_char *pc;
	size_t n;
	double *xs;
	double w = ts_line(T, s, role, size, pos, cell, hscale, &pc, &n, &xs);

	for (size_t i = 0; i < n; i++)
		xs[i] += x;
	ts_emit(T, pg, NULL, pc, xs, n, y, color, hscale, rolename);
	return w;
}

/* Ink extent of a string: highest ink top and lowest ink bottom, in em
 * (y up from the baseline). */
void
ts_ink(typeset *T, const char *s, font_role role, double *top, double *bottom)
{
	size_t i = 0, n = strlen(s);
	uint32_t cp;
	double t = -1e9, b = 1e9;

	while (i < n) {
		i += utf8_decode((const unsigned char *)s + i, n - i, &cp);
		int f = fonts_face_for(T->fs, role, cp);
		double x0, y0, x1, y1;
		if (f >= 0 && fonts_ink(T->fs, f, cp, &x0, &y0, &x1, &y1)) {
			if (y1 > t) t = y1;
			if (y0 < b) b = y0;
		}
	}
	if (t < -1e8) { t = 0.8; b = -0.1; }
	*top = t;
	*bottom = b;
}

