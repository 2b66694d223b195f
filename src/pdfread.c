/* pdfread.c — minimal PDF reader (see pdfread.h). */
#include "pdfread.h"

#include "arena.h"
#include "utf8.h"

#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_OBJ 10000000

static bool
is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static bool
is_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
	       c == '{' || c == '}' || c == '/' || c == '%';
}

size_t
pdfr_skip_ws(const unsigned char *s, size_t n, size_t i)
{
	while (i < n) {
		if (is_ws(s[i])) {
			i++;
		} else if (s[i] == '%') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
		} else {
			break;
		}
	}
	return i;
}

static bool too_deep;   /* a value nested deeper than PDFR_MAX_DEPTH was met */

bool
pdfr_too_deep(void)
{
	return too_deep;
}

/* one token that is not an array or a dictionary */
static size_t
skip_atom(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = s[i];
	if (c == '(') {
		int depth = 0;
		for (; i < n; i++) {
			if (s[i] == '\\') {
				i++;
				continue;
			}
			if (s[i] == '(')
				depth++;
			else if (s[i] == ')' && --depth == 0)
				return i + 1;
		}
		return n;
	}
	if (c == '<') {
		const unsigned char *e = memchr(s + i, '>', n - i);
		return e ? (size_t)(e - s) + 1 : n;
	}
	if (c == '/') {
		i++;
		while (i < n && !is_ws(s[i]) && !is_delim(s[i]))
			i++;
		return i;
	}
	if (c == ')' || c == '>' || c == ']' || c == '{' || c == '}')
		return i + 1;
	while (i < n && !is_ws(s[i]) && !is_delim(s[i]))
		i++;
	return i;
}

/* one token (a whole string/dict/array counts as one).  Without recursion:
 * the arrays and dictionaries open are a stack of at most PDFR_MAX_DEPTH
 * (deeper: too_deep, and the rest of s is skipped). */
static size_t
skip_token(const unsigned char *s, size_t n, size_t i)
{
	char open[PDFR_MAX_DEPTH];   /* '[' or '<' for each container open */
	int depth = 0;
	do {
		if (depth > 0) {
			i = pdfr_skip_ws(s, n, i);
			if (open[depth - 1] == '<') {
				if (i + 1 >= n)
					return n;
				if (s[i] == '>' && s[i + 1] == '>') {
					depth--;
					i += 2;
					continue;
				}
			} else {
				if (i >= n)
					return n;
				if (s[i] == ']') {
					depth--;
					i++;
					continue;
				}
			}
		}
		if (i >= n)
			return n;
		bool dict = s[i] == '<' && i + 1 < n && s[i + 1] == '<';
		if (s[i] == '[' || dict) {
			if (depth == PDFR_MAX_DEPTH) {
				too_deep = true;
				return n;
			}
			open[depth++] = dict ? '<' : '[';
			i += dict ? 2 : 1;
			continue;
		}
		size_t e = skip_atom(s, n, i);
		i = e == i && depth > 0 ? i + 1 : e;   /* a stray '%': one byte on */
	} while (depth > 0);
	return i;
}

static bool
is_uint_tok(const unsigned char *s, size_t a, size_t b)
{
	if (a >= b)
		return false;
	for (size_t k = a; k < b; k++)
		if (s[k] < '0' || s[k] > '9')
			return false;
	return true;
}

size_t
pdfr_skip_value(const unsigned char *s, size_t n, size_t i)
{
	i = pdfr_skip_ws(s, n, i);
	size_t e = skip_token(s, n, i);
	/* "N G R" is one value */
	if (is_uint_tok(s, i, e)) {
		size_t j = pdfr_skip_ws(s, n, e), je = skip_token(s, n, j);
		if (is_uint_tok(s, j, je)) {
			size_t k = pdfr_skip_ws(s, n, je);
			if (k < n && s[k] == 'R' && (k + 1 >= n || is_ws(s[k + 1]) || is_delim(s[k + 1])))
				return k + 1;
		}
	}
	return e;
}

const unsigned char *
pdfr_get(const unsigned char *d, size_t n, const char *key, size_t *vlen)
{
	size_t kl = strlen(key);
	size_t i = pdfr_skip_ws(d, n, 0);
	if (i + 1 >= n || d[i] != '<' || d[i + 1] != '<')
		return NULL;
	i += 2;
	for (;;) {
		i = pdfr_skip_ws(d, n, i);
		if (i + 1 >= n || (d[i] == '>' && d[i + 1] == '>'))
			return NULL;
		if (d[i] != '/')
			return NULL;
		size_t ke = skip_token(d, n, i);
		bool match = ke - i - 1 == kl && memcmp(d + i + 1, key, kl) == 0;
		size_t vs = pdfr_skip_ws(d, n, ke);
		size_t ve = pdfr_skip_value(d, n, vs);
		if (match) {
			*vlen = ve - vs;
			return d + vs;
		}
		if (ve <= i)
			return NULL;
		i = ve;
	}
}

