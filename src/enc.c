/* enc.c — a clerk's bytes to UTF-8.  The only file that talks to iconv.
 *
 * Detection (forced = NULL or "auto"): a UTF-8 byte order mark (stripped),
 * a UTF-16LE/BE mark (Excel's "Unicode text"), BOM-less UTF-16 recognised
 * by its NUL bytes, valid UTF-8, and otherwise GB18030, the superset of GBK
 * and GB2312 that Excel and WPS write on Chinese Windows. */
#include "enc.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "utf8.h"

static bool
has_prefix(const char *b, size_t n, const char *p, size_t pl)
{
	return n >= pl && memcmp(b, p, pl) == 0;
}

/* Line (1-based) of byte `off`: count line feeds, which are single 0x0A
 * bytes in UTF-8 and GB18030 and 0x0A 0x00 / 0x00 0x0A units in UTF-16. */
static int
line_of(const char *b, size_t off, int unit, bool be)
{
	int line = 1;

	if (unit == 4) {
		for (size_t i = 0; i + 3 < off; i += 4) {
			const unsigned char *u = (const unsigned char *)b + i;
			if (be ? (u[3] == 0x0A && !u[0] && !u[1] && !u[2])
			       : (u[0] == 0x0A && !u[1] && !u[2] && !u[3]))
				line++;
		}
		return line;
	}
	if (unit == 2) {
		for (size_t i = 0; i + 1 < off; i += 2) {
			unsigned char lo = (unsigned char)b[be ? i + 1 : i];
			unsigned char hi = (unsigned char)b[be ? i : i + 1];
			if (lo == 0x0A && hi == 0)
				line++;
		}
		return line;
	}
	for (size_t i = 0; i < off; i++)
		if (b[i] == '\n')
			line++;
	return line;
}

/* Is this BOM-less text UTF-32?  Every code unit's two high bytes are 0
 * (Chinese and ASCII are in the first plane) and some low byte is not. */
static int
sniff_utf32(const char *b, size_t n)
{
	size_t lim = n < 4096 ? n : 4096;
	bool le = true, be = true, any = false;

	if (lim < 8 || (n & 3))
		return 0;
	lim &= ~(size_t)3;
	for (size_t i = 0; i < lim; i += 4) {
		const unsigned char *u = (const unsigned char *)b + i;
		le = le && u[2] == 0 && u[3] == 0;
		be = be && u[0] == 0 && u[1] == 0;
		any = any || u[0] || u[3];
	}
	if (!any)
		return 0;
	return le ? 1 : be ? 2 : 0;
}

/* Is this BOM-less text UTF-16?  Many NUL bytes, nearly all on one parity. */
static int
sniff_utf16(const char *b, size_t n)
{
	size_t lim = n < 4096 ? n : 4096, even = 0, odd = 0;

	if (lim < 4 || (n & 1))
		return 0;
	for (size_t i = 0; i < lim; i++)
		if (b[i] == 0) {
			if (i & 1)
				odd++;
			else
				even++;
		}
	if (odd > lim / 8 && even == 0)
		return 1;   /* LE: ASCII char, then NUL */
	if (even > lim / 8 && odd == 0)
		return 2;   /* BE */
	return 0;
}

static char *
conv(arena *a, const char *file, const char *bytes, size_t n, size_t skip,
     const char *from, const char *shown, bool guessed, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", from);
	size_t cap, left, outleft;
	char *out, *in, *op;

	if (cd == (iconv_t)-1) {
		diag_error(pos_at(file, 0, 0), "unknown encoding \"%s\" (try "
		    "utf-8, gb18030, gbk, utf-16le or utf-16be)", from);
		return NULL;
	}
	/* GB18030 and UTF-16 grow by at most 3/2 in UTF-8. */
	cap = (n - skip) / 2 * 3 + 16;
	out = arena_alloc(a, cap + 1);
	in = (char *)bytes + skip;
	left = n - skip;
	op = out;
	outleft = cap;
	while (left > 0) {
		size_t r = iconv(cd, &in, &left, &op, &outleft);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			/* not expected; grow and go on */
			size_t used = (size_t)(op - out);
			char *bigger = arena_alloc(a, cap * 2 + 1);
			memcpy(bigger, out, used);
			out = bigger;
			cap *= 2;
			op = out + used;
			outleft = cap - used;
			continue;
		}
		size_t off = (size_t)(in - bytes);
		bool u16 = strncasecmp(from, "UTF-16", 6) == 0 ||
		    strncasecmp(from, "UCS-2", 5) == 0;
		bool u32 = strncasecmp(from, "UTF-32", 6) == 0 ||
		    strncasecmp(from, "UCS-4", 5) == 0;
		bool be = (u16 || u32) && strcasestr(from, "BE") != NULL;
		int line = line_of(bytes + skip, off - skip, u32 ? 4 : u16 ? 2 : 1, be);
		unsigned char c = (unsigned char)bytes[off];
		if (errno == EINVAL)
			diag_error(pos_at(file, line, 0), "byte %zu: the file ends "
			    "in the middle of a %s character", off, shown);
		else if (guessed)
			diag_error(pos_at(file, line, 0), "byte %zu (0x%02X): the "
			    "file is neither UTF-8 nor GBK/GB18030; save it as "
			    "UTF-8, or name its encoding with --encoding", off, c);
		else
			diag_error(pos_at(file, line, 0), "byte %zu (0x%02X): not "
			    "valid %s", off, c, shown);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
}

