/* suggest.c — edit distance and the nearest name; see suggest.h. */
#include "suggest.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define MAXCP 64

int
suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), na, nb;
	uint32_t ca[MAXCP], cb[MAXCP];
	int d[MAXCP + 1];

	/* count first: an ASCII name of 64..255 bytes is that many code points */
	if (utf8_count(a, la) > MAXCP || utf8_count(b, lb) > MAXCP)
		return 99;
	na = utf8_to_cps(a, la, ca);
	nb = utf8_to_cps(b, lb, cb);
	for (size_t j = 0; j <= nb; j++)
		d[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		int prev = d[0];
		d[0] = (int)i;
		for (size_t j = 1; j <= nb; j++) {
			int tmp = d[j];
			int best = prev + (ca[i - 1] != cb[j - 1]);
			if (d[j] + 1 < best)
				best = d[j] + 1;
			if (d[j - 1] + 1 < best)
				best = d[j - 1] + 1;
			d[j] = best;
			prev = tmp;
		}
	}
	return d[nb];
}

void
suggest_init(suggest *s, const char *want)
{
	s->want = want;
	s->best = NULL;
	s->dist = 99;
}

void
suggest_offer(suggest *s, const char *cand)
{
	int d = suggest_distance(s->want, cand);
	if (d < s->dist) {
		s->dist = d;
		s->best = cand;
	}
}

const char *
suggest_result(const suggest *s)
{
	int n = (int)utf8_count(s->want, strlen(s->want));

	if (s->best == NULL || s->dist == 0)
		return NULL;
	return s->dist <= (n <= 4 ? 1 : n <= 8 ? 2 : 3) && s->dist < n ? s->best : NULL;
}
