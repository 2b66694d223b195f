/* pdfread.h — just enough of a PDF reader for what gongwen does to its own
 * files after writing them: sign (append an incremental update), verify
 * (find every signature) and extract (embedded files).  It reads classic
 * cross-reference tables with /Prev chains (what libharu and gongwen's own
 * updates write); a file with cross-reference streams or object streams is
 * refused with a message, never guessed at. */
#ifndef GW_PDFREAD_H
#define GW_PDFREAD_H
#include <stdbool.h>
#include <stddef.h>

typedef struct pdfr {
	const unsigned char *buf;
	size_t n;
	size_t startxref;      /* offset of the last xref section */
	size_t *off;           /* object offsets, newest revision wins; 0 = none */
	size_t nobj;
	int root, info;        /* object numbers from the newest trailer */
	int size;              /* /Size of the newest trailer */
	const unsigned char *id0; /* first /ID string (hex digits) or NULL */
	size_t id0len;
	int nrev;              /* number of xref sections (revisions) */
	char err[160];         /* why pdfr_open failed */
} pdfr;

/* Arrays and dictionaries nested deeper than this are not read: the value
 * is taken to run to the end of its text and pdfr_too_deep() says so. */
#define PDFR_MAX_DEPTH 256

/* Has a value nested deeper than PDFR_MAX_DEPTH been met since the last
 * pdfr_open? */
bool pdfr_too_deep(void);

/* Index buf (not copied; must outlive r).  Returns 0, or -1 with r->err. */
int pdfr_open(pdfr *r, const unsigned char *buf, size_t n);
void pdfr_close(pdfr *r);

/* The text of object num between "num 0 obj" and "endobj" (a dictionary,
 * array or other value; for a stream, the dictionary only).  NULL if the
 * object does not exist or is damaged. */
const unsigned char *pdfr_obj(const pdfr *r, int num, size_t *len);

/* A stream object's raw data (between "stream\n" and "endstream"), using
 * /Length when it is a direct number. */
const unsigned char *pdfr_stream(const pdfr *r, int num, size_t *len);

/* Value of /key at the top level of a dictionary text "<< … >>": pointer to
 * the value's first byte and its length, or NULL. */
const unsigned char *pdfr_get(const unsigned char *d, size_t n, const char *key,
                              size_t *vlen);

/* Parse "N G R" → N, or -1.  Parse an integer value → *out. */
int pdfr_ref(const unsigned char *v, size_t n);
bool pdfr_int(const unsigned char *v, size_t n, long long *out);

/* Skip whitespace/comments, then one complete value; returns the offset
 * just past it (or n when it runs off the end). */
size_t pdfr_skip_value(const unsigned char *s, size_t n, size_t i);
size_t pdfr_skip_ws(const unsigned char *s, size_t n, size_t i);

/* Decode a PDF string value "(…)" or "<…>" into malloc'd bytes; a UTF-16BE
 * string with a byte-order mark becomes UTF-8. */
char *pdfr_text(const unsigned char *v, size_t n, size_t *outlen);

/* Inflate FlateDecode data (malloc'd), or NULL. */
unsigned char *pdfr_inflate(const unsigned char *z, size_t n, size_t *outlen,
                            size_t limit);

#endif
