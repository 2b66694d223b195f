/* table.h — tables: a ```table spec (YAML) or a GFM pipe table, bound to
 * data, measured, broken into page parts and drawn as text runs and rules.
 *
 * Stages (each testable without fonts or pages):
 *   tbl_parse    spec text → columns and options, validated with the
 *                template's line:column (unknown key, widths over 100 %, …)
 *   tbl_bind     rows from the data (or a CSV/JSON/YAML file beside the
 *                template) → cells; 值 templates expanded per row; group
 *                rows, 序号, 合计 (exact decimals)
 *   tbl_merge    vertical merges: 同上 (a blank cell continues the one
 *                above, optionally only while a key column stays the same),
 *                相同 (equal consecutive values)
 *   tbl_measure  column widths (fixed mm, %, automatic from content with
 *                CJK-aware minimum and preferred widths), cell lines through
 *                linebreak.h (避头尾 as in the body), row heights
 *   tbl_paginate rows into page parts: header rows repeated, a row split
 *                only between lines and only when it cannot fit whole on a
 *                fresh page, no header alone at a page bottom
 *   tbl_draw     one part into a sink (text runs, rules) in the table's own
 *                frame: x from the frame's left, y down from the part's top;
 *                a merged cell cut by a page break shows its text again.
 * Metrics come from a callback, so table.c does not depend on fonts.h. */
#ifndef GW_TABLE_H
#define GW_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "linebreak.h"
#include "rec.h"

enum { TA_AUTO, TA_LEFT, TA_CENTER, TA_RIGHT };
enum { TM_NONE, TM_BLANK, TM_EQUAL };           /* 合并: —, 同上, 相同 */
enum { TW_AUTO, TW_MM, TW_PCT };                /* 宽 */
enum { TR_HEAD, TR_BODY, TR_GROUP, TR_TOTAL };  /* row kinds */
enum { TF_BODY, TF_HEAD };                      /* faces: 仿宋 body, 黑体 head */

typedef struct tbl_col {
	const char *title;    /* 标题 */
	const char *group;    /* 组: spanning title above consecutive columns */
	const char *value;    /* 值 template; NULL = "{{标题}}" */
	const char *field;    /* 值 is exactly {{field}} (fast path) */
	srcpos pos, vpos, wpos;
	int wkind;            /* TW_* */
	double wval;          /* mm or percent */
	int align;            /* TA_* as asked */
	int merge;            /* TM_* */
	const char *merge_by; /* 按: key field */
	bool sum;             /* 合计: true */
	bool numbering;       /* the automatic 序号 column */
	/* measured */
	double minw, prefw, w, x;   /* pt */
	int align_used;
} tbl_col;

typedef struct tbl_cell {
	const char *text;     /* UTF-8; "" for none */
	srcpos pos;           /* where the text came from (for font errors) */
	int rowspan;          /* anchor: rows covered (>= 1); 0 = covered by a cell above */
	int colspan;          /* anchor: columns covered (>= 1); 0 = covered by a cell left */
	int face;             /* TF_* */
	/* measured */
	lb_char *ch;
	size_t nch;
	lb_line *lines;
	size_t nlines;
	double w;             /* inner width the lines were broken to */
	size_t ar, ac;        /* the anchor cell covering this one (itself for an anchor) */
	int next_line;        /* drawing: first line not yet shown (flowing merged text) */
} tbl_cell;

typedef struct tbl_row {
	int kind;             /* TR_* */
	tbl_cell *c;          /* ncols cells */
	srcpos pos;           /* the data row (CSV line) */
	const rec *data;      /* the data row (body rows) */
	int nl;               /* lines of its own cells (rowspan 1) */
	double h;             /* height, pt, once measured */
} tbl_row;

typedef struct tbl {
	srcpos pos;           /* the spec's first line, or the pipe table */
	bool landscape;       /* 横排 */
	double size;          /* 字号, pt */
	bool repeat_head;     /* 表头重复 */
	const char *numbering;/* 序号 column title, NULL = none */
	const char *group_by; /* 分组: a field */
	const char *grow_empty;   /* 分组行: {空: field, 值: template} */
	const char *grow_value;
	srcpos grow_pos;
	const char *total;    /* 合计 row title */
	const char *data;     /* 数据 / 行 */
	srcpos data_pos;
	tbl_col *cols;
	size_t ncols;
	tbl_row *rows;        /* header rows first (nhead), then the body */
	size_t nrows, caprows, nhead;
	/* measured */
	double lh;            /* line height */
	double padx, pady;    /* cell padding */
	double width;         /* table width */
	double rule_in, rule_out;
} tbl;

/* Metrics: advance of cp in face (TF_*) at size, pt. */
typedef double (*tbl_adv_fn)(void *ctx, int face, uint32_t cp, double size);

/* Parse a ```table spec.  text[0..n) is the YAML between the fences, whose
 * first line is template line `first_line` of file.  NULL after
 * diagnostics. */
tbl *tbl_parse(arena *a, const char *file, const char *text, size_t n, int first_line);

/* Bind rows: from the data (a dotted path) or a file beside the template
 * (root_dir).  ctx = the document's data (may be NULL).  false after
 * diagnostics. */
bool tbl_bind(arena *a, tbl *t, const rec *ctx, const char *root_dir);

/* A static table (GFM pipe table) built cell by cell. */
tbl *tbl_new_static(arena *a, size_t ncols, srcpos pos);
void tbl_static_align(tbl *t, size_t col, int align);
/* Append a row (kind TR_HEAD or TR_BODY); returns its cells to fill. */
tbl_cell *tbl_add_row(arena *a, tbl *t, int kind, srcpos pos);

/* Vertical merges of the body (called by tbl_bind; exposed for tests). */
void tbl_merge(tbl *t);

/* Widths, lines and heights for a frame of the given width.  false (with a
 * diagnostic) when the columns cannot fit. */
bool tbl_measure(arena *a, tbl *t, double frame_w, tbl_adv_fn adv, void *ctx);

/* A page part: header rows (when repeated) plus body row slices. */
typedef struct tbl_slice {
	size_t row;           /* index into t->rows */
	int l0, l1;           /* own lines [l0, l1) of the row shown here */
	double h;             /* height in this part */
} tbl_slice;

typedef struct tbl_part {
	tbl_slice *s;
	size_t ns, caps;
	double h;             /* total height */
	bool new_page;        /* the part starts on a new page */
} tbl_part;

/* Break the table into parts: the first gets first_h of height (what is
 * left on the current page), the others full_h each.  A part with
 * new_page == true at index 0 means "start on a new page". */
size_t tbl_paginate(arena *a, const tbl *t, double first_h, double full_h,
                    tbl_part **parts);

/* Where the drawing goes: frame coordinates (x right, y down), pt. */
typedef struct tbl_sink {
	void *ctx;
	/* n characters of one face at size; xs = glyph origins; y = baseline */
	void (*text)(void *ctx, int face, double size, const uint32_t *cps,
	             const double *xs, size_t n, double y, srcpos pos);
	void (*rule)(void *ctx, double x1, double y1, double x2, double y2, double w);
} tbl_sink;

/* Draw part p with its top at y0 and left at x0. */
void tbl_draw(tbl *t, const tbl_part *p, double x0, double y0,
              const tbl_sink *sk);

/* --dump=doc: the table's cells, one row a line. */
void tbl_dump(const tbl *t, FILE *f);

#endif
