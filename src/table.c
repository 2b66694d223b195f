/* table.c — tables: spec, data binding, merges, widths, lines, page parts,
 * drawing (see table.h).  No fonts, no pages: metrics come from a callback,
 * drawing goes to a sink, so every step is unit-tested on its own. */
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dl.h"      /* MM: points per millimetre */
#include "file.h"
#include "suggest.h"
#include "tmpl.h"
#include "utf8.h"

/* ---- small helpers ------------------------------------------------------- */

/* The nearest of cands to want, when near enough ("did you mean"). */
static const char *
nearest(const char *want, const char *const *cands, size_t n)
{
	suggest sg;
	suggest_init(&sg, want);
	for (size_t i = 0; i < n; i++)
		suggest_offer(&sg, cands[i]);
	return suggest_result(&sg);
}

/* ---- parse --------------------------------------------------------------- */

static const char *const top_keys[] = {
	"数据", "行", "横排", "字号", "表头重复", "序号", "分组", "分组行", "合计", "列", "线宽",
};
static const char *const col_keys[] = {
	"标题", "组", "值", "宽", "对齐", "合并", "合计",
};

static bool
check_keys(const rec *m, const char *const *known, size_t nk, const char *what)
{
	bool ok = true;
	for (size_t i = 0; i < m->n; i++) {
		bool found = false;
		for (size_t j = 0; j < nk; j++)
			if (strcmp(m->k[i], known[j]) == 0)
				found = true;
		if (found)
			continue;
		const char *near = nearest(m->k[i], known, nk);
		if (near)
			diag_error(m->v[i]->pos, "%s: unknown key \"%s\"; did you mean %s?",
			    what, m->k[i], near);
		else
			diag_error(m->v[i]->pos, "%s: unknown key \"%s\"", what, m->k[i]);
		ok = false;
	}
	return ok;
}

static bool
get_bool(const rec *r, bool *out, const char *key)
{
	if (r->kind == REC_BOOL) {
		*out = r->b;
		return true;
	}
	if (r->kind == REC_STR) {
		static const char *const yes[] = { "true", "是", "yes", "on" };
		static const char *const no[] = { "false", "否", "no", "off" };
		for (size_t i = 0; i < 4; i++) {
			if (strcmp(r->s, yes[i]) == 0) { *out = true; return true; }
			if (strcmp(r->s, no[i]) == 0) { *out = false; return true; }
		}
	}
	diag_error(r->pos, "%s: expected true or false (是/否)", key);
	return false;
}

static const char *
get_str(const rec *r, const char *key)
{
	if (r->kind == REC_STR && r->len > 0)
		return r->s;
	diag_error(r->pos, "%s: expected a text", key);
	return NULL;
}

/* 字号: 3号 小3号 4号 小4号 5号 小5号, or a number of pt. */
static bool
parse_size(const rec *r, double *out)
{
	static const struct { const char *n; double pt; } sizes[] = {
		{ "3号", 16 }, { "小3号", 15 }, { "4号", 14 }, { "小4号", 12 },
		{ "5号", 10.5 }, { "小5号", 9 }, { "三号", 16 }, { "四号", 14 },
		{ "小四号", 12 }, { "五号", 10.5 }, { "小五号", 9 },
	};
	if (r->kind == REC_STR) {
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
			if (strcmp(r->s, sizes[i].n) == 0) {
				*out = sizes[i].pt;
				return true;
			}
		char *end;
		double v = strtod(r->s, &end);
		if (end != r->s && (*end == '\0' || strcmp(end, "pt") == 0) && v >= 7 && v <= 22) {
			*out = v;
			return true;
		}
	}
	diag_error(r->pos, "字号: \"%s\" is not a size; write 3号, 小3号, 4号, 小4号, 5号, 小5号 "
	    "or a number of points from 7 to 22", r->kind == REC_STR ? r->s : "");
	return false;
}

/* 宽: 30mm, 20%, 自动 */
static bool
parse_width(const rec *r, tbl_col *c)
{
	c->wpos = r->pos;
	if (r->kind == REC_STR) {
		char *end;
		if (strcmp(r->s, "自动") == 0 || strcmp(r->s, "auto") == 0) {
			c->wkind = TW_AUTO;
			return true;
		}
		double v = strtod(r->s, &end);
		if (end != r->s && v > 0) {
			while (*end == ' ')
				end++;
			if (strcmp(end, "mm") == 0 || strcmp(end, "毫米") == 0) {
				c->wkind = TW_MM;
				c->wval = v;
				return true;
			}
			if (strcmp(end, "%") == 0 || strcmp(end, "％") == 0) {
				c->wkind = TW_PCT;
				c->wval = v;
				return true;
			}
		}
	}
	diag_error(r->pos, "宽: \"%s\" is not a width; write 30mm, 20%% or 自动",
	    r->kind == REC_STR ? r->s : "");
	return false;
}

/* 值 that is exactly {{name}}: the field name, else NULL. */
static const char *
simple_field(arena *a, const char *v)
{
	size_t n = strlen(v);
	if (n < 5 || memcmp(v, "{{", 2) != 0 || memcmp(v + n - 2, "}}", 2) != 0)
		return NULL;
	size_t b = 2, e = n - 2;
	while (b < e && v[b] == ' ')
		b++;
	while (e > b && v[e - 1] == ' ')
		e--;
	if (b == e)
		return NULL;
	for (size_t i = b; i < e; i++)
		if (strchr("{}|#^/>!&@ ", v[i]) != NULL)
			return NULL;
	return arena_strndup(a, v + b, e - b);
}

static bool
parse_col(arena *a, tbl_col *c, const rec *m)
{
	bool ok = true;
	const rec *r;

	c->pos = m->pos;
	if (m->kind == REC_STR) {       /* shorthand: - 企业名称 */
		c->title = m->s;
		return true;
	}
	if (m->kind != REC_MAP) {
		diag_error(m->pos, "列: each column is a title or {标题: …, 值: …, 宽: …}");
		return false;
	}
	ok = check_keys(m, col_keys, sizeof col_keys / sizeof col_keys[0], "列") && ok;
	if ((r = rec_map_get(m, "标题")) == NULL) {
		diag_error(m->pos, "列: a column needs a 标题");
		return false;
	}
	if ((c->title = get_str(r, "标题")) == NULL)
		ok = false;
	if ((r = rec_map_get(m, "组")) != NULL && (c->group = get_str(r, "组")) == NULL)
		ok = false;
	if ((r = rec_map_get(m, "值")) != NULL) {
		if (r->kind != REC_STR) {
			diag_error(r->pos, "值: expected a template such as \"{{企业名称}}\"");
			ok = false;
		} else {
			c->value = r->s;
			c->vpos = r->pos;
			c->field = simple_field(a, r->s);
		}
	}
	if ((r = rec_map_get(m, "宽")) != NULL && !parse_width(r, c))
		ok = false;
	if ((r = rec_map_get(m, "对齐")) != NULL) {
		static const struct { const char *n; int v; } al[] = {
			{ "左", TA_LEFT }, { "中", TA_CENTER }, { "居中", TA_CENTER },
			{ "右", TA_RIGHT }, { "自动", TA_AUTO },
		};
		static const struct { const char *n; int v; } va[] = {
			{ "", TV_MIDDLE }, { "上", TV_TOP }, { "中", TV_MIDDLE }, { "下", TV_BOTTOM },
		};
		bool found = false;
		for (size_t i = 0; i < 5 && r->kind == REC_STR && !found; i++)
			for (size_t k = 0; k < 4 && !found; k++)
				if (strncmp(r->s, al[i].n, strlen(al[i].n)) == 0 &&
				    strcmp(r->s + strlen(al[i].n), va[k].n) == 0) {
					c->align = al[i].v;
					c->valign = va[k].v;
					found = true;
				}
		if (!found) {
			diag_error(r->pos, "对齐: write 左, 中 or 右, and 上 or 下 after it for the "
			    "top or the bottom of the cell (左上); cells are centred vertically");
			ok = false;
		}
	}
	if ((r = rec_map_get(m, "合并")) != NULL) {
		const rec *how = r, *by = NULL;
		if (r->kind == REC_MAP) {
			for (size_t i = 0; i < r->n; i++)
				if (strcmp(r->k[i], "方式") && strcmp(r->k[i], "按")) {
					diag_error(r->v[i]->pos, "合并: unknown key \"%s\" (方式, 按)", r->k[i]);
					ok = false;
				}
			how = rec_map_get(r, "方式");
			by = rec_map_get(r, "按");
			if (how == NULL) {
				diag_error(r->pos, "合并: {方式: 同上, 按: 列名} needs 方式");
				return false;
			}
		}
		bool b;
		if (how->kind == REC_STR && strcmp(how->s, "同上") == 0)
			c->merge = TM_BLANK;
		else if (how->kind == REC_STR && strcmp(how->s, "相同") == 0)
			c->merge = TM_EQUAL;
		else if (how->kind == REC_BOOL || (how->kind == REC_STR &&
		    (strcmp(how->s, "true") == 0 || strcmp(how->s, "false") == 0))) {
			if (get_bool(how, &b, "合并"))
				c->merge = b ? TM_EQUAL : TM_NONE;
		} else {
			diag_error(how->pos, "合并: write 同上 (a blank cell continues the one "
			    "above) or 相同 (equal values merge)");
			ok = false;
		}
		if (by != NULL && (c->merge_by = get_str(by, "按")) == NULL)
			ok = false;
	}
	if ((r = rec_map_get(m, "合计")) != NULL && !get_bool(r, &c->sum, "合计"))
		ok = false;
	return ok;
}

