/* layout.c — a doc into pages on the GB/T 9704 grid: the driver of the 公文
 * elements, in their order (版头; title, 主送; body; 附件说明; 署名 block;
 * 附注, a 纪要's attendance; an issued document and the attachments; 版记;
 * page numbers), and the elements of the text itself: paragraphs,
 * headings, items, figures, tables, the title, 主送, 附件说明, 附注.  The
 * 版头 is placed by layout_head.c, the 署名 block by layout_sign.c, the
 * 版记 by layout_banji.c; layout_check.c checks the pages after.
 *
 * Every line of text sits on one of the 22 grid lines of a page; body lines
 * come from linebreak.c and are placed cell by cell; runs of one face become
 * dl_text items.  Element placement follows spec/gbt9704.md (rule ids in
 * comments). */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_banji.h"
#include "layout_check.h"
#include "layout_head.h"
#include "layout_sign.h"
#include "linebreak.h"
#include "page.h"
#include "tablepage.h"
#include "typeset.h"
#include "title.h"
#include "utf8.h"

#define MAX_PAGES 5000   /* a 公文 of more is a mistake (a runaway loop in the data) */

/* An element of one line wider than the room its rule gives it: an error
 * at its key (issue 14: never drawn off the page).  true when too wide. */
bool
lay_too_wide(struct lay *L, double w, double room, srcpos pos, const char *what)
{
	if (w <= room + 0.01)
		return false;
	diag_error(pos, "the %s is %.0f mm wide and has %.0f mm on its line (the 版心 is "
	    "156 mm wide); shorten it", what, w / MM, room > 0 ? room / MM : 0);
	L->failed = true;
	return true;
}

