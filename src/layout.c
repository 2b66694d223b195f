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

#include "linebreak.h"
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
	dl_page *page;
	int line;        /* next free grid line on the page */
	bool failed;
};

/* ---- pages -------------------------------------------------------------- */

static dl_page *
new_page(struct lay *L)
{
	dl_page *p = ARENA_PUSH(L->a, L->dl->pages, L->dl->npages, L->dl->cappages);
	memset(p, 0, sizeof *p);
	p->number = (int)L->dl->npages;
	L->page = p;
	L->line = 0;
	return p;
}

/* Make sure a grid line is free; start a new page when the page is full. */
static void
need_line(struct lay *L)
{
	if (L->page == NULL || L->line >= GRID_LINES)
		new_page(L);
}

static dl_text *
push_text(struct lay *L, dl_page *p)
{
	dl_text *t = ARENA_PUSH(L->a, p->texts, p->ntexts, p->captexts);
	memset(t, 0, sizeof *t);
	t->hscale = 1.0;
	t->color = DL_BLACK;
	return t;
}

static void __attribute__((unused))
push_rule(struct lay *L, dl_page *p, double x1, double y1, double x2, double y2,
          double w, dl_color c, const char *role)
{
	dl_rule *r = ARENA_PUSH(L->a, p->rules, p->nrules, p->caprules);
	r->x1 = x1; r->y1 = y1; r->x2 = x2; r->y2 = y2;
	r->width = w;
	r->color = c;
	r->role = role;
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
 * dl_text runs (one per face/size/bold). */
static void
emit(struct lay *L, dl_page *pg, const struct pc *pc, const double *xs, size_t n,
     double y, dl_color color, double hscale, const char *role)
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
			dl_text *t = push_text(L, pg);
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
	need_line(L);
	/* keep a one-line heading off the last line of a page */
	if (keep_with_next && nl == 1 && L->line == GRID_LINES - 1)
		new_page(L);
	for (size_t k = 0; k < nl; k++) {
		need_line(L);
		size_t s = lines[k].start, e = lines[k].end;
		double *xs = arena_alloc(L->a, (e - s + 1) * sizeof *xs);
		for (size_t i = s; i < e; i++)
			xs[i - s] = BOX_X + c[i].x;
		emit(L, L->page, pc + s, xs, e - s, layout_baseline(L->line, SIZE_3HAO),
		    DL_BLACK, 1.0, role);
		L->line++;
	}
}

