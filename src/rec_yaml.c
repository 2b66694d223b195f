/* rec_yaml.c — YAML (data files and template front matter) into the value
 * tree, through libyaml's event API.
 *
 * Scalars: plain true/false (any case form YAML 1.2 allows: true, True,
 * TRUE) become REC_BOOL; plain ~, null, Null, NULL and an empty plain value
 * become REC_NULL; everything else is text, kept as written, and a plain
 * scalar that reads as a decimal number gets is_number.  YAML 1.1 yes/no/
 * on/off stay text, as do dates.  Explicit tags !!str, !!int, !!float,
 * !!bool, !!null are honoured.
 *
 * The tree is built with an explicit stack (no recursion), nesting is
 * limited, an alias shares the anchored node (no copy), and the size of
 * the tree *as if aliases were expanded* is limited, so an alias bomb is a
 * clean error and later walks of the tree stay bounded. */
#include "rec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "utf8.h"

#define YAML_MAX_DEPTH 256
#define YAML_MAX_NODES 10000000UL   /* after alias expansion */

struct anchor {
	const char *name;
	rec *node;
	size_t size;     /* expanded node count */
};

struct frame {
	rec *node;
	const char *anchor;
	size_t start;     /* total count when the node began */
	const char *key;  /* REC_MAP: pending key, NULL when expecting one */
	srcpos keypos;
};

/* Every (mapping, key) seen, so that duplicate checks stay O(1) even in a
 * mapping with very many keys. */
struct kslot {
	const rec *map;
	const char *key;
	size_t idx;          /* index in map->k */
};

struct ybuild {
	arena *a;
	const char *file;
	int first_line;
	const char *text;
	size_t n;
	struct frame stack[YAML_MAX_DEPTH + 1];
	int depth;
	rec *root;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	size_t total;
	bool failed;
	size_t mline, mcol, moff;  /* mark_offset's memo */
	struct kslot *keys;  /* open addressing, malloc'd */
	size_t kcap, kused;
};

static uint64_t
khash(const rec *map, const char *key)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)map;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h ^ (h >> 29);
}

/* The slot of (map, key): its entry, or the empty slot where it would go. */
static struct kslot *
kfind(struct ybuild *y, const rec *map, const char *key)
{
	size_t i = (size_t)khash(map, key) & (y->kcap - 1);

	while (y->keys[i].map != NULL &&
	    (y->keys[i].map != map || strcmp(y->keys[i].key, key) != 0))
		i = (i + 1) & (y->kcap - 1);
	return &y->keys[i];
}

static void
kinsert(struct ybuild *y, const rec *map, const char *key, size_t idx)
{
	if (2 * (y->kused + 1) > y->kcap) {
		struct kslot *old = y->keys;
		size_t ocap = y->kcap;
		y->kcap = ocap ? ocap * 2 : 64;
		y->keys = xcalloc(y->kcap, sizeof *y->keys);
		for (size_t i = 0; i < ocap; i++)
			if (old[i].map != NULL)
				*kfind(y, old[i].map, old[i].key) = old[i];
		free(old);
	}
	struct kslot *k = kfind(y, map, key);
	k->map = map;
	k->key = key;
	k->idx = idx;
	y->kused++;
}

static srcpos
ypos(struct ybuild *y, yaml_mark_t m)
{
	return pos_at(y->file, (int)m.line + y->first_line, (int)m.column + 1);
}

/* Byte offset of a libyaml mark (whose index counts characters).  Events
 * come in document order, so the walk goes on from the last mark found
 * (y->mline/mcol/moff) and the whole parse stays linear. */
static size_t
mark_offset(struct ybuild *y, yaml_mark_t m)
{
	size_t off = 0, line = 0, col = 0;

	if (m.line > y->mline || (m.line == y->mline && m.column >= y->mcol)) {
		off = y->moff;
		line = y->mline;
		col = y->mcol;
	}
	while (off < y->n && line < m.line) {
		const char *nl = memchr(y->text + off, '\n', y->n - off);
		if (nl == NULL)
			return y->n;
		off = (size_t)(nl - y->text) + 1;
		line++;
		col = 0;
	}
	while (off < y->n && col < m.column && y->text[off] != '\n') {
		off++;
		while (off < y->n && ((unsigned char)y->text[off] & 0xC0) == 0x80)
			off++;
		col++;
	}
	y->mline = line;
	y->mcol = col;
	y->moff = off;
	return off;
}