bool
pdfr_int(const unsigned char *v, size_t n, long long *out)
{
	if (v == NULL || n == 0)
		return false;
	size_t i = 0;
	bool neg = false;
	if (v[0] == '-' || v[0] == '+') {
		neg = v[0] == '-';
		i++;
	}
	if (i >= n)
		return false;
	long long x = 0;
	for (; i < n; i++) {
		if (v[i] < '0' || v[i] > '9' || x > 100000000000000LL)
			return false;
		x = x * 10 + (v[i] - '0');
	}
	*out = neg ? -x : x;
	return true;
}

int
pdfr_ref(const unsigned char *v, size_t n)
{
	if (v == NULL)
		return -1;
	size_t e = skip_token(v, n, 0);
	long long x;
	if (!pdfr_int(v, e, &x) || x <= 0 || x > MAX_OBJ)
		return -1;
	size_t j = pdfr_skip_ws(v, n, e), je = skip_token(v, n, j);
	size_t k = pdfr_skip_ws(v, n, je);
	if (!is_uint_tok(v, j, je) || k >= n || v[k] != 'R')
		return -1;
	return (int)x;
}

static size_t
find_rev(const unsigned char *b, size_t n, const char *pat, size_t from_end)
{
	size_t pl = strlen(pat);
	if (n < pl)
		return (size_t)-1;
	size_t lo = n > from_end ? n - from_end : 0;
	for (size_t i = n - pl + 1; i-- > lo;)
		if (memcmp(b + i, pat, pl) == 0)
			return i;
	return (size_t)-1;
}

static int
read_section(pdfr *r, size_t at, bool **seenp, size_t *prev, bool first)
{
	const unsigned char *b = r->buf;
	size_t n = r->n;
	if (at >= n || n - at < 4 || memcmp(b + at, "xref", 4) != 0) {
		size_t i = at;
		while (i < n && b[i] >= '0' && b[i] <= '9')
			i++;
		if (i > at && i < n && is_ws(b[i]))
			snprintf(r->err, sizeof r->err, "it uses cross-reference streams "
			         "(a PDF gongwen did not write)");
		else
			snprintf(r->err, sizeof r->err, "no cross-reference table where startxref "
			         "points (damaged or truncated)");
		return -1;
	}
	size_t i = at + 4;
	for (;;) {
		i = pdfr_skip_ws(b, n, i);
		if (i + 7 <= n && memcmp(b + i, "trailer", 7) == 0)
			break;
		long long first_no, count;
		size_t e = skip_token(b, n, i);
		if (!pdfr_int(b + i, e - i, &first_no))
			goto bad;
		i = pdfr_skip_ws(b, n, e);
		e = skip_token(b, n, i);
		if (!pdfr_int(b + i, e - i, &count) || first_no < 0 || count < 0 ||
		    first_no + count > MAX_OBJ)
			goto bad;
		i = e;
		if ((size_t)(first_no + count) > r->nobj) {
			size_t nn = (size_t)(first_no + count);
			r->off = xrealloc(r->off, nn * sizeof *r->off);
			*seenp = xrealloc(*seenp, nn);
			memset(r->off + r->nobj, 0, (nn - r->nobj) * sizeof *r->off);
			memset(*seenp + r->nobj, 0, nn - r->nobj);
			r->nobj = nn;
		}
		for (long long k = 0; k < count; k++) {
			i = pdfr_skip_ws(b, n, i);
			if (i + 18 > n)
				goto bad;
			long long off = 0;
			for (int d = 0; d < 10; d++) {
				if (b[i + d] < '0' || b[i + d] > '9')
					goto bad;
				off = off * 10 + (b[i + d] - '0');
			}
			char t = (char)b[i + 17];
			size_t no = (size_t)(first_no + k);
			if (!(*seenp)[no]) {
				(*seenp)[no] = true;
				r->off[no] = t == 'n' && off > 0 && (size_t)off < n ? (size_t)off : 0;
			}
			i += 18;
		}
	}
	i += 7;
	i = pdfr_skip_ws(b, n, i);
	size_t te = skip_token(b, n, i);
	if (te >= n && (i >= n || b[te - 1] != '>'))
		goto bad;
	size_t vl;
	const unsigned char *v;
	if (first) {
		long long x;
		v = pdfr_get(b + i, te - i, "Root", &vl);
		r->root = pdfr_ref(v, vl);
		v = pdfr_get(b + i, te - i, "Info", &vl);
		r->info = v ? pdfr_ref(v, vl) : -1;
		v = pdfr_get(b + i, te - i, "Size", &vl);
		r->size = v && pdfr_int(v, vl, &x) && x > 0 && x < MAX_OBJ ? (int)x : 0;
		v = pdfr_get(b + i, te - i, "ID", &vl);
		if (v && vl > 2 && v[0] == '[') {
			size_t s0 = pdfr_skip_ws(v, vl, 1);
			size_t s1 = skip_token(v, vl, s0);
			if (s0 < vl && v[s0] == '<' && s1 > s0 + 2) {
				r->id0 = v + s0 + 1;
				r->id0len = s1 - s0 - 2;
			}
		}
	}
	v = pdfr_get(b + i, te - i, "Prev", &vl);
	long long p;
	*prev = v && pdfr_int(v, vl, &p) && p >= 0 && (size_t)p < n ? (size_t)p : (size_t)-1;
	return 0;
bad:
	snprintf(r->err, sizeof r->err, "its cross-reference table is damaged");
	return -1;
}

