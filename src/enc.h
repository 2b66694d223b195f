/* enc.h — bytes in whatever encoding a clerk's spreadsheet wrote, to UTF-8.
 * Only this module talks to iconv. */
#ifndef GW_ENC_H
#define GW_ENC_H
#include <stddef.h>

#include "arena.h"

/* Convert `bytes` to UTF-8.  forced = NULL or "auto" detects: a UTF-8 BOM
 * (stripped), UTF-16LE/BE BOM, valid UTF-8, else GB18030 (a superset of GBK
 * and GB2312).  forced = "utf-8", "gbk", "gb18030", "utf-16le", ... uses that.
 * On success returns NUL-terminated UTF-8 (arena), sets *outlen and *used (a
 * name such as "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "GB18030").  On failure
 * reports "FILE: byte N: ..." and returns NULL. */
char *enc_to_utf8(arena *a, const char *file, const char *bytes, size_t n,
                  const char *forced, size_t *outlen, const char **used);

#endif
