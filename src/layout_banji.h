/* layout_banji.h — a doc's 抄送, 印发机关 and 印发日期 (and a 主送 moved
 * there, R7.3.2) into the 版记 (GB/T 9704 7.4): 4号 entries between black
 * rules at the foot of the 版心 of an even page, a new page (and a blank one
 * between, unnumbered) when it does not fit under the text; growing upwards
 * to a page of its own, never above the 版心 (issue 14). */
#ifndef GW_LAYOUT_BANJI_H
#define GW_LAYOUT_BANJI_H
#include "layout_int.h"

/* Place the 版记 of d after everything else; the current position ends at
 * the bottom of its page.  Nothing when d has no 版记 element. */
void lay_banji(struct lay *L, const gw_doc *d);

#endif