/* The source line holding byte offset `off`, for hints. */
static void
line_bounds(struct ybuild *y, size_t off, const char **b, const char **e)
{
	const char *s = y->text, *end = y->text + y->n;
	const char *p = s + (off > y->n ? y->n : off);

	*b = p;
	while (*b > s && (*b)[-1] != '\n')
		(*b)--;
	*e = memchr(p, '\n', (size_t)(end - p));
	if (*e == NULL)
		*e = end;
}

static bool
has_bytes(const char *b, const char *e, const char *needle)
{
	size_t nl = strlen(needle);

	for (const char *p = b; p + nl <= e; p++)
		if (memcmp(p, needle, nl) == 0)
			return true;
	return false;
}

static void
parser_error(struct ybuild *y, yaml_parser_t *p)
{
	srcpos at = ypos(y, p->problem_mark);
	const char *prob = p->problem ? p->problem : "syntax error";
	const char *b, *e;

	if (p->error == YAML_MEMORY_ERROR) {
		diag_fatal(pos_at(y->file, 0, 0), "out of memory reading YAML");
		y->failed = true;
		return;
	}
	if (p->context != NULL)
		diag_error(at, "%s (%s at line %d)", prob, p->context,
		    (int)p->context_mark.line + y->first_line);
	else
		diag_error(at, "%s", prob);
	/* Hints for the usual slips of a clerk typing on a Chinese IME,
	 * looked for on the problem's line and on its context's line (libyaml
	 * often notices a missing ':' only on the next line). */
	for (int k = 0; k < 2; k++) {
		yaml_mark_t m = k == 0 ? p->problem_mark : p->context_mark;
		if (k == 1 && (p->context == NULL ||
		    m.line == p->problem_mark.line))
			break;
		y->mline = y->mcol = y->moff = 0;
		line_bounds(y, mark_offset(y, m), &b, &e);
		srcpos hat = pos_at(y->file, (int)m.line + y->first_line, 0);
		if (has_bytes(b, e, "\xEF\xBC\x9A") && !has_bytes(b, e, ":")) {
			diag_note(hat, "a key needs an ASCII colon and a space "
			    "(\"标题: …\"), not a full-width \"：\"");
			break;
		}
		if (b < e && *b == '\t') {
			diag_note(hat, "YAML indentation must use spaces, not tabs");
			break;
		}
		/* "署名:某局": a colon with no space after it makes no key */
		const char *colon = NULL;
		for (const char *q = b; q < e && *q != '#' && *q != '"' && *q != '\''; q++)
			if (*q == ':') {
				if (q + 1 < e && q[1] != ' ' && q[1] != '\t' && q[1] != '\r')
					colon = q;
				break;
			}
		if (colon != NULL && colon > b) {
			const char *ke = colon, *ve = e;
			const char *kb = b;
			while (kb < ke && *kb == ' ')
				kb++;
			while (ve > colon + 1 && (ve[-1] == '\r' || ve[-1] == ' '))
				ve--;
			int col = 1;
			for (const char *q = b; q < colon; q++)
				if (((unsigned char)*q & 0xC0) != 0x80)
					col++;
			hat.col = col;
			diag_note(hat, "a key needs a space after its colon: write \"%.*s: %.*s\"",
			    (int)(ke - kb), kb, (int)(ve - colon - 1), colon + 1);
			break;
		}
	}
	y->failed = true;
}

static bool
is_plain_null(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '~') ||
	    (n == 4 && (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
	    memcmp(s, "NULL", 4) == 0));
}

static rec *
bool_rec(arena *a, srcpos pos, int b)
{
	rec *r = rec_new(a, REC_BOOL, pos);
	r->b = b != 0;
	r->s = b ? "true" : "false";
	r->len = strlen(r->s);
	return r;
}

