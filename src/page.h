/* page.h — the page engine: pages with their frames, a position on the
 * page, the 22-line grid, and blocks measured first and placed after.
 *
 * Layout (the 公文 elements) and tables are its clients; it knows nothing
 * of either.  It writes display-list pages (dl.h): every page carries its
 * own frame (paper size, orientation, 版心), so a landscape page can sit
 * between portrait ones.
 *
 * Coordinates are points from the page's top-left corner, y downwards.
 *
 * THE POSITION.  The engine keeps one position per document: a page and a
 * y on it (pg_y).  Text in the 公文 body sits on the grid: grid line i of a
 * page has its top at y0 + i * pitch (pg_line_top), where y0 is the 版心 top
 * unless the 版头 moved it (pg_grid_from).  Grid clients work in whole lines
 * (pg_line, pg_skip, pg_lines_left, pg_baseline).  A block that is not on
 * the grid (a table) works in points: it asks pg_room, draws items at
 * absolute y with pg_text/pg_rule/pg_image, moves the position to its
 * bottom with pg_advance_to and then calls pg_snap, which moves the position
 * down to the next grid line so that the text after it is on the grid again.
 *
 * BLOCKS.  A paragraph is measured first: its lines are broken and its glyph
 * runs built into a pg_block (pg_block_line, pg_block_text) before anything
 * is drawn.  pg_place then puts the block on the grid knowing its height:
 * splittable only between lines, a page break when the next line does not
 * fit, PG_KEEP_WITH_NEXT keeps it off the page's last line.  The last two
 * body lines placed stay open (not yet written to the page) until what
 * follows is known, so that a block which must not stand alone at the top of
 * a page (the 署名 block, GB/T 9704 7.3.5.5) can take them along to the next
 * page (pg_keep_with_text).  Anything else drawn on the page closes them.
 *
 * A TABLE CLIENT (sketch):
 *     pg_snap(P);                                  // start on a grid line
 *     for each row:
 *         if (pg_room(P) < row_height) {            // split between rows only
 *             pg_new_page(P, NULL);                  // same frame, or
 *             // pg_new_page(P, &landscape) for a 横排 table page
 *             repeat the header row;
 *         }
 *         double y = pg_y(P);
 *         dl_text *t = pg_text(P); t->y = y + ...;  // absolute y
 *         pg_rule(P, x1, y, x2, y, w, DL_BLACK, "table");
 *         pg_advance_to(P, y + row_height);
 *     pg_snap(P);                                  // back on the grid
 *     pg_new_page(P, &portrait) after a landscape table page
 */
#ifndef GW_PAGE_H
#define GW_PAGE_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "dl.h"

/* ---- frames ---------------------------------------------------------------- */

/* The GB/T 9704 portrait frame, the one definition of its numbers (pt). */
#define PG_BOX_X      (28.0 * MM)
#define PG_BOX_Y      (37.0 * MM)
#define PG_BOX_W      (156.0 * MM)
#define PG_BOX_H      (225.0 * MM)
#define PG_LINES      22
#define PG_CHARS      28
#define PG_LINE_PITCH (PG_BOX_H / PG_LINES)   /* 28.99 pt */
#define PG_CHAR_PITCH (PG_BOX_W / PG_CHARS)   /* 15.79 pt */

/* The GB/T 9704 frame: A4, 版心 156 × 225 mm at (28, 37) mm, 22 lines of 28
 * characters.  Landscape: A4 turned (297 × 210 mm), the 版心 turned with it
 * (225 × 156 mm at (35, 28) mm: the portrait page's margins turned a quarter
 * clockwise, its binding edge at the top), 15 grid lines of the same pitch,
 * 40 characters of the same cell. */
dl_frame pg_frame_gbt(bool landscape);

/* ---- the engine -------------------------------------------------------------- */

typedef struct pg_engine pg_engine;

/* An engine writing pages into dl (which it does not own); new pages get
 * frame *def until pg_new_page is given another. */
pg_engine *pg_new(arena *a, dl_doc *dl, const dl_frame *def);

/* Start a new page with frame f (NULL: the frame of the current page, or the
 * default).  The position goes to grid line 0 at the 版心 top.  Closes the
 * open lines of the page before.  Returns the page. */
dl_page *pg_new_page(pg_engine *P, const dl_frame *f);

