/* date.c — one date parser; see date.h. */
#include "date.h"

#include <string.h>
#include <time.h>

#include "cnnum.h"

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return md[m - 1] + (m == 2 && leap(y));
}

/* Read min..max ASCII digits. */
static bool
digits(const char **p, const char *e, int min, int max, int *v)
{
	int k = 0;

	*v = 0;
	while (*p < e && k < max && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k >= min;
}

static bool
lit(const char **p, const char *e, const char *s)
{
	size_t l = strlen(s);

	if ((size_t)(e - *p) >= l && memcmp(*p, s, l) == 0) {
		*p += l;
		return true;
	}
	return false;
}

/* A Chinese digit 〇/零/一…九 at *p. */
static int
cn_digit(const char **p, const char *e)
{
	static const char *const d[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	if (lit(p, e, "零"))
		return 0;
	for (int i = 0; i < 10; i++)
		if (lit(p, e, d[i]))
			return i;
	return -1;
}

/* 一 … 九, 十, 十一 … 三十一 */
static bool
cn_small(const char **p, const char *e, int *v)
{
	int a = cn_digit(p, e);

	if (a == 0)
		return false;
	if (lit(p, e, "十")) {
		int b = cn_digit(p, e);
		*v = (a < 0 ? 1 : a) * 10 + (b > 0 ? b : 0);
		return b != 0;
	}
	*v = a;
	return a > 0;
}

static bool
parse_cn(const char *p, const char *e, gw_date *out)
{
	int y = 0;

	for (int k = 0; k < 4; k++) {
		int c = cn_digit(&p, e);
		if (c < 0)
			return false;
		y = y * 10 + c;
	}
	out->y = y;
	return lit(&p, e, "年") && cn_small(&p, e, &out->m) && lit(&p, e, "月") &&
	    cn_small(&p, e, &out->d) && lit(&p, e, "日") && p == e;
}

/* A time part after the date: a blank or T, then digits, colons, points. */
static bool
time_part(const char *p, const char *e)
{
	if (p == e)
		return true;
	if (!is_blank(*p) && *p != 'T')
		return false;
	for (p++; p < e; p++)
		if (!((*p >= '0' && *p <= '9') || *p == ':' || *p == '.'))
			return false;
	return true;
}

static bool
parse_arabic(const char *p, const char *e, gw_date *out)
{
	if (e - p >= 8 && p[4] >= '0' && p[4] <= '9') {           /* 20180606 */
		if (!digits(&p, e, 4, 4, &out->y) || !digits(&p, e, 2, 2, &out->m) ||
		    !digits(&p, e, 2, 2, &out->d))
			return false;
	} else {
		if (!digits(&p, e, 4, 4, &out->y))
			return false;
		if (lit(&p, e, "年")) {
			if (!digits(&p, e, 1, 2, &out->m) || !lit(&p, e, "月") ||
			    !digits(&p, e, 1, 2, &out->d) || !lit(&p, e, "日"))
				return false;
		} else {
			if (p >= e || (*p != '-' && *p != '/' && *p != '.'))
				return false;
			char sep = *p++;
			if (!digits(&p, e, 1, 2, &out->m) || p >= e || *p != sep)
				return false;
			p++;
			if (!digits(&p, e, 1, 2, &out->d))
				return false;
		}
	}
	return time_part(p, e);
}

date_status
date_parse(const char *s, size_t n, gw_date *out)
{
	const char *p = s, *e = s + n;
	gw_date d = { 0, 0, 0 };

	while (p < e && is_blank(*p))
		p++;
	while (e > p && (is_blank(e[-1]) || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	if (!parse_arabic(p, e, &d) && !parse_cn(p, e, &d)) {
		*out = (gw_date){ 0, 0, 0 };
		return DATE_NOT_A_DATE;
	}
	*out = d;
	if (d.y < 1 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > month_days(d.y, d.m))
		return DATE_NO_SUCH_DAY;
	return DATE_OK;
}

const char *
date_problem(arena *a, date_status st, gw_date got)
{
	if (st == DATE_NO_SUCH_DAY) {
		if (got.m >= 1 && got.m <= 12 && got.y >= 1)
			return arena_printf(a, "is not a day of the calendar (%d年%d月 has %d days)",
			    got.y, got.m, month_days(got.y, got.m));
		return "is not a day of the calendar (months are 1 to 12)";
	}
	return "is not a date (write 2018-06-06, 2018/6/6, 2018.6.6 or 20180606)";
}

bool
date_read(arena *a, const char *s, size_t n, srcpos pos, const char *what, gw_date *out)
{
	date_status st = date_parse(s, n, out);

	if (st == DATE_OK)
		return true;
	diag_error(pos, "%s \"%.*s\" %s", what, (int)n, s, date_problem(a, st, *out));
	return false;
}

const char *
date_cn(arena *a, gw_date d)
{
	return arena_printf(a, "%d年%d月%d日", d.y, d.m, d.d);
}

const char *
date_cn_full(arena *a, gw_date d)
{
	abuf b;

	abuf_init(&b, a);
	cn_digits(&b, (unsigned long long)d.y);
	abuf_puts(&b, "年");
	cn_number(&b, (unsigned long long)d.m);
	abuf_puts(&b, "月");
	cn_number(&b, (unsigned long long)d.d);
	abuf_puts(&b, "日");
	return abuf_cstr(&b);
}

long long
date_epoch(gw_date d)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	return (long long)timegm(&tm);
}
