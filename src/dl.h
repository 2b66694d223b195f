/* dl.h — the display list: what layout produces and pdf_out writes.
 *
 * Units are PostScript points; the origin is the TOP-LEFT corner of the page
 * and y grows downwards (as one measures on paper).  pdf_out flips y. */
#ifndef GW_DL_H
#define GW_DL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MM 2.834645669  /* points per millimetre */
#define DL_A4_W (210.0 * MM)   /* the one definition of the A4 paper size */
#define DL_A4_H (297.0 * MM)

typedef struct dl_color { uint8_t r, g, b; } dl_color;
#define DL_BLACK ((dl_color){0, 0, 0})
#define DL_RED   ((dl_color){230, 0, 18})

/* A run of glyphs in one face, size and colour, on one baseline. */
typedef struct dl_text {
	int face;            /* index into the font_set (fonts.h) */
	double size;         /* pt */
	double y;            /* baseline, from the page top, pt */
	double hscale;       /* horizontal scaling, 1.0 = none (红头 squeeze) */
	bool bold;           /* fake bold: fill + stroke */
	dl_color color;
	const char *role;    /* "body", "h1", "title", "pageno", ... for dumps */
	size_t n;
	const uint32_t *cps; /* code points (may be non-BMP) */
	const double *xs;    /* glyph origin x of each code point, from page left, pt */
	bool rot90;          /* turned 90° counter-clockwise (横排表格, R8): xs and y
	                      * are then measured on the page seen turned to
	                      * landscape — origin at the physical bottom-left
	                      * corner, x up the page, y towards its right edge */
} dl_text;

typedef struct dl_rule {
	double x1, y1, x2, y2;  /* centre line of the stroke */
	double width;           /* stroke width, pt */
	dl_color color;
	const char *role;
} dl_rule;

typedef struct dl_image {
	const char *path;       /* PNG file (RGBA allowed) */
	double x, y, w, h;      /* top-left corner and size, pt */
	const char *role;
} dl_image;

/* The frame of one page: paper size and the 版心 (type area) with its grid.
 * Stored on each page, so a landscape page can sit between portrait ones. */
typedef struct dl_frame {
	double width, height;        /* paper, pt */
	double box_x, box_y;         /* 版心 top-left corner, pt from the page's top-left */
	double box_w, box_h;         /* 版心 size, pt */
	double line_pitch;           /* grid line height, pt */
	double char_pitch;           /* grid character cell, pt */
	int lines;                   /* grid lines in the 版心 */
	int chars;                   /* characters per line */
	bool landscape;
} dl_frame;

typedef struct dl_page {
	dl_frame frame;   /* zero width: the document's size (dl_doc.width/height) */
	dl_text *texts;   size_t ntexts, captexts;
	dl_rule *rules;   size_t nrules, caprules;
	dl_image *images; size_t nimages, capimages;
	int number;       /* printed page number, 0 = none */
} dl_page;

typedef struct dl_doc {
	dl_page *pages;   size_t npages, cappages;
	double width, height;   /* default page size, pt (A4); each page has its frame */
	/* PDF Info */
	const char *title, *author, *subject, *creator;
	const char *keywords;   /* Info /Keywords; XMP dc:subject splits it at "; " */
	long long date;         /* seconds since the epoch; -1 = none */
} dl_doc;

#endif
