/* doc.c — the front matter read into typed fields, body builders, heading
 * numbers, run-in headings, the gentle content checks; the doc dump. */
#include "doc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnnum.h"
#include "file.h"
#include "pdf_out.h"
#include "suggest.h"
#include "table.h"
#include "utf8.h"

/* ---- the keys and their shapes ------------------------------------------------ */

enum shape {
	SH_TEXT,      /* a text */
	SH_LIST,      /* a text or a list of texts */
	SH_DATE,      /* a date (date.h) */
	SH_OWN        /* read by its own function below */
};

static const struct key {
	const char *name;
	enum shape shape;
	size_t off;             /* the field in gw_doc (SH_TEXT, SH_LIST, SH_DATE) */
} keys[] = {
	{ "份号", SH_TEXT, offsetof(gw_doc, copy_no) },
	{ "密级和保密期限", SH_TEXT, offsetof(gw_doc, secrecy) },
	{ "紧急程度", SH_TEXT, offsetof(gw_doc, urgency) },
	{ "发文机关标志", SH_LIST, offsetof(gw_doc, organs) },
	{ "发文字号", SH_TEXT, offsetof(gw_doc, doc_no) },
	{ "签发人", SH_LIST, offsetof(gw_doc, signers) },
	{ "标题", SH_TEXT, offsetof(gw_doc, title) },
	{ "稿别", SH_TEXT, offsetof(gw_doc, draft) },
	{ "主送", SH_TEXT, offsetof(gw_doc, addressee) },
	{ "署名", SH_LIST, offsetof(gw_doc, signatures) },
	{ "成文日期", SH_DATE, offsetof(gw_doc, date) },
	{ "附注", SH_TEXT, offsetof(gw_doc, note) },
	{ "抄送", SH_TEXT, offsetof(gw_doc, cc) },
	{ "印发机关", SH_TEXT, offsetof(gw_doc, printer) },
	{ "印发日期", SH_DATE, offsetof(gw_doc, issue_date) },
	{ "出席", SH_LIST, offsetof(gw_doc, present) },
	{ "请假", SH_LIST, offsetof(gw_doc, absent) },
	{ "列席", SH_LIST, offsetof(gw_doc, attending) },
	{ "主题", SH_TEXT, offsetof(gw_doc, subject) },      /* PDF Info only */
	{ "关键词", SH_LIST, offsetof(gw_doc, keywords) },
	{ "格式", SH_OWN, 0 },
	{ "编号", SH_OWN, 0 },
	{ "印章", SH_OWN, 0 },
	{ "附件", SH_OWN, 0 },
	{ "印发文件", SH_OWN, 0 },
	{ "数据", SH_OWN, 0 },
	{ "考核", SH_OWN, 0 },      /* the scoring scheme: read by calc.c */
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* Reading state: every error goes through bad(), so that the stage knows
 * it failed without counting messages. */
struct rd {
	arena *a;
	gw_doc *d;
	const char *root;
	bool ok;
	int nspace_warn;        /* stray-space lints given (capped) */
};

static void bad(struct rd *r, srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
bad(struct rd *r, srcpos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
	r->ok = false;
}

static const char *
shape_name(const rec *v)
{
	return v->kind == REC_LIST ? "a list" : v->kind == REC_MAP ? "a group of keys" : "empty";
}

/* ---- spaces inside Chinese text ------------------------------------------------- */

static bool
is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || utf8_is_odd_space(cp);
}

void
doc_squeeze_spaces(abuf *out, const char *s, size_t len, srcpos pos, uint32_t prev,
                   const char *key, int *nwarn)
{
	size_t i = 0;
	uint32_t cp;
	char enc[4];
	int col = pos.col;
	/* a value with line breaks is a YAML block (|): its text starts on the
	 * line after the key; its indentation is not known here, so messages
	 * name the line only */
	bool block = pos.line > 0 && memchr(s, '\n', len) != NULL;
	if (block)
		pos.line++;

	while (i < len) {
		size_t l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (is_blank(cp)) {
			/* the whole run of spaces, and what follows it */
			size_t z = i + l, m;
			uint32_t next = 0, q;
			bool nbsp = cp == 0x00A0;
			while (z < len) {
				m = utf8_decode((const unsigned char *)s + z, len - z, &q);
				if (!is_blank(q)) {
					next = q;
					break;
				}
				nbsp |= q == 0x00A0;
				z += m;
			}
			if ((prev != 0 && utf8_is_wide(prev)) ||
			    (next != 0 && utf8_is_wide(next))) {
				srcpos p = pos;
				p.col = block ? 0 : col;
				if ((*nwarn)++ < DOC_MAX_SPACE_WARN)
					diag_lint(p, "%s%s%s inside Chinese text removed "
					    "(a 公文 has no spaces between characters)",
					    key ? key : "", key ? ": " : "",
					    nbsp ? "a no-break space (U+00A0)" : "a space");
				col += (int)utf8_count(s + i, z - i);
				i = z;
				continue;
			}
		}
		if (cp == '\n' && block)
			pos.line++;
		col++;
		if (cp != UTF8_BAD && !utf8_is_zero_width(cp))
			prev = cp;
		if (cp == UTF8_BAD) {
			abuf_put(out, s + i, l);  /* checked earlier; keep bytes */
		} else if (utf8_is_zero_width(cp)) {
			/* dropped */
		} else if (utf8_is_odd_space(cp) || cp == '\t') {
			abuf_putc(out, ' ');
		} else {
			abuf_put(out, enc, utf8_encode(cp, enc));
		}
		i += l;
	}
}

/* A front-matter text as printed: spaces inside Chinese text removed
 * (with a lint at the value). */
static const char *
squeeze(struct rd *r, const char *key, const rec *v)
{
	if (v->kind != REC_STR || v->s == NULL)
		return v->s;
	abuf b;
	abuf_init(&b, r->a);
	doc_squeeze_spaces(&b, v->s, v->len, v->pos, 0, key, &r->nspace_warn);
	if (b.len == v->len && (b.len == 0 || memcmp(b.p, v->s, v->len) == 0))
		return v->s;   /* (an empty buffer has no p: no memcmp of NULL) */
	return abuf_cstr(&b);
}

/* A text value; NULL (after an error) for a list or a map. */
static bool
read_text(struct rd *r, const char *key, const rec *v, doc_text *out)
{
	if (v->kind == REC_NULL)
		return true;
	if (v->kind != REC_STR && v->kind != REC_BOOL) {
		bad(r, v->pos, "%s: expected a text, not %s", key, shape_name(v));
		return false;
	}
	out->s = v->s;
	out->pos = v->pos;
	return true;
}

static void
read_list(struct rd *r, const char *key, const rec *v, doc_list *out)
{
	size_t cap = 0;

	out->pos = v->pos;
	if (v->kind == REC_NULL)
		return;
	if (v->kind == REC_STR || v->kind == REC_BOOL) {
		*ARENA_PUSH(r->a, out->v, out->n, cap) = squeeze(r, key, v);
		return;
	}
	if (v->kind != REC_LIST) {
		bad(r, v->pos, "%s: expected a text or a list of texts, not %s", key,
		    shape_name(v));
		return;
	}
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i]->kind == REC_STR || v->v[i]->kind == REC_BOOL)
			*ARENA_PUSH(r->a, out->v, out->n, cap) = squeeze(r, key, v->v[i]);
		else
			bad(r, v->v[i]->pos, "%s: each item must be a text, not %s", key,
			    shape_name(v->v[i]));
}

