/* layout_check.h — laid-out pages into yes or no: the safety net run after
 * layout (issue 14).  Every glyph run, rule and image lies on its page,
 * text within the 版心 (but the page number; a 信函's mark sits above it),
 * no type under 4 pt; anything else is a layout bug, reported as an
 * internal error naming the element and the page, and no PDF is written. */
#ifndef GW_LAYOUT_CHECK_H
#define GW_LAYOUT_CHECK_H
#include <stdbool.h>

#include "dl.h"
#include "fonts.h"

/* True when the pages of dl pass; false after an internal error naming the
 * element and page (file: the template, for the message). */
bool layout_check(const dl_doc *dl, font_set *fs, const char *file);

#endif
