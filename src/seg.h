/* seg.h — word boundaries in Chinese text, so that a title line never
 * splits a word (R7.3.1, issue 11 item 4).  Only seg.c includes ICU.
 *
 * Three sources, combined: a break is inside a word when any of them says so
 *   1. ICU's dictionary-based word break iterator (Debian libicu: the CJK
 *      dictionary of the ICU data library);
 *   2. the 公文 term list (seg.c), matched forward-maximally: words that ICU
 *      cuts (印|发, 专|项, 集聚|区, 办公|室 …);
 *   3. names ICU does not know: consecutive single-character Han tokens
 *      (鹤|壁|市) are one word, and a one-character 市/县/区/局/室 … after a
 *      word belongs to it (许昌|市 → 许昌市).
 * A number and its unit (2017年) are the caller's business. */
#ifndef GW_SEG_H
#define GW_SEG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* inword[i] (0 <= i <= n) is set true when a line break before cps[i]
 * would split a word; inword[0] and inword[n] are false.  Returns false
 * when ICU could not be used (then only the term list and the single-
 * character rule apply); the failure is reported once. */
bool seg_inword(const uint32_t *cps, size_t n, bool *inword);

/* Word starts as a text dump ("关于|印发|…") for tests: out must hold
 * 4*n + 2*n + 1 bytes. */
void seg_dump(const uint32_t *cps, size_t n, char *out);

/* Free ICU's break iterator (at exit; optional). */
void seg_cleanup(void);

#endif
