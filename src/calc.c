/* calc.c — scores → 总分, 加权分, 等次, 名次 over all units (see calc.h). */
#include "calc.h"

#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "diag.h"
#include "file.h"
#include "tmpl.h"
#include "utf8.h"

struct band {
	const char *name;
	const char *text;      /* as written: "≥80 且 <90" */
	bool has_lo, has_hi, lo_incl, hi_incl;
	dec lo, hi;
	srcpos pos;
};

struct item {
	const char *name;      /* 考核内容 */
	const char *col;       /* wide form: the score column */
	const char *crit;      /* 评分标准, or NULL */
	dec max;               /* 分值 */
	bool has_w;
	dec w;                 /* 权重 in percent */
	srcpos pos;
	size_t idx;            /* 1-based, as listed */
	dec sum;               /* for the item's average */
	size_t nsum;
};

struct unit {
	const char *name;
	rec *map;              /* the unit's record (a data row, or built: long form) */
	srcpos pos;            /* where the unit is named */
	dec *max;              /* per item: this unit's 分值 (调整) */
	bool *adjusted;
	dec *score;
	bool *have;
	const rec **cell;      /* the score's cell */
	const char **note;     /* 扣分说明 */
	dec full, total, weighted, basis;
	dec *wterm;            /* per item: weighted points */
	srcpos *src;           /* every cell the total came from */
	size_t nsrc, srccap;
	int rank, band;
};

struct calc {
	arena *a;
	const rec *scheme;
	const char *list_path;
	const char *key;       /* the unit column */
	const char *result;    /* the summary's name */
	bool long_form;
	const char *col_item, *col_score, *col_note;
	int places;
	struct item *items;
	size_t nitems;
	struct band *bands;
	size_t nbands;
	bool weighted;
	bool has_full;
	dec full;              /* 满分 */
	struct unit *units;
	size_t nunits, ucap;
	struct unit **order;   /* by rank */
	size_t *htab, hcap;    /* unit number + 1 by name */
	bool failed;
};

static const char *const scheme_keys[] = {
	"数据", "单位", "项目", "等次", "满分", "调整", "形式", "项目列", "得分列",
	"说明列", "小数位", "结果", NULL
};

/* ---- small helpers -------------------------------------------------------- */

static const char *
dstr(arena *a, dec d)
{
	char b[DEC_BUFSZ];
	return arena_strdup(a, dec_format(d, b));
}

static rec *
num_rec(arena *a, dec d, srcpos pos)
{
	const char *s = dstr(a, d);
	rec *r = rec_new_str(a, s, strlen(s), pos);
	r->is_number = true;
	return r;
}

static rec *
str_rec(arena *a, const char *s, srcpos pos)
{
	return rec_new_str(a, s, strlen(s), pos);
}

static rec *
int_rec(arena *a, long v, srcpos pos)
{
	rec *r = str_rec(a, arena_printf(a, "%ld", v), pos);
	r->is_number = true;
	return r;
}

/* The text of a scalar, or NULL (maps, lists; null is ""). */
static const char *
scalar(const rec *r)
{
	if (r == NULL)
		return NULL;
	if (r->kind == REC_NULL)
		return "";
	if (r->kind == REC_STR || r->kind == REC_BOOL)
		return r->s ? r->s : "";
	return NULL;
}

/* Trim ASCII blanks and U+3000 around a name. */
static const char *
trimmed(arena *a, const char *s)
{
	size_t b, e;
	utf8_trim(s, strlen(s), UTF8_TRIM_LF, &b, &e);
	return arena_strndup(a, s + b, e - b);
}

static void
src_push(struct calc *c, struct unit *u, srcpos p)
{
	*ARENA_PUSH(c->a, u->src, u->nsrc, u->srccap) = p;
}

static const char *
status_text(dec_status st)
{
	return st == DEC_OVERFLOW ? "has more than 18 digits" : "is not a number";
}

/* A number in the scheme (分值, 满分, a band bound). */
static bool
scheme_num(struct calc *c, const rec *r, const char *what, dec *out)
{
	const char *s = scalar(r);
	dec_status st = s ? dec_parse_cstr(s, out) : DEC_SYNTAX;
	if (st != DEC_OK) {
		diag_error(r->pos, "考核: %s \"%s\" %s", what, s ? s : "(a list)", status_text(st));
		c->failed = true;
		return false;
	}
	return true;
}

/* ---- the scheme ------------------------------------------------------- */

static int
find_item(const struct calc *c, const char *name)
{
	for (size_t i = 0; i < c->nitems; i++)
		if (strcmp(c->items[i].name, name) == 0 || strcmp(c->items[i].col, name) == 0)
			return (int)i;
	return -1;
}

/* "50%", "50", "0.5" (fractions only when all add up to 1: see read_items) */
static bool
read_weight(struct calc *c, const rec *r, dec *out, bool *percent)
{
	const char *s = scalar(r);
	if (s == NULL) {
		diag_error(r->pos, "考核.项目: 权重 must be a number such as 50%%");
		c->failed = true;
		return false;
	}
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' '))
		n--;
	*percent = false;
	if (n >= 1 && s[n - 1] == '%') {
		n--;
		*percent = true;
	} else if (n >= 3 && !memcmp(s + n - 3, "％", 3)) {
		n -= 3;
		*percent = true;
	}
	dec_status st = dec_parse(s, n, out);
	if (st != DEC_OK || dec_sign(*out) < 0) {
		diag_error(r->pos, "考核.项目: 权重 \"%s\" is not a percentage such as 50%%", s);
		c->failed = true;
		return false;
	}
	return true;
}

