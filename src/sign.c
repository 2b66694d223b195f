/* sign.c — PAdES B-B signatures and their verification, through OpenSSL
 * (the only file that includes OpenSSL headers).  See sign.h.
 *
 * Keeping the private key private: OpenSSL's secure heap is set up before
 * the PKCS#12 is parsed, so the key's private numbers live in locked pages
 * that are excluded from core dumps (MADV_DONTDUMP); the process is made
 * non-dumpable (PR_SET_DUMPABLE 0) for good measure; the password and the
 * .p12 bytes are wiped with OPENSSL_cleanse and never copied to a message or
 * a file.  Error messages name the file and what is wrong, never key data. */
#include "sign.h"

#include "arena.h"
#include "diag.h"
#include "file.h"
#include "pdfa.h"
#include "pdfread.h"

#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>


/* libcrypto is opened with dlopen when a signature is made or checked, not
 * linked: linking it costs every process ~1 ms of start-up (4,800 symbol
 * lookups and its page faults), 3-4 % of a whole render, for a library most
 * renders never call.  Every OpenSSL function this file uses goes through a
 * pointer of the same type; the #defines below keep the calls readable. */
#include <dlfcn.h>

#define GW_CRYPTO(X) \
	X(ASN1_STRING_set) \
	X(ASN1_STRING_to_UTF8) \
	X(BIO_free) \
	X(BIO_new_mem_buf) \
	X(CMS_ContentInfo_free) \
	X(CMS_SignerInfo_get0_signature) \
	X(CMS_add1_cert) \
	X(CMS_add1_signer) \
	X(CMS_final) \
	X(CMS_get0_signers) \
	X(CMS_get1_certs) \
	X(CMS_sign) \
	X(CMS_signed_add1_attr_by_NID) \
	X(CMS_signed_delete_attr) \
	X(CMS_signed_get_attr) \
	X(CMS_signed_get_attr_by_NID) \
	X(CMS_signed_get_attr_count) \
	X(CMS_verify) \
	X(CRYPTO_secure_malloc_init) \
	X(CRYPTO_secure_malloc_initialized) \
	X(ERR_clear_error) \
	X(ERR_get_error) \
	X(ERR_peek_last_error) \
	X(ERR_reason_error_string) \
	X(ESS_SIGNING_CERT_V2_free) \
	X(EVP_DigestSign) \
	X(EVP_DigestSignInit) \
	X(EVP_MD_CTX_free) \
	X(EVP_MD_CTX_new) \
	X(EVP_PKEY_free) \
	X(EVP_PKEY_get_size) \
	X(EVP_sha256) \
	X(OPENSSL_cleanse) \
	X(OSSL_ESS_signing_cert_v2_new_init) \
	X(PKCS12_free) \
	X(PKCS12_parse) \
	X(PKCS12_unpack_authsafes) \
	X(PKCS12_verify_mac) \
	X(PKCS7_free) \
	X(SHA256) \
	X(X509_ATTRIBUTE_free) \
	X(X509_NAME_ENTRY_get_data) \
	X(X509_NAME_get_entry) \
	X(X509_NAME_get_index_by_NID) \
	X(X509_NAME_oneline) \
	X(X509_STORE_CTX_free) \
	X(X509_STORE_CTX_get_error) \
	X(X509_STORE_CTX_init) \
	X(X509_STORE_CTX_new) \
	X(X509_STORE_free) \
	X(X509_STORE_load_file) \
	X(X509_STORE_new) \
	X(X509_check_private_key) \
	X(X509_cmp_time) \
	X(X509_free) \
	X(X509_get0_notAfter) \
	X(X509_get0_notBefore) \
	X(X509_get_subject_name) \
	X(X509_up_ref) \
	X(X509_verify_cert) \
	X(X509_verify_cert_error_string) \
	X(d2i_CMS_ContentInfo) \
	X(d2i_PKCS12) \
	X(i2d_CMS_ContentInfo) \
	X(i2d_ESS_SIGNING_CERT_V2) \
	X(i2d_X509) \
	X(i2d_X509_ATTRIBUTE) \
	X(OPENSSL_sk_num) \
	X(OBJ_nid2obj) \
	X(OPENSSL_sk_value) \
	X(OPENSSL_sk_free) \
	X(OPENSSL_sk_pop_free) \
	X(CRYPTO_free)

#define X(f) static __typeof__(&f) p_##f;
GW_CRYPTO(X)
#undef X

static int crypto_state;   /* 0 not tried, 1 loaded, -1 failed */

static bool
crypto_load(void)
{
	if (crypto_state != 0)
		return crypto_state > 0;
	crypto_state = -1;
	void *h = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		diag_fatal(NOPOS, "cannot load OpenSSL's libcrypto.so.3 (Debian package "
		           "libssl3): %s", dlerror());
		return false;
	}
