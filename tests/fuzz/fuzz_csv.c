/* fuzz_csv.c — raw bytes of a clerk's spreadsheet export → encoding
 * detection (enc_to_utf8, auto) → RFC 4180 reader (rec_csv_parse) → the
 * --dump=rec text.  Odd inputs must end in a diagnostic, never a crash, a
 * leak or a hang. */
#include "fuzz.h"
#include "rec.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a;
	const char *used = NULL;
	rec *r;

	fuzz_init_diag();
	diag_reset();
	a = arena_new();
	r = rec_csv_parse_ex(a, "fuzz.csv", (const char *)data, size, NULL, &used);
	if (r != NULL) {
		fuzz_assert(r->kind == REC_LIST);
		fuzz_assert(used != NULL);
		for (size_t i = 0; i < r->n; i++)
			fuzz_assert(r->v[i] != NULL && r->v[i]->kind == REC_MAP);
		fuzz_dump_rec(r);
	} else {
		fuzz_assert(diag_failed());
	}
	arena_free(a);
	return 0;
}