static void
read_items(struct calc *c, const rec *items)
{
	if (items == NULL || items->kind != REC_LIST || items->n == 0) {
		diag_error(items ? items->pos : c->scheme->pos, "考核: 项目 must list the items, "
		    "each as {考核内容: …, 分值: …}");
		c->failed = true;
		return;
	}
	c->items = arena_alloc(c->a, items->n * sizeof *c->items);
	size_t nw = 0;
	bool any_percent = false;
	for (size_t i = 0; i < items->n; i++) {
		const rec *it = items->v[i];
		struct item *t = &c->items[c->nitems];
		if (it->kind != REC_MAP) {
			diag_error(it->pos, "考核.项目: item %zu must be {考核内容: …, 分值: …}", i + 1);
			c->failed = true;
			continue;
		}
		t->pos = it->pos;
		t->idx = i + 1;
		for (size_t k = 0; k < it->n; k++)
			if (strcmp(it->k[k], "考核内容") && strcmp(it->k[k], "分值") &&
			    strcmp(it->k[k], "权重") && strcmp(it->k[k], "评分标准") &&
			    strcmp(it->k[k], "列")) {
				diag_warn(it->v[k]->pos, "考核.项目: unknown key \"%s\" (考核内容, "
				    "分值, 权重, 评分标准, 列)", it->k[k]);
			}
		const char *name = scalar(rec_map_get(it, "考核内容"));
		if (utf8_blank(name)) {
			diag_error(it->pos, "考核.项目: item %zu has no 考核内容", i + 1);
			c->failed = true;
			continue;
		}
		t->name = trimmed(c->a, name);
		const char *col = scalar(rec_map_get(it, "列"));
		t->col = utf8_blank(col) ? t->name : trimmed(c->a, col);
		const char *crit = scalar(rec_map_get(it, "评分标准"));
		t->crit = crit ? crit : "";
		const rec *mx = rec_map_get(it, "分值");
		if (mx == NULL) {
			diag_error(it->pos, "考核.项目: %s has no 分值", t->name);
			c->failed = true;
			continue;
		}
		if (!scheme_num(c, mx, "分值", &t->max))
			continue;
		if (dec_sign(t->max) <= 0) {
			diag_error(mx->pos, "考核.项目: 分值 of %s must be above 0", t->name);
			c->failed = true;
			continue;
		}
		const rec *w = rec_map_get(it, "权重");
		if (w != NULL) {
			bool pc;
			if (!read_weight(c, w, &t->w, &pc))
				continue;
			t->has_w = true;
			any_percent |= pc;
			nw++;
		}
		for (size_t j = 0; j < c->nitems; j++)
			if (strcmp(c->items[j].name, t->name) == 0 ||
			    strcmp(c->items[j].col, t->col) == 0) {
				diag_error(it->pos, "考核.项目: %s is listed twice (items %zu and %zu)",
				    t->name, c->items[j].idx, i + 1);
				c->failed = true;
			}
		c->nitems++;
	}
	if (nw == 0 || c->failed)
		return;
	c->weighted = true;
	if (nw != c->nitems) {
		for (size_t i = 0; i < c->nitems; i++)
			if (!c->items[i].has_w) {
				diag_error(c->items[i].pos, "考核.项目: %s has no 权重, but other items "
				    "have one; give every item a 权重", c->items[i].name);
				c->failed = true;
			}
		return;
	}
	dec sum = dec_from_int(0);
	for (size_t i = 0; i < c->nitems; i++)
		if (dec_add(sum, c->items[i].w, &sum) != DEC_OK) {
			diag_error(c->items[i].pos, "考核.项目: 权重 too large");
			c->failed = true;
			return;
		}
	if (!any_percent && dec_cmp(sum, dec_from_int(1)) == 0) {
		/* 0.5 + 0.5: fractions */
		for (size_t i = 0; i < c->nitems; i++)
			dec_mul(c->items[i].w, dec_from_int(100), &c->items[i].w);
		sum = dec_from_int(100);
	}
	if (dec_cmp(sum, dec_from_int(100)) != 0) {
		char b[DEC_BUFSZ];
		diag_error(items->pos, "考核.项目: the 权重 add up to %s%%, not 100%%",
		    dec_format(sum, b));
		c->failed = true;
	}
}

/* One band's condition: terms such as ≥80 and <90, joined by 且 、 , ， or
 * blanks; a bare 分 after a number is allowed. */
static bool
read_band(struct calc *c, struct band *b, const rec *r)
{
	static const struct { const char *op; int lo; bool incl; } ops[] = {
		{ "≥", 1, true }, { ">=", 1, true }, { "＞=", 1, true }, { "≧", 1, true },
		{ "≤", 0, true }, { "<=", 0, true }, { "＜=", 0, true }, { "≦", 0, true },
		{ ">", 1, false }, { "＞", 1, false }, { "<", 0, false }, { "＜", 0, false },
	};
	static const char *const joins[] = { "且", "并且", "、", ",", "，", "and", " ",
		"\xe3\x80\x80", "分", NULL };
	const char *s = scalar(r);
	if (utf8_blank(s)) {
		diag_error(r->pos, "考核.等次: %s needs a condition such as \"≥80 且 <90\"", b->name);
		return false;
	}
	b->text = s;
	b->pos = r->pos;
	const char *p = s;
	bool any = false;
	while (*p) {
		bool skipped = false;
		for (int j = 0; joins[j]; j++) {
			size_t l = strlen(joins[j]);
			if (!strncmp(p, joins[j], l)) {
				p += l;
				skipped = true;
				break;
			}
		}
		if (skipped)
			continue;
		int oi = -1;
		size_t ol = 0;
		for (size_t j = 0; j < sizeof ops / sizeof ops[0]; j++) {
			size_t l = strlen(ops[j].op);
			if (!strncmp(p, ops[j].op, l)) {
				oi = (int)j;
				ol = l;
				break;
			}
		}
		if (oi < 0)
			goto bad;
		p += ol;
		while (*p == ' ')
			p++;
		const char *q = p;
		while (*q && ((*q >= '0' && *q <= '9') || *q == '.' || *q == '-' || *q == '+'))
			q++;
		dec v;
		if (q == p || dec_parse(p, (size_t)(q - p), &v) != DEC_OK)
			goto bad;
		p = q;
		if (ops[oi].lo) {
			if (b->has_lo)
				goto bad;
			b->has_lo = true;
			b->lo = v;
			b->lo_incl = ops[oi].incl;
		} else {
			if (b->has_hi)
				goto bad;
			b->has_hi = true;
			b->hi = v;
			b->hi_incl = ops[oi].incl;
		}
		any = true;
	}
	if (!any)
		goto bad;
	if (b->has_lo && b->has_hi) {
		int k = dec_cmp(b->lo, b->hi);
		if (k > 0 || (k == 0 && !(b->lo_incl && b->hi_incl))) {
			diag_error(r->pos, "考核.等次: %s \"%s\" holds no total at all", b->name, s);
			return false;
		}
	}
	return true;
bad:
	diag_error(r->pos, "考核.等次: %s \"%s\": write the bounds as ≥90, ≥80 且 <90, <60 "
	    "(≥ > ≤ <, in YAML quote those starting with > or <)", b->name, s);
	return false;
}

static void
default_bands(struct calc *c)
{
	static const char *const def[][2] = {
		{ "优秀", "≥90" }, { "良好", "≥80 且 <90" }, { "合格", "≥60 且 <80" }, { "不合格", "<60" },
	};
	c->bands = arena_alloc(c->a, 4 * sizeof *c->bands);
	for (int i = 0; i < 4; i++) {
		struct band *b = &c->bands[c->nbands++];
		b->name = def[i][0];
		rec *r = str_rec(c->a, def[i][1], c->scheme->pos);
		read_band(c, b, r);
	}
}

/* Shown bound: "80" with its sign. */
static const char *
bound_text(arena *a, const struct band *b, bool lo)
{
	char buf[DEC_BUFSZ];
	if (lo)
		return b->has_lo ? arena_printf(a, "%s%s", b->lo_incl ? "≥" : ">",
		    dec_format(b->lo, buf)) : "−∞";
	return b->has_hi ? arena_printf(a, "%s%s", b->hi_incl ? "≤" : "<",
	    dec_format(b->hi, buf)) : "+∞";
}

