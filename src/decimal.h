/* decimal.h — exact decimal numbers: the one place gongwen does arithmetic.
 *
 * A dec is a coefficient and a scale: value = c / 10^s.  Up to 18
 * significant digits (|c| < 10^18) and 18 fraction digits; anything larger
 * is DEC_OVERFLOW, never wrapped.  The scale is kept as written ("3.10" has
 * two fraction digits and prints as 3.10), so 19.5 + 0.1 prints 19.6, never
 * 19.599999.  Rounding is half away from zero, as the 小数 filter rounds:
 * 2.675 → 2.68, -2.25 → -2.3.
 *
 * Every operation returns a dec_status and writes its result only when it
 * is DEC_OK.  No floating point anywhere. */
#ifndef GW_DECIMAL_H
#define GW_DECIMAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEC_MAX_DIGITS 18
#define DEC_MAX_SCALE  18
#define DEC_BUFSZ      48   /* dec_format: sign, 18 digits, point, zeros */

typedef struct dec {
	int64_t c;   /* coefficient, |c| < 10^18 */
	int s;       /* scale: digits after the point, 0..18 */
} dec;

typedef enum {
	DEC_OK = 0,
	DEC_SYNTAX,     /* not a number */
	DEC_OVERFLOW,   /* more than 18 digits (or a result that would need them) */
	DEC_DIV_ZERO    /* division by zero */
} dec_status;

/* Parse text: blanks around it, an optional sign (+ - ＋ － −), digits
 * (ASCII or full-width ０…９), an optional point (. or ．) and fraction, an
 * optional exponent (1e3, 2.5E-2; ASCII).  At least one digit.  Leading
 * zeros are dropped ("007" → 7); trailing fraction zeros beyond 18 places
 * are dropped when that makes the number fit. */
dec_status dec_parse(const char *s, size_t n, dec *out);
dec_status dec_parse_cstr(const char *s, dec *out);

dec dec_from_int(int64_t v);   /* |v| must be < 10^18 */
dec_status dec_add(dec a, dec b, dec *out);      /* scale = max of the two */
dec_status dec_sub(dec a, dec b, dec *out);
dec_status dec_mul(dec a, dec b, dec *out);      /* scale = sum (trailing zeros trimmed to fit) */
/* a / b rounded half away from zero to `places` (0..18) fraction digits. */
dec_status dec_div(dec a, dec b, int places, dec *out);
/* Round half away from zero to `places` digits; a number with fewer
 * fraction digits is padded (3.1 → 3.10), which may overflow. */
dec_status dec_round(dec a, int places, dec *out);
/* Same scale without changing the value (fewer digits: trailing zeros only). */
dec_status dec_rescale(dec a, int scale, dec *out);
dec dec_trim(dec a);                             /* drop trailing fraction zeros */
int  dec_cmp(dec a, dec b);                      /* -1, 0, 1; exact, never overflows */
int  dec_sign(dec a);
bool dec_is_int(dec a);                          /* no nonzero fraction digit */

/* Text as written: "-19.60", "0.5", "100".  buf holds DEC_BUFSZ bytes;
 * returns buf.  A zero is never printed with a minus sign. */
char *dec_format(dec a, char *buf);
/* Rounded half away from zero to exactly `places` digits (0..30), padding
 * with zeros as text (so it cannot overflow except by rounding up 10^18):
 * the 小数 filter.  Returns false on overflow.  buf holds DEC_BUFSZ+32. */
bool dec_format_fixed(dec a, int places, char *buf, size_t bufsz);
/* With a comma every three integer digits: 1,234,567.5. */
char *dec_format_thousands(dec a, char *buf, size_t bufsz);

#endif
