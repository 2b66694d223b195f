/* fuzz_decimal.c — bytes → dec_parse, and the arithmetic on what parses.
 * Oracles: a parsed number prints as text that parses back to the same
 * value and the same text; a + b - b == a and a × 1 == a whenever no step
 * overflowed; rounding never moves a value by half a unit of the last kept
 * place or more; the comparison is antisymmetric.  Overflow must be
 * reported, never wrapped. */
#include "fuzz.h"
#include "decimal.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dec a, b, r, r2, back;
	char t1[DEC_BUFSZ], t2[DEC_BUFSZ], fx[DEC_BUFSZ + 64];
	size_t cut = 0;

	/* two numbers separated by the first '|' */
	while (cut < size && data[cut] != '|')
		cut++;
	if (dec_parse((const char *)data, cut, &a) != DEC_OK)
		return 0;
	dec_format(a, t1);
	fuzz_assert(dec_parse_cstr(t1, &back) == DEC_OK);
	fuzz_assert(dec_cmp(a, back) == 0);
	fuzz_assert(strcmp(dec_format(back, t2), t1) == 0);
	fuzz_assert(dec_mul(a, dec_from_int(1), &r) != DEC_OK || dec_cmp(r, a) == 0);
	for (int p = 0; p <= 20; p++) {
		if (dec_round(a, p, &r) == DEC_OK) {
			/* |r - a| <= half a unit of place p */
			dec half = { 5, p + 1 };
			if (p < DEC_MAX_SCALE && dec_sub(r, a, &r2) == DEC_OK) {
				if (dec_sign(r2) < 0)
					r2.c = -r2.c;
				fuzz_assert(dec_cmp(r2, half) <= 0);
			}
		}
		fuzz_assert(!dec_format_fixed(a, p, fx, sizeof fx) || dec_parse_cstr(fx, &r) == DEC_OK
		    || strlen(fx) > 19);
	}
	if (cut >= size || dec_parse((const char *)data + cut + 1, size - cut - 1, &b) != DEC_OK)
		return 0;
	fuzz_assert(dec_cmp(a, b) == -dec_cmp(b, a));
	if (dec_add(a, b, &r) == DEC_OK && dec_sub(r, b, &r2) == DEC_OK)
		fuzz_assert(dec_cmp(r2, a) == 0);
	if (dec_mul(a, b, &r) == DEC_OK && dec_sign(b) != 0 && dec_div(r, b, 0, &r2) == DEC_OK &&
	    dec_is_int(a))
		fuzz_assert(dec_cmp(r2, a) == 0);
	for (int p = 0; p <= 18; p += 6)
		(void)dec_div(a, b, p, &r);
	return 0;
}