/* Bands sorted by lower bound must tile [0, 满分]: no gap, no overlap. */
static void
check_bands(struct calc *c)
{
	size_t n = c->nbands;
	struct band **o = arena_alloc(c->a, (n ? n : 1) * sizeof *o);
	char b1[DEC_BUFSZ], b2[DEC_BUFSZ];
	for (size_t i = 0; i < n; i++)
		o[i] = &c->bands[i];
	for (size_t i = 1; i < n; i++)      /* insertion sort by lower bound */
		for (size_t j = i; j > 0; j--) {
			struct band *x = o[j - 1], *y = o[j];
			bool swap;
			if (!y->has_lo)
				swap = x->has_lo;
			else if (!x->has_lo)
				swap = false;
			else {
				int k = dec_cmp(x->lo, y->lo);
				swap = k > 0 || (k == 0 && !x->lo_incl && y->lo_incl);
			}
			if (!swap)
				break;
			o[j - 1] = y;
			o[j] = x;
		}
	dec zero = dec_from_int(0);
	if (n > 0 && o[0]->has_lo) {
		int k = dec_cmp(o[0]->lo, zero);
		if (k > 0 || (k == 0 && !o[0]->lo_incl)) {
			diag_error(o[0]->pos, "考核.等次: no band holds a total from 0 to %s "
			    "(the lowest band %s starts at %s)", dec_format(o[0]->lo, b1),
			    o[0]->name, bound_text(c->a, o[0], true));
			c->failed = true;
		}
	}
	for (size_t i = 0; i + 1 < n; i++) {
		struct band *x = o[i], *y = o[i + 1];
		if (!x->has_hi || !y->has_lo) {
			diag_error(y->pos, "考核.等次: %s (%s) and %s (%s) overlap", x->name, x->text,
			    y->name, y->text);
			c->failed = true;
			continue;
		}
		int k = dec_cmp(x->hi, y->lo);
		if (k < 0) {
			diag_error(y->pos, "考核.等次: %s (%s) and %s (%s) leave a gap: a total "
			    "between %s and %s has no 等次", x->name, x->text, y->name, y->text,
			    dec_format(x->hi, b1), dec_format(y->lo, b2));
			c->failed = true;
		} else if (k > 0 || (x->hi_incl && y->lo_incl)) {
			diag_error(y->pos, "考核.等次: %s (%s) and %s (%s) overlap: a total of %s "
			    "is in both", x->name, x->text, y->name, y->text,
			    dec_format(k > 0 ? y->lo : x->hi, b1));
			c->failed = true;
		} else if (!x->hi_incl && !y->lo_incl) {
			diag_error(y->pos, "考核.等次: %s (%s) and %s (%s) leave a gap: a total of "
			    "exactly %s has no 等次", x->name, x->text, y->name, y->text,
			    dec_format(x->hi, b1));
			c->failed = true;
		}
	}
	if (n > 0 && o[n - 1]->has_hi) {
		int k = dec_cmp(o[n - 1]->hi, c->full);
		if (k < 0 || (k == 0 && !o[n - 1]->hi_incl)) {
			diag_error(o[n - 1]->pos, "考核.等次: no band holds a total of %s (满分); "
			    "the highest band %s ends at %s", dec_format(c->full, b1),
			    o[n - 1]->name, bound_text(c->a, o[n - 1], false));
			c->failed = true;
		}
	}
}

static void
read_bands(struct calc *c, const rec *r)
{
	if (r == NULL || r->kind == REC_NULL) {
		default_bands(c);
		return;
	}
	/* {优秀: ≥90, …} or [{优秀: ≥90}, …] */
	size_t n = 0;
	if (r->kind == REC_MAP)
		n = r->n;
	else if (r->kind == REC_LIST)
		n = r->n;
	if (n == 0 || (r->kind != REC_MAP && r->kind != REC_LIST)) {
		diag_error(r->pos, "考核: 等次 lists the bands, as {优秀: \"≥90\", 良好: \"≥80 且 <90\", …}");
		c->failed = true;
		return;
	}
	c->bands = arena_alloc(c->a, n * sizeof *c->bands);
	for (size_t i = 0; i < n; i++) {
		const char *name;
		const rec *cond;
		if (r->kind == REC_MAP) {
			name = r->k[i];
			cond = r->v[i];
		} else if (r->v[i]->kind == REC_MAP && r->v[i]->n == 1) {
			name = r->v[i]->k[0];
			cond = r->v[i]->v[0];
		} else {
			diag_error(r->v[i]->pos, "考核.等次: each band is 名称: 条件, as 优秀: \"≥90\"");
			c->failed = true;
			continue;
		}
		struct band *b = &c->bands[c->nbands];
		b->name = name;
		for (size_t j = 0; j < c->nbands; j++)
			if (strcmp(c->bands[j].name, name) == 0) {
				diag_error(cond->pos, "考核.等次: %s is listed twice", name);
				c->failed = true;
			}
		if (!read_band(c, b, cond)) {
			c->failed = true;
			continue;
		}
		c->nbands++;
	}
}

/* ---- the data ---------------------------------------------------------- */

static const char *
pos_text(arena *a, srcpos p)
{
	if (p.file == NULL)
		return "?";
	if (p.path)
		return arena_printf(a, "%s: %s", p.file, p.path);
	if (p.col)
		return arena_printf(a, "%s:%d:%d", p.file, p.line, p.col);
	return arena_printf(a, "%s:%d", p.file, p.line);
}

