/* archive.h — the archive side of the command line: PDF/A level, the
 * source embedded in the document (--embed-source), signing while rendering
 * (--sign), the batch manifest (--manifest), and the subcommands sign,
 * verify and extract.  main.c and merge.c call these in a few lines; the
 * work is here, in pdfa.c, sign.c and pdf_out.c. */
#ifndef GW_ARCHIVE_H
#define GW_ARCHIVE_H
#include <stdbool.h>
#include <stddef.h>

#include "rec.h"

/* getopt_long values of the render options (main.c lists the names). */
enum {
	ARCHIVE_OPT_SIGN = 0x1000,   /* --sign P12 */
	ARCHIVE_OPT_PASSWORD,        /* --password-file FILE */
	ARCHIVE_OPT_EMBED,           /* --embed-source */
	ARCHIVE_OPT_PDFA,            /* --pdfa 2b|off */
	ARCHIVE_OPT_MANIFEST,        /* --manifest FILE */
	ARCHIVE_OPT_AT,              /* --sign-at PAGE:X,Y,W,H */
};

/* "sign", "verify", "extract": run it and return its exit status; any
 * other word: -1. */
int archive_command(int argc, char **argv);

/* One render option; 0, or 2 after a message. */
int archive_option(int opt, const char *arg);

/* Before rendering: load the signer, read the sources to embed.  0, or an
 * exit status after messages. */
int archive_setup(const char *tmpl, const char *const *data, size_t ndata);

/* Mail merge: the files to embed for record i (template + the record as
 * JSON with its source file and row). */
void archive_record(const rec *row, size_t i);

/* Just before a PDF is written (render.c): attach, with --embed-source, the
 * sources this document's render read — templates, partials, attachment
 * templates and data, table data, a 考核 scheme and the --data files (in a
 * mail merge the record instead of the --data files) — as file.c
 * recorded them. */
void archive_attach_sources(void);

/* After rendering: the manifest (single document or batch). */
void archive_done_single(const char *out);
void archive_done_batch(char *const *outs, const rec *const *rows, const int *status,
                        size_t n);

/* Option help for usage(). */
extern const char archive_usage[];

#endif
