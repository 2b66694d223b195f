/* page.c — pages, frames, the position and the grid; see page.h. */
#include "page.h"

#include <math.h>
#include <string.h>

/* One line of a placed body block that is not written to the page yet. */
struct open_line {
	const pg_block *b;
	size_t line;       /* the block's line */
	int slot;          /* grid line on the current page */
};

struct pg_block {
	arena *a;
	dl_text *texts;
	size_t ntexts, captexts;
	size_t *start;     /* start[i]: first text of line i; start[nlines] = ntexts */
	size_t nstart, capstart;
	size_t nlines;     /* nstart - 1 */
};

struct pg_engine {
	arena *a;
	dl_doc *dl;
	dl_frame def;
	dl_page *page;     /* current page, NULL before the first */
	int line;          /* next free grid line */
	double y0;         /* top of grid line 0 on this page */
	int nlines;        /* grid lines on this page */
	double yfree;      /* off the grid: the position, pt; < 0 when on it */
	bool *blank;       /* per page: left blank on purpose */
	size_t nblank, capblank;
	struct open_line open[2];
	int nopen;
	/* the last body line of the page before, when the text ran on from it:
	 * its texts [t0, t1) on page `page` (see pg_keep_with_text) */
	struct { size_t page, t0, t1; bool ok; } runon;
};

dl_frame
pg_frame_gbt(bool landscape)
{
	dl_frame f;

	memset(&f, 0, sizeof f);
	f.line_pitch = PG_LINE_PITCH;
	f.char_pitch = PG_CHAR_PITCH;
	f.landscape = landscape;
	if (!landscape) {
		f.width = DL_A4_W;
		f.height = DL_A4_H;
		f.box_x = PG_BOX_X;
		f.box_y = PG_BOX_Y;
		f.box_w = PG_BOX_W;
		f.box_h = PG_BOX_H;
		f.lines = PG_LINES;
		f.chars = PG_CHARS;
		return f;
	}
	/* turned a quarter clockwise: the left margin goes to the top, the
	 * bottom margin to the left */
	f.width = DL_A4_H;
	f.height = DL_A4_W;
	f.box_x = DL_A4_H - PG_BOX_Y - PG_BOX_H;
	f.box_y = PG_BOX_X;
	f.box_w = PG_BOX_H;
	f.box_h = PG_BOX_W;
	f.lines = (int)floor(f.box_h / f.line_pitch + 1e-9);
	f.chars = (int)floor(f.box_w / f.char_pitch + 1e-9);
	return f;
}

pg_engine *
pg_new(arena *a, dl_doc *dl, const dl_frame *def)
{
	pg_engine *P = arena_alloc(a, sizeof *P);

	memset(P, 0, sizeof *P);
	P->a = a;
	P->dl = dl;
	P->def = *def;
	P->yfree = -1;
	return P;
}

/* ---- open lines ------------------------------------------------------------ */

static dl_text *
push_text(pg_engine *P, dl_page *p)
{
	dl_text *t = ARENA_PUSH(P->a, p->texts, p->ntexts, p->captexts);
	memset(t, 0, sizeof *t);
	t->hscale = 1.0;
	t->color = DL_BLACK;
	return t;
}

/* Write line `line` of block b on grid line `slot` of the current page. */
static void
write_line(pg_engine *P, const pg_block *b, size_t line, int slot)
{
	for (size_t i = b->start[line]; i < b->start[line + 1]; i++) {
		dl_text *t = push_text(P, P->page);
		*t = b->texts[i];
		t->y = pg_baseline(P, slot, t->size);
	}
}

static void
close_open(pg_engine *P)
{
	for (int i = 0; i < P->nopen; i++)
		write_line(P, P->open[i].b, P->open[i].line, P->open[i].slot);
	P->nopen = 0;
}

/* ---- pages ------------------------------------------------------------------- */

