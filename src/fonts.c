/* fonts.c — font roles, resolution, coverage, metrics and subsetting.
 *
 * The only file that talks to fontconfig and HarfBuzz.  A font_set holds
 * every face it has opened for the life of the process (a batch renders many
 * documents with one set).  Faces are opened through HarfBuzz on an mmap of
 * the file; coverage, advances and ink boxes come from HarfBuzz's OpenType
 * tables (cmap, hmtx, glyf), never from libharu, which answers 1000 for a
 * missing glyph.
 *
 * Subsetting (fonts_subset) keeps the glyphs a document uses and gives the
 * result a cmap of one format-4 segment: U+E000+i -> glyph of cps[i].  That
 * small cmap is what makes libharu's HPDF_GetFont fast (it probes all 65,536
 * BMP codes) and lets non-BMP characters through libharu's UCS-2 encoder. */
#include "fonts.h"

#include "file.h"

#include "arena.h"
#include "diag.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GONGWEN_DATADIR
#define GONGWEN_DATADIR "/usr/local/share/gongwen"
#endif

/* ---- role names ---------------------------------------------------------- */

static const char *const role_zh[ROLE_COUNT] = {
	"仿宋", "小标宋", "黑体", "楷体", "宋体",
};
static const char *const role_ascii[ROLE_COUNT] = {
	"fangsong", "xiaobiaosong", "heiti", "kaiti", "songti",
};
/* Further spellings people type: traditional forms, GB2312 family names. */
static const struct { const char *name; font_role role; } role_alias[] = {
	{ "小標宋", ROLE_XIAOBIAOSONG }, { "黑體", ROLE_HEITI },
	{ "楷體", ROLE_KAITI }, { "宋體", ROLE_SONGTI },
	{ "仿宋体", ROLE_FANGSONG }, { "仿宋體", ROLE_FANGSONG },
	{ "xbs", ROLE_XIAOBIAOSONG }, { "hei", ROLE_HEITI },
	{ "kai", ROLE_KAITI }, { "song", ROLE_SONGTI }, { "fs", ROLE_FANGSONG },
};

int
fonts_role_by_name(const char *name)
{
	if (name == NULL)
		return -1;
	for (int r = 0; r < ROLE_COUNT; r++)
		if (strcmp(name, role_zh[r]) == 0 ||
		    strcasecmp(name, role_ascii[r]) == 0)
			return r;
	for (size_t i = 0; i < sizeof role_alias / sizeof role_alias[0]; i++)
		if (strcasecmp(name, role_alias[i].name) == 0)
			return (int)role_alias[i].role;
	return -1;
}

/* ---- the font set --------------------------------------------------------- */

struct face {
	char *file;
	unsigned index;
	char *family;        /* English family name from the name table */
	char *psname;        /* PostScript name, ASCII */
	hb_blob_t *blob;
	hb_face_t *hface;
	hb_font_t *font;     /* scale = upem */
	hb_face_t *cmapless; /* the same tables but an empty cmap, for hb-subset */
	double upem;
	bool tried, ok;      /* lazy opening */
};

enum why { WHY_NONE, WHY_OVERRIDE, WHY_CONFIG, WHY_FONTCONFIG, WHY_STANDIN };

enum cand_kind { CAND_FILE, CAND_FAMILY, CAND_STANDIN };

struct cand {
	enum cand_kind kind;
	char *val;           /* path[:index] or one family name */
	int line;            /* in the config file; 0 = built in */
};

struct candlist {
	struct cand *v;
	size_t n, cap;
};

struct fbent {           /* one fallback font, resolved lazily */
	struct cand c;
	int face;            /* -1 until resolved; -2 = unusable */
	bool resolved;
};

struct font_set {
	struct face *faces;
	int nfaces, capfaces;
	struct {
		int face;
		enum why why;
		char *detail;  /* override text, config line, family asked for */
	} role[ROLE_COUNT];
	struct candlist cands[ROLE_COUNT];
	struct fbent *fb;
	size_t nfb, capfb;
	char *conf;          /* config file used; NULL = built-in defaults */
	FcFontSet *fcset;    /* fontconfig's font list, loaded on first need */
	bool fc_loaded, fc_fast;
};

static const char builtin_conf[] =
	"仿宋 = family: 仿宋_GB2312, FangSong_GB2312, FangSong, 仿宋, 方正仿宋_GBK, FZFangSong-Z02\n"
	"仿宋 = standin: /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\n"
	"小标宋 = family: 方正小标宋简体, 方正小标宋_GBK, FZXiaoBiaoSong-B05, FZXiaoBiaoSong-B05S, 小标宋\n"
	"小标宋 = standin: /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\n"
	"黑体 = family: SimHei, 黑体, 方正黑体_GBK, FZHei-B01\n"
	"黑体 = standin: /usr/share/fonts/truetype/wqy/wqy-microhei.ttc:0\n"
	"楷体 = family: KaiTi_GB2312, 楷体_GB2312, KaiTi, 楷体, 方正楷体_GBK, FZKai-Z03\n"
	"楷体 = standin: /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf\n"
	"宋体 = family: SimSun, 宋体, NSimSun, 新宋体\n"
	"宋体 = standin: /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\n"
	"fallback = file: /usr/share/fonts/truetype/arphic/uming.ttc:0\n"
	"fallback = file: /usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf\n";

/* ---- small helpers -------------------------------------------------------- */

static char *
trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	                 s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* "FILE[:INDEX]" -> malloc'd FILE and the index.  A ':' is an index
 * separator only when digits follow it to the end. */
static char *
split_index(const char *spec, unsigned *index)
{
	const char *colon = strrchr(spec, ':');
	*index = 0;
	if (colon != NULL && colon[1] != '\0' && colon != spec) {
		const char *p = colon + 1;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '\0' && p - colon <= 6) {
			*index = (unsigned)strtoul(colon + 1, NULL, 10);
			size_t n = (size_t)(colon - spec);
			char *f = xmalloc(n + 1);
			memcpy(f, spec, n);
			f[n] = '\0';
			return f;
		}
	}
	return xstrdup(spec);
}

static void
cand_push(struct candlist *l, enum cand_kind kind, const char *val, int line)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (struct cand){ kind, xstrdup(val), line };
}

static void
fb_push(font_set *fs, enum cand_kind kind, const char *val, int line, bool front)
{
	if (fs->nfb == fs->capfb) {
		fs->capfb = fs->capfb ? 2 * fs->capfb : 4;
		fs->fb = xrealloc(fs->fb, fs->capfb * sizeof *fs->fb);
	}
	struct fbent e = { { kind, xstrdup(val), line }, -1, false };
	if (front) {
		memmove(fs->fb + 1, fs->fb, fs->nfb * sizeof *fs->fb);
		fs->fb[0] = e;
	} else {
		fs->fb[fs->nfb] = e;
	}
	fs->nfb++;
}

