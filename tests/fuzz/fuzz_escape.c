/* fuzz_escape.c — "data can never inject markup" (DESIGN §3), checked.
 *
 * The input, when it is UTF-8 without NUL, is the value of a field v in the
 * data; the template is a paragraph "前{{v}}后".  Whatever the value holds
 * (#, *, <div>, 1., ---, [x](y), &amp;, backslashes, blank lines…), the
 * doc must be paragraphs of plain text only (no heading, list item, page
 * break, strong or heading span) whose text, with white space left out,
 * is exactly 前 + the value + 后 (white space, odd and zero-width spaces
 * left out too: line joins and line-start blanks may change). */
#include "doc.h"
#include "render.h"
#include "fuzz.h"
#include "utf8.h"

/* s[0..n) without white space, odd spaces and zero-width characters. */
static void
squeeze(abuf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    cp == '\f' || cp == '\v' || utf8_is_odd_space(cp) ||
		    utf8_is_zero_width(cp)))
			abuf_put(out, s + i, l);
		i += l;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char tmpl[] = "前{{v}}后\n";
	const char *v = (const char *)data;
	arena *a;

	if (memchr(data, '\0', size) != NULL || utf8_check(v, size) != (size_t)-1)
		return 0;
	fuzz_init_diag();
	diag_reset();
	a = arena_new();
	rec *ctx = rec_new(a, REC_MAP, NOPOS);
	rec_map_set(a, ctx, "v", rec_new_str(a, arena_strndup(a, v, size), size, NOPOS));
	render_tmpl t = { "fuzz.md", tmpl, sizeof tmpl - 1, { NULL, true } };
	gw_doc *d = render_doc(a, &t, ctx);
	fuzz_assert(d != NULL);

	abuf got, want;
	abuf_init(&got, a);
	abuf_init(&want, a);
	squeeze(&want, "前", strlen("前"));
	squeeze(&want, v, size);
	squeeze(&want, "后", strlen("后"));
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		fuzz_assert(b->kind == DOC_PARA);
		const doc_spans *sp = &b->as.para.text;
		for (size_t j = 0; j < sp->n; j++) {
			fuzz_assert((sp->v[j].style & (DOC_SP_STRONG | DOC_SP_HEAD)) == 0);
			squeeze(&got, sp->v[j].text, sp->v[j].len);
		}
	}
	abuf_cstr(&got);
	abuf_cstr(&want);
	if (got.len != want.len || memcmp(got.p, want.p, got.len) != 0) {
		if (getenv("FUZZ_DIAG"))
			fprintf(stderr, "want [%s]\ngot  [%s]\n", want.p, got.p);
		fuzz_assert(!"the value's text came out changed");
	}
	arena_free(a);
	return 0;
}
