/* rec_csv.c — CSV (RFC 4180, as Excel and WPS write it) into a list of
 * maps, one per row, keyed by the header row.
 *
 * - Bytes go through enc.c first: UTF-8 with or without BOM, UTF-16LE/BE,
 *   GB18030/GBK.
 * - The separator is a comma, or a tab when the header row has tabs and no
 *   commas (Excel's "Unicode text" is UTF-16LE and tab-separated).
 * - Quoted cells may hold separators, doubled quotes and line breaks
 *   (CRLF inside a cell becomes LF).  A quote inside an unquoted cell is
 *   kept as text.  Text after a closing quote is an error.
 * - Header names are trimmed; an empty or repeated name is an error, except
 *   that empty names at the end of the header (Excel leaves them when a
 *   cell right of the table was once touched) are dropped, together with
 *   the empty cells under them.
 * - Lines end in LF, CRLF, or (old Mac files: no LF anywhere) CR.  A NUL
 *   character is an error at its line:column.
 * - Empty lines and rows of only empty cells are skipped.  Other rows must
 *   have as many cells as the header (trailing empty cells beyond it are
 *   tolerated).
 * - Cells keep their text exactly ("007" stays "007").  Each value's
 *   position is file:line:col of the cell's first character. */
#include "rec.h"

#include <stdlib.h>
#include <string.h>

#include "enc.h"
#include "utf8.h"

#define CSV_MAX_CELL (1024 * 1024)   /* Excel's own limit is 32,767 chars */
#define CSV_MAX_ROWS 100000
#define CSV_MAX_COLS 1000

/* --keep-going in a merge: a row with the wrong number of cells is an
 * error and left out, the other rows are read */
static bool skip_ragged;
static size_t nskipped;

void
rec_csv_skip_ragged(bool on)
{
	skip_ragged = on;
}

size_t
rec_csv_skipped(void)
{
	return nskipped;
}

struct cell {
	const char *s;
	size_t len;
	int line, col;
	bool quoted;
};

struct csv {
	arena *a;
	const char *file;
	const char *t;
	size_t n, i;
	int line, col;      /* of t[i] */
	char sep;
	struct cell *cells;
	size_t ncells, capcells;
	char *scratch;      /* for quoted cells */
	size_t scap;
	bool failed;
	bool fatal;         /* stop reading */
};

static void
step(struct csv *c)
{
	unsigned char ch = (unsigned char)c->t[c->i++];

	if (ch == '\n') {
		c->line++;
		c->col = 1;
	} else if ((ch & 0xC0) != 0x80) {
		c->col++;
	}
}

static void
scratch_put(struct csv *c, size_t *len, char ch)
{
	if (*len + 1 >= c->scap) {
		c->scap = c->scap ? c->scap * 2 : 256;
		c->scratch = xrealloc(c->scratch, c->scap);
	}
	c->scratch[(*len)++] = ch;
}

/* Read one cell starting at c->i; leaves c->i on the separator, the line
 * end or the end of text. */
static bool
read_cell(struct csv *c, struct cell *out)
{
	const char *t = c->t;
	size_t n = c->n;

	out->line = c->line;
	out->col = c->col;
	out->quoted = false;
	if (c->i < n && t[c->i] == '"') {
		size_t len = 0;
		out->quoted = true;
		step(c);
		for (;;) {
			if (c->i >= n) {
				diag_error(pos_at(c->file, out->line, out->col),
				    "unterminated quoted cell: the quote that opens "
				    "here is never closed");
				c->failed = c->fatal = true;
				return false;
			}
			char ch = t[c->i];
			if (ch == '"') {
				if (c->i + 1 < n && t[c->i + 1] == '"') {
					scratch_put(c, &len, '"');
					step(c);
					step(c);
					continue;
				}
				step(c);
				break;
			}
			if (ch == '\r' && c->i + 1 < n && t[c->i + 1] == '\n') {
				step(c);
				continue;
			}
			scratch_put(c, &len, ch);
			step(c);
			if (len > CSV_MAX_CELL) {
				diag_error(pos_at(c->file, out->line, out->col),
				    "cell is larger than %d MB", CSV_MAX_CELL >> 20);
				c->failed = c->fatal = true;
				return false;
			}
		}
		out->s = arena_strndup(c->a, c->scratch ? c->scratch : "", len);
		out->len = len;
		/* after the closing quote: separator, line end or end */
		if (c->i < n && t[c->i] != c->sep && t[c->i] != '\n' &&
		    !(t[c->i] == '\r' && (c->i + 1 == n || t[c->i + 1] == '\n'))) {
			diag_error(pos_at(c->file, c->line, c->col), "text after the "
			    "closing quote of a cell; quote the whole cell and "
			    "double any quote inside it (\"\")");
			c->failed = true;
			while (c->i < n && t[c->i] != c->sep && t[c->i] != '\n')
				step(c);
		}
		return true;
	}
	size_t b = c->i;
	const char *stop = NULL;
	/* fast path: find the next separator or newline */
	for (size_t j = c->i; j < n; j++)
		if (t[j] == c->sep || t[j] == '\n') {
			stop = t + j;
			break;
		}
	size_t e = stop ? (size_t)(stop - t) : n;
	if (e - b > CSV_MAX_CELL) {
		diag_error(pos_at(c->file, out->line, out->col),
		    "cell is larger than %d MB", CSV_MAX_CELL >> 20);
		c->failed = c->fatal = true;
		return false;
	}
	while (c->i < e)
		step(c);
	if (e > b && t[e - 1] == '\r' && (e == n || t[e] == '\n'))
		e--;
	out->s = arena_strndup(c->a, t + b, e - b);
	out->len = e - b;
	return true;
}

