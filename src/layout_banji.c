/* layout_banji.c — a doc's 抄送, 印发机关 and 印发日期 (and a 主送 moved
 * there) into the 版记 at the foot of the last even page (see
 * layout_banji.h). */
#include "layout_banji.h"

#include <string.h>

/* One 版记 entry ("抄送：" or a 主送 moved here, "主送："): 4号 characters, 1
 * char in on each side, wrapped lines aligned after the colon, a full stop
 * after the last name (R7.4.2).  Broken into lines once, placed later. */
struct bj_entry {
	ts_char *pc;
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
	ts_decode(&L->ts, label, strlen(label), ROLE_FANGSONG, c, false, NOPOS, &e->pc, &e->n, &cap);
	ts_decode(&L->ts, t, strlen(t), ROLE_FANGSONG, c, false, pos, &e->pc, &e->n, &cap);
	lb_opts o = { BOX_W - 2 * c, c, 0, 3 * c, false };
	e->nl = lay_break(L, e->pc, e->n, &o, false, &e->lc, &e->lines);
}

void
lay_banji(struct lay *L, const gw_doc *d)
{
	srcpos pos = d->cc.pos;
	const char *cc = d->cc.s;
	const char *org = d->printer.s;
	const char *date = d->issue_date.d.y ? date_cn(L->a, d->issue_date.d) : NULL;
	double c = SIZE_4HAO;
	struct bj_entry ent[2];
	int ne = 0, n = 0;

	if (org) {   /* 印发机关 and 印发日期 share the last line, 1 char in each side */
		double dw = date ? ts_measure(&L->ts, arena_printf(L->a, "%s印发", date),
		    ROLE_FANGSONG, c, 0) + c : 0;
		if (lay_too_wide(L, ts_measure(&L->ts, org, ROLE_FANGSONG, c, 0), BOX_W - 2 * c - dw,
		    d->printer.pos, "印发机关"))
			return;
	}
	if (L->zhusong)
		bj_break(L, &ent[ne++], "主送：", L->zhusong, L->zhusong_pos);
	if (cc)
		bj_break(L, &ent[ne++], "抄送：", cc, pos);
	for (int i = 0; i < ne; i++)
		n += (int)ent[i].nl;
	bool last_line = (org || date) && L->fmt != DOC_FMT_LETTER;
	if (last_line)
		n++;
	if (n == 0)
		return;
	/* the 版记 ends on the 版心 bottom of one page; it may grow upwards to
	 * a page of its own, never above the 版心 (issue 14) */
	if (n > GRID_LINES) {
		for (int i = 0; i < ne; i++)
			if (2 * (int)ent[i].nl >= n - 1 || i == ne - 1) {
				bool zs = L->zhusong && i == 0;
				diag_error(zs ? L->zhusong_pos : pos, "the %s takes %zu lines of the 版记, "
				    "which holds %d (one page); name the recipients as a group "
				    "(e.g. 各县（市、区）人民政府)", zs ? "主送" : "抄送", ent[i].nl,
				    GRID_LINES - (last_line ? 1 : 0) - (ne - 1));
				break;
			}
		L->failed = true;
		return;
	}
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
	bool lines = L->fmt != DOC_FMT_LETTER;
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
			ts_emit(&L->ts, pg, NULL, e->pc + s0, xs, s1 - s0, y + 0.5 * LINE_PITCH + 0.38 * c,
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
			ts_put(&L->ts, pg, org, ROLE_FANGSONG, c, BOX_X + c, b, DL_BLACK, 1.0, "banji",
			    d->printer.pos, 0);
		if (date) {
			const char *t = arena_printf(L->a, "%s印发", date);
			double w = ts_measure(&L->ts, t, ROLE_FANGSONG, c, 0);
			ts_put(&L->ts, pg, t, ROLE_FANGSONG, c, BOX_R - c - w, b, DL_BLACK, 1.0,
			    "banji", d->issue_date.pos, 0);
		}
	}
	if (lines)
		pg_rule(L->P, BOX_X, bottom, BOX_R, bottom, thick, DL_BLACK, "banji");
	pg_set_line(L->P, pg_nlines(L->P));
}

