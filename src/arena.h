/* arena.h — one document's memory: allocated piecemeal, freed once.
 *
 * Every allocation of a document (value tree, expanded text, doc model,
 * display list) comes from one arena.  Allocation never fails: on OOM the
 * process prints a message and exits with status 3 (a system failure), as
 * mandoc's mandoc_malloc does, so no caller checks for NULL. */
#ifndef GW_ARENA_H
#define GW_ARENA_H
#include <stddef.h>
#include <stdarg.h>

typedef struct arena arena;

arena *arena_new(void);
void   arena_free(arena *a);                 /* NULL is fine */
void  *arena_alloc(arena *a, size_t n);      /* zeroed, 16-byte aligned */
void  *arena_realloc(arena *a, void *p, size_t old, size_t n); /* grows by copy */
char  *arena_strndup(arena *a, const char *s, size_t n);
char  *arena_strdup(arena *a, const char *s);
char  *arena_printf(arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char  *arena_vprintf(arena *a, const char *fmt, va_list ap);
size_t arena_used(const arena *a);           /* bytes handed out, for bench */

/* A growable byte buffer living in an arena. */
typedef struct abuf {
	arena *a;
	char *p;
	size_t len, cap;
} abuf;
void abuf_init(abuf *b, arena *a);
void abuf_put(abuf *b, const char *s, size_t n);
void abuf_puts(abuf *b, const char *s);
void abuf_putc(abuf *b, char c);
void abuf_printf(abuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *abuf_cstr(abuf *b);              /* NUL-terminated view */

/* Growable array of fixed-size elements in an arena:
 *   T *v = NULL; size_t n = 0, cap = 0;
 *   T *slot = ARENA_PUSH(a, v, n, cap);  */
void *arena_grow(arena *a, void *v, size_t elem, size_t *cap, size_t need);
#define ARENA_PUSH(a, v, n, cap) \
	((v) = arena_grow((a), (v), sizeof *(v), &(cap), (n) + 1), &(v)[(n)++])

/* Process-wide allocation that exits on OOM (for the few things that are not
 * per document: font sets, the CLI's own tables). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A growable byte buffer on the heap, always NUL-terminated (p is NULL until
 * the first put): for text that outlives a document's arena or is built
 * where there is none.  The owner frees p. */
typedef struct xbuf {
	char *p;
	size_t n, cap;
} xbuf;
void xbuf_put(xbuf *b, const void *s, size_t n);
void xbuf_puts(xbuf *b, const char *s);
void xbuf_printf(xbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
