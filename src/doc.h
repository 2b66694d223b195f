/* doc.h — the 公文 model: what a template means, independent of layout.
 *
 * A gw_doc holds the front-matter elements as typed fields (GB/T 9704
 * names in the comments) and the body as a flat list of blocks.  doc.c
 * reads the front matter (already expanded) into the fields — every key
 * has one accepted shape, anything else is an error at its line:column —
 * numbers headings, lints the content and dumps the model (--dump=doc).
 * md.c builds the body through doc_add_block/doc_add_span.  Layout reads
 * the fields, never a front-matter key. */
#ifndef GW_DOC_H
#define GW_DOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "date.h"
#include "diag.h"
#include "rec.h"

/* ---- body ------------------------------------------------------------------ */

/* Span styles */
#define DOC_SP_STRONG  1u   /* **strong**: fake bold in the same face */
#define DOC_SP_HEAD    2u   /* the heading part of a heading / run-in heading */
#define DOC_SP_BREAK   4u   /* a hard line break before this span */

typedef struct doc_span {
	const char *text;    /* UTF-8, NUL-terminated */
	size_t len;
	unsigned style;      /* DOC_SP_* */
	srcpos pos;          /* template position of the span's first char */
} doc_span;

/* The text of a block: styled spans. */
typedef struct doc_spans {
	doc_span *v;
	size_t n;
} doc_spans;

typedef enum {
	DOC_PARA,        /* body paragraph, 2-char first-line indent */
	DOC_HEADING,     /* level 1..4; number filled by doc_finish */
	DOC_PAGEBREAK,   /* "---" */
	DOC_ITEM,        /* list item: a paragraph that starts with its marker */
	DOC_TABLE,       /* a table (table.h): a GFM pipe table or a ```table spec */
	DOC_FIGURE,      /* an image alone in its paragraph, ![caption](file.png) */
	DOC_BLOCK_KINDS
} doc_block_kind;

/* A block: its kind's payload in `as` (as cmark's nodes do).  A new kind
 * (a table) adds a kind, a member of `as`, a case in md.c, layout.c and
 * doc_dump. */
typedef struct doc_block {
	doc_block_kind kind;
	srcpos pos;
	union {
		struct doc_para {
			doc_spans text;
		} para;
		struct doc_heading {
			doc_spans text;
			int level;            /* 1..4 */
			const char *number;   /* "一、" "（一）" "1." "（1）"; NULL = none */
			bool runin;           /* its text continues as body text */
		} heading;
		struct doc_item {
			doc_spans text;
			int depth;            /* list nesting, 1.. */
			const char *marker;   /* "1." "2)" for ordered lists; NULL = none */
		} item;
		struct doc_table {
			struct tbl *t;        /* cells, bound to the data by render.c */
		} table;
		struct doc_figure {
			const char *path;     /* PNG or JPEG: resolved, confined */
			const char *shown;    /* as the template names it */
			const char *caption;  /* the alt text: 图1 …; "" = none */
			unsigned px_w, px_h;  /* its size in pixels */
		} figure;
	} as;
} doc_block;

/* The text of a paragraph, heading or item; NULL for a page break. */
doc_spans *doc_block_text(doc_block *b);
const doc_spans *doc_block_text_c(const doc_block *b);

/* ---- front matter ------------------------------------------------------------ */

/* A text element; s == NULL when absent. */
typedef struct doc_text {
	const char *s;
	srcpos pos;
} doc_text;

/* A text-or-list element (names); n == 0 when absent. */
typedef struct doc_list {
	const char **v;
	size_t n;
	srcpos pos;
} doc_list;

/* A date element; d.y == 0 when absent. */
typedef struct doc_date {
	gw_date d;
	srcpos pos;
} doc_date;

typedef enum { DOC_FMT_FILE, DOC_FMT_LETTER, DOC_FMT_ORDER, DOC_FMT_MINUTES } doc_format;

typedef struct gw_doc gw_doc;

/* An attachment (附件, R7.3.7) or the document a 印发 notice issues. */
typedef struct gw_attach {
	const char *title;    /* 标题: also the 附件说明 entry, by construction */
	srcpos pos;
	const char *tmpl;     /* 模板: resolved, confined path, or NULL (title only) */
	const char *tmpl_shown;   /* how messages name it */
	srcpos tmpl_pos;
	const char *data;     /* 数据: resolved, confined path, or NULL */
	srcpos data_pos;
	gw_doc *body;         /* its template's doc (render.c fills it) */
} gw_attach;

