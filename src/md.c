/* md.c — Markdown (CommonMark, through cmark-gfm) to the doc model.
 * The only file that includes cmark. */
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "md.h"
#include "table.h"
#include "utf8.h"

struct mdctx {
	arena *a;
	gw_doc *d;
	const linemap *map;
	const char *md;
	size_t n;
	doc_block *cur;        /* block receiving spans */
	unsigned style;        /* current inline style */
	bool pending_break;    /* a hard break before the next span */
	bool soft_pending;     /* a soft break before the next text */
	int list_depth;
	int item_no[16];
	bool ordered[16];
	char delim[16];
	size_t *line_off;      /* byte offset of each Markdown line's start */
	size_t nlines;
	int pc_line;           /* node_pos cache: the last column counted, */
	size_t pc_end;         /* so that the nodes of a long line are */
	size_t pc_cnt;         /* counted in one pass, not each from the start */
	abuf tail;             /* growing text of the last merged span */
	int depth;             /* walk() nesting */
	bool too_deep;
	int nspace_warn;       /* stray-space warnings given (capped) */
	bool footnote_said;    /* the footnote error was given */
	int bullet_said;       /* the bullet-list warning was given */
	bool failed;           /* an error was reported */
};


/* Block quotes, list items and emphasis can nest as deep as the input
 * goes; walk() recurses, so refuse beyond this. */
#define MD_MAX_DEPTH 100

/* Template position of a node: its Markdown line through the line map. */
static srcpos
node_pos(struct mdctx *c, cmark_node *nd)
{
	int line = cmark_node_get_start_line(nd);
	int col = cmark_node_get_start_column(nd);
	srcpos p = { c->d->file, line, col, NULL };

	if (c->map != NULL && line >= 1 && (size_t)line <= c->map->n) {
		srcpos o = c->map->pos[line - 1];
		/* count characters, not bytes, up to the node's column */
		const char *s = c->md;
		size_t i = (size_t)line <= c->nlines ? c->line_off[line - 1] : c->n;
		size_t end = i + (col > 0 ? (size_t)(col - 1) : 0);
		size_t from = i, cnt = 0;
		if (end > c->n)
			end = c->n;
		if (c->pc_line == line && c->pc_end >= i && c->pc_end <= end &&
		    (c->pc_end == c->n || ((unsigned char)s[c->pc_end] & 0xC0) != 0x80)) {
			from = c->pc_end;
			cnt = c->pc_cnt;
		}
		cnt += utf8_count(s + from, end - from);
		c->pc_line = line;
		c->pc_end = end;
		c->pc_cnt = cnt;
		p = o;
		p.col = (o.col > 0 ? o.col : 1) + (int)cnt;
	}
	return p;
}

static doc_block *
new_block(struct mdctx *c, doc_block_kind kind, cmark_node *nd)
{
	doc_block *b = doc_add_block(c->a, c->d, kind,
	    nd ? node_pos(c, nd) : (srcpos){ c->d->file, 0, 0, NULL });
	c->cur = b;
	c->pending_break = false;
	return b;
}

static uint32_t last_cp(struct mdctx *c);

static bool
is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || utf8_is_odd_space(cp);
}

static void
space_warn(struct mdctx *c, srcpos pos, const char *fmt, const char *what)
{
	if (c->nspace_warn++ < DOC_MAX_SPACE_WARN)
		diag_lint(pos, fmt, what);
}

/* Append text to the current block; merges with the previous span when the
 * style is the same.  Odd spaces become ordinary spaces, zero-width
 * characters are dropped.  A Chinese text has no spaces: a run of spaces
 * (U+0020, U+00A0 and the other odd spaces) next to a wide character on
 * either side (固定资产投资 26亿元) is removed, and full-width spaces (U+3000)
 * pasted at a paragraph's start (gongwen indents it itself) too, each
 * with a warning naming the place (issue 11, item 9). */