/* 分组行: {空: field, 值: template}. */
static bool
parse_group_rows(tbl *t, const rec *r)
{
	bool ok = true;

	t->grow_pos = r->pos;
	const rec *e = r->kind == REC_MAP ? rec_map_get(r, "空") : NULL;
	const rec *v = r->kind == REC_MAP ? rec_map_get(r, "值") : NULL;
	if (e == NULL || v == NULL || e->kind != REC_STR || v->kind != REC_STR) {
		diag_error(r->pos, "分组行: write {空: 字段, 值: \"{{序号}}、{{名称}}\"}: a row "
		    "whose 字段 is empty is a group row showing 值 across the table");
		ok = false;
	} else {
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(r->k[i], "空") && strcmp(r->k[i], "值")) {
				diag_error(r->v[i]->pos, "分组行: unknown key \"%s\" (空, 值)", r->k[i]);
				ok = false;
			}
		t->grow_empty = e->s;
		t->grow_value = v->s;
		t->grow_pos = v->pos;
	}
	return ok;
}

/* 线宽: 0.5 (every rule) or [0.5, 1] (inside, outside), pt. */
static bool
parse_rules(tbl *t, const rec *r)
{
	double v[2] = { 0, 0 };
	size_t nv = r->kind == REC_LIST ? r->n : 1;
	bool good = nv >= 1 && nv <= 2;
	for (size_t i = 0; good && i < nv; i++) {
		const rec *x = r->kind == REC_LIST ? r->v[i] : r;
		char *end;
		v[i] = x->kind == REC_STR ? strtod(x->s, &end) : 0;
		good = x->kind == REC_STR && end != x->s &&
		    (*end == '\0' || strcmp(end, "pt") == 0) && v[i] >= 0.1 && v[i] <= 3;
	}
	if (!good) {
		diag_error(r->pos, "线宽: write 0.5 (every rule) or [0.5, 1] (inside, "
		    "outside), in points from 0.1 to 3");
		return false;
	}
	t->rule_in = v[0];
	t->rule_out = nv == 2 ? v[1] : v[0];
	return true;
}

tbl *
tbl_parse(arena *a, const char *file, const char *text, size_t n, int first_line)
{
	int errors = diag_count(DIAG_ERROR);
	rec *m = rec_yaml_parse(a, file, text, n, first_line);
	srcpos at = pos_at(file, first_line, 1);
	tbl *t;
	const rec *r;
	bool ok = true;

	if (m == NULL)
		return NULL;
	if (m->kind != REC_MAP) {
		diag_error(at, "table: the ```table block holds 数据: and 列: (YAML)");
		return NULL;
	}
	t = arena_alloc(a, sizeof *t);
	t->pos = at;
	t->size = 14;
	t->repeat_head = true;
	ok = check_keys(m, top_keys, sizeof top_keys / sizeof top_keys[0], "table");
	r = rec_map_get(m, "数据");
	if (r == NULL)
		r = rec_map_get(m, "行");
	if (r == NULL) {
		diag_error(at, "table: no 数据: (a list in the data, or a CSV file beside the template)");
		ok = false;
	} else if ((t->data = get_str(r, "数据")) != NULL) {
		t->data_pos = r->pos;
	} else {
		ok = false;
	}
	if ((r = rec_map_get(m, "横排")) != NULL && !get_bool(r, &t->landscape, "横排"))
		ok = false;
	if ((r = rec_map_get(m, "字号")) != NULL && !parse_size(r, &t->size))
		ok = false;
	if ((r = rec_map_get(m, "表头重复")) != NULL && !get_bool(r, &t->repeat_head, "表头重复"))
		ok = false;
	if ((r = rec_map_get(m, "序号")) != NULL) {
		bool b;
		if (r->kind == REC_BOOL || (r->kind == REC_STR && strcmp(r->s, "true") == 0)) {
			if (get_bool(r, &b, "序号") && b)
				t->numbering = "序号";
		} else if ((t->numbering = get_str(r, "序号")) == NULL) {
			ok = false;
		}
	}
	if ((r = rec_map_get(m, "分组")) != NULL) {
		t->group_pos = r->pos;
		if ((t->group_by = get_str(r, "分组")) == NULL)
			ok = false;
	}
	if ((r = rec_map_get(m, "分组行")) != NULL && !parse_group_rows(t, r))
		ok = false;
	if ((r = rec_map_get(m, "合计")) != NULL && (t->total = get_str(r, "合计")) == NULL)
		ok = false;
	if ((r = rec_map_get(m, "线宽")) != NULL && !parse_rules(t, r))
		ok = false;
	r = rec_map_get(m, "列");
	if (r == NULL || r->kind != REC_LIST || r->n == 0) {
		diag_error(r ? r->pos : at, "table: 列: must list the columns (- 标题: …)");
		return NULL;
	}
	size_t extra = t->numbering ? 1 : 0;
	t->ncols = r->n + extra;
	t->cols = arena_alloc(a, t->ncols * sizeof *t->cols);
	if (extra) {
		t->cols[0].title = t->numbering;
		t->cols[0].numbering = true;
		t->cols[0].pos = at;
	}
	for (size_t i = 0; i < r->n; i++)
		if (!parse_col(a, &t->cols[i + extra], r->v[i]))
			ok = false;
	/* widths: fixed mm are checked against the frame in tbl_measure */
	double pct = 0;
	srcpos last = at;
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].wkind == TW_PCT) {
			pct += t->cols[i].wval;
			last = t->cols[i].wpos;
		}
	if (pct > 100.0 + 1e-9) {
		diag_error(last, "宽: the columns' widths add up to %g%%, over 100%%", pct);
		ok = false;
	}
	bool any_sum = false;
	for (size_t i = 0; i < t->ncols; i++)
		any_sum |= t->cols[i].sum;
	if (any_sum && t->total == NULL)
		t->total = "合计";
	if (!ok || diag_count(DIAG_ERROR) > errors)
		return NULL;
	return t;
}

/* ---- rows ---------------------------------------------------------------- */