#define X(f) \
	if ((p_##f = (__typeof__(p_##f))dlsym(h, #f)) == NULL) { \
		diag_fatal(NOPOS, "OpenSSL's libcrypto.so.3 lacks %s (not OpenSSL 3?)", #f); \
		return false; \
	}
	GW_CRYPTO(X)
#undef X
	crypto_state = 1;
	return true;
}

#define ASN1_STRING_set (*p_ASN1_STRING_set)
#define ASN1_STRING_to_UTF8 (*p_ASN1_STRING_to_UTF8)
#define BIO_free (*p_BIO_free)
#define BIO_new_mem_buf (*p_BIO_new_mem_buf)
#define CMS_ContentInfo_free (*p_CMS_ContentInfo_free)
#define CMS_SignerInfo_get0_signature (*p_CMS_SignerInfo_get0_signature)
#define CMS_add1_cert (*p_CMS_add1_cert)
#define CMS_add1_signer (*p_CMS_add1_signer)
#define CMS_final (*p_CMS_final)
#define CMS_get0_signers (*p_CMS_get0_signers)
#define CMS_get1_certs (*p_CMS_get1_certs)
#define CMS_sign (*p_CMS_sign)
#define CMS_signed_add1_attr_by_NID (*p_CMS_signed_add1_attr_by_NID)
#define CMS_signed_delete_attr (*p_CMS_signed_delete_attr)
#define CMS_signed_get_attr (*p_CMS_signed_get_attr)
#define CMS_signed_get_attr_by_NID (*p_CMS_signed_get_attr_by_NID)
#define CMS_signed_get_attr_count (*p_CMS_signed_get_attr_count)
#define CMS_verify (*p_CMS_verify)
#define CRYPTO_secure_malloc_init (*p_CRYPTO_secure_malloc_init)
#define CRYPTO_secure_malloc_initialized (*p_CRYPTO_secure_malloc_initialized)
#define ERR_clear_error (*p_ERR_clear_error)
#define ERR_get_error (*p_ERR_get_error)
#define ERR_peek_last_error (*p_ERR_peek_last_error)
#define ERR_reason_error_string (*p_ERR_reason_error_string)
#define ESS_SIGNING_CERT_V2_free (*p_ESS_SIGNING_CERT_V2_free)
#define EVP_DigestSign (*p_EVP_DigestSign)
#define EVP_DigestSignInit (*p_EVP_DigestSignInit)
#define EVP_MD_CTX_free (*p_EVP_MD_CTX_free)
#define EVP_MD_CTX_new (*p_EVP_MD_CTX_new)
#define EVP_PKEY_free (*p_EVP_PKEY_free)
#define EVP_PKEY_get_size (*p_EVP_PKEY_get_size)
#define EVP_sha256 (*p_EVP_sha256)
#define OPENSSL_cleanse (*p_OPENSSL_cleanse)
#define OSSL_ESS_signing_cert_v2_new_init (*p_OSSL_ESS_signing_cert_v2_new_init)
#define PKCS12_free (*p_PKCS12_free)
#define PKCS12_parse (*p_PKCS12_parse)
#define PKCS12_unpack_authsafes (*p_PKCS12_unpack_authsafes)
#define PKCS12_verify_mac (*p_PKCS12_verify_mac)
#define PKCS7_free (*p_PKCS7_free)
#define SHA256 (*p_SHA256)
#define X509_ATTRIBUTE_free (*p_X509_ATTRIBUTE_free)
#define X509_NAME_ENTRY_get_data (*p_X509_NAME_ENTRY_get_data)
#define X509_NAME_get_entry (*p_X509_NAME_get_entry)
#define X509_NAME_get_index_by_NID (*p_X509_NAME_get_index_by_NID)
#define X509_NAME_oneline (*p_X509_NAME_oneline)
#define X509_STORE_CTX_free (*p_X509_STORE_CTX_free)
#define X509_STORE_CTX_get_error (*p_X509_STORE_CTX_get_error)
#define X509_STORE_CTX_init (*p_X509_STORE_CTX_init)
#define X509_STORE_CTX_new (*p_X509_STORE_CTX_new)
#define X509_STORE_free (*p_X509_STORE_free)
#define X509_STORE_load_file (*p_X509_STORE_load_file)
#define X509_STORE_new (*p_X509_STORE_new)
#define X509_check_private_key (*p_X509_check_private_key)
#define X509_cmp_time (*p_X509_cmp_time)
#define X509_free (*p_X509_free)
#define X509_get0_notAfter (*p_X509_get0_notAfter)
#define X509_get0_notBefore (*p_X509_get0_notBefore)
#define X509_get_subject_name (*p_X509_get_subject_name)
#define X509_up_ref (*p_X509_up_ref)
#define X509_verify_cert (*p_X509_verify_cert)
#define X509_verify_cert_error_string (*p_X509_verify_cert_error_string)
#define d2i_CMS_ContentInfo (*p_d2i_CMS_ContentInfo)
#define d2i_PKCS12 (*p_d2i_PKCS12)
#define i2d_CMS_ContentInfo (*p_i2d_CMS_ContentInfo)
#define i2d_ESS_SIGNING_CERT_V2 (*p_i2d_ESS_SIGNING_CERT_V2)
#define i2d_X509 (*p_i2d_X509)
#define i2d_X509_ATTRIBUTE (*p_i2d_X509_ATTRIBUTE)
#define OPENSSL_sk_num (*p_OPENSSL_sk_num)
#define OBJ_nid2obj (*p_OBJ_nid2obj)
#define OPENSSL_sk_value (*p_OPENSSL_sk_value)
#define OPENSSL_sk_free (*p_OPENSSL_sk_free)
#define OPENSSL_sk_pop_free (*p_OPENSSL_sk_pop_free)
#define CRYPTO_free (*p_CRYPTO_free)

#define MAX_PDF (512u << 20)

void
gw_sha256(const void *p, size_t n, unsigned char out[32])
{
	if (crypto_load())
		SHA256(p, n, out);
	else
		memset(out, 0, 32);
}

struct gw_signer {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;
	char *cn;             /* signer's common name, UTF-8 */
	size_t reserve;       /* bytes reserved for the CMS */
};

static gw_signer *active;
static sign_place active_place;

void sign_set_place(const sign_place *p) { active_place = *p; }

void sign_set_active(gw_signer *s) { active = s; }
gw_signer *sign_active(void) { return active; }

static char *
cert_cn(X509 *c)
{
	X509_NAME *nm = X509_get_subject_name(c);
	int i = nm ? X509_NAME_get_index_by_NID(nm, NID_commonName, -1) : -1;
	if (i >= 0) {
		ASN1_STRING *d = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i));
		unsigned char *u = NULL;
		int l = ASN1_STRING_to_UTF8(&u, d);
		if (l >= 0) {
			char *s = xmalloc((size_t)l + 1);
			memcpy(s, u, (size_t)l);
			s[l] = '\0';
			OPENSSL_free(u);
			return s;
		}
	}
	char buf[256];
	X509_NAME_oneline(nm, buf, sizeof buf);
	return xstrdup(buf);
}

/* signing time: SOURCE_DATE_EPOCH (reproducible runs) or now */
static time_t
sign_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		long long t = strtoll(e, &end, 10);
		if (*end == '\0' && t >= 0)
			return (time_t)t;
	}
	return time(NULL);
}