static bool
has_cn_numeral_date(const char *s)
{
	return (strstr(s, "〇") || strstr(s, "零") || strstr(s, "二0") || strstr(s, "一月") ||
	    strstr(s, "二月") || strstr(s, "十月") || strstr(s, "年十") || strstr(s, "二〇"));
}

/* A date: one of the forms date.h reads, on the calendar; written with
 * Chinese numerals or leading zeros: a lint. */
static void
read_date(struct rd *r, const char *key, const rec *v, doc_date *out)
{
	doc_text t = { NULL, NOPOS };

	if (!read_text(r, key, v, &t) || t.s == NULL)
		return;
	out->pos = t.pos;
	if (!date_read(r->a, t.s, strlen(t.s), t.pos, key, &out->d)) {
		r->ok = false;
		out->d = (gw_date){ 0, 0, 0 };
		return;
	}
	if (has_cn_numeral_date(t.s))
		diag_lint(t.pos, "%s \"%s\": dates are written in Arabic numerals since 2012; "
		    "write %s: 2018-06-06 (printed 2018年6月6日)", key, t.s, key);
	else if (strstr(t.s, "年0") || strstr(t.s, "月0"))
		diag_lint(t.pos, "%s \"%s\": no leading zeros in a date (不编虚位); "
		    "gongwen prints %s", key, t.s, date_cn(r->a, out->d));
}

static void
read_format(struct rd *r, const rec *v)
{
	static const struct { const char *name; doc_format f; } f[] = {
		{ "文件", DOC_FMT_FILE }, { "信函", DOC_FMT_LETTER }, { "命令", DOC_FMT_ORDER },
		{ "令", DOC_FMT_ORDER }, { "纪要", DOC_FMT_MINUTES },
	};
	doc_text t = { NULL, NOPOS };

	if (!read_text(r, "格式", v, &t) || t.s == NULL)
		return;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (strcmp(t.s, f[i].name) == 0) {
			r->d->format = f[i].f;
			return;
		}
	bad(r, t.pos, "格式 \"%s\": one of 文件, 信函, 命令, 纪要", t.s);
}