/* ---- faces ---------------------------------------------------------------- */

static int
face_add(font_set *fs, const char *file, unsigned index)
{
	for (int i = 0; i < fs->nfaces; i++)
		if (fs->faces[i].index == index && strcmp(fs->faces[i].file, file) == 0)
			return i;
	if (fs->nfaces == fs->capfaces) {
		fs->capfaces = fs->capfaces ? 2 * fs->capfaces : 8;
		fs->faces = xrealloc(fs->faces, (size_t)fs->capfaces * sizeof *fs->faces);
	}
	struct face *f = &fs->faces[fs->nfaces];
	memset(f, 0, sizeof *f);
	f->file = xstrdup(file);
	f->index = index;
	return fs->nfaces++;
}

static char *
name_entry(hb_face_t *hf, hb_ot_name_id_t id)
{
	char buf[256];
	unsigned len = sizeof buf;
	hb_language_t en = hb_language_from_string("en", -1);
	unsigned n = hb_ot_name_get_utf8(hf, id, en, &len, buf);
	if (n == 0)
		return NULL;
	return xstrdup(buf);
}

static bool
has_table(hb_face_t *hf, hb_tag_t tag)
{
	hb_blob_t *b = hb_face_reference_table(hf, tag);
	bool yes = hb_blob_get_length(b) > 0;
	hb_blob_destroy(b);
	return yes;
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The values libharu reads from the tables it parses (head, maxp, hhea,
 * hmtx, loca, OS/2), checked before it reads them: it divides by
 * head.unitsPerEm (0 is SIGFPE; HarfBuzz reports 0 as 1000, so its upem
 * does not tell), sizes its metrics from maxp and hhea, and walks loca.
 * NULL if sound, else what is wrong. */
static const char *
tables_unsound(hb_face_t *hf, char *why, size_t nwhy)
{
	static const hb_tag_t tags[] = {
		HB_TAG('h', 'e', 'a', 'd'), HB_TAG('m', 'a', 'x', 'p'), HB_TAG('h', 'h', 'e', 'a'),
		HB_TAG('h', 'm', 't', 'x'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('O', 'S', '/', '2'),
	};
	hb_blob_t *b[6];
	const unsigned char *p[6];
	unsigned len[6];
	const char *bad = NULL;

	for (int i = 0; i < 6; i++) {
		b[i] = hb_face_reference_table(hf, tags[i]);
		p[i] = (const unsigned char *)hb_blob_get_data(b[i], &len[i]);
	}
	unsigned upem = len[0] >= 54 ? be16(p[0] + 18) : 0;
	unsigned magic = len[0] >= 54 ? be16(p[0] + 12) << 16 | be16(p[0] + 14) : 0;
	unsigned locfmt = len[0] >= 54 ? be16(p[0] + 50) : 0;
	unsigned nglyphs = len[1] >= 6 ? be16(p[1] + 4) : 0;
	unsigned nhm = len[2] >= 36 ? be16(p[2] + 34) : 0;
	if (len[0] < 54 || magic != 0x5F0F3CF5u)
		bad = "its head table is damaged";
	else if (upem < 16 || upem > 16384)
		snprintf(why, nwhy, "its head table gives %u units per em (16 to 16384 make "
		    "sense)", upem), bad = why;
	else if (locfmt > 1)
		snprintf(why, nwhy, "its head table gives an unknown loca format %u", locfmt),
		    bad = why;
	else if (len[1] < 6 || nglyphs == 0)
		bad = "its maxp table is damaged or counts no glyphs";
	else if (len[2] < 36 || nhm == 0 || nhm > nglyphs)
		snprintf(why, nwhy, "its hhea table gives %u horizontal metrics for %u glyphs",
		    nhm, nglyphs), bad = why;
	else if ((size_t)len[3] < 4 * (size_t)nhm + 2 * (size_t)(nglyphs - nhm))
		bad = "its hmtx table is shorter than its glyph count needs";
	else if ((size_t)len[4] < ((size_t)nglyphs + 1) * (locfmt ? 4 : 2))
		bad = "its loca table is shorter than its glyph count needs";
	else if (len[5] < 78)
		bad = "its OS/2 table is too short";
	for (int i = 0; i < 6; i++)
		hb_blob_destroy(b[i]);
	return bad;
}

/* Open a face: every check that makes a font usable by libharu after our
 * subsetting.  On failure reports at level lv (prefixed by ctx, e.g.
 * "--font 仿宋=x.ttf: ") and returns false; the face stays unusable. */
static bool
face_open(font_set *fs, int id, enum diag_level lv, const char *ctx)
{
	struct face *f = &fs->faces[id];
	if (f->tried)
		return f->ok;
	f->tried = true;
	if (ctx == NULL)
		ctx = "";

	struct stat st;
	if (stat(f->file, &st) != 0) {
		diag(lv, NOPOS, "%scannot open font file %s: %s", ctx, f->file,
		     strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		diag(lv, NOPOS, "%sfont file %s is not a regular file", ctx, f->file);
		return false;
	}
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(f->file);
	if (blob == NULL) {
		diag(lv, NOPOS, "%scannot read font file %s: %s", ctx, f->file,
		     errno ? strerror(errno) : "read error");
		return false;
	}
	unsigned count = hb_face_count(blob);
	if (count == 0) {
		diag(lv, NOPOS, "%sfont file %s is not a TrueType/OpenType font "
		     "(or it is damaged)", ctx, f->file);
		hb_blob_destroy(blob);
		return false;
	}
	if (f->index >= count) {
		diag(lv, NOPOS, "%sfont file %s holds %u font%s; there is no index %u",
		     ctx, f->file, count, count == 1 ? "" : "s", f->index);
		hb_blob_destroy(blob);
		return false;
	}
	hb_face_t *hf = hb_face_create(blob, f->index);
	const char *bad = NULL;
	if (hb_face_get_glyph_count(hf) == 0 || hb_face_get_upem(hf) < 16 ||
	    !has_table(hf, HB_TAG('h', 'e', 'a', 'd')) ||
	    !has_table(hf, HB_TAG('c', 'm', 'a', 'p')))
		bad = "is damaged (no glyphs, head or cmap table)";
	else if (has_table(hf, HB_TAG('C', 'F', 'F', ' ')) ||
	         has_table(hf, HB_TAG('C', 'F', 'F', '2')))
		bad = "has CFF outlines; libharu needs TrueType (glyf) outlines — "
		      "use a .ttf/.ttc font";
	else if (!has_table(hf, HB_TAG('g', 'l', 'y', 'f')) ||
	         !has_table(hf, HB_TAG('l', 'o', 'c', 'a')))
		bad = "has no TrueType (glyf) outlines, which libharu needs";
	else if (!has_table(hf, HB_TAG('h', 'h', 'e', 'a')) ||
	         !has_table(hf, HB_TAG('h', 'm', 't', 'x')) ||
	         !has_table(hf, HB_TAG('m', 'a', 'x', 'p')) ||
	         !has_table(hf, HB_TAG('O', 'S', '/', '2')))
		bad = "lacks a table libharu needs (hhea, hmtx, maxp or OS/2)";
	char why[160], dmg[200];
	const char *unsound = bad == NULL ? tables_unsound(hf, why, sizeof why) : NULL;
	if (unsound != NULL) {
		snprintf(dmg, sizeof dmg, "is damaged: %s", unsound);
		bad = dmg;
	}
	if (bad == NULL) {
		/* OS/2 fsType: 0x0002 restricted licence, 0x0100 no subsetting,
		 * 0x0200 bitmap embedding only.  libharu refuses all three. */
		hb_blob_t *os2 = hb_face_reference_table(hf, HB_TAG('O', 'S', '/', '2'));
		unsigned len;
		const unsigned char *p = (const unsigned char *)hb_blob_get_data(os2, &len);
		if (len >= 10) {
			unsigned fstype = (unsigned)p[8] << 8 | p[9];
			if (fstype & 0x0002)
				bad = "forbids embedding in documents (OS/2 fsType: "
				      "restricted licence)";
			else if (fstype & 0x0300)
				bad = "forbids embedding a subset (OS/2 fsType)";
		}
		hb_blob_destroy(os2);
	}
	if (bad != NULL) {
		if (count > 1)
			diag(lv, NOPOS, "%sfont file %s (index %u) %s", ctx, f->file,
			     f->index, bad);
		else
			diag(lv, NOPOS, "%sfont file %s %s", ctx, f->file, bad);
		hb_face_destroy(hf);
		hb_blob_destroy(blob);
		return false;
	}
	f->blob = blob;
	f->hface = hf;
	f->font = hb_font_create(hf);   /* hb-ot functions, scale = upem */
	f->upem = hb_face_get_upem(hf);
	f->family = name_entry(hf, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY);
	if (f->family == NULL)
		f->family = name_entry(hf, HB_OT_NAME_ID_FONT_FAMILY);
	if (f->family == NULL)
		f->family = xstrdup(base_name(f->file));
	f->psname = name_entry(hf, HB_OT_NAME_ID_POSTSCRIPT_NAME);
	/* A PostScript name is printable ASCII without delimiters. */
	char ps[64];
	size_t k = 0;
	for (const char *s = f->psname ? f->psname : ""; *s && k < 40; s++) {
		unsigned char c = (unsigned char)*s;
		if (c > 32 && c < 127 && !strchr("()<>[]{}/%#", c))
			ps[k++] = (char)c;
	}
	if (k == 0) {
		for (const char *s = base_name(f->file); *s && *s != '.' && k < 40; s++)
			if ((unsigned char)*s > 32 && (unsigned char)*s < 127)
				ps[k++] = *s;
		if (k == 0)
			ps[k++] = 'F';
	}
	ps[k] = '\0';
	free(f->psname);
	f->psname = xstrdup(ps);
	f->ok = true;
	return true;
}

static bool
face_has(const struct face *f, uint32_t cp, hb_codepoint_t *gid)
{
	hb_codepoint_t g = 0;
	if (!f->ok || !hb_font_get_nominal_glyph(f->font, cp, &g) || g == 0)
		return false;
	if (gid)
		*gid = g;
	return true;
}

static char *read_file(const char *path);

/* ---- fontconfig ------------------------------------------------------------ */

/* Loading fontconfig's full configuration parses some 40 XML files: 6 ms,
 * a sixth of a whole render.  The family names gongwen looks for need no
 * aliases or rules, only the font directories and their caches; so when
 * nothing customises fontconfig (no FONTCONFIG_* variables, no local.conf,
 * no user fonts.conf, no <dir> added under conf.d) load just Debian's
 * standard directories and caches (0.5 ms).  GONGWEN_FONTCONFIG=full
 * forces the full configuration. */
static bool
fc_customised(void)
{
	if (getenv("FONTCONFIG_FILE") || getenv("FONTCONFIG_PATH") ||
	    getenv("FONTCONFIG_SYSROOT"))
		return true;
	const char *g = getenv("GONGWEN_FONTCONFIG");
	if (g != NULL && strcmp(g, "full") == 0)
		return true;
	if (access("/etc/fonts/fonts.conf", R_OK) != 0 ||
	    access("/etc/fonts/local.conf", F_OK) == 0)
		return true;
	char p[PATH_MAX];
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg) {
		snprintf(p, sizeof p, "%s/fontconfig", xdg);
		if (access(p, F_OK) == 0)
			return true;
	}
	if (home && *home) {
		snprintf(p, sizeof p, "%s/.config/fontconfig", home);
		if (access(p, F_OK) == 0)
			return true;
		snprintf(p, sizeof p, "%s/.fonts.conf", home);
		if (access(p, F_OK) == 0)
			return true;
	}
	DIR *d = opendir("/etc/fonts/conf.d");
	if (d == NULL)
		return false;
	bool custom = false;
	struct dirent *e;
	while (!custom && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "/etc/fonts/conf.d/%s", e->d_name);
		char *text = read_file(p);
		if (text != NULL && (strstr(text, "<dir") || strstr(text, "<cachedir")))
			custom = true;
		free(text);
	}
	closedir(d);
	return custom;
}

static const char fc_minimal[] =
	"<?xml version=\"1.0\"?>\n"
	"<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
	"<fontconfig>\n"
	"<dir>/usr/share/fonts</dir>\n"
	"<dir>/usr/local/share/fonts</dir>\n"
	"<dir prefix=\"xdg\">fonts</dir>\n"
	"<dir>~/.fonts</dir>\n"
	"<cachedir>/var/cache/fontconfig</cachedir>\n"
	"<cachedir prefix=\"xdg\">fontconfig</cachedir>\n"
	"<cachedir>~/.fontconfig</cachedir>\n"
	"</fontconfig>\n";

static void
fc_load(font_set *fs)
{
	if (fs->fc_loaded)
		return;
	fs->fc_loaded = true;
	FcConfig *cfg = NULL;
	if (!fc_customised()) {
		cfg = FcConfigCreate();
		if (cfg != NULL &&
		    (!FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)fc_minimal, FcFalse) ||
		     !FcConfigBuildFonts(cfg))) {
			FcConfigDestroy(cfg);
			cfg = NULL;
		}
		fs->fc_fast = cfg != NULL;
	}
	if (cfg == NULL) {
		if (!FcInit())
			return;
		cfg = FcConfigReference(NULL);
	}
	FcPattern *pat = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX,
	                                   FC_FONTFORMAT, FC_WEIGHT, FC_SLANT,
	                                   (char *)NULL);
	fs->fcset = FcFontList(cfg, pat, os);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	FcConfigDestroy(cfg);   /* drops our reference; the list is a copy */
}