static int
plain_bool(const char *s, size_t n)
{
	if (n == 4 && (memcmp(s, "true", 4) == 0 || memcmp(s, "True", 4) == 0 ||
	    memcmp(s, "TRUE", 4) == 0))
		return 1;
	if (n == 5 && (memcmp(s, "false", 5) == 0 ||
	    memcmp(s, "False", 5) == 0 || memcmp(s, "FALSE", 5) == 0))
		return 0;
	return -1;
}

static rec *
make_scalar(struct ybuild *y, yaml_event_t *ev, srcpos pos)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	bool plain = ev->data.scalar.plain_implicit &&
	    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	rec *r;
	int b;

	if (memchr(s, '\0', n) != NULL) {
		/* "\0" in a quoted scalar: no text holds it (it printed as U+FFFD) */
		diag_error(pos, "a NUL character (\"\\0\") in a value: text cannot hold it; "
		    "remove it");
		y->failed = true;
	}
	if (tag != NULL) {
		if (strcmp(tag, YAML_NULL_TAG) == 0)
			return rec_new(y->a, REC_NULL, pos);
		if (strcmp(tag, YAML_BOOL_TAG) == 0 &&
		    (b = plain_bool(s, n)) >= 0)
			return bool_rec(y->a, pos, b);
		r = rec_new_str(y->a, s, n, pos);
		if (strcmp(tag, YAML_INT_TAG) == 0 ||
		    strcmp(tag, YAML_FLOAT_TAG) == 0)
			r->is_number = rec_number(r, NULL);
		return r;
	}
	if (plain) {
		if (is_plain_null(s, n))
			return rec_new(y->a, REC_NULL, pos);
		if ((b = plain_bool(s, n)) >= 0)
			return bool_rec(y->a, pos, b);
	}
	r = rec_new_str(y->a, s, n, pos);
	if (plain)
		r->is_number = rec_number(r, NULL);
	return r;
}

/* Count `k` more values (after alias expansion); false past the limit. */
static bool
count(struct ybuild *y, size_t k, srcpos at)
{
	if (k > YAML_MAX_NODES || y->total + k > YAML_MAX_NODES) {
		diag_error(at, "too many values: more than %lu after expanding "
		    "aliases (an alias bomb?)", YAML_MAX_NODES);
		y->failed = true;
		return false;
	}
	y->total += k;
	return true;
}

/* Attach a finished or just-opened node to its parent. */
static bool
attach(struct ybuild *y, rec *node, srcpos at)
{
	struct frame *f;

	if (y->depth == 0) {
		y->root = node;
		return true;
	}
	f = &y->stack[y->depth - 1];
	if (f->node->kind == REC_LIST) {
		rec_list_push(y->a, f->node, node);
		return true;
	}
	/* map */
	if (f->key == NULL) {
		if (node->kind == REC_LIST || node->kind == REC_MAP) {
			diag_error(at, "a key must be plain text, not a %s",
			    node->kind == REC_LIST ? "list" : "mapping");
			y->failed = true;
			return false;
		}
		f->key = node->kind == REC_NULL ? "" : node->s;
		f->keypos = at;
		return true;
	}
	rec *old = NULL;
	if (y->kcap > 0) {
		struct kslot *k = kfind(y, f->node, f->key);
		if (k->map != NULL)
			old = f->node->v[k->idx];
	}
	if (old != NULL) {
		if (old->pos.line > 0)
			diag_error(f->keypos, "duplicate key \"%s\" (already "
			    "given at line %d)", f->key, old->pos.line);
		else
			diag_error(f->keypos, "duplicate key \"%s\"", f->key);
		y->failed = true;
		/* keep the first value; go on to report more */
	} else {
		rec_list_push(y->a, f->node, node);
		f->node->k[f->node->n - 1] = f->key;
		kinsert(y, f->node, f->key, f->node->n - 1);
	}
	f->key = NULL;
	return true;
}

static void
add_anchor(struct ybuild *y, const char *name, rec *node, size_t size)
{
	struct anchor *an = ARENA_PUSH(y->a, y->anchors, y->nanchors,
	    y->capanchors);
	an->name = name;
	an->node = node;
	an->size = size;
}

static struct anchor *
find_anchor(struct ybuild *y, const char *name)
{
	for (size_t i = y->nanchors; i-- > 0;)
		if (strcmp(y->anchors[i].name, name) == 0)
			return &y->anchors[i];
	return NULL;
}

