/* merge.h — mail merge: one document per record of a list in the data, as
 * separate PDFs (in parallel worker processes) or combined into one PDF. */
#ifndef GW_MERGE_H
#define GW_MERGE_H
#include <stdbool.h>

#include "fonts.h"
#include "rec.h"
#include "render.h"

typedef struct merge_opts {
	const char *each;      /* path of the list in the data: "行", "单位" */
	const char *pattern;   /* output file names: "out/{{单位}}-评分表.pdf" */
	const char *combine;   /* one PDF with every record, or NULL */
	int jobs;              /* worker processes (>= 1) */
	bool keep_going;       /* render every good record, list the bad ones */
	bool progress;         /* a progress line on stderr */
} merge_opts;

/* Render the template once per record (render.h); returns the exit status.
 * Output names are checked by file_check_output. */
int merge_run(const render_tmpl *t, rec *data, font_set *fs, const merge_opts *mo);

/* Make a data value safe as part of a file name: no path separators, no
 * "..", no control characters, no leading dot.  Exposed for tests. */
char *merge_sanitize(arena *a, const char *s);

#endif