struct gw_doc {
	const char *file;     /* template path, as messages show it */
	int depth;            /* 0 for the main template, 1.. for attachments */
	rec *front;           /* front matter as read (a map), for the lint */
	srcpos front_pos;     /* where the front matter starts */

	doc_format format;    /* 格式: 文件 (default), 信函, 命令, 纪要 */
	bool numbering;       /* 编号: automatic heading numbers (default) */
	/* 版头 */
	doc_text copy_no;     /* 份号 */
	doc_text secrecy;     /* 密级和保密期限 */
	doc_text urgency;     /* 紧急程度 */
	doc_list organs;      /* 发文机关标志: one, or several (联合行文) */
	doc_text doc_no;      /* 发文字号 */
	doc_list signers;     /* 签发人 */
	/* 主体 */
	doc_text title;       /* 标题 */
	doc_text draft;       /* 稿别: printed （…） under the title */
	doc_text addressee;   /* 主送 */
	doc_list signatures;  /* 署名 */
	doc_date date;        /* 成文日期 */
	const char **seals;   /* 印章: PNG paths (resolved, confined), one per 署名 */
	size_t nseals;
	srcpos seals_pos;
	doc_text note;        /* 附注 */
	gw_attach *att;       /* 附件 */
	size_t natt;
	gw_attach *issued;    /* 印发文件: the document this notice issues */
	/* 版记 */
	doc_text cc;          /* 抄送 */
	doc_text printer;     /* 印发机关 */
	doc_date issue_date;  /* 印发日期 */
	/* 纪要 */
	doc_list present;     /* 出席 */
	doc_list absent;      /* 请假 */
	doc_list attending;   /* 列席 */
	/* PDF Info */
	doc_text subject;     /* 主题 (Subject; default the 发文字号) */
	doc_list keywords;    /* 关键词 (Keywords) */
	const char *author;   /* 署名, else 印发机关 */
	const char *info_subject;   /* Subject: 主题, else 发文字号 */
	const char *info_keywords;  /* Keywords: the 关键词 joined with "; " */

	doc_block *blocks;
	size_t nblocks;
	const char *root;     /* the template's directory: paths resolve in it */
};

/* The known front-matter keys (GB/T 9704 element names + gongwen options). */
extern const char *const doc_known_keys[];

/* A new, empty doc for the template `file` (depth 0: the main one). */
gw_doc *doc_new(arena *a, const char *file, int depth);

/* Read the front matter (a map, values expanded) into the typed fields;
 * paths (印章, 附件 模板 and 数据) resolve in root_dir and may not leave it.
 * false after errors (all of them reported). */
bool doc_read_front(arena *a, gw_doc *d, rec *front, const char *root_dir);

/* Body builders (md.c): a new block at the end, a span at the end of a
 * block's text. */
doc_block *doc_add_block(arena *a, gw_doc *d, doc_block_kind kind, srcpos pos);
doc_span *doc_add_span(arena *a, doc_block *b);
/* A figure: the image `url` (PNG or JPEG, inside the template's directory,
 * like a 印章) with its caption.  NULL after an error at pos. */
doc_block *doc_add_figure(arena *a, gw_doc *d, const char *url, const char *caption,
                          srcpos pos);

/* The template text the body comes from (before doc_finish; NULL after):
 * whether a heading carries its own number is read from the template as
 * written, not from the data filled in ("# {{x}}" with x = "1. 项" keeps
 * its automatic number). */
void doc_heading_source(const char *file, const char *text, size_t n);
/* After the body: heading numbers 一、（一）1.（1） (restarting below each
 * level), run-in headings, the gentle content checks.  false when one of
 * them is an error (--strict). */
bool doc_finish(arena *a, gw_doc *d);

void doc_dump(const gw_doc *d, FILE *f);

/* ---- spaces inside Chinese text (issue 11, item 9) --------------------------- */

#define DOC_MAX_SPACE_WARN 20   /* stray-space warnings per reader (then quiet) */

/* Append s[0..len) to out as text for the page: a run of spaces (U+0020,
 * U+00A0, tabs and the other odd spaces) with a wide character on either
 * side (固定资产投资 26亿元) is removed with a lint naming its place (pos: the
 * position of s[0]; key: the front-matter key, NULL in the body); other
 * odd spaces and tabs become spaces, zero-width characters are dropped.
 * prev: the code point before s (0: none).  *nwarn counts the warnings
 * given, up to DOC_MAX_SPACE_WARN.  The body (md.c) and the front matter
 * share it. */
void doc_squeeze_spaces(abuf *out, const char *s, size_t len, srcpos pos, uint32_t prev,
                        const char *key, int *nwarn);

#endif
