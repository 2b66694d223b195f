/* sign.h — PAdES signatures on gongwen's PDFs, through OpenSSL (sign.c is
 * the only file that includes an OpenSSL header).
 *
 *   gongwen sign IN.pdf -o OUT.pdf --cert signer.p12 [--password-file F] [--at …]
 *   gongwen render … --sign signer.p12 [--password-file F]
 *   gongwen verify FILE.pdf [--ca CA.pem]
 *
 * A signature is an incremental update appended to the file: a signature
 * dictionary (/SubFilter /ETSI.CAdES.detached, /ByteRange, /Contents, /M), a
 * signature field whose widget lies over the seal gongwen drew (pdf_out
 * records seal rectangles in the page as /GW_Seals), the page's /Annots and
 * the /AcroForm.  The CMS is detached, SHA-256, with the ESS
 * signing-certificate-v2 attribute and no signing-time attribute (the time is
 * /M): PAdES baseline B-B.  A second signature is one more update; the first
 * still covers its whole revision. */
#ifndef GW_SIGN_H
#define GW_SIGN_H
#include <stdbool.h>
#include <stddef.h>

void gw_sha256(const void *p, size_t n, unsigned char out[32]);

typedef struct gw_signer gw_signer;

/* Load key and certificate from a PKCS#12 file (password from a file, first
 * line; no file = empty password).  The key lives in OpenSSL's secure heap
 * (locked, left out of core dumps), the process stops being dumpable, and the
 * password and file bytes are wiped.  NULL after an error (exit 2). */
gw_signer *sign_load(const char *p12_path, const char *password_file);
void sign_free(gw_signer *s);

/* Where the widget goes: a seal gongwen drew (default), or a rectangle. */
typedef struct sign_place {
	bool given;
	int page;              /* 1-based */
	double x, y, w, h;     /* mm from the page's top-left corner */
} sign_place;

/* Append a signature to the PDF buf[0..n).  Returns a malloc'd new file, or
 * NULL after a diagnostic naming `what'. */
unsigned char *sign_append(gw_signer *s, const unsigned char *buf, size_t n,
                           size_t *outlen, const char *what, const sign_place *pl);

/* The signer render/merge use for every PDF they write (NULL: none). */
void sign_set_active(gw_signer *s);
void sign_set_place(const sign_place *p);

/* "PAGE:X,Y,W,H" (millimetres from the page's top-left corner) into *pl:
 * false when it is not that (no message). */
bool sign_parse_at(const char *s, sign_place *pl);
gw_signer *sign_active(void);

/* Subcommands; argv[0] is the subcommand's name.  Return exit statuses. */
int sign_main(int argc, char **argv);
int verify_main(int argc, char **argv);

#endif