static void
layout_block(struct lay *L, const doc_block *b, bool has_next)
{
	struct pc *pc = NULL;
	size_t n = 0, cap = 0;
	font_role body = ROLE_FANGSONG;
	const char *role = "body";

	if (b->kind == B_PAGEBREAK) {
		if (L->page != NULL && L->line > 0)
			L->line = GRID_LINES;   /* next text starts a page */
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

/* ---- title (R7.3.1) ------------------------------------------------------ */

/* Two-character words that a title line must not split; a small list of the
 * words 公文 titles are made of.  Breaking after 的 and before 关于 is good. */
static const char *const title_words[] = {
	"通知", "通报", "方案", "意见", "报告", "请示", "决定", "办法", "规定", "批复",
	"关于", "印发", "转发", "工作", "实施", "加快", "推进", "开展", "产业", "建设",
	"发展", "管理", "专项", "集聚", "提质", "转型", "升级", "行动", "区域", "部分",
	"园区", "高新", "新区", "会议", "纪要", "命令", "公告", "通告", "考核", "评分",
	"细则", "计划", "要点", "总结", "安排", "责任", "分工", "任务", "改造", "企业",
	"人民", "政府", "办公", "办公室", "机关", "单位", "年度", "全面", "进一步", "切实",
	NULL
};

static bool
is_cell_wide(uint32_t cp)
{
	return utf8_is_wide(cp);
}

/* Penalty for a break between cps[i-1] and cps[i]; < 0 is a bonus, >= 1000
 * forbids. */
static int
break_penalty(const uint32_t *cps, size_t n, size_t i)
{
	uint32_t a = cps[i - 1], b = cps[i];
	int pen = 0;

	if (!is_cell_wide(a) && !is_cell_wide(b) && a != ' ' && b != ' ')
		return 1000;   /* inside a number or Latin word */
	if (lb_no_line_start(b) || lb_no_line_end(a))
		return 1000;
	/* inside brackets 〔〕《》（）“” */
	int depth = 0;
	for (size_t k = 0; k < i; k++) {
		if (cps[k] == 0x3014 || cps[k] == 0x300A || cps[k] == 0xFF08 || cps[k] == 0x201C)
			depth++;
		else if ((cps[k] == 0x3015 || cps[k] == 0x300B || cps[k] == 0xFF09 ||
		    cps[k] == 0x201D) && depth > 0)
			depth--;
	}
	if (depth > 0)
		pen += 8;
	if (a == 0x7684)          /* 的| */
		pen -= 3;
	if (b == 0x7684)          /* |的 */
		pen += 12;
	for (int w = 0; title_words[w]; w++) {
		uint32_t wc[4];
		size_t wl = utf8_to_cps(title_words[w], strlen(title_words[w]), wc);
		for (size_t off = 1; off < wl; off++) {
			if (i < off || i - off + wl > n)
				continue;
			bool m = true;
			for (size_t q = 0; q < wl && m; q++)
				m = cps[i - off + q] == wc[q];
			if (m)
				pen += 10;
		}
		if (wl >= 2 && i + wl <= n) {   /* |关于 */
			bool m = true;
			for (size_t q = 0; q < wl && m; q++)
				m = cps[i + q] == wc[q];
			if (m)
				pen -= 1;
		}
	}
	if (b == ' ' || a == ' ')
		pen -= 1;
	return pen;
}

static double
cells_of(const uint32_t *cps, size_t s, size_t e)
{
	double c = 0;
	for (size_t i = s; i < e; i++)
		c += is_cell_wide(cps[i]) ? 1.0 : 0.5;
	return c;
}

size_t
layout_split_title(arena *a, const char *title, int max_cells, const char ***out)
{
	size_t len = strlen(title);
	uint32_t *cps = arena_alloc(a, (len + 1) * sizeof *cps);
	size_t n = utf8_to_cps(title, len, cps);
	const char **lines = NULL;
	size_t nl = 0, cap = 0;
	size_t seg = 0;

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
		double total = cells_of(cps, s, e);
		int k = (int)ceil(total / max_cells - 1e-9);
		if (k < 1)
			k = 1;
		size_t *brk = arena_alloc(a, (size_t)(k + 1) * sizeof *brk);
		brk[0] = s;
		brk[k] = e;
		if (k > 1) {
			/* DP: best[j][i] = cost of first j lines ending at i */
			size_t m = e - s;
			double *best = arena_alloc(a, (size_t)(k + 1) * (m + 1) * sizeof *best);
			size_t *from = arena_alloc(a, (size_t)(k + 1) * (m + 1) * sizeof *from);
			double target = total / k;
			for (size_t q = 0; q < (size_t)(k + 1) * (m + 1); q++)
				best[q] = 1e18;
			best[0] = 0;
			for (int j = 1; j <= k; j++) {
				for (size_t t = 1; t <= m; t++) {
					if (j < k && t == m)
						continue;
					int pen = t < m ? break_penalty(cps + s, m, t) : 0;
					if (pen >= 1000)
						continue;
					for (size_t f = 0; f < t; f++) {
						double prev = best[(size_t)(j - 1) * (m + 1) + f];
						if (prev >= 1e17)
							continue;
						double c = cells_of(cps + s, f, t);
						if (c > max_cells + 1e-9)
							continue;
						double d = c - target;
						/* slightly prefer longer upper lines (倒梯形) over a
						 * short line on top */
						double cost = prev + d * d * 4 + pen + (j == 1 && d < 0 ? 1 : 0);
						size_t q = (size_t)j * (m + 1) + t;
						if (cost < best[q]) {
							best[q] = cost;
							from[q] = f;
						}
					}
				}
			}
			if (best[(size_t)k * (m + 1) + m] >= 1e17) {
				/* no acceptable break: cut by width */
				for (int j = 1; j < k; j++)
					brk[j] = s + (size_t)((double)m * j / k);
			} else {
				size_t t = m;
				for (int j = k; j > 0; j--) {
					brk[j] = s + t;
					t = from[(size_t)j * (m + 1) + t];
				}
				brk[0] = s;
			}
		}
		for (int j = 0; j < k; j++) {
			abuf b;
			char enc[4];
			abuf_init(&b, a);
			for (size_t q = brk[j]; q < brk[j + 1]; q++)
				abuf_put(&b, enc, utf8_encode(cps[q], enc));
			/* trim spaces at the cut */
			while (b.len > 0 && b.p[b.len - 1] == ' ')
				b.len--;
			size_t off = 0;
			while (off < b.len && b.p[off] == ' ')
				off++;
			*ARENA_PUSH(a, lines, nl, cap) = arena_strndup(a, b.p + off, b.len - off);
		}
	}
	*out = lines;
	return nl;
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
	need_line(L);
	emit(L, L->page, pc, xs, n, layout_baseline(L->line, size), color, 1.0, rolename);
	L->line++;
}

static void
place_title(struct lay *L)
{
	const char **lines;
	size_t nl = layout_split_title(L->a, L->d->title, (int)floor(BOX_W / SIZE_2HAO), &lines);

	for (size_t i = 0; i < nl; i++)
		place_centred(L, lines[i], ROLE_XIAOBIAOSONG, SIZE_2HAO, L->d->title_pos,
		    DL_BLACK, "title");
	if (L->d->subtitle) {
		const char *s = arena_printf(L->a, "（%s）", L->d->subtitle);
		place_centred(L, s, ROLE_KAITI, SIZE_3HAO, L->d->title_pos, DL_BLACK, "subtitle");
	}
	L->line++;   /* one blank line under the title */
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
	emit(L, p, pc, xs, n, y, DL_BLACK, 1.0, "pageno");
	p->number = num;
}

/* ---- the document -------------------------------------------------------- */

dl_doc *
layout_doc(arena *a, const gw_doc *d, font_set *fs)
{
	struct lay L;

	memset(&L, 0, sizeof L);
	L.a = a;
	L.d = d;
	L.fs = fs;
	L.dl = arena_alloc(a, sizeof *L.dl);
	L.dl->width = PAGE_W;
	L.dl->height = PAGE_H;
	L.dl->title = d->title;
	L.dl->author = d->author;
	L.dl->date = -1;

	new_page(&L);
	if (d->title)
		place_title(&L);
	for (size_t i = 0; i < d->nblocks; i++)
		layout_block(&L, &d->blocks[i], i + 1 < d->nblocks);
	for (size_t i = 0; i < L.dl->npages; i++)
		page_number(&L, &L.dl->pages[i], (int)i + 1);
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
		fprintf(f, "page %zu number=%d\n", p + 1, pg->number);
		for (size_t i = 0; i < pg->nrules; i++) {
			const dl_rule *r = &pg->rules[i];
			fprintf(f, "  rule %s (%.2f,%.2f)-(%.2f,%.2f) w=%.2fmm #%02X%02X%02X\n",
			    r->role ? r->role : "-", r->x1 / MM, r->y1 / MM, r->x2 / MM,
			    r->y2 / MM, r->width / MM, r->color.r, r->color.g, r->color.b);
		}
		for (size_t i = 0; i < pg->nimages; i++) {
			const dl_image *im = &pg->images[i];
			fprintf(f, "  image %s %s at (%.2f,%.2f) %.2fx%.2f mm\n", im->role ? im->role : "-",
			    im->path, im->x / MM, im->y / MM, im->w / MM, im->h / MM);
		}
		for (size_t i = 0; i < pg->ntexts; i++) {
			const dl_text *t = &pg->texts[i];
			fprintf(f, "  text %s x=%.2f..%.2f y=%.2f %gpt %s%s%s \"",
			    t->role ? t->role : "-", t->n ? t->xs[0] / MM : 0,
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
