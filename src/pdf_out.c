/* pdf_out.c — display list to PDF through libharu (the only file that
 * includes hpdf.h).  DESIGN §5 has the measurements behind the route:
 *
 *   - every face the document uses is subset by fonts_subset to its used
 *     glyphs, with a one-segment cmap U+E000+k -> glyph; libharu loads that
 *     small font (from a memfd), so HPDF_GetFont is fast, the embedded font
 *     is small and non-BMP characters pass libharu's UCS-2 encoder;
 *   - text is drawn as UTF-8 of the private-use codes, one Tj per run of
 *     evenly spaced glyphs (Tc absorbs the spacing the layout chose);
 *   - libharu's ToUnicode CMap (a copy of its encoding CMap, which poppler
 *     rejects) is rewritten in place with bfchar entries from each private
 *     code back to the real character (UTF-16, surrogate pairs past the BMP);
 *   - the document is saved to memory, written to a temporary file in the
 *     target directory, fsync'd and renamed into place; on any failure the
 *     temporary is removed and nothing is left behind.
 *
 * libharu quirks handled here: it records an error and refuses to save until
 * HPDF_ResetError; its PNG loader aborts the process on a damaged PNG (so
 * PNGs are decoded here with libpng and passed as raw pixels + soft mask); its TTF loader reads only from a file name and keeps the
 * file open until HPDF_Free; it treats two fonts with the same PostScript
 * name as one (so each subset gets its own name); its W array holds advance
 * widths truncated to 1/1000 em, which is what a viewer advances by. */
#include "pdf_out.h"

#include "arena.h"
#include "diag.h"
#include "pdfa.h"
#include "sign.h"
#include "utf8.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <png.h>
#include <pthread.h>
#include <zlib.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef GONGWEN_VERSION
#define GONGWEN_VERSION "0"
#endif

/* ---- libharu errors ------------------------------------------------------ */

struct herr {
	HPDF_STATUS code, detail;
};

static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct herr *e = user;
	if (e->code == 0) {
		e->code = code;
		e->detail = detail;
	}
}

static const struct { HPDF_STATUS code; const char *msg; } hpdf_msgs[] = {
	{ HPDF_FAILD_TO_ALLOC_MEM, "out of memory" },
	{ HPDF_FILE_IO_ERROR, "file input/output error" },
	{ HPDF_FILE_OPEN_ERROR, "cannot open the file" },
	{ HPDF_FONT_EXISTS, "a font of that name is already loaded" },
	{ HPDF_INVALID_COMPRESSION_MODE, "invalid compression mode" },
	{ HPDF_INVALID_DATE_TIME, "invalid date" },
	{ HPDF_INVALID_DOCUMENT, "invalid document handle" },
	{ HPDF_INVALID_DOCUMENT_STATE, "the document is in an invalid state" },
	{ HPDF_INVALID_ENCODER, "invalid text encoder" },
	{ HPDF_INVALID_ENCODER_TYPE, "encoder does not fit the font" },
	{ HPDF_INVALID_ENCODING_NAME, "unknown encoding name" },
	{ HPDF_INVALID_FONTDEF_DATA, "invalid font data (no usable glyphs)" },
	{ HPDF_INVALID_FONTDEF_TYPE, "unsupported font definition" },
	{ HPDF_INVALID_FONT_NAME, "no font of that name" },
	{ HPDF_INVALID_IMAGE, "invalid image" },
	{ HPDF_INVALID_OBJECT, "invalid object" },
	{ HPDF_INVALID_OPERATION, "invalid operation" },
	{ HPDF_INVALID_PAGE, "invalid page" },
	{ HPDF_INVALID_PARAMETER, "invalid parameter" },
	{ HPDF_INVALID_PNG_IMAGE, "not a valid PNG image" },
	{ HPDF_INVALID_STREAM, "invalid stream" },
	{ HPDF_INVALID_TTC_FILE, "not a TrueType collection (.ttc)" },
	{ HPDF_INVALID_TTC_INDEX, "no font at that index of the .ttc" },
	{ HPDF_LIBPNG_ERROR, "libpng could not decode the image (damaged PNG?)" },
	{ HPDF_PAGE_FONT_NOT_FOUND, "no font set on the page" },
	{ HPDF_PAGE_INVALID_FONT, "invalid font" },
	{ HPDF_PAGE_INVALID_FONT_SIZE, "font size out of range (0 < size <= 600)" },
	{ HPDF_PAGE_INVALID_GMODE, "operator not allowed in the current graphics mode" },
	{ HPDF_PAGE_INVALID_SIZE, "page size out of range" },
	{ HPDF_PAGE_OUT_OF_RANGE, "a page parameter is out of range" },
	{ HPDF_REAL_OUT_OF_RANGE, "a number is out of range" },
	{ HPDF_STREAM_EOF, "unexpected end of data" },
	{ HPDF_STRING_OUT_OF_RANGE, "text too long" },
	{ HPDF_TTF_CANNOT_EMBEDDING_FONT, "the font's licence forbids embedding" },
	{ HPDF_TTF_INVALID_CMAP, "the font has no usable cmap" },
	{ HPDF_TTF_INVALID_FOMAT, "not a TrueType font libharu can read" },
	{ HPDF_TTF_MISSING_TABLE, "the font lacks a table libharu needs "
	                          "(CFF fonts are not supported; use TrueType/glyf)" },
	{ HPDF_UNSUPPORTED_FONT_TYPE, "unsupported font type" },
	{ HPDF_ZLIB_ERROR, "zlib compression failed" },
	{ HPDF_EXCEED_GSTATE_LIMIT, "too many nested graphics states" },
	{ HPDF_INVALID_COLOR_SPACE, "invalid colour space" },
	{ HPDF_INVALID_BIT_PER_COMPONENT, "unsupported image bit depth" },
	{ HPDF_XREF_COUNT_ERR, "too many PDF objects" },
};

static const char *
hpdf_msg(HPDF_STATUS code)
{
	for (size_t i = 0; i < sizeof hpdf_msgs / sizeof hpdf_msgs[0]; i++)
		if (hpdf_msgs[i].code == code)
			return hpdf_msgs[i].msg;
	return NULL;
}

/* "libharu: <message>", never a bare code. */
static void
herr_text(const struct herr *e, char *buf, size_t n)
{
	const char *m = hpdf_msg(e->code);
	if (m != NULL)
		snprintf(buf, n, "libharu: %s", m);
	else
		snprintf(buf, n, "libharu: internal error (code 0x%04X, detail %u)",
		         (unsigned)e->code, (unsigned)e->detail);
}

/* ---- compression off the main thread --------------------------------------- */

/* libharu deflates every stream itself, at level 6, on the main thread, and
 * re-reads the font file glyph by glyph to embed it: for a 600-glyph subset
 * that is ~18 ms.  Instead each subset's three streams (the font program,
 * the CIDToGIDMap and the ToUnicode CMap) are deflated by a worker thread
 * while the pages are drawn, and handed to libharu already compressed: the
 * stream's filter stays "none" (libharu would deflate again) and an OnWrite
 * hook adds /Filter /FlateDecode to the dictionary.  The font descriptor is
 * ours too, so libharu never calls its own font embedding. */

enum { Z_FONT, Z_MAP, Z_TU, Z_ENC, Z_N };

/* zlib level of font programs: 5 for one document (within 1.5% of -9 and
 * faster than the default 6), 1 in a batch (pdf_set_batch), where the
 * throughput counts more than 8% of the font bytes. */
static int font_level = 5;

void
pdf_set_batch(bool batch)
{
	font_level = batch ? Z_BEST_SPEED : 5;
}

struct fjob {
	HPDF_Font font;
	unsigned char *in[Z_N];
	size_t inlen[Z_N];
	unsigned char *out[Z_N];
	size_t outlen[Z_N];
	bool ok, threaded;
	pthread_t th;
	HPDF_Dict tu;        /* our ToUnicode stream */
	const char *file;    /* the font file it comes from, for messages */
};

static void *
fjob_run(void *arg)
{
	struct fjob *j = arg;
	j->ok = true;
	for (int k = 0; k < Z_N; k++) {
		uLongf n = compressBound((uLong)j->inlen[k]);
		j->out[k] = malloc(n);
		/* zlib manages ~50 MB/s on glyph outlines at level 1 and half that
		 * at the default 6, for 10% less; a 600-glyph subset is 370 KB.
		 * The CIDToGIDMap (115 KB, nearly all zeros) takes 0.4 ms at level
		 * 1 and 0.9 ms at 6, for 400 bytes more. */
		int level = k == Z_FONT ? font_level : k == Z_MAP ? Z_BEST_SPEED : Z_DEFAULT_COMPRESSION;
		if (j->out[k] == NULL ||
		    compress2(j->out[k], &n, j->in[k], (uLong)j->inlen[k], level) != Z_OK) {
			j->ok = false;
			return NULL;
		}
		j->outlen[k] = n;
	}
	return NULL;
}