static void
add_text(struct mdctx *c, const char *s, size_t len, srcpos pos)
{
	doc_block *b = c->cur;
	abuf buf;
	size_t i = 0;
	uint32_t cp, prev;
	int col = pos.col;

	if (b == NULL || len == 0)
		return;
	prev = last_cp(c);
	abuf_init(&buf, c->a);
	if (b->kind != DOC_PAGEBREAK && doc_block_text(b)->n == 0) {
		size_t k = 0, l;
		bool wide = false;
		while (k < len) {
			l = utf8_decode((const unsigned char *)s + k, len - k, &cp);
			if (cp != 0x3000 && !is_blank(cp))
				break;
			wide |= cp == 0x3000;
			k += l;
		}
		if (wide) {
			space_warn(c, pos, "%s at the start of a paragraph removed: "
			    "gongwen indents every paragraph by two characters "
			    "itself", "full-width spaces (U+3000)");
			col += (int)utf8_count(s, k);
			i = k;
		}
	}
	srcpos at = pos;
	at.col = col;
	doc_squeeze_spaces(&buf, s + i, len - i, at, prev, NULL, &c->nspace_warn);
	if (buf.len == 0)
		return;
	unsigned style = c->style | (c->pending_break ? DOC_SP_BREAK : 0);
	doc_spans *t = doc_block_text(b);
	c->pending_break = false;
	if (t->n > 0 && t->v[t->n - 1].style == style && t->v[t->n - 1].pos.line == pos.line) {
		doc_span *sp = &t->v[t->n - 1];
		/* grow one buffer per span: copying the span for every text
		 * node was quadratic on a long line of *a*b*c… */
		if (sp->text != c->tail.p) {
			abuf_init(&c->tail, c->a);
			abuf_put(&c->tail, sp->text, sp->len);
		}
		abuf_put(&c->tail, buf.p, buf.len);
		sp->text = c->tail.p;
		sp->len = c->tail.len;
		return;
	}
	doc_span *sp = doc_add_span(c->a, b);
	sp->text = buf.p;
	sp->len = buf.len;
	sp->style = style;
	sp->pos = pos;
}