/* The widest of n strings in a role and size (layout_int.h). */
double
lay_widest(struct lay *L, const char **s, size_t n, font_role role, double size)
{
	double max = 0;

	for (size_t i = 0; i < n; i++) {
		double w = ts_measure(&L->ts, s[i], role, size, 0);
		if (w > max)
			max = w;
	}
	return max;
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

/* Characters into lines (layout_int.h): their advances and ink for
 * linebreak.c; forced breaks are marked by the caller through pos.path. */
size_t
lay_break(struct lay *L, const ts_char *pc, size_t n, const lb_opts *o, bool forced,
          lb_char **lc, lb_line **lines)
{
	lb_char *c = arena_alloc(L->a, (n ? n : 1) * sizeof *c);

	for (size_t i = 0; i < n; i++) {
		c[i].cp = pc[i].cp;
		c[i].adv = ts_advance(&L->ts, &pc[i]);
		if (forced && pc[i].pos.path != NULL && strcmp(pc[i].pos.path, "break") == 0)
			c[i].flags |= LB_FORCE_BREAK;
	}
	ts_set_ink(&L->ts, c, pc, n);
	*lc = c;
	return lb_break(L->a, c, n, o, lines);
}

/* Lay a paragraph (chars already decoded) on successive grid lines. */
static void
place_para(struct lay *L, ts_char *pc, size_t n, double indent_first,
           double indent_rest, const char *role, bool keep_with_next)
{
	lb_char *c;
	lb_line *lines;
	size_t nl;
	lb_opts o = { BOX_W, CHAR_PITCH, indent_first, indent_rest, false };

	if (n == 0)
		return;
	nl = lay_break(L, pc, n, &o, true, &c, &lines);
	pg_block *blk = pg_block_new(L->P);
	for (size_t k = 0; k < nl; k++) {
		size_t s = lines[k].start, e = lines[k].end;
		double *xs = arena_alloc(L->a, (e - s + 1) * sizeof *xs);
		for (size_t i = s; i < e; i++)
			xs[i - s] = BOX_X + c[i].x;
		pg_block_line(blk);
		ts_emit(&L->ts, NULL, blk, pc + s, xs, e - s, 0, DL_BLACK, 1.0, role);
	}
	pg_place(L->P, blk, PG_BODY | (keep_with_next ? PG_KEEP_WITH_NEXT : 0));
}

static void place_centred(struct lay *L, const char *text, font_role role, double size,
                          srcpos pos, dl_color color, const char *rolename);

/* A figure (issue 11, item 17): the image centred in the 版心 at its size
 * at 96 dpi, scaled down to the 版心's width and to a page; its caption
 * (the alt text) centred under it in 3号仿宋, wrapped into balanced lines;
 * image and caption never split: both go to the next page when they do
 * not fit.  The image takes whole grid lines, so the text after it is on
 * the grid again. */
#define FIG_DPI 96.0
#define FIG_MAX_CAPTION_LINES 3

static void
place_figure(struct lay *L, const doc_block *b)
{
	const struct doc_figure *fg = &b->as.figure;
	const char **cl = NULL;
	size_t nc = 0;

	if (fg->caption[0] != '\0')
		nc = title_split(L->a, fg->caption, (int)floor(BOX_W / SIZE_3HAO), &cl);
	if (nc > FIG_MAX_CAPTION_LINES) {
		diag_error(b->pos, "the caption of 图 \"%s\" takes %zu lines; a caption is a "
		    "short title (图1 …) of at most %d lines", fg->shown, nc,
		    FIG_MAX_CAPTION_LINES);
		L->failed = true;
		return;
	}
	double w = fg->px_w * 72.0 / FIG_DPI, h = fg->px_h * 72.0 / FIG_DPI;
	double maxh = (GRID_LINES - (int)nc) * LINE_PITCH - 0.01;
	double k = 1.0;
	if (w > BOX_W)
		k = BOX_W / w;
	if (h * k > maxh)
		k = maxh / h;
	w *= k;
	h *= k;
	int lines = (int)ceil(h / LINE_PITCH - 1e-6);
	if (lines < 1)
		lines = 1;
	if (pg_lines_left(L->P) < lines + (int)nc)
		pg_end_page(L->P);
	pg_need_line(L->P);
	if (pg_lines_left(L->P) < lines + (int)nc) {
		/* a page whose grid the 版头 shortened: the next one is whole */
		pg_end_page(L->P);
		pg_need_line(L->P);
	}
	double top = ltop(L, pg_line(L->P));
	dl_image *im = pg_image(L->P);
	im->path = fg->path;
	im->x = BOX_X + (BOX_W - w) / 2;
	im->y = top + (lines * LINE_PITCH - h) / 2;   /* centred in its lines */
	im->w = w;
	im->h = h;
	im->role = "figure";
	pg_skip(L->P, lines);
	for (size_t i = 0; i < nc; i++)
		place_centred(L, cl[i], ROLE_FANGSONG, SIZE_3HAO, b->pos, DL_BLACK, "caption");
}

static void
layout_block(struct lay *L, const doc_block *b, bool has_next)
{
	ts_char *pc = NULL;
	size_t n = 0, cap = 0;
	font_role body = ROLE_FANGSONG;
	const char *role = "body", *number = NULL;
	bool heading = b->kind == DOC_HEADING;
	int level = heading ? b->as.heading.level : 0;
	const doc_spans *t = doc_block_text_c(b);

	if (b->kind == DOC_TABLE) {
		tablepage_place(&L->ts, b->as.table.t, NULL, NULL, b->pos);
		return;
	}
	if (b->kind == DOC_FIGURE) {
		place_figure(L, b);
		return;
	}
	if (t == NULL) {           /* DOC_PAGEBREAK */
		pg_end_page(L->P);   /* next text starts a page */
		return;
	}
	if (heading) {
		role = heading_name(level);
		number = b->as.heading.number;
	} else if (b->kind == DOC_ITEM) {
		number = b->as.item.marker;
	}
	if (number) {
		font_role r = heading ? heading_role(level) : body;
		ts_decode(&L->ts, number, strlen(number), r, SIZE_3HAO, false, b->pos, &pc, &n, &cap);
	}
	for (size_t i = 0; i < t->n; i++) {
		const doc_span *s = &t->v[i];
		font_role r = heading && (s->style & DOC_SP_HEAD) ? heading_role(level) : body;
		size_t first = n;
		ts_decode(&L->ts, s->text, s->len, r, SIZE_3HAO, (s->style & DOC_SP_STRONG) != 0,
		    s->pos, &pc, &n, &cap);
		if ((s->style & DOC_SP_BREAK) && first < n)
			pc[first].pos.path = "break";
	}
	place_para(L, pc, n, 2 * CHAR_PITCH, 0, role,
	    heading && !b->as.heading.runin && has_next);
}

/* Centre one line of text of a role and size on a grid line. */
static void
place_centred(struct lay *L, const char *text, font_role role, double size,
              srcpos pos, dl_color color, const char *rolename)
{
	ts_char *pc;
	size_t n;
	double *xs;
	double w = ts_line(&L->ts, text, role, size, pos, size, 1.0, &pc, &n, &xs);

	if (n == 0)
		return;
	double x0 = BOX_X + (BOX_W - w) / 2;
	for (size_t i = 0; i < n; i++)
		xs[i] += x0;
	pg_need_line(L->P);
	ts_emit(&L->ts, pg_page(L->P), NULL, pc, xs, n, lbase(L, pg_line(L->P), size), color, 1.0, rolename);
	pg_skip(L->P, 1);
}

/* ---- page numbers (R7.5) ------------------------------------------------- */

static void
page_number(struct lay *L, dl_page *p, int num)
{
	char buf[32];
	ts_char *pc;
	size_t n;
	double *xs, size = SIZE_4HAO;
	srcpos none = { L->d->file, 0, 0, NULL };

	snprintf(buf, sizeof buf, "\xe2\x80\x94 %d \xe2\x80\x94", num);  /* — N — */
	double w = ts_line(&L->ts, buf, ROLE_SONGTI, size, none, 0, 1.0, &pc, &n, &xs);
	if (n == 0 || pc[0].face < 0)
		return;
	/* odd pages: right, 1 char in; even pages: left, 1 char in (R7.5d) */
	double x0 = (num % 2) ? BOX_X + BOX_W - size - w : BOX_X + size;
	for (size_t i = 0; i < n; i++)
		xs[i] += x0;
	/* the dash's ink centre 7 mm under the 版心 (R7.5c) */
	double ix0, iy0, ix1, iy1, mid = 0.25;
	if (fonts_ink(L->fs, pc[0].face, 0x2014, &ix0, &iy0, &ix1, &iy1))
		mid = (iy0 + iy1) / 2;
	double y = BOX_Y + BOX_H + 7 * MM + mid * size;
	ts_emit(&L->ts, p, NULL, pc, xs, n, y, DL_BLACK, 1.0, "pageno");
	p->number = num;
}

/* ---- title, 主送 (R7.3.1-2) ---------------------------------------------- */

/* Text in balanced lines (title.c), each centred on a grid line. */
static void
place_balanced(struct lay *L, const char *text, font_role role, double size, srcpos pos,
               const char *rolename)
{
	const char **lines;
	size_t nl = title_split(L->a, text, (int)floor(BOX_W / size), &lines);

	for (size_t i = 0; i < nl; i++)
		place_centred(L, lines[i], role, size, pos, DL_BLACK, rolename);
}

static void
place_title_text(struct lay *L, const char *title, srcpos pos, const char *subtitle)
{
	place_balanced(L, title, ROLE_XIAOBIAOSONG, SIZE_2HAO, pos, "title");
	if (subtitle)   /* balanced lines when longer than one (issue 14) */
		place_balanced(L, arena_printf(L->a, "（%s）", subtitle), ROLE_KAITI, SIZE_3HAO,
		    pos, "subtitle");
}

/* A paragraph from plain text with given indents (in characters). */
static void
place_plain(struct lay *L, const char *text, font_role role, srcpos pos,
            double ind_first, double ind_rest, const char *rolename)
{
	ts_char *pc = NULL;
	size_t n = 0, cap = 0;

	ts_decode(&L->ts, text, strlen(text), role, SIZE_3HAO, false, pos, &pc, &n, &cap);
	place_para(L, pc, n, ind_first, ind_rest, rolename, false);
}

static void
place_addressee(struct lay *L)
{
	srcpos pos = L->d->addressee.pos;
	const char *to = L->d->addressee.s;
	if (to == NULL)
		return;
	size_t n = strlen(to);
	const char *colon = "：";
	if (n >= 3 && strcmp(to + n - 3, colon) == 0)
		colon = "";
	const char *text = arena_printf(L->a, "%s%s", to, colon);
	/* so many that page 1 would show no body text: to the 版记 (R7.3.2) */
	ts_char *pc = NULL;
	size_t np = 0, cap = 0;
	ts_decode(&L->ts, text, strlen(text), ROLE_FANGSONG, SIZE_3HAO, false, pos, &pc, &np, &cap);
	lb_char *lc;
	lb_line *ll;
	lb_opts o = { BOX_W, CHAR_PITCH, 0, 0, false };
	size_t nl = lay_break(L, pc, np, &o, false, &lc, &ll);
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
		double numw = ts_measure(&L->ts, num, ROLE_FANGSONG, SIZE_3HAO, 0);
		double first = i == 0 ? 2 * CHAR_PITCH : lead;
		place_plain(L, text, ROLE_FANGSONG, d->att[i].pos, first, lead + numw, "attnote");
	}
}