static void
fjob_start(struct fjob *j)
{
	j->threaded = pthread_create(&j->th, NULL, fjob_run, j) == 0;
	if (!j->threaded)
		fjob_run(j);
}

static void
fjob_join(struct fjob *j)
{
	if (j->threaded) {
		pthread_join(j->th, NULL);
		j->threaded = false;
	}
}

static void
fjob_free(struct fjob *j)
{
	fjob_join(j);
	for (int k = 0; k < Z_N; k++) {
		free(j->in[k]);
		free(j->out[k]);
	}
	free(j);
}

static HPDF_STATUS
write_flate_key(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Put already-deflated bytes into a libharu stream dictionary. */
static HPDF_STATUS
set_deflated(HPDF_Dict d, const unsigned char *z, size_t n)
{
	HPDF_MemStream_FreeData(d->stream);
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = write_flate_key;
	return HPDF_Stream_Write(d->stream, z, (HPDF_UINT)n);
}

/* ---- used glyphs ------------------------------------------------------------ */

/* Per face: the code points it draws, in first-use order, and a hash from
 * code point to its slot (slot k -> subset k / 6400, code U+E000 + k % 6400). */
struct used {
	uint32_t *cps;
	size_t n, cap;
	uint32_t *hkey;      /* cp + 1; 0 = empty */
	uint32_t *hval;
	size_t hcap;
	HPDF_Font *fonts;    /* one per subset */
	struct fjob **jobs;  /* one per subset */
	size_t nfonts;
	double *w;           /* PDF advance of each slot, em (truncated 1/1000) */
};

static size_t
hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

static long
used_find(const struct used *u, uint32_t cp)
{
	if (u->hcap == 0)
		return -1;
	for (size_t i = hash32(cp) & (u->hcap - 1);; i = (i + 1) & (u->hcap - 1)) {
		if (u->hkey[i] == 0)
			return -1;
		if (u->hkey[i] == cp + 1)
			return (long)u->hval[i];
	}
}

static void used_add(struct used *u, uint32_t cp);

static void
used_rehash(struct used *u)
{
	size_t ncap = u->hcap ? 2 * u->hcap : 256;
	free(u->hkey);
	free(u->hval);
	u->hkey = xcalloc(ncap, sizeof *u->hkey);
	u->hval = xcalloc(ncap, sizeof *u->hval);
	u->hcap = ncap;
	for (size_t k = 0; k < u->n; k++) {
		size_t i = hash32(u->cps[k]) & (ncap - 1);
		while (u->hkey[i] != 0)
			i = (i + 1) & (ncap - 1);
		u->hkey[i] = u->cps[k] + 1;
		u->hval[i] = (uint32_t)k;
	}
}

static void
used_add(struct used *u, uint32_t cp)
{
	if (used_find(u, cp) >= 0)
		return;
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 256;
		u->cps = xrealloc(u->cps, u->cap * sizeof *u->cps);
	}
	u->cps[u->n++] = cp;
	if (2 * u->n > u->hcap) {
		used_rehash(u);
		return;
	}
	size_t i = hash32(cp) & (u->hcap - 1);
	while (u->hkey[i] != 0)
		i = (i + 1) & (u->hcap - 1);
	u->hkey[i] = cp + 1;
	u->hval[i] = (uint32_t)(u->n - 1);
}

/* ---- the writer state ---------------------------------------------------------- */

/* An image, decoded and deflated by a worker thread (see load_image). */
struct ijob {
	const char *path;
	char msg[200];       /* libpng's complaint, "" if none */
	size_t wd, ht;
	unsigned char *rgb, *alpha;
	bool opaque;
	unsigned char *z[2]; /* deflated rgb, alpha */
	size_t zlen[2];
	bool threaded;
	pthread_t th;
};

struct image_ent {
	const char *path;
	HPDF_Image img;      /* NULL: failed (reported) */
	struct ijob *job;    /* until joined */
	bool jpeg;           /* passed through as DCTDecode */
};

struct w {
	const dl_doc *d;
	font_set *fs;
	const char *out;
	HPDF_Doc pdf;
	struct herr err;
	struct used *used;   /* per face */
	int nfaces;
	struct image_ent *imgs;
	size_t nimgs, capimgs;
	size_t enc_n;        /* glyphs of the largest subset: the encoder's size */
	char **names;        /* PostScript names given to subsets */
	size_t nnames;
	HPDF_ExtGState multiply;  /* seals: ink pressed on paper */
	bool failed;
	double page_h;       /* height of the page being drawn, pt */
};

static bool
hfail(struct w *w, const char *what)
{
	if (w->err.code == 0)
		return false;
	char m[200];
	herr_text(&w->err, m, sizeof m);
	diag_fatal(NOPOS, "cannot write %s: %s: %s", w->out, what, m);
	w->failed = true;
	HPDF_ResetError(w->pdf);
	w->err.code = 0;
	return true;
}


/* ---- our CMap encoder ---------------------------------------------------------- */

/* libharu's UTF-8 encoder maps all 65,536 BMP codes, so HPDF_GetFont looks up
 * a glyph for each of them and writes widths and a CIDToGIDMap up to the
 * highest code used (U+E000 + n): ~5 M instructions and 115 KB per font,
 * whatever the document uses.  Instead each subset of n glyphs gets a CMap
 * encoder "GWPUAn" (one per document, n = the largest subset) that knows
 * exactly n + 1 two-byte codes,
 * code(k) = (1 + k / 255) << 8 | (1 + k % 255), Unicode U+E000 + k (the
 * subset's cmap), and CID = code: MuPDF (1.21) drops ToUnicode entries for
 * CIDs outside the encoding's codespace.  No byte of a code is 0, so
 * ShowText's C strings carry them, and the highest CID stays below 0x1A00.
 * Code n is a sentinel: libharu's width and CIDToGIDMap loops stop one short
 * of the highest CID. */

#define CODE_LEADS   255u
static uint16_t
pua_code(size_t k)
{
	return (uint16_t)((1u + k / CODE_LEADS) << 8 | (1u + k % CODE_LEADS));
}

static HPDF_BOOL
pua_is_lead(HPDF_Encoder e, HPDF_BYTE b)
{
	(void)e;
	return b >= 0x01 && b <= 0x1A;
}

static HPDF_BOOL
pua_is_trail(HPDF_Encoder e, HPDF_BYTE b)
{
	(void)e;
	return b >= 0x01;
}

static HPDF_STATUS
pua_init(HPDF_Encoder enc)
{
	HPDF_STATUS r = HPDF_CMapEncoder_InitAttr(enc);
	if (r != HPDF_OK)
		return r;
	size_t n = strtoul(enc->name + 5, NULL, 10) + 1;   /* "GWPUA" + n */
	if (n < 2 || n > SUBSET_MAX + 1)
		return HPDF_INVALID_ENCODER;
	size_t nr = (n + CODE_LEADS - 1) / CODE_LEADS;
	HPDF_CidRange_Rec *rg = calloc(nr + 1, sizeof *rg);
	HPDF_UnicodeMap_Rec *um = calloc(n + 1, sizeof *um);
	if (rg == NULL || um == NULL) {
		free(rg);
		free(um);
		return HPDF_FAILD_TO_ALLOC_MEM;
	}
	for (size_t i = 0; i < nr; i++) {
		size_t k0 = i * CODE_LEADS, k1 = k0 + CODE_LEADS - 1;
		if (k1 >= n)
			k1 = n - 1;
		rg[i].from = pua_code(k0);
		rg[i].to = pua_code(k1);
		rg[i].cid = rg[i].from;   /* CID = code */
	}
	rg[nr].from = rg[nr].to = 0xFFFF;
	for (size_t k = 0; k < n; k++) {
		um[k].code = pua_code(k);
		um[k].unicode = (HPDF_UINT16)(PUA_BASE + k);
	}
	um[n].code = um[n].unicode = 0xFFFF;
	HPDF_CidRange_Rec cs = { 0x0101, 0x1AFF, 0 };
	if (HPDF_CMapEncoder_AddCMap(enc, rg) != HPDF_OK ||
	    HPDF_CMapEncoder_AddCodeSpaceRange(enc, cs) != HPDF_OK) {
		free(rg);
		free(um);
		return enc->error->error_no ? enc->error->error_no : HPDF_INVALID_ENCODER;
	}
	HPDF_CMapEncoder_SetUnicodeArray(enc, um);
	free(rg);
	free(um);
	HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)enc->attr;
	enc->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;   /* InitAttr leaves it unset */
	a->is_lead_byte_fn = pua_is_lead;
	a->is_trial_byte_fn = pua_is_trail;
	a->uid_offset = -1;
	snprintf(a->registry, sizeof a->registry, "Adobe");
	snprintf(a->ordering, sizeof a->ordering, "Identity");
	a->suppliment = 0;
	return HPDF_OK;
}

