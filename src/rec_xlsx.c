/* rec_xlsx.c — an Excel or WPS workbook (.xlsx, .xlsm) into a list of maps,
 * one per row of one sheet, keyed by the header row: the same value tree a
 * CSV gives, without the "save as CSV" step.
 *
 * The only file that talks to libzip (the archive) and expat (the XML).
 * Both read from memory; nothing is ever extracted or written.
 *
 * - The sheet: the first visible one, or `#NAME` / `#N` (the N-th visible
 *   sheet, 1-based) after the file name; a name wins over a number.
 * - Values as Excel displays them where it matters: General numbers with 15
 *   significant digits (0.1+0.2 reads 0.3, 88.0 reads 88); fixed-decimal
 *   formats with their decimals (0.00 → 88.00), no thousands separators or
 *   currency signs (so the value stays a number for the filters); percent
 *   formats as 25% / 12.50%; date formats as 2024-03-15, times as 14:30
 *   (14:30:05 when the format shows seconds), both as 2024-03-15 14:30.
 *   Text stays text (007 stays 007); shared and inline strings, rich-text
 *   runs joined (phonetic runs dropped), _xHHHH_ escapes decoded; booleans
 *   TRUE/FALSE; formulas by their saved value; an error value (#N/A …) is
 *   an error naming the cell.
 * - The header row is the first row holding a value; columns run from the
 *   leftmost to the rightmost column holding a value; empty rows are
 *   skipped; a merged range gives its value to every cell it covers.
 * - Positions: each value's srcpos.file is "FILE[SHEET]!C14", each row's
 *   "FILE[SHEET]!A5:G5", as Excel names cells.
 * - Untrusted input: inflated sizes capped (per part, in total, and by
 *   compression ratio), no DTD (so no entity expansion, no external
 *   entities), entries with absolute or .. names refused, shared strings,
 *   cells, rows and merged ranges counted and bounded. */
#include "rec.h"

#include <expat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "utf8.h"

#define XL_MAX_PART      ((uint64_t)256 << 20)  /* one inflated part */
#define XL_MAX_TOTAL     ((uint64_t)512 << 20)  /* all parts read */
#define XL_RATIO_FROM    ((uint64_t)16 << 20)   /* ratio checked past this */
#define XL_MAX_RATIO     200                    /* inflated : compressed */
#define XL_MAX_ENTRIES   100000
#define XL_MAX_STRINGS   2000000
#define XL_MAX_CELL      (1024 * 1024)          /* bytes of one value */
#define XL_MAX_ROWS      100000                 /* as for CSV */
#define XL_MAX_CELLS     2000000                /* values, and table slots */
#define XL_MAX_MERGES    100000
#define XL_MAX_SHEETS    4096
#define XL_MAX_DEPTH     64                     /* XML nesting */
#define XL_EXCEL_ROWS    1048576u
#define XL_EXCEL_COLS    16384u

enum numfmt { NF_GENERAL, NF_FIXED, NF_PERCENT, NF_DATE, NF_TIME, NF_DATETIME };

struct style {
	unsigned char kind;   /* enum numfmt */
	signed char dec;      /* decimals for NF_FIXED / NF_PERCENT */
	bool secs;            /* time shows seconds */
};

struct sheet {
	const char *name, *rid, *part;
	bool hidden, chart;
};

struct rel {
	const char *id, *type, *target;
};

struct xcell {
	uint32_t row, col;
	rec *v;
};

struct xmerge {
	uint32_t r1, c1, r2, c2;
};

struct str {
	const char *s;
	size_t len;
};

struct xl {
	arena *a;
	const char *file;     /* as named by the user */
	zip_t *za;
	uint64_t inflated;    /* all parts so far */
	bool failed;          /* an error was reported */
	bool stop;            /* stop reading the current part */
	bool date1904;

	struct rel *rels;
	size_t nrels, caprels;
	struct sheet *sheets;
	size_t nsheets, capsheets;
	struct style *styles; /* per cellXfs index (malloc) */
	size_t nstyles, capstyles;
	struct fmt { uint32_t id; const char *code; } *fmts; /* custom formats */
	size_t nfmt, capfmt;
	struct str *sst;      /* shared strings (malloc; texts in the arena) */
	size_t nsst, capsst;

	/* the current part */
	XML_Parser p;
	void (*st)(void *, const XML_Char *, const XML_Char **);
	void (*en)(void *, const XML_Char *);
	int depth;
	const char *part;
	xbuf text;            /* character data being collected */
	bool collect;
	int depth_rph;        /* inside <rPh> (phonetic runs): skip */
	bool in_xfs, in_si, in_is;

	/* the sheet */
	const char *prefix;   /* "FILE[SHEET]" */
	size_t plen;
	struct xcell *cells;  /* malloc */
	size_t ncells, capcells;
	struct xmerge *merges;
	size_t nmerges, capmerges;
	uint32_t row, col;    /* current row, last column */
	uint32_t rows_seen;   /* rows holding a value */
	bool any_row;         /* a <row> has been read */
	uint32_t last_value_row;
	struct {              /* the <c> being read */
		uint32_t row, col;
		int style;
		char t[12];
		bool has_v, has_f, has_is, in_v;
	} c;
	bool sorted;
};

/* ---- small helpers ------------------------------------------------------- */