/* Family names equal, ignoring ASCII case and blanks ("Fang Song" is
 * "FangSong"), as fontconfig compares them. */
static bool
same_family(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		unsigned char x = (unsigned char)*a++, y = (unsigned char)*b++;
		if (x < 128)
			x = (unsigned char)tolower(x);
		if (y < 128)
			y = (unsigned char)tolower(y);
		if (x != y)
			return false;
	}
}

/* The installed font whose family is exactly `family' (ignoring case and
 * blanks), preferring the regular upright face; NULL if none. */
static FcPattern *
fc_find(font_set *fs, const char *family)
{
	fc_load(fs);
	if (fs->fcset == NULL)
		return NULL;
	FcPattern *best = NULL;
	int bestscore = INT_MAX;
	const char *bestfile = NULL;
	int bestindex = 0;
	for (int i = 0; i < fs->fcset->nfont; i++) {
		FcPattern *p = fs->fcset->fonts[i];
		FcChar8 *fam;
		bool match = false;
		for (int k = 0; FcPatternGetString(p, FC_FAMILY, k, &fam) == FcResultMatch; k++)
			if (same_family((const char *)fam, family)) {
				match = true;
				break;
			}
		if (!match)
			continue;
		FcChar8 *file;
		if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch)
			continue;
		int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, index = 0;
		FcPatternGetInteger(p, FC_WEIGHT, 0, &weight);
		FcPatternGetInteger(p, FC_SLANT, 0, &slant);
		FcPatternGetInteger(p, FC_INDEX, 0, &index);
		int score = abs(weight - FC_WEIGHT_REGULAR) + (slant != FC_SLANT_ROMAN) * 1000;
		/* deterministic tie-break: file name, then index */
		if (score < bestscore ||
		    (score == bestscore &&
		     (strcmp((const char *)file, bestfile) < 0 ||
		      (strcmp((const char *)file, bestfile) == 0 && index < bestindex)))) {
			best = p;
			bestscore = score;
			bestfile = (const char *)file;
			bestindex = index;
		}
	}
	return best;
}