static void
read_numbering(struct rd *r, const rec *v)
{
	static const char *const off[] = { "无", "false", "off", "手动", "否", "no" };
	static const char *const on[] = { "自动", "true", "on", "是", "yes", "有" };
	doc_text t = { NULL, NOPOS };

	if (!read_text(r, "编号", v, &t) || t.s == NULL)
		return;
	for (size_t i = 0; i < sizeof off / sizeof *off; i++)
		if (strcmp(t.s, off[i]) == 0) {
			r->d->numbering = false;
			return;
		}
	for (size_t i = 0; i < sizeof on / sizeof *on; i++)
		if (strcmp(t.s, on[i]) == 0)
			return;
	bad(r, t.pos, "编号 \"%s\": 自动 (headings numbered 一、（一）1.（1）) or 手动 "
	    "(the headings carry their own numbers)", t.s);
}

/* A seal image must be a PNG or JPEG of a sane size: checked here (by
 * pdf_out's header check) so that the message names the template line. */
static bool
check_png(const char *path, const char *shown, srcpos pos)
{
	long long size;
	char msg[240];
	int err, fd = file_open(path, &size, &err);

	if (fd == -1) {
		diag_error(pos, "印章 \"%s\": %s", shown, file_strerror(err));
		return false;
	}
	close(fd);
	pdf_image_pos(path, pos);
	if (!pdf_image_check(path, msg, sizeof msg)) {
		if (strcmp(msg, "not a PNG or JPEG image") == 0)
			diag_error(pos, "印章 \"%s\" is not a PNG image; give the seal as a PNG "
			    "(a transparent background is best)", shown);
		else
			diag_error(pos, "印章 \"%s\": %s", shown, msg);
		return false;
	}
	return true;
}


static void
read_seals(struct rd *r, const rec *v)
{
	doc_list l = { NULL, 0, NOPOS };
	gw_doc *d = r->d;

	read_list(r, "印章", v, &l);
	d->seals_pos = v->pos;
	d->seals = arena_alloc(r->a, (l.n ? l.n : 1) * sizeof *d->seals);
	for (size_t i = 0; i < l.n; i++) {
		char *p = file_confine(r->a, r->root, l.v[i], v->pos, "印章");
		if (p != NULL)
			file_note_input(p, l.v[i]);
		if (p != NULL && check_png(p, l.v[i], v->pos))
			d->seals[d->nseals++] = p;
		else
			r->ok = false;
	}
}

/* Display name of a template path: as the user would name it from the cwd
 * (the root is the main template's directory, as named on the command line). */
static const char *
show_path(arena *a, const char *root, const char *rel)
{
	if (root == NULL || strcmp(root, ".") == 0)
		return arena_strdup(a, rel);
	return arena_printf(a, "%s/%s", root, rel);
}


/* An attachment: a title, or {标题: …, 模板: …, 数据: …} whose template
 * and data are resolved and confined here and rendered by render.c. */
static void
read_attach(struct rd *r, const rec *item, gw_attach *at, const char *key)
{
	const rec *t, *m, *dat;

	memset(at, 0, sizeof *at);
	at->pos = item->pos;
	at->title = "";
	if (item->kind == REC_STR) {
		at->title = squeeze(r, key, item);
		return;
	}
	if (item->kind != REC_MAP) {
		bad(r, item->pos, "%s: each item is a title, or {标题: …, 模板: …, 数据: …}", key);
		return;
	}
	t = rec_map_get(item, "标题");
	m = rec_map_get(item, "模板");
	dat = rec_map_get(item, "数据");
	if (t == NULL || t->kind != REC_STR || t->len == 0) {
		bad(r, item->pos, "%s: an item needs a 标题", key);
		return;
	}
	at->title = squeeze(r, key, t);
	for (size_t i = 0; i < item->n; i++)
		if (strcmp(item->k[i], "标题") && strcmp(item->k[i], "模板") &&
		    strcmp(item->k[i], "数据"))
			diag_warn(item->v[i]->pos, "%s: unknown key \"%s\" (标题, 模板, 数据)",
			    key, item->k[i]);
	if (m == NULL) {
		if (dat != NULL)
			bad(r, dat->pos, "%s: 数据 goes with a 模板", key);
		return;
	}
	if (m->kind != REC_STR) {
		bad(r, m->pos, "%s: 模板 must be a file name", key);
		return;
	}
	if (r->d->depth >= 3) {
		bad(r, m->pos, "%s: templates nested more than 3 deep", key);
		return;
	}
	at->tmpl = file_confine(r->a, r->root, m->s, m->pos, "模板");
	at->tmpl_shown = show_path(r->a, r->root, m->s);
	at->tmpl_pos = m->pos;
	if (at->tmpl == NULL) {
		r->ok = false;
		return;
	}
	if (dat != NULL) {
		if (dat->kind != REC_STR) {
			bad(r, dat->pos, "%s: 数据 must be a file name", key);
			return;
		}
		/* 表.xlsx#评分: the confinement checks the file part */
		const char *sheet;
		const char *df = rec_split_sheet(r->a, dat->s, &sheet);
		at->data = file_confine(r->a, r->root, df, dat->pos, "数据");
		at->data_pos = dat->pos;
		if (at->data == NULL)
			r->ok = false;
		else if (sheet != NULL)
			at->data = arena_printf(r->a, "%s#%s", at->data, sheet);
	}
}