static const char *
lname(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

static const char *
attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i] != NULL; i += 2)
		if (strcmp(lname(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* Empty the collected text (x->text always holds a NUL-terminated string). */
static void
text_reset(struct xl *x)
{
	x->text.n = 0;
	if (x->text.p != NULL)
		x->text.p[0] = '\0';
}

static srcpos
at_file(struct xl *x)
{
	return pos_at(x->file, 0, 0);
}

/* A position inside the current XML part: "FILE: PART:LINE:COL". */
static srcpos
at_xml(struct xl *x)
{
	srcpos p = at_file(x);
	if (x->p != NULL)
		p.path = arena_printf(x->a, "%s:%lu:%lu", x->part,
		    (unsigned long)XML_GetCurrentLineNumber(x->p),
		    (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1);
	else
		p.path = x->part;
	return p;
}

/* Stop reading the current part (an error has been reported). */
static void
halt(struct xl *x)
{
	x->failed = x->stop = true;
	if (x->p != NULL)
		XML_StopParser(x->p, XML_FALSE);
}

static void
colname(uint32_t col, char out[8])
{
	char tmp[8];
	int n = 0;

	col++;                          /* 1-based */
	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* "FILE[SHEET]!C14", formatted by hand: one for every cell of a table */
static const char *
cellname(struct xl *x, uint32_t row, uint32_t col)
{
	char cn[8], dig[12];
	size_t cl, nl = 0, pl = x->plen;
	uint32_t r = row + 1;
	char *s;

	colname(col, cn);
	cl = strlen(cn);
	do {
		dig[nl++] = (char)('0' + r % 10);
		r /= 10;
	} while (r > 0);
	s = arena_alloc(x->a, pl + 1 + cl + nl + 1);
	memcpy(s, x->prefix, pl);
	s[pl] = '!';
	memcpy(s + pl + 1, cn, cl);
	for (size_t i = 0; i < nl; i++)
		s[pl + 1 + cl + i] = dig[nl - 1 - i];
	return s;
}

static srcpos
at_cell(struct xl *x, uint32_t row, uint32_t col)
{
	return pos_at(cellname(x, row, col), 0, 0);
}

/* "C14" → 0-based row 13, col 2.  false if malformed or beyond Excel's grid. */
static bool
parse_ref(const char *s, uint32_t *row, uint32_t *col, const char **end)
{
	uint32_t c = 0, r = 0;
	int nl = 0, nd = 0;

	if (*s == '$')
		s++;
	while (*s >= 'A' && *s <= 'Z' && nl < 4) {
		c = c * 26 + (uint32_t)(*s - 'A' + 1);
		s++, nl++;
	}
	if (*s == '$')
		s++;
	while (*s >= '0' && *s <= '9' && nd < 8) {
		r = r * 10 + (uint32_t)(*s - '0');
		s++, nd++;
	}
	if (nl == 0 || nd == 0 || c > XL_EXCEL_COLS || r == 0 || r > XL_EXCEL_ROWS)
		return false;
	*row = r - 1;
	*col = c - 1;
	if (end != NULL)
		*end = s;
	else if (*s != '\0')
		return false;
	return true;
}

static bool
parse_uint(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* ---- the archive ------------------------------------------------------- */

static void
doctype_refused(void *ud, const XML_Char *name, const XML_Char *sysid,
                const XML_Char *pubid, int has_internal_subset)
{
	struct xl *x = ud;
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	diag_error(at_xml(x), "the part declares a DTD (<!DOCTYPE …>), which "
	    "Excel and WPS never write; refused (entities are not expanded)");
	halt(x);
}

static void
entity_refused(void *ud, const XML_Char *name, int is_param,
               const XML_Char *value, int vlen, const XML_Char *base,
               const XML_Char *sysid, const XML_Char *pubid,
               const XML_Char *notation)
{
	struct xl *x = ud;
	(void)name, (void)is_param, (void)value, (void)vlen, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	if (!x->stop) {
		diag_error(at_xml(x), "the part declares an entity; refused");
		halt(x);
	}
}

static void
chardata(void *ud, const XML_Char *s, int len)
{
	struct xl *x = ud;

	if (!x->collect || x->depth_rph > 0 || x->stop)
		return;
	if (x->text.n + (size_t)len > XL_MAX_CELL) {
		if (x->prefix != NULL && (x->c.in_v || x->in_is))
			diag_error(at_cell(x, x->c.row, x->c.col), "the cell holds "
			    "more than %d MB of text", XL_MAX_CELL >> 20);
		else
			diag_error(at_xml(x), "a string of more than %d MB",
			    XL_MAX_CELL >> 20);
		halt(x);
		return;
	}
	xbuf_put(&x->text, s, (size_t)len);
}

/* Normalise a part name: a leading / is the package root, otherwise it is
 * relative to `base` (a folder, "xl/"); . and .. resolve and may not leave
 * the package.  NULL if it would. */
static const char *
part_name(arena *a, const char *base, const char *target)
{
	char *buf = arena_printf(a, "%s%s", target[0] == '/' ? "" : base,
	    target[0] == '/' ? target + 1 : target);
	char *out = arena_alloc(a, strlen(buf) + 1);
	size_t o = 0;

	for (char *seg = buf; *seg; ) {
		char *slash = strchr(seg, '/');
		size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
		if (n == 0 || (n == 1 && seg[0] == '.')) {
			/* skip */
		} else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (o == 0)
				return NULL;
			o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else {
			memcpy(out + o, seg, n);
			o += n;
			if (slash)
				out[o++] = '/';
		}
		if (!slash)
			break;
		seg = slash + 1;
	}
	while (o > 0 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	return o ? out : NULL;
}

/* Every element passes here first: nesting is counted and bounded (a
 * workbook's parts nest 6 or 7 deep; 100,000 open elements would cost expat
 * tens of megabytes before any size check fires). */
static void
depth_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xl *x = ud;

	if (++x->depth > XL_MAX_DEPTH) {
		diag_error(at_xml(x), "elements nested more than %d deep; the "
		    "workbook is damaged", XL_MAX_DEPTH);
		halt(x);
		return;
	}
	x->st(ud, name, atts);
}

static void
depth_end(void *ud, const XML_Char *name)
{
	struct xl *x = ud;

	x->depth--;
	x->en(ud, name);
}

/* Read one part of the archive through expat.  A missing part is an error
 * only when `required`; *present says whether it was there. */
static bool
read_part(struct xl *x, const char *part, bool required,
          void (*st)(void *, const XML_Char *, const XML_Char **),
          void (*en)(void *, const XML_Char *), bool *present)
{
	zip_int64_t ix = zip_name_locate(x->za, part, ZIP_FL_NOCASE);
	zip_stat_t zs;
	zip_file_t *zf;
	static char buf[65536];
	uint64_t got = 0;
	bool ok = true;

	if (present)
		*present = ix >= 0;
	if (ix < 0) {
		if (required) {
			diag_error(at_file(x), "the workbook has no part %s; it is "
			    "damaged (open it in Excel or WPS and save it again)", part);
			x->failed = true;
		}
		return !required;
	}
	zip_stat_init(&zs);
	if (zip_stat_index(x->za, (zip_uint64_t)ix, 0, &zs) != 0) {
		diag_error(at_file(x), "%s: %s; the workbook is damaged", part,
		    zip_strerror(x->za));
		x->failed = true;
		return false;
	}
	if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    zs.encryption_method != ZIP_EM_NONE) {
		diag_error(at_file(x), "the workbook is password-protected; open it "
		    "in Excel or WPS, remove the password and save it again");
		x->failed = true;
		return false;
	}
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > XL_MAX_PART) {
		diag_error(at_file(x), "%s inflates to %llu MB, more than the "
		    "%llu MB allowed for one part; refused", part,
		    (unsigned long long)(zs.size >> 20),
		    (unsigned long long)(XL_MAX_PART >> 20));
		x->failed = true;
		return false;
	}
	if ((zf = zip_fopen_index(x->za, (zip_uint64_t)ix, 0)) == NULL) {
		zip_error_t *ze = zip_get_error(x->za);
		int code = zip_error_code_zip(ze);
		if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD ||
		    code == ZIP_ER_ENCRNOTSUPP)
			diag_error(at_file(x), "the workbook is password-protected; "
			    "open it in Excel or WPS, remove the password and save "
			    "it again");
		else
			diag_error(at_file(x), "%s: %s; the workbook is damaged "
			    "(open it in Excel or WPS and save it again)", part,
			    zip_error_strerror(ze));
		x->failed = true;
		return false;
	}
	x->p = XML_ParserCreate(NULL);
	if (x->p == NULL) {
		diag_fatal(at_file(x), "out of memory (XML parser)");
		zip_fclose(zf);
		x->failed = true;
		return false;
	}
	x->part = part;
	x->stop = false;
	x->collect = false;
	text_reset(x);
	XML_SetUserData(x->p, x);
	x->st = st;
	x->en = en;
	x->depth = 0;
	XML_SetElementHandler(x->p, depth_start, depth_end);
	XML_SetCharacterDataHandler(x->p, chardata);
	XML_SetStartDoctypeDeclHandler(x->p, doctype_refused);
	XML_SetEntityDeclHandler(x->p, entity_refused);
	XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, sizeof buf);
		if (n < 0) {
			diag_error(at_file(x), "%s: %s; the workbook is damaged "
			    "(open it in Excel or WPS and save it again)", part,
			    zip_file_strerror(zf));
			ok = false;
			break;
		}
		got += (uint64_t)n;
		x->inflated += (uint64_t)n;
		if (got > XL_MAX_PART || x->inflated > XL_MAX_TOTAL ||
		    (got > XL_RATIO_FROM && got / XL_MAX_RATIO >
		    ((zs.valid & ZIP_STAT_COMP_SIZE) ? zs.comp_size : 0))) {
			diag_error(at_file(x), "%s inflates to more than %llu MB "
			    "(%s); refused as a zip bomb", part,
			    (unsigned long long)(got >> 20),
			    got > XL_MAX_PART ? "the limit for one part" :
			    x->inflated > XL_MAX_TOTAL ? "the limit for a workbook" :
			    "over 200 times its compressed size");
			ok = false;
			break;
		}
		if (XML_Parse(x->p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!x->stop)
				diag_error(at_xml(x), "%s; the workbook is damaged "
				    "(open it in Excel or WPS and save it again)",
				    XML_ErrorString(XML_GetErrorCode(x->p)));
			ok = false;
			break;
		}
		if (x->stop) {
			ok = false;
			break;
		}
		if (n == 0)
			break;
	}
	zip_fclose(zf);
	XML_ParserFree(x->p);
	x->p = NULL;
	if (!ok || x->stop)
		x->failed = true;
	return ok && !x->stop;
}

/* ---- relationships ----------------------------------------------------- */

static void
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xl *x = ud;

	if (strcmp(lname(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target"), *mode = attr(atts, "TargetMode");
	if (id == NULL || type == NULL || target == NULL)
		return;
	if (mode != NULL && strcmp(mode, "External") == 0)
		return;        /* a link out of the package: never followed */
	if (x->nrels >= XL_MAX_SHEETS * 4) {
		diag_error(at_xml(x), "more than %d relationships", XL_MAX_SHEETS * 4);
		halt(x);
		return;
	}
	struct rel *r = ARENA_PUSH(x->a, x->rels, x->nrels, x->caprels);
	r->id = arena_strdup(x->a, id);
	r->type = arena_strdup(x->a, type);
	r->target = arena_strdup(x->a, target);
}

static void
ignore_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static bool
type_is(const char *type, const char *what)
{
	size_t t = strlen(type), w = strlen(what);
	return t > w && type[t - w - 1] == '/' && strcmp(type + t - w, what) == 0;
}

/* ---- the workbook -------------------------------------------------------- */

static void
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xl *x = ud;
	const char *n = lname(name);

	if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");
		x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(n, "sheet") == 0) {
		const char *nm = attr(atts, "name"), *rid = attr(atts, "id");
		const char *state = attr(atts, "state");
		if (nm == NULL || rid == NULL)
			return;
		if (x->nsheets >= XL_MAX_SHEETS) {
			diag_error(at_xml(x), "more than %d sheets", XL_MAX_SHEETS);
			halt(x);
			return;
		}
		struct sheet *s = ARENA_PUSH(x->a, x->sheets, x->nsheets, x->capsheets);
		s->name = arena_strdup(x->a, nm);
		s->rid = arena_strdup(x->a, rid);
		s->hidden = state != NULL && strcmp(state, "visible") != 0;
	}
}

/* ---- styles: which cells are dates, percentages, fixed decimals -------- */

/* Classify a number format code by its first section, with quoted text,
 * escaped characters and [brackets] ([Red], [$-804]) taken out first; [h],
 * [mm], [ss] (elapsed time) count as time. */
static struct style
classify_code(const char *code)
{
	struct style st = { NF_GENERAL, 0, false };
	char clean[256];
	size_t n = 0;
	bool elapsed = false, ymd = false, mon = false, time = false;
	bool pct = false, point = false, digits = false, sci = false;
	int dec = 0;

	if (code == NULL || strcasecmp(code, "General") == 0)
		return st;
	for (const char *p = code; *p && *p != ';' && n < sizeof clean - 1; p++) {
		if (*p == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if ((*p == '\\' || *p == '_' || *p == '*') && p[1]) {
			p++;
		} else if (*p == '[') {
			const char *e = strchr(p, ']');
			char c = (char)(p[1] | 0x20);
			if (e == NULL)
				break;
			if (c == 'h' || c == 's' || (c == 'm' && (p[2] | 0x20) == 'm'))
				elapsed = true;
			if (c == 's')
				st.secs = true;
			p = e;
		} else {
			clean[n++] = *p;
		}
	}
	clean[n] = '\0';
	for (const char *p = clean; *p; p++)
		if (*p == '0' || *p == '#' || *p == '?')
			digits = true;
	for (const char *p = clean; *p; p++) {
		char c = (char)(*p | 0x20);
		if (c == 'a' && (p[1] | 0x20) == 'm' && p[2] == '/') {
			p += 4;            /* AM/PM */
			time = true;
		} else if (c == 'a' && p[1] == '/' && (p[2] | 0x20) == 'p') {
			p += 2;            /* A/P */
			time = true;
		} else if (c == 'y' || c == 'd' || (!digits && (c == 'e' ||
		    c == 'a' || c == 'g' || c == 'b'))) {
			ymd = true;        /* year, day, era year, weekday */
		} else if (c == 'e' && digits) {
			sci = true;
		} else if (c == 'm') {
			mon = true;        /* month, or minutes beside h/s */
		} else if (c == 'h') {
			time = true;
		} else if (c == 's') {
			time = true;
			st.secs = true;
		} else if (c == '%') {
			pct = true;
		} else if (c == '.') {
			point = true;
		} else if (c == '/' && digits) {
			sci = true;        /* a fraction */
		} else if ((c == '0' || c == '#' || c == '?') && point) {
			dec++;
		}
	}
	time = time || elapsed;
	if (ymd || (mon && !time))
		st.kind = time ? NF_DATETIME : NF_DATE;
	else if (time)
		st.kind = NF_TIME;
	else if (sci)
		return st;             /* scientific, fractions: the plain number */
	else if (pct) {
		st.kind = NF_PERCENT;
		st.dec = (signed char)(dec > 15 ? 15 : dec);
	} else if (digits) {
		st.kind = NF_FIXED;
		st.dec = (signed char)(dec > 15 ? 15 : dec);
	}
	if (st.kind == NF_DATE || st.kind == NF_FIXED || st.kind == NF_PERCENT)
		st.secs = false;
	return st;
}

static struct style
builtin_style(unsigned id)
{
	struct style st = { NF_GENERAL, 0, false };

	switch (id) {
	case 1: case 3: case 37: case 38:
		st.kind = NF_FIXED; st.dec = 0; break;
	case 2: case 4: case 39: case 40: case 43: case 44:
		st.kind = NF_FIXED; st.dec = 2; break;
	case 9: st.kind = NF_PERCENT; st.dec = 0; break;
	case 10: st.kind = NF_PERCENT; st.dec = 2; break;
	case 14: case 15: case 16: case 17:
	case 27: case 28: case 29: case 30: case 31: case 36:
	case 50: case 51: case 52: case 53: case 54: case 57: case 58:
		st.kind = NF_DATE; break;
	case 18: case 20: case 32: case 34: case 55:
		st.kind = NF_TIME; break;
	case 19: case 21: case 33: case 35: case 45: case 46: case 47: case 56:
		st.kind = NF_TIME; st.secs = true; break;
	case 22:
		st.kind = NF_DATETIME; break;
	default: break;
	}
	return st;
}

static void
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xl *x = ud;
	const char *n = lname(name);
	uint32_t id;

	if (strcmp(n, "numFmt") == 0) {
		const char *code = attr(atts, "formatCode");
		if (code == NULL || !parse_uint(attr(atts, "numFmtId"), 100000, &id))
			return;
		if (x->nfmt >= 65536)
			return;
		struct fmt *f = ARENA_PUSH(x->a, x->fmts, x->nfmt, x->capfmt);
		f->id = id;
		f->code = arena_strdup(x->a, code);
	} else if (strcmp(n, "cellXfs") == 0) {
		x->in_xfs = true;
	} else if (strcmp(n, "xf") == 0 && x->in_xfs) {
		struct style st = { NF_GENERAL, 0, false };
		if (x->nstyles >= 65536)
			return;      /* Excel's own limit is 64,000 */
		if (parse_uint(attr(atts, "numFmtId"), 100000, &id)) {
			bool found = false;
			for (size_t i = x->nfmt; i-- > 0;)
				if (x->fmts[i].id == id) {
					st = classify_code(x->fmts[i].code);
					found = true;
					break;
				}
			if (!found)
				st = builtin_style(id);
		}
		if (x->nstyles == x->capstyles) {
			x->capstyles = x->capstyles ? x->capstyles * 2 : 64;
			x->styles = xrealloc(x->styles, sizeof *x->styles * x->capstyles);
		}
		x->styles[x->nstyles++] = st;
	}
}

static void
styles_end(void *ud, const XML_Char *name)
{
	struct xl *x = ud;
	if (strcmp(lname(name), "cellXfs") == 0)
		x->in_xfs = false;
}

/* ---- strings ------------------------------------------------------------ */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The collected text into the arena, with OOXML's _xHHHH_ escapes (a
 * control character or a literal "_x…_") decoded. */