/* The encoder for a subset of n glyphs, registered on first use. */
static const char *
pua_encoder(HPDF_Doc pdf, size_t n, char *name, size_t len)
{
	snprintf(name, len, "GWPUA%zu", n);
	if (HPDF_Doc_FindEncoder(pdf, name) != NULL)
		return name;
	HPDF_Encoder e = HPDF_CMapEncoder_New(pdf->mmgr, name, pua_init);
	if (e == NULL || HPDF_Doc_RegisterEncoder(pdf, e) != HPDF_OK)
		return NULL;
	return name;
}

/* Copy a libharu memory stream's bytes (to deflate them ourselves). */
static unsigned char *
stream_bytes(HPDF_Stream st, size_t *outlen)
{
	size_t ml = HPDF_Stream_Size(st), off = 0;
	unsigned char *b = xmalloc(ml ? ml : 1);
	HPDF_UINT nb = HPDF_MemStream_GetBufCount(st);
	for (HPDF_UINT i = 0; i < nb && off < ml; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &len);
		if (p == NULL)
			break;
		if (len > ml - off)
			len = (HPDF_UINT)(ml - off);
		memcpy(b + off, p, len);
		off += len;
	}
	*outlen = off;
	if (off != ml) {
		free(b);
		return NULL;
	}
	return b;
}

/* ---- ToUnicode ------------------------------------------------------------------ */

static int
hex16(char *out, uint32_t cp)
{
	if (cp < 0x10000)
		return sprintf(out, "%04X", (unsigned)cp);
	cp -= 0x10000;
	return sprintf(out, "%04X%04X", (unsigned)(0xD800 + (cp >> 10)),
	               (unsigned)(0xDC00 + (cp & 0x3FF)));
}

/* Our ToUnicode map: each code of this subset back to its character (non-BMP
 * as a surrogate pair); the worker deflates it, and the encoding CMap and the
 * CIDToGIDMap libharu built. */
static bool
fix_tounicode(struct w *w, HPDF_Font font, const uint32_t *cps, size_t n,
              struct fjob *job)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Dict cm = attr ? attr->cmap_stream : NULL;
	if (cm == NULL || cm->stream == NULL ||
	    attr->map_stream == NULL || attr->map_stream->stream == NULL) {
		diag_fatal(NOPOS, "cannot write %s: libharu's Type0 font lacks the "
		           "encoding CMap or CIDToGIDMap stream gongwen compresses "
		           "(not libharu 2.3.0?)", w->out);
		w->failed = true;
		return false;
	}
	xbuf b = { 0 };
	xbuf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
	           "12 dict begin\n"
	           "begincmap\n"
	           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	           "/CMapName /Adobe-Identity-UCS def\n"
	           "/CMapType 2 def\n"
	           "1 begincodespacerange\n<0101> <1AFF>\nendcodespacerange\n");
	char line[64];
	for (size_t i = 0; i < n; i += 100) {
		size_t m = n - i < 100 ? n - i : 100;
		snprintf(line, sizeof line, "%zu beginbfchar\n", m);
		xbuf_puts(&b, line);
		for (size_t k = i; k < i + m; k++) {
			int l = sprintf(line, "<%04X> <", (unsigned)pua_code(k));
			l += hex16(line + l, cps[k]);
			strcpy(line + l, ">\n");
			xbuf_puts(&b, line);
		}
		xbuf_puts(&b, "endbfchar\n");
	}
	xbuf_puts(&b, "endcmap\n"
	           "CMapName currentdict /CMap defineresource pop\n"
	           "end\nend\n");
	job->in[Z_TU] = (unsigned char *)b.p;
	job->inlen[Z_TU] = b.n;
	job->tu = HPDF_DictStream_New(font->mmgr, attr->xref);
	HPDF_STATUS r = job->tu ? HPDF_Dict_Add(font, "ToUnicode", job->tu) : HPDF_FAILD_TO_ALLOC_MEM;

	job->in[Z_MAP] = stream_bytes(attr->map_stream->stream, &job->inlen[Z_MAP]);
	job->in[Z_ENC] = stream_bytes(cm->stream, &job->inlen[Z_ENC]);
	if (job->in[Z_MAP] == NULL || job->in[Z_ENC] == NULL || r != HPDF_OK ||
	    w->err.code != 0) {
		if (w->err.code == 0)
			w->err.code = HPDF_INVALID_OBJECT;
		hfail(w, "writing the ToUnicode map");
		return false;
	}
	return true;
}

/* "embedding the font FILE": which font, for the message */
static const char *
embed_what(const struct fjob *j)
{
	static char m[PATH_MAX + 32];
	snprintf(m, sizeof m, "embedding the font %s", j->file ? j->file : "(unknown)");
	return m;
}

/* After the worker: put the deflated streams in place and give the font a
 * descriptor of ours with the subset as FontFile2, so that libharu's
 * before-write hook neither builds a descriptor nor embeds the font again. */
static bool
finish_font(struct w *w, struct fjob *j)
{
	fjob_join(j);
	if (!j->ok) {
		diag_fatal(NOPOS, "cannot write %s: zlib could not compress a font "
		           "(out of memory?)", w->out);
		w->failed = true;
		return false;
	}
	HPDF_Font font = j->font;
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	HPDF_FontDef def = fa->fontdef;
	HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)def->attr;
	HPDF_MMgr mm = font->mmgr;
	HPDF_STATUS r = HPDF_OK;

	font->filter = HPDF_STREAM_FILTER_NONE;  /* copied to both streams */
	r |= set_deflated(j->tu, j->out[Z_TU], j->outlen[Z_TU]);
	r |= set_deflated(fa->cmap_stream, j->out[Z_ENC], j->outlen[Z_ENC]);
	r |= set_deflated(fa->map_stream, j->out[Z_MAP], j->outlen[Z_MAP]);

	if (def->descriptor == NULL) {
		HPDF_Dict desc = HPDF_Dict_New(mm);
		HPDF_Dict ff = desc ? HPDF_DictStream_New(mm, fa->xref) : NULL;
		if (desc == NULL || ff == NULL || HPDF_Xref_Add(fa->xref, desc) != HPDF_OK) {
			hfail(w, embed_what(j));
			w->failed = true;
			return false;
		}
		r |= set_deflated(ff, j->out[Z_FONT], j->outlen[Z_FONT]);
		r |= HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)j->inlen[Z_FONT]);
		r |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
		r |= HPDF_Dict_AddName(desc, "FontName", da->base_font);
		r |= HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
		r |= HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(mm, def->font_bbox));
		r |= HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
		r |= HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
		r |= HPDF_Dict_AddNumber(desc, "Descent", def->descent);
		r |= HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height);
		r |= HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
		r |= HPDF_Dict_AddNumber(desc, "StemV", def->stemv ? def->stemv : 80);
		r |= HPDF_Dict_Add(desc, "FontFile2", ff);
		def->descriptor = desc;
	}
	if (r != HPDF_OK || w->err.code != 0) {
		if (w->err.code == 0)
			w->err.code = HPDF_INVALID_OBJECT;
		hfail(w, embed_what(j));
		w->failed = true;
		return false;
	}
	return true;
}

/* ---- fonts ---------------------------------------------------------------------- */

static bool
name_taken(struct w *w, const char *name)
{
	for (size_t i = 0; i < w->nnames; i++)
		if (strcmp(w->names[i], name) == 0)
			return true;
	return false;
}