tbl_cell *
tbl_add_row(arena *a, tbl *t, int kind, srcpos pos)
{
	tbl_row *r = ARENA_PUSH(a, t->rows, t->nrows, t->caprows);
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->pos = pos;
	r->c = arena_alloc(a, t->ncols * sizeof *r->c);
	for (size_t j = 0; j < t->ncols; j++) {
		r->c[j].text = "";
		r->c[j].rowspan = 1;
		r->c[j].colspan = 1;
		r->c[j].pos = pos;
		r->c[j].face = kind == TR_BODY ? TF_BODY : TF_HEAD;
		r->c[j].ar = t->nrows - 1;
		r->c[j].ac = j;
	}
	if (kind == TR_HEAD)
		t->nhead = t->nrows;
	return r->c;
}

tbl *
tbl_new_static(arena *a, size_t ncols, srcpos pos)
{
	tbl *t = arena_alloc(a, sizeof *t);
	t->pos = pos;
	t->size = 14;
	t->repeat_head = true;
	t->ncols = ncols;
	t->cols = arena_alloc(a, (ncols ? ncols : 1) * sizeof *t->cols);
	for (size_t j = 0; j < ncols; j++)
		t->cols[j].pos = pos;
	return t;
}

void
tbl_static_align(tbl *t, size_t col, int align)
{
	if (col < t->ncols)
		t->cols[col].align = align;
}

/* Span cells: cells [j+1, j+k) of row r covered by cell j. */
static void
span_cols(tbl *t, size_t r, size_t j, size_t k)
{
	tbl_row *row = &t->rows[r];
	row->c[j].colspan = (int)k;
	for (size_t i = j + 1; i < j + k && i < t->ncols; i++) {
		row->c[i].colspan = 0;
		row->c[i].ac = j;
	}
}

static void
head_rows(arena *a, tbl *t)
{
	bool groups = false;
	for (size_t j = 0; j < t->ncols; j++)
		groups |= t->cols[j].group != NULL;
	tbl_cell *h0 = tbl_add_row(a, t, TR_HEAD, t->pos);
	if (!groups) {
		for (size_t j = 0; j < t->ncols; j++) {
			h0[j].text = t->cols[j].title;
			h0[j].pos = t->cols[j].pos;
		}
		return;
	}
	tbl_cell *h1 = tbl_add_row(a, t, TR_HEAD, t->pos);
	for (size_t j = 0; j < t->ncols; ) {
		const char *g = t->cols[j].group;
		if (g == NULL) {
			h0[j].text = t->cols[j].title;
			h0[j].pos = t->cols[j].pos;
			h0[j].rowspan = 2;
			h1[j].rowspan = 0;
			h1[j].ar = 0;
			j++;
			continue;
		}
		size_t k = j;
		while (k < t->ncols && t->cols[k].group && strcmp(t->cols[k].group, g) == 0) {
			h1[k].text = t->cols[k].title;
			h1[k].pos = t->cols[k].pos;
			k++;
		}
		h0[j].text = g;
		h0[j].pos = t->cols[j].pos;
		span_cols(t, 0, j, k - j);
		j = k;
	}
}

/* ---- exact decimal sums -------------------------------------------------- */

struct dsum { long long v; int scale; bool bad; };

static bool
dsum_add(struct dsum *s, const char *txt)
{
	const char *p = txt;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return true;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	long long m = 0;
	int sc = 0;
	bool dot = false, dig = false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (m > 100000000000000LL)
				return false;
			m = m * 10 + (*p - '0');
			if (dot)
				sc++;
			dig = true;
		} else if (*p == '.' && !dot) {
			dot = true;
		} else if (*p == ',' && !dot) {
			continue;
		} else if (*p == ' ') {
			continue;
		} else {
			return false;
		}
	}
	if (!dig || sc > 6)
		return false;
	if (neg)
		m = -m;
	while (s->scale < sc) {
		s->v *= 10;
		s->scale++;
	}
	while (sc < s->scale) {
		m *= 10;
		sc++;
	}
	s->v += m;
	return true;
}

static const char *
dsum_text(arena *a, const struct dsum *s)
{
	long long v = s->v < 0 ? -s->v : s->v, p = 1;
	for (int i = 0; i < s->scale; i++)
		p *= 10;
	if (s->scale == 0)
		return arena_printf(a, "%s%lld", s->v < 0 ? "-" : "", v);
	return arena_printf(a, "%s%lld.%0*lld", s->v < 0 ? "-" : "", v / p, s->scale, v % p);
}

/* ---- bind ---------------------------------------------------------------- */

static const rec *
find_data(arena *a, tbl *t, const rec *ctx, const char *root_dir)
{
	const rec *r = ctx ? rec_path(ctx, t->data) : NULL;
	if (r != NULL) {
		if (r->kind != REC_LIST) {
			diag_error(t->data_pos, "数据: %s is not a list of rows", t->data);
			return NULL;
		}
		return r;
	}
	static const char *const ext[] = { "", ".csv", ".json", ".yaml", ".yml", ".xlsx" };
	const char *sheet;   /* 表.xlsx#评分: a sheet of a workbook */
	const char *base = rec_split_sheet(a, t->data, &sheet);
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		const char *rel = arena_printf(a, "%s%s", base, ext[i]);
		const char *p = arena_printf(a, "%s/%s", root_dir ? root_dir : ".", rel);
		struct stat st;
		if (stat(p, &st) == 0) {
			/* beside the template, never outside its directory */
			if (file_confine(a, root_dir ? root_dir : ".", rel, t->data_pos, "数据") == NULL)
				return NULL;
			rec *f = rec_load_file(a, sheet ? arena_printf(a, "%s#%s", p, sheet) : p, NULL);
			if (f == NULL)
				return NULL;
			if (f->kind == REC_MAP && f->n == 1 && f->v[0]->kind == REC_LIST)
				f = f->v[0];
			if (f->kind != REC_LIST) {
				diag_error(t->data_pos, "数据: %s does not hold a list of rows", t->data);
				return NULL;
			}
			return f;
		}
	}
	diag_error(t->data_pos, "数据: no list \"%s\" in the data and no file %s.csv beside "
	    "the template", t->data, t->data);
	return NULL;
}

static const char *
scalar_text(const rec *v)
{
	if (v == NULL || v->kind == REC_NULL)
		return "";
	if (v->kind == REC_STR || v->kind == REC_BOOL)
		return v->s ? v->s : "";
	return NULL;
}

static const char *
row_where(arena *a, const rec *row)
{
	if (row->pos.file && row->pos.line > 0)
		return arena_printf(a, " (row at %s:%d)", row->pos.file, row->pos.line);
	if (row->pos.path)
		return arena_printf(a, " (row %s)", row->pos.path);
	return "";
}

/* Expand a cell template for one row. */
static const char *
cell_value(arena *a, const char *tmpl, const char *field, srcpos vpos,
           const rec *row, const rec *ctx, const char *root_dir, size_t number,
           bool *ok)
{
	if (field != NULL) {
		const rec *v = rec_path(row, field);
		if (v == NULL && strcmp(field, "序号") == 0 && number > 0)
			return arena_printf(a, "%zu", number);
		if (v == NULL && ctx)
			v = rec_path(ctx, field);
		if (v == NULL) {
			const char *near = row->kind == REC_MAP ?
			    nearest(field, row->k, row->n) : NULL;
			diag_error(vpos, "no field %s in the row%s%s%s%s", field,
			    row_where(a, row), near ? "; did you mean " : "", near ? near : "",
			    near ? "?" : "");
			*ok = false;
			return "";
		}
		const char *s = scalar_text(v);
		if (s == NULL) {
			diag_error(vpos, "%s is a list or a map, not a value%s", field, row_where(a, row));
			*ok = false;
			return "";
		}
		return s;
	}
	rec *m = rec_new(a, REC_MAP, row->pos);
	if (ctx && ctx->kind == REC_MAP)
		rec_merge(a, m, ctx);
	if (row->kind == REC_MAP)
		rec_merge(a, m, row);
	if (number > 0 && rec_map_get(m, "序号") == NULL)
		rec_map_set(a, m, "序号", rec_new_str(a, arena_printf(a, "%zu", number), 0, vpos));
	tmpl_opts o = { root_dir, false, false };
	int errs = diag_count(DIAG_ERROR);
	const char *s = tmpl_expand(a, tmpl, strlen(tmpl), vpos, m, &o, NULL, NULL);
	if (s == NULL) {
		if (diag_count(DIAG_ERROR) > errs && row->pos.file)
			diag_note(row->pos, "in this row of the table's data");
		*ok = false;
		return "";
	}
	return s;
}

