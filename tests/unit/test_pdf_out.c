/* test_pdf_out.c — display list to PDF: text comes back exactly, fonts are
 * embedded subsets, output is byte-identical run to run, glyphs sit where the
 * display list put them, and a failed write leaves nothing behind.
 *
 * Uses poppler-utils (pdftotext, pdffonts, pdfinfo, pdfimages) and PyMuPDF
 * (/usr/bin/python3 -c 'import fitz') as independent readers. */
#include "testutil.h"

#include "diag.h"
#include "dl.h"
#include "fonts.h"
#include "pdf_out.h"
#include "utf8.h"

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

static font_set *fs;
static char dir[64];     /* output directory */
static char idir[64];    /* input directory (images) */

/* ---- helpers ------------------------------------------------------------- */

static char *
path_in(const char *d, const char *name)
{
	static char buf[4][256];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", d, name);
	return buf[k];
}

/* Run a shell command; return its stdout (malloc'd). */
static char *
run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 4096, n = 0;
	char *s = malloc(cap);
	size_t k;
	while ((k = fread(s + n, 1, cap - n - 1, p)) > 0) {
		n += k;
		if (cap - n - 1 == 0)
			s = realloc(s, cap *= 2);
	}
	s[n] = '\0';
	pclose(p);
	return s;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return s;
}

static int
count_entries(const char *d)
{
	DIR *dp = opendir(d);
	assert_non_null(dp);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static void
clear_dir(const char *d)
{
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'/* '%s'/.[!.]*", d, d);
	assert_int_equal(system(cmd), 0);
}

/* The value of a "Key:   value" line of pdfinfo output ("" if absent). */
static const char *
field(const char *info, const char *key)
{
	static char v[256];
	v[0] = '\0';
	size_t kl = strlen(key);
	for (const char *l = info; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, key, kl) == 0 && l[kl] == ':') {
			const char *s = l + kl + 1;
			while (*s == ' ')
				s++;
			size_t n = strcspn(s, "\n");
			if (n >= sizeof v)
				n = sizeof v - 1;
			memcpy(v, s, n);
			v[n] = '\0';
			break;
		}
	}
	return v;
}

static FILE *diag_out;

static void
capture_start(void)
{
	diag_out = tmpfile();
	diag_set_stream(diag_out);
	diag_reset();
}

static char *
capture_end(void)
{
	fflush(diag_out);
	long n = ftell(diag_out);
	rewind(diag_out);
	char *s = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, diag_out), (size_t)n);
	fclose(diag_out);
	diag_set_stream(NULL);
	return s;
}

/* A w x h RGBA PNG: a red ring on transparency (a seal), or noise. */
static void
write_png(const char *path, unsigned w, unsigned h, bool noise)
{
	size_t rowlen = 1 + 4 * (size_t)w, rawlen = rowlen * h;
	unsigned char *raw = malloc(rawlen);
	uint32_t seed = 12345;
	for (unsigned y = 0; y < h; y++) {
		unsigned char *r = raw + rowlen * y;
		r[0] = 0;
		for (unsigned x = 0; x < w; x++) {
			unsigned char *px = r + 1 + 4 * x;
			if (noise) {
				for (int k = 0; k < 4; k++) {
					seed = seed * 1103515245u + 12345u;
					px[k] = (unsigned char)(seed >> 16);
				}
				continue;
			}
			double dx = x - w / 2.0, dy = y - h / 2.0, d = sqrt(dx * dx + dy * dy);
			bool ring = d < w / 2.0 - 2 && d > w / 2.0 - 8;
			px[0] = 230; px[1] = 0; px[2] = 18;
			px[3] = ring ? 255 : 0;
		}
	}
	uLongf zl = compressBound((uLong)rawlen);
	unsigned char *z = malloc(zl);
	assert_int_equal(compress2(z, &zl, raw, (uLong)rawlen, 6), Z_OK);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
	unsigned char ihdr[13] = { 0 };
	ihdr[0] = (unsigned char)(w >> 24); ihdr[1] = (unsigned char)(w >> 16);
	ihdr[2] = (unsigned char)(w >> 8); ihdr[3] = (unsigned char)w;
	ihdr[4] = (unsigned char)(h >> 24); ihdr[5] = (unsigned char)(h >> 16);
	ihdr[6] = (unsigned char)(h >> 8); ihdr[7] = (unsigned char)h;
	ihdr[8] = 8; ihdr[9] = 6;   /* 8-bit RGBA */
	struct { const char *t; const unsigned char *d; size_t n; } ch[] = {
		{ "IHDR", ihdr, 13 }, { "IDAT", z, zl }, { "IEND", NULL, 0 } };
	for (int i = 0; i < 3; i++) {
		unsigned char be[4] = { (unsigned char)(ch[i].n >> 24), (unsigned char)(ch[i].n >> 16),
		                        (unsigned char)(ch[i].n >> 8), (unsigned char)ch[i].n };
		fwrite(be, 1, 4, f);
		fwrite(ch[i].t, 1, 4, f);
		if (ch[i].n)
			fwrite(ch[i].d, 1, ch[i].n, f);
		uLong crc = crc32(0, (const Bytef *)ch[i].t, 4);
		if (ch[i].n)
			crc = crc32(crc, ch[i].d, (uInt)ch[i].n);
		unsigned char c[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16),
		                       (unsigned char)(crc >> 8), (unsigned char)crc };
		fwrite(c, 1, 4, f);
	}
	assert_int_equal(fclose(f), 0);
	free(raw);
	free(z);
}

