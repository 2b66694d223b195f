/* tablepage.h — a table (table.h) onto pages: the page engine gives the
 * room left, table.c breaks the table into parts, typeset's faces draw
 * them; the position then snaps back to the 22-line grid.
 *
 * A landscape table (横排, R8) is drawn turned 90° counter-clockwise on
 * portrait pages (dl_text.rot90): its frame is the 版心 seen on the page
 * turned to landscape (225 × 156 mm), its text runs up the page, the table
 * head is at the left edge, and the page number stays where it is on every
 * page (a landscape MediaBox would need a turned page number: the checker's
 * R8 fails a horizontal one at the landscape bottom). */
#ifndef GW_TABLEPAGE_H
#define GW_TABLEPAGE_H
#include <stdbool.h>

#include "table.h"
#include "typeset.h"

/* Place t at the position (a landscape table on pages of its own).  label
 * and title: the 附件 label and title, drawn turned above a landscape table
 * that opens an attachment; NULL otherwise.  false after a diagnostic (the
 * columns cannot fit, a character no font has). */
bool tablepage_place(typeset *T, tbl *t, const char *label, const char *title, srcpos pos);

#endif