static void
read_attachments(struct rd *r, const rec *v)
{
	gw_doc *d = r->d;

	if (v->kind == REC_LIST) {
		d->att = arena_alloc(r->a, (v->n ? v->n : 1) * sizeof *d->att);
		for (size_t i = 0; i < v->n; i++)
			read_attach(r, v->v[i], &d->att[d->natt++], "附件");
	} else if (v->kind == REC_STR || v->kind == REC_MAP) {
		d->att = arena_alloc(r->a, sizeof *d->att);
		read_attach(r, v, &d->att[d->natt++], "附件");
	} else if (v->kind != REC_NULL) {
		bad(r, v->pos, "附件: expected a list of attachments");
	}
}

static void
read_own(struct rd *r, const char *k, const rec *v)
{
	if (strcmp(k, "格式") == 0) {
		read_format(r, v);
	} else if (strcmp(k, "编号") == 0) {
		read_numbering(r, v);
	} else if (strcmp(k, "印章") == 0) {
		read_seals(r, v);
	} else if (strcmp(k, "附件") == 0) {
		read_attachments(r, v);
	} else if (strcmp(k, "印发文件") == 0) {
		if (v->kind != REC_NULL) {
			r->d->issued = arena_alloc(r->a, sizeof *r->d->issued);
			read_attach(r, v, r->d->issued, "印发文件");
		}
	} else if (strcmp(k, "数据") == 0) {
		bad(r, v->pos, "数据 at the top of the front matter does nothing: data for "
		    "this template comes with --data; 数据 belongs to an item of 附件 or "
		    "印发文件 ({标题: …, 模板: …, 数据: …})");
	}
}

static void
unknown_key(const char *k, const rec *v)
{
	suggest sg;

	suggest_init(&sg, k);
	for (size_t i = 0; i < NKEYS; i++)
		suggest_offer(&sg, keys[i].name);
	const char *near = suggest_result(&sg);
	if (near)
		diag_warn(v->pos, "unknown front-matter key \"%s\"; did you mean \"%s\"?", k, near);
	else
		diag_warn(v->pos, "unknown front-matter key \"%s\" (see the README for the keys)", k);
}

/* Elements the chosen format does not print: said, not dropped silently. */
static void
check_combinations(struct rd *r)
{
	gw_doc *d = r->d;
	bool letter = d->format == DOC_FMT_LETTER;

	if (d->doc_no.s && !letter && d->organs.n == 0)
		diag_warn(d->doc_no.pos, "发文字号 is printed under the 发文机关标志, and there "
		    "is none: it is not printed (add 发文机关标志)");
	if (d->signers.n > 0 && (letter || d->organs.n == 0))
		diag_warn(d->signers.pos, "签发人 is printed beside the 发文字号 under the "
		    "发文机关标志%s: it is not printed", letter ? "; a 信函 has none" :
		    ", and there is none");
	if (d->nseals > 0 && d->signatures.n > 0 && d->nseals != d->signatures.n)
		bad(r, d->seals_pos, "%zu 印章 for %zu 署名: one seal per 署名", d->nseals,
		    d->signatures.n);
	doc_list *att[] = { &d->present, &d->absent, &d->attending };
	static const char *const an[] = { "出席", "请假", "列席" };
	for (int i = 0; i < 3; i++)
		if (att[i]->n > 0 && d->format != DOC_FMT_MINUTES)
			diag_warn(att[i]->pos, "%s belongs to a 纪要 (格式: 纪要): it is not printed",
			    an[i]);
	if (d->format == DOC_FMT_MINUTES && d->signatures.n > 0)
		diag_warn(d->signatures.pos, "a 纪要 has no 署名: it is not printed");
}

/* The 关键词 as PDF Info's Keywords: the non-empty ones joined with "; "
 * (as Acrobat joins XMP's dc:subject); NULL when there are none. */
static const char *
join_keywords(arena *a, const doc_list *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += strlen(l->v[i]) + 2;
	if (n == 0)
		return NULL;
	char *s = arena_alloc(a, n + 1), *p = s;
	for (size_t i = 0; i < l->n; i++) {
		size_t k = strlen(l->v[i]);
		if (k == 0)
			continue;
		if (p != s) {
			memcpy(p, "; ", 2);
			p += 2;
		}
		memcpy(p, l->v[i], k);
		p += k;
	}
	*p = '\0';
	return p == s ? NULL : s;
}

