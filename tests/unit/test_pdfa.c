/* test_pdfa.c — XMP packet, content-derived /ID, and the small PDF reader
 * that sign/verify/extract use. */
#include "testutil.h"
#include "pdfa.h"
#include "pdfread.h"
#include "sign.h"

#include <zlib.h>

static void
test_xml_escape(void **state)
{
	(void)state;
	char *e = pdfa_xml_escape("a<b>&\"c\"\x01");
	assert_string_equal(e, "a&lt;b&gt;&amp;&quot;c&quot; ");
	free(e);
}

static void
test_xmp(void **state)
{
	(void)state;
	pdfa_meta m = { 3, "关于<印发>的通知", "许昌市人民政府", "许政〔2018〕3号", NULL,
	                "gongwen 0.1.0", "Haru Free PDF Library 2.3.0", 1528243200 };
	size_t n;
	char *x = pdfa_xmp(&m, &n);
	assert_int_equal(strlen(x), n);
	assert_non_null(strstr(x, "<pdfaid:part>3</pdfaid:part>"));
	assert_non_null(strstr(x, "<pdfaid:conformance>B</pdfaid:conformance>"));
	assert_non_null(strstr(x, "<rdf:li xml:lang=\"x-default\">关于&lt;印发&gt;的通知</rdf:li>"));
	assert_non_null(strstr(x, "<dc:creator><rdf:Seq><rdf:li>许昌市人民政府</rdf:li>"));
	assert_non_null(strstr(x, "<xmp:CreateDate>2018-06-06T00:00:00Z</xmp:CreateDate>"));
	assert_non_null(strstr(x, "<xmp:ModifyDate>2018-06-06T00:00:00Z</xmp:ModifyDate>"));
	assert_null(strstr(x, "pdf:Keywords"));     /* none given: none written */
	assert_non_null(strstr(x, "<?xpacket end=\"r\"?>"));
	free(x);
	m.part = 2;
	m.date = -1;
	x = pdfa_xmp(&m, &n);
	assert_non_null(strstr(x, "<pdfaid:part>2</pdfaid:part>"));
	assert_null(strstr(x, "CreateDate"));
	free(x);
	/* 关键词: Info's text in pdf:Keywords, each word in the dc:subject bag */
	m.keywords = "考核评分表; 财政局; <良好>";
	x = pdfa_xmp(&m, &n);
	assert_non_null(strstr(x, "<pdf:Keywords>考核评分表; 财政局; &lt;良好&gt;</pdf:Keywords>"));
	assert_non_null(strstr(x, "<dc:subject><rdf:Bag><rdf:li>考核评分表</rdf:li><rdf:li>财政局"
	    "</rdf:li><rdf:li>&lt;良好&gt;</rdf:li></rdf:Bag></dc:subject>"));
	free(x);
}

static void
test_patch_id(void **state)
{
	(void)state;
	const char *t = "%PDF-1.7\nbody\ntrailer\n<< /ID [ <00000000000000000000000000000000> "
	                "<00000000000000000000000000000000> ] >>\n%%EOF\n";
	size_t n = strlen(t);
	unsigned char *a = (unsigned char *)strdup(t), *b = (unsigned char *)strdup(t);
	assert_int_equal(pdfa_patch_id(a, n), 0);
	assert_int_equal(pdfa_patch_id(b, n), 0);
	assert_memory_equal(a, b, n);                 /* same bytes, same ID */
	assert_null(strstr((char *)a, "<00000000"));
	const char *id = strstr((char *)a, "/ID [ <") + 7;
	assert_memory_equal(id, strstr(id, "> <") + 3, 32);   /* both halves */
	/* different content, different ID */
	unsigned char *c = (unsigned char *)strdup(t);
	c[10] = 'B';
	assert_int_equal(pdfa_patch_id(c, n), 0);
	assert_memory_not_equal(strstr((char *)c, "/ID"), strstr((char *)a, "/ID"), 40);
	/* no placeholder: refused */
	assert_int_equal(pdfa_patch_id(a, n), -1);
	free(a);
	free(b);
	free(c);
}

