/* md.c — Markdown (CommonMark, through cmark-gfm) to the doc model.
 * The only file that includes cmark. */
#include <string.h>

#include <cmark-gfm.h>

#include "md.h"
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

/* Append text to the current block; merges with the previous span when the
 * style is the same.  Odd spaces become ordinary spaces, zero-width
 * characters are dropped. */
static void
add_text(struct mdctx *c, const char *s, size_t len, srcpos pos)
{
	doc_block *b = c->cur;
	abuf buf;
	size_t i = 0;
	uint32_t cp;
	char enc[4];

	if (b == NULL || len == 0)
		return;
	abuf_init(&buf, c->a);
	while (i < len) {
		size_t l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (cp == UTF8_BAD) {
			abuf_put(&buf, s + i, l);  /* checked earlier; keep bytes */
		} else if (utf8_is_zero_width(cp)) {
			/* dropped */
		} else if (utf8_is_odd_space(cp) || cp == '\t') {
			abuf_putc(&buf, ' ');
		} else {
			abuf_put(&buf, enc, utf8_encode(cp, enc));
		}
		i += l;
	}
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
		literal_block(c, nd);
		break;
	case CMARK_NODE_TEXT:
		text_node(c, nd, cmark_node_get_literal(nd));
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
	case CMARK_NODE_LINK:
		walk_children(c, nd);
		break;
	case CMARK_NODE_IMAGE:
		warn_unsupported(c, nd, "an image");
		walk_children(c, nd);
		break;
	default:
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
	root = cmark_parse_document(md, n, CMARK_OPT_SOURCEPOS);
	if (root == NULL) {
		diag_fatal(pos_at(d->file, 0, 0), "the Markdown parser failed");
		return false;
	}
	walk(&c, root);
	cmark_node_free(root);
	return !c.failed;
}
