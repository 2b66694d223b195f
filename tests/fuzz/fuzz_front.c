/* fuzz_front.c — a template's bytes → tmpl_split_front → rec_yaml_parse of
 * the front matter (with its first line, as doc.c does) → dump. */
#include "fuzz.h"
#include "rec.h"
#include "tmpl.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t fm_off = 0, fm_len = 0, body_off = 0;
	int fm_line = 0, body_line = 0;
	bool ok = false, has;
	arena *a;

	fuzz_init_diag();
	diag_reset();
	a = arena_new();
	has = tmpl_split_front("fuzz.md", text, size, &fm_off, &fm_len, &fm_line,
	    &body_off, &body_line, &ok);
	fuzz_assert(body_off <= size);
	fuzz_assert(body_line >= 1);
	if (has) {
		fuzz_assert(ok);
		fuzz_assert(fm_off <= size && fm_len <= size - fm_off);
		fuzz_assert(fm_off + fm_len <= body_off);
		fuzz_assert(fm_line == 2);
		rec *r = rec_yaml_parse(a, "fuzz.md", text + fm_off, fm_len, fm_line);
		if (r != NULL) {
			for (size_t i = 0; r->kind == REC_MAP && i < r->n; i++)
				fuzz_assert(r->k[i] != NULL && r->v[i] != NULL);
			fuzz_dump_rec(r);
		} else {
			fuzz_assert(diag_failed());
		}
	} else if (!ok) {
		fuzz_assert(diag_failed());
	} else {
		fuzz_assert(!diag_failed());
	}
	arena_free(a);
	return 0;
}