/* ---- config ------------------------------------------------------------------ */

static bool
parse_conf(font_set *fs, const char *text, const char *fname)
{
	char *buf = xstrdup(text);
	bool ok = true;
	int line = 0;
	for (char *s = buf, *next; s != NULL && *s; s = next) {
		line++;
		next = strchr(s, '\n');
		if (next)
			*next++ = '\0';
		char *l = trim(s);
		if (*l == '\0' || *l == '#')
			continue;
		srcpos pos = fname ? pos_at(fname, line, 0) : NOPOS;
		char *eq = strchr(l, '=');
		if (eq == NULL) {
			diag_fatal(pos, "font config: expected ROLE = file:|family:|standin: ..., got \"%s\"", l);
			ok = false;
			continue;
		}
		*eq = '\0';
		char *key = trim(l), *val = trim(eq + 1);
		enum cand_kind kind;
		if (strncasecmp(val, "file:", 5) == 0) {
			kind = CAND_FILE;
			val = trim(val + 5);
		} else if (strncasecmp(val, "family:", 7) == 0) {
			kind = CAND_FAMILY;
			val = trim(val + 7);
		} else if (strncasecmp(val, "standin:", 8) == 0) {
			kind = CAND_STANDIN;
			val = trim(val + 8);
		} else {
			diag_fatal(pos, "font config: %s: the value must start with file:, "
			           "family: or standin:", key);
			ok = false;
			continue;
		}
		bool fallback = strcasecmp(key, "fallback") == 0 || strcmp(key, "后备") == 0;
		int role = fallback ? -1 : fonts_role_by_name(key);
		if (!fallback && role < 0) {
			diag_fatal(pos, "font config: unknown role \"%s\" (roles: 仿宋 小标宋 黑体 "
			           "楷体 宋体, or fallback)", key);
			ok = false;
			continue;
		}
		if (fallback && kind == CAND_STANDIN)
			kind = CAND_FILE;
		if (*val == '\0') {
			diag_fatal(pos, "font config: %s: nothing after the colon", key);
			ok = false;
			continue;
		}
		if (kind == CAND_FAMILY) {
			/* comma-separated names (ASCII or full-width commas, 、) */
			char *p = val;
			while (*p) {
				size_t n = strcspn(p, ",");
				char *end = p + n;
				/* handle ， (EF BC 8C) and 、 (E3 80 81) too */
				char *fw = strstr(p, "，"), *dn = strstr(p, "、");
				if (fw && fw < end) end = fw;
				if (dn && dn < end) end = dn;
				char save = *end;
				*end = '\0';
				char *name = trim(p);
				if (*name) {
					if (fallback)
						fb_push(fs, CAND_FAMILY, name, line, false);
					else
						cand_push(&fs->cands[role], CAND_FAMILY, name, line);
				}
				*end = save;
				if (save == '\0')
					break;
				p = end + (save == ',' ? 1 : 3);
			}
		} else if (fallback) {
			fb_push(fs, kind, val, line, false);
		} else {
			cand_push(&fs->cands[role], kind, val, line);
		}
	}
	free(buf);
	return ok;
}

static char *
read_file(const char *path)
{
	size_t n;
	int err;
	char *s = file_read_raw(NULL, path, &n, &err);
	if (s == NULL)
		errno = err > 0 ? err : EINVAL;
	return s;
}

static bool
readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The config file to use: explicit, $GONGWEN_FONTS_CONF, next to the
 * binary, the working directory, the data directory.  NULL = built-in. */
static char *
find_conf(const char *conf, bool *explicit_)
{
	*explicit_ = true;
	if (conf != NULL)
		return xstrdup(conf);
	const char *env = getenv("GONGWEN_FONTS_CONF");
	if (env != NULL && *env)
		return xstrdup(env);
	*explicit_ = false;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 32);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			strcpy(slash, "/fonts/roles.conf");
			if (readable(exe))
				return xstrdup(exe);
			/* build/test_x: the source tree is one level up */
			*slash = '\0';
			char *up = strrchr(exe, '/');
			if (up) {
				strcpy(up, "/fonts/roles.conf");
				if (readable(exe))
					return xstrdup(exe);
			}
		}
	}
	if (readable("fonts/roles.conf"))
		return xstrdup("fonts/roles.conf");
	if (readable(GONGWEN_DATADIR "/fonts/roles.conf"))
		return xstrdup(GONGWEN_DATADIR "/fonts/roles.conf");
	return NULL;
}

/* ---- resolution ------------------------------------------------------------------ */

