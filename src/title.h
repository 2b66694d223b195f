/* title.h — a 公文 title split into centred lines (GB/T 9704 7.3.1: 梯形或菱形,
 * never inside a word, a number or brackets), beside linebreak.c which breaks
 * body text.  Linear in the title's length: a dictionary lookup per
 * character (binary search on the first character) and a line-balancing
 * dynamic programme over a band of at most 2 × max_cells break positions per
 * line. */
#ifndef GW_TITLE_H
#define GW_TITLE_H
#include <stddef.h>

#include "arena.h"

/* Split a title into lines of at most max_cells cells (a wide character is
 * one cell, a narrow one half); explicit newlines in the value win.  Returns
 * the number of lines, *out their texts (in the arena), spaces at the cuts
 * trimmed.  The lines are balanced (equal lengths, a slightly longer upper
 * line preferred), breaks inside dictionary words, brackets or after 2018|年
 * penalised, breaks inside a number or Latin word or against 避头尾 refused
 * unless nothing else fits (then the title is cut by width). */
size_t title_split(arena *a, const char *title, int max_cells, const char ***out);

#endif