static const char *
take_text(struct xl *x, size_t *len)
{
	const char *s = x->text.p ? x->text.p : "";
	size_t n = x->text.n;
	char *out;
	size_t o = 0;

	if (n < 7 || memchr(s, '_', n) == NULL) {
		*len = n;
		return arena_strndup(x->a, s, n);
	}
	out = arena_alloc(x->a, n + 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    hexval(s[i + 2]) >= 0 && hexval(s[i + 3]) >= 0 &&
		    hexval(s[i + 4]) >= 0 && hexval(s[i + 5]) >= 0) {
			unsigned u = (unsigned)(hexval(s[i + 2]) << 12 |
			    hexval(s[i + 3]) << 8 | hexval(s[i + 4]) << 4 |
			    hexval(s[i + 5]));
			if (u == 0 || (u >= 0xD800 && u <= 0xDFFF))
				u = 0xFFFD;
			if (u < 0x80) {
				out[o++] = (char)u;
			} else if (u < 0x800) {
				out[o++] = (char)(0xC0 | u >> 6);
				out[o++] = (char)(0x80 | (u & 0x3F));
			} else {
				out[o++] = (char)(0xE0 | u >> 12);
				out[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
				out[o++] = (char)(0x80 | (u & 0x3F));
			}
			i += 6;
			continue;
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	*len = o;
	return out;
}

static void
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xl *x = ud;
	const char *n = lname(name);
	(void)atts;

	if (strcmp(n, "si") == 0) {
		x->in_si = true;
		text_reset(x);
	} else if (strcmp(n, "rPh") == 0) {
		x->depth_rph++;
	} else if (strcmp(n, "t") == 0 && x->in_si) {
		x->collect = true;
	}
}

static void
sst_end(void *ud, const XML_Char *name)
{
	struct xl *x = ud;
	const char *n = lname(name);

	if (strcmp(n, "t") == 0) {
		x->collect = false;
	} else if (strcmp(n, "rPh") == 0) {
		if (x->depth_rph > 0)
			x->depth_rph--;
	} else if (strcmp(n, "si") == 0 && x->in_si) {
		x->in_si = false;
		if (x->nsst >= XL_MAX_STRINGS) {
			diag_error(at_xml(x), "more than %d shared strings; the "
			    "workbook is too large (split it)", XL_MAX_STRINGS);
			halt(x);
			return;
		}
		if (x->nsst == x->capsst) {
			x->capsst = x->capsst ? x->capsst * 2 : 256;
			x->sst = xrealloc(x->sst, sizeof *x->sst * x->capsst);
		}
		struct str *s = &x->sst[x->nsst++];
		s->s = take_text(x, &s->len);
		text_reset(x);
	}
}

/* ---- numbers as Excel shows them --------------------------------------- */

/* x as 15 significant decimal digits: digits[0..14], value =
 * 0.d1d2…d15 × 10^exp.  false for inf/nan. */
static bool
num_digits(double v, char digits[16], int *exp, bool *neg)
{
	char buf[40];
	int e;

	if (v != v || v > 1e308 || v < -1e308)
		return false;
	*neg = v < 0;
	snprintf(buf, sizeof buf, "%.14e", *neg ? -v : v);
	/* d.dddddddddddddde±XX */
	digits[0] = buf[0];
	memcpy(digits + 1, buf + 2, 14);
	digits[15] = '\0';
	e = atoi(buf + 17);
	*exp = e + 1;
	if (digits[0] == '0') {     /* zero */
		*exp = 0;
		*neg = false;
	}
	return true;
}

/* The same from the text Excel saved ("92.5", "-0.004", "45366"), when it
 * is a plain decimal of at most 15 significant digits: no binary detour. */
static bool
text_digits(const char *t, char digits[16], int *exp, bool *neg)
{
	int nd = 0, e = 0;
	bool point = false, lead = true;

	*neg = *t == '-';
	if (*t == '-' || *t == '+')
		t++;
	if (*t == '\0')
		return false;
	memset(digits, '0', 15);
	digits[15] = '\0';
	for (; *t; t++) {
		if (*t == '.') {
			if (point)
				return false;
			point = true;
			continue;
		}
		if (*t < '0' || *t > '9')
			return false;
		if (lead && *t == '0') {
			if (point)
				e--;
			continue;
		}
		lead = false;
		if (!point)
			e++;
		if (nd < 15)
			digits[nd++] = *t;
		else if (*t != '0')
			return false;
	}
	if (nd == 0) {
		*exp = 0;
		*neg = false;
	} else {
		*exp = e;
	}
	return e < 300 && e > -300;
}

/* Write the number with `dec` decimals (dec < 0: as General, trailing
 * zeros dropped), after multiplying by 10^shift, rounding half away from
 * zero on the decimal digits (as Excel does). */
static const char *
num_text(arena *a, const char *vt, double v, int shift, int dec, size_t *len)
{
	char d[16], out[400];
	int exp, nd = 15;
	bool neg;
	size_t o = 0;

	if (!text_digits(vt, d, &exp, &neg) && !num_digits(v, d, &exp, &neg)) {
		*len = 3;
		return "NaN";
	}
	if (d[0] == '0')
		exp = 1;
	exp += shift;
	if (dec < 0 && (exp > 15 || exp < -8)) {
		/* General shows these in scientific notation */
		char buf[40];
		snprintf(buf, sizeof buf, "%.14E", v * (shift ? 100.0 : 1.0));
		char *e = strchr(buf, 'E');
		if (e == NULL) {        /* inf: not from Excel */
			*len = 3;
			return "NaN";
		}
		char *z = e;
		while (z > buf && z[-1] == '0')
			z--;
		if (z > buf && z[-1] == '.')
			z--;
		int ex = atoi(e + 1);
		int l = snprintf(out, sizeof out, "%.*sE%c%02d", (int)(z - buf), buf,
		    ex < 0 ? '-' : '+', ex < 0 ? -ex : ex);
		*len = (size_t)l;
		return arena_strndup(a, out, (size_t)l);
	}
	/* digits kept: those before the point (exp) plus dec */
	if (dec >= 0) {
		int keep = exp + dec;
		if (keep < 0) {
			nd = 0;
			memset(d, '0', 15);
		} else if (keep < 15) {
			bool up = d[keep] >= '5';
			memset(d + keep, '0', (size_t)(15 - keep));
			for (int i = keep - 1; up && i >= 0; i--) {
				if (d[i] == '9') {
					d[i] = '0';
				} else {
					d[i]++;
					up = false;
				}
			}
			if (up) {        /* 9.99 → 10.0 */
				memmove(d + 1, d, 14);
				d[0] = '1';
				exp++;
			}
		}
	}
	while (nd > 0 && d[nd - 1] == '0')
		nd--;
	bool zero = nd == 0;
	if (neg && !zero)
		out[o++] = '-';
	/* integer part */
	if (exp <= 0) {
		out[o++] = '0';
	} else {
		for (int i = 0; i < exp; i++)
			out[o++] = i < nd ? d[i] : '0';
	}
	/* fraction */
	int fd = dec >= 0 ? dec : (nd > exp ? nd - exp : 0);
	if (fd > 0) {
		out[o++] = '.';
		for (int i = 0; i < fd; i++) {
			int k = exp + i;
			out[o++] = (k >= 0 && k < nd) ? d[k] : '0';
		}
	}
	*len = o;
	return arena_strndup(a, out, o);
}

/* Days from 1970-01-01 to a civil date, inverted (H. Hinnant's algorithm). */
static void
civil(long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

/* An Excel serial as a date and/or time; NULL when out of Excel's range. */
static const char *
date_text(struct xl *x, double v, struct style st, size_t *len)
{
	char out[64];
	int y;
	unsigned m, d;
	long days;
	double frac;
	long secs;

	if (v < 0 || v >= 2958466.0)
		return NULL;
	days = (long)v;
	frac = v - (double)days;
	secs = (long)(frac * 86400.0 + 0.5);
	if (secs >= 86400) {
		secs -= 86400;
		days++;
	}
	if (x->date1904) {
		civil(days - 24107, &y, &m, &d);          /* 1904-01-01 */
	} else if (days == 60) {
		y = 1900, m = 2, d = 29;                  /* Excel's (Lotus's) leap day */
	} else if (days < 60) {
		civil(days - 25568, &y, &m, &d);          /* from 1899-12-31 */
	} else {
		civil(days - 25569, &y, &m, &d);          /* from 1899-12-30 */
	}
	if (!x->date1904 && days == 0 && st.kind != NF_TIME)
		y = 1900, m = 1, d = 0;                    /* Excel shows 1900-01-00 */
	int hh = (int)(secs / 3600), mm = (int)(secs / 60 % 60), ss = (int)(secs % 60);
	int l;
	if (st.kind == NF_DATE) {       /* the common case, without printf */
		char *q = arena_alloc(x->a, 11);
		q[0] = (char)('0' + y / 1000), q[1] = (char)('0' + y / 100 % 10);
		q[2] = (char)('0' + y / 10 % 10), q[3] = (char)('0' + y % 10);
		q[4] = '-', q[5] = (char)('0' + m / 10), q[6] = (char)('0' + m % 10);
		q[7] = '-', q[8] = (char)('0' + d / 10), q[9] = (char)('0' + d % 10);
		*len = 10;
		return q;
	}
	if (st.kind == NF_TIME && st.secs)
		l = snprintf(out, sizeof out, "%02d:%02d:%02d",
		    hh + (int)days * 24 * (v >= 1.0), mm, ss);
	else if (st.kind == NF_TIME)
		l = snprintf(out, sizeof out, "%02d:%02d",
		    hh + (int)days * 24 * (v >= 1.0), mm);
	else if (st.secs)
		l = snprintf(out, sizeof out, "%04d-%02u-%02u %02d:%02d:%02d",
		    y, m, d, hh, mm, ss);
	else
		l = snprintf(out, sizeof out, "%04d-%02u-%02u %02d:%02d", y, m, d, hh, mm);
	*len = (size_t)l;
	return arena_strndup(x->a, out, (size_t)l);
}

/* A <v> that must be a number. */
static bool
parse_double(const char *s, double *out)
{
	char *end;
	if (*s == '\0' || s[strspn(s, "0123456789+-.eE")] != '\0')
		return false;      /* no inf, nan, hex */
	*out = strtod(s, &end);
	return *end == '\0' && *out == *out && *out <= 1e308 && *out >= -1e308;
}

/* ---- the sheet --------------------------------------------------------- */

static void
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xl *x = ud;
	const char *n = lname(name);

	if (x->stop)
		return;
	if (strcmp(n, "c") == 0) {
		const char *r = attr(atts, "r"), *s = attr(atts, "s"), *t = attr(atts, "t");
		uint32_t row, col, sv;
		if (r != NULL) {
			if (!parse_ref(r, &row, &col, NULL)) {
				diag_error(at_xml(x), "a cell named \"%s\"; the workbook "
				    "is damaged", r);
				halt(x);
				return;
			}
		} else {
			row = x->row;
			col = x->col + 1;
			if (col >= XL_EXCEL_COLS) {
				diag_error(at_xml(x), "more than %u columns in a row",
				    XL_EXCEL_COLS);
				halt(x);
				return;
			}
		}
		x->row = row;
		x->col = col;
		memset(&x->c, 0, sizeof x->c);
		x->c.row = row;
		x->c.col = col;
		x->c.style = (s != NULL && parse_uint(s, 1000000, &sv)) ? (int)sv : 0;
		snprintf(x->c.t, sizeof x->c.t, "%s", t ? t : "n");
	} else if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		uint32_t rn;
		if (r != NULL) {
			if (!parse_uint(r, XL_EXCEL_ROWS, &rn) || rn == 0) {
				diag_error(at_xml(x), "a row numbered \"%s\"; a sheet has "
				    "rows 1 to 1,048,576", r);
				halt(x);
				return;
			}
			x->row = rn - 1;
		} else {
			x->row = x->any_row ? x->row + 1 : 0;
		}
		x->any_row = true;
		x->col = (uint32_t)-1;
	} else if (strcmp(n, "v") == 0) {
		x->c.in_v = true;
		x->c.has_v = true;
		x->collect = true;
		text_reset(x);
	} else if (strcmp(n, "f") == 0) {
		x->c.has_f = true;
	} else if (strcmp(n, "is") == 0) {
		x->c.has_is = true;
		x->in_is = true;
		text_reset(x);
	} else if (strcmp(n, "rPh") == 0) {
		x->depth_rph++;
	} else if (strcmp(n, "t") == 0 && x->in_is) {
		x->collect = true;
	} else if (strcmp(n, "mergeCell") == 0) {
		const char *ref = attr(atts, "ref"), *e;
		struct xmerge m;
		if (ref == NULL)
			return;
		if (!parse_ref(ref, &m.r1, &m.c1, &e) || *e != ':' ||
		    !parse_ref(e + 1, &m.r2, &m.c2, NULL) || m.r2 < m.r1 || m.c2 < m.c1) {
			diag_error(at_xml(x), "a merged range \"%s\"; the workbook is "
			    "damaged", ref);
			halt(x);
			return;
		}
		if (x->nmerges >= XL_MAX_MERGES) {
			diag_error(at_xml(x), "more than %d merged ranges", XL_MAX_MERGES);
			halt(x);
			return;
		}
		if (x->nmerges == x->capmerges) {
			x->capmerges = x->capmerges ? x->capmerges * 2 : 16;
			x->merges = xrealloc(x->merges, sizeof *x->merges * x->capmerges);
		}
		x->merges[x->nmerges++] = m;
	}
}

