/* decimal.c — exact decimals (see decimal.h).  Coefficients live in int64;
 * every step that could leave 18 digits is checked, none wraps. */
#include "decimal.h"

#include <string.h>

static const int64_t P10[19] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL, 10000000000000LL, 100000000000000LL,
	1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
	1000000000000000000LL
};
#define LIMIT P10[18]

static bool
fits(int64_t c)
{
	return c < LIMIT && c > -LIMIT;
}

/* c × 10^k, checked */
static bool
scale_up(int64_t c, int k, int64_t *out)
{
	int64_t r;
	if (k < 0 || k > 18 || __builtin_mul_overflow(c, P10[k], &r) || !fits(r))
		return false;
	*out = r;
	return true;
}

/* ---- parsing ------------------------------------------------------------ */

/* Length of a blank at s (ASCII blanks and U+3000), 0 if none. */
static size_t
blank_at(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
		return 1;
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* A digit (ASCII or U+FF10..FF19): its value and length, or -1. */
static int
digit_at(const unsigned char *s, size_t n, size_t *len)
{
	if (n >= 1 && s[0] >= '0' && s[0] <= '9') {
		*len = 1;
		return s[0] - '0';
	}
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
		*len = 3;
		return s[2] - 0x90;
	}
	return -1;
}

static size_t
point_at(const unsigned char *s, size_t n)
{
	if (n >= 1 && s[0] == '.')
		return 1;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x8E)
		return 3;
	return 0;
}

/* sign: +1/-1 and length, 0 if none */
static size_t
sign_at(const unsigned char *s, size_t n, int *sg)
{
	if (n >= 1 && (s[0] == '+' || s[0] == '-')) {
		*sg = s[0] == '-' ? -1 : 1;
		return 1;
	}
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && (s[2] == 0x8B || s[2] == 0x8D)) {
		*sg = s[2] == 0x8D ? -1 : 1;
		return 3;
	}
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) {
		*sg = -1;
		return 3;
	}
	return 0;
}

dec_status
dec_parse(const char *text, size_t n, dec *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, e = n, l;
	int sg = 1, d;
	char dig[DEC_MAX_DIGITS + 1];
	int nd = 0;              /* significant digits kept in dig */
	long zeros = 0;          /* zeros seen after the last nonzero digit */
	long fl = 0;             /* fraction digits as written */
	long ndig = 0, exp10 = 0;
	bool overflow = false;

	if (text == NULL)
		return DEC_SYNTAX;
	while (i < e && (l = blank_at(s + i, e - i)) > 0)
		i += l;
	for (;;) {   /* trailing blanks: strip from the end */
		if (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' ||
		    s[e - 1] == '\n'))
			e--;
		else if (e >= i + 3 && s[e - 3] == 0xE3 && s[e - 2] == 0x80 && s[e - 1] == 0x80)
			e -= 3;
		else
			break;
	}
	i += sign_at(s + i, e - i, &sg);
	for (int part = 0; part < 2; part++) {
		while (i < e && (d = digit_at(s + i, e - i, &l)) >= 0) {
			i += l;
			ndig++;
			if (part == 1)
				fl++;
			if (d == 0) {
				if (nd > 0)
					zeros++;
				continue;
			}
			if (nd + zeros + 1 > DEC_MAX_DIGITS) {
				overflow = true;
				continue;
			}
			while (zeros > 0) {
				dig[nd++] = 0;
				zeros--;
			}
			dig[nd++] = (char)d;
		}
		if (part == 0) {
			if (i < e && (l = point_at(s + i, e - i)) > 0)
				i += l;
			else
				break;
		}
	}
	if (ndig == 0)
		return DEC_SYNTAX;
	if (i < e && (s[i] == 'e' || s[i] == 'E')) {
		int esg = 1;
		long ed = 0;
		i++;
		if (i < e && (s[i] == '+' || s[i] == '-')) {
			esg = s[i] == '-' ? -1 : 1;
			i++;
		}
		while (i < e && s[i] >= '0' && s[i] <= '9') {
			if (exp10 < 100000)
				exp10 = exp10 * 10 + (s[i] - '0');
			i++;
			ed++;
		}
		if (ed == 0)
			return DEC_SYNTAX;
		exp10 *= esg;
	}
	if (i != e)
		return DEC_SYNTAX;
	if (overflow)
		return DEC_OVERFLOW;
	/* value = dig × 10^(zeros + exp10 - fl); wanted scale: as written */
	long e10 = zeros + exp10 - fl;
	long want = fl - exp10 > 0 ? fl - exp10 : 0;
	long min_scale = e10 < 0 ? -e10 : 0;
	if (nd == 0) {
		out->c = 0;
		out->s = (int)(want > DEC_MAX_SCALE ? DEC_MAX_SCALE : want);
		return DEC_OK;
	}
	long scale = want;
	if (scale > DEC_MAX_SCALE)
		scale = DEC_MAX_SCALE;
	if (scale < min_scale)
		return DEC_OVERFLOW;     /* needs more than 18 fraction digits */
	while (scale > min_scale && nd + e10 + scale > DEC_MAX_DIGITS)
		scale--;
	if (nd + e10 + scale > DEC_MAX_DIGITS)
		return DEC_OVERFLOW;
	int64_t c = 0;
	for (int k = 0; k < nd; k++)
		c = c * 10 + dig[k];
	for (long k = 0; k < e10 + scale; k++)
		c *= 10;
	out->c = sg * c;
	out->s = (int)scale;
	return DEC_OK;
}

