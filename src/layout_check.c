/* layout_check.c — laid-out pages into yes or no (see layout_check.h). */
#include "layout_check.h"

#include <math.h>
#include <string.h>

#include "diag.h"
#include "page.h"
#include "utf8.h"

/* The element a display-list role stands for, for messages. */
static const char *
element_name(const char *role)
{
	static const char *const map[][2] = {
		{ "mark", "发文机关标志" }, { "docno", "发文字号" }, { "signer", "签发人" },
		{ "corner", "份号/密级/紧急程度" }, { "separator", "版头分隔线" },
		{ "title", "标题" }, { "subtitle", "标题 (征求意见稿)" }, { "addressee", "主送" },
		{ "body", "正文" }, { "h1", "一级标题" }, { "h2", "二级标题" },
		{ "h3", "三级标题" }, { "h4", "四级标题" }, { "attnote", "附件说明" },
		{ "attlabel", "附件标签" }, { "sign", "署名" }, { "signname", "署名" },
		{ "date", "成文日期" }, { "seal", "印章" }, { "signature-stamp", "签名章" },
		{ "note", "附注" }, { "attendance", "出席/请假/列席" }, { "banji", "版记" },
		{ "pageno", "页码" }, { "figure", "图" }, { "caption", "图题" },
	};
	for (size_t i = 0; role && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(role, map[i][0]) == 0)
			return map[i][1];
	return role ? role : "an element";
}

#define NET_TOL 1.0         /* pt: rounding, hanging punctuation's ink */
#define NET_MIN_SIZE 4.0    /* pt: smaller type is a layout fault */

static bool
net_fault(const char *file, size_t page, const char *role, const char *what,
          double x0, double y0, double x1, double y1)
{
	diag_fatal(pos_at(file, 0, 0), "internal error: the %s on page %zu %s "
	    "(%.1f,%.1f)-(%.1f,%.1f) mm; no PDF was written; please report this with the "
	    "template", element_name(role), page + 1, what, x0 / MM, y0 / MM, x1 / MM, y1 / MM);
	return false;
}

/* After layout: every glyph run, rule and image lies on its page, and text
 * (but the page number) within the 版心 (a 信函's mark above it), in type of a readable
 * size; anything else is a layout bug, never silently drawn off-page.
 * The first fault is reported (one is enough to stop). */
bool
layout_check(const dl_doc *dl, font_set *fs, const char *file)
{
	for (size_t p = 0; p < dl->npages; p++) {
		const dl_page *pg = &dl->pages[p];
		dl_frame f = pg->frame;
		if (f.width <= 0)
			f = pg_frame_gbt(false);
		double W = f.width, H = f.height;
		for (size_t i = 0; i < pg->ntexts; i++) {
			const dl_text *t = &pg->texts[i];
			if (t->n == 0)
				continue;
			/* the ink of the run's first and last glyphs (a compressed
			 * mark at a line's end has its ink in its left half) */
			double last = utf8_is_wide(t->cps[t->n - 1]) ? 1.0 : 0.6, first = 0;
			double ix0, iy0, ix1, iy1;
			if (fonts_ink(fs, t->face, t->cps[t->n - 1], &ix0, &iy0, &ix1, &iy1))
				last = ix1;
			if (fonts_ink(fs, t->face, t->cps[0], &ix0, &iy0, &ix1, &iy1))
				first = ix0;
			double x0 = t->xs[0] + first * t->size * t->hscale;
			double x1 = t->xs[t->n - 1] + last * t->size * t->hscale;
			double y0 = t->y - 0.88 * t->size, y1 = t->y + 0.12 * t->size;
			if (t->size < NET_MIN_SIZE)
				return net_fault(file, p, t->role, "is set in type smaller than 4 pt at",
				    x0, y0, x1, y1);
			if (t->rot90) {   /* measured on the page turned (dl.h) */
				if (x0 < -NET_TOL || x1 > H + NET_TOL || y0 < -NET_TOL || y1 > W + NET_TOL)
					return net_fault(file, p, t->role, "is drawn off the page at",
					    x0, y0, x1, y1);
				continue;
			}
			if (x0 < -NET_TOL || x1 > W + NET_TOL || y0 < -NET_TOL || y1 > H + NET_TOL)
				return net_fault(file, p, t->role, "is drawn off the page at", x0, y0, x1, y1);
			bool in_box = t->role == NULL || strcmp(t->role, "pageno") != 0;
			if (in_box && !f.landscape && (x0 < f.box_x - NET_TOL ||
			    x1 > f.box_x + f.box_w + NET_TOL))
				return net_fault(file, p, t->role, "leaves the 版心 at", x0, y0, x1, y1);
			/* and its height (a 信函's mark sits above it: R10.1) */
			bool in_height = in_box && strcmp(t->role ? t->role : "", "mark") != 0;
			if (in_height && !f.landscape && (y0 < f.box_y - 2 * NET_TOL ||
			    y1 > f.box_y + f.box_h + 2 * NET_TOL))
				return net_fault(file, p, t->role, "leaves the 版心 at", x0, y0, x1, y1);
		}
		for (size_t i = 0; i < pg->nrules; i++) {
			const dl_rule *r = &pg->rules[i];
			double x0 = fmin(r->x1, r->x2), x1 = fmax(r->x1, r->x2);
			double y0 = fmin(r->y1, r->y2), y1 = fmax(r->y1, r->y2);
			if (x0 < -NET_TOL || x1 > W + NET_TOL || y0 < -NET_TOL || y1 > H + NET_TOL)
				return net_fault(file, p, r->role, "is drawn off the page at", x0, y0, x1, y1);
		}
		for (size_t i = 0; i < pg->nimages; i++) {
			const dl_image *im = &pg->images[i];
			if (im->x < -NET_TOL || im->x + im->w > W + NET_TOL || im->y < -NET_TOL ||
			    im->y + im->h > H + NET_TOL)
				return net_fault(file, p, im->role, "is drawn off the page at", im->x, im->y,
				    im->x + im->w, im->y + im->h);
		}
	}
	return true;
}
