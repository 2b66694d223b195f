/* archive.c — archive options and subcommands (see archive.h). */
#include "archive.h"

#include "arena.h"
#include "diag.h"
#include "file.h"
#include "pdf_out.h"
#include "pdfa.h"
#include "pdfread.h"
#include "sign.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SOURCE (64u << 20)

static const char *sign_p12, *password_file, *manifest;
static bool embed_source;
static sign_place sign_at;

/* sources read once: template(s) and data files */
static pdf_attach *src;
static size_t nsrc;
/* per record: the record as JSON */
static char *rec_json;
static char rec_name[64];

const char archive_usage[] =
"archive (PDF/A, sources, signatures):\n"
"      --pdfa LEVEL         2b (default: PDF/A-2b, PDF/A-3b with --embed-source)\n"
"                           or off (plain PDF 1.7)\n"
"      --embed-source       attach the template(s) and the data (per record in a\n"
"                           mail merge: that record as JSON) to the PDF\n"
"      --sign SIGNER.p12    sign every PDF written (PAdES B-B, over the seal)\n"
"      --password-file FILE the .p12 password (first line; '-' = stdin)\n"
"      --sign-at PAGE:X,Y,W,H  the signature's box in mm (default: the seal)\n"
"      --manifest FILE      CSV: record, source, file, SHA-256 of each output\n"
"other commands:\n"
"  gongwen sign IN.pdf -o OUT.pdf --cert SIGNER.p12 [--password-file F] [--at …]\n"
"  gongwen verify FILE.pdf [--ca CA.pem]\n"
"  gongwen extract FILE.pdf DIR      the embedded source files\n";

int
archive_option(int opt, const char *arg)
{
	switch (opt) {
	case ARCHIVE_OPT_SIGN: sign_p12 = arg; return 0;
	case ARCHIVE_OPT_PASSWORD: password_file = arg; return 0;
	case ARCHIVE_OPT_EMBED: embed_source = true; return 0;
	case ARCHIVE_OPT_MANIFEST: manifest = arg; return 0;
	case ARCHIVE_OPT_PDFA:
		if (strcmp(arg, "2b") == 0 || strcmp(arg, "2") == 0 || strcmp(arg, "3b") == 0) {
			pdf_set_pdfa(2);
			return 0;
		}
		if (strcmp(arg, "off") == 0 || strcmp(arg, "none") == 0) {
			pdf_set_pdfa(0);
			return 0;
		}
		diag_error(NOPOS, "--pdfa wants 2b or off, got \"%s\"", arg);
		return 2;
	case ARCHIVE_OPT_AT: {
		if (!sign_parse_at(arg, &sign_at)) {
			diag_error(NOPOS, "--sign-at wants PAGE:X,Y,W,H in millimetres, got \"%s\"",
			    arg);
			return 2;
		}
		return 0;
	}
	}
	return 2;
}

static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static const char *
mime_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot == NULL)
		return "application/octet-stream";
	if (!strcmp(dot, ".md")) return "text/markdown";
	if (!strcmp(dot, ".csv")) return "text/csv";
	if (!strcmp(dot, ".json")) return "application/json";
	if (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml")) return "application/yaml";
	if (!strcmp(dot, ".png")) return "image/png";
	if (!strcmp(dot, ".jpg") || !strcmp(dot, ".jpeg")) return "image/jpeg";
	if (!strcasecmp(dot, ".xlsx"))
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if (!strcasecmp(dot, ".xlsm")) return "application/vnd.ms-excel.sheet.macroEnabled.12";
	return "application/octet-stream";
}

static bool
have_src(const char *name)
{
	for (size_t i = 0; i < nsrc; i++)
		if (strcmp(src[i].name, name) == 0)
			return true;
	return false;
}

/* --data files: in a mail merge each PDF carries its record instead */
static unsigned long long *data_dev, *data_ino;
static size_t ndata_files;
/* a mail merge: sources read before the first record (the template, the
 * data, a 考核 scheme) and those the current record's render read */