/* Subset part `part' of face f, load it into libharu, fix its ToUnicode. */
static HPDF_Font
load_subset(struct w *w, int f, size_t part, struct fjob *job)
{
	struct used *u = &w->used[f];
	size_t from = part * SUBSET_MAX;
	size_t n = u->n - from < SUBSET_MAX ? u->n - from : SUBSET_MAX;
	const char *ps = fonts_face_psname(w->fs, f);
	char name[96];
	if (ps == NULL) {
		diag_fatal(NOPOS, "cannot write %s: font face %d is not open", w->out, f);
		w->failed = true;
		return NULL;
	}
	if (part == 0)
		snprintf(name, sizeof name, "%s", ps);
	else
		snprintf(name, sizeof name, "%s-%zu", ps, part + 1);
	for (int k = 2; name_taken(w, name); k++)
		snprintf(name, sizeof name, "%s-F%d-%d", ps, f, k);
	w->names = xrealloc(w->names, (w->nnames + 1) * sizeof *w->names);
	w->names[w->nnames++] = xstrdup(name);

	size_t len;
	unsigned char *data = fonts_subset_named(w->fs, f, u->cps + from, n, name, &len);
	if (data == NULL) {
		w->failed = true;
		return NULL;
	}
	/* libharu reads fonts only from a named file, and keeps reading it
	 * until the document is saved: hand it a memfd through /proc.  Its own
	 * open of that path keeps the memory alive after we close ours. */
	char path[PATH_MAX];
	int fd = memfd_create("gongwen-font", MFD_CLOEXEC);
	bool tmpfile_used = false;
	char tpath[PATH_MAX];
	if (fd >= 0) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (access(path, R_OK) != 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		const char *td = getenv("TMPDIR");
		snprintf(tpath, sizeof tpath, "%s/.gongwen-font.XXXXXX",
		         td && *td ? td : "/tmp");
		fd = mkstemp(tpath);
		tmpfile_used = true;
		snprintf(path, sizeof path, "%s", tpath);
	}
	if (fd < 0) {
		diag_fatal(NOPOS, "cannot write %s: cannot create a temporary font file: %s",
		           w->out, strerror(errno));
		free(data);
		w->failed = true;
		return NULL;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t k = write(fd, data + off, len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			diag_fatal(NOPOS, "cannot write %s: cannot write a temporary font file: %s",
			           w->out, k < 0 ? strerror(errno) : "short write");
			close(fd);
			if (tmpfile_used)
				unlink(tpath);
			free(data);
			w->failed = true;
			return NULL;
		}
		off += (size_t)k;
	}
	job->in[Z_FONT] = data;       /* the worker deflates it for FontFile2 */
	job->inlen[Z_FONT] = len;
	const char *hname = HPDF_LoadTTFontFromFile(w->pdf, path, HPDF_TRUE);
	close(fd);
	if (tmpfile_used)
		unlink(tpath);   /* libharu holds it open */
	char what[300];
	snprintf(what, sizeof what, "loading the subset of %s", fonts_face_file(w->fs, f));
	if (hname == NULL || hfail(w, what)) {
		if (!w->failed) {
			diag_fatal(NOPOS, "cannot write %s: %s: libharu did not load it", w->out, what);
			w->failed = true;
		}
		return NULL;
	}
	char ename[32];
	const char *enc = pua_encoder(w->pdf, w->enc_n, ename, sizeof ename);
	HPDF_Font font = enc ? HPDF_GetFont(w->pdf, hname, enc) : NULL;
	if (hfail(w, what) || font == NULL) {
		if (!w->failed)
			diag_fatal(NOPOS, "cannot write %s: %s: libharu made no font of it",
			           w->out, what);
		w->failed = true;
		return NULL;
	}
	/* libharu marks each glyph as used the first time text measures it,
	 * reading the glyph's header from the font file (fseek + read, a
	 * system call per glyph) to find composite parts to embed too.  We
	 * embed the subset ourselves, whole: mark every glyph used now. */
	{
		HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
		HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)def->attr;
		if (da != NULL && da->glyph_tbl.flgs != NULL)
			memset(da->glyph_tbl.flgs, 1, da->num_glyphs);
	}
	if (!fix_tounicode(w, font, u->cps + from, n, job))
		return NULL;
	job->font = font;
	job->file = fonts_face_file(w->fs, f);
	fjob_start(job);
	return font;
}

static bool
collect(struct w *w)
{
	const dl_doc *d = w->d;
	w->nfaces = fonts_face_count(w->fs);
	w->used = xcalloc((size_t)(w->nfaces > 0 ? w->nfaces : 1), sizeof *w->used);
	for (size_t p = 0; p < d->npages; p++) {
		const dl_page *pg = &d->pages[p];
		for (size_t t = 0; t < pg->ntexts; t++) {
			const dl_text *tx = &pg->texts[t];
			if (tx->n == 0)
				continue;
			if (tx->face < 0 || tx->face >= w->nfaces ||
			    fonts_face_psname(w->fs, tx->face) == NULL) {
				diag_fatal(NOPOS, "cannot write %s: internal: text on page %zu "
				           "uses font face %d, which is not open", w->out, p + 1,
				           tx->face);
				return false;
			}
			for (size_t i = 0; i < tx->n; i++)
				used_add(&w->used[tx->face], tx->cps[i]);
		}
	}
	/* one encoder serves every subset: size it for the largest */
	for (int f = 0; f < w->nfaces; f++) {
		size_t n = w->used[f].n;
		if (n > SUBSET_MAX)
			n = SUBSET_MAX;
		if (n > w->enc_n)
			w->enc_n = n;
	}
	for (int f = 0; f < w->nfaces; f++) {
		struct used *u = &w->used[f];
		if (u->n == 0)
			continue;
		u->w = xmalloc(u->n * sizeof *u->w);
		for (size_t k = 0; k < u->n; k++) {
			/* libharu's W entry: advance * 1000 / upem, truncated */
			double a = fonts_advance(w->fs, f, u->cps[k]);
			u->w[k] = floor(a * 1000.0 + 1e-6) / 1000.0;
		}
		u->nfonts = (u->n + SUBSET_MAX - 1) / SUBSET_MAX;
		u->fonts = xcalloc(u->nfonts, sizeof *u->fonts);
		u->jobs = xcalloc(u->nfonts, sizeof *u->jobs);
		for (size_t part = 0; part < u->nfonts; part++) {
			u->jobs[part] = xcalloc(1, sizeof *u->jobs[part]);
			u->fonts[part] = load_subset(w, f, part, u->jobs[part]);
			if (u->fonts[part] == NULL)
				return false;
		}
	}
	return true;
}

/* ---- drawing --------------------------------------------------------------------- */

struct tstate {
	HPDF_Font font;
	double size, hscale, tc, lw;
	int mode;            /* 0 fill, 2 fill+stroke; -1 unknown */
	int rgb;             /* packed colour, -1 unknown */
};

static void
draw_text(struct w *w, HPDF_Page page, const dl_text *t, struct tstate *st,
          char *buf)
{
	double H = w->page_h;
	struct used *u = &w->used[t->face];
	double size = t->size;
	double h = t->hscale > 0 ? t->hscale : 1.0;
	if (h < 0.1)
		h = 0.1;
	if (h > 3.0)
		h = 3.0;
	if (!(size > 0) || size > 600)
		return;
	int rgb = t->color.r << 16 | t->color.g << 8 | t->color.b;
	if (rgb != st->rgb) {
		HPDF_Page_SetRGBFill(page, t->color.r / 255.0f, t->color.g / 255.0f,
		                     t->color.b / 255.0f);
		HPDF_Page_SetRGBStroke(page, t->color.r / 255.0f, t->color.g / 255.0f,
		                       t->color.b / 255.0f);
		st->rgb = rgb;
	}
	int mode = t->bold ? 2 : 0;
	if (mode != st->mode) {
		HPDF_Page_SetTextRenderingMode(page, t->bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
		st->mode = mode;
	}
	if (t->bold && fabs(st->lw - size / 30.0) > 1e-6) {
		HPDF_Page_SetLineWidth(page, (HPDF_REAL)(size / 30.0));
		st->lw = size / 30.0;
	}
	if (fabs(st->hscale - h) > 1e-9) {
		HPDF_Page_SetHorizontalScalling(page, (HPDF_REAL)(h * 100.0));
		st->hscale = h;
	}
	size_t i = 0;
	while (i < t->n) {
		long slot = used_find(u, t->cps[i]);
		size_t part = (size_t)slot / SUBSET_MAX;
		/* extend the group while the spacing stays constant */
		size_t j = i + 1;
		double tc = 0;
		bool have_tc = false;
		while (j < t->n) {
			long s2 = used_find(u, t->cps[j]);
			if ((size_t)s2 / SUBSET_MAX != part)
				break;
			long sp = used_find(u, t->cps[j - 1]);
			double c = (t->xs[j] - t->xs[j - 1]) / h - u->w[sp] * size;
			if (c < HPDF_MIN_CHARSPACE || c > HPDF_MAX_CHARSPACE)
				break;
			if (!have_tc) {
				tc = c;
				have_tc = true;
			} else if (fabs(c - tc) > 0.0005) {
				break;
			}
			j++;
		}
		HPDF_Font font = u->fonts[part];
		if (font != st->font || fabs(size - st->size) > 1e-9) {
			HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
			st->font = font;
			st->size = size;
		}
		if (have_tc && fabs(tc - st->tc) > 0.00001) {
			HPDF_Page_SetCharSpace(page, (HPDF_REAL)tc);
			st->tc = tc;
		}
		if (t->rot90)   /* runs up the page (dl.h) */
			HPDF_Page_SetTextMatrix(page, 0, 1, -1, 0, (HPDF_REAL)t->y,
			                        (HPDF_REAL)t->xs[i]);
		else
			HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, (HPDF_REAL)t->xs[i],
			                        (HPDF_REAL)(H - t->y));
		char *p = buf;
		for (size_t k = i; k < j; k++) {
			long s = used_find(u, t->cps[k]);
			uint16_t c = pua_code((size_t)s % SUBSET_MAX);
			*p++ = (char)(c >> 8);
			*p++ = (char)(c & 0xFF);
		}
		*p = '\0';
		HPDF_Page_ShowText(page, buf);
		i = j;
	}
}

/* PNGs are decoded with libpng's simplified API, which reports errors
 * instead of jumping: libharu 2.3.0's own PNG loader lets a damaged file
 * abort the process (libpng longjmps to a jump buffer libharu never set).
 * The pixels go to libharu as a raw RGB image plus, when any pixel is not
 * opaque, a DeviceGray soft mask.  Decoding and deflating happen in a worker
 * thread started before the fonts are loaded; the page that shows the image
 * waits for it.  A 497x497 seal is 1 MB of pixels: zlib level 6 takes 27 ms
 * on it (long runs, long hash chains), level 1 5 ms for 11 KB more. */
