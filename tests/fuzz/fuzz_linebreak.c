/* fuzz_linebreak.c — lb_break on arbitrary paragraphs, with invariants.
 *
 * Input: byte 0 = options (bits 0-1 first-line indent in cells, bits 2-3
 * other lines' indent, bit 4 justify_last), byte 1 = line width (4..28
 * cells; bit 7 takes 0.37 cell off, as table cells and the 抄送 line have
 * widths that are not whole cells), then UTF-8 text.  Control bytes set
 * flags on the next character: \n = LB_FORCE_BREAK, \x01 =
 * LB_NOBREAK_BEFORE; invalid bytes become U+FFFD.  Non-wide characters get
 * a pseudo advance from pitch/8 to pitch derived from the code point;
 * private-use U+E000..U+E0FF get 1.5 lines (wider than any line).
 *
 * Checked: lines are non-empty, in order, and cover every character (only
 * spaces between them and after the last); exactly the final line is
 * .last; every x and w is finite; no character's right edge passes the
 * line width + 0.01 pt, except a character wider than the line alone on
 * its line. */
#include <math.h>

#include "fuzz.h"
#include "linebreak.h"
#include "utf8.h"

#define PITCH (442.205 / 28)

static bool
spacey(uint32_t cp)
{
	return cp == ' ' || cp == '\t';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a;
	lb_char *c;
	lb_line *lines = NULL;
	lb_opts o;
	size_t n = 0, nl, i = 2;
	unsigned pending = 0;

	if (size < 2)
		return 0;
	fuzz_init_diag();
	diag_reset();
	a = arena_new();
	o.pitch = PITCH;
	o.width = PITCH * (4 + data[1] % 25) - ((data[1] & 0x80) ? 0.37 * PITCH : 0);
	o.indent_first = (data[0] & 3) * PITCH;
	o.indent_rest = ((data[0] >> 2) & 3) * PITCH;
	o.justify_last = (data[0] & 0x10) != 0;

	c = arena_alloc(a, (size - 2 + 1) * sizeof *c);
	while (i < size) {
		uint32_t cp;
		size_t l = utf8_decode(data + i, size - i, &cp);
		i += l;
		if (cp == '\n') {
			pending |= LB_FORCE_BREAK;
			continue;
		}
		if (cp == 1) {
			pending |= LB_NOBREAK_BEFORE;
			continue;
		}
		if (cp == UTF8_BAD)
			cp = 0xFFFD;
		c[n].cp = cp;
		c[n].flags = pending;
		pending = 0;
		if (cp >= 0xE000 && cp <= 0xE0FF)
			c[n].adv = 1.5 * o.width;
		else if (lb_is_wide(cp))
			c[n].adv = PITCH;
		else
			c[n].adv = PITCH * (1 + (cp * 2654435761u >> 29)) / 8;
		n++;
	}

	nl = lb_break(a, c, n, &o, &lines);
	if (n == 0) {
		fuzz_assert(nl == 0);
		arena_free(a);
		return 0;
	}
	fuzz_assert(nl >= 1 && lines != NULL);
	fuzz_assert(nl <= n);
	fuzz_assert(lines[0].start == 0);
	for (size_t k = 0; k < nl; k++) {
		const lb_line *L = &lines[k];
		double ind = k == 0 ? o.indent_first : o.indent_rest;
		size_t next = k + 1 < nl ? lines[k + 1].start : n;

		fuzz_assert(L->start < L->end && L->end <= n);
		fuzz_assert(L->end <= next);
		for (size_t j = L->end; j < next; j++)
			fuzz_assert(spacey(c[j].cp));
		/* a forced break starts a line, never falls inside one */
		for (size_t j = L->start + 1; j < L->end; j++)
			fuzz_assert(!(c[j].flags & LB_FORCE_BREAK));
		fuzz_assert(L->last == (k + 1 == nl));
		fuzz_assert(L->kinsoku >= -1 && L->kinsoku <= 1);
		bool alone_too_wide = L->end - L->start == 1 &&
		    ind + c[L->start].w > o.width + 0.01;
		for (size_t j = L->start; j < L->end; j++) {
			fuzz_assert(isfinite(c[j].x) && isfinite(c[j].w));
			fuzz_assert(c[j].w >= 0);
			fuzz_assert(c[j].x >= -PITCH);
			if (!alone_too_wide)
				fuzz_assert(c[j].x + c[j].w <= o.width + 0.01);
		}
	}
	arena_free(a);
	return 0;
}