static void
secure_setup(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	/* 64 KB of locked memory for private key numbers; failure (no
	 * RLIMIT_MEMLOCK) leaves OpenSSL on the normal heap, still
	 * non-dumpable */
	if (CRYPTO_secure_malloc_initialized() == 0)
		CRYPTO_secure_malloc_init(65536, 32);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

gw_signer *
sign_load(const char *p12_path, const char *password_file)
{
	if (!crypto_load())
		return NULL;
	secure_setup();
	char pw[1024];
	size_t pwl = 0;
	mlock(pw, sizeof pw);
	pw[0] = '\0';
	if (password_file != NULL) {
		FILE *f = strcmp(password_file, "-") == 0 ? stdin : fopen(password_file, "r");
		if (f == NULL) {
			diag_error(NOPOS, "cannot read the password file %s: %s", password_file,
			    strerror(errno));
			return NULL;
		}
		if (fgets(pw, sizeof pw, f) == NULL)
			pw[0] = '\0';
		if (f != stdin)
			fclose(f);
		pwl = strcspn(pw, "\r\n");
		pw[pwl] = '\0';
	}
	size_t n = 0;
	int err;
	unsigned char *der = (unsigned char *)file_read_raw(NULL, p12_path, &n, &err);
	if (der != NULL && n > (1u << 20)) {
		free(der);
		der = NULL;
		err = EFBIG;
	}
	if (der == NULL) {
		OPENSSL_cleanse(pw, sizeof pw);
		diag_error(NOPOS, "cannot read the certificate %s: %s", p12_path,
		    err == EFBIG ? "larger than 1 MB, not a .p12" : file_strerror(err));
		return NULL;
	}
	const unsigned char *p = der;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)n);
	OPENSSL_cleanse(der, n);
	free(der);
	gw_signer *s = NULL;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;
	if (p12 == NULL) {
		diag_error(NOPOS, "%s is not a PKCS#12 (.p12/.pfx) file, or it is damaged",
		    p12_path);
		goto out;
	}
	if (!PKCS12_verify_mac(p12, pw, (int)pwl) &&
	    !(pwl == 0 && PKCS12_verify_mac(p12, NULL, 0))) {
		/* a MAC that fails over contents that do not even parse: damage */
		STACK_OF(PKCS7) *as = PKCS12_unpack_authsafes(p12);
		if (as == NULL) {
			diag_error(NOPOS, "%s is not a PKCS#12 (.p12/.pfx) file, or it is damaged",
			    p12_path);
			goto out;
		}
		sk_PKCS7_pop_free(as, PKCS7_free);
		diag_error(NOPOS, "%s: wrong password%s", p12_path,
		    password_file ? "" : " (none given: use --password-file FILE)");
		goto out;
	}
	if (PKCS12_parse(p12, pw, &key, &cert, &ca) && key != NULL && cert == NULL) {
		/* no certificate paired with the key: one that fits, else say so */
		for (int i = 0; ca && i < sk_X509_num(ca) && cert == NULL; i++)
			if (X509_check_private_key(sk_X509_value(ca, i), key) == 1) {
				cert = sk_X509_value(ca, i);
				X509_up_ref(cert);
			}
		ERR_clear_error();
		if (cert == NULL && ca && sk_X509_num(ca) > 0) {
			diag_error(NOPOS, "%s: the private key does not match the certificate", p12_path);
			goto out;
		}
	}
	if (key == NULL || cert == NULL) {
		diag_error(NOPOS, "%s holds no private key with its certificate "
		    "(or cannot be decrypted)", p12_path);
		goto out;
	}
	if (X509_check_private_key(cert, key) != 1) {
		diag_error(NOPOS, "%s: the private key does not match the certificate", p12_path);
		goto out;
	}
	time_t now = sign_time();
	if (X509_cmp_time(X509_get0_notAfter(cert), &now) < 0) {
		char *cn = cert_cn(cert);
		diag_error(NOPOS, "%s: the certificate of %s has expired; a signature made "
		    "with it would not be valid", p12_path, cn);
		free(cn);
		goto out;
	}
	if (X509_cmp_time(X509_get0_notBefore(cert), &now) > 0) {
		diag_error(NOPOS, "%s: the certificate is not valid yet (at the signing time)",
		    p12_path);
		goto out;
	}
	s = xcalloc(1, sizeof *s);
	s->key = key;
	s->cert = cert;
	s->chain = ca;
	s->cn = cert_cn(cert);
	size_t certs = (size_t)i2d_X509(cert, NULL);
	for (int i = 0; ca && i < sk_X509_num(ca); i++)
		certs += (size_t)i2d_X509(sk_X509_value(ca, i), NULL);
	s->reserve = certs + (size_t)EVP_PKEY_get_size(key) + 2048;
	key = NULL;
	cert = NULL;
	ca = NULL;
out:
	OPENSSL_cleanse(pw, sizeof pw);
	munlock(pw, sizeof pw);
	PKCS12_free(p12);
	EVP_PKEY_free(key);
	X509_free(cert);
	sk_X509_pop_free(ca, X509_free);
	ERR_clear_error();
	return s;
}

void
sign_free(gw_signer *s)
{
	if (s == NULL)
		return;
	EVP_PKEY_free(s->key);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	free(s->cn);
	free(s);
}

/* ---- CMS ------------------------------------------------------------------- */

struct der {
	unsigned char *p;
	int n;
};

static int
der_cmp(const void *a, const void *b)
{
	const struct der *x = a, *y = b;
	int m = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->p, y->p, (size_t)m);
	return c ? c : x->n - y->n;
}

/* Sign the signed attributes (without a signing-time attribute, which
 * OpenSSL's CMS_final always adds: PAdES puts the time in /M).  The
 * signature covers the DER SET OF the attributes, sorted. */
static bool
resign_without_time(CMS_SignerInfo *si, EVP_PKEY *key)
{
	int loc = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	if (loc >= 0)
		X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, loc));
	int na = CMS_signed_get_attr_count(si);
	if (na <= 0)
		return false;
	struct der *d = xcalloc((size_t)na, sizeof *d);
	size_t total = 0;
	bool ok = true;
	for (int i = 0; i < na && ok; i++) {
		d[i].p = NULL;
		d[i].n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &d[i].p);
		ok = d[i].n > 0;
		total += ok ? (size_t)d[i].n : 0;
	}
	unsigned char *set = NULL;
	size_t sl = 0;
	if (ok) {
		qsort(d, (size_t)na, sizeof *d, der_cmp);
		set = xmalloc(total + 8);
		set[sl++] = 0x31;
		if (total < 0x80) {
			set[sl++] = (unsigned char)total;
		} else {
			int nb = total < 0x100 ? 1 : total < 0x10000 ? 2 : 3;
			set[sl++] = (unsigned char)(0x80 | nb);
			for (int k = nb - 1; k >= 0; k--)
				set[sl++] = (unsigned char)(total >> (8 * k));
		}
		for (int i = 0; i < na; i++) {
			memcpy(set + sl, d[i].p, (size_t)d[i].n);
			sl += (size_t)d[i].n;
		}
	}
	for (int i = 0; i < na; i++)
		OPENSSL_free(d[i].p);
	free(d);
	if (!ok)
		return false;
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	unsigned char *sig = NULL;
	size_t siglen = 0;
	ok = mc && EVP_DigestSignInit(mc, NULL, EVP_sha256(), NULL, key) == 1 &&
	     EVP_DigestSign(mc, NULL, &siglen, set, sl) == 1;
	if (ok) {
		sig = xmalloc(siglen);
		ok = EVP_DigestSign(mc, sig, &siglen, set, sl) == 1 &&
		     ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)siglen) == 1;
	}
	EVP_MD_CTX_free(mc);
	free(sig);
	free(set);
	return ok;
}

/* Detached CMS over data; DER in *out (OPENSSL_malloc'd). */
static int
make_cms(gw_signer *s, const unsigned char *data, size_t n, unsigned char **out)
{
	unsigned int fl = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, fl);
	int len = -1;
	if (cms == NULL)
		goto out;
	CMS_SignerInfo *si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), fl);
	if (si == NULL)
		goto out;
	for (int i = 0; s->chain && i < sk_X509_num(s->chain); i++)
		CMS_add1_cert(cms, sk_X509_value(s->chain, i));
	ESS_SIGNING_CERT_V2 *sc = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), s->cert,
	                                                            NULL, 0);
	unsigned char *scd = NULL;
	int scl = sc ? i2d_ESS_SIGNING_CERT_V2(sc, &scd) : -1;
	ESS_SIGNING_CERT_V2_free(sc);
	if (scl <= 0 ||
	    !CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2,
	                                 V_ASN1_SEQUENCE, scd, scl)) {
		OPENSSL_free(scd);
		goto out;
	}
	OPENSSL_free(scd);
	/* the content type and digest attributes, then one signature over
	 * the attributes: CMS_final would sign once with a signing-time
	 * attribute and we would have to sign again without it */
	unsigned char md[32];
	SHA256(data, n, md);
	if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
	                                 OBJ_nid2obj(NID_pkcs7_data), -1) ||
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
	                                 md, (int)sizeof md))
		goto out;
	if (!resign_without_time(si, s->key))
		goto out;
	*out = NULL;
	len = i2d_CMS_ContentInfo(cms, out);
