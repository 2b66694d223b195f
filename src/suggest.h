/* suggest.h — "did you mean …?": the nearest of some names to a misspelt
 * one, by edit distance over code points, with one rule for "near enough"
 * (front-matter keys, filters, fields all suggest the same way). */
#ifndef GW_SUGGEST_H
#define GW_SUGGEST_H

/* Levenshtein distance over code points; 99 when either has more than 64. */
int suggest_distance(const char *a, const char *b);

/* The nearest candidate so far: suggest_init, suggest_offer each candidate,
 * then suggest_result. */
typedef struct suggest {
	const char *want;
	const char *best;
	int dist;
} suggest;

void suggest_init(suggest *s, const char *want);
void suggest_offer(suggest *s, const char *cand);
/* The best candidate when near enough: not equal, and at most one edit for a
 * name of up to 4 characters, two up to 8, three beyond, fewer than its
 * length; else NULL. */
const char *suggest_result(const suggest *s);

#endif
