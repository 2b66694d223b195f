/* test_page.c — the page engine: frames per page, the grid, blocks, keeping
 * the 署名 block with text, the position in points and the snap back. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include "fonts.h"
#include "page.h"
#include "pdf_out.h"

static dl_doc *
new_doc(void)
{
	dl_doc *d = arena_alloc(A, sizeof *d);
	memset(d, 0, sizeof *d);
	return d;
}

/* A block of n lines, one text item each, tagged with its line number. */
static pg_block *
block(pg_engine *P, int n, const char *role)
{
	pg_block *b = pg_block_new(P);
	for (int i = 0; i < n; i++) {
		pg_block_line(b);
		dl_text *t = pg_block_text(b);
		t->size = 16;
		t->role = role;
		t->n = (size_t)i;
	}
	return b;
}

static int
line_of(const pg_engine *P, const dl_text *t)
{
	return (int)lround((t->y - 0.38 * t->size - pg_line_top(P, 0)) /
	    pg_cur_frame(P)->line_pitch - 0.5);
}

static void
test_frames(void **state)
{
	(void)state;
	dl_frame p = pg_frame_gbt(false), l = pg_frame_gbt(true);
	assert_true(fabs(p.width - 210 * MM) < 1e-9 && fabs(p.height - 297 * MM) < 1e-9);
	assert_int_equal(p.lines, 22);
	assert_int_equal(p.chars, 28);
	assert_true(fabs(p.box_x - 28 * MM) < 1e-9 && fabs(p.box_y - 37 * MM) < 1e-9);
	assert_true(fabs(p.box_h / p.lines - p.line_pitch) < 1e-9);
	/* landscape: paper and 版心 turned, the same pitch, inside the paper */
	assert_true(l.landscape && fabs(l.width - p.height) < 1e-9 && fabs(l.height - p.width) < 1e-9);
	assert_true(fabs(l.box_w - p.box_h) < 1e-9 && fabs(l.box_h - p.box_w) < 1e-9);
	assert_true(l.box_x + l.box_w < l.width && l.box_y + l.box_h < l.height);
	assert_int_equal(l.lines, 15);
	assert_true(l.line_pitch == p.line_pitch);
	assert_string_equal(diags(), "");
}

/* A landscape page between portrait ones keeps its own frame. */
static void
test_frame_per_page(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame p = pg_frame_gbt(false), l = pg_frame_gbt(true);
	pg_engine *P = pg_new(A, d, &p);
	pg_new_page(P, NULL);
	pg_new_page(P, &l);
	assert_int_equal(pg_nlines(P), 15);
	pg_place(P, block(P, 20, "body"), PG_BODY);   /* runs over: a new landscape page */
	pg_new_page(P, &p);
	pg_finish(P);
	assert_int_equal(d->npages, 4);
	assert_false(d->pages[0].frame.landscape);
	assert_true(d->pages[1].frame.landscape && d->pages[2].frame.landscape);
	assert_false(d->pages[3].frame.landscape);
	assert_int_equal(d->pages[1].ntexts, 15);
	assert_int_equal(d->pages[2].ntexts, 5);
}

static void
test_blocks_split_between_lines(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame f = pg_frame_gbt(false);
	pg_engine *P = pg_new(A, d, &f);
	pg_place(P, block(P, 20, "a"), PG_BODY);
	pg_place(P, block(P, 5, "b"), PG_BODY);
	pg_finish(P);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->pages[0].ntexts, 22);
	assert_int_equal(d->pages[1].ntexts, 3);
	/* the first line of page 2 is line 2 of block b, on grid line 0 */
	assert_string_equal(d->pages[1].texts[0].role, "b");
	assert_int_equal(d->pages[1].texts[0].n, 2);
	assert_true(fabs(d->pages[1].texts[0].y - pg_baseline(P, 0, 16)) < 1e-9);
	assert_true(fabs(pg_baseline(P, 0, 16) - (37 * MM + 0.5 * f.line_pitch + 0.38 * 16)) < 1e-9);
}

static void
test_keep_with_next(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame f = pg_frame_gbt(false);
	pg_engine *P = pg_new(A, d, &f);
	pg_place(P, block(P, 21, "body"), PG_BODY);
	pg_place(P, block(P, 1, "h1"), PG_BODY | PG_KEEP_WITH_NEXT);  /* not on line 22 */
	pg_finish(P);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->pages[0].ntexts, 21);
	assert_string_equal(d->pages[1].texts[0].role, "h1");
	/* without the flag it stays */
	d = new_doc();
	P = pg_new(A, d, &f);
	pg_place(P, block(P, 21, "body"), PG_BODY);
	pg_place(P, block(P, 1, "p"), PG_BODY);
	pg_finish(P);
	assert_int_equal(d->npages, 1);
}

