/* pdfa.c — XMP packet and content-derived /ID (see pdfa.h).
 *
 * The XMP carries exactly what the Info dictionary carries (title, author,
 * subject, keywords, creator tool, producer, dates) plus pdfaid:part and
 * pdfaid:conformance, so that a reader comparing the two finds no
 * disagreement.  Dates are UTC ("Z"), as Info's D:…Z strings are. */
#include "pdfa.h"

#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

char *
pdfa_xml_escape(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n += *p == '&' ? 5 : *p == '<' || *p == '>' ? 4 : *p == '"' ? 6 : 1;
	char *o = xmalloc(n + 1), *q = o;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '&') { memcpy(q, "&amp;", 5); q += 5; }
		else if (c == '<') { memcpy(q, "&lt;", 4); q += 4; }
		else if (c == '>') { memcpy(q, "&gt;", 4); q += 4; }
		else if (c == '"') { memcpy(q, "&quot;", 6); q += 6; }
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') *q++ = ' ';
		else *q++ = (char)c;
	}
	*q = '\0';
	return o;
}

static void
xb_elem(xbuf *b, const char *pre, const char *tag, const char *val)
{
	if (val == NULL || *val == '\0')
		return;
	char *e = pdfa_xml_escape(val);
	xbuf_puts(b, pre);
	xbuf_puts(b, "<");
	xbuf_puts(b, tag);
	xbuf_puts(b, ">");
	xbuf_puts(b, e);
	xbuf_puts(b, "</");
	xbuf_puts(b, tag);
	xbuf_puts(b, ">\n");
	free(e);
}