/* Is the anchor `name` on a node still open (a recursive alias)? */
static bool
anchor_open(struct ybuild *y, const char *name)
{
	for (int i = 0; i < y->depth; i++)
		if (y->stack[i].anchor && strcmp(y->stack[i].anchor, name) == 0)
			return true;
	return false;
}

static bool
handle(struct ybuild *y, yaml_event_t *ev, int *docs)
{
	srcpos at = ypos(y, ev->start_mark);
	rec *r;
	const char *anchor = NULL;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_NO_EVENT:
		return true;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			diag_error(at, "a second YAML document (\"---\"); only "
			    "one is allowed here");
			y->failed = true;
			return false;
		}
		return true;
	case YAML_SCALAR_EVENT:
		if (!count(y, 1, at))
			return false;
		{
			/* a quoted value's text starts after its quote, which
			 * matters for fields inside it (front matter) */
			srcpos vat = at;
			size_t ix = mark_offset(y, ev->start_mark);
			if (ix < y->n && (y->text[ix] == '"' || y->text[ix] == '\''))
				vat.col++;
			r = make_scalar(y, ev, vat);
		}
		if (ev->data.scalar.anchor)
			add_anchor(y, arena_strdup(y->a,
			    (const char *)ev->data.scalar.anchor), r, 1);
		return attach(y, r, at);
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		struct anchor *an = find_anchor(y, name);
		if (an == NULL) {
			if (anchor_open(y, name))
				diag_error(at, "alias *%s refers to a value that "
				    "contains it", name);
			else
				diag_error(at, "unknown alias *%s (no &%s before "
				    "it)", name, name);
			y->failed = true;
			return false;
		}
		if (!count(y, an->size, at))
			return false;
		return attach(y, an->node, at);
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (y->depth >= YAML_MAX_DEPTH) {
			diag_error(at, "nested too deeply (more than %d levels)",
			    YAML_MAX_DEPTH);
			y->failed = true;
			return false;
		}
		if (!count(y, 1, at))
			return false;
		r = rec_new(y->a, ev->type == YAML_SEQUENCE_START_EVENT ?
		    REC_LIST : REC_MAP, at);
		anchor = (const char *)(ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.anchor :
		    ev->data.mapping_start.anchor);
		if (!attach(y, r, at))
			return false;
		y->stack[y->depth].node = r;
		y->stack[y->depth].anchor = anchor ?
		    arena_strdup(y->a, anchor) : NULL;
		y->stack[y->depth].start = y->total - 1;
		y->stack[y->depth].key = NULL;
		y->depth++;
		return true;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		struct frame *f;
		if (y->depth == 0)
			return true;
		f = &y->stack[--y->depth];
		if (f->anchor)
			add_anchor(y, f->anchor, f->node, y->total - f->start);
		return true;
	}
	}
	return true;
}

rec *
rec_yaml_parse(arena *a, const char *file, const char *text, size_t n,
               int first_line)
{
	struct ybuild y = { 0 };
	yaml_parser_t p;
	yaml_event_t ev;
	int docs = 0;
	const char *nul;

	y.a = a;
	y.file = file ? arena_strdup(a, file) : NULL;
	y.first_line = first_line > 0 ? first_line : 1;
	y.text = text;
	y.n = n;

	/* libyaml stops silently at a NUL byte; say so instead. */
	if ((nul = memchr(text, '\0', n)) != NULL) {
		int l, c;
		utf8_linecol(text, n, (size_t)(nul - text), &l, &c);
		diag_error(pos_at(y.file, l + y.first_line - 1, c),
		    "NUL byte in YAML text");
		return NULL;
	}

	if (!yaml_parser_initialize(&p)) {
		diag_fatal(pos_at(y.file, 0, 0), "out of memory reading YAML");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			parser_error(&y, &p);
			break;
		}
		bool ok = handle(&y, &ev, &docs);
		bool end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (!ok || end)
			break;
	}
	yaml_parser_delete(&p);
	free(y.keys);
	if (y.failed)
		return NULL;
	if (y.root == NULL)   /* empty file or only comments */
		y.root = rec_new(a, REC_MAP, pos_at(y.file, y.first_line, 1));
	return y.root;
}