/* Read one record into c->cells.  false at the end of the text. */
static bool
read_record(struct csv *c, int *line)
{
	c->ncells = 0;
	if (c->i >= c->n)
		return false;
	*line = c->line;
	for (;;) {
		struct cell cl;
		if (!read_cell(c, &cl))
			return false;
		if (c->ncells >= CSV_MAX_COLS) {
			diag_error(pos_at(c->file, *line, 0), "more than %d cells "
			    "in a row", CSV_MAX_COLS);
			c->failed = c->fatal = true;
			return false;
		}
		*ARENA_PUSH(c->a, c->cells, c->ncells, c->capcells) = cl;
		if (c->i >= c->n)
			return true;
		if (c->t[c->i] == c->sep) {
			step(c);
			continue;
		}
		/* line end: \n, or \r\n after a quoted cell */
		if (c->t[c->i] == '\r')
			step(c);
		if (c->i < c->n && c->t[c->i] == '\n')
			step(c);
		return true;
	}
}

static bool
blank_record(struct csv *c)
{
	for (size_t k = 0; k < c->ncells; k++)
		if (c->cells[k].len > 0 || c->cells[k].quoted)
			return false;
	return true;
}

/* Trim ASCII blanks, \r and U+3000 (and a stray U+FEFF) around a name. */
static const char *
trim_name(arena *a, const char *s, size_t n)
{
	size_t b, e;
	utf8_trim(s, n, UTF8_TRIM_BOM, &b, &e);
	return arena_strndup(a, s + b, e - b);
}

static char
detect_sep(const char *t, size_t n, bool utf16)
{
	bool inq = false, comma = false, tab = false;

	for (size_t i = 0; i < n; i++) {
		if (t[i] == '"')
			inq = !inq;
		else if (!inq && t[i] == '\n')
			break;
		else if (!inq && t[i] == ',')
			comma = true;
		else if (!inq && t[i] == '\t')
			tab = true;
	}
	if (tab && (!comma || utf16))
		return '\t';
	return ',';
}

/* A NUL is no text: refused where it is (it cut a header's name short and
 * printed as U+FFFD).  Old Mac files end lines with CR alone: read as line
 * ends (they gave a CSV of 0 rows). */
static bool
prepare_text(const char *file, char *text, size_t tlen)
{
	const char *nul = memchr(text, '\0', tlen);
	if (nul != NULL) {
		int line, col;
		utf8_linecol(text, tlen, (size_t)(nul - text), &line, &col);
		diag_error(pos_at(file, line, col), "a NUL character (byte 0) in the data: a CSV "
		    "file holds text only (is it a spreadsheet's own format, or UTF-32, saved as "
		    ".csv?); save it again as CSV");
		return false;
	}
	if (memchr(text, '\r', tlen) != NULL && memchr(text, '\n', tlen) == NULL)
		for (char *q = text; q < text + tlen; q++)
			if (*q == '\r')
				*q = '\n';
	return true;
}

/* The header, the first non-blank record: the column names (trailing
 * unnamed ones dropped), each named once.  NULL when there is none; a
 * bad name sets c->failed. */