out:
	CMS_ContentInfo_free(cms);
	return len;
}

/* ---- the incremental update ---------------------------------------------- */

/* UTF-8 → PDF text string as UTF-16BE hex with BOM */
static void
ob_text(xbuf *b, const char *s)
{
	xbuf_put(b, "<FEFF", 5);
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		uint32_t c = *u++;
		int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		if (extra)
			c &= 0x3F >> extra;
		for (int k = 0; k < extra && (*u & 0xC0) == 0x80; k++)
			c = c << 6 | (*u++ & 0x3F);
		if (c >= 0x10000) {
			c -= 0x10000;
			xbuf_printf(b, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
		} else {
			xbuf_printf(b, "%04X", c);
		}
	}
	xbuf_put(b, ">", 1);
}

struct seal {
	int page;           /* page object */
	double r[4];        /* PDF user space */
};

/* Pages in order (walking /Pages), for --at and for the seal order. */
static int
collect_pages(const pdfr *r, int node, int *out, int nout, int depth)
{
	size_t dl, vl;
	const unsigned char *d = pdfr_obj(r, node, &dl);
	if (d == NULL || depth > 32)
		return nout;
	const unsigned char *kids = pdfr_get(d, dl, "Kids", &vl);
	if (kids == NULL) {
		if (nout < 100000)
			out[nout++] = node;
		return nout;
	}
	size_t i = 1;
	while (i < vl && nout < 100000) {
		i = pdfr_skip_ws(kids, vl, i);
		if (i >= vl || kids[i] == ']')
			break;
		size_t e = pdfr_skip_value(kids, vl, i);
		int k = pdfr_ref(kids + i, e - i);
		if (k > 0)
			nout = collect_pages(r, k, out, nout, depth + 1);
		i = e;
	}
	return nout;
}

static bool
num_array(const unsigned char *v, size_t vl, double *out, int max, int *nout)
{
	*nout = 0;
	if (v == NULL || vl < 2 || v[0] != '[')
		return false;
	size_t i = 1;
	while (*nout < max) {
		i = pdfr_skip_ws(v, vl, i);
		if (i >= vl || v[i] == ']')
			break;
		size_t e = pdfr_skip_value(v, vl, i);
		char tmp[40];
		size_t l = e - i < sizeof tmp - 1 ? e - i : sizeof tmp - 1;
		memcpy(tmp, v + i, l);
		tmp[l] = '\0';
		char *end;
		out[(*nout)++] = strtod(tmp, &end);
		if (*end)
			return false;
		i = e;
	}
	return true;
}

/* Is this a PDF gongwen wrote?  Its Info /Creator starts "gongwen". */
static bool
is_gongwen(const pdfr *r)
{
	size_t dl, vl, tl;
	const unsigned char *d = r->info > 0 ? pdfr_obj(r, r->info, &dl) : NULL;
	const unsigned char *v = d ? pdfr_get(d, dl, "Producer", &vl) : NULL;
	v = d ? pdfr_get(d, dl, "Creator", &vl) : NULL;
	if (v == NULL)
		return false;
	char *t = pdfr_text(v, vl, &tl);
	bool ok = strncmp(t, "gongwen", 7) == 0;
	free(t);
	return ok;
}

/* ---- verification ---------------------------------------------------------- */

typedef struct sigrec {
	int obj;
	long long br[4];
	bool valid;
	char why[200];
	char *signer;
	char *when;       /* /M as text */
	bool whole;       /* covers the whole file */
	X509 *cert;       /* the signer's certificate */
	STACK_OF(X509) *certs;  /* every certificate in the CMS */
} sigrec;

static int
sig_cmp(const void *a, const void *b)
{
	const sigrec *x = a, *y = b;
	long long ex = x->br[2] + x->br[3], ey = y->br[2] + y->br[3];
	return ex < ey ? -1 : ex > ey;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static void
check_sig(const pdfr *r, const unsigned char *d, size_t dl, sigrec *s)
{
	size_t vl;
	const unsigned char *v = pdfr_get(d, dl, "ByteRange", &vl);
	double br[4];
	int nb;
	s->valid = false;
	if (!num_array(v, vl, br, 4, &nb) || nb != 4) {
		snprintf(s->why, sizeof s->why, "its /ByteRange is not four numbers");
		return;
	}
	for (int k = 0; k < 4; k++)
		s->br[k] = (long long)br[k];
	v = pdfr_get(d, dl, "M", &vl);
	if (v) {
		size_t tl;
		s->when = pdfr_text(v, vl, &tl);
	}
	long long a = s->br[0], b = s->br[1], c = s->br[2], e = s->br[3];
	if (a != 0 || b <= 0 || c <= b || e < 0) {
		snprintf(s->why, sizeof s->why, "its /ByteRange [%lld %lld %lld %lld] does not "
		    "start at 0 or its ranges overlap", a, b, c, e);
		return;
	}
	if ((unsigned long long)(c + e) > r->n) {
		snprintf(s->why, sizeof s->why, "it covers %lld bytes but the file has only %zu "
		    "(truncated)", c + e, r->n);
		return;
	}
	s->whole = (size_t)(c + e) == r->n;
	const unsigned char *buf = r->buf;
	if (buf[b] != '<' || buf[c - 1] != '>') {
		snprintf(s->why, sizeof s->why, "the gap in its /ByteRange is not exactly the "
		    "/Contents string");
		return;
	}
	/* the hex signature */
	size_t hl = (size_t)(c - b - 2);
	unsigned char *der = xmalloc(hl / 2 + 1);
	size_t dn = 0;
	for (size_t i = 0; i + 1 < hl; i += 2) {
		int h = hexval(buf[b + 1 + i]), l = hexval(buf[b + 2 + i]);
		if (h < 0 || l < 0)
			break;
		der[dn++] = (unsigned char)(h << 4 | l);
	}
	const unsigned char *p = der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)dn);
	free(der);
	if (cms == NULL) {
		snprintf(s->why, sizeof s->why, "its /Contents is not a CMS signature");
		return;
	}
	unsigned char *data = xmalloc((size_t)(b + e) + 1);
	memcpy(data, buf, (size_t)b);
	memcpy(data + b, buf + c, (size_t)e);
	BIO *in = BIO_new_mem_buf(data, (int)(b + e));
	X509_STORE *st = X509_STORE_new();
	int ok = CMS_verify(cms, NULL, st, in, NULL,
	                    CMS_BINARY | CMS_DETACHED | CMS_NO_SIGNER_CERT_VERIFY);
	STACK_OF(X509) *signers = CMS_get0_signers(cms);
	if (signers && sk_X509_num(signers) > 0) {
		s->cert = sk_X509_value(signers, 0);
		X509_up_ref(s->cert);
		s->signer = cert_cn(s->cert);
	}
	s->certs = CMS_get1_certs(cms);
	sk_X509_free(signers);
	if (ok == 1) {
		s->valid = true;
	} else {
		unsigned long er = ERR_peek_last_error();
		const char *rs = ERR_reason_error_string(er);
		snprintf(s->why, sizeof s->why, "the signed bytes do not match the signature%s%s%s",
		    rs ? " (" : "", rs ? rs : "", rs ? ")" : "");
	}
	ERR_clear_error();
	X509_STORE_free(st);
	BIO_free(in);
	free(data);
	CMS_ContentInfo_free(cms);
}

