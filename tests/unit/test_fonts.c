/* test_fonts.c — font roles, resolution, coverage, metrics, subsetting.
 *
 * Runs against the fonts installed on the machine (the Debian packages the
 * Makefile installs).  Where a "real" 仿宋 etc. could be installed instead of
 * the stand-ins, the checks accept either but still check something real. */
#include "testutil.h"

#include "diag.h"
#include "fonts.h"

#include <stdbool.h>
#include <unistd.h>

#define SUNG "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"
#define KAI "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
#define WQY "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define UMING "/usr/share/fonts/truetype/arphic/uming.ttc"
#define BABEL "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"

/* ---- helpers ------------------------------------------------------------ */

static FILE *diag_out;

static void
capture_start(void)
{
	diag_out = tmpfile();
	assert_non_null(diag_out);
	diag_set_stream(diag_out);
	diag_reset();
}

/* Everything diagnosed since capture_start, as a malloc'd string. */
static char *
capture_end(void)
{
	fflush(diag_out);
	long n = ftell(diag_out);
	rewind(diag_out);
	char *s = calloc(1, (size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, diag_out), (size_t)n);
	fclose(diag_out);
	diag_out = NULL;
	diag_set_stream(NULL);
	return s;
}

static bool
exists(const char *p)
{
	return access(p, F_OK) == 0;
}

static char tmpdir[64];

