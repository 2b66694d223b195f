/* zipmem.h — small workbooks built in memory from XML text, for the unit
 * tests and the fuzz target of rec_xlsx.c (libzip writes the archive,
 * entries stored uncompressed unless asked).  Test code only. */
#ifndef GW_ZIPMEM_H
#define GW_ZIPMEM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* n entries names[i] with lens[i] bytes of data[i] (lens NULL: strlen)
 * into a malloc'd zip archive; deflate: compress them.  NULL on failure. */
static inline char *
zipmem(const char *const *names, const char *const *data, const size_t *lens,
       size_t n, int deflate, size_t *outlen)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	char *buf = NULL;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		return NULL;
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(src);
		return NULL;
	}
	zip_source_keep(src);
	for (size_t i = 0; i < n; i++) {
		size_t l = lens ? lens[i] : strlen(data[i]);
		zip_source_t *s = zip_source_buffer(za, data[i], l, 0);
		zip_int64_t ix = s ? zip_file_add(za, names[i], s, ZIP_FL_OVERWRITE) : -1;
		if (ix < 0) {
			if (s)
				zip_source_free(s);
			continue;
		}
		zip_set_file_compression(za, (zip_uint64_t)ix,
		    deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, deflate ? 9 : 0);
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		buf = malloc(st.size + 1);
		if (buf && zip_source_read(src, buf, st.size) == (zip_int64_t)st.size)
			*outlen = st.size;
		else {
			free(buf);
			buf = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return buf;
}

#define ZM_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define ZM_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char zm_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" ZM_REL "officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";
static const char zm_wbrels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" ZM_REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" ZM_REL "worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" ZM_REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"" ZM_REL "styles\" Target=\"styles.xml\"/>"
	"</Relationships>";
static const char zm_workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " ZM_NS "><sheets>"
	"<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
	"<sheet name=\"Sheet2\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";

/* A workbook from its parts: p[0] sheet1 (required), p[1] the shared
 * strings, p[2] the styles, p[3] the workbook part (NULL: the default, with
 * Sheet1 and Sheet2), p[4] sheet2; NULL for none; len[i] bytes each (len
 * NULL: strlen). */
static inline char *
xlsx_parts(const char *const p[5], const size_t *len, size_t *outlen)
{
	static const char *const pn[5] = { "xl/worksheets/sheet1.xml",
	    "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
	    "xl/worksheets/sheet2.xml" };
	const char *names[8], *data[8];
	size_t lens[8], n = 0;

	names[n] = "[Content_Types].xml", data[n] = "<Types/>", lens[n++] = 8;
	names[n] = "_rels/.rels", data[n] = zm_rels, lens[n++] = strlen(zm_rels);
	names[n] = "xl/_rels/workbook.xml.rels", data[n] = zm_wbrels,
	    lens[n++] = strlen(zm_wbrels);
	for (int i = 0; i < 5; i++) {
		const char *d = p[i];
		size_t l = d && len ? len[i] : d ? strlen(d) : 0;
		if (i == 3 && d == NULL)
			d = zm_workbook, l = strlen(zm_workbook);
		if (d == NULL)
			continue;
		names[n] = pn[i], data[n] = d, lens[n++] = l;
	}
	return zipmem(names, data, lens, n, 0, outlen);
}

/* The same from NUL-terminated strings. */
static inline char *
xlsx_mem(const char *sheet1, const char *sst, const char *styles,
         const char *workbook, const char *sheet2, size_t *outlen)
{
	const char *p[5] = { sheet1, sst, styles, workbook, sheet2 };
	return xlsx_parts(p, NULL, outlen);
}
#endif
