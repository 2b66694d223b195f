/* linebreak.h — Chinese line breaking on the 28-character grid.
 *
 * Input: a paragraph as an array of characters with their natural advances.
 * Output: lines, and the x of every character, such that
 *   - wide characters (utf8_is_wide) take one grid cell (`pitch`);
 *   - Latin/digit runs (and the spaces between them) keep their natural
 *     widths and are never broken inside a word/number;
 *   - adjacent punctuation shares its space (》，  ”“  （《): the blank
 *     half between the two marks is taken out, as GB/T 15834 and the W3C
 *     clreq describe, before anything else;
 *   - 避头尾: no 。，、；：？！）》」』”’… at a line start, no （《「『“‘ at
 *     a line end.  A collision is resolved by compressing punctuation
 *     (29 characters in the line: the mark at the line end gives up to half
 *     a cell, marks inside the line at most a quarter each, so that none
 *     reads as a half-width ",") when the line has enough squeezable marks,
 *     otherwise by pushing the last character down (27 characters, spread
 *     to the full width).  Compression is taken only from the blank sides
 *     of a mark as its own ink shows them (ink0/ink1), keeping the ink at
 *     least 0.08 cell clear of the cell edge.  Punctuation never hangs past
 *     the right edge;
 *   - a number keeps its unit (2019年, 26亿元, 31日) and a paragraph's last
 *     line is never one character (位。) when the line before can give it
 *     one more;
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
	double ink0, ink1; /* in: the glyph's ink, pt right of its origin (a
	                    * compressed mark keeps it clear of its
	                    * neighbours); both 0 = unknown (GB-style ink:
	                    * a closing mark's in the left half, an opening
	                    * mark's in the right half) */
	unsigned flags;    /* in: LB_* */
	double x;          /* out: glyph origin, pt from the line's left edge */
	double w;          /* out: width the character occupies, pt */
	double cx;         /* out: left edge of that width (the cell), pt; x
	                    * differs from it for a compressed mark whose
	                    * glyph moves inside its cell */
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
