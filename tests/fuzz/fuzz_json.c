/* fuzz_json.c — bytes → enc_to_utf8 (auto) → rec_json_parse → dump, the
 * way rec_load_file reads a .json data file. */
#include "enc.h"
#include "fuzz.h"
#include "rec.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a;
	const char *used = NULL;
	char *text;
	size_t len = 0;
	rec *r = NULL;

	fuzz_init_diag();
	diag_reset();
	a = arena_new();
	text = enc_to_utf8(a, "fuzz.json", (const char *)data, size, NULL, &len, &used);
	if (text != NULL) {
		fuzz_assert(text[len] == '\0');
		r = rec_json_parse(a, "fuzz.json", text, len);
		if (r != NULL)
			fuzz_dump_rec(r);
	}
	if (r == NULL)
		fuzz_assert(diag_failed());
	arena_free(a);
	return 0;
}
