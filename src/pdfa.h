/* pdfa.h — the parts of PDF/A that are text, not libharu objects: the XMP
 * metadata packet (agreeing with the Info dictionary) and the trailer /ID
 * derived from the file's own bytes.  pdf_out.c puts them into the document
 * through libharu; nothing here includes a library header. */
#ifndef GW_PDFA_H
#define GW_PDFA_H
#include <stddef.h>

typedef struct pdfa_meta {
	int part;                 /* 2 or 3 (pdfaid:part), conformance B */
	const char *title, *author, *subject, *keywords;  /* UTF-8 or NULL */
	const char *creator;      /* xmp:CreatorTool = Info /Creator */
	const char *producer;     /* pdf:Producer = Info /Producer */
	long long date;           /* CreationDate = ModDate; -1 = none */
} pdfa_meta;

/* The XMP packet (malloc'd, NUL-terminated), *len its length. */
char *pdfa_xmp(const pdfa_meta *m, size_t *len);

/* The /ID placeholder pdf_out writes: two 16-byte strings of zero bytes, so
 * the written text is "[<000…0> <000…0>]" (32 hex digits each). */
#define PDFA_ID_BYTES 16

/* Replace the placeholder in the saved file with the MD5 of the whole file
 * as written with the placeholder (the same bytes in, the same ID out).
 * Returns 0, or -1 if no placeholder was found. */
int pdfa_patch_id(unsigned char *buf, size_t n);

void pdfa_md5(const void *data, size_t n, unsigned char out[16]);

/* XML-escape s into a malloc'd string. */
char *pdfa_xml_escape(const char *s);

#endif
