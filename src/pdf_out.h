/* pdf_out.h — display list to PDF through libharu.  Only pdf_out.c talks to
 * libharu.  Fonts are subset per document (fonts_subset) before libharu sees
 * them, text is drawn with private-use codes, and a ToUnicode map of our own
 * gives the real text back to extractors.  The file is written to a
 * temporary name in the target directory and renamed into place only when
 * complete; on any failure nothing is left behind. */
#ifndef GW_PDF_OUT_H
#define GW_PDF_OUT_H
#include <stdbool.h>

#include "dl.h"
#include "fonts.h"

/* Returns 0 on success; otherwise reports (DIAG_FATAL for I/O and libharu
 * failures) and returns -1. */
int pdf_write(const dl_doc *d, font_set *fs, const char *out_path);

/* Mail merge: favour speed over the last bytes (fonts deflated at level 1
 * instead of 5).  Output stays deterministic for a given mode. */
void pdf_set_batch(bool batch);

#endif