static void *
ijob_run(void *arg)
{
	struct ijob *j = arg;
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&im, j->path)) {
		snprintf(j->msg, sizeof j->msg, "libpng: %s", im.message);
		png_image_free(&im);
		return NULL;
	}
	im.format = PNG_FORMAT_RGBA;
	j->wd = im.width;
	j->ht = im.height;
	if (j->wd == 0 || j->ht == 0 || j->wd > 20000 || j->ht > 20000) {
		snprintf(j->msg, sizeof j->msg, "%zux%zu pixels is not a usable size",
		         j->wd, j->ht);
		png_image_free(&im);
		return NULL;
	}
	size_t np = j->wd * j->ht;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(im));
	j->rgb = malloc(np * 3);
	j->alpha = malloc(np);
	if (px == NULL || j->rgb == NULL || j->alpha == NULL) {
		snprintf(j->msg, sizeof j->msg, "out of memory");
		png_image_free(&im);
		free(px);
		return NULL;
	}
	if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
		snprintf(j->msg, sizeof j->msg, "libpng: %s", im.message);
		png_image_free(&im);
		free(px);
		return NULL;
	}
	j->opaque = true;
	for (size_t i = 0; i < np; i++) {
		j->rgb[3 * i] = px[4 * i];
		j->rgb[3 * i + 1] = px[4 * i + 1];
		j->rgb[3 * i + 2] = px[4 * i + 2];
		j->alpha[i] = px[4 * i + 3];
		j->opaque &= j->alpha[i] == 255;
	}
	free(px);
	for (int k = 0; k < (j->opaque ? 1 : 2); k++) {
		const unsigned char *in = k == 0 ? j->rgb : j->alpha;
		uLong inlen = (uLong)(k == 0 ? np * 3 : np);
		uLongf n = compressBound(inlen);
		j->z[k] = malloc(n);
		if (j->z[k] == NULL ||
		    compress2(j->z[k], &n, in, inlen, Z_BEST_SPEED) != Z_OK) {
			snprintf(j->msg, sizeof j->msg, "zlib could not compress it");
			return NULL;
		}
		j->zlen[k] = n;
	}
	return NULL;
}

static void
ijob_free(struct ijob *j)
{
	if (j == NULL)
		return;
	if (j->threaded)
		pthread_join(j->th, NULL);
	free(j->rgb);
	free(j->alpha);
	free(j->z[0]);
	free(j->z[1]);
	free(j);
}

/* ---- image positions ------------------------------------------------------------ */

struct imgpos {
	char *path, *file, *dpath;
	int line, col;
};
static struct imgpos *ipos;
static size_t nipos;

void
pdf_image_pos(const char *path, srcpos pos)
{
	if (path == NULL || pos.file == NULL)
		return;
	size_t i = 0;
	while (i < nipos && strcmp(ipos[i].path, path) != 0)
		i++;
	if (i == nipos) {
		ipos = xrealloc(ipos, (nipos + 1) * sizeof *ipos);
		ipos[nipos++] = (struct imgpos){ xstrdup(path), NULL, NULL, 0, 0 };
	} else {
		free(ipos[i].file);
		free(ipos[i].dpath);
	}
	ipos[i].file = xstrdup(pos.file);
	ipos[i].dpath = pos.path ? xstrdup(pos.path) : NULL;
	ipos[i].line = pos.line;
	ipos[i].col = pos.col;
}

/* with a template position the file's base name is enough (the template
 * line names it as written) */
static const char *
image_shown(const char *path)
{
	for (size_t i = 0; i < nipos; i++)
		if (strcmp(ipos[i].path, path) == 0) {
			const char *b = strrchr(path, '/');
			return b ? b + 1 : path;
		}
	return path;
}

static srcpos
image_pos(const char *path)
{
	for (size_t i = 0; i < nipos; i++)
		if (strcmp(ipos[i].path, path) == 0)
			return (srcpos){ ipos[i].file, ipos[i].line, ipos[i].col, ipos[i].dpath };
	return NOPOS;
}

/* ---- image limits ------------------------------------------------------------ */

/* A 42 mm seal at 2400 dpi is 3969 pixels square; 4096 x 4096 (16 M pixels,
 * 64 MB decoded as RGBA) is the most any seal needs, and checking it from
 * the header keeps a 100000 x 100000 "seal" from being decoded at all. */
#define IMG_MAX_SIDE   8192u
#define IMG_MAX_PIXELS (4096u * 4096u)

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool
size_ok(uint32_t wd, uint32_t ht, char *msg, size_t n)
{
	if (wd == 0 || ht == 0 || wd > IMG_MAX_SIDE || ht > IMG_MAX_SIDE ||
	    (uint64_t)wd * ht > IMG_MAX_PIXELS) {
		snprintf(msg, n, "%ux%u pixels is more than a seal needs (at most %u pixels, "
		         "4096x4096: a 42 mm seal at 2400 dpi); scale it down",
		         (unsigned)wd, (unsigned)ht, IMG_MAX_PIXELS);
		return false;
	}
	return true;
}

bool
pdf_image_check(const char *path, char *msg, size_t n)
{
	unsigned w, h;
	return pdf_image_info(path, msg, n, &w, &h);
}

bool
pdf_image_info(const char *path, char *msg, size_t n, unsigned *pw, unsigned *ph)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(msg, n, "%s", strerror(errno));
		return false;
	}
	struct stat st;
	unsigned char h[32];
	size_t k = fread(h, 1, sizeof h, f);
	size_t fsize = fstat(fileno(f), &st) == 0 ? (size_t)st.st_size : 0;
	bool ok = false;
	if (k >= 24 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(h + 12, "IHDR", 4) == 0) {
		if (!size_ok(be32(h + 16), be32(h + 20), msg, n))
			goto out;
		*pw = be32(h + 16);
		*ph = be32(h + 20);
		/* walk the chunks: none may claim more bytes than the file has */
		size_t pos = 8;
		for (int c = 0; c < 1000000; c++) {
			unsigned char ch[8];
			if (pos + 8 > fsize || fseek(f, (long)pos, SEEK_SET) != 0 ||
			    fread(ch, 1, 8, f) != 8) {
				snprintf(msg, n, "the PNG ends before its IEND chunk (truncated)");
				goto out;
			}
			uint32_t len = be32(ch);
			char type[5] = { 0 };
			for (int i = 0; i < 4; i++)
				type[i] = ch[4 + i] >= 32 && ch[4 + i] < 127 ? (char)ch[4 + i] : '?';
			if (len > 0x7FFFFFFFu || len > fsize - pos - 8 || fsize - pos - 8 - len < 4) {
				snprintf(msg, n, "PNG chunk %s at byte %zu declares %lu bytes but the "
				         "file has %zu after it (damaged or truncated)", type, pos,
				         (unsigned long)len, fsize - pos - 8);
				goto out;
			}
			if (memcmp(ch + 4, "IEND", 4) == 0) {
				ok = true;
				snprintf(msg, n, "PNG");
				goto out;
			}
			pos += 12 + (size_t)len;
		}
		snprintf(msg, n, "too many PNG chunks");
		goto out;
	}
	if (k >= 4 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) {
		size_t pos = 2;
		for (int c = 0; c < 100000; c++) {
			unsigned char m[10];
			if (fseek(f, (long)pos, SEEK_SET) != 0 || fread(m, 1, 4, f) != 4 ||
			    m[0] != 0xFF) {
				snprintf(msg, n, "the JPEG is damaged or truncated (no frame header)");
				goto out;
			}
			unsigned mk = m[1];
			if (mk == 0xFF) {       /* fill byte */
				pos++;
				continue;
			}
			size_t len = (size_t)m[2] << 8 | m[3];
			if ((mk >= 0xC0 && mk <= 0xCF && mk != 0xC4 && mk != 0xC8 && mk != 0xCC)) {
				if (fread(m + 4, 1, 6, f) != 6) {
					snprintf(msg, n, "the JPEG is truncated in its frame header");
					goto out;
				}
				uint32_t ht = (uint32_t)m[5] << 8 | m[6], wd = (uint32_t)m[7] << 8 | m[8];
				if (!size_ok(wd, ht, msg, n))
					goto out;
				*pw = wd;
				*ph = ht;
				if (m[9] != 1 && m[9] != 3) {
					snprintf(msg, n, "a JPEG with %u colour components (CMYK?) cannot "
					         "go into a PDF/A with an sRGB output intent; save it as RGB",
					         (unsigned)m[9]);
					goto out;
				}
				ok = true;
				snprintf(msg, n, "JPEG");
				goto out;
			}
			if (mk == 0xD9 || mk == 0xDA || len < 2) {
				snprintf(msg, n, "the JPEG has no frame header before its data");
				goto out;
			}
			pos += 2 + len;
		}
		snprintf(msg, n, "the JPEG is damaged");
		goto out;
	}
	snprintf(msg, n, "not a PNG or JPEG image");
