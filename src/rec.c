/* rec.c — the value tree: construction, lookup, truthiness, numbers,
 * merging, the text dump, and loading a data file by its extension. */
#include "rec.h"

#include <stdlib.h>
#include <string.h>


/* Data files larger than this are refused (a million-row CSV is ~100 MB). */

rec *
rec_new(arena *a, rec_kind kind, srcpos pos)
{
	rec *r = arena_alloc(a, sizeof *r);

	r->kind = kind;
	r->pos = pos;
	if (kind == REC_NULL || kind == REC_LIST || kind == REC_MAP)
		r->s = "";
	return r;
}

rec *
rec_new_str(arena *a, const char *s, size_t len, srcpos pos)
{
	rec *r = arena_alloc(a, sizeof *r);

	r->kind = REC_STR;
	r->pos = pos;
	r->s = arena_strndup(a, s, len);
	r->len = len;
	return r;
}

/* ---- the key index of a large map --------------------------------------- */

#define MAP_INDEX_MIN 16    /* below this many keys a scan is as fast */

static size_t
key_hash(const char *k)
{
	size_t h = (size_t)1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)k; *p; p++)
		h = (h ^ *p) * (size_t)1099511628211ULL;
	return h;
}

/* Put keys hn..n-1 in the index (the first of equal keys stays: the scan
 * found the first too).  Keys are set just after their push. */
static void
index_catch_up(rec *map)
{
	while (map->hn < map->n && map->k[map->hn] != NULL) {
		const char *key = map->k[map->hn];
		size_t s = key_hash(key) & (map->hcap - 1);
		for (; map->hidx[s]; s = (s + 1) & (map->hcap - 1))
			if (strcmp(map->k[map->hidx[s] - 1], key) == 0)
				break;
		if (map->hidx[s] == 0)
			map->hidx[s] = map->hn + 1;
		map->hn++;
	}
}

/* Room for n keys at most half full; called at each push. */
static void
index_reserve(arena *a, rec *map, size_t n)
{
	if (n < MAP_INDEX_MIN || 2 * n <= map->hcap)
		return;
	size_t cap = map->hcap ? map->hcap : 64;
	while (cap < 2 * n)
		cap *= 2;
	map->hidx = arena_alloc(a, cap * sizeof *map->hidx);   /* zeroed */
	memset(map->hidx, 0, cap * sizeof *map->hidx);
	map->hcap = cap;
	map->hn = 0;
	index_catch_up(map);
}

void
rec_list_push(arena *a, rec *list, rec *item)
{
	if (list->kind == REC_MAP)
		index_reserve(a, list, list->n + 1);
	if (list->n == list->cap) {
		size_t cap = list->cap;
		list->v = arena_grow(a, list->v, sizeof *list->v, &cap, list->n + 1);
		if (list->kind == REC_MAP) {
			size_t kcap = list->cap;
			list->k = arena_grow(a, (void *)list->k, sizeof *list->k,
			    &kcap, list->n + 1);
		}
		list->cap = cap;
	}
	list->v[list->n++] = item;
}

static ssize_t
map_index(const rec *map, const char *key)
{
	if (map == NULL || map->kind != REC_MAP)
		return -1;
	if (map->hcap > 0) {
		rec *m = (rec *)map;     /* the index is a cache, not the value */
		index_catch_up(m);
		size_t s = key_hash(key) & (m->hcap - 1);
		for (; m->hidx[s]; s = (s + 1) & (m->hcap - 1))
			if (strcmp(m->k[m->hidx[s] - 1], key) == 0)
				return (ssize_t)(m->hidx[s] - 1);
		/* keys past a not-yet-set one are not indexed: scan those */
		for (size_t i = m->hn; i < m->n; i++)
			if (m->k[i] != NULL && strcmp(m->k[i], key) == 0)
				return (ssize_t)i;
		return -1;
	}
	for (size_t i = 0; i < map->n; i++)
		if (map->k[i] != NULL && strcmp(map->k[i], key) == 0)
			return (ssize_t)i;
	return -1;
}

void
rec_map_set(arena *a, rec *map, const char *key, rec *val)
{
	ssize_t i = map_index(map, key);

	if (i >= 0) {
		map->v[i] = val;
		return;
	}
	rec_list_push(a, map, val);
	map->k[map->n - 1] = key;
}

rec *
rec_map_get(const rec *map, const char *key)
{
	ssize_t i = map_index(map, key);

	return i >= 0 ? map->v[i] : NULL;
}

/* A list index: ASCII digits only, no sign, not absurdly long. */
static bool
parse_index(const char *s, size_t n, size_t *out)
{
	size_t v = 0;

	if (n == 0 || n > 9)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* Look `path` up below `r`.  At a map the whole remaining path is tried as
 * one key first (so a key that itself holds a dot still works), then the
 * part up to the first dot. */
rec *
rec_path(const rec *root, const char *path)
{
	const rec *r = root;
	const char *p = path;

	if (r == NULL || path == NULL)
		return NULL;
	if (*p == '\0')
		return (rec *)r;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t seg = dot ? (size_t)(dot - p) : strlen(p);
		rec *next = NULL;

		if (r->kind == REC_MAP) {
			if (dot != NULL && (next = rec_map_get(r, p)) != NULL)
				return next;
			if (dot == NULL)
				next = rec_map_get(r, p);
			else if (r->hcap > 0 && seg < 256) {
				char k[256];
				memcpy(k, p, seg);
				k[seg] = '\0';
				next = rec_map_get(r, k);
			} else for (size_t i = 0; i < r->n; i++)
				if (r->k[i] != NULL && strlen(r->k[i]) == seg &&
				    memcmp(r->k[i], p, seg) == 0) {
					next = r->v[i];
					break;
				}
		} else if (r->kind == REC_LIST) {
			size_t ix;
			if (parse_index(p, seg, &ix) && ix < r->n)
				next = r->v[ix];
		}
		if (next == NULL)
			return NULL;
		if (dot == NULL)
			return next;
		r = next;
		p = dot + 1;
	}
}