/* All signature dictionaries of the file, sorted by where their range ends. */
static sigrec *
find_sigs(const pdfr *r, size_t *nsig)
{
	sigrec *v = NULL;
	size_t n = 0;
	for (size_t o = 1; o < r->nobj; o++) {
		size_t dl, vl;
		const unsigned char *d = pdfr_obj(r, (int)o, &dl);
		if (d == NULL || dl < 4 || d[0] != '<')
			continue;
		/* a signature dictionary: /Type /Sig, or /ByteRange with /Contents
		 * (a damaged one must be reported, not skipped) */
		const unsigned char *ty = pdfr_get(d, dl, "Type", &vl);
		bool is_sig = ty && vl == 4 && memcmp(ty, "/Sig", 4) == 0;
		if (!is_sig && (pdfr_get(d, dl, "ByteRange", &vl) == NULL ||
		                pdfr_get(d, dl, "Contents", &vl) == NULL))
			continue;
		v = xrealloc(v, (n + 1) * sizeof *v);
		memset(&v[n], 0, sizeof v[n]);
		v[n].obj = (int)o;
		check_sig(r, d, dl, &v[n]);
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, sig_cmp);
	*nsig = n;
	return v;
}

static void
free_sigs(sigrec *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].signer);
		free(v[i].when);
		X509_free(v[i].cert);
		sk_X509_pop_free(v[i].certs, X509_free);
	}
	free(v);
}

/* ---- signing ------------------------------------------------------------- */

static void
pdf_date(time_t t, char *out, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "D:%Y%m%d%H%M%SZ", &tm);
}

/* Append ref to the array value v (an inline "[…]"): text with it added. */
static void
ob_array_plus(xbuf *b, const unsigned char *v, size_t vl, int ref)
{
	size_t close = vl;
	while (close > 0 && v[close - 1] != ']')
		close--;
	if (close == 0) {
		xbuf_printf(b, "[%d 0 R]", ref);
		return;
	}
	xbuf_put(b, v, close - 1);
	xbuf_printf(b, " %d 0 R]", ref);
}

/* dict text d with /key replaced by (or given) the value text val */
static void
ob_dict_set(xbuf *b, const unsigned char *d, size_t dl, const char *key,
            const char *val)
{
	size_t vl;
	const unsigned char *v = pdfr_get(d, dl, key, &vl);
	if (v != NULL) {
		xbuf_put(b, d, (size_t)(v - d));
		xbuf_put(b, val, strlen(val));
		xbuf_put(b, v + vl, dl - (size_t)(v - d) - vl);
		return;
	}
	size_t end = dl;
	while (end >= 2 && !(d[end - 2] == '>' && d[end - 1] == '>'))
		end--;
	xbuf_put(b, d, end - 2);
	xbuf_printf(b, " /%s %s >>", key, val);
}

struct upd {
	int num;
	size_t off;
};

/* The incremental update being written after the n bytes of the file:
 * its text and the objects it holds, with their offsets in the file. */
struct update {
	xbuf u;
	struct upd ups[8];
	int nups;
	size_t base;            /* the length of the file it is appended to */
};

/* Start object num of the update here. */
static void
upd_object(struct update *U, int num)
{
	U->ups[U->nups++] = (struct upd){ num, U->base + U->u.n };
}

/* The document may be signed: gongwen wrote it, its signatures are valid
 * and the last one covers the whole file.  *nsig gets their number. */
static bool
check_signable(pdfr *r, size_t n, const char *what, size_t *nsig)
{
	if (!is_gongwen(r)) {
		diag_error(NOPOS, "cannot sign %s: it was not written by gongwen (gongwen signs "
		    "only the documents it rendered)", what);
		return false;
	}
	sigrec *sigs = find_sigs(r, nsig);
	for (size_t i = 0; i < *nsig; i++)
		if (!sigs[i].valid) {
			diag_error(NOPOS, "cannot sign %s: its signature %zu is not valid (%s); "
			    "the document was changed after it was signed", what, i + 1, sigs[i].why);
			free_sigs(sigs, *nsig);
			return false;
		}
	if (*nsig > 0 && !sigs[*nsig - 1].whole) {
		diag_error(NOPOS, "cannot sign %s: it was changed after its last signature "
		    "(%zu bytes added); sign the signed original instead", what,
		    n - (size_t)(sigs[*nsig - 1].br[2] + sigs[*nsig - 1].br[3]));
		free_sigs(sigs, *nsig);
		return false;
	}
	free_sigs(sigs, *nsig);
	return true;
}

/* The seals layout drew (each page's /GW_Seals), in page order. */
static struct seal *
page_seals(pdfr *r, const int *pages, int npages, size_t *nseals)
{
	struct seal *seals = NULL;
	*nseals = 0;
	for (int i = 0; i < npages; i++) {
		size_t dl, vl;
		const unsigned char *d = pdfr_obj(r, pages[i], &dl);
		const unsigned char *v = d ? pdfr_get(d, dl, "GW_Seals", &vl) : NULL;
		double a[64];
		int na;
		if (v && num_array(v, vl, a, 64, &na))
			for (int k = 0; k + 3 < na; k += 4) {
				seals = xrealloc(seals, (*nseals + 1) * sizeof *seals);
				seals[*nseals].page = pages[i];
				memcpy(seals[*nseals].r, a + k, sizeof seals[*nseals].r);
				(*nseals)++;
			}
	}
	return seals;
}

/* --at: the rectangle given in mm from the top left of page object pg. */
static struct seal
place_at(pdfr *r, int pg, const sign_place *pl)
{
	struct seal place = { pg, { 0, 0, 0, 0 } };
	size_t dl, vl;
	const unsigned char *d = pdfr_obj(r, pg, &dl);
	const unsigned char *mb = d ? pdfr_get(d, dl, "MediaBox", &vl) : NULL;
	double m[4] = { 0, 0, 595.276, 841.89 };
	int nm;
	if (mb)
		num_array(mb, vl, m, 4, &nm);
	const double k = 72.0 / 25.4;
	place.r[0] = pl->x * k;
	place.r[2] = (pl->x + pl->w) * k;
	place.r[3] = m[3] - pl->y * k;
	place.r[1] = m[3] - (pl->y + pl->h) * k;
	return place;
}

