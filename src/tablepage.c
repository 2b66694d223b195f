/* tablepage.c — a table onto pages (see tablepage.h). */
#include "tablepage.h"

#include <string.h>

#include "layout.h"
#include "page.h"
#include "utf8.h"

/* 版心 of the page turned to landscape, in its own coordinates (origin at
 * the physical bottom-left corner, x up the page, y to its right). */
#define LAND_X (DL_A4_H - BOX_Y - BOX_H)
#define LAND_Y BOX_X

struct tsink {
	typeset *T;
	bool rot;
	double ox, oy;   /* frame origin: page (portrait) or turned page (landscape) */
};

static font_role
role_of(int face)
{
	return face == TF_HEAD ? ROLE_HEITI : ROLE_FANGSONG;
}

static double
adv(void *ctx, int face, uint32_t cp, double size)
{
	typeset *T = ctx;
	int f = fonts_face_for(T->fs, role_of(face), cp);
	return f < 0 ? size : fonts_advance(T->fs, f, cp) * size;
}

/* The face of cp, or -1 after the usual message (through typeset). */
static int
face_of(typeset *T, font_role role, uint32_t cp, srcpos pos)
{
	int f = fonts_face_for(T->fs, role, cp);
	if (f < 0 && cp != ' ') {
		char enc[5] = {0};
		ts_char *v = NULL;
		size_t n = 0, cap = 0;
		ts_decode(T, enc, utf8_encode(cp, enc), role, 10, false, pos, &v, &n, &cap);
	}
	return f;
}

/* Runs of one face straight into the display list: a 2,000-row table has
 * a quarter of a million characters, so no per-character records. */
static void
sink_text(void *ctx, int face, double size, const uint32_t *cps, const double *xs,
          size_t n, double y, srcpos pos)
{
	struct tsink *S = ctx;
	typeset *T = S->T;
	font_role role = role_of(face);
	size_t i = 0;
	while (i < n) {
		while (i < n && cps[i] == ' ')
			i++;
		if (i == n)
			break;
		int f = face_of(T, role, cps[i], pos);
		size_t j = i + 1;
		while (j < n && (cps[j] == ' ' || fonts_face_for(T->fs, role, cps[j]) == f))
			j++;
		size_t e = j;
		while (e > i && cps[e - 1] == ' ')
			e--;
		size_t m = 0;
		for (size_t k = i; k < e; k++)
			m += cps[k] != ' ';
		if (f >= 0 && m > 0) {
			dl_text *t = pg_text(T->P);
			uint32_t *c = arena_alloc(T->a, m * sizeof *c);
			double *x = arena_alloc(T->a, m * sizeof *x);
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
sink_rule(void *ctx, double x1, double y1, double x2, double y2, double w)
{
	struct tsink *S = ctx;
	x1 += S->ox; x2 += S->ox; y1 += S->oy; y2 += S->oy;
	if (S->rot)     /* the turned page → the portrait page */
		pg_rule(S->T->P, y1, DL_A4_H - x1, y2, DL_A4_H - x2, w, DL_BLACK, "table");
	else
		pg_rule(S->T->P, x1, y1, x2, y2, w, DL_BLACK, "table");
}

/* One line on the turned page: the 附件 label (left) or its title
 * (centred), above a landscape table. */
static void
land_line(typeset *T, const char *text, font_role role, double size, bool centre,
          double y, srcpos pos)
{
	ts_char *pc;
	size_t n;
	double *xs;
	double w = ts_line(T, text, role, size, pos, size, 1.0, &pc, &n, &xs);
	double x0 = centre ? LAND_X + (BOX_H - w) / 2 : LAND_X;
	for (size_t i = 0; i < n; i++)
		xs[i] += x0;
	dl_page *pg = pg_page(T->P);
	size_t first = pg->ntexts;
	ts_emit(T, pg, NULL, pc, xs, n, LAND_Y + y, DL_BLACK, 1.0, centre ? "title" : "attlabel");
	for (size_t i = first; i < pg->ntexts; i++)
		pg->texts[i].rot90 = true;
}

bool
tablepage_place(typeset *T, tbl *t, const char *label, const char *title, srcpos pos)
{
	pg_engine *P = T->P;
	struct tsink S = { T, t->landscape, 0, 0 };
	tbl_sink sk = { &S, sink_text, sink_rule };
	double fw = t->landscape ? BOX_H : BOX_W, fh = t->landscape ? BOX_W : BOX_H;
	bool failed = T->failed;

	if (!tbl_measure(T->a, t, fw, adv, T)) {
		T->failed = true;
		return false;
	}
	double first_h, top;
	if (t->landscape) {
		dl_page *pg = pg_page(P);
		if (pg == NULL || pg_line(P) > 0 || pg->ntexts > 0)
			pg_new_page(P, NULL);
		S.ox = LAND_X;
		S.oy = LAND_Y;
		top = 0;
		if (label) {
			land_line(T, label, ROLE_HEITI, SIZE_3HAO, false,
			    0.5 * LINE_PITCH + 0.38 * SIZE_3HAO, pos);
			land_line(T, title, ROLE_XIAOBIAOSONG, SIZE_2HAO, true,
			    2.5 * LINE_PITCH + 0.38 * SIZE_2HAO, pos);
			top = 4 * LINE_PITCH;
		}
		first_h = fh - top;
	} else {
		pg_need_line(P);
		S.ox = BOX_X;
		S.oy = BOX_Y;
		top = pg_y(P) - BOX_Y;
		first_h = pg_room(P);
	}
	tbl_part *parts;
	size_t np = tbl_paginate(T->a, t, first_h, fh, &parts);
	double x0 = (fw - t->width) / 2, y = top;
	for (size_t i = 0; i < np; i++) {
		if (i > 0 || parts[i].new_page) {
			pg_new_page(P, NULL);
			y = 0;
		}
		tbl_draw(t, &parts[i], x0, y, &sk);
		y += parts[i].h;
	}
	if (t->landscape) {
		pg_end_page(P);      /* what follows starts a portrait page */
	} else {
		/* back on the 22-line grid, a quarter line at least under the
		 * table's bottom rule (two tables in a row do not touch) */
		pg_advance_to(P, BOX_Y + y + 0.25 * LINE_PITCH);
		pg_snap(P);
	}
	return !T->failed || failed;
}