dl_page *
pg_new_page(pg_engine *P, const dl_frame *f)
{
	close_open(P);
	if (f == NULL)
		f = P->page ? &P->page->frame : &P->def;
	dl_frame fr = *f;        /* f may point into the array about to grow */
	dl_page *p = ARENA_PUSH(P->a, P->dl->pages, P->dl->npages, P->dl->cappages);
	memset(p, 0, sizeof *p);
	p->frame = fr;
	p->number = (int)P->dl->npages;
	*ARENA_PUSH(P->a, P->blank, P->nblank, P->capblank) = false;
	P->page = p;
	P->line = 0;
	P->y0 = fr.box_y;
	P->nlines = fr.lines;
	P->yfree = -1;
	return p;
}

dl_page *
pg_page(const pg_engine *P)
{
	return P->page;
}

size_t
pg_page_index(const pg_engine *P)
{
	return P->dl->npages ? P->dl->npages - 1 : 0;
}

const dl_frame *
pg_cur_frame(const pg_engine *P)
{
	return P->page ? &P->page->frame : &P->def;
}

void
pg_set_blank(pg_engine *P, size_t i, bool blank)
{
	if (i < P->nblank)
		P->blank[i] = blank;
}

bool
pg_is_blank(const pg_engine *P, size_t i)
{
	return i < P->nblank && P->blank[i];
}

void
pg_finish(pg_engine *P)
{
	close_open(P);
}

void
pg_append(pg_engine *P, const dl_doc *part)
{
	close_open(P);
	if (P->dl->npages % 2 == 1) {
		pg_new_page(P, &P->def);   /* the back of the last page, left blank */
		P->page->number = 0;
		P->blank[P->nblank - 1] = true;
	}
	for (size_t i = 0; i < part->npages; i++) {
		*ARENA_PUSH(P->a, P->dl->pages, P->dl->npages, P->dl->cappages) = part->pages[i];
		*ARENA_PUSH(P->a, P->blank, P->nblank, P->capblank) = false;
	}
	P->page = P->dl->npages ? &P->dl->pages[P->dl->npages - 1] : NULL;
	P->line = P->nlines;   /* what follows starts a page */
}

/* ---- the grid ------------------------------------------------------------------ */

static double
pitch(const pg_engine *P)
{
	return pg_cur_frame(P)->line_pitch;
}

void
pg_grid_from(pg_engine *P, double em_top, double size)
{
	const dl_frame *f = pg_cur_frame(P);

	close_open(P);
	P->y0 = em_top - 0.5 * f->line_pitch + 0.5 * size;
	P->nlines = (int)floor((f->box_y + f->box_h + 0.5 - P->y0) / f->line_pitch);
	P->line = 0;
	P->yfree = -1;
}

int
pg_line(const pg_engine *P)
{
	return P->line;
}

int
pg_nlines(const pg_engine *P)
{
	return P->nlines;
}

int
pg_lines_left(const pg_engine *P)
{
	return P->nlines - P->line;
}

void
pg_skip(pg_engine *P, int n)
{
	P->line += n;
}

void
pg_set_line(pg_engine *P, int line)
{
	P->line = line;
	P->yfree = -1;
}

/* Anything on the page: lines used, a position off the grid, or items
 * drawn outside the grid (a turned table, a figure, a 版头). */
static bool
page_used(const pg_engine *P)
{
	const dl_page *p = P->page;
	return p != NULL && (P->line > 0 || P->yfree >= 0 || P->nopen > 0 ||
	    p->ntexts > 0 || p->nrules > 0 || p->nimages > 0);
}

void
pg_end_page(pg_engine *P)
{
	/* a page whose only content was drawn off the grid (a landscape
	 * table's page: its grid position never moved) is ended too, or the
	 * text after it would be drawn over it */
	if (page_used(P)) {
		P->line = P->nlines;
		P->yfree = -1;
	}
}

dl_page *
pg_need_line(pg_engine *P)
{
	if (P->yfree >= 0)
		pg_snap(P);
	if (P->page == NULL || P->line >= P->nlines)
		pg_new_page(P, NULL);
	return P->page;
}

double
pg_line_top(const pg_engine *P, int line)
{
	return P->y0 + line * pitch(P);
}

