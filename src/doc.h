/* doc.h — the 公文 model: what a template means, independent of layout.
 *
 * A gw_doc holds the front-matter elements (GB/T 9704 names) and the body as
 * a flat list of blocks, each a list of styled spans.  md.c builds the body
 * from Markdown; doc.c reads the front matter, numbers headings and dumps
 * the model (--dump=doc). */
#ifndef GW_DOC_H
#define GW_DOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "date.h"
#include "diag.h"
#include "rec.h"
#include "tmpl.h"

/* Span styles */
#define SP_STRONG  1u   /* **strong**: fake bold in the same face */
#define SP_HEAD    2u   /* the heading part of a heading / run-in heading */
#define SP_BREAK   4u   /* a hard line break before this span */

typedef struct doc_span {
	const char *text;    /* UTF-8, NUL-terminated */
	size_t len;
	unsigned style;
	srcpos pos;          /* template position of the span's first char */
} doc_span;

typedef enum {
	B_PARA,        /* body paragraph, 2-char first-line indent */
	B_HEADING,     /* level 1..4; number filled by doc_number_headings */
	B_PAGEBREAK,   /* "---" */
	B_ITEM,        /* list item: a paragraph that starts with `marker` */
	B_TABLE        /* a table (table.h): GFM pipe table or ```table spec */
} doc_block_kind;

struct tbl;

typedef struct doc_block {
	doc_block_kind kind;
	int level;            /* heading level 1..4; list depth for B_ITEM */
	const char *number;   /* "一、" "（一）" "1." "（1）" or list marker; NULL = none */
	bool runin;           /* heading whose text continues as body text */
	doc_span *spans;
	size_t nspans, capspans;
	srcpos pos;
	struct tbl *table;    /* B_TABLE */
} doc_block;

typedef struct gw_doc gw_doc;

/* An attachment (附件, R7.3.7) or the document a 印发 notice issues. */
typedef struct gw_attach {
	const char *title;    /* 标题: also the 附件说明 entry, by construction */
	srcpos pos;
	gw_doc *body;         /* its own template, or NULL (title only) */
} gw_attach;

enum { DOC_FILE, DOC_LETTER, DOC_ORDER, DOC_MINUTES };  /* 格式 */

struct gw_doc {
	const char *file;     /* template path */
	int format;           /* DOC_*: 文件 (default), 信函, 命令, 纪要 */
	rec *front;           /* front matter (a map; empty map when absent) */
	/* elements (NULL when absent); values already expanded */
	const char *title;    /* 标题 */
	srcpos title_pos;
	const char *subtitle; /* 稿别 → "（征求意见稿）" */
	gw_date date;         /* 成文日期 (y == 0: none) */
	gw_date issue_date;   /* 印发日期 (y == 0: none) */
	const char *author;   /* 发文机关 for PDF Info: 署名 or 发文机关标志 */
	bool numbering;       /* automatic heading numbers (编号: 自动) */
	doc_block *blocks;
	size_t nblocks, capblocks;
	gw_attach *att;       /* 附件 */
	size_t natt;
	gw_attach *issued;    /* 印发文件: the document this notice issues */
	const char **seals;   /* 印章: PNG paths (resolved, confined), one per 署名 */
	size_t nseals;
	int depth;            /* 0 for the main template */
};

/* Front-matter element as text: a string, or the items of a list joined
 * with sep; NULL when absent.  Lists are returned item by item by
 * doc_front_list. */
const char *doc_front(const gw_doc *d, const char *key, srcpos *pos);
size_t doc_front_list(const gw_doc *d, const char *key, const char ***items,
                      srcpos *pos, arena *a);

/* The known front-matter keys (GB/T 9704 element names + gongwen options). */
extern const char *const doc_known_keys[];

/* Parse a whole template (front matter + Markdown body) with data ctx into a
 * doc.  Returns NULL after diagnostics. */
gw_doc *doc_from_template(arena *a, const char *file, const char *text,
                          size_t n, const rec *data, const tmpl_opts *o);

gw_doc *doc_from_template_depth(arena *a, const char *file, const char *text,
                                size_t n, const rec *data, const tmpl_opts *o,
                                int depth);
/* md.c: Markdown text (already expanded) → blocks appended to d.  map gives
 * template positions of the Markdown's lines.  false after diagnostics. */
bool md_to_doc(arena *a, gw_doc *d, const char *md, size_t n, const linemap *map);

/* Heading numbers 一、（一）1.（1）, restarting below each level. */
void doc_number_headings(arena *a, gw_doc *d);
void doc_dump(const gw_doc *d, FILE *f);

#endif