gw_doc *
doc_new(arena *a, const char *file, int depth)
{
	gw_doc *d = arena_alloc(a, sizeof *d);

	memset(d, 0, sizeof *d);
	d->file = file;
	d->depth = depth;
	d->numbering = true;
	d->format = DOC_FMT_FILE;
	return d;
}

bool
doc_read_front(arena *a, gw_doc *d, rec *front, const char *root_dir)
{
	struct rd r = { a, d, root_dir, true, 0 };

	d->root = root_dir;
	d->front = front;
	d->front_pos = front->pos;
	for (size_t i = 0; i < front->n; i++) {
		const char *k = front->k[i];
		const rec *v = front->v[i];
		const struct key *ky = NULL;
		for (size_t j = 0; j < NKEYS && ky == NULL; j++)
			if (strcmp(k, keys[j].name) == 0)
				ky = &keys[j];
		if (ky == NULL) {
			unknown_key(k, v);
			continue;
		}
		char *field = (char *)d + ky->off;
		switch (ky->shape) {
		case SH_TEXT:
			if (read_text(&r, k, v, (doc_text *)field) && v->kind == REC_STR)
				((doc_text *)field)->s = squeeze(&r, k, v);
			break;
		case SH_LIST: read_list(&r, k, v, (doc_list *)field); break;
		case SH_DATE: read_date(&r, k, v, (doc_date *)field); break;
		case SH_OWN: read_own(&r, k, v); break;
		}
	}
	/* PDF Info: a single 署名, else the 印发机关 */
	const rec *sig = rec_map_get(front, "署名");
	d->author = sig && (sig->kind == REC_STR || sig->kind == REC_BOOL) ? sig->s : d->printer.s;
	d->info_subject = d->subject.s && *d->subject.s ? d->subject.s : d->doc_no.s;
	d->info_keywords = join_keywords(a, &d->keywords);
	check_combinations(&r);
	return r.ok;
}

/* ---- body ------------------------------------------------------------------------ */

doc_block *
doc_add_figure(arena *a, gw_doc *d, const char *url, const char *caption, srcpos pos)
{
	long long size;
	char msg[240];
	unsigned w = 0, h = 0;
	int err;

	if (url == NULL || *url == '\0') {
		diag_error(pos, "an image without a file: write ![图1 caption](chart.png)");
		return NULL;
	}
	char *p = file_confine(a, d->root ? d->root : ".", url, pos, "图");
	if (p == NULL)
		return NULL;
	file_note_input(p, url);
	int fd = file_open(p, &size, &err);
	if (fd == -1) {
		diag_error(pos, "图 \"%s\": %s", url, file_strerror(err));
		return NULL;
	}
	close(fd);
	pdf_image_pos(p, pos);
	if (!pdf_image_info(p, msg, sizeof msg, &w, &h)) {
		unsigned pw, ph;
		if (strcmp(msg, "not a PNG or JPEG image") == 0)
			diag_error(pos, "图 \"%s\" is not a PNG or JPEG image; save the figure as "
			    "PNG (charts) or JPEG (photographs)", url);
		else if (strstr(msg, "more than a seal needs") && sscanf(msg, "%ux%u", &pw, &ph) == 2)
			diag_error(pos, "图 \"%s\" is %ux%u pixels, more than gongwen takes (4096x4096; "
			    "a full-width figure at 600 dpi is 3685 pixels wide); scale it down", url,
			    pw, ph);
		else
			diag_error(pos, "图 \"%s\": %s", url, msg);
		return NULL;
	}
	doc_block *b = doc_add_block(a, d, DOC_FIGURE, pos);
	b->as.figure.path = p;
	b->as.figure.shown = url;
	b->as.figure.caption = caption ? caption : "";
	b->as.figure.px_w = w;
	b->as.figure.px_h = h;
	return b;
}

/* Arrays that grow by doubling keep no capacity: it is 4, or the count
 * when that is a power of two (then full). */
static void *
grow(arena *a, void *v, size_t n, size_t size)
{
	if (n == 0)
		return arena_alloc(a, 4 * size);
	if (n >= 4 && (n & (n - 1)) == 0) {
		void *w = arena_alloc(a, 2 * n * size);
		memcpy(w, v, n * size);
		return w;
	}
	return v;
}

doc_block *
doc_add_block(arena *a, gw_doc *d, doc_block_kind kind, srcpos pos)
{
	d->blocks = grow(a, d->blocks, d->nblocks, sizeof *d->blocks);
	doc_block *b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->pos = pos;
	return b;
}