/* ---- building a display list by hand ----------------------------------------- */

struct doc {
	dl_doc d;
	dl_page pages[2];
	dl_text texts[2][12];
	dl_rule rules[2];
	dl_image images[2];
	uint32_t cps[2][12][64];
	double xs[2][12][64];
	const char *lines[2][12];   /* the text each page's lines should give */
	int nlines[2];
};

/* Add a run of `s' in role's font (or the fallback that has each char, one
 * run per face) at x, baseline y; pitch 0 = natural advances. */
static double
add_run(struct doc *D, int page, font_role role, const char *s, double x, double y,
        double size, double pitch, double hscale, bool bold, dl_color color)
{
	uint32_t cps[64];
	size_t n = utf8_to_cps(s, strlen(s), cps);
	size_t i = 0;
	while (i < n) {
		int face = fonts_face_for(fs, role, cps[i]);
		assert_true(face >= 0);
		dl_page *pg = &D->pages[page];
		assert_true(pg->ntexts < 12);
		size_t t = pg->ntexts++;
		dl_text *tx = &D->texts[page][t];
		size_t k = 0;
		while (i < n && fonts_face_for(fs, role, cps[i]) == face) {
			D->cps[page][t][k] = cps[i];
			D->xs[page][t][k] = x;
			double adv = fonts_advance(fs, face, cps[i]) * size * hscale;
			x += pitch > 0 ? pitch : adv;
			k++;
			i++;
		}
		*tx = (dl_text){ .face = face, .size = size, .y = y, .hscale = hscale,
		                 .bold = bold, .color = color, .role = "test", .n = k,
		                 .cps = D->cps[page][t], .xs = D->xs[page][t] };
	}
	return x;
}

static void
line(struct doc *D, int page, const char *text)
{
	D->lines[page][D->nlines[page]++] = text;
}