dec_status
dec_parse_cstr(const char *s, dec *out)
{
	return dec_parse(s, s ? strlen(s) : 0, out);
}

/* ---- arithmetic --------------------------------------------------------- */

dec
dec_from_int(int64_t v)
{
	dec d = { v, 0 };
	return d;
}

dec
dec_trim(dec a)
{
	while (a.s > 0 && a.c % 10 == 0) {
		a.c /= 10;
		a.s--;
	}
	return a;
}

dec_status
dec_rescale(dec a, int scale, dec *out)
{
	if (scale < 0 || scale > DEC_MAX_SCALE)
		return DEC_OVERFLOW;
	if (scale >= a.s) {
		int64_t c;
		if (!scale_up(a.c, scale - a.s, &c))
			return DEC_OVERFLOW;
		out->c = c;
		out->s = scale;
		return DEC_OK;
	}
	if (a.c % P10[a.s - scale] != 0)
		return DEC_OVERFLOW;   /* would lose digits: use dec_round */
	out->c = a.c / P10[a.s - scale];
	out->s = scale;
	return DEC_OK;
}

static dec_status
align(dec *a, dec *b)
{
	int s = a->s > b->s ? a->s : b->s;
	if (dec_rescale(*a, s, a) != DEC_OK || dec_rescale(*b, s, b) != DEC_OK)
		return DEC_OVERFLOW;
	return DEC_OK;
}

dec_status
dec_add(dec a, dec b, dec *out)
{
	int64_t r;
	if (align(&a, &b) != DEC_OK || __builtin_add_overflow(a.c, b.c, &r) || !fits(r))
		return DEC_OVERFLOW;
	out->c = r;
	out->s = a.s;
	return DEC_OK;
}

dec_status
dec_sub(dec a, dec b, dec *out)
{
	b.c = -b.c;          /* |c| < 10^18: never overflows */
	return dec_add(a, b, out);
}

dec_status
dec_mul(dec a, dec b, dec *out)
{
	int64_t r;
	if (__builtin_mul_overflow(a.c, b.c, &r) || !fits(r) || a.s + b.s > DEC_MAX_SCALE) {
		a = dec_trim(a);
		b = dec_trim(b);
		if (__builtin_mul_overflow(a.c, b.c, &r) || !fits(r))
			return DEC_OVERFLOW;
	}
	dec p = { r, a.s + b.s };
	while (p.s > DEC_MAX_SCALE && p.c % 10 == 0) {
		p.c /= 10;
		p.s--;
	}
	if (p.s > DEC_MAX_SCALE)
		return DEC_OVERFLOW;
	*out = p;
	return DEC_OK;
}

/* |x| as unsigned (x > INT64_MIN always holds here: |c| < 10^18) */
static uint64_t
uabs(int64_t x)
{
	return x < 0 ? (uint64_t)(-x) : (uint64_t)x;
}

