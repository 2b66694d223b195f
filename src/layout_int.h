/* layout_int.h — what the layout files share, for them only: the state of
 * one document's layout (struct lay) and the helpers every element uses.
 * layout.c drives the 公文 elements; layout_head.c, layout_sign.c and
 * layout_banji.c place the 版头, the 署名 block and the 版记 for it. */
#ifndef GW_LAYOUT_INT_H
#define GW_LAYOUT_INT_H
#include <stdbool.h>

#include "layout.h"
#include "typeset.h"

#define BOX_R (BOX_X + BOX_W)   /* the 版心's right edge */

struct lay {
	arena *a;
	const gw_doc *d;
	font_set *fs;
	dl_doc *dl;
	pg_engine *P;    /* pages, the position, the grid */
	typeset ts;      /* strings to glyph runs */
	doc_format fmt;
	const char *zhusong;     /* 主送 moved to the 版记 (R7.3.2) */
	srcpos zhusong_pos;
	bool failed;     /* an element does not fit (reported) */
};

/* An element of one line wider than the room its rule gives it: an error
 * at its key (issue 14: never drawn off the page).  true when too wide. */
bool lay_too_wide(struct lay *L, double w, double room, srcpos pos, const char *what);

/* The widest of n strings in a role and size, in pt (0 for none). */
double lay_widest(struct lay *L, const char **s, size_t n, font_role role, double size);

/* Characters into lines by o (linebreak.c): *lc the characters with their
 * x, *lines the lines; returns how many.  forced: a character whose
 * pos.path is "break" starts a line (a Markdown hard break). */
size_t lay_break(struct lay *L, const ts_char *pc, size_t n, const lb_opts *o, bool forced,
                 lb_char **lc, lb_line **lines);

/* Baseline of text of a size on grid line i; top of grid line i. */
static inline double
lbase(const struct lay *L, int line, double size)
{
	return pg_baseline(L->P, line, size);
}

static inline double
ltop(const struct lay *L, int line)
{
	return pg_line_top(L->P, line);
}

#endif