doc_spans *
doc_block_text(doc_block *b)
{
	switch (b->kind) {
	case DOC_PARA: return &b->as.para.text;
	case DOC_HEADING: return &b->as.heading.text;
	case DOC_ITEM: return &b->as.item.text;
	default: return NULL;
	}
}

const doc_spans *
doc_block_text_c(const doc_block *b)
{
	return doc_block_text((doc_block *)b);
}

static doc_span *
push_span(arena *a, doc_spans *t)
{
	t->v = grow(a, t->v, t->n, sizeof *t->v);
	doc_span *sp = &t->v[t->n++];
	memset(sp, 0, sizeof *sp);
	return sp;
}

doc_span *
doc_add_span(arena *a, doc_block *b)
{
	doc_spans *t = doc_block_text(b);
	return t ? push_span(a, t) : NULL;
}

/* Does the heading text already carry its own number? */
static bool
has_own_number(const char *t)
{
	uint32_t cp;
	size_t i = 0, n = strlen(t);

	i += utf8_decode((const unsigned char *)t, n, &cp);
	if (cp == 0xFF08 || cp == '(') {            /* （一） （1） */
		return true;
	}
	if (strchr("0123456789", (int)cp) != NULL && cp != 0) {
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
		uint32_t nx;
		utf8_decode((const unsigned char *)t + i, n - i, &nx);
		return nx == '.' || nx == 0xFF0E || nx == 0x3001;
	}
	/* 一、 十二、 */
	static const char *const cn = "一二三四五六七八九十";
	bool any = false;
	i = 0;
	while (i < n) {
		size_t l = utf8_decode((const unsigned char *)t + i, n - i, &cp);
		char enc[5] = {0};
		utf8_encode(cp, enc);
		if (cp < 0x80 || strstr(cn, enc) == NULL)
			break;
		any = true;
		i += l;
	}
	if (!any)
		return false;
	utf8_decode((const unsigned char *)t + i, n - i, &cp);
	return cp == 0x3001;  /* 、 */
}


/* Split a level-2..4 heading at its first 。 that is not the last character:
 * the rest becomes body text of the same paragraph. */
static void
split_runin(arena *a, doc_block *b)
{
	doc_spans *t = &b->as.heading.text;

	for (size_t i = 0; i < t->n; i++) {
		doc_span *sp = &t->v[i];
		const char *dot = strstr(sp->text, "。");
		if (dot == NULL)
			continue;
		size_t cut = (size_t)(dot - sp->text) + strlen("。");
		bool rest_here = cut < sp->len;
		bool rest_later = i + 1 < t->n;
		if (!rest_here && !rest_later)
			return;  /* 。 ends the heading: an ordinary heading */
		b->as.heading.runin = true;
		if (rest_here) {
			doc_span tail = *sp;
			tail.text = sp->text + cut;
			tail.len = sp->len - cut;
			tail.style &= ~(DOC_SP_HEAD | DOC_SP_BREAK);
			tail.pos.col += (int)utf8_count(sp->text, cut);
			sp->text = arena_strndup(a, sp->text, cut);
			sp->len = cut;
			/* insert tail after i */
			push_span(a, t);
			memmove(&t->v[i + 2], &t->v[i + 1], (t->n - i - 2) * sizeof *t->v);
			t->v[i + 1] = tail;
		}
		for (size_t j = i + 1; j < t->n; j++)
			t->v[j].style &= ~DOC_SP_HEAD;
		return;
	}
}

static char *
spans_text(arena *a, const doc_spans *t)
{
	abuf s;

	abuf_init(&s, a);
	for (size_t i = 0; i < t->n; i++)
		abuf_put(&s, t->v[i].text, t->v[i].len);
	abuf_cstr(&s);
	return s.p;
}

/* The template the headings of the document being built come from: whether
 * a heading has its own number is the template's word, not the data's ("#
 * {{x}}" with x = "1. 项" keeps its automatic number; data never changes a
 * document's structure). */
static const char *num_src, *num_file;
static size_t num_srcn;

void
doc_heading_source(const char *file, const char *text, size_t n)
{
	num_file = file;
	num_src = text;
	num_srcn = n;
}

/* The heading's own text as the template writes it (after the #s), or the
 * expanded text when the template is not known. */
static const char *
heading_source(arena *a, const doc_block *b, const char *expanded)
{
	if (num_src == NULL || b->pos.file == NULL || num_file == NULL ||
	    strcmp(b->pos.file, num_file) != 0 || b->pos.line < 1)
		return expanded;
	const char *p = num_src, *end = num_src + num_srcn;
	for (int l = 1; l < b->pos.line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *e = memchr(p, '\n', (size_t)(end - p));
	if (e == NULL)
		e = end;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p < e && *p == '#') {
		while (p < e && *p == '#')
			p++;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
	}
	return arena_strndup(a, p, (size_t)(e - p));
}