static const char *
first_family(const font_set *fs, int role)
{
	const struct candlist *l = &fs->cands[role];
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].kind == CAND_FAMILY)
			return l->v[i].val;
	return role_zh[role];
}

static bool
covers_hanzi(const struct face *f)
{
	return face_has(f, 0x4E00, NULL) && face_has(f, 0x56FD, NULL) &&
	       face_has(f, 0x6587, NULL);
}

static bool
resolve_role(font_set *fs, int role)
{
	const struct candlist *l = &fs->cands[role];
	const char *rn = role_zh[role];

	/* 2. file: lines of the config */
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].kind != CAND_FILE)
			continue;
		unsigned idx;
		char *file = split_index(l->v[i].val, &idx);
		int id = face_add(fs, file, idx);
		free(file);
		char ctx[512];
		snprintf(ctx, sizeof ctx, "%s:%d: %s: ", fs->conf ? fs->conf : "(built-in font config)",
		         l->v[i].line, rn);
		if (!face_open(fs, id, DIAG_FATAL, ctx))
			return false;
		fs->role[role].face = id;
		fs->role[role].why = WHY_CONFIG;
		char d[600];
		snprintf(d, sizeof d, "%s line %d", fs->conf ? fs->conf : "built-in config",
		         l->v[i].line);
		fs->role[role].detail = xstrdup(d);
		return true;
	}
	/* 3. fontconfig families, exact family match only */
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].kind != CAND_FAMILY)
			continue;
		FcPattern *p = fc_find(fs, l->v[i].val);
		if (p == NULL)
			continue;
		FcChar8 *file;
		int index = 0;
		FcPatternGetString(p, FC_FILE, 0, &file);
		FcPatternGetInteger(p, FC_INDEX, 0, &index);
		FcChar8 *fmt = NULL;
		if (FcPatternGetString(p, FC_FONTFORMAT, 0, &fmt) == FcResultMatch &&
		    strcmp((const char *)fmt, "CFF") == 0) {
			diag_note(NOPOS, "%s: font %s (%s) has CFF outlines, which libharu "
			          "cannot embed; skipped", rn, l->v[i].val, (const char *)file);
			continue;
		}
		int id = face_add(fs, (const char *)file, (unsigned)(index & 0xFFFF));
		char ctx[300];
		snprintf(ctx, sizeof ctx, "%s: font %s skipped: ", rn, l->v[i].val);
		if (!face_open(fs, id, DIAG_WARNING, ctx))
			continue;
		if (!covers_hanzi(&fs->faces[id])) {
			diag_note(NOPOS, "%s: font %s (%s) lacks common 汉字; skipped", rn,
			          l->v[i].val, (const char *)file);
			continue;
		}
		fs->role[role].face = id;
		fs->role[role].why = WHY_FONTCONFIG;
		fs->role[role].detail = xstrdup(l->v[i].val);
		return true;
	}
	/* 4. stand-ins */
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].kind != CAND_STANDIN)
			continue;
		unsigned idx;
		char *file = split_index(l->v[i].val, &idx);
		bool exists = access(file, F_OK) == 0;
		int id = exists ? face_add(fs, file, idx) : -1;
		free(file);
		if (id < 0)
			continue;
		char ctx[300];
		snprintf(ctx, sizeof ctx, "%s: stand-in skipped: ", rn);
		if (!face_open(fs, id, DIAG_WARNING, ctx))
			continue;
		fs->role[role].face = id;
		fs->role[role].why = WHY_STANDIN;
		fs->role[role].detail = NULL;
		return true;
	}
	diag_fatal(NOPOS, "%s: no font for this role: none of its families is installed "
	           "and no stand-in font exists (install fonts-arphic-gbsn00lp, "
	           "fonts-arphic-gkai00mp and fonts-wqy-microhei, or give --font %s=FILE)",
	           rn, rn);
	return false;
}

font_set *
fonts_new(const char *const *overrides, size_t noverrides, const char *conf)
{
	font_set *fs = xcalloc(1, sizeof *fs);
	for (int r = 0; r < ROLE_COUNT; r++)
		fs->role[r].face = -1;
	bool ok = true;

	/* 1. the config (or the built-in defaults) */
	bool explicit_;
	char *path = find_conf(conf, &explicit_);
	if (path != NULL) {
		char *text = read_file(path);
		if (text == NULL) {
			diag_fatal(NOPOS, "cannot read font config %s: %s", path, strerror(errno));
			free(path);
			fonts_free(fs);
			return NULL;
		}
		fs->conf = path;
		ok = parse_conf(fs, text, path);
		free(text);
	} else {
		ok = parse_conf(fs, builtin_conf, NULL);
	}
	if (!ok) {
		fonts_free(fs);
		return NULL;
	}

	/* 2. overrides ROLE=FILE[:INDEX] (the last one for a role wins) */
	for (size_t i = 0; i < noverrides; i++) {
		const char *o = overrides[i];
		const char *eq = o ? strchr(o, '=') : NULL;
		if (eq == NULL || eq == o || eq[1] == '\0') {
			diag_fatal(NOPOS, "--font %s: expected ROLE=FILE[:INDEX], e.g. "
			           "--font 仿宋=/path/to/fangsong.ttf", o ? o : "");
			ok = false;
			continue;
		}
		char rname[64];
		size_t rl = (size_t)(eq - o);
		if (rl >= sizeof rname)
			rl = sizeof rname - 1;
		memcpy(rname, o, rl);
		rname[rl] = '\0';
		char *rn = trim(rname);
		if (strcasecmp(rn, "fallback") == 0 || strcmp(rn, "后备") == 0) {
			/* a fallback named on the command line goes first */
			fb_push(fs, CAND_FILE, eq + 1, 0, true);
			fs->fb[0].c.line = -1;
			continue;
		}
		int role = fonts_role_by_name(rn);
		if (role < 0) {
			diag_fatal(NOPOS, "--font %s: unknown role \"%s\" (roles: 仿宋 fangsong, "
			           "小标宋 xiaobiaosong, 黑体 heiti, 楷体 kaiti, 宋体 songti, "
			           "fallback)", o, rn);
			ok = false;
			continue;
		}
		unsigned idx;
		char *file = split_index(eq + 1, &idx);
		int id = face_add(fs, file, idx);
		free(file);
		char ctx[600];
		snprintf(ctx, sizeof ctx, "--font %s: ", o);
		if (!face_open(fs, id, DIAG_FATAL, ctx)) {
			ok = false;
			continue;
		}
		if (!covers_hanzi(&fs->faces[id]))
			diag_warn(NOPOS, "--font %s: %s has no common 汉字 (一 国 文); "
			          "they will come from the fallback fonts", o, fs->faces[id].file);
		fs->role[role].face = id;
		fs->role[role].why = WHY_OVERRIDE;
		free(fs->role[role].detail);
		fs->role[role].detail = xstrdup(o);
	}
	if (!ok) {
		fonts_free(fs);
		return NULL;
	}

	/* 3. the rest from the config, fontconfig and the stand-ins */
	for (int r = 0; r < ROLE_COUNT; r++)
		if (fs->role[r].face < 0 && !resolve_role(fs, r)) {
			fonts_free(fs);
			return NULL;
		}
	/* one note for all the roles that fell back to a stand-in */
	char roles[200] = "", fams[300] = "";
	int nstand = 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (fs->role[r].why != WHY_STANDIN)
			continue;
		const char *fam = fs->faces[fs->role[r].face].family;
		snprintf(roles + strlen(roles), sizeof roles - strlen(roles), "%s%s",
		         nstand ? ", " : "", fonts_role_name(r));
		if (strstr(fams, fam) == NULL)
			snprintf(fams + strlen(fams), sizeof fams - strlen(fams), "%s%s",
			         fams[0] ? ", " : "", fam);
		nstand++;
	}
	if (nstand > 0)
		diag_note(NOPOS, "no %s font installed: using the free stand-in%s %s "
		          "(`gongwen fonts` says which; --font ROLE=FILE gives a real one)",
		          roles, strchr(fams, ',') ? "s" : "", fams);
	return fs;
}

