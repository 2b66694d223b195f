/* fonts.h — font roles, resolution, coverage, metrics and subsetting.
 * Only fonts.c talks to fontconfig and HarfBuzz.
 *
 * A role (仿宋, 小标宋, 黑体, 楷体, 宋体) resolves, in order, from
 *   1. --font ROLE=FILE[:INDEX] given on the command line,
 *   2. the config file (fonts/roles.conf, or $GONGWEN_FONTS_CONF),
 *   3. fontconfig family names (仿宋_GB2312, FangSong, 方正小标宋简体, SimHei, ...),
 *      accepted only when the family matches the name asked for,
 *   4. the free Debian stand-ins (AR PL SungtiL GB, AR PL KaitiM GB,
 *      WenQuanYi Micro Hei), with a note that a stand-in is in use;
 * then a fallback chain for characters the role's font lacks (AR PL UMing,
 * BabelStone Han), opened only when a character needs it.
 *
 * A "face" is one opened font file (+ .ttc index), named by a small int. */
#ifndef GW_FONTS_H
#define GW_FONTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
	ROLE_FANGSONG,      /* 仿宋  fangsong: body text */
	ROLE_XIAOBIAOSONG,  /* 小标宋 xiaobiaosong: titles, red mark */
	ROLE_HEITI,         /* 黑体  heiti: level-1 headings, 附件N label */
	ROLE_KAITI,         /* 楷体  kaiti: level-2 headings, 签发人 names */
	ROLE_SONGTI,        /* 宋体  songti: page numbers, tables */
	ROLE_COUNT
} font_role;

typedef struct font_set font_set;

/* A subset draws its glyph k at the private-use code PUA_BASE + k (fonts.c
 * writes the cmap, pdf_out.c the ToUnicode map); at most SUBSET_MAX glyphs
 * per face and document. */
#define PUA_BASE   0xE000u
#define SUBSET_MAX 6400u

/* overrides: strings "ROLE=FILE[:INDEX]" (ROLE Chinese or ASCII alias).
 * conf: path of a roles config file, or NULL for the default search.
 * Returns NULL after a diagnostic (DIAG_FATAL) if a role cannot resolve. */
font_set *fonts_new(const char *const *overrides, size_t noverrides,
                    const char *conf);
void fonts_free(font_set *fs);

/* Role by name ("仿宋" or "fangsong"); -1 if unknown. */
int fonts_role_by_name(const char *name);

/* The face that draws cp for a role: the role's font if it covers cp, else
 * the first fallback that does (opened now if needed).  -1 if none has it
 * (the caller reports the character and where it came from). */
int fonts_face_for(font_set *fs, font_role role, uint32_t cp);

/* Advance width of cp in face, in em (1.0 = the font size).  Coverage must
 * have been established by fonts_face_for. */
double fonts_advance(font_set *fs, int face, uint32_t cp);

/* Ink box of cp's glyph in em, y up from the baseline.  false for no ink. */
bool fonts_ink(font_set *fs, int face, uint32_t cp,
               double *x0, double *y0, double *x1, double *y1);

/* Family name and file of a face (for dumps and PDF checks). */
const char *fonts_face_family(const font_set *fs, int face);
const char *fonts_face_file(const font_set *fs, int face);
int fonts_face_count(const font_set *fs);

/* Subset a face to the given code points.  Returns a malloc'd TrueType font
 * (glyf) whose cmap maps U+E000+i to the glyph of cps[i] (one format-4
 * segment) and nothing else; no hinting.  n <= 6400.  NULL on failure
 * (diagnosed). */
unsigned char *fonts_subset(font_set *fs, int face, const uint32_t *cps,
                            size_t n, size_t *len);

/* fonts_subset, naming the result: its PostScript name (name table ID 6)
 * becomes psname (ASCII, no delimiters) instead of the face's own.  libharu
 * treats two fonts with one PostScript name as the same font, so a second
 * subset of a face in one document needs a name of its own. */
unsigned char *fonts_subset_named(font_set *fs, int face, const uint32_t *cps,
                                  size_t n, const char *psname, size_t *len);

/* The face's PostScript name (sanitised ASCII), NULL if not open. */
const char *fonts_face_psname(const font_set *fs, int face);

/* The face a role resolved to, and the role's Chinese name. */
int fonts_role_face(const font_set *fs, font_role role);
const char *fonts_role_name(font_role role);

/* `gongwen fonts`: each role, the file (and index) it resolved to, and why. */
void fonts_report(font_set *fs, FILE *f);

#endif