/* A 署名 block of 4 lines with 2 lines left takes the last two body lines
 * along (GB/T 9704 7.3.5.5); they keep their distance. */
static void
test_keep_with_text(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame f = pg_frame_gbt(false);
	pg_engine *P = pg_new(A, d, &f);
	pg_place(P, block(P, 19, "body"), PG_BODY);
	pg_skip(P, 1);
	pg_place(P, block(P, 1, "note"), PG_BODY);
	assert_int_equal(pg_lines_left(P), 1);
	pg_keep_with_text(P, 4);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->pages[0].ntexts, 18);
	assert_int_equal(d->pages[1].ntexts, 2);
	assert_int_equal(line_of(P, &d->pages[1].texts[0]), 0);
	assert_string_equal(d->pages[1].texts[1].role, "note");
	assert_int_equal(line_of(P, &d->pages[1].texts[1]), 2);
	assert_int_equal(pg_line(P), 3);
	/* enough room: nothing moves */
	d = new_doc();
	P = pg_new(A, d, &f);
	pg_place(P, block(P, 3, "body"), PG_BODY);
	pg_keep_with_text(P, 4);
	assert_int_equal(d->npages, 1);
	assert_int_equal(d->pages[0].ntexts, 3);
	/* lines drawn after the body close it: a plain new page */
	d = new_doc();
	P = pg_new(A, d, &f);
	pg_place(P, block(P, 21, "body"), PG_BODY);
	pg_place(P, block(P, 1, "title"), 0);
	pg_keep_with_text(P, 4);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->pages[0].ntexts, 22);
	assert_int_equal(d->pages[1].ntexts, 0);
}

/* A paragraph that runs on to a new page by one line: the 署名 block after
 * it takes the line before along, never one lonely line (issue 11, item
 * 8); not when anything else is on the new page. */
static void
test_keep_with_text_runon(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame f = pg_frame_gbt(false);
	pg_engine *P = pg_new(A, d, &f);
	pg_place(P, block(P, 23, "body"), PG_BODY);
	assert_int_equal(d->npages, 2);
	pg_keep_with_text(P, 4);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->pages[0].ntexts, 21);
	assert_int_equal(d->pages[1].ntexts, 2);
	assert_int_equal(d->pages[1].texts[0].n, 21);
	assert_int_equal(line_of(P, &d->pages[1].texts[0]), 0);
	assert_int_equal(d->pages[1].texts[1].n, 22);
	assert_int_equal(line_of(P, &d->pages[1].texts[1]), 1);
	assert_int_equal(pg_line(P), 2);
	/* two lines on the new page: nothing moves */
	d = new_doc();
	P = pg_new(A, d, &f);
	pg_place(P, block(P, 24, "body"), PG_BODY);
	pg_keep_with_text(P, 4);
	assert_int_equal(d->pages[0].ntexts, 22);
	assert_int_equal(d->pages[1].ntexts, 2);
	/* a line drawn on the new page first: nothing moves */
	d = new_doc();
	P = pg_new(A, d, &f);
	pg_place(P, block(P, 23, "body"), PG_BODY);
	pg_place(P, block(P, 1, "title"), 0);
	pg_keep_with_text(P, 4);
	assert_int_equal(d->pages[0].ntexts, 22);
}

/* A page whose only content was drawn off the grid (a turned 横排 table:
 * rules and text at absolute positions, the grid position never moved) is
 * ended by pg_end_page: the text after it starts a new page; an empty page
 * is not ended. */
static void
test_end_page_off_grid(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame f = pg_frame_gbt(false);
	pg_engine *P = pg_new(A, d, &f);
	pg_new_page(P, NULL);
	pg_end_page(P);                              /* empty: stays */
	assert_int_equal(pg_lines_left(P), 22);
	pg_rule(P, f.box_x, f.box_y, f.box_x, f.box_y + f.box_h, 1, DL_BLACK, "table");
	assert_int_equal(pg_line(P), 0);
	pg_end_page(P);
	assert_int_equal(pg_lines_left(P), 0);
	pg_place(P, block(P, 1, "body"), PG_BODY);
	pg_finish(P);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->pages[0].ntexts, 0);
	assert_int_equal(d->pages[1].ntexts, 1);
}

/* The 署名 block never takes the last line of a paragraph alone (issue 11
 * item 8): with three lines on a page and no room, two go, one stays;
 * a one-line paragraph after a table goes whole. */
