/* layout_sign.c — a doc's 署名, 成文日期 and seals into the 署名 block under
 * the text (see layout_sign.h). */
#include "layout_sign.h"

#include <math.h>
#include <string.h>

/* The 署名 block, measured: names, date and their positions. */
struct sig {
	const char **names;
	size_t nn;
	srcpos npos, dpos;
	const char *date;    /* 2018年6月6日, or NULL */
	double dw;           /* its width */
};

/* R7.3.5.3 命令 签名章: 2 blank lines under the text; stamp 4 chars in from
 * the right, title 2 chars left of it, centred on it; date 1 blank line
 * under the stamp, 4 chars in from the right */
static void
sign_stamp(struct lay *L, const gw_doc *d, const struct sig *g)
{
	double ch = SIZE_3HAO, sw = 30 * MM, sh = 15 * MM;
	int need = 2 + (int)ceil(sh / LINE_PITCH) + 2;
	pg_keep_with_text(L->P, need);
	pg_skip(L->P, 2);
	pg_need_line(L->P);
	double top = ltop(L, pg_line(L->P));
	double sx = BOX_R - 4 * ch - sw;
	dl_image *im = pg_image(L->P);
	im->path = d->seals[0]; im->x = sx; im->y = top; im->w = sw; im->h = sh;
	im->role = "signature-stamp";
	if (g->nn > 0) {
		double tw = ts_measure(&L->ts, g->names[0], ROLE_FANGSONG, SIZE_3HAO, 0);
		if (lay_too_wide(L, tw, sx - 2 * ch - BOX_X, g->npos, "署名 (left of the 签名章)"))
			return;
		ts_put(&L->ts, pg_page(L->P), g->names[0], ROLE_FANGSONG, SIZE_3HAO, sx - 2 * ch - tw,
		    top + sh / 2 + 0.38 * SIZE_3HAO, DL_BLACK, 1.0, "signname", g->npos, 0);
	}
	pg_skip(L->P, (int)ceil(sh / LINE_PITCH) + 1);
	if (g->date) {
		pg_need_line(L->P);
		ts_put(&L->ts, pg_page(L->P), g->date, ROLE_FANGSONG, SIZE_3HAO, BOX_R - 4 * ch - g->dw,
		    lbase(L, pg_line(L->P), SIZE_3HAO), DL_BLACK, 1.0, "date", g->dpos, 0);
		pg_skip(L->P, 1);
	}
}

/* R7.3.5.1: date 4 chars from the right; 署名 centred on it; the seal
 * centred on them, pressing both from above, its top within one line under
 * the text.  Joint: one seal per 署名, side by side, the last one on the
 * date. */
static void
sign_sealed(struct lay *L, const gw_doc *d, const struct sig *g)
{
	const char **names = g->names;
	size_t nn = g->nn;
	srcpos npos = g->npos, dpos = g->dpos;
	const char *date = g->date;
	double dw = g->dw, ch = SIZE_3HAO;

	double dia = 42 * MM;
	double dx = BOX_R - 4 * ch - dw;
	size_t ns = d->nseals;
	/* seal centres, right to left: the last seal is centred on the
	 * date; each one further left by a seal and a gap, or by enough
	 * for the two 署名 not to touch */
	double *cx = arena_alloc(L->a, ns * sizeof *cx);
	int *row = arena_alloc(L->a, ns * sizeof *row);
	cx[ns - 1] = dx + dw / 2;
	/* a 署名 longer than the space right of the date's centre: move
	 * 署名, date and seal left so that the 署名 stays in the 版心 */
	if (ns - 1 < nn) {
		double wl = ts_measure(&L->ts, names[ns - 1], ROLE_FANGSONG, SIZE_3HAO, 0);
		if (cx[ns - 1] + wl / 2 > BOX_R) {
			cx[ns - 1] = BOX_R - wl / 2;
			dx = cx[ns - 1] - dw / 2;
		}
	}
	for (size_t k = ns - 1; k > 0; k--) {
		double wa = k - 1 < nn ? ts_measure(&L->ts, names[k - 1], ROLE_FANGSONG, SIZE_3HAO, 0) : 0;
		double wb = k < nn ? ts_measure(&L->ts, names[k], ROLE_FANGSONG, SIZE_3HAO, 0) : 0;
		double step = dia + 4 * MM;
		if ((wa + wb) / 2 + ch > step)
			step = (wa + wb) / 2 + ch;
		cx[k - 1] = cx[k] - step;
	}
	for (size_t k = 0; k < nn; k++)   /* a 署名 is centred on its seal */
		if (lay_too_wide(L, ts_measure(&L->ts, names[k], ROLE_FANGSONG, SIZE_3HAO, 0),
		    BOX_W, npos, "署名"))
			return;
	int nrows = 1, row_lines = (int)ceil((dia + 4 * MM) / LINE_PITCH);
	memset(row, 0, ns * sizeof *row);
	if (ns > 1 && cx[0] - dia / 2 < BOX_X - 0.01) {
		/* more seals than a row of the 版心 holds: rows of seals,
		 * aligned in columns from the right, the last row ending on
		 * the date (R7.3.5.1: "每排印章两端不得超出版心"; issue 14) */
		double step = dia + 4 * MM;
		double wmax = lay_widest(L, names, nn, ROLE_FANGSONG, SIZE_3HAO);
		if (wmax + ch > step)
			step = wmax + ch;
		double cxr = cx[ns - 1];
		double half = (wmax > dia ? wmax : dia) / 2;   /* seal or 署名, in the 版心 */
		size_t per = 1 + (size_t)floor((cxr - half - BOX_X + 1e-6) / step);
		nrows = (int)((ns + per - 1) / per);
		if (per < 2 || (nrows - 1) * row_lines + 4 > GRID_LINES) {
			diag_error(d->seals_pos, "%zu seals do not fit the 版心 even in rows of %zu; "
			    "shorten the 署名 or use fewer seals", ns, per);
			L->failed = true;
			return;
		}
		for (size_t k = 0; k < ns; k++) {
			size_t r = k / per, first = r * per;
			size_t cnt = ns - first < per ? ns - first : per;
			row[k] = (int)r;
			cx[k] = cxr - (double)(cnt - 1 - (k - first)) * step;
		}
	}
	/* keep the seal, 署名 and date with body text (R7.3.5.5) */
	pg_keep_with_text(L->P, 4 + (nrows - 1) * row_lines);
	int sline = pg_line(L->P) + 2, dline = pg_line(L->P) + 3;
	if (nrows == 1 && dline >= pg_nlines(L->P)) {
		sline = pg_line(L->P) + 1;
		dline = pg_line(L->P) + 2;
	}
	dline += (nrows - 1) * row_lines;
	double top = ltop(L, pg_line(L->P)) + 0.1 * LINE_PITCH;
	/* the seal on the date first: it is the one that must press the
	 * date (R7.3.5.1); drawing order does not change the page */
	for (size_t k = ns; k-- > 0;) {
		dl_image *im = pg_image(L->P);
		im->path = d->seals[k];
		im->x = cx[k] - dia / 2;
		im->y = top + row[k] * row_lines * LINE_PITCH;
		im->w = dia; im->h = dia;
		im->role = "seal";
	}
	for (size_t k = 0; k < nn; k++) {
		double c = k < ns ? cx[k] : cx[ns - 1];
		int r = k < ns ? row[k] : row[ns - 1];
		double w = ts_measure(&L->ts, names[k], ROLE_FANGSONG, SIZE_3HAO, 0);
		ts_put(&L->ts, pg_page(L->P), names[k], ROLE_FANGSONG, SIZE_3HAO, c - w / 2,
		    lbase(L, sline + r * row_lines, SIZE_3HAO), DL_BLACK, 1.0, "sign", npos, 0);
	}
	ts_put(&L->ts, pg_page(L->P), date, ROLE_FANGSONG, SIZE_3HAO, dx,
	    lbase(L, dline, SIZE_3HAO), DL_BLACK, 1.0, "date", dpos, 0);
	pg_set_line(L->P, dline + 1);
}