static void
number_headings(arena *a, gw_doc *d)
{
	int cnt[5] = {0};

	for (size_t i = 0; i < d->nblocks; i++) {
		doc_block *b = &d->blocks[i];
		if (b->kind != DOC_HEADING)
			continue;
		struct doc_heading *h = &b->as.heading;
		int lv = h->level;
		if (lv >= 2)
			split_runin(a, b);
		cnt[lv]++;
		for (int j = lv + 1; j <= 4; j++)
			cnt[j] = 0;
		if (!d->numbering || has_own_number(heading_source(a, b, spans_text(a, &h->text))))
			continue;
		switch (lv) {
		case 1: h->number = arena_printf(a, "%s、", cn_heading(a, (unsigned long long)cnt[1])); break;
		case 2: h->number = arena_printf(a, "（%s）", cn_heading(a, (unsigned long long)cnt[2])); break;
		case 3: h->number = arena_printf(a, "%d.", cnt[3]); break;
		default: h->number = arena_printf(a, "（%d）", cnt[4]); break;
		}
	}
}

/* ---- gentle checks of the content (warnings; errors under --strict) ---- */

static bool
is_han_or_punct(uint32_t cp)
{
	return utf8_is_wide(cp);
}

/* Half-width , ; : ( ) ? ! next to Chinese text. */
static void
lint_halfwidth(const char *s, size_t n, srcpos pos, const char *what)
{
	static const char *const full[] = { ",", "，", ";", "；", ":", "：", "(", "（",
		")", "）", "?", "？", "!", "！", NULL };
	uint32_t prev = 0, cp, next;
	size_t i = 0;
	int col = pos.col;
	int count = 0;

	while (i < n) {
		size_t l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		next = 0;
		if (i + l < n)
			utf8_decode((const unsigned char *)s + i + l, n - i - l, &next);
		if (cp < 0x80 && strchr(",;:()?!", (int)cp) != NULL && cp != 0 &&
		    (is_han_or_punct(prev) || is_han_or_punct(next))) {
			const char *fw = "";
			for (int k = 0; full[k]; k += 2)
				if (full[k][0] == (char)cp)
					fw = full[k + 1];
			srcpos p = pos;
			p.col = col;
			if (count++ < 20)
				diag_lint(p, "half-width '%c' in Chinese text%s; write '%s' (GB/T 15834)",
				    (int)cp, what, fw);
		}
		prev = cp;
		col++;
		i += l;
	}
}

static void
lint_docno(const char *no, srcpos pos)
{
	if (no == NULL)
		return;
	if (strchr(no, '[') || strchr(no, ']') || strstr(no, "【") || strstr(no, "［"))
		diag_lint(pos, "发文字号 \"%s\": the year goes in 六角括号 〔〕, not [] or 【】 "
		    "(GB/T 9704 7.2.5)", no);
	else if ((strchr(no, '(') || strstr(no, "（")) && !strstr(no, "〔"))
		diag_lint(pos, "发文字号 \"%s\": the year goes in 六角括号 〔〕, not () or （） "
		    "(GB/T 9704 7.2.5)", no);
	const char *close = strstr(no, "〕");
	const char *p = close ? close + strlen("〕") : no;
	if (strncmp(p, "第", strlen("第")) == 0)
		diag_lint(pos, "发文字号 \"%s\": no 第 before the number (write 〔2024〕7号)", no);
	else if (close && p[0] == '0' && p[1] >= '0' && p[1] <= '9')
		diag_lint(pos, "发文字号 \"%s\": the number has no leading zero (write 〔2024〕7号, "
		    "not 07号)", no);
}


static void
lint_doc(arena *a, gw_doc *d)
{
	if (d->format != DOC_FMT_ORDER)
		lint_docno(d->doc_no.s, d->doc_no.pos);   /* 令号 is 第N号 */
	for (size_t i = 0; i < d->natt; i++) {
		const char *t = d->att[i].title;
		size_t n = strlen(t);
		static const char *const punct[] = { "。", "，", "；", "：", ".", ",", ";", ":", NULL };
		for (int k = 0; punct[k]; k++) {
			size_t pl = strlen(punct[k]);
			if (n >= pl && strcmp(t + n - pl, punct[k]) == 0) {
				diag_lint(d->att[i].pos, "附件 \"%s\": no punctuation after an "
				    "attachment's name (GB/T 9704 7.3.4)", t);
				break;
			}
		}
	}
	for (size_t i = 0; d->front && i < d->front->n; i++) {
		const rec *v = d->front->v[i];
		if (v->kind == REC_STR)
			lint_halfwidth(v->s, v->len, v->pos, arena_printf(a, " (%s)", d->front->k[i]));
	}
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_spans *t = doc_block_text_c(&d->blocks[i]);
		for (size_t j = 0; t && j < t->n; j++)
			lint_halfwidth(t->v[j].text, t->v[j].len, t->v[j].pos, "");
	}
}