/* a tiny PDF with a classic xref, an incremental update and a stream */
static char *
tiny_pdf(size_t *len)
{
	static char buf[4096];
	unsigned char z[256];
	uLongf zl = sizeof z;
	compress(z, &zl, (const unsigned char *)"hello, 世界", strlen("hello, 世界"));
	size_t off[6] = { 0 };
	int n = sprintf(buf, "%%PDF-1.7\n");
	off[1] = (size_t)n;
	n += sprintf(buf + n, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Names << /A [(x) 3 0 R] >> >>\nendobj\n");
	off[2] = (size_t)n;
	n += sprintf(buf + n, "2 0 obj\n<< /Type /Pages /Kids [4 0 R] /Count 1 >>\nendobj\n");
	off[3] = (size_t)n;
	n += sprintf(buf + n, "3 0 obj\n<< /Length %lu /Filter /FlateDecode >>\nstream\n", (unsigned long)zl);
	memcpy(buf + n, z, zl);
	n += (int)zl;
	n += sprintf(buf + n, "\nendstream\nendobj\n");
	off[4] = (size_t)n;
	n += sprintf(buf + n, "4 0 obj\n<< /Type /Page /Parent 2 0 R /T <FEFF4E16754C> /S (a\\(b\\)\\101) >>\nendobj\n");
	size_t x1 = (size_t)n;
	n += sprintf(buf + n, "xref\n0 5\n0000000000 65535 f \n");
	for (int i = 1; i <= 4; i++)
		n += sprintf(buf + n, "%010zu 00000 n \n", off[i]);
	n += sprintf(buf + n, "trailer\n<< /Size 5 /Root 1 0 R /ID [<AB> <AB>] >>\nstartxref\n%zu\n%%%%EOF\n", x1);
	/* update: object 4 replaced */
	off[4] = (size_t)n;
	n += sprintf(buf + n, "4 0 obj\n<< /Type /Page /Parent 2 0 R /New true >>\nendobj\n");
	size_t x2 = (size_t)n;
	n += sprintf(buf + n, "xref\n4 1\n%010zu 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R /Prev %zu >>\n"
	             "startxref\n%zu\n%%%%EOF\n", off[4], x1, x2);
	*len = (size_t)n;
	return buf;
}

static void
test_pdfread(void **state)
{
	(void)state;
	size_t n, l, vl;
	char *b = tiny_pdf(&n);
	pdfr r;
	assert_int_equal(pdfr_open(&r, (unsigned char *)b, n), 0);
	assert_int_equal(r.root, 1);
	assert_int_equal(r.nrev, 2);
	const unsigned char *o = pdfr_obj(&r, 4, &l);
	assert_non_null(o);
	assert_non_null(pdfr_get(o, l, "New", &vl));     /* the newest revision wins */
	assert_null(pdfr_get(o, l, "T", &vl));
	o = pdfr_obj(&r, 1, &l);
	const unsigned char *v = pdfr_get(o, l, "Pages", &vl);
	assert_int_equal(pdfr_ref(v, vl), 2);
	assert_null(pdfr_get(o, l, "A", &vl));          /* not at the top level */
	const unsigned char *s = pdfr_stream(&r, 3, &l);
	assert_non_null(s);
	size_t dl;
	unsigned char *d = pdfr_inflate(s, l, &dl, 1 << 20);
	assert_non_null(d);
	assert_memory_equal(d, "hello, 世界", dl);
	free(d);
	pdfr_close(&r);

	/* strings: UTF-16 with BOM becomes UTF-8; escapes */
	size_t tl;
	char *t = pdfr_text((const unsigned char *)"<FEFF4E16754C>", 14, &tl);
	assert_string_equal(t, "世界");
	free(t);
	t = pdfr_text((const unsigned char *)"(a\\(b\\)\\101)", 12, &tl);
	assert_string_equal(t, "a(b)A");
	free(t);

	/* truncated and not a PDF */
	assert_int_equal(pdfr_open(&r, (unsigned char *)b, n - 40), -1);
	assert_non_null(strstr(r.err, "truncated"));
	pdfr_close(&r);
	assert_int_equal(pdfr_open(&r, (const unsigned char *)"hello world", 11), -1);
	assert_string_equal(r.err, "it is not a PDF file");
	pdfr_close(&r);
}

static void
test_sha256(void **state)
{
	(void)state;
	unsigned char h[32];
	gw_sha256("abc", 3, h);
	static const unsigned char want[4] = { 0xba, 0x78, 0x16, 0xbf };
	assert_memory_equal(h, want, 4);
}

static void
hex(const unsigned char *h, char *out)
{
	for (int i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
}

static void
test_md5(void **state)
{
	(void)state;
	unsigned char h[16];
	char x[33];
	pdfa_md5("abc", 3, h);
	hex(h, x);
	assert_string_equal(x, "900150983cd24fb0d6963f7d28e17f72");
	char a56[56];
	memset(a56, 'a', sizeof a56);          /* padding spills into a second block */
	pdfa_md5(a56, sizeof a56, h);
	hex(h, x);
	assert_string_equal(x, "3b0c8ac703f828b04c6c197006d17218");
	unsigned char b[1280];
	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	pdfa_md5(b, sizeof b, h);
	hex(h, x);
	assert_string_equal(x, "82829f1f3f2bb0f18b25f278e5bba8bd");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_xmp),
		cmocka_unit_test(test_patch_id),
		cmocka_unit_test(test_pdfread),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_md5),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