out:
	fclose(f);
	return ok;
}

/* Start decoding every image of the document (checking first, for plainer
 * messages than libpng's). */
static void
preload_images(struct w *w)
{
	const dl_doc *d = w->d;
	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].nimages; i++) {
			const char *path = d->pages[p].images[i].path;
			if (path == NULL)
				continue;
			bool seen = false;
			for (size_t k = 0; k < w->nimgs && !seen; k++)
				seen = strcmp(w->imgs[k].path, path) == 0;
			if (seen)
				continue;
			if (w->nimgs == w->capimgs) {
				w->capimgs = w->capimgs ? 2 * w->capimgs : 4;
				w->imgs = xrealloc(w->imgs, w->capimgs * sizeof *w->imgs);
			}
			struct image_ent *e = &w->imgs[w->nimgs++];
			e->path = path;
			e->img = NULL;
			e->job = NULL;
			e->jpeg = false;
			char msg[240];
			if (!pdf_image_check(path, msg, sizeof msg)) {
				diag_error(image_pos(path), "cannot read image %s: %s", image_shown(path), msg);
				w->failed = true;
				continue;
			}
			if (strncmp(msg, "JPEG", 4) == 0) {
				e->jpeg = true;
				continue;
			}
			e->job = xcalloc(1, sizeof *e->job);
			e->job->path = path;
			e->job->threaded = pthread_create(&e->job->th, NULL, ijob_run, e->job) == 0;
			if (!e->job->threaded)
				ijob_run(e->job);
		}
}

/* The libharu image for path: wait for its worker, hand libharu the pixels
 * and replace the stream contents with the worker's deflated bytes. */
static HPDF_Image
image_for(struct w *w, const char *path)
{
	struct image_ent *e = NULL;
	for (size_t i = 0; i < w->nimgs && e == NULL; i++)
		if (strcmp(w->imgs[i].path, path) == 0)
			e = &w->imgs[i];
	if (e != NULL && e->jpeg && e->img == NULL) {
		e->jpeg = false;
		e->img = HPDF_LoadJpegImageFromFile(w->pdf, path);
		if (e->img == NULL || w->err.code != 0) {
			char m[200];
			if (w->err.code == 0)
				w->err.code = HPDF_INVALID_IMAGE;
			herr_text(&w->err, m, sizeof m);
			diag_error(image_pos(path), "cannot embed image %s: %s", image_shown(path), m);
			HPDF_ResetError(w->pdf);
			w->err.code = 0;
			e->img = NULL;
		}
		return e->img;
	}
	if (e == NULL || e->job == NULL)
		return e ? e->img : NULL;
	struct ijob *j = e->job;
	e->job = NULL;
	if (j->threaded) {
		pthread_join(j->th, NULL);
		j->threaded = false;
	}
	if (j->msg[0] != '\0') {
		diag_error(image_pos(path), "cannot read image %s: %s", image_shown(path), j->msg);
		ijob_free(j);
		return NULL;
	}
	HPDF_Image img = HPDF_LoadRawImageFromMem(w->pdf, j->rgb, (HPDF_UINT)j->wd,
	                                          (HPDF_UINT)j->ht, HPDF_CS_DEVICE_RGB, 8);
	HPDF_STATUS r = img ? set_deflated(img, j->z[0], j->zlen[0]) : HPDF_INVALID_IMAGE;
	if (img != NULL && r == HPDF_OK && !j->opaque) {
		HPDF_Image sm = HPDF_LoadRawImageFromMem(w->pdf, j->alpha, (HPDF_UINT)j->wd,
		                                         (HPDF_UINT)j->ht, HPDF_CS_DEVICE_GRAY, 8);
		r = sm ? set_deflated(sm, j->z[1], j->zlen[1]) : HPDF_INVALID_IMAGE;
		if (r == HPDF_OK)
			r = HPDF_Image_AddSMask(img, sm);
	}
	ijob_free(j);
	if (img == NULL || r != HPDF_OK || w->err.code != 0) {
		char m[200];
		if (w->err.code == 0)
			w->err.code = r ? r : HPDF_INVALID_IMAGE;
		herr_text(&w->err, m, sizeof m);
		diag_error(image_pos(path), "cannot embed image %s: %s", image_shown(path), m);
		HPDF_ResetError(w->pdf);
		w->err.code = 0;
		return NULL;
	}
	e->img = img;
	return img;
}

static bool
draw_page(struct w *w, const dl_page *pg, char *buf)
{
	const dl_doc *d = w->d;
	/* each page has its own frame (a landscape page between portrait ones) */
	double W = pg->frame.width > 0 ? pg->frame.width : d->width > 0 ? d->width : DL_A4_W;
	double H = pg->frame.height > 0 ? pg->frame.height : d->height > 0 ? d->height : DL_A4_H;
	w->page_h = H;
	HPDF_Page page = HPDF_AddPage(w->pdf);
	if (page == NULL || hfail(w, "adding a page"))
		return false;
	HPDF_Page_SetWidth(page, (HPDF_REAL)W);
	HPDF_Page_SetHeight(page, (HPDF_REAL)H);
	if (hfail(w, "setting the page size"))
		return false;

	/* rules */
	int rgb = -1;
	double lw = -1;
	for (size_t i = 0; i < pg->nrules; i++) {
		const dl_rule *r = &pg->rules[i];
		if (!(r->width > 0))
			continue;
		int c = r->color.r << 16 | r->color.g << 8 | r->color.b;
		if (c != rgb) {
			HPDF_Page_SetRGBStroke(page, r->color.r / 255.0f, r->color.g / 255.0f,
			                       r->color.b / 255.0f);
			rgb = c;
		}
		if (fabs(r->width - lw) > 1e-9) {
			HPDF_Page_SetLineWidth(page, (HPDF_REAL)(r->width < 100 ? r->width : 100));
			lw = r->width;
		}
		HPDF_Page_MoveTo(page, (HPDF_REAL)r->x1, (HPDF_REAL)(H - r->y1));
		HPDF_Page_LineTo(page, (HPDF_REAL)r->x2, (HPDF_REAL)(H - r->y2));
		HPDF_Page_Stroke(page);
	}
	if (hfail(w, "drawing rules"))
		return false;

	/* text: one text object for the page */
	if (pg->ntexts > 0) {
		struct tstate st = { NULL, -1, 1.0, 0, -1, 0, -1 };
		if (lw > 0)
			st.lw = lw;
		HPDF_Page_BeginText(page);
		for (size_t i = 0; i < pg->ntexts; i++)
			if (pg->texts[i].n > 0)
				draw_text(w, page, &pg->texts[i], &st, buf);
		HPDF_Page_EndText(page);
		if (hfail(w, "drawing text"))
			return false;
	}

	/* images last: a seal lies over the text it stamps, multiplied into
	 * it as ink pressed on paper (white vanishes, black text under the red
	 * stays legible; blend mode Multiply is allowed in PDF/A-2); each seal's
	 * rectangle is recorded in the page as /GW_Seals for `gongwen sign' */
	HPDF_Array seals = NULL;
	for (size_t i = 0; i < pg->nimages; i++) {
		const dl_image *im = &pg->images[i];
		HPDF_Image img = image_for(w, im->path);
		if (img == NULL) {
			w->failed = true;
			continue;
		}
		if (w->multiply == NULL) {
			w->multiply = HPDF_CreateExtGState(w->pdf);
			if (w->multiply)
				HPDF_ExtGState_SetBlendMode(w->multiply, HPDF_BM_MULTIPLY);
		}
		HPDF_Page_GSave(page);
		if (w->multiply)
			HPDF_Page_SetExtGState(page, w->multiply);
		HPDF_Page_DrawImage(page, img, (HPDF_REAL)im->x,
		                    (HPDF_REAL)(H - im->y - im->h), (HPDF_REAL)im->w,
		                    (HPDF_REAL)im->h);
		HPDF_Page_GRestore(page);
		if (im->role && strcmp(im->role, "seal") == 0) {
			if (seals == NULL) {
				seals = HPDF_Array_New(w->pdf->mmgr);
				if (seals)
					HPDF_Dict_Add(page, "GW_Seals", seals);
			}
			double r4[4] = { im->x, H - im->y - im->h, im->x + im->w, H - im->y };
			for (int k = 0; seals && k < 4; k++)
				HPDF_Array_AddReal(seals, (HPDF_REAL)(floor(r4[k] * 100 + 0.5) / 100));
		}
		if (hfail(w, "drawing an image"))
			return false;
	}
	return true;
}

/* ---- document info ---------------------------------------------------------------- */

/* A PDF text string: ASCII as is, anything else UTF-16BE with a BOM. */
static void *text_obj(struct w *w, const char *val);

