/* render.c — the pipeline for one document; see render.h. */
#include "render.h"

#include <string.h>

#include "archive.h"
#include "calc.h"
#include "file.h"
#include "layout.h"
#include "md.h"
#include "pdf_out.h"
#include "table.h"
#include "utf8.h"

static char *
dir_of(arena *a, const char *path)
{
	const char *s = strrchr(path, '/');
	if (s == NULL)
		return arena_strdup(a, ".");
	if (s == path)
		return arena_strdup(a, "/");
	return arena_strndup(a, path, (size_t)(s - path));
}

bool
render_open(arena *a, const char *path, render_tmpl *t)
{
	memset(t, 0, sizeof *t);
	t->file = path;
	t->text = file_read(a, path, path, &t->len, NOPOS);
	/* the directory as the user named it, so that messages show relative
	 * paths; the confinement checks resolve it themselves */
	t->to.root_dir = dir_of(a, path);
	t->to.markdown_escape = true;
	return t->text != NULL;
}

rec *
render_data(arena *a, const render_data_opts *o)
{
	rec *ctx = rec_new(a, REC_MAP, NOPOS);
	bool ok = true;

	for (size_t i = 0; i < o->ndata; i++) {
		const char *arg = o->data[i];
		const char *eq = strchr(arg, '=');
		const char *path = eq ? eq + 1 : arg;
		const char *used = NULL;
		rec *r = rec_load_file_ex(a, path, o->encoding, &used);
		if (r == NULL) {
			ok = false;
			continue;
		}
		if (o->verbose && used != NULL)
			diag_note(pos_at(path, 0, 0), "read as %s", used);
		if (eq)
			rec_map_set(a, ctx, arena_strndup(a, arg, (size_t)(eq - arg)), r);
		else if (r->kind == REC_MAP)
			rec_merge(a, ctx, r);
		else
			rec_map_set(a, ctx, "行", r);   /* a CSV (rows) without a name */
	}
	for (size_t i = 0; i < o->nsets; i++) {
		const char *eq = strchr(o->sets[i], '=');
		if (eq == NULL || eq == o->sets[i]) {
			diag_error(NOPOS, "--set wants KEY=VALUE, got \"%s\"", o->sets[i]);
			ok = false;
			continue;
		}
		srcpos p = { "--set", 0, 0, NULL };
		rec_map_set(a, ctx, arena_strndup(a, o->sets[i], (size_t)(eq - o->sets[i])),
		    rec_new_str(a, eq + 1, strlen(eq + 1), p));
	}
	return ok ? ctx : NULL;
}

/* ---- template → doc ----------------------------------------------------------- */

static gw_doc *doc_of(arena *a, const render_tmpl *t, const rec *data, int depth);

/* An attachment's own template: the parent's data, then its 数据 file's. */
static bool
attach_body(arena *a, gw_doc *d, gw_attach *at, const rec *data, const tmpl_opts *to)
{
	rec *ctx = rec_new(a, REC_MAP, NOPOS);
	render_tmpl sub;

	if (data)
		rec_merge(a, ctx, data);
	if (at->data != NULL) {
		rec *r = rec_load_file(a, at->data, NULL);
		if (r == NULL)
			return false;
		if (r->kind == REC_MAP)
			rec_merge(a, ctx, r);
		else
			rec_map_set(a, ctx, "行", r);
	}
	memset(&sub, 0, sizeof sub);
	sub.file = at->tmpl_shown;
	sub.text = file_read(a, at->tmpl, at->tmpl_shown, &sub.len, at->tmpl_pos);
	if (sub.text == NULL)
		return false;
	sub.to = *to;
	at->body = doc_of(a, &sub, ctx, d->depth + 1);
	return at->body != NULL;
}

/* The front matter: YAML, its fields expanded; an empty map when there is
 * none; body_off and body_line: where the body starts.  NULL after errors. */
static rec *
front_of(arena *a, const render_tmpl *t, const rec *data, size_t *body_off, int *body_line)
{
	size_t fm_off = 0, fm_len = 0;
	int fm_line = 0;
	bool ok = true;

	*body_off = 0;
	*body_line = 1;
	if (!tmpl_split_front(t->file, t->text, t->len, &fm_off, &fm_len, &fm_line,
	    body_off, body_line, &ok)) {
		*body_off = 0;
		*body_line = 1;
		return ok ? rec_new(a, REC_MAP, pos_at(t->file, 1, 1)) : NULL;
	}
	rec *front = rec_yaml_parse(a, t->file, t->text + fm_off, fm_len, fm_line);
	if (front == NULL)
		return NULL;
	if (front->kind == REC_NULL)
		front = rec_new(a, REC_MAP, pos_at(t->file, fm_line, 1));
	if (front->kind != REC_MAP) {
		diag_error(front->pos, "the front matter must be a list of \"key: value\" lines");
		return NULL;
	}
	tmpl_opts fo = t->to;
	fo.markdown_escape = false;
	return tmpl_expand_rec(a, front, data, &fo) ? front : NULL;
}

