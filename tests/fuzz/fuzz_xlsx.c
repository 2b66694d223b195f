/* fuzz_xlsx.c — an Excel/WPS workbook → rec_xlsx_parse → the --dump=rec
 * text.  The first byte picks the mode and the sheet:
 *   bit 0 set: the rest is the raw file (the zip layer: damaged archives,
 *              encryption, bombs, odd entry names);
 *   bit 0 clear: the rest is up to five XML parts separated by 0xFF bytes
 *              (sheet1, shared strings, styles, workbook, sheet2), zipped
 *              here uncompressed, so that mutations reach the XML reader.
 *   bits 1-2: the sheet asked for: none, "1", "2", "Sheet2".
 * Odd inputs must end in a diagnostic, never a crash, a leak or a hang. */
#include "fuzz.h"
#include "rec.h"
#include "../xlsx/zipmem.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const want[4] = { NULL, "1", "2", "Sheet2" };
	arena *a;
	rec *r;
	char *zbuf = NULL;
	const char *bytes;
	size_t n;

	if (size < 1)
		return 0;
	fuzz_init_diag();
	diag_reset();
	if (data[0] & 1) {
		bytes = (const char *)data + 1;
		n = size - 1;
	} else {
		const char *p[5] = { 0 };
		size_t len[5] = { 0 };
		const char *s = (const char *)data + 1, *e = (const char *)data + size;
		for (int i = 0; i < 5 && s <= e; i++) {
			const char *ff = memchr(s, '\xFF', (size_t)(e - s));
			p[i] = s;
			len[i] = (size_t)((ff ? ff : e) - s);
			if (ff == NULL)
				break;
			s = ff + 1;
		}
		zbuf = xlsx_parts(p, len, &n);
		if (zbuf == NULL)
			return 0;
		bytes = zbuf;
	}
	a = arena_new();
	r = rec_xlsx_parse(a, "fuzz.xlsx", bytes, n, want[(data[0] >> 1) & 3], NULL);
	if (r != NULL) {
		fuzz_assert(r->kind == REC_LIST);
		for (size_t i = 0; i < r->n; i++) {
			fuzz_assert(r->v[i] != NULL && r->v[i]->kind == REC_MAP);
			for (size_t k = 0; k < r->v[i]->n; k++)
				fuzz_assert(r->v[i]->v[k]->pos.file != NULL);
		}
		fuzz_dump_rec(r);
	} else {
		fuzz_assert(diag_failed());
	}
	arena_free(a);
	free(zbuf);
	return 0;
}
