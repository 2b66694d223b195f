/* tmpl.h — templates: front matter split, field expansion (DESIGN §3).
 *
 *   {{路径}}      value as literal text, Markdown-escaped
 *   {{{路径}}}    value as raw Markdown
 *   {{#x}}…{{/x}} repeat per item of a list / show once if truthy
 *   {{^x}}…{{/x}} show if empty/false
 *   {{@index}} {{@number}} {{@first}} {{@last}} {{序号}} inside sections
 *   {{x | 日期}} {{x | 中文数字}} {{x | 小数:1}} {{x | 缺省:"—"}}
 *   {{> 文件.md}} partial, resolved in the template's directory, may not leave it
 * Errors carry the template's line:column. */
#ifndef GW_TMPL_H
#define GW_TMPL_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "rec.h"

typedef struct tmpl_opts {
	const char *root_dir;  /* partials must resolve inside this directory */
	bool markdown_escape;  /* true for the body; false for front-matter values */
	bool empty_ok;         /* an empty value is no warning (output file names:
	                        * merge.c says what an empty folder field means) */
} tmpl_opts;

/* Split "---\nYAML\n---\nbody".  Returns true if front matter is present;
 * sets the YAML's byte range and first line, and the body's.  A template
 * with "---" on line 1 but no closing line is an error (reported, false,
 * *ok = false). */
bool tmpl_split_front(const char *file, const char *text, size_t n,
                      size_t *fm_off, size_t *fm_len, int *fm_line,
                      size_t *body_off, int *body_line, bool *ok);

/* Expand text[0..n) whose first byte sits at `origin` in the template.
 * ctx is the data (a map; may be NULL).  Returns NUL-terminated output in the
 * arena and fills *map (may be NULL); NULL on error (diagnosed). */
char *tmpl_expand(arena *a, const char *text, size_t n, srcpos origin,
                  const rec *ctx, const tmpl_opts *o, size_t *outlen, linemap *map);

/* Expand every string scalar in a value tree in place (front matter). */
bool tmpl_expand_rec(arena *a, rec *r, const rec *ctx, const tmpl_opts *o);

#endif
