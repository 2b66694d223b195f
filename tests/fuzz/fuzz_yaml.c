/* fuzz_yaml.c — bytes → enc_to_utf8 (auto) → rec_yaml_parse → dump, the
 * way rec_load_file reads a .yaml data file.  Alias bombs and deep nesting
 * must hit the loader's limits, not the fuzzer's. */
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
	text = enc_to_utf8(a, "fuzz.yaml", (const char *)data, size, NULL, &len, &used);
	if (text != NULL) {
		r = rec_yaml_parse(a, "fuzz.yaml", text, len, 1);
		if (r != NULL)
			fuzz_dump_rec(r);
	}
	if (r == NULL)
		fuzz_assert(diag_failed());
	arena_free(a);
	return 0;
}