/* Where signature nsig + 1 goes: at --at, else over the seal of the same
 * number (the last seal when there are more signatures than seals), else
 * an invisible field on the last page. */
static bool
find_place(pdfr *r, const unsigned char *cat, size_t cl, size_t nsig,
           const sign_place *pl, const char *what, struct seal *place)
{
	size_t vl;
	const unsigned char *pv = cat ? pdfr_get(cat, cl, "Pages", &vl) : NULL;
	int pages_root = pv ? pdfr_ref(pv, vl) : -1;
	int *pages = xmalloc(100000 * sizeof *pages);
	int npages = pages_root > 0 ? collect_pages(r, pages_root, pages, 0, 0) : 0;
	if (cat == NULL || npages == 0) {
		diag_error(NOPOS, "cannot sign %s: it has no pages", what);
		free(pages);
		return false;
	}
	size_t nseals;
	struct seal *seals = page_seals(r, pages, npages, &nseals);
	*place = (struct seal){ pages[npages - 1], { 0, 0, 0, 0 } };
	if (pl && pl->given) {
		if (pl->page < 1 || pl->page > npages) {
			diag_error(NOPOS, "cannot sign %s: --at page %d, but it has %d page%s", what,
			    pl->page, npages, npages == 1 ? "" : "s");
			free(pages);
			free(seals);
			return false;
		}
		*place = place_at(r, pages[pl->page - 1], pl);
	} else if (nseals > 0) {
		size_t pick = nsig < nseals ? nsig : nseals - 1;
		*place = seals[pick];
	}
	free(seals);
	free(pages);
	return true;
}

/* 1: the signature dictionary, its /ByteRange and /Contents left blank
 * (*br_at, *ct_at and *ct_end say where, in the update). */
static void
put_sig_dict(struct update *U, int o_sig, const char *date, const char *cn,
             size_t reserve, size_t *br_at, size_t *ct_at, size_t *ct_end)
{
	xbuf *u = &U->u;
	upd_object(U, o_sig);
	xbuf_printf(u, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter "
	    "/ETSI.CAdES.detached /ByteRange [0 ", o_sig);
	*br_at = u->n;
	xbuf_printf(u, "%-10s %-10s %-10s]", "0", "0", "0");
	xbuf_printf(u, " /M (%s) /Name ", date);
	ob_text(u, cn);
	xbuf_put(u, " /Contents ", 11);
	*ct_at = u->n;
	xbuf_put(u, "<", 1);
	for (size_t i = 0; i < 2 * reserve; i++)
		xbuf_put(u, "0", 1);
	xbuf_put(u, ">", 1);
	*ct_end = u->n;
	xbuf_put(u, " >>\nendobj\n", 11);
}

/* 2: the field and its widget; 3: its appearance: nothing drawn, the seal
 * under it shows. */
static void
put_widget(struct update *U, const struct seal *place, size_t nsig, int o_sig,
           int o_fld, int o_ap)
{
	double w = place->r[2] - place->r[0], h = place->r[3] - place->r[1];
	if (w < 0) w = 0;
	if (h < 0) h = 0;
	upd_object(U, o_fld);
	xbuf_printf(&U->u, "%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%zu) "
	    "/V %d 0 R /F 132 /P %d 0 R /Rect [%.2f %.2f %.2f %.2f] /AP << /N %d 0 R >> >>\n"
	    "endobj\n", o_fld, nsig + 1, o_sig, place->page, place->r[0], place->r[1],
	    place->r[2], place->r[3], o_ap);
	upd_object(U, o_ap);
	xbuf_printf(&U->u, "%d 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] "
	    "/Resources << >> /Length 0 >>\nstream\n\nendstream\nendobj\n", o_ap, w, h);
}

/* 4: the form: the document's own (af_ref > 0) with the field added to
 * /Fields, or a new one. */
static bool
put_form(struct update *U, pdfr *r, int af_ref, int o_af, int o_fld, const char *what)
{
	upd_object(U, o_af);
	xbuf_printf(&U->u, "%d 0 obj\n", o_af);
	if (af_ref > 0) {
		size_t dl, vl;
		const unsigned char *d = pdfr_obj(r, af_ref, &dl);
		const unsigned char *fv = d ? pdfr_get(d, dl, "Fields", &vl) : NULL;
		if (d == NULL || fv == NULL || fv[0] != '[') {
			diag_error(NOPOS, "cannot sign %s: its form dictionary is not one gongwen "
			    "wrote", what);
			return false;
		}
		xbuf fa = { 0 };
		ob_array_plus(&fa, fv, vl, o_fld);
		ob_dict_set(&U->u, d, dl, "Fields", fa.p);
		free(fa.p);
	} else {
		xbuf_printf(&U->u, "<< /Fields [%d 0 R] /SigFlags 3 >>", o_fld);
	}
	xbuf_put(&U->u, "\nendobj\n", 8);
	return true;
}

/* 5: the page, with the widget in /Annots. */
static bool
put_page(struct update *U, pdfr *r, int page, int o_fld, const char *what)
{
	size_t dl, vl;
	const unsigned char *d = pdfr_obj(r, page, &dl);
	const unsigned char *av = d ? pdfr_get(d, dl, "Annots", &vl) : NULL;
	if (d == NULL || (av && av[0] != '[')) {
		diag_error(NOPOS, "cannot sign %s: its page %d is not one gongwen wrote",
		    what, page);
		return false;
	}
	xbuf aa = { 0 };
	if (av)
		ob_array_plus(&aa, av, vl, o_fld);
	else
		xbuf_printf(&aa, "[%d 0 R]", o_fld);
	upd_object(U, page);
	xbuf_printf(&U->u, "%d 0 obj\n", page);
	ob_dict_set(&U->u, d, dl, "Annots", aa.p);
	xbuf_put(&U->u, "\nendobj\n", 8);
	free(aa.p);
	return true;
}

/* The update's cross-reference section (one subsection per object, sorted)
 * and trailer; the second /ID from the bytes so far (same input, same ID). */