/* The value of the cell just read, as text; NULL for an empty cell. */
static rec *
cell_value(struct xl *x)
{
	const char *t = x->c.t;
	srcpos at;
	size_t len = 0;
	const char *s = NULL;
	bool number = false, isbool = false;

	if (!x->c.has_v && !x->c.has_is) {
		if (x->c.has_f) {
			diag_error(at_cell(x, x->c.row, x->c.col), "the cell's formula "
			    "has no saved result; open the workbook in Excel or WPS "
			    "and save it again");
			x->failed = true;
		}
		return NULL;
	}
	if (x->text.n == 0 && !x->c.has_is)
		return NULL;            /* <v></v>: nothing saved */
	at = at_cell(x, x->c.row, x->c.col);
	if (strcmp(t, "s") == 0) {
		uint32_t ix;
		if (!parse_uint(x->text.p ? x->text.p : "", UINT32_MAX - 1, &ix) ||
		    ix >= x->nsst) {
			diag_error(at, "the cell refers to shared string %s, which the "
			    "workbook does not have; it is damaged", x->text.p ? x->text.p : "");
			x->failed = true;
			return NULL;
		}
		s = x->sst[ix].s;
		len = x->sst[ix].len;
	} else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
		s = take_text(x, &len);
	} else if (strcmp(t, "b") == 0) {
		bool v = x->text.n == 1 && x->text.p[0] == '1';
		s = v ? "TRUE" : "FALSE";
		len = strlen(s);
		isbool = true;
	} else if (strcmp(t, "e") == 0) {
		diag_error(at, "the cell shows the error %s; correct its formula or "
		    "value in the workbook", x->text.n ? x->text.p : "(unknown)");
		x->failed = true;
		return NULL;
	} else if (strcmp(t, "d") == 0) {
		/* ISO 8601: 2024-03-15T14:30:00 */
		const char *v = x->text.p ? x->text.p : "";
		size_t l = strlen(v), dl = strcspn(v, "T");
		if (dl > 10)
			dl = 10;
		if (l > dl + 1 && strncmp(v + dl + 1, "00:00:00", 8) != 0)
			s = arena_printf(x->a, "%.*s %.5s", (int)dl, v, v + dl + 1);
		else
			s = arena_strndup(x->a, v, dl);
		len = strlen(s);
	} else {
		double v;
		struct style st = { NF_GENERAL, 0, false };
		if (x->text.n == 0)
			return NULL;
		if (!parse_double(x->text.p, &v)) {
			diag_error(at, "the cell's number \"%.40s\" cannot be read; the "
			    "workbook is damaged", x->text.p);
			x->failed = true;
			return NULL;
		}
		if (x->c.style >= 0 && (size_t)x->c.style < x->nstyles)
			st = x->styles[x->c.style];
		switch (st.kind) {
		case NF_DATE: case NF_TIME: case NF_DATETIME:
			s = date_text(x, v, st, &len);
			if (s != NULL)
				break;
			/* fall through - out of the calendar: the number */
		case NF_GENERAL:
			s = num_text(x->a, x->text.p, v, 0, -1, &len);
			number = true;
			break;
		case NF_FIXED:
			s = num_text(x->a, x->text.p, v, 0, st.dec, &len);
			number = true;
			break;
		case NF_PERCENT: {
			const char *p = num_text(x->a, x->text.p, v, 2, st.dec, &len);
			char *q = arena_alloc(x->a, len + 2);
			memcpy(q, p, len);
			q[len++] = '%';
			s = q;
			break;
		}
		}
	}
	rec *r = arena_alloc(x->a, sizeof *r);
	r->kind = isbool ? REC_BOOL : REC_STR;
	r->pos = at;
	r->s = s;
	r->len = len;
	r->b = isbool && s[0] == 'T';
	r->is_number = number;
	return r;
}

