/* fuzz_md.c — a whole template (front matter + Markdown) → render_doc
 * with no data → heading numbers → --dump=doc text, attachments included.
 * The template root is a temporary directory holding a.md (an attachment
 * template), data files and two ways out (see fuzz.h); the dump must never
 * show the outside file, and seal paths must stay inside the root. */
#include "doc.h"
#include "render.h"
#include "fuzz.h"

/* doc_dump of d and of every attachment and issued document below it (the
 * bodies of 模板 files), and the seal paths: all must stay inside root. */
static void
dump_tree(const gw_doc *d, FILE *f, const char *root, int depth)
{
	size_t rl = strlen(root);

	fuzz_assert(depth <= 8);
	fuzz_assert(d->front != NULL && d->front->kind == REC_MAP);
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		if (b->kind == DOC_HEADING)
			fuzz_assert(b->as.heading.level >= 1 && b->as.heading.level <= 4);
		const doc_spans *t = doc_block_text_c(b);
		for (size_t j = 0; t && j < t->n; j++)
			fuzz_assert(t->v[j].text != NULL && strlen(t->v[j].text) == t->v[j].len);
	}
	for (size_t i = 0; i < d->nseals; i++)
		fuzz_assert(strncmp(d->seals[i], root, rl) == 0 &&
		    d->seals[i][rl] == '/');
	doc_dump(d, f);
	for (size_t i = 0; i < d->natt; i++) {
		if (d->att[i].title)
			fprintf(f, "attachment %s\n", d->att[i].title);
		if (d->att[i].body)
			dump_tree(d->att[i].body, f, root, depth + 1);
	}
	if (d->issued != NULL && d->issued->body != NULL)
		dump_tree(d->issued->body, f, root, depth + 1);
}

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
	render_tmpl t = { "fuzz.md", (const char *)data, size, { root, true } };
	d = render_doc(a, &t, NULL);
	if (d != NULL) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		fuzz_assert(f != NULL);
		dump_tree(d, f, root, 0);
		fclose(f);
		fuzz_check_confined(data, size, buf, len);
		free(buf);
	} else {
		fuzz_assert(diag_failed());
	}
	arena_free(a);
	return 0;
}
