/* linebreak.h — Chinese line breaking on the 28-character grid.
 *
 * Input: a paragraph as an array of characters with their natural advances.
 * Output: lines, and the x of every character, such that
 *   - wide characters (utf8_is_wide) take one grid cell (`pitch`);
 *   - Latin/digit runs (and the spaces between them) keep their natural
 *     widths and are never broken inside a word/number;
 *   - 避头尾: no 。，、；：？！）》」』”’… at a line start, no （《「『“‘ at
 *     a line end.  A collision is resolved by compressing punctuation
 *     (29 characters in the line, a punctuation mark squeezed to half a cell,
 *     ink inside the 版心) when the line has a squeezable mark, otherwise by
 *     pushing the last character down (27 characters, spread to the full
 *     width).  Punctuation never hangs past the right edge;
 *   - every line but the last is justified to exactly `width`.
 * Table-driven (the class tables are in linebreak.c) and unit-tested. */
#ifndef GW_LINEBREAK_H
#define GW_LINEBREAK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct lb_char {
	uint32_t cp;
	double adv;        /* in: natural advance, pt */
	unsigned flags;    /* in: LB_* */
	double x;          /* out: glyph origin, pt from the line's left edge */
	double w;          /* out: width the character occupies, pt */
} lb_char;

#define LB_NOBREAK_BEFORE 1u  /* never break before this char (e.g. inside a unit) */
#define LB_FORCE_BREAK    2u  /* a hard line break before this char */

typedef struct lb_line {
	size_t start, end;   /* characters [start, end) */
	bool last;           /* last line of the paragraph (not justified) */
	int kinsoku;         /* 0, or +1 compressed / -1 pushed (for dumps) */
} lb_line;

typedef struct lb_opts {
	double width;         /* full line width, pt (版心 156 mm = 442.205) */
	double pitch;         /* grid cell, pt (width / 28) */
	double indent_first;  /* first line indent, pt */
	double indent_rest;   /* other lines' indent, pt (hanging indent) */
	bool justify_last;    /* also justify the last line */
} lb_opts;

/* Character classes (exported for tests and layout). */
bool lb_no_line_start(uint32_t cp);   /* 。，、… closing marks */
bool lb_no_line_end(uint32_t cp);     /* （《“… opening marks */
bool lb_is_wide(uint32_t cp);         /* takes a grid cell */

/* Break c[0..n) into lines.  x/w are relative to the line's own left edge
 * (the indent is included in x).  Returns the number of lines; *lines lives
 * in the arena. */
size_t lb_break(arena *a, lb_char *c, size_t n, const lb_opts *o,
                lb_line **lines);

#endif