static const char **
read_header(struct csv *c, size_t *ncol)
{
	arena *a = c->a;
	int rline;
	do {
		if (!read_record(c, &rline)) {
			if (!c->fatal)
				diag_error(pos_at(c->file, 0, 0), "the file is empty; "
				    "its first row must name the columns");
			return NULL;
		}
	} while (blank_record(c));
	size_t n = c->ncells;
	while (n > 0 && trim_name(a, c->cells[n - 1].s, c->cells[n - 1].len)[0] == '\0')
		n--;
	const char **keys = arena_alloc(a, sizeof *keys * (n ? n : 1));
	for (size_t k = 0; k < n; k++) {
		keys[k] = trim_name(a, c->cells[k].s, c->cells[k].len);
		srcpos at = pos_at(c->file, c->cells[k].line, c->cells[k].col);
		if (keys[k][0] == '\0') {
			diag_error(at, "column %zu has no name in the header row", k + 1);
			c->failed = true;
			continue;
		}
		for (size_t j = 0; j < k; j++)
			if (strcmp(keys[j], keys[k]) == 0) {
				diag_error(at, "column name %s appears twice in the "
				    "header row (columns %zu and %zu)", keys[k], j + 1,
				    k + 1);
				c->failed = true;
				break;
			}
	}
	if (n == 0) {
		diag_error(pos_at(c->file, rline, 0), "the header row names no "
		    "columns");
		return NULL;
	}
	*ncol = n;
	return keys;
}

/* The record just read as a map of the header's names to its cells. */
static rec *
row_map(struct csv *c, const char **keys, size_t ncol, int rline)
{
	arena *a = c->a;
	rec *row = rec_new(a, REC_MAP, pos_at(c->file, rline, 0));
	row->v = arena_alloc(a, sizeof *row->v * ncol);
	row->k = keys;    /* shared; n == cap, so a later set copies */
	row->n = row->cap = ncol;
	for (size_t k = 0; k < ncol; k++) {
		struct cell *cl = &c->cells[k];
		rec *v = arena_alloc(a, sizeof *v);
		v->kind = REC_STR;
		v->pos = pos_at(c->file, cl->line, cl->col);
		v->s = cl->s;
		v->len = cl->len;
		row->v[k] = v;
	}
	return row;
}

/* The records after the header, each with as many cells as the header
 * (a ragged row is an error, or skipped with --keep-going); after an error
 * the rest is still checked but not built. */
static rec *
read_rows(struct csv *c, const char **keys, size_t ncol)
{
	rec *list = rec_new(c->a, REC_LIST, pos_at(c->file, 0, 0));
	size_t rows = 0;
	int rline;
	while (!c->fatal && read_record(c, &rline)) {
		if (blank_record(c))
			continue;
		size_t have = c->ncells;
		/* trailing empty cells beyond the header do not count */
		while (have > ncol && c->cells[have - 1].len == 0 &&
		    !c->cells[have - 1].quoted)
			have--;
		if (have != ncol) {
			diag_error(pos_at(c->file, rline, 0), "row has %zu cell%s, the "
			    "header has %zu%s", have, have == 1 ? "" : "s", ncol,
			    skip_ragged ? "; the row is skipped (--keep-going)" : "");
			if (!skip_ragged)
				c->failed = true;
			else
				nskipped++;
			continue;
		}
		if (++rows > CSV_MAX_ROWS) {
			diag_error(pos_at(c->file, rline, 0), "more than %d rows; "
			    "split the file", CSV_MAX_ROWS);
			c->failed = true;
			break;
		}
		if (c->failed)
			continue;   /* keep checking, stop building */
		rec_list_push(c->a, list, row_map(c, keys, ncol, rline));
	}
	return list;
}

rec *
rec_csv_parse_ex(arena *a, const char *file, const char *bytes, size_t n,
                 const char *encoding, const char **used)
{
	struct csv c = { 0 };
	const char *enc_used = NULL;
	size_t tlen, ncol = 0;
	const char *text;
	const char **keys;
	rec *list = NULL;

	file = arena_strdup(a, file);
	if (used)
		*used = NULL;
	text = enc_to_utf8(a, file, bytes, n, encoding, &tlen, &enc_used);
	if (text == NULL)
		return NULL;
	if (used)
		*used = enc_used;
	if (!prepare_text(file, (char *)text, tlen))
		return NULL;
	c.a = a;
	c.file = file;
	c.t = text;
	c.n = tlen;
	c.line = 1;
	c.col = 1;
	c.sep = detect_sep(text, tlen, enc_used && strncmp(enc_used, "UTF-16", 6) == 0);
	keys = read_header(&c, &ncol);
	if (keys != NULL)
		list = read_rows(&c, keys, ncol);
	free(c.scratch);
	if (keys == NULL || c.failed || c.fatal)
		return NULL;
	return list;
}

rec *
rec_csv_parse(arena *a, const char *file, const char *bytes, size_t n,
              const char *encoding)
{
	return rec_csv_parse_ex(a, file, bytes, n, encoding, NULL);
}