static size_t
hash_name(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The unit of that name (an open-addressing table of unit numbers), or NULL. */
static struct unit *
find_unit(struct calc *c, const char *name, size_t **slot)
{
	size_t m = c->hcap - 1;
	for (size_t h = hash_name(name) & m;; h = (h + 1) & m) {
		if (c->htab[h] == 0) {
			*slot = &c->htab[h];
			return NULL;
		}
		if (strcmp(c->units[c->htab[h] - 1].name, name) == 0)
			return &c->units[c->htab[h] - 1];
	}
}

static struct unit *
add_unit(struct calc *c, const char *name, rec *map, srcpos pos)
{
	size_t *slot;
	if (c->hcap < 2 * (c->nunits + 1)) {
		size_t nc = c->hcap ? 2 * c->hcap : 64;
		size_t *old = c->htab, oc = c->hcap;
		c->htab = arena_alloc(c->a, nc * sizeof *c->htab);
		c->hcap = nc;
		for (size_t i = 0; i < oc; i++)
			if (old[i]) {
				find_unit(c, c->units[old[i] - 1].name, &slot);
				*slot = old[i];
			}
	}
	struct unit *f = find_unit(c, name, &slot);
	if (f != NULL)
		return f;
	*slot = c->nunits + 1;
	struct unit *u = ARENA_PUSH(c->a, c->units, c->nunits, c->ucap);
	memset(u, 0, sizeof *u);
	size_t n = c->nitems ? c->nitems : 1;
	u->name = name;
	u->map = map;
	u->pos = pos;
	u->max = arena_alloc(c->a, n * sizeof *u->max);
	u->adjusted = arena_alloc(c->a, n * sizeof *u->adjusted);
	u->score = arena_alloc(c->a, n * sizeof *u->score);
	u->have = arena_alloc(c->a, n * sizeof *u->have);
	u->cell = arena_alloc(c->a, n * sizeof *u->cell);
	u->note = arena_alloc(c->a, n * sizeof *u->note);
	u->wterm = arena_alloc(c->a, n * sizeof *u->wterm);
	for (size_t i = 0; i < c->nitems; i++)
		u->max[i] = c->items[i].max;
	return u;
}

/* The unit named in a row; NULL (reported) when the cell is empty. */
static const char *
unit_name(struct calc *c, const rec *row)
{
	const rec *k = rec_map_get(row, c->key);
	const char *s = scalar(k);
	if (utf8_blank(s)) {
		diag_error(k ? k->pos : row->pos, "this row names no unit: its %s is empty", c->key);
		c->failed = true;
		return NULL;
	}
	return trimmed(c->a, s);
}

/* Read one score cell into unit u, item i.  A blank cell is judged after
 * 调整 (an item a unit is not assessed on may be left blank). */
static void
take_score(struct calc *c, struct unit *u, size_t i, const rec *cell, const char *note,
           srcpos rowpos)
{
	struct item *t = &c->items[i];
	const char *s = scalar(cell);
	if (cell == NULL) {
		rec *e = rec_new_str(c->a, "", 0, rowpos);
		cell = e;
	}
	u->cell[i] = cell;
	u->note[i] = note;
	if (utf8_blank(s))
		return;
	dec v;
	dec_status st = dec_parse_cstr(s, &v);
	if (st != DEC_OK) {
		diag_error(cell->pos, "%s \"%s\" of %s %s", c->long_form ? t->name : t->col, s,
		    u->name, status_text(st));
		c->failed = true;
		return;
	}
	u->score[i] = v;
	u->have[i] = true;
}

/* Blank scores: 0 where the unit is not assessed on the item, else an error. */
static void
check_blanks(struct calc *c)
{
	for (size_t k = 0; k < c->nunits; k++) {
		struct unit *u = &c->units[k];
		for (size_t i = 0; i < c->nitems; i++) {
			if (u->have[i] || u->cell[i] == NULL || !utf8_blank(scalar(u->cell[i])))
				continue;
			if (dec_sign(u->max[i]) == 0) {
				u->score[i] = dec_from_int(0);
				u->have[i] = true;
				continue;
			}
			diag_error(u->cell[i]->pos, "%s has no score for %s (column %s)", u->name,
			    c->items[i].name, c->long_form ? c->col_score : c->items[i].col);
			c->failed = true;
		}
	}
}

static bool
load_wide(struct calc *c, rec *rows)
{
	const rec *first = rows->v[0];
	bool ok = true;
	for (size_t i = 0; i < c->nitems; i++)
		if (rec_map_get(first, c->items[i].col) == NULL) {
			diag_error(first->pos, "考核: the data has no column %s for the item %s; "
			    "name it with 列: in the scheme", c->items[i].col, c->items[i].name);
			ok = false;
		}
	if (rec_map_get(first, c->key) == NULL) {
		diag_error(first->pos, "考核: the data has no column %s naming the unit; "
		    "name the column with 单位: in the scheme", c->key);
		ok = false;
	}
	if (!ok) {
		c->failed = true;
		return false;
	}
	for (size_t r = 0; r < rows->n; r++) {
		rec *row = rows->v[r];
		const char *name = unit_name(c, row);
		if (name == NULL)
			continue;
		size_t before = c->nunits;
		struct unit *u = add_unit(c, name, row, rec_map_get(row, c->key)->pos);
		if (c->nunits == before) {
			diag_error(rec_map_get(row, c->key)->pos, "%s appears twice (first at %s)",
			    name, pos_text(c->a, u->pos));
			c->failed = true;
			continue;
		}
		for (size_t i = 0; i < c->nitems; i++) {
			const char *nc = arena_printf(c->a, "%s扣分说明", c->items[i].col);
			const char *note = scalar(rec_map_get(row, nc));
			take_score(c, u, i, rec_map_get(row, c->items[i].col), note ? note : "",
			    row->pos);
		}
	}
	return true;
}

static bool
load_long(struct calc *c, rec *rows)
{
	const rec *first = rows->v[0];
	const char *need[] = { c->key, c->col_item, c->col_score };
	bool ok = true;
	for (int k = 0; k < 3; k++)
		if (rec_map_get(first, need[k]) == NULL) {
			diag_error(first->pos, "考核: the data (one row per unit and item) has no "
			    "column %s", need[k]);
			ok = false;
		}
	if (!ok) {
		c->failed = true;
		return false;
	}
	for (size_t r = 0; r < rows->n; r++) {
		rec *row = rows->v[r];
		const char *name = unit_name(c, row);
		if (name == NULL)
			continue;
		const rec *ic = rec_map_get(row, c->col_item);
		const char *iname = scalar(ic);
		int i = iname ? find_item(c, trimmed(c->a, iname)) : -1;
		if (i < 0) {
			diag_error(ic ? ic->pos : row->pos, "%s \"%s\" is not an item of the scheme", c->col_item,
			    iname ? iname : "");
			c->failed = true;
			continue;
		}
		struct unit *u = add_unit(c, name, NULL, rec_map_get(row, c->key)->pos);
		if (u->map == NULL) {
			/* the unit's record: the row's other columns */
			u->map = rec_new(c->a, REC_MAP, row->pos);
			for (size_t k = 0; k < row->n; k++)
				if (strcmp(row->k[k], c->col_item) && strcmp(row->k[k], c->col_score) &&
				    strcmp(row->k[k], c->col_note))
					rec_map_set(c->a, u->map, row->k[k], row->v[k]);
			rec_map_set(c->a, u->map, c->key, str_rec(c->a, name,
			    rec_map_get(row, c->key)->pos));
		}
		if (u->cell[i] != NULL) {
			diag_error(ic->pos, "%s has a second score for %s (first at %s)", name,
			    c->items[i].name, pos_text(c->a, u->cell[i]->pos));
			c->failed = true;
			continue;
		}
		const char *note = scalar(rec_map_get(row, c->col_note));
		take_score(c, u, (size_t)i, rec_map_get(row, c->col_score), note ? note : "",
		    row->pos);
	}
	for (size_t k = 0; k < c->nunits; k++)
		for (size_t i = 0; i < c->nitems; i++)
			if (c->units[k].cell[i] == NULL) {
				diag_error(c->units[k].pos, "%s has no row for the item %s",
				    c->units[k].name, c->items[i].name);
				c->failed = true;
			}
	return true;
}

/* 调整: [{单位: 名称 或 [名称…], 分值: {项目: 40, …}}] */
static void
read_adjust(struct calc *c, const rec *r)
{
	if (r == NULL)
		return;
	if (r->kind != REC_LIST) {
		diag_error(r->pos, "考核: 调整 is a list of {单位: …, 分值: {项目: 分值}}");
		c->failed = true;
		return;
	}
	for (size_t k = 0; k < r->n; k++) {
		const rec *a = r->v[k];
		const rec *us = a->kind == REC_MAP ? rec_map_get(a, "单位") : NULL;
		const rec *mx = a->kind == REC_MAP ? rec_map_get(a, "分值") : NULL;
		if (us == NULL || mx == NULL || mx->kind != REC_MAP) {
			diag_error(a->pos, "考核.调整: each entry is {单位: …, 分值: {项目: 分值}}");
			c->failed = true;
			continue;
		}
		size_t nu = us->kind == REC_LIST ? us->n : 1;
		for (size_t j = 0; j < nu; j++) {
			const rec *un = us->kind == REC_LIST ? us->v[j] : us;
			const char *name = scalar(un);
			struct unit *u = NULL;
			for (size_t q = 0; name && q < c->nunits; q++)
				if (strcmp(c->units[q].name, trimmed(c->a, name)) == 0)
					u = &c->units[q];
			if (u == NULL) {
				diag_error(un->pos, "考核.调整: %s is not a unit in the data",
				    name ? name : "(a list)");
				c->failed = true;
				continue;
			}
			for (size_t q = 0; q < mx->n; q++) {
				int i = find_item(c, mx->k[q]);
				dec v;
				if (i < 0) {
					diag_error(mx->v[q]->pos, "考核.调整: %s is not an item of the scheme",
					    mx->k[q]);
					c->failed = true;
					continue;
				}
				if (!scheme_num(c, mx->v[q], "分值", &v))
					continue;
				if (dec_sign(v) < 0) {
					diag_error(mx->v[q]->pos, "考核.调整: 分值 below 0");
					c->failed = true;
					continue;
				}
				if (c->weighted && dec_sign(v) == 0) {
					diag_error(mx->v[q]->pos, "考核.调整: a weighted item cannot have "
					    "分值 0");
					c->failed = true;
					continue;
				}
				u->max[i] = v;
				u->adjusted[i] = true;
			}
		}
	}
}

/* ---- computing ----------------------------------------------------------- */

static void
overflow(struct calc *c, const struct unit *u, const char *what)
{
	diag_error(u->pos, "%s: %s of %s has more than 18 digits", what, what, u->name);
	c->failed = true;
}

static void
compute_unit(struct calc *c, struct unit *u)
{
	u->total = dec_from_int(0);
	u->full = dec_from_int(0);
	u->weighted = dec_from_int(0);
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *t = &c->items[i];
		if (!u->have[i])
			continue;
		dec v = u->score[i];
		const rec *cell = u->cell[i];
		char b1[DEC_BUFSZ], b2[DEC_BUFSZ];
		if (dec_sign(v) < 0) {
			diag_error(cell->pos, "%s %s of %s is below 0", c->long_form ? t->name : t->col,
			    cell->s, u->name);
			c->failed = true;
			continue;
		}
		if (dec_cmp(v, u->max[i]) > 0) {
			diag_error(cell->pos, "%s %s of %s is above the item's 分值 %s%s",
			    c->long_form ? t->name : t->col, dec_format(v, b1), u->name,
			    dec_format(u->max[i], b2), u->adjusted[i] ? " (调整 for this unit)" : "");
			c->failed = true;
			continue;
		}
		src_push(c, u, cell->pos);
		if (dec_add(u->total, v, &u->total) != DEC_OK)
			overflow(c, u, "总分");
		if (dec_add(u->full, u->max[i], &u->full) != DEC_OK)
			overflow(c, u, "满分");
		if (dec_add(t->sum, v, &t->sum) != DEC_OK)
			overflow(c, u, "平均得分");
		t->nsum++;
		if (c->weighted) {
			/* points = 得分 / 分值 × 权重, to 15 places; the sum is rounded once */
			dec p;
			if (dec_mul(v, t->w, &p) != DEC_OK ||
			    dec_div(p, u->max[i], 15, &u->wterm[i]) != DEC_OK ||
			    dec_add(u->weighted, u->wterm[i], &u->weighted) != DEC_OK)
				overflow(c, u, "加权分");
		}
	}
	u->total = dec_trim(u->total);     /* 20 + 17.5 + 57.5 = 95, not 95.0 */
	u->full = dec_trim(u->full);
	if (c->weighted) {
		if (dec_round(u->weighted, c->places, &u->weighted) != DEC_OK)
			overflow(c, u, "加权分");
		u->basis = u->weighted;
	} else {
		u->basis = u->total;
	}
}