bool
tbl_bind(arena *a, tbl *t, const rec *ctx, const char *root_dir)
{
	bool ok = true;
	const rec *rows = find_data(a, t, ctx, root_dir);
	if (rows == NULL)
		return false;
	/* default 值: {{标题}} */
	for (size_t j = 0; j < t->ncols; j++)
		if (!t->cols[j].numbering && t->cols[j].value == NULL) {
			t->cols[j].value = arena_printf(a, "{{%s}}", t->cols[j].title);
			t->cols[j].field = t->cols[j].title;
			t->cols[j].vpos = t->cols[j].pos;
		}
	head_rows(a, t);
	const char *prev_group = NULL;
	size_t number = 0;
	struct dsum *sums = arena_alloc(a, t->ncols * sizeof *sums);
	for (size_t i = 0; i < rows->n && ok; i++) {
		const rec *row = rows->v[i];
		if (row->kind != REC_MAP) {
			diag_error(row->pos, "数据: row %zu is not a record of fields", i + 1);
			return false;
		}
		if (t->group_by) {
			const rec *g = rec_path(row, t->group_by);
			if (g == NULL) {
				diag_error(t->group_pos, "分组: no field %s in the row%s", t->group_by,
				    row_where(a, row));
				return false;
			}
			const char *gs = scalar_text(g);
			if (gs && !utf8_blank(gs) && (prev_group == NULL || strcmp(gs, prev_group) != 0)) {
				tbl_cell *c = tbl_add_row(a, t, TR_GROUP, row->pos);
				t->rows[t->nrows - 1].data = row;
				c[0].text = gs;
				c[0].pos = g->pos;
				span_cols(t, t->nrows - 1, 0, t->ncols);
				prev_group = gs;
			}
		}
		if (t->grow_empty) {
			const rec *e = rec_path(row, t->grow_empty);
			if (e == NULL) {
				diag_error(t->grow_pos, "分组行: no field %s in the row%s", t->grow_empty,
				    row_where(a, row));
				return false;
			}
			if (utf8_blank(scalar_text(e))) {
				tbl_cell *c = tbl_add_row(a, t, TR_GROUP, row->pos);
				t->rows[t->nrows - 1].data = row;
				c[0].text = cell_value(a, t->grow_value, NULL, t->grow_pos, row, ctx,
				    root_dir, 0, &ok);
				c[0].pos = t->grow_pos;
				span_cols(t, t->nrows - 1, 0, t->ncols);
				continue;
			}
		}
		number++;
		tbl_cell *c = tbl_add_row(a, t, TR_BODY, row->pos);
		t->rows[t->nrows - 1].data = row;
		for (size_t j = 0; j < t->ncols; j++) {
			tbl_col *col = &t->cols[j];
			if (col->numbering) {
				c[j].text = arena_printf(a, "%zu", number);
				continue;
			}
			c[j].text = cell_value(a, col->value, col->field, col->vpos, row, ctx,
			    root_dir, number, &ok);
			c[j].pos = col->vpos;
			if (col->sum && !sums[j].bad && !dsum_add(&sums[j], c[j].text)) {
				diag_error(col->vpos, "合计: \"%s\" is not a number%s", c[j].text,
				    row_where(a, row));
				sums[j].bad = true;
				ok = false;
			}
		}
	}
	if (!ok)
		return false;
	if (t->total) {
		tbl_cell *c = tbl_add_row(a, t, TR_TOTAL, t->pos);
		size_t first = t->ncols;
		for (size_t j = 0; j < t->ncols; j++)
			if (t->cols[j].sum) {
				c[j].text = dsum_text(a, &sums[j]);
				if (first == t->ncols)
					first = j;
			}
		for (size_t j = 1; j < t->ncols; j++)
			c[j].face = TF_BODY;
		c[0].text = t->total;
		if (first > 1)
			span_cols(t, t->nrows - 1, 0, first);
	}
	tbl_merge(t);
	return true;
}

/* ---- merges -------------------------------------------------------------- */

/* The key of row r for a merge "按" name: the column with that title (its
 * text, blank = as above), else the data field. */
static const char *
key_of(const tbl *t, size_t r, const char *by)
{
	for (size_t j = 0; j < t->ncols; j++)
		if (t->cols[j].title && strcmp(t->cols[j].title, by) == 0) {
			const tbl_cell *c = &t->rows[r].c[j];
			const tbl_cell *an = &t->rows[c->ar].c[c->ac];
			return an->text;
		}
	const rec *v = t->rows[r].data ? rec_path(t->rows[r].data, by) : NULL;
	const char *s = scalar_text(v);
	return s ? s : "";
}

void
tbl_merge(tbl *t)
{
	const char **keys = NULL;
	size_t nk = 0;
	/* columns that others key on first, so their anchors are known */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t j = 0; j < t->ncols; j++) {
			tbl_col *col = &t->cols[j];
			if (col->merge == TM_NONE)
				continue;
			bool is_key = false;
			for (size_t k = 0; k < t->ncols; k++)
				if (t->cols[k].merge_by && col->title &&
				    strcmp(t->cols[k].merge_by, col->title) == 0)
					is_key = true;
			if ((pass == 0) != is_key)
				continue;
			size_t anchor = (size_t)-1;
			const char *akey = NULL, *carry = "";
			(void)keys; (void)nk;
			for (size_t r = t->nhead; r < t->nrows; r++) {
				tbl_row *row = &t->rows[r];
				if (row->kind != TR_BODY) {
					anchor = (size_t)-1;
					carry = "";
					continue;
				}
				const char *key = NULL;
				if (col->merge_by) {
					key = key_of(t, r, col->merge_by);
					if (utf8_blank(key))
						key = carry;     /* a blank key continues the one above */
					else
						carry = key;
				}
				tbl_cell *c = &row->c[j];
				bool join = false;
				if (anchor != (size_t)-1 && c->colspan == 1 &&
				    (col->merge_by == NULL || strcmp(key, akey) == 0)) {
					tbl_cell *an = &t->rows[anchor].c[j];
					if (col->merge == TM_BLANK)
						join = utf8_blank(c->text);
					else
						join = !utf8_blank(c->text) && strcmp(c->text, an->text) == 0;
				}
				if (join) {
					t->rows[anchor].c[j].rowspan++;
					c->rowspan = 0;
					c->ar = anchor;
				} else {
					anchor = r;
					akey = key;
				}
			}
		}
	}
}

/* ---- measure ------------------------------------------------------------- */

static void
cell_chars(arena *a, tbl_cell *c, double size, tbl_adv_fn adv, void *ctx)
{
	size_t n = strlen(c->text), i = 0, k = 0;
	uint32_t cp;
	size_t ncp = utf8_count(c->text, n);
	c->ch = arena_alloc(a, (ncp ? ncp : 1) * sizeof *c->ch);
	bool brk = false;
	/* leading and trailing white space is not shown */
	while (i < n) {
		i += utf8_decode((const unsigned char *)c->text + i, n - i, &cp);
		if (cp == '\r' || k >= ncp)
			continue;
		if (cp == '\n') {
			brk = k > 0;
			continue;
		}
		if (cp == UTF8_BAD || utf8_is_zero_width(cp))
			continue;
		if (cp == '\t' || utf8_is_odd_space(cp))
			cp = ' ';
		if (cp == ' ' && (k == 0 || brk))
			continue;
		lb_char *x = &c->ch[k++];
		x->cp = cp;
		x->adv = lb_is_wide(cp) ? size : adv(ctx, c->face, cp, size);
		x->flags = brk ? LB_FORCE_BREAK : 0;
		brk = false;
	}
	while (k > 0 && c->ch[k - 1].cp == ' ')
		k--;
	c->nch = k;
}