void
fonts_free(font_set *fs)
{
	if (fs == NULL)
		return;
	for (int i = 0; i < fs->nfaces; i++) {
		struct face *f = &fs->faces[i];
		if (f->font)
			hb_font_destroy(f->font);
		if (f->cmapless)
			hb_face_destroy(f->cmapless);
		if (f->hface)
			hb_face_destroy(f->hface);
		if (f->blob)
			hb_blob_destroy(f->blob);
		free(f->file);
		free(f->family);
		free(f->psname);
	}
	free(fs->faces);
	for (int r = 0; r < ROLE_COUNT; r++) {
		free(fs->role[r].detail);
		for (size_t i = 0; i < fs->cands[r].n; i++)
			free(fs->cands[r].v[i].val);
		free(fs->cands[r].v);
	}
	for (size_t i = 0; i < fs->nfb; i++)
		free(fs->fb[i].c.val);
	free(fs->fb);
	free(fs->conf);
	if (fs->fcset)
		FcFontSetDestroy(fs->fcset);
	free(fs);
}

/* ---- coverage and metrics -------------------------------------------------------- */

/* Resolve fallback i to a face (without opening it).  -2 if unusable. */
static int
fb_face(font_set *fs, size_t i)
{
	struct fbent *e = &fs->fb[i];
	if (e->resolved)
		return e->face;
	e->resolved = true;
	e->face = -2;
	if (e->c.kind == CAND_FAMILY) {
		FcPattern *p = fc_find(fs, e->c.val);
		FcChar8 *file;
		int index = 0;
		if (p == NULL || FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch)
			return e->face;
		FcPatternGetInteger(p, FC_INDEX, 0, &index);
		e->face = face_add(fs, (const char *)file, (unsigned)(index & 0xFFFF));
	} else {
		unsigned idx;
		char *file = split_index(e->c.val, &idx);
		/* a fallback in the config that is not installed is skipped quietly;
		 * one named on the command line must exist */
		if (e->c.line >= 0 && access(file, F_OK) != 0) {
			free(file);
			return e->face;
		}
		e->face = face_add(fs, file, idx);
		free(file);
	}
	return e->face;
}

int
fonts_face_for(font_set *fs, font_role role, uint32_t cp)
{
	if (fs == NULL || role < 0 || role >= ROLE_COUNT || cp > 0x10FFFF)
		return -1;
	int id = fs->role[role].face;
	if (id >= 0 && face_has(&fs->faces[id], cp, NULL))
		return id;
	for (size_t i = 0; i < fs->nfb; i++) {
		int fid = fb_face(fs, i);
		if (fid < 0)
			continue;
		if (!fs->faces[fid].tried) {
			char ctx[200];
			snprintf(ctx, sizeof ctx, "fallback font skipped: ");
			face_open(fs, fid, DIAG_WARNING, ctx);
		}
		if (face_has(&fs->faces[fid], cp, NULL))
			return fid;
	}
	return -1;
}

static const struct face *
face_get(const font_set *fs, int face)
{
	if (fs == NULL || face < 0 || face >= fs->nfaces || !fs->faces[face].ok)
		return NULL;
	return &fs->faces[face];
}

double
fonts_advance(font_set *fs, int face, uint32_t cp)
{
	const struct face *f = face_get(fs, face);
	hb_codepoint_t g;
	if (f == NULL || !face_has(f, cp, &g))
		return 1.0;
	return hb_font_get_glyph_h_advance(f->font, g) / f->upem;
}

bool
fonts_ink(font_set *fs, int face, uint32_t cp,
          double *x0, double *y0, double *x1, double *y1)
{
	const struct face *f = face_get(fs, face);
	hb_codepoint_t g;
	hb_glyph_extents_t e;
	if (f == NULL || !face_has(f, cp, &g) ||
	    !hb_font_get_glyph_extents(f->font, g, &e) ||
	    e.width == 0 || e.height == 0)
		return false;
	double u = f->upem;
	*x0 = e.x_bearing / u;
	*x1 = (e.x_bearing + e.width) / u;
	*y1 = e.y_bearing / u;
	*y0 = (e.y_bearing + e.height) / u;
	return true;
}

const char *
fonts_face_family(const font_set *fs, int face)
{
	const struct face *f = face_get(fs, face);
	return f ? f->family : NULL;
}

const char *
fonts_face_file(const font_set *fs, int face)
{
	if (fs == NULL || face < 0 || face >= fs->nfaces)
		return NULL;
	return fs->faces[face].file;
}

const char *
fonts_face_psname(const font_set *fs, int face)
{
	const struct face *f = face_get(fs, face);
	return f ? f->psname : NULL;
}

int
fonts_face_count(const font_set *fs)
{
	return fs ? fs->nfaces : 0;
}

int
fonts_role_face(const font_set *fs, font_role role)
{
	if (fs == NULL || role < 0 || role >= ROLE_COUNT)
		return -1;
	return fs->role[role].face;
}

const char *
fonts_role_name(font_role role)
{
	return role >= 0 && role < ROLE_COUNT ? role_zh[role] : NULL;
}

/* ---- subsetting ------------------------------------------------------------------- */

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xFFFF);
}

static hb_blob_t *
blob_own(unsigned char *p, size_t n)
{
	return hb_blob_create((const char *)p, (unsigned)n, HB_MEMORY_MODE_WRITABLE, p, free);
}

/* cmap: (0,3) and (3,1) both point at one format-4 subtable with a single
 * segment U+E000..U+E000+n-1 through glyphIdArray, plus the 0xFFFF end. */