/* dc:title etc. are language alternatives or ordered lists in XMP */
static void
xb_alt(xbuf *b, const char *tag, const char *val)
{
	if (val == NULL || *val == '\0')
		return;
	char *e = pdfa_xml_escape(val);
	xbuf_puts(b, "   <");
	xbuf_puts(b, tag);
	xbuf_puts(b, "><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xbuf_puts(b, e);
	xbuf_puts(b, "</rdf:li></rdf:Alt></");
	xbuf_puts(b, tag);
	xbuf_puts(b, ">\n");
	free(e);
}

/* dc:subject is an unordered bag of keywords; Info's /Keywords (and
 * pdf:Keywords) is one text with them joined by "; " (doc.c), split here
 * again, so the two carry the same words. */
static void
xb_bag(xbuf *b, const char *tag, const char *val)
{
	if (val == NULL || *val == '\0')
		return;
	xbuf_puts(b, "   <");
	xbuf_puts(b, tag);
	xbuf_puts(b, "><rdf:Bag>");
	for (const char *p = val;;) {
		const char *q = strstr(p, "; ");
		size_t n = q ? (size_t)(q - p) : strlen(p);
		char *one = xmalloc(n + 1);
		memcpy(one, p, n);
		one[n] = '\0';
		char *e = pdfa_xml_escape(one);
		xbuf_puts(b, "<rdf:li>");
		xbuf_puts(b, e);
		xbuf_puts(b, "</rdf:li>");
		free(e);
		free(one);
		if (q == NULL)
			break;
		p = q + 2;
	}
	xbuf_puts(b, "</rdf:Bag></");
	xbuf_puts(b, tag);
	xbuf_puts(b, ">\n");
}

char *
pdfa_xmp(const pdfa_meta *m, size_t *len)
{
	xbuf b = { 0 };
	char date[40] = "";
	if (m->date >= 0) {
		time_t t = (time_t)m->date;
		struct tm tm;
		if (gmtime_r(&t, &tm) != NULL && tm.tm_year + 1900 >= 1 && tm.tm_year + 1900 <= 9999)
			strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	char part[8];
	snprintf(part, sizeof part, "%d", m->part == 3 ? 3 : 2);
	/* the BOM-less begin attribute is allowed; the BOM as UTF-8 is usual */
	xbuf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	           "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	           " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	           "  <rdf:Description rdf:about=\"\"\n"
	           "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
	           "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	           "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	           "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	xb_elem(&b, "   ", "pdfaid:part", part);
	xb_elem(&b, "   ", "pdfaid:conformance", "B");
	xbuf_puts(&b, "   <dc:format>application/pdf</dc:format>\n");
	xb_alt(&b, "dc:title", m->title);
	if (m->author && *m->author) {
		char *e = pdfa_xml_escape(m->author);
		xbuf_puts(&b, "   <dc:creator><rdf:Seq><rdf:li>");
		xbuf_puts(&b, e);
		xbuf_puts(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
		free(e);
	}
	xb_alt(&b, "dc:description", m->subject);
	xb_bag(&b, "dc:subject", m->keywords);
	xb_elem(&b, "   ", "pdf:Keywords", m->keywords);
	xb_elem(&b, "   ", "pdf:Producer", m->producer);
	xb_elem(&b, "   ", "xmp:CreatorTool", m->creator);
	if (*date) {
		xb_elem(&b, "   ", "xmp:CreateDate", date);
		xb_elem(&b, "   ", "xmp:ModifyDate", date);
	}
	xbuf_puts(&b, "  </rdf:Description>\n"
	           " </rdf:RDF>\n"
	           "</x:xmpmeta>\n"
	           "<?xpacket end=\"r\"?>\n");
	*len = b.n;
	return b.p;
}

/* MD5 (RFC 1321) of the file for its /ID, as ISO 32000 suggests: 128 bits,
 * exactly the 16 bytes an ID string holds, and no library to load for it
 * (the file's integrity is the signatures' business, not the ID's). */

static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
static const unsigned char md5_r[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

static void
md5_block(uint32_t h[4], const unsigned char *p)
{
	uint32_t m[16];
	for (int i = 0; i < 16; i++)
		m[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	for (int i = 0; i < 64; i++) {
		uint32_t f;
		int g;
		if (i < 16) { f = (b & c) | (~b & d); g = i; }
		else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
		else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
		else { f = c ^ (b | ~d); g = (7 * i) & 15; }
		uint32_t t = d;
		d = c;
		c = b;
		uint32_t x = a + f + md5_k[i] + m[g];
		b = b + (x << md5_r[i] | x >> (32 - md5_r[i]));
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

void
pdfa_md5(const void *data, size_t n, unsigned char out[16])
{
	uint32_t h[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };
	const unsigned char *p = data;
	size_t i = 0;
	for (; i + 64 <= n; i += 64)
		md5_block(h, p + i);
	unsigned char tail[128] = { 0 };
	size_t r = n - i;
	memcpy(tail, p + i, r);
	tail[r] = 0x80;
	size_t tl = r < 56 ? 64 : 128;
	uint64_t bits = (uint64_t)n * 8;
	for (int k = 0; k < 8; k++)
		tail[tl - 8 + k] = (unsigned char)(bits >> (8 * k));
	md5_block(h, tail);
	if (tl == 128)
		md5_block(h, tail + 64);
	for (int k = 0; k < 16; k++)
		out[k] = (unsigned char)(h[k / 4] >> (8 * (k % 4)));
}

int
pdfa_patch_id(unsigned char *buf, size_t n)
{
	/* the trailer is at the end: search backwards for "/ID [" followed by
	 * two strings of 32 zero digits */
	const char *key = "/ID";
	size_t zl = 2 * PDFA_ID_BYTES;
	size_t lo = n > 4096 ? n - 4096 : 0;
	for (size_t i = n; i-- > lo;) {
		if (buf[i] != '/' || n - i < 3 || memcmp(buf + i, key, 3) != 0)
			continue;
		size_t j = i + 3;
		unsigned char *at[2];
		while (j < n && (buf[j] == ' ' || buf[j] == '\n' || buf[j] == '\r'))
			j++;
		if (j >= n || buf[j] != '[')
			return -1;
		j++;
		for (int k = 0; k < 2; k++) {
			while (j < n && (buf[j] == ' ' || buf[j] == '\n' || buf[j] == '\r'))
				j++;
			if (j + zl + 2 > n || buf[j] != '<' || buf[j + zl + 1] != '>')
				return -1;
			for (size_t d = 0; d < zl; d++)
				if (buf[j + 1 + d] != '0')
					return -1;
			at[k] = buf + j + 1;
			j += zl + 2;
		}
		unsigned char h[16];
		pdfa_md5(buf, n, h);
		static const char hx[] = "0123456789ABCDEF";
		for (size_t k = 0; k < PDFA_ID_BYTES; k++) {
			at[0][2 * k] = at[1][2 * k] = (unsigned char)hx[h[k] >> 4];
			at[0][2 * k + 1] = at[1][2 * k + 1] = (unsigned char)hx[h[k] & 15];
		}
		return 0;
	}
	return -1;
}