static void
sheet_end(void *ud, const XML_Char *name)
{
	struct xl *x = ud;
	const char *n = lname(name);

	if (x->stop)
		return;
	if (strcmp(n, "v") == 0) {
		x->c.in_v = false;
		x->collect = false;
	} else if (strcmp(n, "t") == 0) {
		x->collect = false;
	} else if (strcmp(n, "rPh") == 0) {
		if (x->depth_rph > 0)
			x->depth_rph--;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = false;
	} else if (strcmp(n, "c") == 0) {
		rec *v = cell_value(x);
		text_reset(x);
		if (v == NULL || v->len == 0)
			return;
		if (x->last_value_row != x->c.row + 1) {
			x->last_value_row = x->c.row + 1;
			if (++x->rows_seen > XL_MAX_ROWS + 1) {
				diag_error(at_cell(x, x->c.row, x->c.col), "more than "
				    "%d rows; split the sheet", XL_MAX_ROWS);
				halt(x);
				return;
			}
		}
		if (x->ncells >= XL_MAX_CELLS) {
			diag_error(at_cell(x, x->c.row, x->c.col), "more than %d cells "
			    "hold a value; split the sheet", XL_MAX_CELLS);
			halt(x);
			return;
		}
		if (x->ncells == x->capcells) {
			x->capcells = x->capcells ? x->capcells * 2 : 1024;
			x->cells = xrealloc(x->cells, sizeof *x->cells * x->capcells);
		}
		struct xcell *c = &x->cells[x->ncells++];
		if (x->ncells > 1 && (c[-1].row > x->c.row ||
		    (c[-1].row == x->c.row && c[-1].col >= x->c.col)))
			x->sorted = false;
		c->row = x->c.row;
		c->col = x->c.col;
		c->v = v;
	}
}