/* The current page (NULL before the first), its index (0-based), its frame. */
dl_page *pg_page(const pg_engine *P);
size_t pg_page_index(const pg_engine *P);
const dl_frame *pg_cur_frame(const pg_engine *P);

/* Mark page i as left blank on purpose (GB/T 9704 7.5e: no page number). */
void pg_set_blank(pg_engine *P, size_t i, bool blank);
bool pg_is_blank(const pg_engine *P, size_t i);

/* Close the open lines (at the end of the document). */
void pg_finish(pg_engine *P);

/* Append the pages of another document (mail merge --combine), starting on
 * an odd page: a blank, unnumbered back page first when needed.  Pages keep
 * their frames and numbers. */
void pg_append(pg_engine *P, const dl_doc *part);

/* ---- the grid ---------------------------------------------------------------- */

/* Move grid line 0 of the current page so that text of `size` has the top
 * of its em box at em_top (the 版头 decides where the body starts); the
 * lines that still fit in the 版心 are the page's lines. */
void pg_grid_from(pg_engine *P, double em_top, double size);

int pg_line(const pg_engine *P);          /* next free grid line */
int pg_nlines(const pg_engine *P);        /* grid lines on this page */
int pg_lines_left(const pg_engine *P);    /* free grid lines on this page */
void pg_skip(pg_engine *P, int n);        /* leave n grid lines blank */
void pg_set_line(pg_engine *P, int line); /* move to grid line `line` */
/* The next line starts a new page, when anything is on this one (grid lines
 * used, or items drawn at absolute positions, e.g. a turned table). */
void pg_end_page(pg_engine *P);
/* Make sure a grid line is free: a new page (same frame) when the page is
 * full.  Returns the current page. */
dl_page *pg_need_line(pg_engine *P);

/* Top of grid line i, and the baseline of text of `size` on it (the em box,
 * 0.88 above and 0.12 below the baseline, centred on the line). */
double pg_line_top(const pg_engine *P, int line);
double pg_baseline(const pg_engine *P, int line, double size);

/* ---- points (blocks off the grid) -------------------------------------------- */

double pg_y(const pg_engine *P);           /* the position: y on the current page */
double pg_room(const pg_engine *P);        /* pt from the position to the 版心 bottom */
/* The position moves down to y (the bottom of what the client drew). */
void pg_advance_to(pg_engine *P, double y);
/* Back on the grid: the position moves down to the next grid line top at
 * or below it (a new page when none is left). */
void pg_snap(pg_engine *P);

/* ---- items drawn directly (absolute coordinates on the current page) -------- */

/* A zeroed text item (hscale 1, black) on the current page (a new page
 * first if there is none); the caller fills it.  Closes the open lines. */
dl_text *pg_text(pg_engine *P);
/* The same on any page already made (page numbers, a 版记 page). */
dl_text *pg_text_on(pg_engine *P, dl_page *pg);
void pg_rule(pg_engine *P, double x1, double y1, double x2, double y2, double w,
             dl_color c, const char *role);
dl_image *pg_image(pg_engine *P);

/* ---- blocks (measured, then placed on the grid) ------------------------------ */

typedef struct pg_block pg_block;

#define PG_KEEP_WITH_NEXT 1u   /* not on the page's last line: a heading */
#define PG_BODY           2u   /* body text: its last lines may be taken along */

pg_block *pg_block_new(pg_engine *P);
/* Start the next line of the block (one grid line); returns its index. */
size_t pg_block_line(pg_block *b);
/* A zeroed text item on the block's current line.  Its y is set when the
 * block is placed: the baseline of its size on the line's grid line. */
dl_text *pg_block_text(pg_block *b);
size_t pg_block_nlines(const pg_block *b);

/* Place the block from the position down, one grid line per line, a new page
 * (same frame) whenever the page is full. */
void pg_place(pg_engine *P, pg_block *b, unsigned flags);

/* The next `need` grid lines must stand together and not alone at the top of
 * a page (GB/T 9704 7.3.5.5: no 署名 without text): when fewer are left,
 * start a new page and take open body lines along, provided they end the
 * page and do not start it — the last two (two staying behind), else a
 * one-line paragraph whole (after a table or figure), else the last two
 * (one staying behind); never the last line of a paragraph alone (issue 11
 * item 8).  Closes the open lines either way. */
void pg_keep_with_text(pg_engine *P, int need);

#endif