/* Widest unbreakable piece and widest forced line of a cell. */
static void
cell_widths(const tbl_cell *c, double *minw, double *prefw)
{
	double mn = 0, line = 0, pref = 0, word = 0;
	for (size_t i = 0; i < c->nch; i++) {
		const lb_char *x = &c->ch[i];
		if (x->flags & LB_FORCE_BREAK) {
			if (line > pref) pref = line;
			line = 0;
			if (word > mn) mn = word;
			word = 0;
		}
		line += x->adv;
		if (lb_is_wide(x->cp) || x->cp == ' ') {
			if (word > mn) mn = word;
			word = 0;
			double w = x->cp == ' ' ? 0 : x->adv;
			/* an opening mark stays with what follows, a closing mark
			 * with what precedes: count them with their neighbour */
			if (lb_no_line_start(x->cp) || lb_no_line_end(x->cp))
				w += (i + 1 < c->nch && lb_no_line_end(x->cp)) ? c->ch[i + 1].adv : 0;
			if (w > mn) mn = w;
		} else {
			word += x->adv;
		}
	}
	if (word > mn) mn = word;
	if (line > pref) pref = line;
	*minw = mn;
	*prefw = pref;
}

/* Every line but the last ends at a closing mark (，、。）…). */
static bool
ends_clauses(const lb_char *ch, const lb_line *l, size_t nl)
{
	for (size_t i = 0; i + 1 < nl; i++) {
		size_t e = l[i].end;
		while (e > l[i].start && ch[e - 1].cp == ' ')
			e--;
		if (e == l[i].start || !lb_no_line_start(ch[e - 1].cp))
			return false;
	}
	return true;
}

static void
break_cell_lines(arena *a, tbl_cell *c, double inner, double size);

/* A line that 避头尾 made one character short (a mark pushed the
 * character before it down) is set flush left in a cell, not spread: in a
 * column five characters wide, 人 行 许 昌 支 with a fifth of a character
 * between each reads as a mistake; 人行许昌支 with the sixth cell blank
 * does not. */
static void
break_cell(arena *a, tbl_cell *c, double inner, double size)
{
	break_cell_lines(a, c, inner, size);
	for (size_t l = 0; l + 1 < c->nlines; l++) {
		if (c->lines[l].kinsoku >= 0)
			continue;
		double at = 0;
		for (size_t i = c->lines[l].start; i < c->lines[l].end; i++) {
			lb_char *x = &c->ch[i];
			double d = at - x->cx;
			x->cx += d;
			x->x += d;
			at += x->w;
		}
	}
}

static void
break_cell_lines(arena *a, tbl_cell *c, double inner, double size)
{
	/* whole characters per line: a line of 汉字 is never spread out
	 * (but a number or word as wide as the cell still fits) */
	double mn, pf;
	cell_widths(c, &mn, &pf);
	if (inner >= size && pf > inner + 1e-6) {   /* (one line needs no care) */
		double fl = floor(inner / size + 1e-6) * size;
		if (fl < mn)
			fl = mn < inner ? mn : inner;
		inner = fl;
	}
	lb_opts o = { inner, size, 0, 0, false };
	c->w = inner;
	if (c->nch == 0) {
		c->nlines = 0;
		c->lines = NULL;
		return;
	}
	c->nlines = lb_break(a, c->ch, c->nch, &o, &c->lines);
	/* a short text on two or three lines is balanced (洛阳铝/箔厂, not
	 * 洛阳铝箔/厂), at the narrowest width where 避头尾 pushes no
	 * character down (a balanced 开工逾期一/周，扣2.5分 would spread five
	 * characters over six cells); a width whose lines end at a clause
	 * mark is preferred (可研报告补正，/扣1分, not 可研报告补/正，扣1分),
	 * and lines that already end at one are kept */
	if (c->nlines >= 2 && c->nlines <= 3 && !ends_clauses(c->ch, c->lines, c->nlines)) {
		double total = 0;
		for (size_t i = 0; i < c->nch; i++) {
			if (c->ch[i].flags & LB_FORCE_BREAK)
				return;
			total += c->ch[i].adv;
		}
		lb_char *save = arena_alloc(a, c->nch * sizeof *save);
		memcpy(save, c->ch, c->nch * sizeof *save);
		double first = 0, clause = 0;
		for (double want = ceil(total / size / (double)c->nlines - 1e-6) * size;
		     want < inner - 1e-6; want += size) {
			lb_line *lines;
			lb_opts ob = { want, size, 0, 0, false };
			size_t nl = lb_break(a, c->ch, c->nch, &ob, &lines);
			memcpy(c->ch, save, c->nch * sizeof *save);
			bool pushed = false;
			for (size_t i = 0; i + 1 < nl; i++)
				if (lines[i].kinsoku < 0)
					pushed = true;
			if (nl != c->nlines || pushed)
				continue;
			if (first == 0)
				first = want;
			if (ends_clauses(c->ch, lines, nl)) {
				clause = want;
				break;
			}
		}
		double w = clause > 0 ? clause : first;
		if (w > 0) {
			lb_opts ob = { w, size, 0, 0, false };
			c->nlines = lb_break(a, c->ch, c->nch, &ob, &c->lines);
			c->w = w;
		}
	}
}

/* Minimum (widest character, number or word), preferred (longest line) and
 * comfortable minimum width of each column, with the cells' margins; vol:
 * how much text the column holds. */
static void
column_widths(tbl *t, double *softmin, double *vol)
{
	double s = t->size;
	for (size_t j = 0; j < t->ncols; j++) {
		tbl_col *col = &t->cols[j];
		col->minw = s;
		col->prefw = s;
		for (size_t r = 0; r < t->nrows; r++) {
			const tbl_cell *c = &t->rows[r].c[j];
			if (c->rowspan == 0 || c->colspan != 1)
				continue;
			double mn, pf;
			cell_widths(c, &mn, &pf);
			vol[j] += pf;
			if (mn > col->minw) col->minw = mn;
			if (pf > col->prefw) col->prefw = pf;
		}
		/* a column of short texts (names, 序号, phone numbers, 2018年6月底)
		 * is not wrapped while the table can afford it; columns of
		 * longer text share what is left */
		softmin[j] = col->prefw <= 6.01 * s ? col->prefw :
		    col->minw > 4 * s ? col->minw : 4 * s;   /* four characters a line at least */
		col->minw += 2 * t->padx;
		col->prefw += 2 * t->padx;
		softmin[j] += 2 * t->padx;
	}
}

/* As many automatic columns as the width allows get their comfortable
 * minimum, the cheapest first (a short name before a date). */
static void
grant_soft_minimums(arena *a, tbl *t, const double *softmin, double frame_w)
{
	double need = 0, room = frame_w;
	for (size_t j = 0; j < t->ncols; j++) {
		if (t->cols[j].wkind == TW_AUTO)
			need += t->cols[j].minw;
		else if (t->cols[j].wkind == TW_MM)
			room -= t->cols[j].wval * MM;
		else
			room -= t->cols[j].wval / 100.0 * frame_w;
	}
	bool *done = arena_alloc(a, t->ncols * sizeof *done);
	for (;;) {
		size_t best = t->ncols;
		for (size_t j = 0; j < t->ncols; j++) {
			if (done[j] || t->cols[j].wkind != TW_AUTO || softmin[j] <= t->cols[j].minw)
				continue;
			if (best == t->ncols || softmin[j] - t->cols[j].minw <
			    softmin[best] - t->cols[best].minw)
				best = j;
		}
		if (best == t->ncols)
			break;
		done[best] = true;
		double more = softmin[best] - t->cols[best].minw;
		if (need + more > room + 1e-6)
			break;
		need += more;
		t->cols[best].minw = softmin[best];
	}
}

