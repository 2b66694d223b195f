/* fuzz_table.c — a ```table spec and a CSV (split at the first line "%%")
 * → tbl_parse → tbl_bind (the CSV as the list 表) → tbl_measure with
 * made-up metrics, portrait and landscape → tbl_paginate on pages of a few
 * sizes → tbl_draw into a sink that checks every glyph and rule.
 * Oracles: every line of every body row is shown exactly once, in order; a
 * part is no taller than its page unless it holds a single slice (a page
 * too small for one line); the drawing stays inside the table. */
#include "fuzz.h"
#include "table.h"

static double
adv(void *ctx, int face, uint32_t cp, double size)
{
	(void)ctx; (void)face;
	return cp >= 0x2E80 ? size : cp == 'W' ? size : size / 2;
}

struct box { double w, h; };

static void
sink_text(void *ctx, int face, double size, const uint32_t *cps, const double *xs,
          size_t n, double y, srcpos pos)
{
	const struct box *b = ctx;
	(void)face; (void)cps; (void)pos;
	for (size_t i = 0; i < n; i++)
		fuzz_assert(xs[i] >= -1e-6 && xs[i] <= b->w + 1e-6);
	fuzz_assert(y - size <= b->h + 1e-6);
}

static void
sink_rule(void *ctx, double x1, double y1, double x2, double y2, double w)
{
	const struct box *b = ctx;
	fuzz_assert(w > 0);
	fuzz_assert(x1 >= -1e-6 && x2 <= b->w + 1e-6 && x1 <= x2 + 1e-6);
	fuzz_assert(y1 >= -1e-6 && y2 <= b->h + 1e-6 && y1 <= y2 + 1e-6);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *sep = NULL;
	for (size_t i = 0; i + 2 <= size; i++)
		if ((i == 0 || s[i - 1] == '\n') && s[i] == '%' && s[i + 1] == '%') {
			sep = s + i;
			break;
		}
	if (sep == NULL || size > 100000)
		return 0;
	fuzz_init_diag();
	diag_reset();
	arena *a = arena_new();
	size_t sn = (size_t)(sep - s);
	const char *csv = sep + 2;
	size_t cn = size - sn - 2;
	tbl *t = tbl_parse(a, "fuzz.md", s, sn, 2);
	rec *rows = t ? rec_csv_parse(a, "表.csv", csv, cn, NULL) : NULL;
	if (t != NULL && rows != NULL) {
		rec *ctx = rec_new(a, REC_MAP, NOPOS);
		rec_map_set(a, ctx, "表", rows);
		if (tbl_bind(a, t, ctx, "/nonexistent") &&
		    tbl_measure(a, t, t->landscape ? 637.8 : 442.2, adv, NULL)) {
			static const double pages[] = { 637.8, 120, 45 };
			for (size_t k = 0; k < 3; k++) {
				tbl_part *p;
				size_t np = tbl_paginate(a, t, pages[k] / 2, pages[k], &p);
				fuzz_assert(np >= 1);
				size_t row = t->nhead;
				int line = 0;
				for (size_t i = 0; i < np; i++) {
					struct box b = { t->width, p[i].h };
					tbl_sink sk = { &b, sink_text, sink_rule };
					double lim = (i == 0 && !p[i].new_page ? pages[k] / 2 : pages[k]);
					size_t body = 0;
					for (size_t j = 0; j < p[i].ns; j++) {
						const tbl_slice *sl = &p[i].s[j];
						if (sl->row < t->nhead)
							continue;
						fuzz_assert(sl->row == row && sl->l0 == line);
						fuzz_assert(sl->l1 > sl->l0 && sl->l1 <= t->rows[row].nl);
						body++;
						line = sl->l1;
						if (line == t->rows[row].nl) {
							row++;
							line = 0;
						}
					}
					/* no taller than the page, unless one slice
					 * that cannot be made smaller stands alone */
					fuzz_assert(p[i].h <= lim + 1e-6 || body <= 1);
					tbl_draw(t, &p[i], 0, 0, &sk);
				}
				fuzz_assert(row == t->nrows && line == 0);
				for (size_t r = 0; r < t->nrows; r++)
					for (size_t j = 0; j < t->ncols; j++)
						t->rows[r].c[j].next_line = 0;
			}
		}
	}
	arena_free(a);
	return 0;
}