double
pg_baseline(const pg_engine *P, int line, double size)
{
	return P->y0 + (line + 0.5) * pitch(P) + 0.38 * size;
}

/* ---- points ----------------------------------------------------------------------- */

double
pg_y(const pg_engine *P)
{
	return P->yfree >= 0 ? P->yfree : pg_line_top(P, P->line);
}

double
pg_room(const pg_engine *P)
{
	const dl_frame *f = pg_cur_frame(P);
	if (P->page == NULL)
		return f->box_h;
	return f->box_y + f->box_h - pg_y(P);
}

void
pg_advance_to(pg_engine *P, double y)
{
	if (y > pg_y(P))
		P->yfree = y;
}

void
pg_snap(pg_engine *P)
{
	if (P->yfree < 0)
		return;
	int l = (int)ceil((P->yfree - P->y0) / pitch(P) - 1e-6);
	P->yfree = -1;
	P->line = l < P->line ? P->line : l > P->nlines ? P->nlines : l;
}

/* ---- items ---------------------------------------------------------------------- */

dl_text *
pg_text_on(pg_engine *P, dl_page *pg)
{
	if (pg == P->page)
		close_open(P);
	return push_text(P, pg);
}

dl_text *
pg_text(pg_engine *P)
{
	if (P->page == NULL)
		pg_new_page(P, NULL);
	return pg_text_on(P, P->page);
}

void
pg_rule(pg_engine *P, double x1, double y1, double x2, double y2, double w,
        dl_color c, const char *role)
{
	if (P->page == NULL)
		pg_new_page(P, NULL);
	close_open(P);
	dl_page *p = P->page;
	dl_rule *r = ARENA_PUSH(P->a, p->rules, p->nrules, p->caprules);
	r->x1 = x1; r->y1 = y1; r->x2 = x2; r->y2 = y2;
	r->width = w;
	r->color = c;
	r->role = role;
}

dl_image *
pg_image(pg_engine *P)
{
	if (P->page == NULL)
		pg_new_page(P, NULL);
	close_open(P);
	dl_page *p = P->page;
	dl_image *im = ARENA_PUSH(P->a, p->images, p->nimages, p->capimages);
	memset(im, 0, sizeof *im);
	return im;
}

/* ---- blocks ------------------------------------------------------------------------ */

pg_block *
pg_block_new(pg_engine *P)
{
	pg_block *b = arena_alloc(P->a, sizeof *b);

	memset(b, 0, sizeof *b);
	b->a = P->a;
	*ARENA_PUSH(b->a, b->start, b->nstart, b->capstart) = 0;
	return b;
}

size_t
pg_block_line(pg_block *b)
{
	/* the new line starts where the last one ends, and ends there for now */
	*ARENA_PUSH(b->a, b->start, b->nstart, b->capstart) = b->ntexts;
	b->nlines = b->nstart - 1;
	return b->nlines - 1;
}

dl_text *
pg_block_text(pg_block *b)
{
	if (b->nlines == 0)
		pg_block_line(b);
	dl_text *t = ARENA_PUSH(b->a, b->texts, b->ntexts, b->captexts);
	memset(t, 0, sizeof *t);
	t->hscale = 1.0;
	t->color = DL_BLACK;
	b->start[b->nlines] = b->ntexts;
	return t;
}

size_t
pg_block_nlines(const pg_block *b)
{
	return b->nlines;
}