int
pdfr_open(pdfr *r, const unsigned char *buf, size_t n)
{
	memset(r, 0, sizeof *r);
	too_deep = false;
	r->buf = buf;
	r->n = n;
	r->root = r->info = -1;
	if (n < 8 || memcmp(buf, "%PDF-", 5) != 0) {
		snprintf(r->err, sizeof r->err, "it is not a PDF file");
		return -1;
	}
	size_t eof = find_rev(buf, n, "%%EOF", 2048);
	size_t sx = find_rev(buf, n, "startxref", 2048);
	if (eof == (size_t)-1 || sx == (size_t)-1 || sx > eof) {
		snprintf(r->err, sizeof r->err, "it has no %%%%EOF trailer (truncated?)");
		return -1;
	}
	/* a file cut inside a later revision still holds an earlier %%EOF:
	 * the last one must end the file */
	for (size_t i = eof + 5; i < n; i++)
		if (!is_ws(buf[i])) {
			snprintf(r->err, sizeof r->err, "it does not end with %%%%EOF "
			         "(truncated, or something appended)");
			return -1;
		}
	size_t i = pdfr_skip_ws(buf, n, sx + 9);
	long long x;
	size_t e = skip_token(buf, n, i);
	if (!pdfr_int(buf + i, e - i, &x) || x < 0 || (size_t)x >= n) {
		snprintf(r->err, sizeof r->err, "its startxref offset is outside the file "
		         "(truncated?)");
		return -1;
	}
	r->startxref = (size_t)x;
	bool *seen = NULL;   /* grown with r->off */
	size_t at = r->startxref;
	for (int k = 0; at != (size_t)-1; k++) {
		if (k > 1000) {
			snprintf(r->err, sizeof r->err, "its /Prev chain loops");
			free(seen);
			return -1;
		}
		size_t prev;
		if (read_section(r, at, &seen, &prev, k == 0) != 0) {
			free(seen);
			return -1;
		}
		r->nrev++;
		at = prev;
	}
	free(seen);
	if (r->root <= 0 || (size_t)r->root >= r->nobj || r->off[r->root] == 0) {
		snprintf(r->err, sizeof r->err, "its trailer names no document catalog");
		return -1;
	}
	return 0;
}

void
pdfr_close(pdfr *r)
{
	free(r->off);
	r->off = NULL;
}

static const unsigned char *
obj_body(const pdfr *r, int num, size_t *len, size_t *after)
{
	if (num <= 0 || (size_t)num >= r->nobj || r->off[num] == 0)
		return NULL;
	const unsigned char *b = r->buf;
	size_t n = r->n, i = r->off[num];
	size_t e = skip_token(b, n, i);
	long long x;
	if (!pdfr_int(b + i, e - i, &x) || x != num)
		return NULL;
	i = pdfr_skip_ws(b, n, e);
	i = skip_token(b, n, i);          /* generation */
	i = pdfr_skip_ws(b, n, i);
	if (i + 3 > n || memcmp(b + i, "obj", 3) != 0)
		return NULL;
	i = pdfr_skip_ws(b, n, i + 3);
	size_t ve = pdfr_skip_value(b, n, i);
	if (ve >= n)
		return NULL;
	*len = ve - i;
	*after = ve;
	return b + i;
}

const unsigned char *
pdfr_obj(const pdfr *r, int num, size_t *len)
{
	size_t after;
	return obj_body(r, num, len, &after);
}