dec_status
dec_div(dec a, dec b, int places, dec *out)
{
	if (places < 0 || places > DEC_MAX_SCALE)
		return DEC_OVERFLOW;
	if (b.c == 0)
		return DEC_DIV_ZERO;
	uint64_t N = uabs(a.c), D = uabs(b.c);
	int neg = (a.c < 0) != (b.c < 0);
	/* result = N/D × 10^(b.s - a.s), wanted × 10^places */
	int m = b.s - a.s + places;
	uint64_t q = N / D, r = N % D;
	bool up;
	if (m >= 0) {
		for (int k = 0; k < m; k++) {
			uint64_t dgt = r * 10 / D;   /* r < D < 10^18: r*10 < 2^64 */
			r = r * 10 % D;
			if (q > (uint64_t)LIMIT / 10)
				return DEC_OVERFLOW;
			q = q * 10 + dgt;
		}
		up = r * 10 / D >= 5;
	} else {
		int j = -m;
		if (j > 19) {
			q = 0;
			up = false;
		} else {
			uint64_t p = 1;
			for (int k = 1; k < j; k++)
				p *= 10;                  /* 10^(j-1) <= 10^18 */
			up = (q / p) % 10 >= 5;
			q = j == 19 ? 0 : q / p / 10;
		}
	}
	if (up)
		q++;
	if (q >= (uint64_t)LIMIT)
		return DEC_OVERFLOW;
	out->c = neg ? -(int64_t)q : (int64_t)q;
	out->s = places;
	return DEC_OK;
}

dec_status
dec_round(dec a, int places, dec *out)
{
	if (places < 0 || places > DEC_MAX_SCALE)
		return DEC_OVERFLOW;
	if (places >= a.s)
		return dec_rescale(a, places, out);
	int j = a.s - places;
	uint64_t u = uabs(a.c);
	uint64_t q = u / (uint64_t)P10[j];
	if ((u / (uint64_t)P10[j - 1]) % 10 >= 5)
		q++;
	out->c = a.c < 0 ? -(int64_t)q : (int64_t)q;
	out->s = places;
	return DEC_OK;
}

int
dec_sign(dec a)
{
	return (a.c > 0) - (a.c < 0);
}

bool
dec_is_int(dec a)
{
	return a.c % P10[a.s] == 0;
}

int
dec_cmp(dec a, dec b)
{
	int sa = dec_sign(a), sb = dec_sign(b);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	uint64_t ua = uabs(a.c), ub = uabs(b.c);
	uint64_t ai = ua / (uint64_t)P10[a.s], bi = ub / (uint64_t)P10[b.s];
	int r;
	if (ai != bi) {
		r = ai < bi ? -1 : 1;
	} else {
		uint64_t af = ua % (uint64_t)P10[a.s] * (uint64_t)P10[18 - a.s];
		uint64_t bf = ub % (uint64_t)P10[b.s] * (uint64_t)P10[18 - b.s];
		r = af == bf ? 0 : af < bf ? -1 : 1;
	}
	return sa < 0 ? -r : r;
}

/* ---- text --------------------------------------------------------------- */

char *
dec_format(dec a, char *buf)
{
	char dg[24];
	int n = 0;
	uint64_t u = uabs(a.c);
	do {
		dg[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	while (n < a.s + 1)
		dg[n++] = '0';
	char *p = buf;
	if (a.c < 0)
		*p++ = '-';
	for (int k = n - 1; k >= 0; k--) {
		*p++ = dg[k];
		if (k == a.s && k > 0)
			*p++ = '.';
	}
	*p = '\0';
	return buf;
}

bool
dec_format_fixed(dec a, int places, char *buf, size_t bufsz)
{
	dec r;
	if (places < 0 || bufsz < DEC_BUFSZ + (size_t)(places > a.s ? places - a.s : 0) + 1)
		return false;
	if (places <= a.s) {
		if (dec_round(a, places, &r) != DEC_OK)
			return false;
		dec_format(r, buf);
		return true;
	}
	dec_format(a, buf);
	size_t l = strlen(buf);
	if (a.s == 0)
		buf[l++] = '.';
	for (int k = a.s; k < places; k++)
		buf[l++] = '0';
	buf[l] = '\0';
	return true;
}

char *
dec_format_thousands(dec a, char *buf, size_t bufsz)
{
	char t[DEC_BUFSZ];
	dec_format(a, t);
	const char *p = t;
	size_t o = 0;
	if (*p == '-')
		buf[o++] = *p++;
	size_t il = strcspn(p, ".");
	for (size_t k = 0; k < il && o + 2 < bufsz; k++) {
		if (k > 0 && (il - k) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = p[k];
	}
	for (const char *q = p + il; *q && o + 1 < bufsz; q++)
		buf[o++] = *q;
	buf[o] = '\0';
	return buf;
}