/* Fixed and percentage columns first, automatic ones share the rest.
 * false (diagnosed) when the columns cannot fit. */
static bool
allocate_widths(tbl *t, const double *vol, double frame_w)
{
	double fixed = 0, amin = 0, apref = 0;
	size_t nauto = 0;
	for (size_t j = 0; j < t->ncols; j++) {
		tbl_col *col = &t->cols[j];
		if (col->wkind == TW_MM)
			col->w = col->wval * MM;
		else if (col->wkind == TW_PCT)
			col->w = col->wval / 100.0 * frame_w;
		else {
			nauto++;
			amin += col->minw;
			apref += col->prefw;
			continue;
		}
		fixed += col->w;
		if (col->w + 1e-6 < col->minw) {
			diag_error(col->wpos, "宽: column %s is %.1f mm wide; its content needs at "
			    "least %.1f mm (one character or number plus the cell's margins)",
			    col->title ? col->title : "", col->w / MM, col->minw / MM);
			return false;
		}
	}
	if (fixed > frame_w + 1e-6) {
		diag_error(t->pos, "宽: the fixed columns take %.1f mm; the page has %.1f mm",
		    fixed / MM, frame_w / MM);
		return false;
	}
	double rest = frame_w - fixed;
	if (nauto > 0 && amin > rest + 1e-6) {
		diag_error(t->pos, "the table does not fit: its columns need at least %.1f mm, "
		    "the page has %.1f mm%s", (amin + fixed) / MM, frame_w / MM,
		    t->landscape ? "" : "; set 横排: true, a smaller 字号, or fewer columns");
		return false;
	}
	double textpref = 0, longtext = 6.01 * t->size + 2 * t->padx;
	for (size_t j = 0; j < t->ncols; j++)
		if (t->cols[j].wkind == TW_AUTO && t->cols[j].prefw > longtext)
			textpref += t->cols[j].prefw;
	for (size_t j = 0; j < t->ncols; j++) {
		tbl_col *col = &t->cols[j];
		if (col->wkind != TW_AUTO)
			continue;
		if (apref <= rest)      /* everything on one line: the extra goes to text */
			col->w = col->prefw + (rest - apref) * (textpref > 0 ?
			    (col->prefw > longtext ? col->prefw / textpref : 0) : col->prefw / apref);
		else
			col->w = col->minw;
	}
	/* not everything fits on one line: above their minimums, columns get
	 * width in proportion to the text they hold (narrowing a column of
	 * thirty long cells costs more height than narrowing one merged
	 * name), none beyond its one-line width */
	double extra = apref > rest + 1e-6 ? rest - amin : 0;
	for (int round = 0; round < 32 && extra > 1e-6; round++) {
		double wsum = 0, given = 0;
		for (size_t j = 0; j < t->ncols; j++)
			if (t->cols[j].wkind == TW_AUTO && t->cols[j].w < t->cols[j].prefw - 1e-6)
				wsum += vol[j] > 0 ? vol[j] : 1;
		if (wsum <= 0)
			break;
		for (size_t j = 0; j < t->ncols; j++) {
			tbl_col *col = &t->cols[j];
			if (col->wkind != TW_AUTO || col->w >= col->prefw - 1e-6)
				continue;
			double add = extra * (vol[j] > 0 ? vol[j] : 1) / wsum;
			if (col->w + add > col->prefw)
				add = col->prefw - col->w;
			col->w += add;
			given += add;
		}
		extra -= given;
	}
	t->width = 0;
	for (size_t j = 0; j < t->ncols; j++) {
		t->cols[j].x = t->width;
		t->width += t->cols[j].w;
	}
	return true;
}

/* Each cell's lines at its width; row heights (merged cells taller than
 * their rows make the rows grow evenly); automatic alignment: a column of
 * one-line cells is centred, wrapped text left. */
static void
lines_and_heights(arena *a, tbl *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		tbl_row *row = &t->rows[r];
		row->nl = 1;
		for (size_t j = 0; j < t->ncols; j++) {
			tbl_cell *c = &row->c[j];
			if (c->rowspan == 0 || c->colspan == 0)
				continue;
			double w = 0;
			for (size_t k = j; k < j + (size_t)c->colspan && k < t->ncols; k++)
				w += t->cols[k].w;
			break_cell(a, c, w - 2 * t->padx, t->size);
			if (c->rowspan == 1 && (int)c->nlines > row->nl)
				row->nl = (int)c->nlines;
		}
		row->h = row->nl * t->lh + 2 * t->pady;
	}
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t j = 0; j < t->ncols; j++) {
			tbl_cell *c = &t->rows[r].c[j];
			if (c->rowspan <= 1 || c->colspan == 0)
				continue;
			double need = c->nlines * t->lh + 2 * t->pady, have = 0;
			for (size_t k = r; k < r + (size_t)c->rowspan; k++)
				have += t->rows[k].h;
			if (need > have + 1e-6)
				for (size_t k = r; k < r + (size_t)c->rowspan; k++)
					t->rows[k].h += (need - have) / c->rowspan;
		}
	for (size_t j = 0; j < t->ncols; j++) {
		tbl_col *col = &t->cols[j];
		col->align_used = col->align;
		if (col->align != TA_AUTO)
			continue;
		col->align_used = TA_CENTER;
		for (size_t r = t->nhead; r < t->nrows; r++) {
			const tbl_cell *c = &t->rows[r].c[j];
			if (t->rows[r].kind == TR_BODY && c->rowspan > 0 && c->colspan == 1 &&
			    c->nlines > 1)
				col->align_used = TA_LEFT;
		}
	}
}

bool
tbl_measure(arena *a, tbl *t, double frame_w, tbl_adv_fn adv, void *ctx)
{
	double s = t->size;
	t->lh = 1.45 * s;
	t->pady = 0.28 * s;
	t->padx = 0.4 * s;
	if (t->rule_in <= 0)
		t->rule_in = 0.5;
	if (t->rule_out <= 0)
		t->rule_out = 1.0;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t j = 0; j < t->ncols; j++) {
			tbl_cell *c = &t->rows[r].c[j];
			if (c->rowspan > 0 && c->colspan > 0)
				cell_chars(a, c, s, adv, ctx);
		}
	double *softmin = arena_alloc(a, t->ncols * sizeof *softmin);
	double *vol = arena_alloc(a, t->ncols * sizeof *vol);
	column_widths(t, softmin, vol);
	grant_soft_minimums(a, t, softmin, frame_w);
	if (!allocate_widths(t, vol, frame_w))
		return false;
	lines_and_heights(a, t);
	return true;
}

/* ---- pages --------------------------------------------------------------- */

static void
add_slice(arena *a, tbl_part *p, size_t row, int l0, int l1, double h)
{
	tbl_slice *s = ARENA_PUSH(a, p->s, p->ns, p->caps);
	s->row = row;
	s->l0 = l0;
	s->l1 = l1;
	s->h = h;
	p->h += h;
}

static tbl_part *
new_part(arena *a, tbl_part **parts, size_t *n, size_t *cap, const tbl *t, bool head,
         bool newpage)
{
	tbl_part *p = ARENA_PUSH(a, *parts, *n, *cap);
	memset(p, 0, sizeof *p);
	p->new_page = newpage;
	if (head)
		for (size_t r = 0; r < t->nhead; r++)
			add_slice(a, p, r, 0, t->rows[r].nl, t->rows[r].h);
	return p;
}

/* Where a merged cell that covers row r begins, if the whole merged group
 * is short enough to keep on one page (at most a third of a page): the earliest
 * such anchor row; r if none. */