static char *
check_utf8(arena *a, const char *file, const char *bytes, size_t n,
           size_t skip, const char *what, size_t *outlen)
{
	size_t bad = utf8_check(bytes + skip, n - skip);

	if (bad != (size_t)-1) {
		size_t off = bad + skip;
		int line = line_of(bytes, off, 1, false);
		diag_error(pos_at(file, line, 0), "byte %zu (0x%02X): not valid "
		    "%s", off, (unsigned char)bytes[off], what);
		return NULL;
	}
	*outlen = n - skip;
	return arena_strndup(a, bytes + skip, n - skip);
}

char *
enc_to_utf8(arena *a, const char *file, const char *bytes, size_t n,
            const char *forced, size_t *outlen, const char **used)
{
	const char *u;
	size_t dummy;
	char *r;

	if (outlen == NULL)
		outlen = &dummy;
	if (used == NULL)
		used = &u;
	*outlen = 0;
	*used = NULL;

	if (forced != NULL && *forced != '\0' && strcasecmp(forced, "auto") != 0) {
		if (strcasecmp(forced, "utf-8") == 0 ||
		    strcasecmp(forced, "utf8") == 0) {
			size_t skip = has_prefix(bytes, n, "\xEF\xBB\xBF", 3) ? 3 : 0;
			*used = skip ? "UTF-8 (BOM)" : "UTF-8";
			return check_utf8(a, file, bytes, n, skip, "UTF-8", outlen);
		}
		size_t skip = 0;
		if ((strcasecmp(forced, "utf-16le") == 0 &&
		    has_prefix(bytes, n, "\xFF\xFE", 2)) ||
		    (strcasecmp(forced, "utf-16be") == 0 &&
		    has_prefix(bytes, n, "\xFE\xFF", 2)))
			skip = 2;
		char *name = arena_strdup(a, forced);
		for (char *p = name; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		*used = name;
		return conv(a, file, bytes, n, skip, forced, name, false, outlen);
	}

	if (has_prefix(bytes, n, "\xEF\xBB\xBF", 3)) {
		*used = "UTF-8 (BOM)";
		return check_utf8(a, file, bytes, n, 3,
		    "UTF-8 (the file starts with a UTF-8 byte order mark)", outlen);
	}
	if (has_prefix(bytes, n, "\xFF\xFE\0\0", 4)) {
		*used = "UTF-32LE";
		return conv(a, file, bytes, n, 4, "UTF-32LE", "UTF-32LE", false, outlen);
	}
	if (has_prefix(bytes, n, "\0\0\xFE\xFF", 4)) {
		*used = "UTF-32BE";
		return conv(a, file, bytes, n, 4, "UTF-32BE", "UTF-32BE", false, outlen);
	}
	switch (sniff_utf32(bytes, n)) {
	case 1:
		*used = "UTF-32LE";
		return conv(a, file, bytes, n, 0, "UTF-32LE", "UTF-32LE", false, outlen);
	case 2:
		*used = "UTF-32BE";
		return conv(a, file, bytes, n, 0, "UTF-32BE", "UTF-32BE", false, outlen);
	default:
		break;
	}
	if (has_prefix(bytes, n, "\xFF\xFE", 2)) {
		*used = "UTF-16LE";
		return conv(a, file, bytes, n, 2, "UTF-16LE", "UTF-16LE", false,
		    outlen);
	}
	if (has_prefix(bytes, n, "\xFE\xFF", 2)) {
		*used = "UTF-16BE";
		return conv(a, file, bytes, n, 2, "UTF-16BE", "UTF-16BE", false,
		    outlen);
	}
	switch (sniff_utf16(bytes, n)) {
	case 1:
		*used = "UTF-16LE";
		return conv(a, file, bytes, n, 0, "UTF-16LE", "UTF-16LE", false,
		    outlen);
	case 2:
		*used = "UTF-16BE";
		return conv(a, file, bytes, n, 0, "UTF-16BE", "UTF-16BE", false,
		    outlen);
	default:
		break;
	}
	size_t bad = utf8_check(bytes, n), wide = 0;
	if (bad == (size_t)-1) {
		*used = "UTF-8";
		*outlen = n;
		return arena_strndup(a, bytes, n);
	}
	/* Valid UTF-8 Chinese up to a bad byte, then something else: a file
	 * with GBK lines pasted into UTF-8 ones.  GBK text by chance forms a
	 * few valid two-byte UTF-8 sequences, hardly ever three-byte ones. */
	for (size_t i = 0; i + 2 < bad; i++) {
		unsigned char c0 = (unsigned char)bytes[i];
		if (c0 >= 0xE0 && c0 < 0xF0 && ((unsigned char)bytes[i + 1] & 0xC0) == 0x80 &&
		    ((unsigned char)bytes[i + 2] & 0xC0) == 0x80) {
			wide++;
			i += 2;
		}
	}
	if (wide >= 4) {
		int line = line_of(bytes, bad, 1, false);
		diag_error(pos_at(file, line, 0), "byte %zu (0x%02X): the file is UTF-8 up to "
		    "this line, but this line is not (GBK pasted in?); a file must be in one "
		    "encoding: save it again as UTF-8", bad, (unsigned char)bytes[bad]);
		return NULL;
	}
	*used = "GB18030";
	r = conv(a, file, bytes, n, 0, "GB18030", "GB18030", true, outlen);
	if (r == NULL)
		*used = NULL;
	return r;
}