static int
band_of(const struct calc *c, dec v)
{
	for (size_t i = 0; i < c->nbands; i++) {
		const struct band *b = &c->bands[i];
		if (b->has_lo) {
			int k = dec_cmp(v, b->lo);
			if (k < 0 || (k == 0 && !b->lo_incl))
				continue;
		}
		if (b->has_hi) {
			int k = dec_cmp(v, b->hi);
			if (k > 0 || (k == 0 && !b->hi_incl))
				continue;
		}
		return (int)i;
	}
	return -1;
}

/* 名次: ties share a rank (1, 1, 3); c->order lists the units by rank,
 * ties in data order.  A sort, not a count per unit: 100,000 rows are fine. */
static int
by_basis(const void *x, const void *y)
{
	const struct unit *a = *(const struct unit *const *)x;
	const struct unit *b = *(const struct unit *const *)y;
	int k = dec_cmp(b->basis, a->basis);
	if (k != 0)
		return k;
	return a < b ? -1 : a > b;      /* units are in data order in one array */
}

static void
rank_units(struct calc *c)
{
	c->order = arena_alloc(c->a, (c->nunits ? c->nunits : 1) * sizeof *c->order);
	for (size_t k = 0; k < c->nunits; k++)
		c->order[k] = &c->units[k];
	qsort(c->order, c->nunits, sizeof *c->order, by_basis);
	for (size_t k = 0; k < c->nunits; k++)
		c->order[k]->rank = k > 0 && dec_cmp(c->order[k]->basis,
		    c->order[k - 1]->basis) == 0 ? c->order[k - 1]->rank : (int)k + 1;
}

/* ---- output into the data --------------------------------------------- */

/* A computed field replaces a column of the same name; when the clerk's
 * value there differs (a total added up by hand, a rank typed in), say so. */