static gw_doc *
doc_of(arena *a, const render_tmpl *t, const rec *data, int depth)
{
	size_t bad = utf8_check(t->text, t->len), body_off;
	int body_line;

	if (bad != (size_t)-1) {
		int line, col;
		utf8_linecol(t->text, t->len, bad, &line, &col);
		diag_error(pos_at(t->file, line, col), "invalid UTF-8 (byte %zu: 0x%02X); "
		    "save the template as UTF-8", bad, (unsigned char)t->text[bad]);
		return NULL;
	}
	rec *front = front_of(a, t, data, &body_off, &body_line);
	if (front == NULL)
		return NULL;
	/* --set KEY=VALUE wins over the front matter's own KEY (it was silently
	 * ignored): the command line is the last word */
	for (size_t i = 0; depth == 0 && data && data->kind == REC_MAP && i < data->n; i++)
		if (data->v[i]->pos.file && strcmp(data->v[i]->pos.file, "--set") == 0 &&
		    rec_map_get(front, data->k[i]) != NULL)
			rec_map_set(a, front, data->k[i], data->v[i]);
	gw_doc *d = doc_new(a, t->file, depth);
	bool ok = doc_read_front(a, d, front, t->to.root_dir);
	for (size_t i = 0; i < d->natt; i++)
		if (d->att[i].tmpl)
			ok &= attach_body(a, d, &d->att[i], data, &t->to);
	if (d->issued && d->issued->tmpl)
		ok &= attach_body(a, d, d->issued, data, &t->to);

	linemap map = {0};
	size_t outlen = 0;
	char *body = tmpl_expand(a, t->text + body_off, t->len - body_off,
	    pos_at(t->file, body_line, 1), data, &t->to, &outlen, &map);
	if (body == NULL || !md_to_doc(a, d, body, outlen, &map))
		return NULL;
	doc_heading_source(t->file, t->text, t->len);
	for (size_t i = 0; i < d->nblocks; i++)   /* ```table blocks: rows from the data */
		if (d->blocks[i].kind == DOC_TABLE && d->blocks[i].as.table.t->data != NULL)
			ok &= tbl_bind(a, d->blocks[i].as.table.t, data, t->to.root_dir);
	ok &= doc_finish(a, d);
	doc_heading_source(NULL, NULL, 0);
	return ok ? d : NULL;
}

bool
render_calc(arena *a, const render_tmpl *t, rec *data, FILE *dump)
{
	return calc_apply(a, t->file, t->text, t->len, t->to.root_dir, data, dump);
}

gw_doc *
render_doc(arena *a, const render_tmpl *t, const rec *data)
{
	return doc_of(a, t, data, 0);
}

dl_doc *
render_layout(arena *a, const render_tmpl *t, const rec *data, font_set *fs)
{
	gw_doc *d = render_doc(a, t, data);
	return d ? layout_doc(a, d, fs) : NULL;
}

bool
render_write(const dl_doc *dl, font_set *fs, const char *out)
{
	if (!file_check_output(out))
		return false;
	archive_attach_sources();
	return pdf_write(dl, fs, out) == 0;
}

bool
render_finish(arena *a, const gw_doc *d, font_set *fs, const char *out)
{
	dl_doc *dl = layout_doc(a, d, fs);
	return dl != NULL && render_strict_ok(out) && render_write(dl, fs, out);
}

bool
render_strict_ok(const char *out)
{
	/* --strict: a warning is an error, and there is no PDF after one */
	if (diag_exit_status() == 1) {
		diag_say("%s not written (--strict)", out);
		return false;
	}
	return diag_exit_status() == 0;
}

bool
render_pdf(arena *a, const render_tmpl *t, const rec *data, font_set *fs, const char *out)
{
	gw_doc *d = render_doc(a, t, data);
	return d != NULL && render_finish(a, d, fs, out);
}

bool
render_expand(arena *a, const render_tmpl *t, const rec *data, FILE *f)
{
	size_t fo, fl, bo;
	int fline, bline;
	bool ok = true;
	linemap map;
	size_t outlen;

	if (!tmpl_split_front(t->file, t->text, t->len, &fo, &fl, &fline, &bo, &bline, &ok)) {
		if (!ok)
			return false;
		bo = 0;
		bline = 1;
	}
	char *s = tmpl_expand(a, t->text + bo, t->len - bo, pos_at(t->file, bline, 1), data,
	    &t->to, &outlen, &map);
	if (s)
		fwrite(s, 1, outlen, f);
	return s != NULL;
}