/* Last code point of the current block's text (0 if none). */
static uint32_t
last_cp(struct mdctx *c)
{
	doc_block *b = c->cur;
	uint32_t cp = 0;

	const doc_spans *t = b ? doc_block_text_c(b) : NULL;
	if (t == NULL || t->n == 0)
		return 0;
	const doc_span *sp = &t->v[t->n - 1];
	size_t i = sp->len;
	while (i > 0 && ((unsigned char)sp->text[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	utf8_decode((const unsigned char *)sp->text + i, sp->len - i, &cp);
	return cp;
}

/* A soft line break: Chinese text joins without a space; Latin words get
 * one.  Decided when the next text arrives (c->soft_pending). */

static void
text_node(struct mdctx *c, cmark_node *nd, const char *lit)
{
	size_t len = strlen(lit);
	srcpos pos = node_pos(c, nd);

	if (c->soft_pending) {
		uint32_t next = 0;
		c->soft_pending = false;
		utf8_decode((const unsigned char *)lit, len, &next);
		uint32_t prev = last_cp(c);
		if (prev != 0 && next != 0 && !utf8_is_wide(prev) && !utf8_is_wide(next) &&
		    prev != ' ' && next != ' ')
			add_text(c, " ", 1, pos);
	}
	add_text(c, lit, len, pos);
}

static void
warn_unsupported(struct mdctx *c, cmark_node *nd, const char *what)
{
	diag_warn(node_pos(c, nd), "%s is not part of a 公文; shown as plain text", what);
}

static void walk(struct mdctx *c, cmark_node *nd);

/* A 公文 has no footnotes (issue 11, item 17): an error, once a document,
 * saying what to write instead. */
static void
footnote_error(struct mdctx *c, srcpos pos, const char *what)
{
	c->failed = true;
	if (c->footnote_said)
		return;
	c->footnote_said = true;
	diag_error(pos, "%s: a 公文 has no footnotes; write the note in "
	    "brackets after the text it explains (（注：…）), or put it in the "
	    "附注 front-matter key", what);
}

/* Footnote definitions "[^1]: …" (cmark without the footnote extension
 * takes them for link definitions and drops them). */
static void
find_footnote_defs(struct mdctx *c)
{
	for (size_t l = 0; l < c->nlines; l++) {
		const char *p = c->md + c->line_off[l];
		const char *end = l + 1 < c->nlines ? c->md + c->line_off[l + 1] : c->md + c->n;
		int sp = 0;
		while (p < end && *p == ' ' && sp < 3) {
			p++;
			sp++;
		}
		if (end - p < 4 || p[0] != '[' || p[1] != '^')
			continue;
		const char *q = p + 2;
		while (q < end && *q != ']' && *q != '\n')
			q++;
		if (q + 1 < end && q[0] == ']' && q[1] == ':' && q > p + 2) {
			srcpos pos = { c->d->file, (int)l + 1, sp + 1, NULL };
			if (c->map != NULL && l < c->map->n) {
				pos = c->map->pos[l];
				pos.col = (pos.col > 0 ? pos.col : 1) + sp;
			}
			footnote_error(c, pos, "a footnote");
		}
	}
}

/* ---- tables (table.h) ---- */

/* Plain text of a node's inlines (a pipe table cell). */
static void
inline_text(cmark_node *nd, abuf *b)
{
	for (cmark_node *ch = cmark_node_first_child(nd); ch; ch = cmark_node_next(ch)) {
		switch (cmark_node_get_type(ch)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			abuf_puts(b, cmark_node_get_literal(ch));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			abuf_putc(b, '\n');
			break;
		default:
			inline_text(ch, b);
			break;
		}
	}
}

/* A GFM pipe table: a static table, header row in 黑体. */
static void
pipe_table(struct mdctx *c, cmark_node *nd)
{
	size_t ncols = cmark_gfm_extensions_get_table_columns(nd);
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(nd);
	doc_block *b = new_block(c, DOC_TABLE, nd);
	tbl *t = tbl_new_static(c->a, ncols, b->pos);
	b->as.table.t = t;
	for (size_t j = 0; j < ncols && al; j++)
		tbl_static_align(t, j, al[j] == 'l' ? TA_LEFT : al[j] == 'c' ? TA_CENTER :
		    al[j] == 'r' ? TA_RIGHT : TA_AUTO);
	for (cmark_node *row = cmark_node_first_child(nd); row; row = cmark_node_next(row)) {
		bool head = strcmp(cmark_node_get_type_string(row), "table_header") == 0 ||
		    cmark_gfm_extensions_get_table_row_is_header(row);
		srcpos rp = node_pos(c, row);
		tbl_cell *cells = tbl_add_row(c->a, t, head ? TR_HEAD : TR_BODY, rp);
		size_t j = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && j < ncols;
		    cell = cmark_node_next(cell), j++) {
			abuf txt;
			abuf_init(&txt, c->a);
			inline_text(cell, &txt);
			cells[j].text = abuf_cstr(&txt);
			cells[j].pos = node_pos(c, cell);
		}
	}
	c->cur = NULL;
}

/* A fenced block with info string "table": the YAML spec of a data-bound
 * table, at its template position (the template stage left it as typed). */
static bool
table_fence(struct mdctx *c, cmark_node *nd)
{
	const char *info = cmark_node_get_fence_info(nd);
	if (info == NULL || strncmp(info, "table", 5) != 0 ||
	    (info[5] != '\0' && info[5] != ' '))
		return false;
	const char *lit = cmark_node_get_literal(nd);
	int line = cmark_node_get_start_line(nd) + 1;     /* the spec's first line */
	srcpos p = { c->d->file, line, 1, NULL };
	if (c->map != NULL && line >= 1 && (size_t)line <= c->map->n)
		p = c->map->pos[line - 1];
	doc_block *b = new_block(c, DOC_TABLE, nd);
	b->as.table.t = tbl_parse(c->a, p.file, lit ? lit : "", lit ? strlen(lit) : 0,
	    p.line > 0 ? p.line : line);
	if (b->as.table.t == NULL)
		c->failed = true;
	c->cur = NULL;
	return true;
}

static void
walk_children(struct mdctx *c, cmark_node *nd)
{
	for (cmark_node *ch = cmark_node_first_child(nd); ch; ch = cmark_node_next(ch))
		walk(c, ch);
}

static void
heading_node(struct mdctx *c, cmark_node *nd)
{
	doc_block *b;
	int level = cmark_node_get_heading_level(nd);
	if (level > 4) {
		diag_warn(node_pos(c, nd), "heading level %d: a 公文 has four levels "
		    "(一、（一）1.（1）); treated as level 4", level);
		level = 4;
	}
	b = new_block(c, DOC_HEADING, nd);
	b->as.heading.level = level;
	c->style = DOC_SP_HEAD;
	c->soft_pending = false;
	walk_children(c, nd);
	c->style = 0;
	c->cur = NULL;
}

static void
list_node(struct mdctx *c, cmark_node *nd)
{
	int d = c->list_depth;
	if (d >= 15) {
		diag_error(node_pos(c, nd), "lists nested more than 15 deep");
		c->failed = true;
		return;
	}
	/* a 公文 has no bullet marks: each item is set as a paragraph of
	 * its own, and the clerk is told so (not dropped silently) */
	if (cmark_node_get_list_type(nd) != CMARK_ORDERED_LIST &&
	    !c->bullet_said++)
		diag_warn(node_pos(c, nd), "a bullet list: a 公文 has no bullet "
		    "marks, so each item is set as a paragraph of its own; "
		    "number the items (1. 2. …) or make them headings if "
		    "they are points of the text");
	c->list_depth++;
	c->ordered[d + 1] = cmark_node_get_list_type(nd) == CMARK_ORDERED_LIST;
	c->item_no[d + 1] = cmark_node_get_list_start(nd);
	c->delim[d + 1] = cmark_node_get_list_delim(nd) == CMARK_PAREN_DELIM ? ')' : '.';
	walk_children(c, nd);
	c->list_depth--;
}

/* A code or HTML block: not part of a 公文; each line a paragraph. */
static void
literal_block(struct mdctx *c, cmark_node *nd)
{
	const char *lit;

	warn_unsupported(c, nd, cmark_node_get_type(nd) == CMARK_NODE_CODE_BLOCK ?
	    "a code block" : "an HTML block");
	lit = cmark_node_get_literal(nd);
	/* each line a paragraph of its own */
	const char *p = lit ? lit : "";
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l > 0) {
			new_block(c, DOC_PARA, nd);
			add_text(c, p, l, node_pos(c, nd));
		}
		p += l + (e ? 1 : 0);
	}
	c->cur = NULL;
}