static void
build_doc(struct doc *D, const char *seal)
{
	memset(D, 0, sizeof *D);
	D->d.pages = D->pages;
	D->d.npages = D->d.cappages = 2;
	D->d.width = 595.276;
	D->d.height = 841.890;
	D->d.title = "关于加强公文管理的通知";
	D->d.author = "许昌市人民政府办公室";
	D->d.subject = "test";
	D->d.date = 1528243200;   /* 2018-06-06 00:00 UTC */
	for (int p = 0; p < 2; p++) {
		D->pages[p].texts = D->texts[p];
		D->pages[p].captexts = 12;
		D->pages[p].rules = D->rules;
		D->pages[p].images = D->images;
	}
	double L = 28 * MM, pitch = 156 * MM / 28;
	/* page 1: red mark squeezed, red rule, title, body with 𠮷 */
	add_run(D, 0, ROLE_XIAOBIAOSONG, "许昌市人民政府文件", L + 20, 120, 36, 0, 0.8,
	        false, DL_RED);
	line(D, 0, "许昌市人民政府文件");
	D->pages[0].rules = &D->rules[0];
	D->pages[0].nrules = 1;
	D->rules[0] = (dl_rule){ L, 160, L + 156 * MM, 160, 1.0, DL_RED, "redline" };
	add_run(D, 0, ROLE_XIAOBIAOSONG, "关于加强公文管理的通知", L + 60, 220, 22, 0, 1,
	        true, DL_BLACK);
	line(D, 0, "关于加强公文管理的通知");
	add_run(D, 0, ROLE_FANGSONG, "各县（市、区）人民政府：", L, 280, 16, pitch, 1,
	        false, DL_BLACK);
	line(D, 0, "各县（市、区）人民政府：");
	double x = add_run(D, 0, ROLE_FANGSONG, "姓", L + 2 * pitch, 310, 16, pitch, 1,
	                   false, DL_BLACK);
	x = add_run(D, 0, ROLE_FANGSONG, "𠮷", x, 310, 16, pitch, 1, false, DL_BLACK);
	x = add_run(D, 0, ROLE_FANGSONG, "的同志，文字", x, 310, 16, pitch, 1, false,
	            DL_BLACK);
	x = add_run(D, 0, ROLE_FANGSONG, "ABC", x, 310, 16, 0, 1, false, DL_BLACK);
	add_run(D, 0, ROLE_FANGSONG, "测试。", x, 310, 16, pitch, 1, false, DL_BLACK);
	line(D, 0, "姓𠮷的同志，文字ABC测试。");
	/* page 2: headings, justified (wider) line, page number */
	add_run(D, 1, ROLE_HEITI, "一、总体要求", L + 2 * pitch, 200, 16, pitch, 1, false,
	        DL_BLACK);
	line(D, 1, "一、总体要求");
	add_run(D, 1, ROLE_KAITI, "（一）基本思路。", L + 2 * pitch, 230, 16, pitch, 1,
	        false, DL_BLACK);
	line(D, 1, "（一）基本思路。");
	add_run(D, 1, ROLE_FANGSONG, "全面贯彻落实", L, 260, 16, pitch + 3.25, 1, false,
	        DL_BLACK);
	line(D, 1, "全面贯彻落实");
	add_run(D, 1, ROLE_SONGTI, "— 2 —", 400, 780, 14, 0, 1, false, DL_BLACK);
	line(D, 1, "— 2 —");
	D->pages[1].number = 2;
	if (seal != NULL) {
		D->pages[1].images = &D->images[1];
		D->pages[1].nimages = 1;
		D->images[1] = (dl_image){ seal, 300, 150, 120, 120, "seal" };
	}
}

/* ---- tests ---------------------------------------------------------------------- */

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/gw-test-pdf.XXXXXX");
	strcpy(idir, "/tmp/gw-test-pdfin.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_non_null(mkdtemp(idir));
	diag_set_quiet_notes(true);
	fs = fonts_new(NULL, 0, NULL);
	assert_non_null(fs);
	write_png(path_in(idir, "seal.png"), 120, 120, false);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	fonts_free(fs);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, idir);
	return system(cmd);
}

