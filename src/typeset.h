/* typeset.h — strings to positioned glyph runs (dl_text): each character
 * gets the face of its role that has it (fonts.c), its advance, a position;
 * runs of one face, size and weight become one dl_text, on a page or on a
 * line of a block (page.h).  A character no installed font has is an error
 * at its template position. */
#ifndef GW_TYPESET_H
#define GW_TYPESET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "dl.h"
#include "fonts.h"
#include "linebreak.h"
#include "page.h"

typedef struct typeset {
	arena *a;
	font_set *fs;
	pg_engine *P;
	bool failed;         /* a character had no font (reported) */
	bool quiet;          /* measuring: a character no font has is reported
	                      * when the text is drawn, at its position */
} typeset;

/* One character to place: code point, face, size, style, origin. */
typedef struct ts_char {
	uint32_t cp;
	int face;
	double size;
	bool bold;
	srcpos pos;
} ts_char;

/* Append the characters of s[0..n) in a role and size to *v (ARENA_PUSH
 * growth: *nv items, *cap room); newlines advance pos, zero-width characters
 * are dropped, odd spaces become spaces.  Returns how many were added. */
size_t ts_decode(typeset *T, const char *s, size_t n, font_role role, double size,
                 bool bold, srcpos pos, ts_char **v, size_t *nv, size_t *cap);

/* The natural advance of a character, pt. */
double ts_advance(typeset *T, const ts_char *c);
/* Fill c[i].ink0/ink1 (pt, from the glyph origin) for the marks the line
 * breaker may compress, from their own ink extents, so a compressed mark
 * keeps its ink clear of its neighbours; other characters get 0. */
void ts_set_ink(typeset *T, lb_char *c, const ts_char *pc, size_t n);

/* Characters c[0..n) at x positions xs on baseline y as runs: on page pg,
 * or (blk != NULL) on the current line of a block, whose placing sets y. */
void ts_emit(typeset *T, dl_page *pg, pg_block *blk, const ts_char *c, const double *xs,
             size_t n, double y, dl_color color, double hscale, const char *role);

/* Decode s and lay it out from x = 0: wide characters advance `cell` when
 * cell > 0, else their natural advance, times hscale.  Returns the width;
 * the characters and their x in *cp, *np, *xsp. */
double ts_line(typeset *T, const char *s, font_role role, double size, srcpos pos,
               double cell, double hscale, ts_char **cp, size_t *np, double **xsp);

/* The width of s laid out so. */
double ts_measure(typeset *T, const char *s, font_role role, double size, double cell);

/* One line of text with its left edge at x on baseline y, on page pg.
 * Returns its width. */
double ts_put(typeset *T, dl_page *pg, const char *s, font_role role, double size,
              double x, double y, dl_color color, double hscale, const char *rolename,
              srcpos pos, double cell);

/* Ink extent of s: highest ink top and lowest ink bottom, in em (y up from
 * the baseline). */
void ts_ink(typeset *T, const char *s, font_role role, double *top, double *bottom);

#endif
