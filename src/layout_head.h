/* layout_head.h — the 版头 fields of a doc into the top of page 1 (GB/T 9704
 * 7.2, 10.1, 10.2): 份号, 密级和保密期限 and 紧急程度 top-left; the red
 * 发文机关标志 (one organ in 初号, joint organs stacked with 文件 beside
 * them, in rows when there are many); 发文字号 and 签发人 under it; the red
 * separator; a 信函's double lines; then the grid for the title moved under
 * it all.  A 版头 that would leave page 1 no room for the text is an error
 * at its key (issue 14). */
#ifndef GW_LAYOUT_HEAD_H
#define GW_LAYOUT_HEAD_H
#include "layout_int.h"

/* Place the 版头 of L->d for its format (文件, 命令, 信函; without a
 * 发文机关标志 only 份号 etc.) on the current page, page 1. */
void lay_head(struct lay *L);

#endif