/* A text node; "[^1]" there is a footnote reference cmark left as text. */
static void
text_literal(struct mdctx *c, cmark_node *nd)
{
	const char *t = cmark_node_get_literal(nd);
	const char *f = t ? strstr(t, "[^") : NULL;
	if (f != NULL && strchr(f + 2, ']') != NULL) {
		srcpos p = node_pos(c, nd);
		p.col += (int)utf8_count(t, (size_t)(f - t));
		footnote_error(c, p, "a footnote reference");
	}
	text_node(c, nd, t);
}

/* The caption of an image: the literal text of its description. */
static void
alt_text(abuf *b, cmark_node *nd, int depth)
{
	for (cmark_node *k = cmark_node_first_child(nd); k && depth < 8; k = cmark_node_next(k)) {
		cmark_node_type t = cmark_node_get_type(k);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			abuf_puts(b, cmark_node_get_literal(k));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			abuf_putc(b, ' ');
		else
			alt_text(b, k, depth + 1);
	}
}

/* A paragraph that is one image and nothing else (blanks aside): a figure
 * block (doc_add_figure checks the file).  false: an ordinary paragraph. */
static bool
lone_image(struct mdctx *c, cmark_node *para)
{
	cmark_node *img = NULL;
	for (cmark_node *k = cmark_node_first_child(para); k; k = cmark_node_next(k)) {
		cmark_node_type t = cmark_node_get_type(k);
		if (t == CMARK_NODE_IMAGE && img == NULL) {
			img = k;
			continue;
		}
		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			continue;
		if (t == CMARK_NODE_TEXT) {
			const char *l = cmark_node_get_literal(k);
			while (l && (*l == ' ' || *l == '\t'))
				l++;
			if (l == NULL || *l == '\0')
				continue;
		}
		return false;
	}
	if (img == NULL)
		return false;
	abuf cap;
	abuf_init(&cap, c->a);
	alt_text(&cap, img, 0);
	/* "图1 标题": the space after the figure's number is a full-width
	 * one, as captions are set (图1　标题) */
	const char *t = abuf_cstr(&cap);
	if (strncmp(t, "图", 3) == 0) {
		size_t k = 3, e;
		while (t[k] && (strchr("0123456789-.", t[k]) != NULL))
			k++;
		for (e = k; t[e] == ' ' || t[e] == '\t'; e++)
			;
		if (k > 3 && e > k && t[e] != '\0')
			t = arena_printf(c->a, "%.*s\u3000%s", (int)k, t, t + e);
	}
	srcpos pos = node_pos(c, img);
	c->cur = NULL;
	if (doc_add_figure(c->a, c->d, cmark_node_get_url(img), t, pos) == NULL)
		c->failed = true;
	return true;
}