static void
set_info(struct w *w, const char *key, const char *val)
{
	if (val == NULL || *val == '\0' || w->pdf->info == NULL)
		return;
	HPDF_Dict_Add(w->pdf->info, key, text_obj(w, val));
}

/* Info strings: libharu refuses a string over 65,535 bytes ("invalid
 * document handle" for a 100,000-character 标题, issue 14); a reader shows
 * one line of it anyway: at most INFO_MAX characters, then "…". */
#define INFO_MAX 2000

/* val, or a malloc'd copy cut to INFO_MAX characters and "…" (*owned). */
static const char *
info_clip(const char *val, char **owned)
{
	size_t nc = 0, cut = 0;
	*owned = NULL;
	if (val == NULL)
		return NULL;
	for (size_t i = 0; val[i] && cut == 0; i++)
		if (((unsigned char)val[i] & 0xC0) != 0x80 && nc++ == INFO_MAX)
			cut = i;
	if (cut == 0)
		return val;
	char *c = xmalloc(cut + 4);
	memcpy(c, val, cut);
	memcpy(c + cut, "\xe2\x80\xa6", 4);   /* … and the NUL */
	*owned = c;
	return c;
}

static void *
text_obj(struct w *w, const char *val)
{
	bool ascii = true;
	char *clip;
	val = info_clip(val, &clip);
	for (const unsigned char *s = (const unsigned char *)val; *s; s++)
		if (*s < 32 || *s > 126)
			ascii = false;
	if (ascii) {
		void *o = HPDF_String_New(w->pdf->mmgr, val, NULL);
		free(clip);
		return o;
	}
	/* UTF-16BE with a byte-order mark, as a hex string */
	size_t n = strlen(val);
	unsigned char *b = xmalloc(2 + 4 * n);
	size_t k = 0;
	b[k++] = 0xFE;
	b[k++] = 0xFF;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode((const unsigned char *)val + i, n - i, &cp);
		if (cp == UTF8_BAD)
			cp = 0xFFFD;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			b[k++] = (unsigned char)(hi >> 8);
			b[k++] = (unsigned char)hi;
			b[k++] = (unsigned char)(lo >> 8);
			b[k++] = (unsigned char)lo;
		} else {
			b[k++] = (unsigned char)(cp >> 8);
			b[k++] = (unsigned char)cp;
		}
	}
	void *o = HPDF_Binary_New(w->pdf->mmgr, b, (HPDF_UINT)k);
	free(b);
	free(clip);
	return o;
}

static void
set_info_all(struct w *w)
{
	const dl_doc *d = w->d;
	/* HPDF_SetInfoAttr creates the Info dictionary; Creator is ASCII. */
	HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "gongwen " GONGWEN_VERSION);
	if (d->creator)
		set_info(w, "Creator", d->creator);
	set_info(w, "Title", d->title);
	set_info(w, "Author", d->author);
	set_info(w, "Subject", d->subject);
	set_info(w, "Keywords", d->keywords);
	if (d->date >= 0) {
		time_t t = (time_t)d->date;
		struct tm tm;
		if (gmtime_r(&t, &tm) != NULL && tm.tm_year + 1900 >= 1 &&
		    tm.tm_year + 1900 <= 9999) {
			HPDF_Date dt = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			                 tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0 };
			HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, dt);
			HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, dt);
		}
	}
}


/* ---- PDF/A ------------------------------------------------------------------------ */

/* Added through libharu's object model before it saves (it writes what the
 * catalog and trailer hold): the XMP packet (pdfa.c), the sRGB output intent
 * with the ICC profile built into the binary (icc_srgb.S, from Debian's
 * icc-profiles-free), a trailer /ID placeholder that save_pdf fills with a
 * hash of the file, and the PDF/A-3 associated files.  The fonts already
 * carry what PDF/A asks of CID fonts (embedded subsets, a CIDToGIDMap, an
 * embedded CMap whose CIDSystemInfo matches the CIDFont's). */

static int pdfa_part = 2;
static const pdf_attach *attach;
static size_t nattach;

void pdf_set_pdfa(int part) { pdfa_part = part; }
int pdf_get_pdfa(void) { return pdfa_part; }

void
pdf_set_attachments(const pdf_attach *a, size_t n)
{
	attach = a;
	nattach = n;
}

extern const unsigned char gw_srgb_icc[], gw_srgb_icc_end[];

static bool
add_attachments(struct w *w)
{
	HPDF_MMgr mm = w->pdf->mmgr;
	HPDF_Xref xref = w->pdf->xref;
	HPDF_STATUS r = HPDF_OK;
	HPDF_Array names = HPDF_Array_New(mm), af = HPDF_Array_New(mm);
	HPDF_Dict ef_tree = HPDF_Dict_New(mm), nd = HPDF_Dict_New(mm);
	if (!names || !af || !ef_tree || !nd)
		return false;
	for (size_t i = 0; i < nattach; i++) {
		const pdf_attach *a = &attach[i];
		HPDF_Dict st = HPDF_DictStream_New(mm, xref);
		HPDF_Dict fs = HPDF_Dict_New(mm);
		HPDF_Dict ef = HPDF_Dict_New(mm), params = HPDF_Dict_New(mm);
		if (!st || !fs || !ef || !params || HPDF_Xref_Add(xref, fs) != HPDF_OK)
			return false;
		st->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		r |= HPDF_Dict_AddName(st, "Type", "EmbeddedFile");
		r |= HPDF_Dict_AddName(st, "Subtype", a->mime);
		r |= HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)a->len);
		/* the document's date (reproducible), as its Info dates */
		const char *dd = HPDF_GetInfoAttr(w->pdf, HPDF_INFO_CREATION_DATE);
		if (dd != NULL)
			r |= HPDF_Dict_Add(params, "ModDate", HPDF_String_New(mm, dd, NULL));
		r |= HPDF_Dict_Add(st, "Params", params);
		if (a->len)
			r |= HPDF_Stream_Write(st->stream, a->data, (HPDF_UINT)a->len);
		r |= HPDF_Dict_AddName(fs, "Type", "Filespec");
		r |= HPDF_Dict_Add(fs, "F", text_obj(w, a->name));
		r |= HPDF_Dict_Add(fs, "UF", text_obj(w, a->name));
		if (a->desc)
			r |= HPDF_Dict_Add(fs, "Desc", text_obj(w, a->desc));
		r |= HPDF_Dict_AddName(fs, "AFRelationship", a->rel ? a->rel : "Source");
		r |= HPDF_Dict_Add(ef, "F", st);
		r |= HPDF_Dict_Add(ef, "UF", st);
		r |= HPDF_Dict_Add(fs, "EF", ef);
		/* name-tree keys sort as bytes: number them */
		char key[24];
		snprintf(key, sizeof key, "%03zu", i + 1);
		r |= HPDF_Array_Add(names, HPDF_String_New(mm, key, NULL));
		r |= HPDF_Array_Add(names, fs);
		r |= HPDF_Array_Add(af, fs);
	}
	r |= HPDF_Dict_Add(ef_tree, "Names", names);
	r |= HPDF_Dict_Add(nd, "EmbeddedFiles", ef_tree);
	r |= HPDF_Dict_Add(w->pdf->catalog, "Names", nd);
	r |= HPDF_Dict_Add(w->pdf->catalog, "AF", af);
	return r == HPDF_OK;
}

static bool
add_pdfa(struct w *w)
{
	const dl_doc *d = w->d;
	HPDF_MMgr mm = w->pdf->mmgr;
	HPDF_Xref xref = w->pdf->xref;
	HPDF_STATUS r = HPDF_OK;
	w->pdf->pdf_version = HPDF_VER_17;
	if (pdfa_part == 0)
		return true;

	char *c1, *c2, *c3, *c4;   /* the same strings as the Info dictionary's */
	pdfa_meta m = { nattach > 0 ? 3 : 2, info_clip(d->title, &c1), info_clip(d->author, &c2),
	                info_clip(d->subject, &c3), info_clip(d->keywords, &c4),
	                d->creator ? d->creator : "gongwen " GONGWEN_VERSION,
	                HPDF_GetInfoAttr(w->pdf, HPDF_INFO_PRODUCER), -1 };
	if (HPDF_GetInfoAttr(w->pdf, HPDF_INFO_CREATION_DATE) != NULL)
		m.date = d->date;
	size_t xl;
	char *xmp = pdfa_xmp(&m, &xl);
	free(c1);
	free(c2);
	free(c3);
	free(c4);
	HPDF_Dict md = HPDF_DictStream_New(mm, xref);
	if (md == NULL) {
		free(xmp);
		return false;
	}
	md->filter = HPDF_STREAM_FILTER_NONE;   /* readable without inflating */
	r |= HPDF_Dict_AddName(md, "Type", "Metadata");
	r |= HPDF_Dict_AddName(md, "Subtype", "XML");
	r |= HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)xmp, (HPDF_UINT)xl);
	free(xmp);
	r |= HPDF_Dict_Add(w->pdf->catalog, "Metadata", md);

	HPDF_Dict icc = HPDF_DictStream_New(mm, xref);
	HPDF_Dict oi = HPDF_Dict_New(mm);
	HPDF_Array ois = HPDF_Array_New(mm);
	if (!icc || !oi || !ois)
		return false;
	icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	r |= HPDF_Dict_AddNumber(icc, "N", 3);
	r |= HPDF_Stream_Write(icc->stream, gw_srgb_icc,
	                       (HPDF_UINT)(gw_srgb_icc_end - gw_srgb_icc));
	r |= HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	r |= HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	r |= HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	                   HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
	r |= HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
	r |= HPDF_Dict_Add(oi, "RegistryName", HPDF_String_New(mm, "http://www.color.org", NULL));
	r |= HPDF_Dict_Add(oi, "DestOutputProfile", icc);
	r |= HPDF_Array_Add(ois, oi);
	r |= HPDF_Dict_Add(w->pdf->catalog, "OutputIntents", ois);

	static const HPDF_BYTE zero[PDFA_ID_BYTES];
	HPDF_Array id = HPDF_Array_New(mm);
	if (id == NULL)
		return false;
	r |= HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)zero, PDFA_ID_BYTES));
	r |= HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)zero, PDFA_ID_BYTES));
	r |= HPDF_Dict_Add(w->pdf->trailer, "ID", id);
	if (nattach > 0 && !add_attachments(w))
		return false;
	return r == HPDF_OK && w->err.code == 0;
}