static void
test_keep_with_text_never_one(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame f = pg_frame_gbt(false);
	pg_engine *P = pg_new(A, d, &f);
	pg_new_page(P, NULL);
	pg_place(P, block(P, 3, "body"), PG_BODY);   /* grid lines 0-2 */
	pg_keep_with_text(P, 20);                    /* 19 left: no room */
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->pages[0].ntexts, 1);
	assert_int_equal(d->pages[1].ntexts, 2);
	assert_int_equal(d->pages[1].texts[0].n, 1);
	assert_int_equal(d->pages[1].texts[1].n, 2);
	assert_int_equal(pg_line(P), 2);
	/* a rule (a table) then a one-line paragraph on the last line */
	d = new_doc();
	P = pg_new(A, d, &f);
	pg_new_page(P, NULL);
	pg_rule(P, f.box_x, f.box_y, f.box_x + f.box_w, f.box_y, 1, DL_BLACK, "table");
	pg_set_line(P, 21);
	pg_place(P, block(P, 1, "body"), PG_BODY);
	pg_keep_with_text(P, 3);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->pages[0].ntexts, 0);
	assert_int_equal(d->pages[1].ntexts, 1);
	assert_int_equal(pg_line(P), 1);
}

/* Off the grid: a client draws at points, then snaps back to the grid. */
static void
test_points_and_snap(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame f = pg_frame_gbt(false);
	pg_engine *P = pg_new(A, d, &f);
	pg_new_page(P, NULL);
	pg_place(P, block(P, 2, "body"), PG_BODY);
	double y = pg_y(P);
	assert_true(fabs(y - pg_line_top(P, 2)) < 1e-9);
	assert_true(fabs(pg_room(P) - 20 * f.line_pitch) < 1e-6);
	pg_rule(P, f.box_x, y, f.box_x + f.box_w, y, 0.5, DL_BLACK, "table");
	pg_advance_to(P, y + 1.3 * f.line_pitch);
	assert_true(fabs(pg_y(P) - (y + 1.3 * f.line_pitch)) < 1e-9);
	pg_snap(P);
	assert_int_equal(pg_line(P), 4);
	pg_place(P, block(P, 1, "after"), PG_BODY);
	pg_finish(P);
	assert_int_equal(line_of(P, &d->pages[0].texts[2]), 4);
	assert_int_equal(d->pages[0].nrules, 1);
	/* exactly on a grid line: no blank line added */
	pg_advance_to(P, pg_line_top(P, 7));
	pg_snap(P);
	assert_int_equal(pg_line(P), 7);
	/* past the 版心: the next line starts a page */
	pg_advance_to(P, f.box_y + f.box_h + 5);
	pg_snap(P);
	assert_int_equal(pg_lines_left(P), 0);
	pg_need_line(P);
	assert_int_equal(d->npages, 2);
}

/* pdf_out honours each page's frame: portrait, landscape, portrait. */
static void
test_pdf_page_sizes(void **state)
{
	(void)state;
	dl_doc *d = new_doc();
	dl_frame p = pg_frame_gbt(false), l = pg_frame_gbt(true);
	d->width = p.width;
	d->height = p.height;
	d->date = -1;
	pg_engine *P = pg_new(A, d, &p);
	const dl_frame *f[] = { &p, &l, &p };
	for (int i = 0; i < 3; i++) {
		pg_new_page(P, f[i]);
		pg_rule(P, f[i]->box_x, f[i]->box_y, f[i]->box_x + f[i]->box_w, f[i]->box_y, 1,
		    DL_BLACK, "frame");
	}
	pg_finish(P);
	font_set *fs = fonts_new(NULL, 0, NULL);
	assert_non_null(fs);
	char path[] = "/tmp/gw-test-page-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(pdf_write(d, fs, path), 0);
	fonts_free(fs);
	char cmd[128], line[256];
	snprintf(cmd, sizeof cmd, "pdfinfo -f 1 -l 3 %s", path);
	FILE *pi = popen(cmd, "r");
	assert_non_null(pi);
	int portrait = 0, landscape = 0;
	while (fgets(line, sizeof line, pi)) {
		if (strstr(line, "size:") && strstr(line, "595.") && strstr(line, "x 841."))
			portrait++;
		if (strstr(line, "size:") && strstr(line, "841.") && strstr(line, "x 595."))
			landscape++;
	}
	pclose(pi);
	unlink(path);
	assert_int_equal(portrait, 2);
	assert_int_equal(landscape, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frame_per_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocks_split_between_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_with_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_with_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_with_text_runon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_points_and_snap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_page_off_grid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_with_text_never_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_page_sizes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