const unsigned char *
pdfr_stream(const pdfr *r, int num, size_t *len)
{
	size_t dl, after;
	const unsigned char *d = obj_body(r, num, &dl, &after);
	if (d == NULL)
		return NULL;
	const unsigned char *b = r->buf;
	size_t n = r->n, i = pdfr_skip_ws(b, n, after);
	if (i + 6 > n || memcmp(b + i, "stream", 6) != 0)
		return NULL;
	i += 6;
	if (i < n && b[i] == '\r')
		i++;
	if (i < n && b[i] == '\n')
		i++;
	size_t vl;
	const unsigned char *v = pdfr_get(d, dl, "Length", &vl);
	long long L;
	if (v && pdfr_int(v, vl, &L) && L >= 0 && (size_t)L <= n - i) {
		*len = (size_t)L;
		return b + i;
	}
	int lr = v ? pdfr_ref(v, vl) : -1;
	if (lr > 0) {
		const unsigned char *lv = pdfr_obj(r, lr, &vl);
		if (lv && pdfr_int(lv, vl, &L) && L >= 0 && (size_t)L <= n - i) {
			*len = (size_t)L;
			return b + i;
		}
	}
	return NULL;
}

static int
hexv(unsigned char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

char *
pdfr_text(const unsigned char *v, size_t n, size_t *outlen)
{
	unsigned char *o = xmalloc(n + 1);
	size_t k = 0;
	if (n >= 2 && v[0] == '<') {
		int hi = -1;
		for (size_t i = 1; i < n && v[i] != '>'; i++) {
			int h = hexv(v[i]);
			if (h < 0)
				continue;
			if (hi < 0) {
				hi = h;
			} else {
				o[k++] = (unsigned char)(hi << 4 | h);
				hi = -1;
			}
		}
		if (hi >= 0)
			o[k++] = (unsigned char)(hi << 4);
	} else if (n >= 2 && v[0] == '(') {
		for (size_t i = 1; i + 1 < n; i++) {
			unsigned char c = v[i];
			if (c != '\\') {
				o[k++] = c;
				continue;
			}
			if (++i >= n - 1)
				break;
			c = v[i];
			switch (c) {
			case 'n': o[k++] = '\n'; break;
			case 'r': o[k++] = '\r'; break;
			case 't': o[k++] = '\t'; break;
			case 'b': o[k++] = '\b'; break;
			case 'f': o[k++] = '\f'; break;
			case '\r': if (i + 1 < n && v[i + 1] == '\n') i++; break;
			case '\n': break;
			default:
				if (c >= '0' && c <= '7') {
					int x = c - '0';
					for (int d = 0; d < 2 && i + 1 < n - 1 && v[i + 1] >= '0' && v[i + 1] <= '7'; d++)
						x = x * 8 + (v[++i] - '0');
					o[k++] = (unsigned char)x;
				} else {
					o[k++] = c;
				}
			}
		}
	}
	o[k] = '\0';
	if (k >= 2 && o[0] == 0xFE && o[1] == 0xFF) {
		char *u = xmalloc(2 * k + 4);
		size_t m = 0;
		for (size_t i = 2; i + 1 < k; i += 2) {
			uint32_t c = (uint32_t)o[i] << 8 | o[i + 1];
			if (c >= 0xD800 && c < 0xDC00 && i + 3 < k) {
				uint32_t lo = (uint32_t)o[i + 2] << 8 | o[i + 3];
				if (lo >= 0xDC00 && lo < 0xE000) {
					c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				}
			}
			m += utf8_encode(c, u + m);
		}
		u[m] = '\0';
		free(o);
		*outlen = m;
		return u;
	}
	*outlen = k;
	return (char *)o;
}

unsigned char *
pdfr_inflate(const unsigned char *z, size_t n, size_t *outlen, size_t limit)
{
	z_stream s;
	memset(&s, 0, sizeof s);
	if (inflateInit(&s) != Z_OK)
		return NULL;
	size_t cap = n * 4 + 1024, len = 0;
	unsigned char *o = xmalloc(cap);
	s.next_in = (unsigned char *)z;
	s.avail_in = (uInt)n;
	int rc;
	do {
		if (len == cap) {
			if (cap >= limit) {
				free(o);
				inflateEnd(&s);
				return NULL;
			}
			cap *= 2;
			o = xrealloc(o, cap);
		}
		s.next_out = o + len;
		s.avail_out = (uInt)(cap - len);
		rc = inflate(&s, Z_NO_FLUSH);
		len = cap - s.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&s);
	if (rc != Z_STREAM_END) {
		free(o);
		return NULL;
	}
	*outlen = len;
	return o;
}