/* ---- atomic write ------------------------------------------------------------------- */

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static bool
save_atomic(struct w *w)
{
	if (HPDF_SaveToStream(w->pdf) != HPDF_OK || hfail(w, "saving")) {
		if (!w->failed) {
			diag_fatal(NOPOS, "cannot write %s: libharu could not save the document",
			           w->out);
			w->failed = true;
		}
		return false;
	}
	HPDF_Stream s = w->pdf->stream;
	if (s == NULL || s->type != HPDF_STREAM_MEMORY) {
		diag_fatal(NOPOS, "cannot write %s: libharu kept no document stream", w->out);
		return false;
	}
	size_t flen;
	unsigned char *file = stream_bytes(s, &flen);
	if (file == NULL) {
		diag_fatal(NOPOS, "cannot write %s: libharu's document stream is short", w->out);
		return false;
	}
	if (pdfa_part != 0 && pdfa_patch_id(file, flen) != 0) {
		diag_fatal(NOPOS, "cannot write %s: the trailer /ID was not where gongwen put it "
		           "(not libharu 2.3.0?)", w->out);
		free(file);
		return false;
	}
	if (sign_active() != NULL) {
		size_t sl;
		unsigned char *sf = sign_append(sign_active(), file, flen, &sl, w->out, NULL);
		free(file);
		if (sf == NULL)
			return false;
		file = sf;
		flen = sl;
	}

	char *dcopy = xstrdup(w->out), *bcopy = xstrdup(w->out);
	const char *dir = dirname(dcopy), *base = basename(bcopy);
	size_t tl = strlen(dir) + strlen(base) + 16;
	char *tmp = xmalloc(tl);
	if (strlen(base) > 200)
		base = "gongwen";
	snprintf(tmp, tl, "%s/.%s.XXXXXX", dir, base);
	bool ok = false;
	/* no signal between mkstemp and rename (or unlink): a SIGINT, SIGTERM or
	 * SIGHUP then waits for the file to be in place or gone, and never
	 * leaves the temporary behind */
	sigset_t block, old_mask;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &block, &old_mask);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		diag_fatal(NOPOS, "cannot write %s: %s", w->out, strerror(errno));
		goto out;
	}
	mode_t um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) != 0)
		goto fail;
	if (write_all(fd, file, flen) != 0)
		goto fail;
	if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, w->out) != 0)
		goto fail;
	/* make the rename itself durable (best effort) */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	ok = true;
	goto out;
fail:
	{
		int e = errno;
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		diag_fatal(NOPOS, "cannot write %s: %s", w->out, strerror(e));
	}
out:
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	free(file);
	free(tmp);
	free(dcopy);
	free(bcopy);
	return ok;
}

/* ---- entry ---------------------------------------------------------------------- */

static void
w_free(struct w *w)
{
	if (w->pdf)
		HPDF_Free(w->pdf);
	if (w->used) {
		for (int f = 0; f < w->nfaces; f++) {
			free(w->used[f].cps);
			free(w->used[f].hkey);
			free(w->used[f].hval);
			free(w->used[f].fonts);
			for (size_t k = 0; k < w->used[f].nfonts; k++)
				if (w->used[f].jobs && w->used[f].jobs[k])
					fjob_free(w->used[f].jobs[k]);
			free(w->used[f].jobs);
			free(w->used[f].w);
		}
		free(w->used);
	}
	for (size_t i = 0; i < w->nimgs; i++)
		ijob_free(w->imgs[i].job);
	free(w->imgs);
	for (size_t i = 0; i < w->nnames; i++)
		free(w->names[i]);
	free(w->names);
}

int
pdf_write(const dl_doc *d, font_set *fs, const char *out_path)
{
	if (d == NULL || fs == NULL || out_path == NULL || *out_path == '\0') {
		diag_fatal(NOPOS, "cannot write the PDF: no output file given");
		return -1;
	}
	/* the target directory must exist; the target must not be a directory */
	{
		char *dc = xstrdup(out_path);
		const char *dir = dirname(dc);
		struct stat st;
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			diag_fatal(NOPOS, "cannot write %s: output directory %s does not exist",
			           out_path, dir);
			free(dc);
			return -1;
		}
		free(dc);
		if (stat(out_path, &st) == 0 && S_ISDIR(st.st_mode)) {
			diag_fatal(NOPOS, "cannot write %s: it is a directory", out_path);
			return -1;
		}
		/* a signed document is a record: rendering again would silently
		 * drop its signatures */
		if (stat(out_path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
			FILE *f = fopen(out_path, "rb");
			static unsigned char tail[65536];
			size_t k = 0;
			if (f != NULL) {
				if (st.st_size > (off_t)sizeof tail)
					fseek(f, -(long)sizeof tail, SEEK_END);
				k = fread(tail, 1, sizeof tail, f);
				fclose(f);
			}
			if (k > 12 && memmem(tail, k, "/ByteRange", 10) != NULL) {
				diag_error(NOPOS, "%s is a signed document; rendering it again would "
				           "discard its signatures: move it away (or render to another "
				           "name) first", out_path);
				return -1;
			}
		}
	}

	struct w w = { 0 };
	w.d = d;
	w.fs = fs;
	w.out = out_path;
	w.pdf = HPDF_New(on_error, &w.err);
	if (w.pdf == NULL) {
		diag_fatal(NOPOS, "cannot write %s: libharu could not start a document "
		           "(out of memory?)", out_path);
		return -1;
	}
	HPDF_SetCompressionMode(w.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(w.pdf);
	set_info_all(&w);
	if (hfail(&w, "starting the document"))
		goto done;

	preload_images(&w);
	if (!collect(&w)) {
		w.failed = true;
		goto done;
	}

	/* buffer for one Tj: 3 bytes of UTF-8 per private-use code */
	size_t maxn = 1;
	for (size_t p = 0; p < d->npages; p++)
		for (size_t t = 0; t < d->pages[p].ntexts; t++)
			if (d->pages[p].texts[t].n > maxn)
				maxn = d->pages[p].texts[t].n;
	char *buf = xmalloc(3 * maxn + 1);
	for (size_t p = 0; p < d->npages; p++)
		if (!draw_page(&w, &d->pages[p], buf)) {
			w.failed = true;
			break;
		}
	free(buf);
	if (d->npages == 0) {
		/* a PDF needs a page; an empty document gets one blank page */
		HPDF_Page pg = HPDF_AddPage(w.pdf);
		if (pg != NULL) {
			HPDF_Page_SetWidth(pg, (HPDF_REAL)(d->width > 0 ? d->width : DL_A4_W));
			HPDF_Page_SetHeight(pg, (HPDF_REAL)(d->height > 0 ? d->height : DL_A4_H));
		}
		hfail(&w, "adding a page");
	}
	if (w.failed)
		goto done;
	for (int f = 0; f < w.nfaces && !w.failed; f++)
		for (size_t k = 0; k < w.used[f].nfonts && !w.failed; k++)
			finish_font(&w, w.used[f].jobs[k]);
	if (w.failed)
		goto done;
	if (!add_pdfa(&w)) {
		if (w.err.code == 0)
			w.err.code = HPDF_INVALID_OBJECT;
		hfail(&w, "adding the PDF/A metadata");
		w.failed = true;
		goto done;
	}
	if (!save_atomic(&w))
		w.failed = true;
done:
	if (w.err.code != 0 && !w.failed)
		hfail(&w, "libharu");
	bool failed = w.failed;
	w_free(&w);
	return failed ? -1 : 0;
}