static void
sign_plain(struct lay *L, const struct sig *g)
{
	const char **names = g->names;
	size_t nn = g->nn;
	srcpos npos = g->npos, dpos = g->dpos;
	const char *date = g->date;
	double dw = g->dw, ch = SIZE_3HAO;

	/* R7.3.5.2 unsealed: 署名 1 blank line under the text, 2 chars in from
	 * the right; the date under it, starting 2 chars right of the 署名;
	 * a date longer than the 署名 goes 2 chars from the right.  Joint:
	 * the lead organ first, the others below. */
	int need = 1 + (int)nn + (date ? 1 : 0);
	pg_keep_with_text(L->P, need);
	pg_skip(L->P, 1);
	double nw = lay_widest(L, names, nn, ROLE_FANGSONG, SIZE_3HAO);
	if (lay_too_wide(L, nw, BOX_W - 2 * ch, npos, "署名"))
		return;
	double sx = BOX_R - 2 * ch - nw, dxx = sx + 2 * ch;
	/* the date, 2 chars right of the 署名's first character, would come
	 * closer than 2 chars to the right edge: it keeps its 2 and the 署名
	 * moves left (R7.3.5.2; before, only a date longer than the 署名 did,
	 * and one a little shorter ended 1.5 chars from the edge) */
	if (date && dxx + dw > BOX_R - 2 * ch + 0.01) {
		dxx = BOX_R - 2 * ch - dw;
		sx = dxx - 2 * ch;
	}
	for (size_t i = 0; i < nn; i++) {
		pg_need_line(L->P);
		ts_put(&L->ts, pg_page(L->P), names[i], ROLE_FANGSONG, SIZE_3HAO, sx,
		    lbase(L, pg_line(L->P), SIZE_3HAO), DL_BLACK, 1.0, "sign", npos, 0);
		pg_skip(L->P, 1);
	}
	if (date) {
		pg_need_line(L->P);
		ts_put(&L->ts, pg_page(L->P), date, ROLE_FANGSONG, SIZE_3HAO, dxx,
		    lbase(L, pg_line(L->P), SIZE_3HAO), DL_BLACK, 1.0, "date", dpos, 0);
		pg_skip(L->P, 1);
	}
}

void
lay_signature(struct lay *L, const gw_doc *d)
{
	struct sig g;

	g.names = d->signatures.v;
	g.nn = d->signatures.n;
	g.npos = g.nn ? d->signatures.pos : d->front_pos;
	g.dpos = d->date.d.y ? d->date.pos : d->front_pos;
	g.date = d->date.d.y ? date_cn(L->a, d->date.d) : NULL;
	if (g.nn == 0 && g.date == NULL)
		return;
	g.dw = g.date ? ts_measure(&L->ts, g.date, ROLE_FANGSONG, SIZE_3HAO, 0) : 0;
	if (L->fmt == DOC_FMT_ORDER && d->nseals > 0)
		sign_stamp(L, d, &g);
	else if (d->nseals > 0 && g.date)
		sign_sealed(L, d, &g);
	else
		sign_plain(L, &g);
}

