/* utf8.c — strict UTF-8 (RFC 3629). */
#include "utf8.h"
#include <string.h>

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len, i;

	if (n == 0) {
		*cp = UTF8_BAD;
		return 1;
	}
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		*cp = UTF8_BAD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xC0) != 0x80) {
			*cp = UTF8_BAD;
			return i;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = UTF8_BAD;
		return len;
	}
	*cp = c;
	return len;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_check(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t l = utf8_decode(u + i, n - i, &cp);
		if (cp == UTF8_BAD)
			return i;
		i += l;
	}
	return (size_t)-1;
}

size_t
utf8_count(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0;
	uint32_t cp;

	while (i < n) {
		i += utf8_decode(u + i, n - i, &cp);
		k++;
	}
	return k;
}

void
utf8_linecol(const char *s, size_t n, size_t off, int *line, int *col)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int l = 1, c = 1;
	uint32_t cp;

	if (off > n)
		off = n;
	while (i < off) {
		if (u[i] == '\n') {
			l++;
			c = 1;
			i++;
			continue;
		}
		i += utf8_decode(u + i, n - i, &cp);
		c++;
	}
	*line = l;
	*col = c;
}

size_t
utf8_to_cps(const char *s, size_t n, uint32_t *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0;

	while (i < n)
		i += utf8_decode(u + i, n - i, &out[k++]);
	return k;
}

bool
utf8_is_odd_space(uint32_t cp)
{
	return cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x202F || cp == 0x205F;
}

bool
utf8_is_zero_width(uint32_t cp)
{
	return cp == 0x200B || cp == 0xFEFF || cp == 0x200C || cp == 0x200D;
}

bool
utf8_is_ideograph(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool
utf8_is_wide(uint32_t cp)
{
	if (utf8_is_ideograph(cp))
		return true;
	return (cp >= 0x1100 && cp <= 0x115F) ||   /* hangul jamo */
	    (cp >= 0x2E80 && cp <= 0x303E) ||      /* radicals, CJK symbols & punct */
	    (cp >= 0x3041 && cp <= 0x33FF) ||      /* kana, bopomofo, compat */
	    (cp >= 0xA960 && cp <= 0xA97F) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) ||      /* hangul */
	    (cp >= 0xFE30 && cp <= 0xFE4F) ||      /* CJK compat forms */
	    (cp >= 0xFF00 && cp <= 0xFF60) ||      /* full-width forms */
	    (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    cp == 0x2014 || cp == 0x2026 ||        /* — … in Chinese text */
	    cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 ||
	    cp == 0x00B7 || cp == 0x2116 || cp == 0x2605 || cp == 0x25CB;
}

static bool
trim_blank(char c, unsigned flags)
{
	return c == ' ' || c == '\t' || c == '\r' || (c == '\n' && (flags & UTF8_TRIM_LF));
}

void
utf8_trim(const char *s, size_t n, unsigned flags, size_t *pb, size_t *pe)
{
	size_t b = 0, e = n;

	for (;;) {
		if (b < e && trim_blank(s[b], flags))
			b++;
		else if (e - b >= 3 && (memcmp(s + b, "\xE3\x80\x80", 3) == 0 ||
		    ((flags & UTF8_TRIM_BOM) && memcmp(s + b, "\xEF\xBB\xBF", 3) == 0)))
			b += 3;
		else
			break;
	}
	for (;;) {
		if (e > b && trim_blank(s[e - 1], flags))
			e--;
		else if (e - b >= 3 && memcmp(s + e - 3, "\xE3\x80\x80", 3) == 0)
			e -= 3;
		else
			break;
	}
	*pb = b;
	*pe = e;
}

bool
utf8_blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}