static bool in_merge;
static unsigned long merge_base, record_mark;

static bool
is_data_file(const file_input *in)
{
	for (size_t i = 0; i < ndata_files; i++)
		if (data_dev[i] == in->dev && data_ino[i] == in->ino)
			return true;
	return false;
}

static int
by_rel_then_path(const void *x, const void *y)
{
	const file_input *a = *(const file_input *const *)x, *b = *(const file_input *const *)y;
	if (a->data != b->data)
		return a->data ? 1 : -1;
	return strcmp(a->path, b->path);
}

/* The sources this document's render read (file.c remembers every read),
 * each once, Source (templates, partials) before Data, in path order —
 * the same attachments in the same order whichever worker renders it.
 * Names are base names; a second file of the same name gets "2-" before. */
void
archive_attach_sources(void)
{
	if (!embed_source)
		return;
	size_t n, k = 0;
	const file_input *in = file_inputs(&n);
	const file_input **use = xcalloc(n + 1, sizeof *use);
	for (size_t i = 0; i < n; i++) {
		const file_input *f = &in[i];
		if (f->read == 0 || f->path == NULL)
			continue;   /* a seal, a font, the font config: not a source */
		if (in_merge && (is_data_file(f) || (f->read > merge_base && f->read <= record_mark)))
			continue;   /* the whole --data file; another record's read */
		if (f->kept == NULL) {
			diag_warn(NOPOS, "%s is larger than %u MB: not embedded", f->shown,
			    MAX_SOURCE >> 20);
			continue;
		}
		use[k++] = f;
	}
	qsort(use, k, sizeof *use, by_rel_then_path);
	for (size_t i = 0; i < nsrc; i++)
		free((char *)src[i].name);
	src = xrealloc(src, (k + 1) * sizeof *src);
	nsrc = 0;
	for (size_t i = 0; i < k; i++) {
		const char *base = base_name(use[i]->path);
		char *name = xstrdup(base);
		for (int m = 2; have_src(name); m++) {
			free(name);
			name = xmalloc(strlen(base) + 16);
			sprintf(name, "%d-%s", m, base);
		}
		src[nsrc++] = (pdf_attach){ name, mime_of(base),
		    use[i]->data ? (is_data_file(use[i]) ? "data (--data)" :
		        "data read by the template") : "template",
		    use[i]->data ? "Data" : "Source", use[i]->kept, use[i]->nkept };
	}
	free(use);
	if (in_merge && rec_json != NULL)
		src[nsrc++] = (pdf_attach){ xstrdup(rec_name), "application/json",
		    "this record of the mail merge, with its source file and row", "Data",
		    (const unsigned char *)rec_json, strlen(rec_json) };
	pdf_set_attachments(src, nsrc);
}

int
archive_setup(const char *tmpl, const char *const *data, size_t ndata)
{
	if (sign_p12) {
		gw_signer *s = sign_load(sign_p12, password_file);
		if (s == NULL)
			return diag_exit_status();
		sign_set_active(s);
		sign_set_place(&sign_at);
	}
	if (manifest && !file_check_output(manifest))
		return 2;
	if (embed_source) {
		if (pdf_get_pdfa() == 0) {
			diag_error(NOPOS, "--embed-source makes a PDF/A-3 document; it does not go "
			    "with --pdfa off");
			return 2;
		}
		/* from here on file.c keeps what it reads; the template and the
		 * --data files were read already: read them once more */
		file_keep_inputs(MAX_SOURCE);
		size_t len;
		free(file_read(NULL, tmpl, tmpl, &len, NOPOS));
		data_dev = xcalloc(ndata + 1, sizeof *data_dev);
		data_ino = xcalloc(ndata + 1, sizeof *data_ino);
		arena *a = arena_new();
		for (size_t i = 0; i < ndata; i++) {
			const char *eq = strchr(data[i], '=');
			const char *sheet;   /* 考核.xlsx#评分: the workbook, as the loader splits it */
			const char *path = rec_split_sheet(a, eq ? eq + 1 : data[i], &sheet);
			struct stat st;
			if (stat(path, &st) == 0) {
				data_dev[ndata_files] = (unsigned long long)st.st_dev;
				data_ino[ndata_files++] = (unsigned long long)st.st_ino;
				free(file_read_data(NULL, path, path, &len, NOPOS));
			}
		}
		arena_free(a);
	}
	return 0;
}