static size_t
group_start(const tbl *t, size_t r, size_t floor_row, double full_h)
{
	size_t best = r;
	for (size_t j = 0; j < t->ncols; j++) {
		const tbl_cell *c = &t->rows[r].c[j];
		if (c->rowspan != 0 || c->ar < floor_row || c->ar >= best)
			continue;
		const tbl_cell *an = &t->rows[c->ar].c[c->ac];
		double h = 0;
		for (size_t k = c->ar; k < c->ar + (size_t)an->rowspan && k < t->nrows; k++)
			h += t->rows[k].h;
		if (h <= full_h / 3)
			best = c->ar;
	}
	return best;
}

/* Extra height the first row of a part needs so that the merged cells it
 * continues can show their text again (when that text is short). */
static double
repeat_extra(const tbl *t, size_t r, double cap)
{
	double extra = 0;
	for (size_t j = 0; j < t->ncols; j++) {
		const tbl_cell *c = &t->rows[r].c[j];
		if (c->rowspan != 0 || c->colspan == 0)
			continue;
		const tbl_cell *an = &t->rows[c->ar].c[c->ac];
		double need = an->nlines * t->lh + 2 * t->pady, have = 0;
		if (need > cap / 2)
			continue;            /* long text flows on instead */
		for (size_t k = r; k < c->ar + (size_t)an->rowspan && k < t->nrows; k++)
			have += t->rows[k].h;
		if (need - have > extra)
			extra = need - have;
	}
	return extra;
}

/* Merged cells that begin in part p and go on after it: when their text is
 * taller than their rows in p, the part's last slice grows into the room
 * left (up to avail), so the text is shown whole before the break.  When
 * the room is not there, returns the first such cell's row, so that the
 * break can move before it (the text then starts whole on the next page);
 * (size_t)-1 when nothing is cut short. */
static size_t
grow_cut_cells(const tbl *t, tbl_part *p, double avail, double room)
{
	if (p->ns == 0)
		return (size_t)-1;
	size_t last = p->s[p->ns - 1].row, cut = (size_t)-1;
	double grow = 0;
	for (size_t i = 0; i < p->ns; i++) {
		size_t r = p->s[i].row;
		if (r < t->nhead || p->s[i].l0 > 0)
			continue;
		double seg = 0;
		for (size_t k = i; k < p->ns; k++)
			seg += p->s[k].h;
		for (size_t j = 0; j < t->ncols; j++) {
			const tbl_cell *c = &t->rows[r].c[j];
			if (c->rowspan <= 1 || c->colspan == 0 || r + (size_t)c->rowspan <= last + 1)
				continue;
			double need = c->nlines * t->lh + 2 * t->pady;
			if (need - seg > grow)
				grow = need - seg;
			if (need > seg + 1e-6 && need <= room / 2 && cut == (size_t)-1)
				cut = r;
		}
	}
	if (grow > 0 && p->h + grow <= avail + 1e-6) {
		p->s[p->ns - 1].h += grow;
		p->h += grow;
		return (size_t)-1;
	}
	return cut;
}

size_t
tbl_paginate(arena *a, const tbl *t, double first_h, double full_h, tbl_part **parts)
{
	size_t n = 0, cap = 0;
	double head = 0;
	const double eps = 1e-6;
	for (size_t r = 0; r < t->nhead; r++)
		head += t->rows[r].h;
	*parts = NULL;
	double room = full_h - (t->repeat_head ? head : 0);   /* body room on a fresh page */
	/* the header and the first line of the first row must fit, or the
	 * table starts on a new page (no header alone at a page bottom) */
	double avail = first_h;
	bool np = false;
	if (t->nrows > t->nhead) {
		const tbl_row *r0 = &t->rows[t->nhead];
		double need = head + (r0->h <= full_h - head + eps ? r0->h : t->lh + 2 * t->pady);
		if (need > first_h + eps) {
			avail = full_h;
			np = true;
		}
	} else if (head > first_h + eps) {
		avail = full_h;
		np = true;
	}
	tbl_part *p = new_part(a, parts, &n, &cap, t, true, np);
	size_t body = 0;          /* body slices in p */
	size_t first_row = t->nhead;   /* first body row of p */
	size_t r = t->nhead;
	int l0 = 0;
	while (r < t->nrows) {
		const tbl_row *row = &t->rows[r];
		double bump = 0;
		if (body == 0 && l0 == 0 && n > 1) {
			bump = repeat_extra(t, r, room);
			double whole = row->h + bump;
			if (whole > room)
				bump = room - row->h > 0 ? room - row->h : 0;
		}
		double rest_h = (row->nl - l0) * t->lh + 2 * t->pady +
		    (row->h - (row->nl * t->lh + 2 * t->pady)) + bump;
		if (p->h + rest_h <= avail + eps) {
			add_slice(a, p, r, l0, row->nl, rest_h);
			body++;
			r++;
			l0 = 0;
			continue;
		}
		bool fits_fresh = rest_h <= room + eps;
		int k = (int)floor((avail - p->h - 2 * t->pady + eps) / t->lh);
		if (!fits_fresh && (k >= 1 || body == 0)) {
			/* taller than a page: split between lines of its cells */
			if (k < 1)
				k = 1;
			if (k > row->nl - l0)
				k = row->nl - l0;
			add_slice(a, p, r, l0, l0 + k, k * t->lh + 2 * t->pady);
			body++;
			l0 += k;
			if (l0 >= row->nl) {
				r++;
				l0 = 0;
			}
		} else if (l0 == 0 && body > 0) {
			/* keep a short merged group (a company's rows) together */
			size_t g = group_start(t, r, first_row, room);
			if (g > first_row && g < r) {
				while (p->ns > 0 && p->s[p->ns - 1].row >= g) {
					p->h -= p->s[p->ns - 1].h;
					p->ns--;
					body--;
				}
				r = g;
			}
		}
		/* a merged cell cut here shows its text whole when the room
		 * left at the page bottom allows: its last row grows */
		size_t cut = l0 == 0 ? grow_cut_cells(t, p, avail, room) : (size_t)-1;
		if (cut != (size_t)-1 && cut > first_row && cut < r) {
			while (p->ns > 0 && p->s[p->ns - 1].row >= cut) {
				p->h -= p->s[p->ns - 1].h;
				p->ns--;
				body--;
			}
			r = cut;
		}
		/* a group row never ends a part */
		bool carry = false;
		tbl_slice cs = {0};
		if (body > 1 && p->s[p->ns - 1].l0 == 0 &&
		    t->rows[p->s[p->ns - 1].row].kind == TR_GROUP) {
			cs = p->s[p->ns - 1];
			p->ns--;
			p->h -= cs.h;
			carry = true;
		}
		p = new_part(a, parts, &n, &cap, t, t->repeat_head, true);
		avail = full_h;
		body = 0;
		first_row = r;
		if (carry) {
			add_slice(a, p, cs.row, cs.l0, cs.l1, cs.h);
			body++;
			first_row = cs.row;
		}
	}
	return n;
}

/* ---- draw ---------------------------------------------------------------- */

static void
draw_lines(const tbl *t, const tbl_cell *c, int from, int to, double x, double w,
           double ytop, double h, int align, int valign, const tbl_sink *sk)
{
	if (to > (int)c->nlines)
		to = (int)c->nlines;
	if (from >= to)
		return;
	double used = (to - from) * t->lh;
	double y = ytop + (h - used) / 2;          /* centred vertically */
	double pad = (h - used) / 2 < t->pady ? (h - used) / 2 : t->pady;
	if (valign == TV_TOP)
		y = ytop + pad;
	else if (valign == TV_BOTTOM)
		y = ytop + h - pad - used;
	double inner = c->w;
	/* lines were broken to whole characters (or balanced): the spare
	 * width goes where the alignment puts it */
	double lead = 0;
	if (align == TA_CENTER)
		inner = w - 2 * t->padx;
	else if (align == TA_RIGHT)
		lead = w - 2 * t->padx - inner;
	for (int k = from; k < to; k++) {
		const lb_line *ln = &c->lines[k];
		size_t s = ln->start, e = ln->end;
		while (e > s && c->ch[e - 1].cp == ' ')
			e--;
		if (e <= s) {
			y += t->lh;
			continue;
		}
		double lw = c->ch[e - 1].x + c->ch[e - 1].w;
		double off = 0;
		if (!ln->last && ln->kinsoku >= 0 && !(k + 1 < (int)c->nlines &&
		    (c->ch[c->lines[k + 1].start].flags & LB_FORCE_BREAK)))
			lw = inner;                        /* justified */
		if (align == TA_CENTER)
			off = (inner - lw) / 2;
		else if (align == TA_RIGHT)
			off = inner - lw;
		if (off < 0)
			off = 0;
		uint32_t cps[256];
		double xs[256];
		size_t m = 0;
		for (size_t i = s; i < e; i++) {
			cps[m] = c->ch[i].cp;
			xs[m] = x + t->padx + lead + off + c->ch[i].x;
			if (++m == 256 || i + 1 == e) {
				sk->text(sk->ctx, c->face, t->size, cps, xs, m,
				    y + (t->lh - t->size) / 2 + 0.88 * t->size, c->pos);
				m = 0;
			}
		}
		y += t->lh;
	}
}