static void
walk(struct mdctx *c, cmark_node *nd)
{
	doc_block *b;

	if (c->depth >= MD_MAX_DEPTH) {
		if (!c->too_deep)
			diag_error(node_pos(c, nd), "Markdown nested more than %d "
			    "deep (block quotes, lists, emphasis)", MD_MAX_DEPTH);
		c->too_deep = true;
		c->failed = true;
		return;
	}
	c->depth++;
	switch (cmark_node_get_type(nd)) {
	case CMARK_NODE_DOCUMENT:
		walk_children(c, nd);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (c->list_depth == 0 && lone_image(c, nd))
			break;
		if (c->list_depth > 0 && c->cur != NULL && c->cur->kind == DOC_ITEM &&
		    c->cur->as.item.text.n == 0) {
			/* first paragraph of a list item: fill the item block */
		} else {
			b = new_block(c, c->list_depth > 0 ? DOC_ITEM : DOC_PARA, nd);
			if (b->kind == DOC_ITEM)
				b->as.item.depth = c->list_depth;
		}
		c->soft_pending = false;
		walk_children(c, nd);
		c->cur = NULL;
		break;
	case CMARK_NODE_HEADING:
		heading_node(c, nd);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		new_block(c, DOC_PAGEBREAK, nd);
		c->cur = NULL;
		break;
	case CMARK_NODE_LIST:
		list_node(c, nd);
		break;
	case CMARK_NODE_ITEM: {
		int d = c->list_depth;
		b = new_block(c, DOC_ITEM, nd);
		b->as.item.depth = d;
		if (c->ordered[d])
			b->as.item.marker = arena_printf(c->a, "%d%c", c->item_no[d]++, c->delim[d]);
		walk_children(c, nd);
		c->cur = NULL;
		break;
	}
	case CMARK_NODE_BLOCK_QUOTE:
		walk_children(c, nd);
		break;
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		if (!table_fence(c, nd))
			literal_block(c, nd);
		break;
	case CMARK_NODE_TEXT:
		text_literal(c, nd);
		break;
	case CMARK_NODE_CODE:
		text_node(c, nd, cmark_node_get_literal(nd));
		break;
	case CMARK_NODE_HTML_INLINE:
		warn_unsupported(c, nd, "inline HTML");
		text_node(c, nd, cmark_node_get_literal(nd));
		break;
	case CMARK_NODE_SOFTBREAK:
		c->soft_pending = true;
		break;
	case CMARK_NODE_LINEBREAK:
		c->pending_break = true;
		c->soft_pending = false;
		break;
	case CMARK_NODE_STRONG: {
		unsigned save = c->style;
		c->style |= DOC_SP_STRONG;
		walk_children(c, nd);
		c->style = save;
		break;
	}
	case CMARK_NODE_EMPH:
		/* no italics in a 公文: the text is kept, the emphasis is not */
		walk_children(c, nd);
		break;
	case CMARK_NODE_LINK: {
		/* [^1] with a "[^1]: …" definition parses as a link whose text
		 * starts with ^ (the definition is reported in md_to_doc) */
		cmark_node *t = cmark_node_first_child(nd);
		const char *tl = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ?
		    cmark_node_get_literal(t) : NULL;
		if (tl != NULL && tl[0] == '^')
			footnote_error(c, node_pos(c, nd), "a footnote reference");
		walk_children(c, nd);
		break;
	}
	case CMARK_NODE_IMAGE: {
		/* a figure stands in a paragraph of its own (lone_image); one
		 * inside a line of text has no place a clerk would expect */
		const char *url = cmark_node_get_url(nd);
		c->failed = true;
		diag_error(node_pos(c, nd), "an image (%s) inside a line of text; put "
		    "it in a paragraph of its own (a blank line before and after): "
		    "it is centred in the 版心 with its caption under it",
		    url && *url ? url : "no file named");
		break;
	}
	default:
		if (strcmp(cmark_node_get_type_string(nd), "table") == 0)
			pipe_table(c, nd);
		else
			walk_children(c, nd);
		break;
	}
	c->depth--;
}

bool
md_to_doc(arena *a, gw_doc *d, const char *md, size_t n, const linemap *map)
{
	struct mdctx c;
	cmark_node *root;

	memset(&c, 0, sizeof c);
	c.a = a;
	c.d = d;
	c.map = map;
	c.md = md;
	c.n = n;
	abuf_init(&c.tail, a);
	c.nlines = 1;
	for (size_t i = 0; i < n; i++)
		c.nlines += md[i] == '\n';
	c.line_off = arena_alloc(a, c.nlines * sizeof *c.line_off);
	for (size_t i = 0, l = 1; i < n; i++)
		if (md[i] == '\n')
			c.line_off[l++] = i + 1;
	c.soft_pending = false;
	find_footnote_defs(&c);
	/* GFM pipe tables through cmark-gfm's table extension */
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_SOURCEPOS);
	cmark_syntax_extension *ext = cmark_find_syntax_extension("table");
	if (ext != NULL)
		cmark_parser_attach_syntax_extension(parser, ext);
	cmark_parser_feed(parser, md, n);
	root = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	if (root == NULL) {
		diag_fatal(pos_at(d->file, 0, 0), "the Markdown parser failed");
		return false;
	}
	walk(&c, root);
	cmark_node_free(root);
	return !c.failed;
}
