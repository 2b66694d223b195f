/* doc.c — front matter, heading numbers, run-in headings; the doc dump. */
#include "doc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "utf8.h"

const char *const doc_known_keys[] = {
	"份号", "密级和保密期限", "紧急程度", "发文机关标志", "发文字号", "签发人",
	"标题", "主送", "附件", "署名", "成文日期", "印章", "附注", "抄送",
	"印发机关", "印发日期", "格式", "稿别", "印发文件", "编号", "数据",
	"出席", "请假", "列席",
	NULL
};

static const char *const cn_digits[] = {
	"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};

const char *
doc_cn_number(arena *a, int n)
{
	if (n <= 0 || n >= 100)
		return arena_printf(a, "%d", n);
	if (n < 10)
		return cn_digits[n];
	if (n < 20)
		return arena_printf(a, "十%s", n % 10 ? cn_digits[n % 10] : "");
	return arena_printf(a, "%s十%s", cn_digits[n / 10], n % 10 ? cn_digits[n % 10] : "");
}

const char *
doc_format_date(arena *a, const char *iso)
{
	int y, m, d;
	char tail;

	if (iso == NULL)
		return NULL;
	if (sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 &&
	    sscanf(iso, "%4d年%2d月%2d日%c", &y, &m, &d, &tail) != 3)
		return NULL;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return NULL;
	return arena_printf(a, "%d年%d月%d日", y, m, d);
}

static const char *front_str(const gw_doc *d, const char *key, srcpos *pos);

/* Edit distance over code points, for "did you mean". */
static int
cp_distance(const char *x, const char *y)
{
	uint32_t a[64], b[64];
	size_t na, nb;
	int row[65];

	size_t lx = strlen(x), ly = strlen(y);

	/* count first: a[] and b[] hold 64 code points, and an ASCII key of
	 * 64..255 bytes is that many code points */
	if (utf8_count(x, lx) > 64 || utf8_count(y, ly) > 64)
		return 99;
	na = utf8_to_cps(x, lx, a);
	nb = utf8_to_cps(y, ly, b);
	for (size_t j = 0; j <= nb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		int prev = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= nb; j++) {
			int cur = row[j];
			int best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[nb];
}

static const char *
nearest_key(const char *k)
{
	const char *best = NULL;
	int bd = 99;

	for (int i = 0; doc_known_keys[i]; i++) {
		int dd = cp_distance(k, doc_known_keys[i]);
		if (dd < bd) {
			bd = dd;
			best = doc_known_keys[i];
		}
	}
	size_t n = utf8_count(k, strlen(k));
	return bd <= (n <= 2 ? 1 : 2) ? best : NULL;
}

const char *
doc_front(const gw_doc *d, const char *key, srcpos *pos)
{
	return front_str(d, key, pos);
}

size_t
doc_front_list(const gw_doc *d, const char *key, const char ***items,
               srcpos *pos, arena *a)
{
	rec *r = rec_map_get(d->front, key);
	const char **v = NULL;
	size_t n = 0, cap = 0;

	*items = NULL;
	if (r == NULL || r->kind == REC_NULL)
		return 0;
	if (pos)
		*pos = r->pos;
	if (r->kind == REC_STR || r->kind == REC_BOOL) {
		*ARENA_PUSH(a, v, n, cap) = r->s;
	} else if (r->kind == REC_LIST) {
		for (size_t i = 0; i < r->n; i++)
			if (r->v[i]->kind == REC_STR || r->v[i]->kind == REC_BOOL)
				*ARENA_PUSH(a, v, n, cap) = r->v[i]->s;
			else
				diag_error(r->v[i]->pos, "%s: each item must be text", key);
	} else {
		diag_error(r->pos, "%s: expected text or a list of texts", key);
	}
	*items = v;
	return n;
}

static const char *
front_str(const gw_doc *d, const char *key, srcpos *pos)
{
	rec *r = rec_map_get(d->front, key);

	if (r == NULL || r->kind == REC_NULL)
		return NULL;
	if (pos)
		*pos = r->pos;
	if (r->kind == REC_STR || r->kind == REC_BOOL)
		return r->s;
	return NULL;
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
	for (size_t i = 0; i < b->nspans; i++) {
		doc_span *sp = &b->spans[i];
		const char *dot = strstr(sp->text, "。");
		if (dot == NULL)
			continue;
		size_t cut = (size_t)(dot - sp->text) + strlen("。");
		bool rest_here = cut < sp->len;
		bool rest_later = i + 1 < b->nspans;
		if (!rest_here && !rest_later)
			return;  /* 。 ends the heading: an ordinary heading */
		b->runin = true;
		if (rest_here) {
			doc_span tail = *sp;
			tail.text = sp->text + cut;
			tail.len = sp->len - cut;
			tail.style &= ~SP_HEAD;
			tail.style &= ~SP_BREAK;
			tail.pos.col += (int)utf8_count(sp->text, cut);
			sp->text = arena_strndup(a, sp->text, cut);
			sp->len = cut;
			/* insert tail after i */
			ARENA_PUSH(a, b->spans, b->nspans, b->capspans);
			memmove(&b->spans[i + 2], &b->spans[i + 1],
			    (b->nspans - i - 2) * sizeof *b->spans);
			b->spans[i + 1] = tail;
		}
		for (size_t j = i + 1; j < b->nspans; j++)
			b->spans[j].style &= ~SP_HEAD;
		return;
	}
}

static char *
block_text(arena *a, const doc_block *b)
{
	abuf t;

	abuf_init(&t, a);
	for (size_t i = 0; i < b->nspans; i++)
		abuf_put(&t, b->spans[i].text, b->spans[i].len);
	abuf_cstr(&t);
	return t.p;
}

/* The template the headings of the document being built come from: whether
 * a heading has its own number is the template's word, not the data's ("#
 * {{x}}" with x = "1. 项" keeps its automatic number; data never changes a
 * document's structure). */
static const char *num_src, *num_file;
static size_t num_srcn;

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

void
doc_number_headings(arena *a, gw_doc *d)
{
	int cnt[5] = {0};

	for (size_t i = 0; i < d->nblocks; i++) {
		doc_block *b = &d->blocks[i];
		if (b->kind == B_PAGEBREAK)
			continue;
		if (b->kind != B_HEADING)
			continue;
		int lv = b->level;
		if (lv >= 2)
			split_runin(a, b);
		cnt[lv]++;
		for (int j = lv + 1; j <= 4; j++)
			cnt[j] = 0;
		if (!d->numbering || has_own_number(heading_source(a, b, block_text(a, b))))
			continue;
		switch (lv) {
		case 1: b->number = arena_printf(a, "%s、", doc_cn_number(a, cnt[1])); break;
		case 2: b->number = arena_printf(a, "（%s）", doc_cn_number(a, cnt[2])); break;
		case 3: b->number = arena_printf(a, "%d.", cnt[3]); break;
		default: b->number = arena_printf(a, "（%d）", cnt[4]); break;
		}
	}
}

/* A path named in a template, resolved in the template's directory; it may
 * not leave that directory (no absolute paths, no .., no symlinks out). */
static char *
confined_path(arena *a, const char *root, const char *rel, srcpos pos, const char *what)
{
	char real[PATH_MAX], rroot[PATH_MAX];
	char *full;

	if (realpath(root, rroot) == NULL) {
		diag_error(pos, "%s \"%s\": the template's directory %s: %s", what, rel, root,
		    strerror(errno));
		return NULL;
	}
	size_t rl = strlen(rroot);

	if (rel[0] == '/') {
		diag_error(pos, "%s \"%s\": give a path inside the template's directory, "
		    "not an absolute one", what, rel);
		return NULL;
	}
	full = arena_printf(a, "%s/%s", root, rel);
	if (realpath(full, real) == NULL) {
		diag_error(pos, "%s \"%s\": %s", what, rel, strerror(errno));
		return NULL;
	}
	if (strncmp(real, rroot, rl) != 0 ||
	    (real[rl] != '/' && real[rl] != '\0' && !(rl == 1 && rroot[0] == '/'))) {
		diag_error(pos, "%s \"%s\" is outside the template's directory; "
		    "refused", what, rel);
		return NULL;
	}
	return arena_strdup(a, real);
}

char *
doc_read_file(arena *a, const char *path, size_t *len, srcpos pos)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;

	if (f == NULL) {
		diag_error(pos, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_error(pos, "%s is %s, not a file", path,
		    S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
		fclose(f);
		return NULL;
	}
	if (st.st_size > 64L * 1024 * 1024) {
		diag_error(pos, "%s is %lld bytes; the limit is 64 MB", path, (long long)st.st_size);
		fclose(f);
		return NULL;
	}
	buf = arena_alloc(a, (size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		diag_error(pos, "cannot read %s: %s", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* A seal image must be a PNG: checked here so that the message names the
 * template line, not only the file. */
static bool
check_png(const char *path, const char *shown, srcpos pos)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	unsigned char b[24];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(b, 1, sizeof b, f) : 0;

	if (f)
		fclose(f);
	if (n < sizeof b || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0) {
		diag_error(pos, "印章 \"%s\" is not a PNG image; give the seal as a PNG "
		    "(a transparent background is best)", shown);
		return false;
	}
	return true;
}

/* Display name of a sub-template: relative to the cwd when possible. */
static const char *
show_path(arena *a, const char *parent_file, const char *rel)
{
	const char *s = strrchr(parent_file, '/');
	if (s == NULL)
		return arena_strdup(a, rel);
	return arena_printf(a, "%.*s/%s", (int)(s - parent_file), parent_file, rel);
}

static bool
load_attach(arena *a, gw_doc *d, const rec *item, gw_attach *at,
            const rec *data, const tmpl_opts *o, const char *key)
{
	const rec *t, *m, *dat;

	at->pos = item->pos;
	if (item->kind == REC_STR) {
		at->title = item->s;
		return true;
	}
	if (item->kind != REC_MAP) {
		diag_error(item->pos, "%s: each item is a title, or {标题: …, 模板: …, 数据: …}", key);
		at->title = "";
		return false;
	}
	t = rec_map_get(item, "标题");
	m = rec_map_get(item, "模板");
	dat = rec_map_get(item, "数据");
	if (t == NULL || t->kind != REC_STR || t->len == 0) {
		diag_error(item->pos, "%s: an item needs a 标题", key);
		at->title = "";
		return false;
	}
	at->title = t->s;
	for (size_t i = 0; i < item->n; i++)
		if (strcmp(item->k[i], "标题") && strcmp(item->k[i], "模板") &&
		    strcmp(item->k[i], "数据"))
			diag_warn(item->v[i]->pos, "%s: unknown key \"%s\" (标题, 模板, 数据)",
			    key, item->k[i]);
	if (m == NULL)
		return true;
	if (m->kind != REC_STR) {
		diag_error(m->pos, "%s: 模板 must be a file name", key);
		return false;
	}
	if (d->depth >= 3) {
		diag_error(m->pos, "%s: templates nested more than 3 deep", key);
		return false;
	}
	char *path = confined_path(a, o->root_dir, m->s, m->pos, "模板");
	if (path == NULL)
		return false;
	rec *ctx = rec_new(a, REC_MAP, NOPOS);
	if (data)
		rec_merge(a, ctx, data);
	if (dat != NULL) {
		if (dat->kind != REC_STR) {
			diag_error(dat->pos, "%s: 数据 must be a file name", key);
			return false;
		}
		char *dp = confined_path(a, o->root_dir, dat->s, dat->pos, "数据");
		if (dp == NULL)
			return false;
		rec *r = rec_load_file(a, dp, NULL);
		if (r == NULL)
			return false;
		if (r->kind == REC_MAP)
			rec_merge(a, ctx, r);
		else
			rec_map_set(a, ctx, "行", r);
	}
	size_t len;
	char *text = doc_read_file(a, path, &len, m->pos);
	if (text == NULL)
		return false;
	tmpl_opts so = *o;
	at->body = doc_from_template_depth(a, show_path(a, d->file, m->s), text, len,
	    ctx, &so, d->depth + 1);
	return at->body != NULL;
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

static bool
has_cn_numeral_date(const char *s)
{
	return (strstr(s, "〇") || strstr(s, "零") || strstr(s, "二0") || strstr(s, "一月") ||
	    strstr(s, "二月") || strstr(s, "十月") || strstr(s, "年十") || strstr(s, "二〇"));
}

static void
lint_date(gw_doc *d, const char *key)
{
	srcpos pos;
	const char *v = front_str(d, key, &pos);
	int y, m, dd;

	if (v == NULL)
		return;
	if (has_cn_numeral_date(v)) {
		diag_lint(pos, "%s \"%s\": dates are written in Arabic numerals since 2012; "
		    "write %s: 2018-06-06 (printed 2018年6月6日)", key, v, key);
		return;
	}
	if (sscanf(v, "%d年%d月%d日", &y, &m, &dd) == 3 &&
	    (strstr(v, "年0") || strstr(v, "月0")))
		diag_lint(pos, "%s \"%s\": no leading zeros in a date (不编虚位); "
		    "gongwen prints %d年%d月%d日", key, v, y, m, dd);
	else if (sscanf(v, "%4d-%2d-%2d", &y, &m, &dd) != 3 &&
	    sscanf(v, "%d年%d月%d日", &y, &m, &dd) != 3)
		diag_lint(pos, "%s \"%s\" is not a date; write it as 2018-06-06", key, v);
}

static void
lint_doc(arena *a, gw_doc *d)
{
	srcpos pos;
	const char *fmt = front_str(d, "格式", NULL);
	if (fmt == NULL || (strcmp(fmt, "命令") && strcmp(fmt, "令")))
		lint_docno(front_str(d, "发文字号", &pos), pos);   /* 令号 is 第N号 */
	lint_date(d, "成文日期");
	lint_date(d, "印发日期");
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
	for (size_t i = 0; i < d->front->n; i++) {
		const rec *v = d->front->v[i];
		if (v->kind == REC_STR)
			lint_halfwidth(v->s, v->len, v->pos, arena_printf(a, " (%s)", d->front->k[i]));
	}
	for (size_t i = 0; i < d->nblocks; i++)
		for (size_t j = 0; j < d->blocks[i].nspans; j++) {
			const doc_span *sp = &d->blocks[i].spans[j];
			lint_halfwidth(sp->text, sp->len, sp->pos, "");
		}
}

gw_doc *
doc_from_template(arena *a, const char *file, const char *text, size_t n,
                  const rec *data, const tmpl_opts *o)
{
	return doc_from_template_depth(a, file, text, n, data, o, 0);
}

gw_doc *
doc_from_template_depth(arena *a, const char *file, const char *text, size_t n,
                        const rec *data, const tmpl_opts *o, int depth)
{
	gw_doc *d = arena_alloc(a, sizeof *d);
	size_t fm_off = 0, fm_len = 0, body_off = 0, bad;
	int fm_line = 0, body_line = 1;
	bool ok = true;
	tmpl_opts fo = *o, bo = *o;
	int errors = diag_count(DIAG_ERROR) + diag_count(DIAG_FATAL);

	d->file = file;
	d->depth = depth;
	d->numbering = true;
	bad = utf8_check(text, n);
	if (bad != (size_t)-1) {
		int line, col;
		utf8_linecol(text, n, bad, &line, &col);
		diag_error(pos_at(file, line, col), "invalid UTF-8 (byte %zu: 0x%02X); "
		    "save the template as UTF-8", bad, (unsigned char)text[bad]);
		return NULL;
	}
	if (tmpl_split_front(file, text, n, &fm_off, &fm_len, &fm_line,
	    &body_off, &body_line, &ok)) {
		d->front = rec_yaml_parse(a, file, text + fm_off, fm_len, fm_line);
		if (d->front == NULL)
			return NULL;
		if (d->front->kind == REC_NULL)
			d->front = rec_new(a, REC_MAP, pos_at(file, fm_line, 1));
		if (d->front->kind != REC_MAP) {
			diag_error(d->front->pos, "the front matter must be a list of "
			    "\"key: value\" lines");
			return NULL;
		}
		fo.markdown_escape = false;
		if (!tmpl_expand_rec(a, d->front, data, &fo))
			return NULL;
		/* --set KEY=VALUE wins over the front matter's own KEY (it was
		 * silently ignored): the command line is the last word */
		for (size_t i = 0; depth == 0 && data && data->kind == REC_MAP && i < data->n; i++)
			if (data->v[i]->pos.file && strcmp(data->v[i]->pos.file, "--set") == 0 &&
			    rec_map_get(d->front, data->k[i]) != NULL)
				rec_map_set(a, d->front, data->k[i], data->v[i]);
	} else if (!ok) {
		return NULL;
	} else {
		d->front = rec_new(a, REC_MAP, pos_at(file, 1, 1));
		body_off = 0;
		body_line = 1;
	}
	for (size_t i = 0; i < d->front->n; i++) {
		const char *k = d->front->k[i];
		bool known = false;
		for (int j = 0; doc_known_keys[j]; j++)
			known |= strcmp(k, doc_known_keys[j]) == 0;
		if (!known) {
			const char *near = nearest_key(k);
			if (near)
				diag_warn(d->front->v[i]->pos, "unknown front-matter key "
				    "\"%s\"; did you mean \"%s\"?", k, near);
			else
				diag_warn(d->front->v[i]->pos, "unknown front-matter key "
				    "\"%s\" (see the README for the keys)", k);
		}
	}
	{
		srcpos fp;
		const char *f = front_str(d, "格式", &fp);
		d->format = DOC_FILE;
		if (f == NULL || strcmp(f, "文件") == 0)
			d->format = DOC_FILE;
		else if (strcmp(f, "信函") == 0)
			d->format = DOC_LETTER;
		else if (strcmp(f, "命令") == 0 || strcmp(f, "令") == 0)
			d->format = DOC_ORDER;
		else if (strcmp(f, "纪要") == 0)
			d->format = DOC_MINUTES;
		else
			diag_error(fp, "格式 \"%s\": one of 文件, 信函, 命令, 纪要", f);
	}
	d->title = front_str(d, "标题", &d->title_pos);
	d->date = front_str(d, "成文日期", NULL);
	d->subtitle = front_str(d, "稿别", NULL);
	d->author = front_str(d, "署名", NULL);
	if (d->author == NULL)
		d->author = front_str(d, "印发机关", NULL);
	{
		const char *num = front_str(d, "编号", NULL);
		if (num && (strcmp(num, "无") == 0 || strcmp(num, "false") == 0 ||
		    strcmp(num, "off") == 0 || strcmp(num, "手动") == 0))
			d->numbering = false;
	}

	{
		rec *att = rec_map_get(d->front, "附件");
		if (att != NULL && att->kind == REC_LIST) {
			d->att = arena_alloc(a, (att->n ? att->n : 1) * sizeof *d->att);
			for (size_t i = 0; i < att->n; i++)
				load_attach(a, d, att->v[i], &d->att[d->natt++], data, o, "附件");
		} else if (att != NULL && att->kind == REC_STR) {
			d->att = arena_alloc(a, sizeof *d->att);
			load_attach(a, d, att, &d->att[d->natt++], data, o, "附件");
		} else if (att != NULL && att->kind != REC_NULL) {
			diag_error(att->pos, "附件: expected a list of attachments");
		}
		rec *iss = rec_map_get(d->front, "印发文件");
		if (iss != NULL && iss->kind != REC_NULL) {
			d->issued = arena_alloc(a, sizeof *d->issued);
			load_attach(a, d, iss, d->issued, data, o, "印发文件");
		}
	}

	{
		const char **items;
		srcpos sp = d->front->pos;
		size_t k = doc_front_list(d, "印章", &items, &sp, a);
		d->seals = arena_alloc(a, (k ? k : 1) * sizeof *d->seals);
		for (size_t i = 0; i < k; i++) {
			char *p = confined_path(a, o->root_dir, items[i], sp, "印章");
			if (p != NULL && check_png(p, items[i], sp))
				d->seals[d->nseals++] = p;
		}
	}

	linemap map = {0};
	size_t outlen = 0;
	bo.markdown_escape = true;
	char *body = tmpl_expand(a, text + body_off, n - body_off,
	    pos_at(file, body_line, 1), data, &bo, &outlen, &map);
	if (body == NULL)
		return NULL;
	if (!md_to_doc(a, d, body, outlen, &map))
		return NULL;
	num_src = text;
	num_srcn = n;
	num_file = file;
	doc_number_headings(a, d);
	num_src = num_file = NULL;
	lint_doc(a, d);
	if (diag_count(DIAG_ERROR) + diag_count(DIAG_FATAL) > errors)
		return NULL;
	return d;
}

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

void
doc_dump(const gw_doc *d, FILE *f)
{
	static const char *const kinds[] = { "para", "heading", "pagebreak", "item" };

	fprintf(f, "doc %s\n", d->file);
	for (size_t i = 0; d->front && i < d->front->n; i++) {
		const rec *v = d->front->v[i];
		fprintf(f, "  front %s = ", d->front->k[i]);
		if (v->kind == REC_STR || v->kind == REC_BOOL)
			dump_str(f, v->s, v->len);
		else
			fputs(v->kind == REC_LIST ? "[list]" : v->kind == REC_MAP ? "{map}" : "null", f);
		fputc('\n', f);
	}
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		fprintf(f, "  %d:%d %s", b->pos.line, b->pos.col, kinds[b->kind]);
		if (b->kind == B_HEADING || b->kind == B_ITEM)
			fprintf(f, " level=%d", b->level);
		if (b->number)
			fprintf(f, " number=\"%s\"", b->number);
		if (b->runin)
			fputs(" runin", f);
		fputc('\n', f);
		for (size_t j = 0; j < b->nspans; j++) {
			const doc_span *s = &b->spans[j];
			fputs("    ", f);
			if (s->style & SP_HEAD)
				fputs("head ", f);
			if (s->style & SP_STRONG)
				fputs("strong ", f);
			if (s->style & SP_BREAK)
				fputs("break ", f);
			dump_str(f, s->text, s->len);
			fputc('\n', f);
		}
	}
}