/* The text of part p, whose slice i has its top at ys[i]. */
static void
draw_texts(tbl *t, const tbl_part *p, double x0, const double *ys, const tbl_sink *sk)
{
	for (size_t i = 0; i < p->ns; i++) {
		const tbl_slice *sl = &p->s[i];
		tbl_row *row = &t->rows[sl->row];
		for (size_t j = 0; j < t->ncols; j++) {
			tbl_cell *c = &row->c[j];
			if (c->colspan == 0)
				continue;
			tbl_cell *an = c;
			size_t ar = sl->row;
			if (c->rowspan == 0) {
				/* covered: drawn here only at the top of a part */
				bool first_in_part = true;
				for (size_t k = 0; k < i; k++)
					if (p->s[k].row >= c->ar && p->s[k].row < sl->row)
						first_in_part = false;
				if (!first_in_part)
					continue;
				ar = c->ar;
				an = &t->rows[ar].c[j];
			}
			double w = 0;
			for (size_t k = j; k < j + (size_t)an->colspan && k < t->ncols; k++)
				w += t->cols[k].w;
			int valign = row->kind == TR_BODY ? t->cols[j].valign : TV_MIDDLE;
			int align = row->kind == TR_HEAD ? TA_CENTER :
			    row->kind == TR_GROUP ? TA_LEFT :
			    (row->kind == TR_TOTAL && j == 0) ? TA_CENTER : t->cols[j].align_used;
			if (an->rowspan == 1) {
				int from = sl->l0, to = sl->l1;
				bool split = sl->l0 > 0 || sl->l1 < row->nl;
				if (!split) {
					draw_lines(t, an, 0, (int)an->nlines, x0 + t->cols[j].x, w,
					    ys[i], sl->h, align, valign, sk);
				} else {
					/* a row split between lines: top-aligned pieces */
					int cnt = (to < (int)an->nlines ? to : (int)an->nlines) - from;
					if (cnt > 0)
						draw_lines(t, an, from, from + cnt, x0 + t->cols[j].x, w,
						    ys[i] + t->pady, cnt * t->lh, align, valign, sk);
				}
				continue;
			}
			/* a merged cell: its segment in this part */
			size_t last = i;
			while (last + 1 < p->ns && p->s[last + 1].row < ar + (size_t)an->rowspan)
				last++;
			double segh = ys[last + 1] - ys[i];
			double need = an->nlines * t->lh + 2 * t->pady;
			if (need <= segh + 1e-6) {
				draw_lines(t, an, 0, (int)an->nlines, x0 + t->cols[j].x, w, ys[i], segh,
				    align, valign, sk);
			} else {
				/* too long to show whole here: the text flows on */
				int k = (int)floor((segh - 2 * t->pady + 1e-6) / t->lh);
				int from = an->next_line;
				int to = from + k;
				if (to > (int)an->nlines)
					to = (int)an->nlines;
				if (to > from)
					draw_lines(t, an, from, to, x0 + t->cols[j].x, w, ys[i] + t->pady,
					    (to - from) * t->lh, align, valign, sk);
				an->next_line = to;
			}
		}
	}
}

/* The rules of part p: horizontal ones under each slice except where a
 * merged cell continues, vertical ones except inside a spanning cell. */
static void
draw_rules(const tbl *t, const tbl_part *p, double x0, const double *ys, const tbl_sink *sk)
{
	double xr = x0 + t->width;
	sk->rule(sk->ctx, x0, ys[0], xr, ys[0], t->rule_out);
	for (size_t i = 0; i + 1 < p->ns; i++) {
		const tbl_row *nx = &t->rows[p->s[i + 1].row];
		bool same_row = p->s[i + 1].row == p->s[i].row;
		double y = ys[i + 1];
		double w = t->rule_in;
		size_t j = 0;
		while (j < t->ncols) {
			/* run of columns whose cell below starts here */
			while (j < t->ncols && (same_row || nx->c[j].rowspan == 0))
				j++;
			size_t k = j;
			while (k < t->ncols && !same_row && nx->c[k].rowspan != 0)
				k++;
			if (k > j)
				sk->rule(sk->ctx, x0 + t->cols[j].x, y,
				    x0 + t->cols[k - 1].x + t->cols[k - 1].w, y, w);
			j = k;
		}
	}
	sk->rule(sk->ctx, x0, ys[p->ns], xr, ys[p->ns], t->rule_out);
	/* vertical rules */
	sk->rule(sk->ctx, x0, ys[0], x0, ys[p->ns], t->rule_out);
	sk->rule(sk->ctx, xr, ys[0], xr, ys[p->ns], t->rule_out);
	for (size_t j = 1; j < t->ncols; j++) {
		double x = x0 + t->cols[j].x;
		size_t i = 0;
		while (i < p->ns) {
			while (i < p->ns && t->rows[p->s[i].row].c[j].colspan == 0)
				i++;
			size_t k = i;
			while (k < p->ns && t->rows[p->s[k].row].c[j].colspan != 0)
				k++;
			if (k > i)
				sk->rule(sk->ctx, x, ys[i], x, ys[k], t->rule_in);
			i = k;
		}
	}
}

void
tbl_draw(tbl *t, const tbl_part *p, double x0, double y0, const tbl_sink *sk)
{
	double *ys = malloc((p->ns + 1) * sizeof *ys);
	if (ys == NULL)
		return;
	ys[0] = y0;
	for (size_t i = 0; i < p->ns; i++)
		ys[i + 1] = ys[i] + p->s[i].h;
	draw_texts(t, p, x0, ys, sk);
	draw_rules(t, p, x0, ys, sk);
	free(ys);
}

/* ---- dump ---------------------------------------------------------------- */

void
tbl_dump(const tbl *t, FILE *f)
{
	static const char *const kinds[] = { "head", "row", "group", "total" };
	fprintf(f, "  table %zux%zu%s size=%g\n", t->nrows, t->ncols,
	    t->landscape ? " landscape" : "", t->size);
	for (size_t r = 0; r < t->nrows; r++) {
		const tbl_row *row = &t->rows[r];
		fprintf(f, "    %s", kinds[row->kind]);
		for (size_t j = 0; j < t->ncols; j++) {
			const tbl_cell *c = &row->c[j];
			if (c->rowspan == 0) {
				fputs(" ^", f);
				continue;
			}
			if (c->colspan == 0) {
				fputs(" <", f);
				continue;
			}
			fputs(" \"", f);
			for (const char *s = c->text; *s; s++) {
				if (*s == '"' || *s == '\\')
					fputc('\\', f);
				if (*s == '\n')
					fputs("\\n", f);
				else
					fputc(*s, f);
			}
			fputc('"', f);
			if (c->rowspan > 1)
				fprintf(f, "/%d", c->rowspan);
			if (c->colspan > 1)
				fprintf(f, "*%d", c->colspan);
		}
		fputc('\n', f);
	}
}
