/* render.h — one document through the whole pipeline; the only place the
 * stages are chained (main.c for one document and merge.c for one per
 * record both call it):
 *
 *   --data, --set ──rec──▶ data ──────────────┐
 *   template ──tmpl (front matter, fields)──▶ front matter ──doc──▶ typed fields ┐
 *            └─tmpl (body, fields)──▶ Markdown ──md──▶ blocks ───────────────────┤
 *                                                                      gw_doc ◀──┘
 *   gw_doc ──layout (page engine)──▶ dl_doc ──pdf_out──▶ PDF
 *
 * Each stage returns NULL (or false) when it failed, after reporting why:
 * that is how the driver knows, never by counting messages. */
#ifndef GW_RENDER_H
#define GW_RENDER_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "dl.h"
#include "doc.h"
#include "fonts.h"
#include "rec.h"
#include "tmpl.h"

/* A template, read once. */
typedef struct render_tmpl {
	const char *file;     /* as the user named it (messages show it) */
	const char *text;
	size_t len;
	tmpl_opts to;         /* root_dir: the template's directory */
} render_tmpl;

/* Read the template at path.  false after an error. */
bool render_open(arena *a, const char *path, render_tmpl *t);

/* The data of a run: --data [NAME=]FILE (a NAME binds it under a name;
 * without, a map's keys merge at the top and a list is bound as 行), then
 * --set KEY=VALUE.  NULL after errors. */
typedef struct render_data_opts {
	const char *const *data;
	size_t ndata;
	const char *const *sets;
	size_t nsets;
	const char *encoding;   /* of CSV files, NULL = detect */
	bool verbose;           /* say which encoding was used */
} render_data_opts;
rec *render_data(arena *a, const render_data_opts *o);

/* template + data → doc (attachments and issued documents included). */
/* The calculation stage (calc.h): a 考核 scheme in the template's front
 * matter scores the data in place (总分, 等次, 名次 …), before a merge splits
 * it into records.  dump: print the scores there (--dump=calc).  false
 * after an error; true when there is nothing to do. */
bool render_calc(arena *a, const render_tmpl *t, rec *data, FILE *dump);
gw_doc *render_doc(arena *a, const render_tmpl *t, const rec *data);
/* … → pages. */
dl_doc *render_layout(arena *a, const render_tmpl *t, const rec *data, font_set *fs);
/* pages → PDF at out, after the output checks (file_check_output). */
bool render_write(const dl_doc *dl, font_set *fs, const char *out);
/* May out be written after what was said so far?  Not after an error,
 * nor under --strict after a warning (then it says "OUT not written
 * (--strict)", once). */
bool render_strict_ok(const char *out);
/* doc → pages → PDF at out; no PDF when anything so far was an error or,
 * under --strict, a warning. */
bool render_finish(arena *a, const gw_doc *d, font_set *fs, const char *out);
/* The whole pipeline for one document (render_doc, then render_finish). */
bool render_pdf(arena *a, const render_tmpl *t, const rec *data, font_set *fs,
                const char *out);

/* --dump=expand: the template's body with the fields filled in. */
bool render_expand(arena *a, const render_tmpl *t, const rec *data, FILE *f);

#endif
