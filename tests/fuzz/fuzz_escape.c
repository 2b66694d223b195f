/* fuzz_escape.c — "data can never inject markup" (DESIGN §3), checked.
 *
 * The input, when it is UTF-8 without NUL, is the value of a field v in the
 * data; the template is a paragraph "前{{v}}后".  Whatever the value holds
 * (#, *, <div>, 1., ---, [x](y), &amp;, backslashes, blank lines…), the
 * doc must be paragraphs of plain text only (no heading, list item, page
 * break, strong or heading span) whose text, with white space left out,
 * is exactly 前 + the value + 后 (white space, odd and zero-width spaces
 * left out too: line joins and line-start blanks may change), with no hard
 * line break (blanks ending a line of the value made one).
 *
 * The same value in "# {{v}}" leaves the heading its automatic number ("1.
 * 项" removed it) and makes no other heading; in "- {{v}}" it stays in the
 * list item (leading blanks made a code block after the marker). */
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

/* The doc of template tmpl with v = the value; checks common to all three */
static gw_doc *
expand(arena *a, const char *tmpl, const char *v, size_t size, abuf *got)
{
	rec *ctx = rec_new(a, REC_MAP, NOPOS);
	rec_map_set(a, ctx, "v", rec_new_str(a, arena_strndup(a, v, size), size, NOPOS));
	render_tmpl t = { "fuzz.md", tmpl, strlen(tmpl), { NULL, true } };
	diag_reset();
	gw_doc *d = render_doc(a, &t, ctx);
	fuzz_assert(d != NULL);
	abuf_init(got, a);
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_spans *sp = doc_block_text_c(&d->blocks[i]);
		for (size_t j = 0; sp && j < sp->n; j++) {
			fuzz_assert((sp->v[j].style & DOC_SP_STRONG) == 0);
			fuzz_assert((sp->v[j].style & DOC_SP_BREAK) == 0);
			squeeze(got, sp->v[j].text, sp->v[j].len);
		}
	}
	abuf_cstr(got);
	return d;
}

static void
same_text(abuf *got, abuf *want)
{
	if (got->len != want->len || memcmp(got->p, want->p, got->len) != 0) {
		if (getenv("FUZZ_DIAG"))
			fprintf(stderr, "want [%s]\ngot  [%s]\n", want->p, got->p);
		fuzz_assert(!"the value's text came out changed");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v = (const char *)data;
	arena *a;

	if (memchr(data, '\0', size) != NULL || utf8_check(v, size) != (size_t)-1)
		return 0;
	fuzz_init_diag();
	a = arena_new();

	abuf got, want, bare;
	abuf_init(&want, a);
	squeeze(&want, "前", strlen("前"));
	squeeze(&want, v, size);
	squeeze(&want, "后", strlen("后"));
	abuf_cstr(&want);
	abuf_init(&bare, a);
	squeeze(&bare, v, size);
	abuf_cstr(&bare);

	/* in a paragraph: paragraphs of plain text only */
	gw_doc *d = expand(a, "前{{v}}后\n", v, size, &got);
	for (size_t i = 0; i < d->nblocks; i++) {
		fuzz_assert(d->blocks[i].kind == DOC_PARA);
		const doc_spans *sp = &d->blocks[i].as.para.text;
		for (size_t j = 0; j < sp->n; j++)
			fuzz_assert((sp->v[j].style & DOC_SP_HEAD) == 0);
	}
	same_text(&got, &want);

	/* in a heading: one heading, first, with its automatic number */
	d = expand(a, "# {{v}}\n", v, size, &got);
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		fuzz_assert(i == 0 ? b->kind == DOC_HEADING : b->kind == DOC_PARA);
		if (i == 0)
			fuzz_assert(b->as.heading.number != NULL &&
			    strcmp(b->as.heading.number, "一、") == 0);
	}
	same_text(&got, &bare);

	/* in a list item: the first line of the value stays in the item */
	d = expand(a, "- {{v}}\n", v, size, &got);
	for (size_t i = 0; i < d->nblocks; i++)
		fuzz_assert(i == 0 ? d->blocks[i].kind == DOC_ITEM : d->blocks[i].kind == DOC_PARA);
	if (d->nblocks > 0 && size > 0 && v[0] != '\n' && v[0] != '\r') {
		abuf first;
		abuf_init(&first, a);
		const doc_spans *sp = &d->blocks[0].as.item.text;
		for (size_t j = 0; j < sp->n; j++)
			squeeze(&first, sp->v[j].text, sp->v[j].len);
		size_t l = 0;
		while (l < size && v[l] != '\n' && v[l] != '\r')
			l++;
		abuf line;
		abuf_init(&line, a);
		squeeze(&line, v, l);
		fuzz_assert(first.len >= line.len);
	}
	same_text(&got, &bare);
	arena_free(a);
	return 0;
}