static void
put_xref(struct update *U, const pdfr *r, const unsigned char *buf, int size)
{
	xbuf *u = &U->u;
	size_t n = U->base;
	for (int i = 0; i < U->nups; i++)
		for (int j = i + 1; j < U->nups; j++)
			if (U->ups[j].num < U->ups[i].num) {
				struct upd tmp = U->ups[i];
				U->ups[i] = U->ups[j];
				U->ups[j] = tmp;
			}
	size_t xref_at = n + u->n;
	xbuf_put(u, "xref\n", 5);
	for (int i = 0; i < U->nups; i++)
		xbuf_printf(u, "%d 1\n%010zu 00000 n \n", U->ups[i].num, U->ups[i].off);
	unsigned char *all = xmalloc(n + u->n + 4096);
	memcpy(all, buf, n);
	memcpy(all + n, u->p, u->n);
	unsigned char h2[32];
	gw_sha256(all, n + u->n, h2);
	free(all);
	char id0[80] = "";
	if (r->id0 && r->id0len < sizeof id0)
		memcpy(id0, r->id0, r->id0len), id0[r->id0len] = '\0';
	else
		for (int k = 0; k < 16; k++)
			sprintf(id0 + 2 * k, "%02X", h2[16 + k]);
	char id1[40];
	for (int k = 0; k < 16; k++)
		sprintf(id1 + 2 * k, "%02X", h2[k]);
	char info[32] = "";
	if (r->info > 0)
		snprintf(info, sizeof info, " /Info %d 0 R", r->info);
	xbuf_printf(u, "trailer\n<< /Size %d /Root %d 0 R%s /ID [<%s> <%s>] /Prev %zu >>\n"
	    "startxref\n%zu\n%%%%EOF\n", size, r->root, info, id0, id1,
	    r->startxref, xref_at);
}

/* Fill in the /ByteRange (at br_at) and the CMS signature of the bytes
 * around the /Contents hole [ct_at, ct_end) of out, total bytes long. */
static bool
fill_signature(gw_signer *s, unsigned char *out, size_t total, size_t br_at,
               size_t ct_at, size_t ct_end, const char *what)
{
	size_t b = ct_at, c = ct_end, e = total - c;
	char brs[40];
	snprintf(brs, sizeof brs, "%-10zu %-10zu %-10zu", b, c, e);
	memcpy(out + br_at, brs, strlen(brs));

	unsigned char *data = xmalloc(b + e);
	memcpy(data, out, b);
	memcpy(data + b, out + c, e);
	unsigned char *cms = NULL;
	int cl2 = make_cms(s, data, b + e, &cms);
	free(data);
	if (cl2 <= 0 || (size_t)cl2 > s->reserve) {
		unsigned long er = ERR_get_error();
		diag_fatal(NOPOS, "cannot sign %s: OpenSSL could not make the signature%s%s",
		    what, er ? ": " : "", er ? ERR_reason_error_string(er) : "");
		ERR_clear_error();
		OPENSSL_free(cms);
		return false;
	}
	static const char hx[] = "0123456789ABCDEF";
	for (int i = 0; i < cl2; i++) {
		out[b + 1 + 2 * (size_t)i] = (unsigned char)hx[cms[i] >> 4];
		out[b + 2 + 2 * (size_t)i] = (unsigned char)hx[cms[i] & 15];
	}
	OPENSSL_free(cms);
	return true;
}

unsigned char *
sign_append(gw_signer *s, const unsigned char *buf, size_t n, size_t *outlen,
            const char *what, const sign_place *pl)
{
	pdfr r;
	size_t nsig, cl, vl;
	struct seal place;
	if (pl == NULL)
		pl = &active_place;
	if (pdfr_open(&r, buf, n) != 0) {
		diag_error(NOPOS, "cannot sign %s: %s", what, r.err);
		pdfr_close(&r);
		return NULL;
	}
	if (!check_signable(&r, n, what, &nsig)) {
		pdfr_close(&r);
		return NULL;
	}
	const unsigned char *cat = pdfr_obj(&r, r.root, &cl);
	if (!find_place(&r, cat, cl, nsig, pl, what, &place)) {
		pdfr_close(&r);
		return NULL;
	}

	/* objects: sig, field/widget, appearance, [acroform], page, [catalog] */
	int nsz = r.size > 0 ? r.size : (int)r.nobj;
	int o_sig = nsz, o_fld = nsz + 1, o_ap = nsz + 2, o_af = -1;
	int next = nsz + 3;
	const unsigned char *afv = pdfr_get(cat, cl, "AcroForm", &vl);
	int af_ref = afv ? pdfr_ref(afv, vl) : -1;
	if (afv && af_ref < 0) {
		diag_error(NOPOS, "cannot sign %s: its form dictionary is not one gongwen wrote",
		    what);
		pdfr_close(&r);
		return NULL;
	}
	o_af = af_ref > 0 ? af_ref : next++;

	struct update U = { .base = n };
	xbuf_put(&U.u, "\n", 1);
	if (n > 0 && buf[n - 1] == '\n')
		U.u.n = 0;
	char date[32];
	pdf_date(sign_time(), date, sizeof date);
	size_t br_at, ct_at, ct_end;
	put_sig_dict(&U, o_sig, date, s->cn, s->reserve, &br_at, &ct_at, &ct_end);
	put_widget(&U, &place, nsig, o_sig, o_fld, o_ap);
	if (!put_form(&U, &r, af_ref, o_af, o_fld, what) ||
	    !put_page(&U, &r, place.page, o_fld, what)) {
		free(U.u.p);
		pdfr_close(&r);
		return NULL;
	}
	/* 6: the catalog, when the form is new */
	if (af_ref <= 0) {
		char ref[32];
		snprintf(ref, sizeof ref, "%d 0 R", o_af);
		upd_object(&U, r.root);
		xbuf_printf(&U.u, "%d 0 obj\n", r.root);
		ob_dict_set(&U.u, cat, cl, "AcroForm", ref);
		xbuf_put(&U.u, "\nendobj\n", 8);
	}
	put_xref(&U, &r, buf, next > nsz ? next : nsz);
	pdfr_close(&r);

	size_t total = n + U.u.n;
	unsigned char *out = xmalloc(total);
	memcpy(out, buf, n);
	memcpy(out + n, U.u.p, U.u.n);
	free(U.u.p);
	if (!fill_signature(s, out, total, n + br_at, n + ct_at, n + ct_end, what)) {
		free(out);
		return NULL;
	}
	*outlen = total;
	return out;
}

/* ---- subcommands ----------------------------------------------------------- */

/* A PDF to sign or verify (file_read_raw: a FIFO or a device is refused at
 * once), at most MAX_PDF bytes; NULL after an error. */
static unsigned char *
read_pdf(const char *path, size_t *n)
{
	int err;
	unsigned char *b = (unsigned char *)file_read_raw(NULL, path, n, &err);
	if (b != NULL && *n > MAX_PDF) {
		free(b);
		b = NULL;
		err = EFBIG;
	}
	if (b == NULL)
		diag_error(NOPOS, "cannot read %s: %s", path, file_strerror(err));
	return b;
}

bool
sign_parse_at(const char *s, sign_place *pl)
{
	/* PAGE:X,Y,W,H in millimetres from the page's top-left corner */
	char tail;
	if (sscanf(s, "%d:%lf,%lf,%lf,%lf%c", &pl->page, &pl->x, &pl->y, &pl->w, &pl->h,
	           &tail) != 5 || pl->w <= 0 || pl->h <= 0)
		return false;
	pl->given = true;
	return true;
}