static void
test_write_and_extract(void **state)
{
	(void)state;
	static struct doc D;
	build_doc(&D, path_in(idir, "seal.png"));
	char *out = path_in(dir, "通知.pdf");
	capture_start();
	assert_int_equal(pdf_write(&D.d, fs, out), 0);
	char *log = capture_end();
	assert_string_equal(log, "");
	free(log);
	size_t len;
	char *pdf = slurp(out, &len);
	assert_non_null(pdf);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	assert_non_null(strstr(pdf + len - 8, "%%EOF"));
	free(pdf);
	/* no temporary left beside it */
	assert_int_equal(count_entries(dir), 1);

	/* pdftotext gives back exactly the text, with no warning */
	char cmd[600], errf[300];
	snprintf(errf, sizeof errf, "%s/pdftotext.err", idir);
	snprintf(cmd, sizeof cmd, "pdftotext '%s' - 2>'%s'", out, errf);
	char *txt = run(cmd);
	/* pdftotext separates blocks by blank lines; compare with those removed */
	char got[2048] = "";
	for (char *s = txt, *nl; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (nl == NULL)
			nl = s + strlen(s) - 1;
		strncat(got, s, (size_t)(nl - s + 1));
	}
	char expect[2048] = "";
	for (int p = 0; p < 2; p++) {
		for (int i = 0; i < D.nlines[p]; i++) {
			strcat(expect, D.lines[p][i]);
			strcat(expect, "\n");
		}
		strcat(expect, "\f");
	}
	/* strip blank lines from both */
	char *clean[2] = { got, expect };
	for (int c = 0; c < 2; c++) {
		char *r = clean[c], *w = clean[c];
		bool bol = true;
		for (; *r; r++) {
			if (*r == '\n' && bol)
				continue;
			bol = *r == '\n' || *r == '\f';
			*w++ = *r;
		}
		*w = '\0';
	}
	if (strcmp(got, expect) != 0)
		fail_msg("pdftotext gave:\n%s\nexpected:\n%s", got, expect);
	char *err = slurp(errf, NULL);
	assert_non_null(err);
	assert_string_equal(err, "");
	free(err);
	free(txt);

	/* every font embedded and subset, with a ToUnicode map */
	snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", out);
	char *pf = run(cmd);
	int rows = 0;
	for (char *l = strstr(pf, "---\n"); l != NULL && (l = strchr(l, '\n')) != NULL; ) {
		l++;
		if (*l == '\0')
			break;
		rows++;
		if (strstr(l, "CID TrueType") == NULL ||
		    strstr(l, "Custom           yes yes yes") == NULL)
			fail_msg("pdffonts row not embedded/subset/unicode: %.120s", l);
		/* ABCDEF+Name */
		for (int k = 0; k < 6; k++)
			assert_true(l[k] >= 'A' && l[k] <= 'Z');
		assert_int_equal(l[6], '+');
	}
	/* 仿宋/小标宋/宋体 stand-in, 黑体, 楷体, and the 𠮷 fallback at least */
	assert_true(rows >= 3);
	free(pf);

	/* document info */
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", out);
	char *info = run(cmd);
	assert_string_equal(field(info, "Title"), "关于加强公文管理的通知");
	assert_string_equal(field(info, "Author"), "许昌市人民政府办公室");
	assert_string_equal(field(info, "Creator"), "gongwen " GONGWEN_VERSION);
	assert_string_equal(field(info, "Subject"), "test");
	assert_string_equal(field(info, "CreationDate"), "Wed Jun  6 00:00:00 2018 UTC");
	assert_string_equal(field(info, "Pages"), "2");
	assert_non_null(strstr(info, "595.276 x 841.89 pts (A4)"));
	assert_null(strstr(info, "rror"));
	free(info);

	/* the seal is an RGBA image: colour plus a soft mask */
	snprintf(cmd, sizeof cmd, "pdfimages -list '%s' 2>&1", out);
	char *im = run(cmd);
	assert_non_null(strstr(im, "smask"));
	free(im);
}

/* PyMuPDF, another reader: the same text, and every glyph where the display
 * list put it (checks the Tc/Tz grouping and the y flip). */
static void
test_glyph_positions(void **state)
{
	(void)state;
	static struct doc D;
	build_doc(&D, NULL);
	char *out = path_in(dir, "pos.pdf");
	assert_int_equal(pdf_write(&D.d, fs, out), 0);
	char cmd[800];
	snprintf(cmd, sizeof cmd,
	         "/usr/bin/python3 -c \"import fitz,sys\n"
	         "d=fitz.open(sys.argv[1])\n"
	         "for n,p in enumerate(d):\n"
	         " for b in p.get_text('rawdict')['blocks']:\n"
	         "  for l in b.get('lines',[]):\n"
	         "   for s in l['spans']:\n"
	         "    for c in s['chars']:\n"
	         "     print(n,ord(c['c']),'%%.3f'%%c['origin'][0],'%%.3f'%%c['origin'][1])\n"
	         "print('warnings',repr(fitz.TOOLS.mupdf_warnings()))\" '%s' 2>&1", out);
	char *res = run(cmd);
	int checked = 0;
	for (int p = 0; p < 2; p++)
		for (size_t t = 0; t < D.pages[p].ntexts; t++) {
			const dl_text *tx = &D.texts[p][t];
			for (size_t i = 0; i < tx->n; i++) {
				/* find "p cp x y" */
				char key[32];
				snprintf(key, sizeof key, "%d %u ", p, (unsigned)tx->cps[i]);
				bool found = false;
				for (char *s = res; (s = strstr(s, key)) != NULL; s++) {
					if (s != res && s[-1] != '\n')
						continue;
					double x, y;
					if (sscanf(s + strlen(key), "%lf %lf", &x, &y) != 2)
						continue;
					if (fabs(x - tx->xs[i]) < 0.02 && fabs(y - tx->y) < 0.02) {
						found = true;
						break;
					}
				}
				if (!found)
					fail_msg("page %d: U+%04X not found at (%.3f, %.3f) in:\n%s",
					         p + 1, (unsigned)tx->cps[i], tx->xs[i], tx->y, res);
				checked++;
			}
		}
	assert_true(checked > 50);
	assert_non_null(strstr(res, "warnings ''"));
	free(res);
}