static void
set_checked(struct calc *c, rec *m, const char *key, rec *v)
{
	const rec *old = rec_map_get(m, key);
	const char *os = scalar(old);
	if (old != NULL && !utf8_blank(os) && old->pos.file != NULL) {
		dec x, y;
		bool same = v->is_number && dec_parse_cstr(os, &x) == DEC_OK &&
		    dec_parse_cstr(v->s, &y) == DEC_OK ? dec_cmp(x, y) == 0 :
		    strcmp(trimmed(c->a, os), v->s) == 0;
		if (!same)
			diag_warn(old->pos, "%s \"%s\" in the data is not the computed %s; "
			    "the computed value is used", key, os, v->s);
	}
	rec_map_set(c->a, m, key, v);
}

static void
fill_unit(struct calc *c, struct unit *u)
{
	arena *a = c->a;
	srcpos p = u->pos;
	rec *m = u->map;
	rec_map_set(a, m, "被考评单位", str_rec(a, u->name, p));
	set_checked(c, m, "满分", num_rec(a, u->full, p));
	set_checked(c, m, "总分", num_rec(a, u->total, p));
	if (c->weighted)
		set_checked(c, m, "加权分", num_rec(a, u->weighted, p));
	dec lost;
	if (dec_sub(u->full, u->total, &lost) == DEC_OK)
		set_checked(c, m, "扣分", num_rec(a, lost, p));
	set_checked(c, m, "等次", str_rec(a, u->band >= 0 ? c->bands[u->band].name : "", p));
	set_checked(c, m, "名次", int_rec(a, u->rank, p));
	rec *list = rec_new(a, REC_LIST, p);
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *t = &c->items[i];
		srcpos cp = u->cell[i] ? u->cell[i]->pos : p;
		rec *it = rec_new(a, REC_MAP, cp);
		rec_map_set(a, it, "序号", int_rec(a, (long)i + 1, cp));
		rec_map_set(a, it, "考核内容", str_rec(a, t->name, t->pos));
		rec_map_set(a, it, "分值", num_rec(a, u->max[i], cp));
		rec_map_set(a, it, "得分", num_rec(a, u->score[i], cp));
		if (dec_sub(u->max[i], u->score[i], &lost) == DEC_OK)
			rec_map_set(a, it, "扣分", num_rec(a, lost, cp));
		rec_map_set(a, it, "扣分说明", str_rec(a, u->note[i] ? u->note[i] : "", cp));
		rec_map_set(a, it, "评分标准", str_rec(a, t->crit, t->pos));
		if (c->weighted) {
			dec wt;
			rec_map_set(a, it, "权重", str_rec(a, arena_printf(a, "%s%%",
			    dstr(a, dec_trim(t->w))), t->pos));
			if (dec_round(u->wterm[i], c->places, &wt) == DEC_OK)
				rec_map_set(a, it, "加权得分", num_rec(a, wt, cp));
		}
		/* an item this unit is not assessed on (调整 to 分值 0) */
		rec *t2 = rec_new(a, REC_BOOL, cp);
		t2->b = dec_sign(u->max[i]) == 0;
		t2->s = t2->b ? "true" : "false";
		t2->len = strlen(t2->s);
		rec_map_set(a, it, "不考核", t2);
		rec_list_push(a, list, it);
	}
	rec_map_set(a, m, "考核项目", list);
}

static rec *
summary(struct calc *c, rec *unit_list)
{
	arena *a = c->a;
	srcpos p = c->scheme->pos;
	rec *s = rec_new(a, REC_MAP, p);
	char b[DEC_BUFSZ];
	size_t n = c->nunits;

	rec_map_set(a, s, "单位数", int_rec(a, (long)n, p));
	rec_map_set(a, s, "满分", num_rec(a, c->full, p));
	dec sum = dec_from_int(0), mx = c->units[0].basis, mn = c->units[0].basis, avg;
	for (size_t i = 0; i < n; i++) {
		if (dec_add(sum, c->units[i].basis, &sum) != DEC_OK)
			overflow(c, &c->units[i], "平均分");
		if (dec_cmp(c->units[i].basis, mx) > 0)
			mx = c->units[i].basis;
		if (dec_cmp(c->units[i].basis, mn) < 0)
			mn = c->units[i].basis;
	}
	if (dec_div(sum, dec_from_int((int64_t)n), c->places, &avg) == DEC_OK)
		rec_map_set(a, s, "平均分", num_rec(a, avg, p));
	rec_map_set(a, s, "最高分", num_rec(a, mx, p));
	rec_map_set(a, s, "最低分", num_rec(a, mn, p));
	rec_map_set(a, s, "单位", unit_list);

	/* 排名: by rank, ties in data order */
	rec *ranked = rec_new(a, REC_LIST, p);
	for (size_t i = 0; i < n; i++)
		rec_list_push(a, ranked, c->order[i]->map);
	rec_map_set(a, s, "排名", ranked);

	rec *bl = rec_new(a, REC_LIST, p);
	for (size_t k = 0; k < c->nbands; k++) {
		rec *bm = rec_new(a, REC_MAP, c->bands[k].pos);
		rec *ul = rec_new(a, REC_LIST, c->bands[k].pos);
		abuf names;
		abuf_init(&names, a);
		for (size_t i = 0; i < ranked->n; i++) {
			rec *um = ranked->v[i];
			const rec *g = rec_map_get(um, "等次");
			if (g && strcmp(g->s, c->bands[k].name) == 0) {
				abuf_printf(&names, "%s%s", ul->n ? "、" : "",
				    rec_map_get(um, "被考评单位")->s);
				rec_list_push(a, ul, um);
			}
		}
		rec_map_set(a, bm, "等次", str_rec(a, c->bands[k].name, c->bands[k].pos));
		rec_map_set(a, bm, "条件", str_rec(a, c->bands[k].text, c->bands[k].pos));
		rec_map_set(a, bm, "个数", int_rec(a, (long)ul->n, c->bands[k].pos));
		rec_map_set(a, bm, "名单", str_rec(a, names.len ? abuf_cstr(&names) : "",
		    c->bands[k].pos));
		rec_map_set(a, bm, "单位", ul);
		rec_list_push(a, bl, bm);
		rec_map_set(a, s, c->bands[k].name, bm);
	}
	rec_map_set(a, s, "等次", bl);

	rec *il = rec_new(a, REC_LIST, p);
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *t = &c->items[i];
		rec *im = rec_new(a, REC_MAP, t->pos);
		dec av;
		rec_map_set(a, im, "序号", int_rec(a, (long)i + 1, t->pos));
		rec_map_set(a, im, "考核内容", str_rec(a, t->name, t->pos));
		rec_map_set(a, im, "分值", num_rec(a, t->max, t->pos));
		rec_map_set(a, im, "评分标准", str_rec(a, t->crit, t->pos));
		if (c->weighted)
			rec_map_set(a, im, "权重", str_rec(a, arena_printf(a, "%s%%",
			    dstr(a, dec_trim(t->w))), t->pos));
		if (t->nsum && dec_div(t->sum, dec_from_int((int64_t)t->nsum), c->places, &av) ==
		    DEC_OK)
			rec_map_set(a, im, "平均得分", num_rec(a, av, t->pos));
		rec_list_push(a, il, im);
	}
	rec_map_set(a, s, "项目", il);
	(void)b;
	return s;
}

