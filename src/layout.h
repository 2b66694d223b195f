/* layout.h — the doc model to pages of glyph runs and rules (display list),
 * on the GB/T 9704 page frame: A4, 版心 156×225 mm at (28, 37) mm,
 * 22 lines × 28 characters. */
#ifndef GW_LAYOUT_H
#define GW_LAYOUT_H
#include <stdio.h>

#include "arena.h"
#include "dl.h"
#include "doc.h"
#include "fonts.h"
#include "page.h"

/* Page frame (pt; y from the page top). */
#define PAGE_W   DL_A4_W
#define PAGE_H   DL_A4_H
#define BOX_X    PG_BOX_X
#define BOX_Y    PG_BOX_Y
#define BOX_W    PG_BOX_W
#define BOX_H    PG_BOX_H
#define GRID_LINES PG_LINES
#define GRID_CHARS PG_CHARS
#define LINE_PITCH PG_LINE_PITCH
#define CHAR_PITCH PG_CHAR_PITCH
#define SIZE_3HAO 16.0
#define SIZE_2HAO 22.0
#define SIZE_4HAO 14.0

/* Lay out d.  NULL after diagnostics (e.g. a character no font has), or
 * when the pages fail the safety net (layout_check.h). */
dl_doc *layout_doc(arena *a, const gw_doc *d, font_set *fs);

/* --dump=layout: every run with its position in mm. */
void layout_dump(const dl_doc *dl, const font_set *fs, FILE *f);

#endif
