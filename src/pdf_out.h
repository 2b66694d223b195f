/* pdf_out.h — display list to PDF through libharu.  Only pdf_out.c talks to
 * libharu.  Fonts are subset per document (fonts_subset) before libharu sees
 * them, text is drawn with private-use codes, and a ToUnicode map of our own
 * gives the real text back to extractors.  The file is written to a
 * temporary name in the target directory and renamed into place only when
 * complete; on any failure nothing is left behind. */
#ifndef GW_PDF_OUT_H
#define GW_PDF_OUT_H
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "dl.h"
#include "fonts.h"

/* Returns 0 on success; otherwise reports (DIAG_FATAL for I/O and libharu
 * failures) and returns -1. */
int pdf_write(const dl_doc *d, font_set *fs, const char *out_path);

/* Mail merge: favour speed over the last bytes (fonts deflated at level 1
 * instead of 5).  Output stays deterministic for a given mode. */
void pdf_set_batch(bool batch);

/* Archive options, set before rendering (merge workers inherit them).
 * part: 0 = plain PDF 1.7; 2 = PDF/A-2b (the default): XMP metadata, sRGB
 * output intent, content-derived /ID; files attached with
 * pdf_set_attachments make it PDF/A-3b. */
void pdf_set_pdfa(int part);
int pdf_get_pdfa(void);

/* A file to embed as a PDF/A-3 associated file. */
typedef struct pdf_attach {
	const char *name;          /* file name shown and extracted (UTF-8) */
	const char *mime;          /* "text/markdown", "application/json", … */
	const char *desc;          /* /Desc, or NULL */
	const char *rel;           /* /AFRelationship: "Source", "Data" */
	const unsigned char *data;
	size_t len;
} pdf_attach;

/* Files for the following pdf_write calls (not copied: must stay valid);
 * n = 0 for none. */
void pdf_set_attachments(const pdf_attach *a, size_t n);

/* Check an image file (PNG or JPEG) from its header, before any decoding:
 * a known format, a size within the seal limit, PNG chunks inside the file.
 * Returns true, or false with a message in msg. */
bool pdf_image_check(const char *path, char *msg, size_t n);
/* The same, with its size in pixels (a figure in the body is laid out from
 * it). */
bool pdf_image_info(const char *path, char *msg, size_t n, unsigned *w, unsigned *h);

/* Where the template names an image (doc.c tells, pdf_out remembers), so
 * that a decoding error found while writing names the template line. */
void pdf_image_pos(const char *path, srcpos pos);

#endif
