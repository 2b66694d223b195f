/* md.h — Markdown (already expanded) to the blocks of a doc, through
 * cmark-gfm (only md.c includes it). */
#ifndef GW_MD_H
#define GW_MD_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"

/* Append the blocks of md[0..n) to d.  map gives the template positions of
 * the Markdown's lines (NULL: the Markdown's own).  false after errors. */
bool md_to_doc(arena *a, gw_doc *d, const char *md, size_t n, const linemap *map);

#endif