static int
cmp_cell(const void *pa, const void *pb)
{
	const struct xcell *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

/* Trim blanks, U+3000 and a stray BOM around a header name. */
static const char *
trim_name(arena *a, const char *s, size_t n)
{
	size_t b, e;
	utf8_trim(s, n, UTF8_TRIM_LF | UTF8_TRIM_BOM, &b, &e);
	return arena_strndup(a, s + b, e - b);
}

/* The table the cells span: the rows that hold a value and the columns
 * from the leftmost to the rightmost, with a value (or NULL) per place. */
struct grid {
	uint32_t *rows;          /* distinct rows holding a value, ascending */
	size_t nrows;
	uint32_t cmin, cmax, ncol;
	rec ***at;               /* [row index][column - cmin] */
	rec **slots;
};

static void
grid_free(struct grid *g)
{
	free(g->slots);
	free(g->at);
	free(g->rows);
}

/* The cells in reading order; a cell written twice: the last one counts,
 * as in Excel. */
static void
sort_cells(struct xl *x)
{
	if (x->sorted)
		return;
	qsort(x->cells, x->ncells, sizeof *x->cells, cmp_cell);
	size_t o = 0;
	for (size_t i = 0; i < x->ncells; i++) {
		if (o > 0 && x->cells[o - 1].row == x->cells[i].row &&
		    x->cells[o - 1].col == x->cells[i].col)
			o--;
		x->cells[o++] = x->cells[i];
	}
	x->ncells = o;
}

/* The sorted cells (at least one) into a grid, within the limits of rows
 * and cells. */
static bool
grid_build(struct xl *x, struct grid *g)
{
	size_t nc = x->ncells;
	char a1[8], a2[8];

	memset(g, 0, sizeof *g);
	g->cmin = UINT32_MAX;
	g->rows = xmalloc(sizeof *g->rows * nc);
	for (size_t i = 0; i < nc; i++) {
		if (x->cells[i].col < g->cmin)
			g->cmin = x->cells[i].col;
		if (x->cells[i].col > g->cmax)
			g->cmax = x->cells[i].col;
		if (g->nrows == 0 || g->rows[g->nrows - 1] != x->cells[i].row)
			g->rows[g->nrows++] = x->cells[i].row;
	}
	g->ncol = g->cmax - g->cmin + 1;
	if (g->nrows - 1 > XL_MAX_ROWS) {
		diag_error(at_cell(x, g->rows[XL_MAX_ROWS + 1], g->cmin), "more than %d "
		    "rows; split the sheet", XL_MAX_ROWS);
		return false;
	}
	if ((uint64_t)g->nrows * g->ncol > XL_MAX_CELLS) {
		colname(g->cmin, a1);
		colname(g->cmax, a2);
		diag_error(pos_at(x->prefix, 0, 0), "the table spans %zu rows and "
		    "%u columns (%s to %s), more than %d cells; split the sheet or "
		    "delete what lies beside the table", g->nrows, g->ncol, a1, a2,
		    XL_MAX_CELLS);
		return false;
	}
	g->at = xmalloc(sizeof *g->at * g->nrows);
	g->slots = xcalloc((size_t)g->nrows * g->ncol, sizeof *g->slots);
	for (size_t r = 0; r < g->nrows; r++)
		g->at[r] = g->slots + r * g->ncol;
	for (size_t i = 0, r = 0; i < nc; i++) {
		while (g->rows[r] != x->cells[i].row)
			r++;
		g->at[r][x->cells[i].col - g->cmin] = x->cells[i].v;
	}
	return true;
}

/* The value of the cell at row, col (wherever it is, in the table or
 * beside it), or NULL. */
static rec *
value_at(const struct xl *x, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi = x->ncells;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct xcell *c = &x->cells[mid];
		if (c->row < row || (c->row == row && c->col < col))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < x->ncells && x->cells[lo].row == row && x->cells[lo].col == col)
		return x->cells[lo].v;
	return NULL;
}