static hb_blob_t *
make_cmap(const hb_codepoint_t *newgid, size_t n)
{
	size_t sublen = 16 + 2 * 8 + 2 * n;   /* header+pad, 2 segs x 4 arrays, glyphs */
	size_t len = 4 + 2 * 8 + sublen;
	unsigned char *t = xcalloc(1, len);
	put16(t, 0);
	put16(t + 2, 2);
	put16(t + 4, 0);  put16(t + 6, 3);  put32(t + 8, 20);
	put16(t + 12, 3); put16(t + 14, 1); put32(t + 16, 20);
	unsigned char *s = t + 20;
	put16(s, 4);
	put16(s + 2, (unsigned)sublen);
	put16(s + 4, 0);              /* language */
	put16(s + 6, 4);              /* segCountX2 */
	put16(s + 8, 4);              /* searchRange */
	put16(s + 10, 1);             /* entrySelector */
	put16(s + 12, 0);             /* rangeShift */
	put16(s + 14, PUA_BASE + (unsigned)n - 1);  /* endCode */
	put16(s + 16, 0xFFFF);
	put16(s + 18, 0);             /* reservedPad */
	put16(s + 20, PUA_BASE);      /* startCode */
	put16(s + 22, 0xFFFF);
	put16(s + 24, 0);             /* idDelta */
	put16(s + 26, 1);
	put16(s + 28, 4);             /* idRangeOffset: to glyphIdArray[0] */
	put16(s + 30, 0);
	for (size_t i = 0; i < n; i++)
		put16(s + 32 + 2 * i, (unsigned)newgid[i]);
	return blob_own(t, len);
}

/* name: the few records libharu and viewers read, all naming `ps'. */
static hb_blob_t *
make_name(const char *ps)
{
	static const unsigned ids[] = { 1, 2, 3, 4, 6 };
	enum { NREC = 5 };
	size_t pl = strlen(ps), rl = strlen("Regular");
	size_t strbytes = 2 * (4 * pl + rl);
	size_t hdr = 6 + 12 * NREC;
	size_t len = hdr + strbytes;
	unsigned char *t = xcalloc(1, len);
	put16(t, 0);
	put16(t + 2, NREC);
	put16(t + 4, (unsigned)hdr);
	size_t off = 0;
	unsigned char *str = t + hdr;
	for (int i = 0; i < NREC; i++) {
		const char *v = ids[i] == 2 ? "Regular" : ps;
		size_t vl = strlen(v);
		unsigned char *r = t + 6 + 12 * i;
		put16(r, 3);
		put16(r + 2, 1);
		put16(r + 4, 0x409);
		put16(r + 6, ids[i]);
		put16(r + 8, (unsigned)(2 * vl));
		put16(r + 10, (unsigned)off);
		for (size_t k = 0; k < vl; k++)
			put16(str + off + 2 * k, (unsigned char)v[k]);
		off += 2 * vl;
	}
	return blob_own(t, len);
}

static hb_blob_t *
ref_no_cmap(hb_face_t *face, hb_tag_t tag, void *user)
{
	if (tag == HB_TAG('c', 'm', 'a', 'p') || tag == HB_TAG_NONE)
		return hb_blob_get_empty();
	return hb_face_reference_table((hb_face_t *)user, tag);
}

/* The glyph of each character in face f, or NULL (a caller's error: layout
 * subsets only characters it found in the face). */
static hb_codepoint_t *
subset_glyphs(const struct face *f, const uint32_t *cps, size_t n)
{
	hb_codepoint_t *gids = xmalloc(n * sizeof *gids);
	for (size_t i = 0; i < n; i++)
		if (!face_has(f, cps[i], &gids[i])) {
			diag_fatal(NOPOS, "internal: %s has no glyph for U+%04X", f->file,
			           (unsigned)cps[i]);
			free(gids);
			return NULL;
		}
	return gids;
}

/* What hb-subset is asked for: these glyphs, unhinted, without the layout,
 * bitmap and other tables a PDF viewer never reads (cmap and name are
 * dropped too: we write our own). */
static hb_subset_input_t *
subset_input(const hb_codepoint_t *gids, size_t n)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (in == NULL)
		return NULL;
	hb_set_t *gs = hb_subset_input_glyph_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(gs, gids[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
	                              HB_SUBSET_FLAGS_NO_PRUNE_UNICODE_RANGES);
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	static const hb_tag_t dropped[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
		HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
		HB_TAG('J', 'S', 'T', 'F'), HB_TAG('k', 'e', 'r', 'n'),
		HB_TAG('m', 'o', 'r', 'x'), HB_TAG('m', 'o', 'r', 't'),
		HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
		HB_TAG('V', 'O', 'R', 'G'), HB_TAG('D', 'S', 'I', 'G'),
		HB_TAG('g', 'a', 's', 'p'), HB_TAG('h', 'd', 'm', 'x'),
		HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'),
		HB_TAG('P', 'C', 'L', 'T'), HB_TAG('E', 'B', 'D', 'T'),
		HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
		HB_TAG('C', 'B', 'D', 'T'), HB_TAG('C', 'B', 'L', 'C'),
		HB_TAG('s', 'b', 'i', 'x'), HB_TAG('m', 'e', 't', 'a'),
		HB_TAG('c', 'm', 'a', 'p'), HB_TAG('n', 'a', 'm', 'e'),
		HB_TAG('b', 'd', 'a', 't'), HB_TAG('b', 'l', 'o', 'c'),
		HB_TAG('F', 'F', 'T', 'M'),
	};
	for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
		hb_set_add(drop, dropped[i]);
	return in;
}

/* Run hb-subset on face number `face`: the subset as a face that can list
 * its tables, with gids[] renumbered to the subset's glyphs; NULL if
 * HarfBuzz fails. */
static hb_face_t *
subset_run(font_set *fs, int face, hb_subset_input_t *in, hb_codepoint_t *gids, size_t n)
{
	const struct face *f = face_get(fs, face);
	/* hb-subset (HarfBuzz 6) given a glyph set walks the whole cmap to find
	 * the characters of those glyphs: 13 ms for BabelStone Han's 90,000.
	 * We replace the cmap anyway, so hand it a face whose cmap is empty. */
	if (f->cmapless == NULL)
		fs->faces[face].cmapless = hb_face_create_for_tables(ref_no_cmap, f->hface, NULL);
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->cmapless, in);
	if (plan == NULL)
		return NULL;
	hb_face_t *sub = NULL;
	const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t ng = hb_map_get(o2n, gids[i]);
		if (ng == HB_MAP_VALUE_INVALID)
			goto done;
		gids[i] = ng;
	}
	hb_face_t *built = hb_subset_plan_execute_or_fail(plan);
	if (built == NULL)
		goto done;
	/* HarfBuzz 6 cannot list the tables of a builder face: serialize it
	 * and read it back. */
	hb_blob_t *sb = hb_face_reference_blob(built);
	hb_face_destroy(built);
	sub = hb_face_create(sb, 0);
	hb_blob_destroy(sb);
	if (hb_face_get_glyph_count(sub) == 0) {
		hb_face_destroy(sub);
		sub = NULL;
	}
