/* arena.c — bump allocator over a chain of blocks. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)
#define ALIGN 16

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

static void
oom(void)
{
	fputs("gongwen: error: out of memory\n", stderr);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		oom();
	return q;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void
xbuf_put(xbuf *b, const void *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void
xbuf_puts(xbuf *b, const char *s)
{
	xbuf_put(b, s, strlen(s));
}

void
xbuf_printf(xbuf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	va_start(ap, fmt);
	int l = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (l >= (int)sizeof tmp) {
		char *big = xmalloc((size_t)l + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)l + 1, fmt, ap);
		va_end(ap);
		xbuf_put(b, big, (size_t)l);
		free(big);
	} else if (l > 0) {
		xbuf_put(b, tmp, (size_t)l);
	}
}

arena *
arena_new(void)
{
	return xcalloc(1, sizeof(arena));
}

void
arena_free(arena *a)
{
	struct block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *
arena_alloc(arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	void *p;

	if (need < n)
		oom();
	if (b == NULL || b->size - b->used < need) {
		size_t sz = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
		if (sz > SIZE_MAX - sizeof *b)
			oom();
		b = xmalloc(sizeof *b + sz);
		b->size = sz;
		b->used = 0;
		if (need > ARENA_BLOCK / 4 && a->head != NULL) {
			/* big allocation: its own block, behind the current one */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

void *
arena_realloc(arena *a, void *p, size_t old, size_t n)
{
	void *q;

	if (n <= old)
		return p;
	q = arena_alloc(a, n);
	if (p != NULL && old > 0)
		memcpy(q, p, old);
	return q;
}

void *
arena_grow(arena *a, void *v, size_t elem, size_t *cap, size_t need)
{
	size_t ncap;

	if (need <= *cap)
		return v;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	if (ncap > SIZE_MAX / elem)
		oom();
	v = arena_realloc(a, v, *cap * elem, ncap * elem);
	*cap = ncap;
	return v;
}

char *
arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(arena *a, const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *p;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const arena *a)
{
	return a->total;
}

void
abuf_init(abuf *b, arena *a)
{
	b->a = a;
	b->p = NULL;
	b->len = b->cap = 0;
}

static void
abuf_reserve(abuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
		b->p = arena_grow(b->a, b->p, 1, &b->cap, b->len + extra + 1);
}

void
abuf_put(abuf *b, const char *s, size_t n)
{
	abuf_reserve(b, n);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
abuf_puts(abuf *b, const char *s)
{
	abuf_put(b, s, strlen(s));
}

void
abuf_putc(abuf *b, char c)
{
	abuf_put(b, &c, 1);
}

void
abuf_printf(abuf *b, const char *fmt, ...)
{
	va_list ap, aq;
	int n;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		abuf_reserve(b, (size_t)n);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	}
	va_end(ap);
}

const char *
abuf_cstr(abuf *b)
{
	abuf_reserve(b, 0);
	b->p[b->len] = '\0';
	return b->p;
}
