/* utf8.h — UTF-8 decoding and encoding, and the few character classes that
 * several stages need. */
#ifndef GW_UTF8_H
#define GW_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_BAD 0xFFFFFFFFu

/* Decode one code point at s[0..n).  Returns its length in bytes (1..4) and
 * sets *cp; on an invalid or truncated sequence returns the number of bytes
 * to skip (>= 1) and sets *cp = UTF8_BAD.  Overlong forms, surrogates and
 * values above U+10FFFF are invalid. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Encode cp into out (4 bytes room); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);

/* Offset of the first invalid byte, or (size_t)-1 when s[0..n) is valid. */
size_t utf8_check(const char *s, size_t n);

/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t n);

/* Line and column (1-based, column in code points) of byte offset off. */
void utf8_linecol(const char *s, size_t n, size_t off, int *line, int *col);

/* Decode a whole string into an array (malloc'd by the caller's arena in
 * practice: out must hold n entries).  Returns the count. */
size_t utf8_to_cps(const char *s, size_t n, uint32_t *out);

/* Odd spaces that gongwen turns into an ordinary space: U+00A0, U+2000..
 * U+200A, U+202F, U+205F; and zero-width ones that it drops: U+200B, U+FEFF.
 * (U+3000 IDEOGRAPHIC SPACE is kept: clerks use it on purpose.) */
bool utf8_is_odd_space(uint32_t cp);
bool utf8_is_zero_width(uint32_t cp);

/* Wide characters (CJK ideographs, kana, hangul, full-width forms and CJK
 * punctuation): the ones that take a full cell of the 28-character grid. */
bool utf8_is_wide(uint32_t cp);
bool utf8_is_ideograph(uint32_t cp);

/* Blanks around a name or a cell: ASCII space, tab and CR, U+3000; LF too
 * with UTF8_TRIM_LF; a stray U+FEFF in front too with UTF8_TRIM_BOM.
 * utf8_trim sets s[*b..*e) to what is left of s[0..n). */
enum { UTF8_TRIM_LF = 1, UTF8_TRIM_BOM = 2 };
void utf8_trim(const char *s, size_t n, unsigned flags, size_t *b, size_t *e);

/* Is s NULL or nothing but ASCII spaces, tabs, CRs and LFs? */
bool utf8_blank(const char *s);

#endif
