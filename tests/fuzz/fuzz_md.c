/* fuzz_md.c — a whole template (front matter + Markdown) → doc_from_template
 * with no data → heading numbers → --dump=doc text.  The template root is a
 * temporary directory holding a.md (an attachment template), data files and
 * two ways out (see fuzz.h); the dump must never show the outside file. */
#include "doc.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *root;
	arena *a;
	gw_doc *d;

	fuzz_init_diag();
	root = fuzz_root();
	diag_reset();
	a = arena_new();
	tmpl_opts o = { root, true };
	d = doc_from_template(a, "fuzz.md", (const char *)data, size, NULL, &o);
	if (d != NULL) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		fuzz_assert(f != NULL);
		fuzz_assert(d->front != NULL && d->front->kind == REC_MAP);
		for (size_t i = 0; i < d->nblocks; i++) {
			const doc_block *b = &d->blocks[i];
			if (b->kind == B_HEADING)
				fuzz_assert(b->level >= 1 && b->level <= 4);
			for (size_t j = 0; j < b->nspans; j++)
				fuzz_assert(b->spans[j].text != NULL &&
				    strlen(b->spans[j].text) == b->spans[j].len);
		}
		doc_dump(d, f);
		fclose(f);
		fuzz_check_confined(data, size, buf, len);
		free(buf);
	} else {
		fuzz_assert(diag_failed());
	}
	arena_free(a);
	return 0;
}