static void
test_deterministic(void **state)
{
	(void)state;
	static struct doc D;
	build_doc(&D, path_in(idir, "seal.png"));
	char *a = path_in(dir, "a.pdf"), *b = path_in(dir, "b.pdf");
	assert_int_equal(pdf_write(&D.d, fs, a), 0);
	assert_int_equal(pdf_write(&D.d, fs, b), 0);
	size_t la, lb;
	char *pa = slurp(a, &la), *pb = slurp(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(pa, pb, la);
	/* no time stamp or random ID sneaks in */
	assert_null(strstr(pa, "/ID"));
	free(pa);
	free(pb);
	/* overwriting an existing file replaces it whole */
	assert_int_equal(pdf_write(&D.d, fs, a), 0);
	pa = slurp(a, &la);
	assert_int_equal(la, lb);
	free(pa);
}

/* A 100,000-character 标题 (issue 14): libharu refuses an Info string over
 * 64 KB; the Info title is cut to 2,000 characters and "…", the PDF written. */
static void
test_huge_title(void **state)
{
	(void)state;
	static struct doc D;
	build_doc(&D, path_in(idir, "seal.png"));
	size_t n = 100000;
	char *t = malloc(3 * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(t + 3 * i, "\xe9\x80\x9a", 3);   /* 通 */
	t[3 * n] = '\0';
	D.d.title = t;
	char *out = path_in(dir, "huge-title.pdf");
	assert_int_equal(pdf_write(&D.d, fs, out), 0);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' | grep '^Title:' | wc -c", out);
	char *res = run(cmd);
	long len = atol(res);
	assert_true(len > 6000 && len < 6100);   /* "Title:" + 2,000 × 3 bytes + … */
	free(res);
	free(t);
	D.d.title = NULL;
}

static void
test_no_output_directory(void **state)
{
	(void)state;
	static struct doc D;
	build_doc(&D, NULL);
	char *out = path_in(dir, "nonexistent/sub/out.pdf");
	capture_start();
	assert_int_equal(pdf_write(&D.d, fs, out), -1);
	char *log = capture_end();
	assert_non_null(strstr(log, "output directory"));
	assert_non_null(strstr(log, "does not exist"));
	assert_int_equal(diag_count(DIAG_FATAL), 1);
	free(log);
	assert_int_equal(access(out, F_OK), -1);
	assert_int_equal(access(path_in(dir, "nonexistent"), F_OK), -1);

	/* the output path is a directory */
	capture_start();
	assert_int_equal(pdf_write(&D.d, fs, dir), -1);
	log = capture_end();
	assert_non_null(strstr(log, "is a directory"));
	free(log);
}

static void
test_bad_png(void **state)
{
	(void)state;
	clear_dir(dir);
	char *bad = path_in(idir, "broken.png");
	FILE *f = fopen(bad, "wb");
	fwrite("\x89PNG\r\n\x1a\n\0\0\0\rIHDRgarbage-garbage-garbage", 1, 38, f);
	fclose(f);
	static struct doc D;
	build_doc(&D, bad);
	char *out = path_in(dir, "seal.pdf");
	capture_start();
	assert_int_equal(pdf_write(&D.d, fs, out), -1);
	char *log = capture_end();
	assert_int_equal(diag_count(DIAG_ERROR), 1);
	assert_non_null(strstr(log, bad));
	/* caught from the header ("garb" x "age-" pixels), before libpng */
	assert_non_null(strstr(log, "pixels is more than a seal needs"));
	/* never a bare code (the temporary directory's name may hold "0x") */
	{
		const char *p = log;
		for (const char *b; (b = strstr(p, bad)) != NULL; p = b + strlen(bad))
			assert_null(memmem(p, (size_t)(b - p), "0x", 2));
		assert_null(strstr(p, "0x"));
	}
	free(log);
	assert_int_equal(count_entries(dir), 0);

	/* sound chunks, damaged pixel data: libpng's own message */
	{
		char *good = path_in(idir, "good.png");
		write_png(good, 40, 40, true);
		size_t n;
		FILE *g = fopen(good, "rb");
		static unsigned char b[200000];
		n = fread(b, 1, sizeof b, g);
		fclose(g);
		for (size_t i = 0; i + 8 < n; i++)
			if (memcmp(b + i, "IDAT", 4) == 0) {
				for (size_t k = i + 6; k < i + 40 && k < n; k++)
					b[k] ^= 0x5A;
				break;
			}
		char *dam = path_in(idir, "damaged.png");
		g = fopen(dam, "wb");
		fwrite(b, 1, n, g);
		fclose(g);
		build_doc(&D, dam);
		capture_start();
		assert_int_equal(pdf_write(&D.d, fs, out), -1);
		log = capture_end();
		assert_non_null(strstr(log, "libpng: "));
		free(log);
	}
	/* a chunk that claims 2 GB: refused from its length, nothing allocated */
	{
		char *huge = path_in(idir, "huge-chunk.png");
		f = fopen(huge, "wb");
		fwrite("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0"
		       "XXXX\x7f\xff\xff\xf0zTXtjunk", 1, 45, f);
		fclose(f);
		build_doc(&D, huge);
		capture_start();
		assert_int_equal(pdf_write(&D.d, fs, out), -1);
		log = capture_end();
		assert_non_null(strstr(log, "PNG chunk zTXt at byte 33 declares 2147483632 bytes"));
		free(log);
	}
	/* 100000 x 100000 pixels: refused from the header */
	{
		char *big = path_in(idir, "big.png");
		f = fopen(big, "wb");
		fwrite("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\x01\x86\xa0\0\x01\x86\xa0\x08\x06\0\0\0"
		       "XXXX", 1, 33, f);
		fclose(f);
		build_doc(&D, big);
		capture_start();
		assert_int_equal(pdf_write(&D.d, fs, out), -1);
		log = capture_end();
		assert_non_null(strstr(log, "100000x100000 pixels is more than a seal needs"));
		free(log);
	}
	assert_int_equal(count_entries(dir), 0);

	/* not a PNG at all, and a missing one */
	char *txt = path_in(idir, "seal.txt");
	f = fopen(txt, "w");
	fputs("not an image\n", f);
	fclose(f);
	build_doc(&D, txt);
	capture_start();
	assert_int_equal(pdf_write(&D.d, fs, out), -1);
	log = capture_end();
	assert_non_null(strstr(log, "not a PNG or JPEG image"));
	free(log);
	build_doc(&D, path_in(idir, "nope.png"));
	capture_start();
	assert_int_equal(pdf_write(&D.d, fs, out), -1);
	log = capture_end();
	assert_non_null(strstr(log, "nope.png: No such file"));
	free(log);
	assert_int_equal(count_entries(dir), 0);
}

/* The file system fills up while writing: the child gets EFBIG past 40 KB
 * (RLIMIT_FSIZE, SIGXFSZ ignored), which stands in for ENOSPC. */
static void
test_write_failure_leaves_nothing(void **state)
{
	(void)state;
	clear_dir(dir);
	char *noise = path_in(idir, "noise.png");
	write_png(noise, 160, 160, true);     /* ~100 KB that will not compress */
	static struct doc D;
	build_doc(&D, noise);
	char *out = path_in(dir, "big.pdf");
	/* it does fit without the limit */
	assert_int_equal(pdf_write(&D.d, fs, out), 0);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_true(st.st_size > 80000);
	unlink(out);

	char errf[300];
	snprintf(errf, sizeof errf, "%s/child.err", idir);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *e = fopen(errf, "w");
		diag_set_stream(e);
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit rl = { 40000, 40000 };
		setrlimit(RLIMIT_FSIZE, &rl);
		int r = pdf_write(&D.d, fs, out);
		fclose(e);
		_exit(r == -1 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	char *log = slurp(errf, NULL);
	char want[300];
	snprintf(want, sizeof want, "cannot write %s: File too large", out);
	if (strstr(log, want) == NULL)
		fail_msg("expected \"%s\" in: %s", want, log);
	free(log);
	/* neither the PDF nor a temporary is left */
	assert_int_equal(count_entries(dir), 0);
}

/* A face that needs more than 6,400 glyphs in one document gets a second
 * subset (the private-use area holds 6,400 codes); the text still comes
 * back whole. */
static void
test_many_glyphs_two_subsets(void **state)
{
	(void)state;
	enum { N = 6600, PER = 66 };
	int face = fonts_role_face(fs, ROLE_FANGSONG);
	static uint32_t cps[N];
	static double xs[N];
	size_t n = 0;
	for (uint32_t c = 0x4E00; c <= 0x9FA5 && n < N; c++)
		if (fonts_face_for(fs, ROLE_FANGSONG, c) == face)
			cps[n++] = c;
	if (n < 6401)
		skip();   /* the 仿宋 font here has too few 汉字 */
	static dl_text texts[N / PER + 1];
	dl_page page = { 0 };
	page.texts = texts;
	for (size_t i = 0; i < n; i += PER) {
		dl_text *t = &texts[page.ntexts++];
		size_t m = n - i < PER ? n - i : PER;
		for (size_t k = 0; k < m; k++)
			xs[i + k] = 30 + 8.0 * (double)k;
		*t = (dl_text){ .face = face, .size = 7.5, .y = 20 + 8.0 * (double)(i / PER),
		                .hscale = 1, .color = DL_BLACK, .n = m, .cps = cps + i,
		                .xs = xs + i };
	}
	dl_doc d = { .pages = &page, .npages = 1, .width = 595.276, .height = 841.890,
	             .date = -1 };
	char *out = path_in(dir, "many.pdf");
	assert_int_equal(pdf_write(&d, fs, out), 0);

	char cmd[400];
	snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", out);
	char *pf = run(cmd);
	const char *ps = fonts_face_psname(fs, face);
	char a[128], b[128];
	snprintf(a, sizeof a, "+%s ", ps);
	snprintf(b, sizeof b, "+%s-2 ", ps);
	if (strstr(pf, a) == NULL || strstr(pf, b) == NULL)
		fail_msg("expected fonts %s and %s in:\n%s", a, b, pf);
	free(pf);

	snprintf(cmd, sizeof cmd, "pdftotext '%s' - 2>&1", out);
	char *txt = run(cmd);
	size_t tl = strlen(txt), k = 0, bad = 0;
	for (size_t i = 0; i < tl;) {
		uint32_t c;
		i += utf8_decode((const unsigned char *)txt + i, tl - i, &c);
		if (c == '\n' || c == '\f' || c == ' ')
			continue;
		if (k >= n || c != cps[k])
			bad++;
		k++;
	}
	assert_int_equal(k, n);
	assert_int_equal(bad, 0);
	free(txt);
}

static void
test_empty_and_plain(void **state)
{
	(void)state;
	/* no pages: still a valid one-page PDF */
	dl_doc d = { 0 };
	d.date = -1;
	char *out = path_in(dir, "empty.pdf");
	assert_int_equal(pdf_write(&d, fs, out), 0);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", out);
	char *info = run(cmd);
	assert_string_equal(field(info, "Pages"), "1");
	assert_null(strstr(info, "CreationDate"));
	assert_string_equal(field(info, "Creator"), "gongwen " GONGWEN_VERSION);
	assert_string_equal(field(info, "Title"), "");
	free(info);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_and_extract),
		cmocka_unit_test(test_glyph_positions),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_huge_title),
		cmocka_unit_test(test_no_output_directory),
		cmocka_unit_test(test_bad_png),
		cmocka_unit_test(test_write_failure_leaves_nothing),
		cmocka_unit_test(test_many_glyphs_two_subsets),
		cmocka_unit_test(test_empty_and_plain),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