bool
rec_truthy(const rec *r)
{
	if (r == NULL)
		return false;
	switch (r->kind) {
	case REC_NULL:
		return false;
	case REC_BOOL:
		return r->b;
	case REC_STR:
		return r->len > 0;
	case REC_LIST:
	case REC_MAP:
		return r->n > 0;
	}
	return false;
}

/* Grammar: spaces? [+-]? digits* (. digits*)? ([eE] [+-]? digits+)? spaces?
 * with at least one digit in the mantissa.  Leading and trailing blanks
 * (spreadsheet cells often have them) are allowed. */
bool
rec_number(const rec *r, double *out)
{
	const char *s, *e, *p;
	int digits = 0;
	char buf[128];
	size_t n;

	if (r == NULL || r->kind != REC_STR || r->s == NULL)
		return false;
	s = r->s;
	e = s + r->len;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	p = s;
	if (p < e && (*p == '+' || *p == '-'))
		p++;
	while (p < e && *p >= '0' && *p <= '9')
		p++, digits++;
	if (p < e && *p == '.') {
		p++;
		while (p < e && *p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (digits == 0)
		return false;
	if (p < e && (*p == 'e' || *p == 'E')) {
		int ed = 0;
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		while (p < e && *p >= '0' && *p <= '9')
			p++, ed++;
		if (ed == 0)
			return false;
	}
	if (p != e)
		return false;
	n = (size_t)(e - s);
	if (n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (out != NULL)
		*out = strtod(buf, NULL);
	return true;
}

/* Shallow: each top-level key of src replaces dst's. */
void
rec_merge(arena *a, rec *dst, const rec *src)
{
	if (dst == NULL || src == NULL || dst->kind != REC_MAP ||
	    src->kind != REC_MAP)
		return;
	for (size_t i = 0; i < src->n; i++)
		rec_map_set(a, dst, src->k[i], src->v[i]);
}

/* ---- dump ---------------------------------------------------------------- */

static void
dump_quoted(const char *s, size_t n, FILE *f)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20 || c == 0x7F)
				fprintf(f, "\\x%02X", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

struct dumpbuf {
	char *p;
	size_t len, cap;
};

static void
db_put(struct dumpbuf *d, const char *s, size_t n)
{
	if (d->len + n + 1 > d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		while (cap < d->len + n + 1)
			cap *= 2;
		d->p = xrealloc(d->p, cap);
		d->cap = cap;
	}
	memcpy(d->p + d->len, s, n);
	d->len += n;
	d->p[d->len] = '\0';
}

static void
dump_rec(const rec *r, struct dumpbuf *path, FILE *f, int depth)
{
	size_t keep = path->len;

	if (depth > 300) {
		fprintf(f, "%s = …\n", path->len ? path->p : ".");
		return;
	}
	switch (r->kind) {
	case REC_LIST:
	case REC_MAP:
		if (r->n == 0) {
			fprintf(f, "%s = %s\n", path->len ? path->p : ".",
			    r->kind == REC_LIST ? "[]" : "{}");
			return;
		}
		for (size_t i = 0; i < r->n; i++) {
			char num[32];
			if (path->len)
				db_put(path, ".", 1);
			if (r->kind == REC_MAP) {
				const char *k = r->k[i] ? r->k[i] : "";
				db_put(path, k, strlen(k));
			} else {
				int l = snprintf(num, sizeof num, "%zu", i);
				db_put(path, num, (size_t)l);
			}
			dump_rec(r->v[i], path, f, depth + 1);
			path->len = keep;
			if (path->p)
				path->p[keep] = '\0';
		}
		return;
	default:
		break;
	}
	fprintf(f, "%s = ", path->len ? path->p : ".");
	switch (r->kind) {
	case REC_NULL:
		fputs("null", f);
		break;
	case REC_BOOL:
		fputs(r->b ? "true" : "false", f);
		break;
	case REC_STR:
		if (r->is_number)
			fwrite(r->s, 1, r->len, f);
		else
			dump_quoted(r->s, r->len, f);
		break;
	default:
		break;
	}
	fputc('\n', f);
}

/* One line per scalar: "单位.名称 = "…"", "附件.0.标题 = "…"", "得分 = 12"
 * (numbers unquoted), "x = null", "y = []".  The paths are the ones a
 * template writes. */
void
rec_dump(const rec *r, FILE *f)
{
	struct dumpbuf path = { 0 };

	if (r == NULL) {
		fputs(". = null\n", f);
		return;
	}
	dump_rec(r, &path, f, 0);
	free(path.p);
}