/* 附注 (R7.3.6): in parentheses, 2 chars in, on the line after the date. */
static void
place_note(struct lay *L, const gw_doc *d)
{
	srcpos pos = d->note.pos;
	const char *v = d->note.s;
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
	const doc_list *el[] = { &d->present, &d->absent, &d->attending };
	bool first = true;

	for (int i = 0; i < 3; i++) {
		const char **items = el[i]->v;
		srcpos pos = el[i]->pos;
		size_t n = el[i]->n;
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
		ts_char *pc = NULL;
		size_t np = 0, cap = 0;
		const char *lab = arena_printf(L->a, "%s：", keys[i]);
		ts_decode(&L->ts, lab, strlen(lab), ROLE_HEITI, SIZE_3HAO, false, pos, &pc, &np, &cap);
		ts_decode(&L->ts, abuf_cstr(&b), b.len, ROLE_FANGSONG, SIZE_3HAO, false, pos, &pc, &np, &cap);
		place_para(L, pc, np, 2 * CHAR_PITCH, 5 * CHAR_PITCH, "attendance", false);
	}
}

/* ---- attachments and issued documents (R7.3.7) --------------------------- */

static void
place_attachment(struct lay *L, const gw_attach *at, size_t i, size_t n)
{
	const char *label = n > 1 ? arena_printf(L->a, "附件%zu", i + 1) : "附件";
	const gw_doc *b = at->body;
	if (b && b->nblocks > 0 && b->blocks[0].kind == DOC_TABLE &&
	    b->blocks[0].as.table.t->landscape) {
		/* a landscape table opens the attachment: its label and title
		 * are turned with it (R8) */
		pg_new_page(L->P, NULL);
		tablepage_place(&L->ts, b->blocks[0].as.table.t, label, at->title, at->pos);
		for (size_t k = 1; k < b->nblocks; k++)
			layout_block(L, &b->blocks[k], k + 1 < b->nblocks);
		return;
	}
	pg_new_page(L->P, NULL);
	ts_put(&L->ts, pg_page(L->P), label, ROLE_HEITI, SIZE_3HAO, BOX_X, lbase(L, 0, SIZE_3HAO),
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
		if (is->body->title.s == NULL && (is->body->signatures.n > 0 ||
		    is->body->date.d.y != 0))
			lay_signature(L, is->body);
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
	return d->date.d.y ? date_epoch(d->date.d) : -1;
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
	L.dl->title = d->title.s;
	L.dl->author = d->author;
	L.dl->subject = d->info_subject;
	L.dl->keywords = d->info_keywords;
	L.dl->date = pdf_date(d);

	dl_frame portrait = pg_frame_gbt(false);
	L.P = pg_new(a, L.dl, &portrait);
	L.ts = (typeset){ a, fs, L.P, false, false };
	pg_new_page(L.P, NULL);
	lay_head(&L);
	if (d->title.s)
		place_title_text(&L, d->title.s, d->title.pos, d->draft.s);
	if (d->addressee.s)
		place_addressee(&L);    /* 1 blank line under the title; the body follows it */
	else if (d->title.s)
		pg_skip(L.P, 1);
	if (L.fmt == DOC_FMT_ORDER && d->title.s == NULL)
		pg_set_line(L.P, 0);
	place_body(&L, d);
	place_att_note(&L, d);
	if (L.fmt != DOC_FMT_MINUTES)
		lay_signature(&L, d);
	place_note(&L, d);
	if (L.fmt == DOC_FMT_MINUTES) {
		place_attendance(&L, d);
		/* a 纪要 keeps its 成文日期 (and a 署名, if it has one) after
		 * the attendance lists, laid out as an unsealed one (issue 11) */
		lay_signature(&L, d);
	}
	if (d->issued)
		place_issued(&L, d->issued);
	/* a 附件 given only by name is listed in the 附件说明 and has no page
	 * of its own (a page with nothing but its label and title) */
	for (size_t i = 0; i < d->natt; i++)
		if (d->att[i].body)
			place_attachment(&L, &d->att[i], i, d->natt);
	if (d->issued && d->issued->body)
		for (size_t i = 0; i < d->issued->body->natt; i++)
			if (d->issued->body->att[i].body)
				place_attachment(&L, &d->issued->body->att[i], i,
				    d->issued->body->natt);
	lay_banji(&L, d);
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
		if (pg_is_blank(L.P, i) || (L.fmt == DOC_FMT_LETTER && i == 0))
			continue;
		page_number(&L, p, (int)i + 1);
	}
	if (L.ts.failed || L.failed || !layout_check(L.dl, fs, d->file))
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
