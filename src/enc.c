/* enc.c — placeholder: UTF-8 only until the iconv reader lands. */
#include "enc.h"

#include "diag.h"
#include "utf8.h"

char *
enc_to_utf8(arena *a, const char *file, const char *bytes, size_t n,
            const char *forced, size_t *outlen, const char **used)
{
	size_t bad;

	if (n >= 3 && (unsigned char)bytes[0] == 0xEF &&
	    (unsigned char)bytes[1] == 0xBB && (unsigned char)bytes[2] == 0xBF) {
		bytes += 3;
		n -= 3;
	}
	if ((bad = utf8_check(bytes, n)) != (size_t)-1) {
		diag_error(pos_at(file, 0, 0), "byte %zu: invalid UTF-8", bad);
		return NULL;
	}
	*outlen = n;
	if (used)
		*used = "UTF-8";
	return arena_strndup(a, bytes, n);
}