/* ---- a record as JSON ---------------------------------------------------- */

static void
jb_str(xbuf *b, const char *s, size_t l)
{
	xbuf_put(b, "\"", 1);
	for (size_t i = 0; i < l; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[8];
		if (c == '"' || c == '\\') {
			e[0] = '\\';
			e[1] = (char)c;
			xbuf_put(b, e, 2);
		} else if (c < 0x20) {
			snprintf(e, sizeof e, "\\u%04x", c);
			xbuf_put(b, e, 6);
		} else {
			xbuf_put(b, (const char *)&s[i], 1);
		}
	}
	xbuf_put(b, "\"", 1);
}

/* Does s[0..l) follow JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?
 * ([eE][+-]?[0-9]+)?  (rec_number takes 001, +88.0, .5 too: those go out
 * as strings, the text the data had) */
static bool
json_number(const char *s, size_t l)
{
	size_t i = 0;
	if (i < l && s[i] == '-')
		i++;
	if (i < l && s[i] == '0')
		i++;
	else if (i < l && s[i] >= '1' && s[i] <= '9')
		while (i < l && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return false;
	if (i < l && s[i] == '.') {
		size_t d = ++i;
		while (i < l && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return false;
	}
	if (i < l && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < l && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t d = i;
		while (i < l && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return false;
	}
	return i == l;
}

static void
jb_rec(xbuf *b, const rec *r, int ind)
{
	char pad[80];
	int pl = ind < 70 ? ind : 70;
	memset(pad, ' ', (size_t)pl + 2);
	if (r == NULL || r->kind == REC_NULL) {
		xbuf_put(b, "null", 4);
	} else if (r->kind == REC_BOOL) {
		xbuf_put(b, r->b ? "true" : "false", r->b ? 4 : 5);
	} else if (r->kind == REC_STR) {
		if (r->is_number && json_number(r->s, r->len))
			xbuf_put(b, r->s, r->len);
		else
			jb_str(b, r->s, r->len);
	} else {
		bool map = r->kind == REC_MAP;
		xbuf_put(b, map ? "{" : "[", 1);
		for (size_t i = 0; i < r->n; i++) {
			xbuf_put(b, i ? ",\n" : "\n", i ? 2 : 1);
			xbuf_put(b, pad, (size_t)pl + 2);
			if (map) {
				jb_str(b, r->k[i], strlen(r->k[i]));
				xbuf_put(b, ": ", 2);
			}
			jb_rec(b, r->v[i], ind + 2);
		}
		xbuf_put(b, "\n", 1);
		xbuf_put(b, pad, (size_t)pl);
		xbuf_put(b, map ? "}" : "]", 1);
	}
}

void
archive_record(const rec *row, size_t i)
{
	if (!embed_source)
		return;
	xbuf b = { 0 };
	char num[64];
	xbuf_put(&b, "{\n  \"record\": ", 14);
	snprintf(num, sizeof num, "%zu", i + 1);
	xbuf_put(&b, num, strlen(num));
	xbuf_put(&b, ",\n  \"source\": ", 14);
	if (row->pos.file)
		jb_str(&b, row->pos.file, strlen(row->pos.file));
	else
		xbuf_put(&b, "null", 4);
	if (row->pos.line > 0) {
		snprintf(num, sizeof num, ",\n  \"line\": %d", row->pos.line);
		xbuf_put(&b, num, strlen(num));
	}
	if (row->pos.path) {
		xbuf_put(&b, ",\n  \"path\": ", 12);
		jb_str(&b, row->pos.path, strlen(row->pos.path));
	}
	xbuf_put(&b, ",\n  \"data\": ", 12);
	jb_rec(&b, row, 2);
	xbuf_put(&b, "\n}\n", 3);
	free(rec_json);
	rec_json = b.p;
	in_merge = true;
	if (merge_base == 0)
		merge_base = file_read_serial();
	record_mark = file_read_serial();
	snprintf(rec_name, sizeof rec_name, "record-%zu.json", i + 1);
}

/* ---- manifest --------------------------------------------------------------- */

static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static bool
file_sha(const char *path, char hex[65])
{
	size_t n;
	int err;
	unsigned char *b = (unsigned char *)file_read_raw(NULL, path, &n, &err);
	if (b == NULL)
		return false;
	unsigned char h[32];
	gw_sha256(b, n, h);
	free(b);
	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", h[i]);
	return true;
}

static void
write_manifest(char *const *outs, const rec *const *rows, const int *status, size_t n)
{
	if (manifest == NULL)
		return;
	/* checked once more just before writing (an output of this run may
	 * have been named as the manifest), then written atomically */
	if (!file_check_output(manifest))
		return;
	char *text = NULL;
	size_t tl = 0;
	FILE *f = open_memstream(&text, &tl);
	if (f == NULL) {
		diag_fatal(NOPOS, "cannot write the manifest %s: %s", manifest, strerror(errno));
		return;
	}
	fputs("record,source,file,sha256\n", f);
	for (size_t i = 0; i < n; i++) {
		char hex[65];
		if ((status && status[i] != 0) || !file_sha(outs[i], hex))
			continue;
		fprintf(f, "%zu,", i + 1);
		if (rows && rows[i] && rows[i]->pos.file) {
			char where[1200];
			if (rows[i]->pos.line > 0)
				snprintf(where, sizeof where, "%s:%d", rows[i]->pos.file, rows[i]->pos.line);
			else if (rows[i]->pos.path)
				snprintf(where, sizeof where, "%s: %s", rows[i]->pos.file, rows[i]->pos.path);
			else
				snprintf(where, sizeof where, "%s", rows[i]->pos.file);
			csv_field(f, where);
		}
		fputc(',', f);
		csv_field(f, outs[i]);
		fprintf(f, ",%s\n", hex);
	}
	if (fclose(f) != 0 || file_write_atomic(manifest, text, tl) != 0)
		diag_fatal(NOPOS, "cannot write the manifest %s: %s", manifest, strerror(errno));
	free(text);
}

void
archive_done_single(const char *out)
{
	char *o = (char *)out;
	int st = diag_exit_status();
	if (manifest && st < 2)
		write_manifest(&o, NULL, NULL, 1);
}

void
archive_done_batch(char *const *outs, const rec *const *rows, const int *status, size_t n)
{
	write_manifest(outs, rows, status, n);
}

/* ---- extract ----------------------------------------------------------------- */

static int
extract_main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: gongwen extract FILE.pdf DIR\n", stderr);
		return 2;
	}
	const char *path = argv[1], *dir = argv[2];
	size_t n;
	int err;
	unsigned char *buf = (unsigned char *)file_read_raw(NULL, path, &n, &err);
	if (buf == NULL) {
		diag_error(NOPOS, "cannot read %s: %s", path, file_strerror(err));
		return diag_exit_status();
	}
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(NOPOS, "cannot extract into %s: not a directory", dir);
		free(buf);
		return diag_exit_status();
	}
	pdfr r;
	if (pdfr_open(&r, buf, n) != 0) {
		diag_error(NOPOS, "cannot read %s: %s", path, r.err);
		pdfr_close(&r);
		free(buf);
		return diag_exit_status();
	}
	size_t cl, vl, tl;
	const unsigned char *cat = pdfr_obj(&r, r.root, &cl);
	const unsigned char *af = cat ? pdfr_get(cat, cl, "AF", &vl) : NULL;
	size_t afl = af ? vl : 0;
	int count = 0;
	if (af && af[0] == '[') {
		size_t i = 1;
		while (i < afl) {
			i = pdfr_skip_ws(af, afl, i);
			if (i >= afl || af[i] == ']')
				break;
			size_t e = pdfr_skip_value(af, afl, i);
			int fs = pdfr_ref(af + i, e - i);
			i = e;
			size_t fl;
			const unsigned char *fd = fs > 0 ? pdfr_obj(&r, fs, &fl) : NULL;
			if (fd == NULL)
				continue;
			const unsigned char *nv = pdfr_get(fd, fl, "UF", &tl);
			if (nv == NULL)
				nv = pdfr_get(fd, fl, "F", &tl);
			const unsigned char *ef = pdfr_get(fd, fl, "EF", &vl);
			size_t el = vl;
			const unsigned char *sv = ef ? pdfr_get(ef, el, "F", &vl) : NULL;
			int so = sv ? pdfr_ref(sv, vl) : -1;
			if (nv == NULL || so <= 0)
				continue;
			size_t nl;
			char *name = pdfr_text(nv, tl, &nl);
			/* a plain file name in DIR: never a path */
			const char *b = strrchr(name, '/');
			b = b ? b + 1 : name;
			if (*b == '\0' || *b == '.' || strchr(b, '\\')) {
				diag_warn(NOPOS, "%s: skipping an embedded file with the unsafe name "
				    "\"%s\"", path, name);
				free(name);
				continue;
			}
			size_t sl, dl2;
			const unsigned char *raw = pdfr_stream(&r, so, &sl);
			const unsigned char *sd = pdfr_obj(&r, so, &dl2);
			const unsigned char *flt = sd ? pdfr_get(sd, dl2, "Filter", &vl) : NULL;
			unsigned char *data = NULL;
			size_t dn = 0;
			bool flate = flt && memmem(flt, vl, "/FlateDecode", 12) != NULL;
			if (raw && flt && flate && (flt[0] == '/' || memmem(flt, vl, "/", 1) ==
			    memmem(flt, vl, "/FlateDecode", 12))) {
				data = pdfr_inflate(raw, sl, &dn, 512u << 20);
			} else if (raw && flt == NULL) {
				data = xmalloc(sl + 1);
				memcpy(data, raw, sl);
				dn = sl;
			}
			if (data == NULL) {
				diag_error(NOPOS, "%s: the embedded file %s cannot be decoded", path, name);
				free(name);
				continue;
			}
			char *out = xmalloc(strlen(dir) + strlen(b) + 2);
			sprintf(out, "%s/%s", dir, b);
			/* never replace a file: the PDF itself (an input of the run
			 * since file_read_raw), nor anything already in DIR */
			struct stat sto;
			if (lstat(out, &sto) == 0)
				diag_error(NOPOS, "%s: the embedded file %s is not extracted: %s exists "
				    "already; extract into an empty directory", path, b, out);
			else if (!file_check_output(out))
				;
			else if (file_write_atomic(out, data, dn) != 0)
				diag_fatal(NOPOS, "cannot write %s: %s", out, strerror(errno));
			else
				printf("%s (%zu bytes)\n", out, dn);
			count++;
			free(out);
			free(data);
			free(name);
		}
	}
	if (pdfr_too_deep())
		diag_error(NOPOS, "cannot read %s: it has arrays or dictionaries nested more "
		    "than %d deep (damaged or made to attack readers)", path, PDFR_MAX_DEPTH);
	else if (count == 0)
		diag_error(NOPOS, "%s has no embedded files (render with --embed-source)", path);
	pdfr_close(&r);
	free(buf);
	return diag_exit_status();
}

int
archive_command(int argc, char **argv)
{
	if (argc < 1)
		return -1;
	if (strcmp(argv[0], "sign") == 0)
		return sign_main(argc, argv);
	if (strcmp(argv[0], "verify") == 0)
		return verify_main(argc, argv);
	if (strcmp(argv[0], "extract") == 0)
		return extract_main(argc, argv);
	return -1;
}