void
pg_place(pg_engine *P, pg_block *b, unsigned flags)
{
	size_t nl = b->nlines;

	if (nl == 0)
		return;
	pg_need_line(P);
	/* keep a heading whole and off the page's last line: it goes to the
	 * next page when its lines and one line of what follows do not fit */
	if ((flags & PG_KEEP_WITH_NEXT) && P->line > 0 && (int)nl < P->nlines &&
	    P->line + (int)nl >= P->nlines)
		pg_new_page(P, NULL);
	for (size_t k = 0; k < nl; k++) {
		/* body text running on to a new page: remember where its last
		 * line on this page went, so that pg_keep_with_text can take it
		 * along with a lonely first line there (issue 11, item 8) */
		bool runon = (flags & PG_BODY) && P->page != NULL && P->yfree < 0 &&
		    P->line >= P->nlines && P->nopen > 0 &&
		    P->open[P->nopen - 1].slot == P->nlines - 1 &&
		    P->open[P->nopen - 1].slot >= 3;
		P->runon.ok = false;
		if (runon) {
			struct open_line last = P->open[P->nopen - 1];
			P->nopen--;
			close_open(P);
			P->runon.page = pg_page_index(P);
			P->runon.t0 = P->page->ntexts;
			write_line(P, last.b, last.line, last.slot);
			P->runon.t1 = P->page->ntexts;
			P->runon.ok = true;
		}
		pg_need_line(P);
		if (flags & PG_BODY) {
			if (P->nopen == 2) {
				write_line(P, P->open[0].b, P->open[0].line, P->open[0].slot);
				P->open[0] = P->open[1];
				P->nopen = 1;
			}
			P->open[P->nopen++] = (struct open_line){ b, k, P->line };
		} else {
			close_open(P);
			write_line(P, b, k, P->line);
		}
		P->line++;
	}
}

/* Take the last k open lines to a new page, if they end the page and the
 * first of them is at least on grid line `min_first` (what stays behind). */
static bool
carry(pg_engine *P, int k, int min_first)
{
	if (k < 1 || P->nopen < k)
		return false;
	int h0 = P->nopen - k;
	if (P->open[P->nopen - 1].slot != P->line - 1 || P->open[h0].slot < min_first)
		return false;
	struct open_line keep[2];
	int n = P->nopen - h0, first = P->open[h0].slot;
	memcpy(keep, P->open + h0, (size_t)n * sizeof keep[0]);
	P->nopen = h0;
	pg_new_page(P, NULL);
	for (int i = 0; i < n; i++)
		write_line(P, keep[i].b, keep[i].line, keep[i].slot - first);
	P->line = keep[n - 1].slot - first + 1;
	return true;
}

/* The last open line is a whole paragraph (a block of one line): carrying
 * it alone leaves no part of it behind. */
static bool
last_is_whole(const pg_engine *P)
{
	return P->nopen > 0 && P->open[P->nopen - 1].b->nlines == 1;
}

/* The page holds one line of body text only, the last of a paragraph that
 * began on the page before, and nothing else: the line before it comes
 * along (the page before ends a line early), so that the block that
 * follows never has one lonely line above it. */
static void
take_runon_line(pg_engine *P)
{
	size_t pi = pg_page_index(P);
	dl_page *prev, *cur = P->page;

	if (!P->runon.ok || P->runon.page + 1 != pi || P->nopen != 1 ||
	    P->open[0].slot != 0 || P->line != 1 || cur->ntexts != 0 ||
	    cur->nrules != 0 || cur->nimages != 0)
		return;
	prev = &P->dl->pages[P->runon.page];
	if (prev->ntexts != P->runon.t1)
		return;
	for (size_t i = P->runon.t0; i < P->runon.t1; i++) {
		dl_text *t = push_text(P, cur);
		*t = prev->texts[i];
		t->y = pg_baseline(P, 0, t->size);
	}
	prev->ntexts = P->runon.t0;
	P->open[0].slot = 1;
	P->line = 2;
	P->runon.ok = false;
}

void
pg_keep_with_text(pg_engine *P, int need)
{
	take_runon_line(P);
	/* two lines, leaving two behind; a whole one-line paragraph (after a
	 * table or a figure: nothing else can come along, and the block must
	 * not stand alone, R7.3.5.5); two lines, leaving one; never the last
	 * line of a paragraph alone (issue 11 item 8) */
	if (pg_lines_left(P) < need && !carry(P, 2, 2) &&
	    !(last_is_whole(P) && carry(P, 1, 2)) && !carry(P, 2, 1))
		pg_new_page(P, NULL);
	close_open(P);
}