static void
dump_calc(struct calc *c, const rec *sum, FILE *f)
{
	char b1[DEC_BUFSZ], b2[DEC_BUFSZ];
	fprintf(f, "考核: %zu 项, 满分 %s, %s, %s形式, 单位 %s\n", c->nitems,
	    dec_format(c->full, b1), c->weighted ? "加权" : "不加权", c->long_form ? "长" : "宽",
	    c->key);
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *t = &c->items[i];
		fprintf(f, "项目 %zu %s: 分值 %s", i + 1, t->name, dec_format(t->max, b1));
		if (t->has_w)
			fprintf(f, ", 权重 %s%%", dec_format(dec_trim(t->w), b2));
		if (!c->long_form)
			fprintf(f, ", 列 %s", t->col);
		fputc('\n', f);
	}
	for (size_t k = 0; k < c->nbands; k++) {
		const struct band *b = &c->bands[k];
		fprintf(f, "等次 %s: %s%s%s\n", b->name, b->has_lo ? bound_text(c->a, b, true) : "",
		    b->has_lo && b->has_hi ? " 且 " : "", b->has_hi ? bound_text(c->a, b, false) : "");
	}
	for (size_t k = 0; k < c->nunits; k++) {
		struct unit *u = &c->units[k];
		fprintf(f, "单位 %zu %s (%s): 总分 %s", k + 1, u->name, pos_text(c->a, u->pos),
		    dec_format(u->total, b1));
		if (c->weighted)
			fprintf(f, ", 加权分 %s", dec_format(u->weighted, b1));
		fprintf(f, ", 满分 %s, 等次 %s, 名次 %d\n", dec_format(u->full, b1),
		    u->band >= 0 ? c->bands[u->band].name : "?", u->rank);
		for (size_t i = 0; i < c->nitems; i++) {
			fprintf(f, "  %s = %s / %s%s", c->items[i].name, dec_format(u->score[i], b1),
			    dec_format(u->max[i], b2), u->adjusted[i] ? " (调整)" : "");
			if (c->weighted)
				fprintf(f, " → %s", dec_format(dec_trim(u->wterm[i]), b1));
			fprintf(f, "  ← %s\n", u->cell[i] ? pos_text(c->a, u->cell[i]->pos) : "?");
		}
		fprintf(f, "  总分 ←");
		for (size_t i = 0; i < u->nsrc; i++)
			fprintf(f, " %s", pos_text(c->a, u->src[i]));
		fputc('\n', f);
	}
	fprintf(f, "%s: 单位数 %s, 平均分 %s, 最高分 %s, 最低分 %s\n", c->result,
	    rec_map_get(sum, "单位数")->s, rec_map_get(sum, "平均分") ?
	    rec_map_get(sum, "平均分")->s : "?", rec_map_get(sum, "最高分")->s,
	    rec_map_get(sum, "最低分")->s);
	const rec *bl = rec_map_get(sum, "等次");
	for (size_t k = 0; k < bl->n; k++)
		fprintf(f, "%s %s 个: %s\n", rec_map_get(bl->v[k], "等次")->s,
		    rec_map_get(bl->v[k], "个数")->s, rec_map_get(bl->v[k], "名单")->s);
	const rec *rk = rec_map_get(sum, "排名");
	fprintf(f, "排名:");
	for (size_t k = 0; k < rk->n; k++)
		fprintf(f, " %s %s", rec_map_get(rk->v[k], "名次")->s,
		    rec_map_get(rk->v[k], "被考评单位")->s);
	fputc('\n', f);
}

/* ---- the stage ------------------------------------------------------------ */

static const char *
opt_str(struct calc *c, const char *key, const char *def)
{
	const rec *r = rec_map_get(c->scheme, key);
	const char *s = scalar(r);
	if (r != NULL && utf8_blank(s)) {
		diag_error(r->pos, "考核: %s must be a name", key);
		c->failed = true;
		return def;
	}
	return s ? trimmed(c->a, s) : def;
}

/* A scheme given as a file name beside the template (file_confine: inside
 * its directory); loaded under the name the user sees, for the messages. */
static const rec *
scheme_file(arena *a, const rec *r, const char *root)
{
	if (root == NULL)
		root = ".";
	if (file_confine(a, root, r->s, r->pos, "考核") == NULL)
		return NULL;
	const char *full = strcmp(root, ".") ? arena_printf(a, "%s/%s", root, r->s) : r->s;
	rec *s = rec_load_file(a, full, NULL);
	if (s == NULL)
		return NULL;
	if (s->kind == REC_MAP && rec_map_get(s, "考核") != NULL)
		s = rec_map_get(s, "考核");
	return s;
}

/* The scheme's options, items, 满分 and bands; false when the scheme is not
 * a map (a shape error in a part of it sets c->failed instead). */
static bool
read_scheme(struct calc *c, const rec *scheme)
{
	if (scheme == NULL || scheme->kind != REC_MAP) {
		diag_error(scheme ? scheme->pos : NOPOS, "考核: give the scheme as a map "
		    "{项目: […], 等次: {…}} or the name of a YAML file beside the template");
		return false;
	}
	c->scheme = scheme;
	for (size_t i = 0; i < scheme->n; i++) {
		bool known = false;
		for (int j = 0; scheme_keys[j]; j++)
			known |= strcmp(scheme->k[i], scheme_keys[j]) == 0;
		if (!known)
			diag_warn(scheme->v[i]->pos, "考核: unknown key \"%s\" (数据, 单位, 项目, 等次, "
			    "满分, 调整, 形式, 项目列, 得分列, 说明列, 小数位, 结果)", scheme->k[i]);
	}
	c->key = opt_str(c, "单位", "单位");
	c->result = opt_str(c, "结果", "考核结果");
	c->col_item = opt_str(c, "项目列", "项目");
	c->col_score = opt_str(c, "得分列", "得分");
	c->col_note = opt_str(c, "说明列", "扣分说明");
	c->places = 2;
	const rec *pl = rec_map_get(scheme, "小数位");
	if (pl != NULL) {
		dec v;
		if (!scheme_num(c, pl, "小数位", &v) || !dec_is_int(v) || dec_sign(v) < 0 ||
		    dec_cmp(v, dec_from_int(6)) > 0) {
			if (!c->failed)
				diag_error(pl->pos, "考核: 小数位 is a whole number from 0 to 6");
			c->failed = true;
		} else {
			c->places = (int)(dec_trim(v).c);
		}
	}
	read_items(c, rec_map_get(scheme, "项目"));
	if (c->weighted) {
		c->full = dec_from_int(100);
	} else {
		c->full = dec_from_int(0);
		for (size_t i = 0; i < c->nitems; i++)
			dec_add(c->full, c->items[i].max, &c->full);
	}
	const rec *fr = rec_map_get(scheme, "满分");
	if (fr != NULL && scheme_num(c, fr, "满分", &c->full))
		c->has_full = true;
	read_bands(c, rec_map_get(scheme, "等次"));
	if (!c->failed)
		check_bands(c);
	return true;
}