/* The index of the first row of the grid at or below row. */
static size_t
grid_row_from(const struct grid *g, uint32_t row)
{
	size_t lo = 0, hi = g->nrows;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->rows[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Merged ranges: the top-left value to every covered cell of the table
 * (valid ranges never overlap, so this is at most one pass over the table;
 * more means a damaged file). */
static bool
spread_merges(struct xl *x, struct grid *g)
{
	uint64_t work = 0;
	for (size_t k = 0; k < x->nmerges; k++) {
		struct xmerge *m = &x->merges[k];
		rec *src = value_at(x, m->r1, m->c1);
		if (src == NULL || m->c2 < g->cmin || m->c1 > g->cmax)
			continue;
		uint32_t c1 = m->c1 < g->cmin ? g->cmin : m->c1;
		uint32_t c2 = m->c2 > g->cmax ? g->cmax : m->c2;
		for (size_t r = grid_row_from(g, m->r1); r < g->nrows && g->rows[r] <= m->r2; r++) {
			work += c2 - c1 + 1;
			if (work > 2 * (uint64_t)g->nrows * g->ncol + 1000000) {
				diag_error(pos_at(x->prefix, 0, 0), "merged ranges "
				    "overlap; the workbook is damaged");
				return false;
			}
			for (uint32_t c = c1; c <= c2; c++)
				if (g->rows[r] != m->r1 || c != m->c1)
					g->at[r][c - g->cmin] = src;
		}
	}
	return true;
}

/* The header row: a name per named column (keys[], its sheet column in
 * keycol[]), their count; a column with data but no name, a name twice or
 * a title merged over the header set x->failed. */
static size_t
read_keys(struct xl *x, const struct grid *g, const char **keys, uint32_t *keycol)
{
	size_t nkeys = 0;
	const rec *merged_said = NULL;
	char a1[8], a2[8];
	for (uint32_t c = 0; c < g->ncol; c++) {
		rec *h = g->at[0][c];
		const char *name = h ? trim_name(x->a, h->s, h->len) : "";
		size_t r;
		if (name[0] == '\0') {
			for (r = 1; r < g->nrows && g->at[r][c] == NULL; r++)
				;
			if (r < g->nrows) {
				colname(g->cmin + c, a1);
				diag_error(at_cell(x, g->rows[0], g->cmin + c), "column %s has "
				    "no name in the header row, but %s holds data", a1,
				    cellname(x, g->rows[r], g->cmin + c) + strlen(x->prefix) + 1);
				x->failed = true;
			}
			continue;
		}
		for (size_t j = 0; j < nkeys; j++)
			if (strcmp(keys[j], name) == 0) {
				colname(keycol[j], a1);
				colname(g->cmin + c, a2);
				if (g->at[0][keycol[j] - g->cmin] != h)
					diag_error(at_cell(x, g->rows[0], g->cmin + c), "column "
					    "name %s appears twice in the header row (columns "
					    "%s and %s)", name, a1, a2);
				else if (h != merged_said) {
					uint32_t last = c;
					while (last + 1 < g->ncol && g->at[0][last + 1] == h)
						last++;
					colname(g->cmin + last, a2);
					diag_error(h->pos, "the header row's %s is one "
					    "merged cell over columns %s to %s: is it a title? "
					    "Delete that row, so that the column names come "
					    "first", name, a1, a2);
				}
				merged_said = h;
				x->failed = true;
				break;
			}
		keycol[nkeys] = g->cmin + c;
		keys[nkeys++] = name;
	}
	return nkeys;
}

/* The rows under the header into a list of maps of the header's names;
 * a row with nothing under a name (only beside the table) is left out. */
static rec *
read_table_rows(struct xl *x, const struct grid *g, const char **keys,
                const uint32_t *keycol, size_t nkeys)
{
	char a1[8], a2[8];
	size_t nrows = g->nrows;
	colname(g->cmin, a1);
	colname(g->cmax, a2);
	rec *list = rec_new(x->a, REC_LIST, pos_at(x->prefix, 0, 0));
	list->v = arena_alloc(x->a, sizeof *list->v * (nrows > 1 ? nrows - 1 : 1));
	list->cap = nrows > 1 ? nrows - 1 : 1;
	for (size_t r = 1; r < nrows; r++) {
		bool any = false;
		for (size_t k = 0; k < nkeys && !any; k++)
			any = g->at[r][keycol[k] - g->cmin] != NULL;
		if (!any)
			continue;        /* only beside the table, or emptied by trimming */
		rec *row = arena_alloc(x->a, sizeof *row);
		row->kind = REC_MAP;
		row->s = "";
		row->pos = pos_at(arena_printf(x->a, "%s!%s%u:%s%u", x->prefix, a1,
		    g->rows[r] + 1, a2, g->rows[r] + 1), 0, 0);
		row->v = arena_alloc(x->a, sizeof *row->v * nkeys);
		row->k = keys;       /* shared; n == cap, so a later set copies */
		row->n = row->cap = nkeys;
		for (size_t k = 0; k < nkeys; k++) {
			rec *v = g->at[r][keycol[k] - g->cmin];
			if (v == NULL) {
				v = arena_alloc(x->a, sizeof *v);
				v->kind = REC_STR;
				v->s = "";
				v->pos = at_cell(x, g->rows[r], keycol[k]);
			}
			row->v[k] = v;
		}
		list->v[list->n++] = row;
	}
	return list;
}

/* The cells read so far into a list of maps. */
static rec *
build_table(struct xl *x)
{
	struct grid g;
	rec *list = NULL;

	if (x->ncells == 0) {
		diag_error(pos_at(x->prefix, 0, 0), "the sheet is empty; its first "
		    "row must name the columns");
		return NULL;
	}
	sort_cells(x);
	if (!grid_build(x, &g)) {
		grid_free(&g);
		return NULL;
	}
	if (!spread_merges(x, &g)) {
		x->failed = true;
	} else {
		const char **keys = arena_alloc(x->a, sizeof *keys * g.ncol);
		uint32_t *keycol = xmalloc(sizeof *keycol * g.ncol);
		size_t nkeys = read_keys(x, &g, keys, keycol);
		if (!x->failed)
			list = read_table_rows(x, &g, keys, keycol, nkeys);
		free(keycol);
	}
	grid_free(&g);
	return x->failed ? NULL : list;
}

/* ---- the whole ---------------------------------------------------------- */

static const char *
sheet_list(struct xl *x)
{
	abuf b;
	abuf_init(&b, x->a);
	for (size_t i = 0; i < x->nsheets; i++) {
		if (i > 0)
			abuf_puts(&b, ", ");
		abuf_puts(&b, x->sheets[i].name);
		if (x->sheets[i].hidden)
			abuf_puts(&b, " (hidden)");
	}
	return abuf_cstr(&b);
}

static bool
ole_password(const char *bytes, size_t n)
{
	/* "EncryptedPackage" in UTF-16LE: an encrypted OOXML file */
	static const char ep[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	return memmem(bytes, n, ep, sizeof ep - 1) != NULL;
}

static void
xl_free(struct xl *x)
{
	if (x->za != NULL)
		zip_discard(x->za);
	free(x->text.p);
	free(x->styles);
	free(x->sst);
	free(x->cells);
	free(x->merges);
}

/* An old .xls (or an encrypted workbook, which is one inside) or no zip at
 * all: said in the clerk's terms. */
static bool
check_magic(struct xl *x, const char *bytes, size_t n)
{
	if (n >= 8 && memcmp(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		if (ole_password(bytes, n))
			diag_error(at_file(x), "the workbook is password-protected; "
			    "open it in Excel or WPS, remove the password (文件 → "
			    "文档加密 / 保护工作簿) and save it again");
		else
			diag_error(at_file(x), "this is an Excel 97-2003 workbook "
			    "(.xls) under an .xlsx name; rename it to .xls, or save "
			    "it as .xlsx");
		return false;
	}
	if (n < 4 || memcmp(bytes, "PK", 2) != 0) {
		diag_error(at_file(x), "not an .xlsx workbook (not a zip archive); "
		    "open it in Excel or WPS and save it as .xlsx");
		return false;
	}
	return true;
}

/* The bytes as a zip archive (x->za), its entries checked: we only read,
 * but a name no spreadsheet program writes says the file was made to harm. */
static bool
open_zip(struct xl *x, const char *bytes, size_t n)
{
	zip_error_t ze;
	zip_source_t *src;

	zip_error_init(&ze);
	src = zip_source_buffer_create(bytes, n, 0, &ze);
	if (src != NULL && (x->za = zip_open_from_source(src, ZIP_RDONLY |
	    ZIP_CHECKCONS, &ze)) == NULL)
		zip_source_free(src);
	if (x->za == NULL) {
		diag_error(at_file(x), "not a readable .xlsx workbook (%s); open "
		    "it in Excel or WPS and save it again", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return false;
	}
	zip_error_fini(&ze);

	zip_int64_t ne = zip_get_num_entries(x->za, 0);
	if (ne > XL_MAX_ENTRIES) {
		diag_error(at_file(x), "the archive has %lld entries; a workbook "
		    "has a few dozen; refused", (long long)ne);
		return false;
	}
	for (zip_int64_t i = 0; i < ne; i++) {
		const char *nm = zip_get_name(x->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (nm == NULL)
			continue;
		if (nm[0] == '/' || nm[0] == '\\' || strstr(nm, "..") != NULL ||
		    (nm[0] && nm[1] == ':')) {
			diag_error(at_file(x), "the archive holds an entry named "
			    "\"%.200s\" (absolute or with ..), which no spreadsheet "
			    "program writes; refused", nm);
			return false;
		}
	}
	return true;
}

/* The workbook part (named by the package's relationships) and its own
 * relationships: the sheets' parts, the shared strings and the styles. */
static bool
read_workbook(struct xl *x, const char **sstpart, const char **stylepart)
{
	arena *a = x->a;
	const char *wbpart = NULL;

	if (!read_part(x, "_rels/.rels", true, rels_start, ignore_end, NULL))
		return false;
	for (size_t i = 0; i < x->nrels; i++)
		if (type_is(x->rels[i].type, "officeDocument"))
			wbpart = part_name(a, "", x->rels[i].target);
	if (wbpart == NULL) {
		diag_error(at_file(x), "the archive is not a workbook (no office "
		    "document in _rels/.rels); open it in Excel or WPS and save it "
		    "as .xlsx");
		return false;
	}
	if (!read_part(x, wbpart, true, wb_start, ignore_end, NULL))
		return false;
	const char *slash = strrchr(wbpart, '/');
	const char *dir = slash ? arena_strndup(a, wbpart, (size_t)(slash - wbpart + 1)) : "";
	const char *rels = arena_printf(a, "%s_rels/%s.rels", dir, slash ? slash + 1 : wbpart);
	x->nrels = 0;
	if (!read_part(x, rels, true, rels_start, ignore_end, NULL))
		return false;
	*sstpart = *stylepart = NULL;
	for (size_t i = 0; i < x->nrels; i++) {
		struct rel *r = &x->rels[i];
		if (type_is(r->type, "sharedStrings"))
			*sstpart = part_name(a, dir, r->target);
		else if (type_is(r->type, "styles"))
			*stylepart = part_name(a, dir, r->target);
		for (size_t s = 0; s < x->nsheets; s++)
			if (strcmp(x->sheets[s].rid, r->id) == 0) {
				x->sheets[s].part = part_name(a, dir, r->target);
				x->sheets[s].chart = !type_is(r->type, "worksheet");
			}
	}
	if (x->nsheets == 0) {
		diag_error(at_file(x), "the workbook has no sheets");
		return false;
	}
	return true;
}

/* The sheet asked for: by name (exact, then ignoring case) or by number
 * among the visible ones; with none asked, the first visible one. */
static struct sheet *
pick_sheet(struct xl *x, const char *want)
{
	struct sheet *sh = NULL;
	if (want == NULL || *want == '\0') {
		for (size_t i = 0; i < x->nsheets && sh == NULL; i++)
			if (!x->sheets[i].hidden)
				sh = &x->sheets[i];
		return sh != NULL ? sh : &x->sheets[0];
	}
	uint32_t num;
	for (size_t i = 0; i < x->nsheets && sh == NULL; i++)
		if (strcmp(x->sheets[i].name, want) == 0)
			sh = &x->sheets[i];
	for (size_t i = 0; i < x->nsheets && sh == NULL; i++)
		if (strcasecmp(x->sheets[i].name, want) == 0)
			sh = &x->sheets[i];
	if (sh == NULL && parse_uint(want, 100000, &num) && num > 0) {
		uint32_t k = 0;
		for (size_t i = 0; i < x->nsheets && sh == NULL; i++)
			if (!x->sheets[i].hidden && ++k == num)
				sh = &x->sheets[i];
		if (sh == NULL) {
			diag_error(at_file(x), "there is no sheet #%u: the "
			    "workbook has %u visible sheet%s (%s)", num, k,
			    k == 1 ? "" : "s", sheet_list(x));
			return NULL;
		}
	}
	if (sh == NULL)
		diag_error(at_file(x), "no sheet named \"%s\"; the workbook "
		    "has: %s", want, sheet_list(x));
	return sh;
}

rec *
rec_xlsx_parse(arena *a, const char *file, const char *bytes, size_t n,
               const char *want, const char **used)
{
	struct xl x = { 0 };
	const char *sstpart = NULL, *stylepart = NULL;
	struct sheet *sh;
	rec *out = NULL;

	x.a = a;
	x.file = arena_strdup(a, file);
	x.sorted = true;
	if (used)
		*used = NULL;
	if (!check_magic(&x, bytes, n))
		return NULL;
	if (!open_zip(&x, bytes, n) || !read_workbook(&x, &sstpart, &stylepart) ||
	    (sh = pick_sheet(&x, want)) == NULL)
		goto done;
	x.prefix = arena_printf(a, "%s[%s]", x.file, sh->name);
	x.plen = strlen(x.prefix);
	if (sh->chart || sh->part == NULL) {
		diag_error(pos_at(x.prefix, 0, 0), "the sheet is %s, not a table",
		    sh->chart ? "a chart or dialog" : "missing from the archive");
		goto done;
	}

	if (stylepart != NULL &&
	    !read_part(&x, stylepart, false, styles_start, styles_end, NULL))
		goto done;
	if (sstpart != NULL &&
	    !read_part(&x, sstpart, false, sst_start, sst_end, NULL))
		goto done;
	x.row = 0;
	x.col = (uint32_t)-1;
	if (!read_part(&x, sh->part, true, sheet_start, sheet_end, NULL))
		goto done;
	if (x.failed)
		goto done;
	out = build_table(&x);
	if (out != NULL && used)
		*used = arena_printf(a, "an .xlsx workbook, sheet \"%s\"", sh->name);
done:
	xl_free(&x);
	return out;
}