static int
setup_tmp(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/gw-test-fonts.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int
teardown_tmp(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
tmp_path(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", tmpdir, name);
	return p;
}

static void
write_bytes(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static font_set *
quiet_fonts(const char *const *ov, size_t n, const char *conf)
{
	capture_start();
	font_set *fs = fonts_new(ov, n, conf);
	free(capture_end());
	return fs;
}

/* ---- role names ---------------------------------------------------------- */

static void
test_role_names(void **state)
{
	(void)state;
	assert_int_equal(fonts_role_by_name("仿宋"), ROLE_FANGSONG);
	assert_int_equal(fonts_role_by_name("fangsong"), ROLE_FANGSONG);
	assert_int_equal(fonts_role_by_name("FangSong"), ROLE_FANGSONG);
	assert_int_equal(fonts_role_by_name("小标宋"), ROLE_XIAOBIAOSONG);
	assert_int_equal(fonts_role_by_name("xiaobiaosong"), ROLE_XIAOBIAOSONG);
	assert_int_equal(fonts_role_by_name("黑体"), ROLE_HEITI);
	assert_int_equal(fonts_role_by_name("HEITI"), ROLE_HEITI);
	assert_int_equal(fonts_role_by_name("楷体"), ROLE_KAITI);
	assert_int_equal(fonts_role_by_name("kaiti"), ROLE_KAITI);
	assert_int_equal(fonts_role_by_name("宋体"), ROLE_SONGTI);
	assert_int_equal(fonts_role_by_name("songti"), ROLE_SONGTI);
	assert_int_equal(fonts_role_by_name("宋體"), ROLE_SONGTI);
	assert_int_equal(fonts_role_by_name("黑體"), ROLE_HEITI);
	assert_int_equal(fonts_role_by_name("宋"), -1);
	assert_int_equal(fonts_role_by_name("仿宋x"), -1);
	assert_int_equal(fonts_role_by_name("fangsongti"), -1);
	assert_int_equal(fonts_role_by_name(""), -1);
	assert_int_equal(fonts_role_by_name(NULL), -1);
	assert_string_equal(fonts_role_name(ROLE_KAITI), "楷体");
	assert_null(fonts_role_name(ROLE_COUNT));
}

/* ---- resolution on this machine ------------------------------------------ */

static void
check_role(font_set *fs, font_role role, const char *standin_file,
           const char *standin_family, const char *log)
{
	int face = fonts_role_face(fs, role);
	assert_true(face >= 0);
	const char *file = fonts_face_file(fs, face);
	const char *fam = fonts_face_family(fs, face);
	assert_non_null(file);
	assert_non_null(fam);
	assert_true(exists(file));
	/* every role font draws common 汉字 */
	assert_int_equal(fonts_face_for(fs, role, 0x4E00), face);
	assert_int_equal(fonts_face_for(fs, role, 0x56FD), face);
	if (strcmp(file, standin_file) == 0) {
		assert_string_equal(fam, standin_family);
		/* the one stand-in note names the role and the stand-in, once */
		const char *hit = strstr(log, "note: no ");
		assert_non_null(hit);
		assert_null(strstr(hit + 1, "note: no "));
		const char *end = strchr(hit, '\n');
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(end ? end - hit : (long)strlen(hit)), hit);
		assert_non_null(strstr(line, fonts_role_name(role)));
		assert_non_null(strstr(line, standin_family));
	}
}

static void
test_resolve_defaults(void **state)
{
	(void)state;
	capture_start();
	font_set *fs = fonts_new(NULL, 0, NULL);
	char *log = capture_end();
	assert_non_null(fs);
	assert_int_equal(diag_count(DIAG_FATAL), 0);
	check_role(fs, ROLE_FANGSONG, SUNG, "AR PL SungtiL GB", log);
	check_role(fs, ROLE_XIAOBIAOSONG, SUNG, "AR PL SungtiL GB", log);
	check_role(fs, ROLE_SONGTI, SUNG, "AR PL SungtiL GB", log);
	check_role(fs, ROLE_KAITI, KAI, "AR PL KaitiM GB", log);
	check_role(fs, ROLE_HEITI, WQY, "WenQuanYi Micro Hei", log);
	/* 仿宋 and 宋体 both on the stand-in share one face */
	if (strcmp(fonts_face_file(fs, fonts_role_face(fs, ROLE_FANGSONG)), SUNG) == 0 &&
	    strcmp(fonts_face_file(fs, fonts_role_face(fs, ROLE_SONGTI)), SUNG) == 0)
		assert_int_equal(fonts_role_face(fs, ROLE_FANGSONG),
		                 fonts_role_face(fs, ROLE_SONGTI));
	free(log);
	fonts_free(fs);
}

static void
test_override_with_index(void **state)
{
	(void)state;
	const char *ov[] = { "黑体=" WQY ":1", "kaiti=" UMING ":0" };
	font_set *fs = quiet_fonts(ov, 2, NULL);
	assert_non_null(fs);
	int h = fonts_role_face(fs, ROLE_HEITI);
	assert_string_equal(fonts_face_family(fs, h), "WenQuanYi Micro Hei Mono");
	assert_string_equal(fonts_face_file(fs, h), WQY);
	int k = fonts_role_face(fs, ROLE_KAITI);
	assert_string_equal(fonts_face_family(fs, k), "AR PL UMing CN");
	/* the report says why */
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	fonts_report(fs, m);
	fclose(m);
	assert_non_null(strstr(buf, "黑体 (heiti): WenQuanYi Micro Hei Mono"));
	assert_non_null(strstr(buf, "(index 1)  [--font 黑体=" WQY ":1]"));
	assert_non_null(strstr(buf, "[--font kaiti=" UMING ":0]"));
	assert_non_null(strstr(buf, "fallback:"));
	free(buf);
	fonts_free(fs);
}

static void
test_override_errors(void **state)
{
	(void)state;
	struct { const char *ov; const char *msg; } cases[] = {
		{ "仿宋=/nonexistent/dir/fangsong.ttf",
		  "cannot open font file /nonexistent/dir/fangsong.ttf: No such file" },
		{ "黑体=" WQY ":7", "holds 2 fonts; there is no index 7" },
		{ "仿宋", "expected ROLE=FILE[:INDEX]" },
		{ "隶书=" SUNG, "unknown role \"隶书\"" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		capture_start();
		font_set *fs = fonts_new(&cases[i].ov, 1, NULL);
		char *log = capture_end();
		assert_null(fs);
		assert_true(diag_count(DIAG_FATAL) >= 1);
		if (strstr(log, cases[i].msg) == NULL)
			fail_msg("for %s expected \"%s\" in: %s", cases[i].ov, cases[i].msg, log);
		free(log);
	}
}

static void
test_corrupt_font_refused(void **state)
{
	(void)state;
	char garbage[4096];
	for (size_t i = 0; i < sizeof garbage; i++)
		garbage[i] = (char)(i * 7 + 3);
	char *p = tmp_path("broken.ttf");
	write_bytes(p, garbage, sizeof garbage);
	char ov[300];
	snprintf(ov, sizeof ov, "宋体=%s", p);
	const char *ovp = ov;
	capture_start();
	font_set *fs = fonts_new(&ovp, 1, NULL);
	char *log = capture_end();
	assert_null(fs);
	assert_non_null(strstr(log, p));
	assert_non_null(strstr(log, "error: "));
	free(log);
}

/* A minimal OpenType font with CFF outlines (as Noto CJK ships): head,
 * maxp 0.5, a cmap and a 'CFF ' table.  Enough for HarfBuzz to see a font
 * with one glyph; gongwen must refuse it by name. */
static size_t
make_cff_font(unsigned char *b)
{
	static const char tags[4][5] = { "CFF ", "cmap", "head", "maxp" };
	static const unsigned lens[4] = { 8, 12, 54, 6 };
	memset(b, 0, 512);
	size_t off = 12 + 16 * 4;
	memcpy(b, "OTTO", 4);
	b[5] = 4;                    /* numTables */
	for (int i = 0; i < 4; i++) {
		unsigned char *r = b + 12 + 16 * i;
		memcpy(r, tags[i], 4);
		r[8] = (unsigned char)(off >> 24); r[9] = (unsigned char)(off >> 16);
		r[10] = (unsigned char)(off >> 8); r[11] = (unsigned char)off;
		r[15] = (unsigned char)lens[i];
		unsigned char *t = b + off;
		if (i == 0) { t[0] = 1; t[2] = 4; t[3] = 1; }            /* CFF header */
		if (i == 1) { t[3] = 0; }                                /* cmap v0, 0 tables */
		if (i == 2) {                                            /* head */
			t[1] = 1;                                            /* version 1.0 */
			t[12] = 0x5F; t[13] = 0x0F; t[14] = 0x3C; t[15] = 0xF5;
			t[18] = 0x03; t[19] = 0xE8;                          /* upem 1000 */
		}
		if (i == 3) { t[1] = 0; t[2] = 0x50; t[5] = 1; }         /* maxp 0.5, 1 glyph */
		off += (lens[i] + 3) & ~3u;
	}
	return off;
}

static void
test_cff_font_refused(void **state)
{
	(void)state;
	unsigned char font[512];
	size_t n = make_cff_font(font);
	char *p = tmp_path("NotoSansCJK-Regular.otf");
	write_bytes(p, font, n);
	char ov[300];
	snprintf(ov, sizeof ov, "仿宋=%s", p);
	const char *ovp = ov;
	capture_start();
	font_set *fs = fonts_new(&ovp, 1, NULL);
	char *log = capture_end();
	assert_null(fs);
	assert_int_equal(diag_count(DIAG_FATAL), 1);
	assert_non_null(strstr(log, p));
	assert_non_null(strstr(log, "has CFF outlines; libharu needs TrueType (glyf)"));
	free(log);
}

/* ---- config file ------------------------------------------------------------ */

static void
test_config_file(void **state)
{
	(void)state;
	char *conf = tmp_path("roles.conf");
	const char *text =
		"# test config\n"
		"宋体 = file: " UMING ":0\n"
		"楷体 = family: NoSuchFamily, AR PL, AR PL KaitiM GB\n"
		"楷体 = standin: " SUNG "\n"
		"仿宋 = family: DejaVu Sans, AR PL\n"
		"仿宋 = standin: " SUNG "\n"
		"小标宋 = standin: /nonexistent/xbs.ttf\n"
		"小标宋 = standin: " SUNG "\n"
		"黑体 = standin: " WQY ":0\n"
		"fallback = file: /nonexistent/fallback.ttf\n"
		"fallback = file: " BABEL "\n";
	write_bytes(conf, text, strlen(text));
	capture_start();
	font_set *fs = fonts_new(NULL, 0, conf);
	char *log = capture_end();
	assert_non_null(fs);
	/* file: line */
	assert_string_equal(fonts_face_family(fs, fonts_role_face(fs, ROLE_SONGTI)),
	                    "AR PL UMing CN");
	/* fontconfig: only the exact family; "AR PL" is not a family */
	assert_string_equal(fonts_face_family(fs, fonts_role_face(fs, ROLE_KAITI)),
	                    "AR PL KaitiM GB");
	/* DejaVu Sans has no 汉字: skipped; the stand-in is used, with a note */
	assert_string_equal(fonts_face_file(fs, fonts_role_face(fs, ROLE_FANGSONG)), SUNG);
	assert_non_null(strstr(log, "note: no 仿宋"));
	assert_non_null(strstr(log, "using the free stand-in"));
	assert_null(strstr(log, "楷体"));   /* 楷体 resolved through fontconfig */
	/* a missing stand-in is skipped for the next */
	assert_string_equal(fonts_face_file(fs, fonts_role_face(fs, ROLE_XIAOBIAOSONG)), SUNG);
	/* fallback: the missing file is skipped, BabelStone has 𠮷 and 們 */
	int f = fonts_face_for(fs, ROLE_FANGSONG, 0x20BB7);
	assert_true(f >= 0);
	assert_string_equal(fonts_face_family(fs, f), "BabelStone Han");

	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	fonts_report(fs, m);
	fclose(m);
	assert_non_null(strstr(buf, conf));
	assert_non_null(strstr(buf, "[config: "));
	assert_non_null(strstr(buf, "[fontconfig: family AR PL KaitiM GB]"));
	assert_non_null(strstr(buf, "/nonexistent/fallback.ttf  [not installed]"));
	free(buf);
	free(log);
	fonts_free(fs);

	/* $GONGWEN_FONTS_CONF is read when no path is given */
	setenv("GONGWEN_FONTS_CONF", conf, 1);
	fs = quiet_fonts(NULL, 0, NULL);
	unsetenv("GONGWEN_FONTS_CONF");
	assert_non_null(fs);
	assert_string_equal(fonts_face_family(fs, fonts_role_face(fs, ROLE_SONGTI)),
	                    "AR PL UMing CN");
	fonts_free(fs);
}

static void
test_config_errors(void **state)
{
	(void)state;
	char *conf = tmp_path("bad.conf");
	const char *text = "仿宋 = family: FangSong\n隶书 = family: LiSu\n宋体 = SimSun\n";
	write_bytes(conf, text, strlen(text));
	capture_start();
	font_set *fs = fonts_new(NULL, 0, conf);
	char *log = capture_end();
	assert_null(fs);
	char want[600];
	snprintf(want, sizeof want, "%s:2: error: font config: unknown role \"隶书\"", conf);
	assert_non_null(strstr(log, want));
	snprintf(want, sizeof want, "%s:3: error: font config: 宋体: the value must start", conf);
	assert_non_null(strstr(log, want));
	free(log);

	/* a config file given explicitly must exist */
	capture_start();
	fs = fonts_new(NULL, 0, "/nonexistent/roles.conf");
	log = capture_end();
	assert_null(fs);
	assert_non_null(strstr(log, "cannot read font config /nonexistent/roles.conf"));
	free(log);

	/* a configured file: entry that does not exist is fatal, naming it */
	text = "仿宋 = file: /nonexistent/FangSong_GB2312.ttf\n";
	write_bytes(conf, text, strlen(text));
	capture_start();
	fs = fonts_new(NULL, 0, conf);
	log = capture_end();
	assert_null(fs);
	assert_non_null(strstr(log, "/nonexistent/FangSong_GB2312.ttf"));
	free(log);
}

/* ---- coverage and metrics ----------------------------------------------------- */

static void
test_coverage(void **state)
{
	(void)state;
	font_set *fs = quiet_fonts(NULL, 0, NULL);
	assert_non_null(fs);
	int body = fonts_role_face(fs, ROLE_FANGSONG);
	int nfaces = fonts_face_count(fs);

	/* common 汉字 and punctuation come from the role's font */
	assert_int_equal(fonts_face_for(fs, ROLE_FANGSONG, 0x6587), body);  /* 文 */
	assert_int_equal(fonts_face_for(fs, ROLE_FANGSONG, 0x3002), body);  /* 。 */
	assert_int_equal(fonts_face_for(fs, ROLE_FANGSONG, 0xFF0C), body);  /* ， */
	/* no fallback was touched for them */
	assert_int_equal(fonts_face_count(fs), nfaces);

	/* 𠮷 U+20BB7: installed only in BabelStone Han (fc-list :charset=20bb7) */
	int f = fonts_face_for(fs, ROLE_FANGSONG, 0x20BB7);
	if (exists(BABEL)) {
		assert_true(f >= 0);
		assert_true(f != body);
		assert_string_equal(fonts_face_file(fs, f), BABEL);
		assert_string_equal(fonts_face_family(fs, f), "BabelStone Han");
		assert_true(fonts_face_count(fs) > nfaces);
	} else {
		assert_int_equal(f, -1);
	}
	/* 們 U+5011 is not GB2312: the first fallback, AR PL UMing CN */
	f = fonts_face_for(fs, ROLE_FANGSONG, 0x5011);
	assert_true(f >= 0 && f != body);
	if (exists(UMING))
		assert_string_equal(fonts_face_family(fs, f), "AR PL UMing CN");

	/* nobody has these */
	assert_int_equal(fonts_face_for(fs, ROLE_FANGSONG, 0x10FFFD), -1);
	assert_int_equal(fonts_face_for(fs, ROLE_HEITI, 0xFFFF), -1);
	assert_int_equal(fonts_face_for(fs, ROLE_KAITI, 0x110000), -1);
	assert_int_equal(fonts_face_for(fs, (font_role)ROLE_COUNT, 0x4E00), -1);

	/* metrics: a 汉字 is one em wide, 'A' narrower; ink inside the em */
	assert_true(fonts_advance(fs, body, 0x4E00) > 0.95 &&
	            fonts_advance(fs, body, 0x4E00) < 1.05);
	double a = fonts_advance(fs, body, 'A');
	assert_true(a > 0.3 && a < 0.8);
	double x0, y0, x1, y1;
	assert_true(fonts_ink(fs, body, 0x56FD, &x0, &y0, &x1, &y1));   /* 国 */
	assert_true(x0 >= -0.05 && x0 < x1 && x1 <= 1.05);
	assert_true(y0 >= -0.3 && y0 < y1 && y1 <= 1.0);
	assert_true(y1 - y0 > 0.6);
	/* 一 is a flat stroke: much wider than tall */
	assert_true(fonts_ink(fs, body, 0x4E00, &x0, &y0, &x1, &y1));
	assert_true(x1 - x0 > 3 * (y1 - y0));
	/* a space has no ink */
	assert_false(fonts_ink(fs, body, 0x3000, &x0, &y0, &x1, &y1));
	/* bad faces */
	assert_null(fonts_face_family(fs, -1));
	assert_null(fonts_face_file(fs, 999));
	fonts_free(fs);
}

/* ---- subsetting ---------------------------------------------------------------- */

/* Table tags of an sfnt, for checks. */
static bool
has_tag(const unsigned char *d, size_t n, const char *tag)
{
	if (n < 12)
		return false;
	unsigned nt = (unsigned)d[4] << 8 | d[5];
	for (unsigned i = 0; i < nt && 12 + 16 * (i + 1) <= n; i++)
		if (memcmp(d + 12 + 16 * i, tag, 4) == 0)
			return true;
	return false;
}

/* Subset face `face' to cps, reload the result as a font of its own, and
 * check that U+E000+i draws exactly the glyph of cps[i] (same advance, same
 * ink box) and nothing else is mapped. */
static void
check_subset(font_set *fs, int face, const uint32_t *cps, size_t n, const char *name)
{
	size_t len = 0;
	unsigned char *d = fonts_subset(fs, face, cps, n, &len);
	assert_non_null(d);
	assert_true(len > 100);
	/* TrueType outlines, the tables libharu 2.3.0 reads, no hinting */
	assert_memory_equal(d, "\x00\x01\x00\x00", 4);
	static const char *const need[] = { "glyf", "loca", "head", "hhea", "hmtx",
		"maxp", "cmap", "name", "post", "OS/2" };
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!has_tag(d, len, need[i]))
			fail_msg("subset lacks table '%s'", need[i]);
	assert_false(has_tag(d, len, "CFF "));
	assert_false(has_tag(d, len, "GSUB"));
	assert_false(has_tag(d, len, "fpgm"));
	assert_false(has_tag(d, len, "prep"));

	char *p = tmp_path(name);
	write_bytes(p, d, len);
	free(d);
	char ov[300];
	snprintf(ov, sizeof ov, "宋体=%s", p);
	const char *ovp = ov;
	font_set *sub = quiet_fonts(&ovp, 1, NULL);
	assert_non_null(sub);
	int sf = fonts_role_face(sub, ROLE_SONGTI);
	assert_string_equal(fonts_face_file(sub, sf), p);
	for (size_t i = 0; i < n; i++) {
		uint32_t pua = 0xE000 + (uint32_t)i;
		assert_int_equal(fonts_face_for(sub, ROLE_SONGTI, pua), sf);
		/* the original character is no longer mapped in the subset */
		if (fonts_face_for(sub, ROLE_SONGTI, cps[i]) == sf)
			fail_msg("subset still maps U+%04X", (unsigned)cps[i]);
		double a0 = fonts_advance(fs, face, cps[i]);
		double a1 = fonts_advance(sub, sf, pua);
		assert_true(a0 > 0 && a0 == a1);
		double o[4], s[4];
		bool ink0 = fonts_ink(fs, face, cps[i], &o[0], &o[1], &o[2], &o[3]);
		bool ink1 = fonts_ink(sub, sf, pua, &s[0], &s[1], &s[2], &s[3]);
		assert_int_equal(ink0, ink1);
		if (ink0)
			for (int k = 0; k < 4; k++)
				if (o[k] != s[k])
					fail_msg("U+%04X: ink box differs after subsetting",
					         (unsigned)cps[i]);
	}
	/* one segment: nothing past the last code */
	assert_int_not_equal(fonts_face_for(sub, ROLE_SONGTI, 0xE000 + (uint32_t)n), sf);
	fonts_free(sub);
}

static void
test_subset(void **state)
{
	(void)state;
	font_set *fs = quiet_fonts(NULL, 0, NULL);
	assert_non_null(fs);
	/* order is the caller's: U+E000+i is cps[i] */
	static const uint32_t body[] = { 0x6587, 0x4E2D, 0x3002, 'A', 0x4E00, 0x56FD, 0x3000 };
	check_subset(fs, fonts_role_face(fs, ROLE_FANGSONG), body,
	             sizeof body / sizeof body[0], "sub-body.ttf");
	/* a face of a .ttc (index 0 of wqy-microhei) */
	static const uint32_t hei[] = { 0x4E00, 0x4E8C, 0x4E09 };
	check_subset(fs, fonts_role_face(fs, ROLE_HEITI), hei, 3, "sub-hei.ttf");
	/* a non-BMP character, from whichever fallback has it */
	static const uint32_t ext[] = { 0x20BB7, 0x5409 };
	int f = fonts_face_for(fs, ROLE_FANGSONG, 0x20BB7);
	if (f >= 0 && fonts_face_for(fs, ROLE_FANGSONG, 0x5409) >= 0 &&
	    strcmp(fonts_face_file(fs, f), BABEL) == 0)
		check_subset(fs, f, ext, 2, "sub-ext.ttf");

	/* a bigger subset keeps every glyph apart */
	uint32_t many[400];
	size_t n = 0;
	int bf = fonts_role_face(fs, ROLE_FANGSONG);
	for (uint32_t c = 0x4E00; n < 400 && c < 0x9FA5; c += 3)
		if (fonts_face_for(fs, ROLE_FANGSONG, c) == bf)
			many[n++] = c;
	check_subset(fs, bf, many, n, "sub-many.ttf");

	/* limits: n must be 1..6400, and every code point covered */
	size_t len = 99;
	capture_start();
	assert_null(fonts_subset(fs, bf, body, 0, &len));
	assert_int_equal(len, 0);
	static uint32_t big[6401];
	for (size_t i = 0; i < 6401; i++)
		big[i] = 0x4E00 + (uint32_t)i;
	assert_null(fonts_subset(fs, bf, big, 6401, &len));
	static const uint32_t missing[] = { 0x10FFFD };
	assert_null(fonts_subset(fs, bf, missing, 1, &len));
	free(capture_end());
	assert_int_equal(diag_count(DIAG_FATAL), 3);
	fonts_free(fs);
}

static void
test_subset_named(void **state)
{
	(void)state;
	font_set *fs = quiet_fonts(NULL, 0, NULL);
	int bf = fonts_role_face(fs, ROLE_FANGSONG);
	const char *ps = fonts_face_psname(fs, bf);
	assert_non_null(ps);
	for (const char *c = ps; *c; c++)
		assert_true(*c > 32 && *c < 127 && *c != '/' && *c != '(');
	static const uint32_t cps[] = { 0x4E00 };
	size_t len;
	unsigned char *d = fonts_subset_named(fs, bf, cps, 1, "GongwenTest-2", &len);
	assert_non_null(d);
	/* the name table carries the new PostScript name in UTF-16BE */
	static const unsigned char want[] = { 0, 'G', 0, 'o', 0, 'n', 0, 'g', 0, 'w',
		0, 'e', 0, 'n', 0, 'T', 0, 'e', 0, 's', 0, 't', 0, '-', 0, '2' };
	bool found = false;
	for (size_t i = 0; i + sizeof want <= len && !found; i++)
		found = memcmp(d + i, want, sizeof want) == 0;
	assert_true(found);
	free(d);
	fonts_free(fs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_names),
		cmocka_unit_test(test_resolve_defaults),
		cmocka_unit_test(test_override_with_index),
		cmocka_unit_test(test_override_errors),
		cmocka_unit_test(test_corrupt_font_refused),
		cmocka_unit_test(test_cff_font_refused),
		cmocka_unit_test(test_config_file),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_subset),
		cmocka_unit_test(test_subset_named),
	};
	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
