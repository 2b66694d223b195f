/* fuzz_calc.c — a scoring scheme (YAML) and scores (CSV), separated by a
 * line "%%" → calc_run.  Oracles beyond no crash/leak/hang: on success every
 * unit has a 等次 of the scheme and a 名次 from 1 to the number of units,
 * the counts per 等次 add up to the number of units, and 排名 is sorted by
 * rank; on failure an error was reported. */
#include "fuzz.h"
#include "calc.h"
#include "decimal.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t cut = 0;
	arena *a;

	while (cut + 4 <= size && !(s[cut] == '\n' && s[cut + 1] == '%' && s[cut + 2] == '%' &&
	    s[cut + 3] == '\n'))
		cut++;
	if (cut + 4 > size)
		return 0;
	fuzz_init_diag();
	diag_reset();
	a = arena_new();
	rec *scheme = rec_yaml_parse(a, "t.md", s, cut + 1, 2);
	rec *rows = rec_csv_parse(a, "s.csv", s + cut + 4, size - cut - 4, "utf-8");
	if (scheme == NULL || rows == NULL) {
		arena_free(a);
		return 0;
	}
	if (scheme->kind == REC_MAP && rec_map_get(scheme, "考核"))
		scheme = rec_map_get(scheme, "考核");
	if (scheme->kind == REC_STR) {   /* a file name: not here */
		arena_free(a);
		return 0;
	}
	rec *d = rec_new(a, REC_MAP, NOPOS);
	rec_map_set(a, d, "单位", rows);
	if (calc_run(a, scheme, "/nonexistent", d, fuzz_null_stream())) {
		const rec *sum = rec_path(d, "考核结果");
		if (sum == NULL) {   /* 结果: renamed it */
			for (size_t i = 0; i < d->n; i++)
				if (strcmp(d->k[i], "单位"))
					sum = d->v[i];
		}
		fuzz_assert(sum != NULL && sum->kind == REC_MAP);
		const rec *units = rec_map_get(sum, "单位"), *ranked = rec_map_get(sum, "排名");
		const rec *bands = rec_map_get(sum, "等次");
		fuzz_assert(units && ranked && bands && units->n == ranked->n && units->n > 0);
		size_t total = 0;
		for (size_t k = 0; k < bands->n; k++) {
			dec n;
			fuzz_assert(dec_parse_cstr(rec_map_get(bands->v[k], "个数")->s, &n) == DEC_OK);
			total += (size_t)n.c;
		}
		fuzz_assert(total == units->n);
		long prev = 0;
		for (size_t i = 0; i < ranked->n; i++) {
			long r = atol(rec_map_get(ranked->v[i], "名次")->s);
			fuzz_assert(r >= 1 && r <= (long)units->n && r >= prev && r <= (long)i + 1);
			prev = r;
			const char *g = rec_map_get(ranked->v[i], "等次")->s;
			bool found = false;
			for (size_t k = 0; k < bands->n; k++)
				found |= strcmp(rec_map_get(bands->v[k], "等次")->s, g) == 0;
			fuzz_assert(found);
		}
	} else {
		fuzz_assert(diag_failed());
	}
	arena_free(a);
	return 0;
}
