/* date.h — calendar dates as written in templates and data, one parser for
 * every place a date appears (成文日期, 印发日期, the | 日期 filter, the
 * 署名 block): 2018-06-06, 2018/6/6, 2018.6.6, 20180606, 2018年6月6日 (an
 * optional time after a blank, as Excel writes "2018/6/6 0:00", is
 * ignored), and 二〇一八年六月六日; each checked against the calendar. */
#ifndef GW_DATE_H
#define GW_DATE_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef struct gw_date {
	int y, m, d;          /* 0 when absent */
} gw_date;

typedef enum {
	DATE_OK,
	DATE_NOT_A_DATE,      /* not one of the forms */
	DATE_NO_SUCH_DAY      /* the form of a date, but not on the calendar: 2018-02-31 */
} date_status;

/* Parse s[0..n).  On DATE_NO_SUCH_DAY, *out holds what was read. */
date_status date_parse(const char *s, size_t n, gw_date *out);

/* What is wrong, to follow the value in a message: "is not a date (write
 * 2018-06-06, …)" or "is not a day of the calendar (2018年2月 has 28 days)". */
const char *date_problem(arena *a, date_status st, gw_date got);

/* Parse, or report at pos as `what "value" <problem>` (an error). */
bool date_read(arena *a, const char *s, size_t n, srcpos pos, const char *what,
               gw_date *out);

/* 2018年6月6日 (GB/T 9704 7.3.5: Arabic numerals, no leading zeros). */
const char *date_cn(arena *a, gw_date d);
/* 二〇一八年六月六日 (the 日期:中文 filter). */
const char *date_cn_full(arena *a, gw_date d);
/* Seconds since the epoch at midnight UTC. */
long long date_epoch(gw_date d);

#endif