done:
	hb_subset_plan_destroy(plan);
	return sub;
}

/* The font we embed: the subset's tables and our cmap (of the glyphs in
 * gids[], renumbered) and name.  libharu 2.3.0 names cvt, fpgm and prep
 * among its required tables, but measured: it loads and embeds a font
 * without them (writing empty entries), so the unhinted subset goes as it is. */
static hb_face_t *
subset_rebuild(hb_face_t *sub, const hb_codepoint_t *gids, size_t n, const char *psname)
{
	hb_face_t *out = hb_face_builder_create();
	hb_tag_t tags[64];
	unsigned start = 0, cnt;
	bool have_post = false;
	do {
		cnt = sizeof tags / sizeof tags[0];
		hb_face_get_table_tags(sub, start, &cnt, tags);
		for (unsigned i = 0; i < cnt; i++) {
			if (tags[i] == HB_TAG('c', 'm', 'a', 'p') ||
			    tags[i] == HB_TAG('n', 'a', 'm', 'e'))
				continue;
			hb_blob_t *b = hb_face_reference_table(sub, tags[i]);
			hb_face_builder_add_table(out, tags[i], b);
			hb_blob_destroy(b);
			have_post |= tags[i] == HB_TAG('p', 'o', 's', 't');
		}
		start += cnt;
	} while (cnt == sizeof tags / sizeof tags[0]);

	hb_blob_t *b = make_cmap(gids, n);
	hb_face_builder_add_table(out, HB_TAG('c', 'm', 'a', 'p'), b);
	hb_blob_destroy(b);
	b = make_name(psname);
	hb_face_builder_add_table(out, HB_TAG('n', 'a', 'm', 'e'), b);
	hb_blob_destroy(b);
	if (!have_post) {   /* a font without one: a version 3 post (no names) */
		unsigned char *p = xcalloc(1, 32);
		put32(p, 0x00030000);     /* version 3: no glyph names */
		b = blob_own(p, 32);
		hb_face_builder_add_table(out, HB_TAG('p', 'o', 's', 't'), b);
		hb_blob_destroy(b);
	}
	return out;
}

unsigned char *
fonts_subset_named(font_set *fs, int face, const uint32_t *cps, size_t n,
                   const char *psname, size_t *len)
{
	const struct face *f = face_get(fs, face);
	*len = 0;
	if (f == NULL) {
		diag_fatal(NOPOS, "internal: subset of face %d, which is not open", face);
		return NULL;
	}
	if (n == 0 || n > SUBSET_MAX) {
		diag_fatal(NOPOS, "internal: subset of %s with %zu glyphs (1..%u allowed)",
		           f->file, n, SUBSET_MAX);
		return NULL;
	}
	hb_codepoint_t *gids = subset_glyphs(f, cps, n);
	if (gids == NULL)
		return NULL;
	hb_subset_input_t *in = subset_input(gids, n);
	hb_face_t *sub = in ? subset_run(fs, face, in, gids, n) : NULL;
	hb_face_t *out = NULL;
	hb_blob_t *res = NULL;
	unsigned char *data = NULL;
	unsigned rl = 0;
	if (sub != NULL) {
		out = subset_rebuild(sub, gids, n, psname && *psname ? psname : f->psname);
		res = hb_face_reference_blob(out);
		rl = hb_blob_get_length(res);
	}
	if (rl > 0) {
		data = xmalloc(rl);
		memcpy(data, hb_blob_get_data(res, NULL), rl);
		*len = rl;
	} else {
		diag_fatal(NOPOS, "cannot subset font %s (HarfBuzz hb-subset failed)", f->file);
	}
	if (res)
		hb_blob_destroy(res);
	if (out)
		hb_face_destroy(out);
	if (sub)
		hb_face_destroy(sub);
	if (in)
		hb_subset_input_destroy(in);
	free(gids);
	return data;
}

unsigned char *
fonts_subset(font_set *fs, int face, const uint32_t *cps, size_t n, size_t *len)
{
	return fonts_subset_named(fs, face, cps, n, NULL, len);
}

/* ---- report ----------------------------------------------------------------------- */

static void
print_face(const font_set *fs, int id, FILE *f)
{
	const struct face *fc = &fs->faces[id];
	fprintf(f, "%s  %s", fc->ok ? fc->family : "?", fc->file);
	if (fc->index > 0 || (fc->ok && hb_face_count(fc->blob) > 1))
		fprintf(f, " (index %u)", fc->index);
}

void
fonts_report(font_set *fs, FILE *f)
{
	fprintf(f, "config: %s\n", fs->conf ? fs->conf : "(built-in defaults)");
	if (fs->fc_loaded)
		fprintf(f, "fontconfig: %s, %d fonts\n",
		        fs->fc_fast ? "the standard font directories" : "the full configuration",
		        fs->fcset ? fs->fcset->nfont : 0);
	for (int r = 0; r < ROLE_COUNT; r++) {
		int id = fs->role[r].face;
		fprintf(f, "%s (%s): ", role_zh[r], role_ascii[r]);
		if (id < 0) {
			fprintf(f, "unresolved\n");
			continue;
		}
		print_face(fs, id, f);
		switch (fs->role[r].why) {
		case WHY_OVERRIDE:
			fprintf(f, "  [--font %s]\n", fs->role[r].detail);
			break;
		case WHY_CONFIG:
			fprintf(f, "  [config: %s]\n", fs->role[r].detail);
			break;
		case WHY_FONTCONFIG:
			fprintf(f, "  [fontconfig: family %s]\n", fs->role[r].detail);
			break;
		case WHY_STANDIN:
			fprintf(f, "  [stand-in: no %s font installed; a real %s is wanted]\n",
			        role_zh[r], first_family(fs, r));
			break;
		default:
			fputc('\n', f);
		}
	}
	fprintf(f, "fallback:\n");
	if (fs->nfb == 0)
		fprintf(f, "  (none)\n");
	for (size_t i = 0; i < fs->nfb; i++) {
		int id = fb_face(fs, i);
		fprintf(f, "  %zu. ", i + 1);
		if (id < 0) {
			fprintf(f, "%s  [not installed]\n", fs->fb[i].c.val);
			continue;
		}
		if (!fs->faces[id].tried)
			face_open(fs, id, DIAG_WARNING, "fallback font skipped: ");
		print_face(fs, id, f);
		fprintf(f, "%s\n", fs->faces[id].ok ? "" : "  [unusable]");
	}
}