bool
doc_finish(arena *a, gw_doc *d)
{
	number_headings(a, d);
	lint_doc(a, d);
	return true;
}

/* ---- dump ------------------------------------------------------------------------- */

static void
dump_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fputc('\\', f);
		if (s[i] == '\n')
			fputs("\\n", f);
		else
			fputc(s[i], f);
	}
	fputc('"', f);
}

static void
dump_pos(FILE *f, srcpos p)
{
	if (p.line > 0)
		fprintf(f, " @%d:%d", p.line, p.col);
	fputc('\n', f);
}

static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');   /* no absolute paths in dumps */
	return s ? s + 1 : p;
}

static void
dump_attach(FILE *f, const char *key, size_t i, const gw_attach *at)
{
	fprintf(f, "  %s[%zu] = ", key, i + 1);
	dump_str(f, at->title, strlen(at->title));
	if (at->tmpl)
		fprintf(f, " 模板=%s", at->tmpl_shown);
	if (at->data)
		fprintf(f, " 数据=%s", base_name(at->data));
	dump_pos(f, at->pos);
}

static void
dump_front(const gw_doc *d, FILE *f)
{
	static const char *const fmts[] = { "文件", "信函", "命令", "纪要" };

	fprintf(f, "  格式 = %s\n  编号 = %s\n", fmts[d->format], d->numbering ? "自动" : "手动");
	for (size_t i = 0; i < NKEYS; i++) {
		const char *field = (const char *)d + keys[i].off;
		if (keys[i].shape == SH_TEXT) {
			const doc_text *t = (const doc_text *)field;
			if (t->s == NULL)
				continue;
			fprintf(f, "  %s = ", keys[i].name);
			dump_str(f, t->s, strlen(t->s));
			dump_pos(f, t->pos);
		} else if (keys[i].shape == SH_LIST) {
			const doc_list *l = (const doc_list *)field;
			if (l->n == 0)
				continue;
			fprintf(f, "  %s = [", keys[i].name);
			for (size_t k = 0; k < l->n; k++) {
				if (k)
					fputs(", ", f);
				dump_str(f, l->v[k], strlen(l->v[k]));
			}
			fputc(']', f);
			dump_pos(f, l->pos);
		} else if (keys[i].shape == SH_DATE) {
			const doc_date *dt = (const doc_date *)field;
			if (dt->d.y == 0)
				continue;
			fprintf(f, "  %s = %04d-%02d-%02d", keys[i].name, dt->d.y, dt->d.m, dt->d.d);
			dump_pos(f, dt->pos);
		}
	}
	for (size_t i = 0; i < d->nseals; i++)
		fprintf(f, "  印章[%zu] = %s\n", i + 1, base_name(d->seals[i]));
	for (size_t i = 0; i < d->natt; i++)
		dump_attach(f, "附件", i, &d->att[i]);
	if (d->issued)
		dump_attach(f, "印发文件", 0, d->issued);
}

void
doc_dump(const gw_doc *d, FILE *f)
{
	static const char *const kinds[] = { "para", "heading", "pagebreak", "item", "table",
		"figure" };

	fprintf(f, "doc %s\n", d->file);
	dump_front(d, f);
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		fprintf(f, "  %d:%d %s", b->pos.line, b->pos.col, kinds[b->kind]);
		if (b->kind == DOC_HEADING) {
			fprintf(f, " level=%d", b->as.heading.level);
			if (b->as.heading.number)
				fprintf(f, " number=\"%s\"", b->as.heading.number);
			if (b->as.heading.runin)
				fputs(" runin", f);
		} else if (b->kind == DOC_FIGURE) {
			fprintf(f, " %s %ux%u caption=", b->as.figure.shown, b->as.figure.px_w,
			    b->as.figure.px_h);
			dump_str(f, b->as.figure.caption, strlen(b->as.figure.caption));
		} else if (b->kind == DOC_ITEM) {
			fprintf(f, " level=%d", b->as.item.depth);
			if (b->as.item.marker)
				fprintf(f, " number=\"%s\"", b->as.item.marker);
		}
		fputc('\n', f);
		if (b->kind == DOC_TABLE && b->as.table.t)
			tbl_dump(b->as.table.t, f);
		const doc_spans *t = doc_block_text_c(b);
		for (size_t j = 0; t && j < t->n; j++) {
			const doc_span *s = &t->v[j];
			fputs("    ", f);
			if (s->style & DOC_SP_HEAD)
				fputs("head ", f);
			if (s->style & DOC_SP_STRONG)
				fputs("strong ", f);
			if (s->style & DOC_SP_BREAK)
				fputs("break ", f);
			dump_str(f, s->text, s->len);
			fputc('\n', f);
		}
	}
}