int
sign_main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "cert", required_argument, NULL, 'c' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "at", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL, *cert = NULL, *pwf = NULL;
	sign_place pl = { 0 };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", lo, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'c': cert = optarg; break;
		case 'p': pwf = optarg; break;
		case 'a':
			if (!sign_parse_at(optarg, &pl)) {
				diag_error(NOPOS, "--at wants PAGE:X,Y,W,H in millimetres, got \"%s\"",
				    optarg);
				return 2;
			}
			break;
		default:
			fputs("usage: gongwen sign IN.pdf -o OUT.pdf --cert SIGNER.p12 "
			      "[--password-file FILE] [--at PAGE:X,Y,W,H]\n", stderr);
			return 2;
		}
	}
	if (optind != argc - 1 || out == NULL || cert == NULL) {
		fputs("usage: gongwen sign IN.pdf -o OUT.pdf --cert SIGNER.p12 "
		      "[--password-file FILE] [--at PAGE:X,Y,W,H]\n", stderr);
		return 2;
	}
	const char *in = argv[optind];
	size_t n;
	/* the input first (so that file_check_output knows it), then the output */
	unsigned char *buf = read_pdf(in, &n);
	if (buf == NULL)
		return diag_exit_status();
	if (!file_check_output(out)) {
		free(buf);
		return diag_exit_status();
	}
	gw_signer *s = sign_load(cert, pwf);
	if (s == NULL) {
		free(buf);
		return diag_exit_status();
	}
	size_t outn;
	unsigned char *res = sign_append(s, buf, n, &outn, in, &pl);
	sign_free(s);
	free(buf);
	if (res == NULL)
		return diag_exit_status();
	if (file_write_atomic(out, res, outn) != 0)
		diag_fatal(NOPOS, "cannot write %s: %s", out, strerror(errno));
	free(res);
	return diag_exit_status();
}

static void
show_date(const char *m, char *out, size_t n)
{
	/* D:YYYYMMDDHHmmSS… → YYYY-MM-DD HH:mm:ss */
	if (m && strlen(m) >= 16 && m[0] == 'D' && m[1] == ':')
		snprintf(out, n, "%.4s-%.2s-%.2s %.2s:%.2s:%.2s%s", m + 2, m + 6, m + 8, m + 10,
		    m + 12, m + 14, m[16] == 'Z' ? " UTC" : m + 16);
	else
		snprintf(out, n, "%s", m ? m : "(no time)");
}

int
verify_main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "ca", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	const char *ca = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'c') {
			ca = optarg;
		} else {
			fputs("usage: gongwen verify FILE.pdf [--ca CA.pem]\n", stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fputs("usage: gongwen verify FILE.pdf [--ca CA.pem]\n", stderr);
		return 2;
	}
	const char *path = argv[optind];
	size_t n;
	if (!crypto_load())
		return diag_exit_status();
	unsigned char *buf = read_pdf(path, &n);
	if (buf == NULL)
		return diag_exit_status();
	pdfr r;
	if (pdfr_open(&r, buf, n) != 0) {
		diag_error(NOPOS, "cannot verify %s: %s", path, r.err);
		pdfr_close(&r);
		free(buf);
		return diag_exit_status();
	}
	X509_STORE *store = NULL;
	if (ca) {
		store = X509_STORE_new();
		if (store == NULL || X509_STORE_load_file(store, ca) != 1) {
			diag_error(NOPOS, "cannot read the trusted certificates %s", ca);
			X509_STORE_free(store);
			pdfr_close(&r);
			free(buf);
			return diag_exit_status();
		}
	}
	size_t nsig;
	sigrec *sigs = find_sigs(&r, &nsig);
	if (pdfr_too_deep()) {
		diag_error(NOPOS, "cannot verify %s: it has arrays or dictionaries nested more "
		    "than %d deep (damaged or made to attack readers)", path, PDFR_MAX_DEPTH);
		free_sigs(sigs, nsig);
		X509_STORE_free(store);
		pdfr_close(&r);
		free(buf);
		return diag_exit_status();
	}
	int bad = 0, untrusted = 0;
	printf("%s: %zu signature%s\n", path, nsig, nsig == 1 ? "" : "s");
	for (size_t i = 0; i < nsig; i++) {
		sigrec *s = &sigs[i];
		char when[64];
		show_date(s->when, when, sizeof when);
		printf("signature %zu: %s\n", i + 1, s->valid ? "valid" : "INVALID");
		printf("  signer:   %s\n", s->signer ? s->signer : "(unknown)");
		printf("  time:     %s\n", when);
		printf("  covers:   bytes 0-%lld and %lld-%lld of %zu\n", s->br[1] - 1, s->br[2],
		    s->br[2] + s->br[3] - 1, n);
		if (!s->valid) {
			printf("  problem:  %s\n", s->why);
			bad++;
		} else if (s->whole) {
			printf("  changed after: no (it covers the whole document)\n");
		} else {
			size_t end = (size_t)(s->br[2] + s->br[3]);
			bool only_sigs = true;
			/* later revisions are fine when each ends in a later signature;
			 * the last one must cover the file */
			if (i + 1 == nsig || !sigs[nsig - 1].whole)
				only_sigs = false;
			printf("  changed after: %zu bytes added%s\n", n - end,
			    only_sigs ? " by later signatures" :
			    " NOT by a signature: the document was modified after signing");
		}
		if (store && s->valid) {
			/* the certificate path */
			const char *verdict = "cannot be checked";
			X509_STORE_CTX *ctx = X509_STORE_CTX_new();
			bool trusted = false;
			if (s->cert && ctx && X509_STORE_CTX_init(ctx, store, s->cert, s->certs) == 1) {
				trusted = X509_verify_cert(ctx) == 1;
				verdict = trusted ? "trusted (issued under --ca)" :
				    X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
			}
			X509_STORE_CTX_free(ctx);
			printf("  certificate: %s%s\n", verdict, trusted ? "" : " (NOT trusted)");
			if (!trusted)
				untrusted++;
			ERR_clear_error();
		}
	}
	bool last_whole = nsig > 0 && sigs[nsig - 1].whole;
	if (nsig == 0)
		printf("  (the document is not signed)\n");
	free_sigs(sigs, nsig);
	X509_STORE_free(store);
	pdfr_close(&r);
	free(buf);
	if (bad)
		diag_error(NOPOS, "%s: %d of %zu signature%s not valid", path, bad, nsig,
		    nsig == 1 ? " is" : "s are");
	/* the verdict: every signature valid, and nothing unsigned after the
	 * last one (pdfsig calls that "not total document signed") */
	bool tail = nsig > 0 && !last_whole;
	if (tail && !bad)
		diag_error(NOPOS, "%s: the document was changed after its last signature", path);
	/* with --ca the question is "signed by someone under this CA?": a
	 * certificate outside it is as invalid as a broken signature */
	if (untrusted)
		diag_error(NOPOS, "%s: %d of %zu signature%s not issued under %s", path, untrusted,
		    nsig, nsig == 1 ? " is" : "s are", ca);
	return bad || untrusted || tail || nsig == 0 ? 1 : 0;
}