/* The list of scores in the data: the one 数据 names, else the only list;
 * a non-empty list of records, or NULL after saying why.  *lp gets its name. */
static rec *
find_scores(struct calc *c, rec *data, const char **lp)
{
	const rec *scheme = c->scheme;
	rec *rows = NULL;
	*lp = opt_str(c, "数据", NULL);
	if (*lp != NULL) {
		rows = rec_path(data, *lp);
		if (rows == NULL || rows->kind != REC_LIST) {
			diag_error(rec_map_get(scheme, "数据")->pos, "考核: 数据 %s: the data has no "
			    "list of that name", *lp);
			return NULL;
		}
	} else {
		for (size_t i = 0; data && i < data->n; i++)
			if (data->v[i]->kind == REC_LIST) {
				if (rows != NULL) {
					diag_error(scheme->pos, "考核: the data has several lists; name the "
					    "one with the scores with 数据: …");
					return NULL;
				}
				rows = data->v[i];
				*lp = data->k[i];
			}
		if (rows == NULL) {
			diag_error(scheme->pos, "考核: the data has no list of scores; give one with "
			    "--data 单位=scores.csv and name it with 数据: 单位");
			return NULL;
		}
	}
	if (rows->n == 0) {
		diag_error(rows->pos, "考核: the list %s is empty", *lp);
		return NULL;
	}
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i]->kind != REC_MAP) {
			diag_error(rows->v[i]->pos, "考核: item %zu of %s is not a record with fields",
			    i + 1, *lp);
			return NULL;
		}
	return rows;
}

/* 形式: 宽 (a column per item) or 长 (a row per unit and item), given or
 * guessed from the first row's columns. */
static bool
choose_form(struct calc *c, const rec *first)
{
	const char *form = opt_str(c, "形式", NULL);
	if (form != NULL && strcmp(form, "宽") && strcmp(form, "长")) {
		diag_error(rec_map_get(c->scheme, "形式")->pos, "考核: 形式 is 宽 (a column per item) "
		    "or 长 (a row per unit and item), not %s", form);
		return false;
	}
	if (form != NULL)
		c->long_form = strcmp(form, "长") == 0;
	else
		c->long_form = rec_map_get(first, c->items[0].col) == NULL &&
		    rec_map_get(first, c->col_item) != NULL &&
		    rec_map_get(first, c->col_score) != NULL;
	return true;
}

/* Each unit's 等次 from its 总分 (or 加权分); a unit in no band is an error. */
static void
band_units(struct calc *c)
{
	for (size_t k = 0; k < c->nunits; k++) {
		struct unit *u = &c->units[k];
		char b1[DEC_BUFSZ], b2[DEC_BUFSZ];
		if (!c->weighted && dec_cmp(u->full, c->full) != 0)
			diag_warn(u->pos, "the items of %s add up to %s, not 满分 %s; its 等次 is "
			    "still read from the bands", u->name, dec_format(u->full, b1),
			    dec_format(c->full, b2));
		u->band = band_of(c, u->basis);
		if (u->band < 0) {
			diag_error(u->pos, "%s: %s %s is in no band of 等次", u->name,
			    c->weighted ? "加权分" : "总分", dec_format(u->basis, b1));
			c->failed = true;
		}
	}
}

/* The list the summary counts: the score rows themselves in the wide form,
 * one new record per unit in the long form. */
static rec *
unit_list(struct calc *c, rec *rows)
{
	if (!c->long_form)
		return rows;
	rec *ul = rec_new(c->a, REC_LIST, rows->pos);
	for (size_t k = 0; k < c->nunits; k++)
		rec_list_push(c->a, ul, c->units[k].map);
	return ul;
}

bool
calc_run(arena *a, const rec *scheme, const char *root_dir, rec *data, FILE *dump)
{
	struct calc C;
	struct calc *c = &C;
	memset(c, 0, sizeof C);
	c->a = a;
	if (scheme != NULL && scheme->kind == REC_STR) {
		scheme = scheme_file(a, scheme, root_dir);
		if (scheme == NULL)
			return false;
	}
	if (!read_scheme(c, scheme))
		return false;
	const char *lp;
	rec *rows = find_scores(c, data, &lp);
	if (rows == NULL)
		return false;
	c->list_path = lp;
	if (c->failed || !choose_form(c, rows->v[0]))
		return false;
	if (!(c->long_form ? load_long(c, rows) : load_wide(c, rows)))
		return false;
	read_adjust(c, rec_map_get(scheme, "调整"));
	check_blanks(c);
	/* even after an error: every score out of range is reported too */
	for (size_t k = 0; k < c->nunits; k++)
		compute_unit(c, &c->units[k]);
	if (c->failed)
		return false;
	band_units(c);
	if (c->failed)
		return false;
	rank_units(c);
	for (size_t k = 0; k < c->nunits; k++)
		fill_unit(c, &c->units[k]);
	rec *sum = summary(c, unit_list(c, rows));
	if (c->failed)
		return false;
	if (rec_map_get(data, c->result) != NULL) {
		diag_error(scheme->pos, "考核: the data already has %s; name the summary "
		    "with 结果: …", c->result);
		return false;
	}
	rec_map_set(a, data, c->result, sum);
	if (dump)
		dump_calc(c, sum, dump);
	return true;
}

/* Does the front matter mention 考核 at all?  (Parsing it is cheap, but a
 * template without a scheme need not be parsed twice.) */
static bool
mentions_scheme(const char *s, size_t n)
{
	return memmem(s, n, "考核", strlen("考核")) != NULL;
}

bool
calc_apply(arena *a, const char *tmpl_path, const char *text, size_t len,
           const char *root_dir, rec *data, FILE *dump)
{
	size_t fo, fl, bo;
	int fline, bline;
	bool ok = true;
	if (!tmpl_split_front(tmpl_path, text, len, &fo, &fl, &fline, &bo, &bline, &ok))
		return ok;
	if (!mentions_scheme(text + fo, fl))
		return true;
	rec *front = rec_yaml_parse(a, tmpl_path, text + fo, fl, fline);
	if (front == NULL)
		return false;
	const rec *s = front->kind == REC_MAP ? rec_map_get(front, "考核") : NULL;
	if (s == NULL)
		return true;
	return calc_run(a, s, root_dir, data, dump);
}
