/* rec.h — the value tree that data files (CSV, JSON, YAML) and the front
 * matter load into.  Every value keeps where it came from, so that an error
 * about a value names the file and line:column (or data path).
 *
 * Scalars keep their text exactly as written: "007" stays "007", 3.10 stays
 * "3.10"; a number is parsed only where a number is needed (rec_number). */
#ifndef GW_REC_H
#define GW_REC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"

typedef enum { REC_NULL, REC_STR, REC_BOOL, REC_LIST, REC_MAP } rec_kind;

typedef struct rec rec;
struct rec {
	rec_kind kind;
	srcpos pos;          /* file:line:col, and .path = "$.a[2].b" for data */
	const char *s;       /* REC_STR: NUL-terminated UTF-8 text; REC_BOOL: "true"/"false" */
	size_t len;          /* strlen(s) */
	bool b;              /* REC_BOOL value */
	bool is_number;      /* JSON number / plain YAML number: text in s */
	size_t n;            /* REC_LIST / REC_MAP: number of items */
	size_t cap;
	rec **v;             /* items */
	const char **k;      /* REC_MAP: keys, in document order */
	/* REC_MAP with many keys: a hash index of k (rec.c; 80,000 top-level
	 * keys made every lookup a scan) */
	size_t *hidx;        /* hcap slots of key index + 1, 0 = empty */
	size_t hcap, hn;     /* keys 0..hn-1 are in the index */
};

rec *rec_new(arena *a, rec_kind kind, srcpos pos);
rec *rec_new_str(arena *a, const char *s, size_t len, srcpos pos);
void rec_list_push(arena *a, rec *list, rec *item);
void rec_map_set(arena *a, rec *map, const char *key, rec *val); /* replaces */
rec *rec_map_get(const rec *map, const char *key);               /* NULL if absent */
/* Dotted path lookup: "单位.名称", "附件.0.标题" (a number indexes a list). */
rec *rec_path(const rec *root, const char *path);
/* Truthiness for sections: NULL/absent, false, "", empty list/map are false. */
bool rec_truthy(const rec *r);
/* Parse a scalar as a number (accepts full-width digits? no: ASCII only,
 * optional sign, decimals).  false if it is not a number. */
bool rec_number(const rec *r, double *out);
/* Merge src's keys into dst (a map), src winning. */
void rec_merge(arena *a, rec *dst, const rec *src);
/* Text dump for --dump=rec and tests: one line per scalar, "path = value". */
void rec_dump(const rec *r, FILE *f);

/* Loaders (load.c picks one by the file's extension; the parsers are
 * rec_csv.c, rec_json.c, rec_yaml.c).  Each returns NULL after reporting an
 * error through diag.
 * `file` is the name used in messages.  Input bytes are raw file bytes. */
rec *rec_load_file(arena *a, const char *path, const char *encoding);
/* Merge with --keep-going: a ragged CSV row is reported and skipped (the
 * load still succeeds; the error makes the run's exit status 2). */
void rec_csv_skip_ragged(bool on);
size_t rec_csv_skipped(void);   /* rows skipped so far */
rec *rec_csv_parse(arena *a, const char *file, const char *bytes, size_t n,
                   const char *encoding);   /* list of maps, header = keys */
rec *rec_json_parse(arena *a, const char *file, const char *text, size_t n);
/* The same, also telling which encoding the bytes were in ("UTF-8",
 * "UTF-8 (BOM)", "UTF-16LE", "GB18030", …; NULL if reading failed first),
 * for `-v`. */
rec *rec_load_file_ex(arena *a, const char *path, const char *encoding,
                      const char **used);
rec *rec_csv_parse_ex(arena *a, const char *file, const char *bytes, size_t n,
                      const char *encoding, const char **used);
/* An Excel/WPS workbook (.xlsx, .xlsm; rec_xlsx.c): the sheet `sheet`
 * (a name, or a number counting visible sheets from 1; NULL = the first
 * visible one) as a list of maps, header row = keys.  Values' positions
 * name cells as Excel does: file = "FILE[SHEET]!C14" (rows: "…!A5:G5").
 * *used (may be NULL) says which sheet was read, for `-v`. */
rec *rec_xlsx_parse(arena *a, const char *file, const char *bytes, size_t n,
                    const char *sheet, const char **used);
/* "考核.xlsx#评分" → "考核.xlsx", *sheet = "评分": a # after a workbook's
 * name picks a sheet.  Anything else is returned whole, *sheet = NULL. */
const char *rec_split_sheet(arena *a, const char *path, const char **sheet);
/* YAML: first_line is the line number of text[0] in `file` (front matter
 * starts on line 2 of a template). */
rec *rec_yaml_parse(arena *a, const char *file, const char *text, size_t n,
                    int first_line);

#endif
