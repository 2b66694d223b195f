/* tmpl.c — templates: the front matter split and field expansion
 * (DESIGN §3).
 *
 * A template is parsed into a small tree (text, field, section, inverted
 * section, partial), then rendered against a stack of contexts.  Parse
 * errors (unclosed or mismatched sections, bad filters, bad partials) are
 * all reported before anything is rendered; render errors (missing fields,
 * values a filter cannot take) are reported once per tag and value, and the
 * render goes on so that every error is seen.  Either way the result is NULL.
 *
 * Tag syntax, whitespace allowed inside the braces everywhere:
 *   {{路径}} {{路径 | 过滤器 | 过滤器:参数}}   escaped text
 *   {{{路径}}} {{& 路径}}                      raw Markdown
 *   {{#路径}} {{^路径}} {{/路径}}              sections
 *   {{> 文件.md}}                              partial
 *   {{! 注释}}                                 comment
 * A section, close, partial or comment tag alone on its line takes the
 * whole line with it (as in Mustache), so list templates stay tight.
 * The full-width ｜ and ： typed by a Chinese IME work like | and :. */
#include "tmpl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnnum.h"
#include "date.h"
#include "decimal.h"
#include "file.h"
#include "suggest.h"
#include "utf8.h"

#define MAX_SECTION_DEPTH 100
#define MAX_PARTIAL_DEPTH 16
#define MAX_FILTERS       16
#define MAX_OUTPUT        (64 * 1024 * 1024)   /* expanded text */
/* Rendering steps (text pieces, tags, rounds of a section, and the frames a
 * lookup searches): sections over lists nested in each other that print
 * nothing never reach MAX_OUTPUT.  4 million is a 100,000-row list with 40
 * tags and texts per row, and about 0.3 s. */
#define MAX_STEPS         (4 * 1000 * 1000)

enum ntype { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL };

enum ftype { F_DATE, F_CNUM, F_DECIMAL, F_DEFAULT, F_AMOUNT, F_THOUSANDS };

struct filter {
	enum ftype type;
	const char *name;
	const char *arg;     /* F_DEFAULT: the text; F_DATE: "中文" or NULL */
	int digits;          /* F_DECIMAL */
	srcpos pos;
};

struct node {
	enum ntype type;
	srcpos pos;          /* of the text's first char, or of the "{{" */
	const char *s;       /* N_TEXT: bytes; others: the path */
	size_t len;
	bool raw;            /* N_VAR: {{{ }}} or {{& }} */
	struct filter *f;
	int nf;
	struct node *child;  /* sections; N_PARTIAL: the partial's nodes */
	struct node *next;
	bool reported;       /* an error about this tag was shown */
	bool noted;          /* the "used here" note was shown */
};

/* ---- front matter -------------------------------------------------------- */

/* Is s[0..n) "---" followed by optional blanks (and \r)? */
static bool
is_fence(const char *s, size_t n, const char *fence)
{
	size_t fl = strlen(fence);

	if (n < fl || memcmp(s, fence, fl) != 0)
		return false;
	for (size_t i = fl; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

bool
tmpl_split_front(const char *file, const char *text, size_t n,
                 size_t *fm_off, size_t *fm_len, int *fm_line,
                 size_t *body_off, int *body_line, bool *ok)
{
	size_t start = 0, p, eol;
	int line = 1;

	*ok = true;
	*fm_off = *fm_len = 0;
	*fm_line = 0;
	*body_off = 0;
	*body_line = 1;
	/* what no template holds, refused before it is read as one: a NUL, and
	 * lines ended by CR alone (old Mac; its front matter became a heading) */
	const char *nul = memchr(text, '\0', n);
	if (nul != NULL) {
		int l = 1, c = 1;
		for (const char *q = text; q < nul; q++)
			if (*q == '\n')
				l++, c = 1;
			else if (((unsigned char)*q & 0xC0) != 0x80)
				c++;
		diag_error(pos_at(file, l, c), "a NUL character (byte 0): a template is text; "
		    "remove it");
		*ok = false;
		return false;
	}
	if (memchr(text, '\r', n) != NULL && memchr(text, '\n', n) == NULL) {
		diag_error(pos_at(file, 1, 0), "the lines end with CR alone (an old Mac format); "
		    "save the file with ordinary line ends (LF, or CRLF as Windows writes)");
		*ok = false;
		return false;
	}
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	*body_off = start;
	*body_line = 1;
	eol = start;
	while (eol < n && text[eol] != '\n')
		eol++;
	if (!is_fence(text + start, eol - start, "---"))
		return false;
	p = eol < n ? eol + 1 : n;
	*fm_off = p;
	*fm_line = 2;
	line = 2;
	while (p < n) {
		eol = p;
		while (eol < n && text[eol] != '\n')
			eol++;
		if (is_fence(text + p, eol - p, "---") ||
		    is_fence(text + p, eol - p, "...")) {
			*fm_len = p - *fm_off;
			*body_off = eol < n ? eol + 1 : n;
			*body_line = line + 1;
			return true;
		}
		p = eol < n ? eol + 1 : n;
		line++;
	}
	diag_error(pos_at(file, 1, 1), "the front matter that starts here has "
	    "no closing \"---\" line");
	*ok = false;
	*fm_len = 0;
	*body_off = n;
	*body_line = line;
	return false;
}

/* ---- small text helpers --------------------------------------------------- */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim ASCII blanks and U+3000 from both ends of s[*b..*e). */
static void
trim(const char *s, size_t *b, size_t *e)
{
	for (;;) {
		if (*b < *e && (is_blank(s[*b]) || s[*b] == '\r'))
			(*b)++;
		else if (*e - *b >= 3 && memcmp(s + *b, "\xE3\x80\x80", 3) == 0)
			*b += 3;
		else
			break;
	}
	for (;;) {
		if (*e > *b && (is_blank(s[*e - 1]) || s[*e - 1] == '\r'))
			(*e)--;
		else if (*e - *b >= 3 && memcmp(s + *e - 3, "\xE3\x80\x80", 3) == 0)
			*e -= 3;
		else
			break;
	}
}

/* ---- filters --------------------------------------------------------------- */

static const char *const filter_names[] = {
	"日期", "中文数字", "小数", "缺省", "大写金额", "千分位",
};

static bool
parse_filter(arena *a, const char *s, size_t b, size_t e, srcpos at,
             struct filter *f)
{
	size_t colon = e, ab, ae, nb = b, ne;

	for (size_t i = b; i < e; i++) {
		if (s[i] == ':') {
			colon = i;
			ab = i + 1;
			break;
		}
		if (e - i >= 3 && memcmp(s + i, "\xEF\xBC\x9A", 3) == 0) {  /* ： */
			colon = i;
			ab = i + 3;
			break;
		}
	}
	ne = colon;
	trim(s, &nb, &ne);
	f->name = arena_strndup(a, s + nb, ne - nb);
	f->pos = at;
	f->arg = NULL;
	if (colon < e) {
		ae = e;
		trim(s, &ab, &ae);
		/* Strip one pair of quotes: "…", '…', “…”, ‘…’. */
		if (ae - ab >= 2 && ((s[ab] == '"' && s[ae - 1] == '"') ||
		    (s[ab] == '\'' && s[ae - 1] == '\''))) {
			ab++;
			ae--;
		} else if (ae - ab >= 6 &&
		    ((memcmp(s + ab, "\xE2\x80\x9C", 3) == 0 &&
		    memcmp(s + ae - 3, "\xE2\x80\x9D", 3) == 0) ||
		    (memcmp(s + ab, "\xE2\x80\x98", 3) == 0 &&
		    memcmp(s + ae - 3, "\xE2\x80\x99", 3) == 0))) {
			ab += 3;
			ae -= 3;
		}
		f->arg = arena_strndup(a, s + ab, ae - ab);
	}
	if (strcmp(f->name, "日期") == 0) {
		f->type = F_DATE;
		if (f->arg != NULL && strcmp(f->arg, "中文") != 0 &&
		    strcmp(f->arg, "汉字") != 0) {
			diag_error(at, "filter 日期 takes no argument or 中文, "
			    "not \"%s\"", f->arg);
			return false;
		}
	} else if (strcmp(f->name, "中文数字") == 0 ||
	    strcmp(f->name, "大写金额") == 0 || strcmp(f->name, "千分位") == 0) {
		f->type = strcmp(f->name, "中文数字") == 0 ? F_CNUM :
		    strcmp(f->name, "大写金额") == 0 ? F_AMOUNT : F_THOUSANDS;
		if (f->arg != NULL) {
			diag_error(at, "filter %s takes no argument", f->name);
			return false;
		}
	} else if (strcmp(f->name, "小数") == 0) {
		f->type = F_DECIMAL;
		const char *g = f->arg;
		if (g == NULL || g[0] < '0' || g[0] > '9' ||
		    (g[1] != '\0' && (g[1] < '0' || g[1] > '9' || g[2] != '\0')) ||
		    atoi(g) > 10) {
			diag_error(at, "filter 小数 needs a number of decimal "
			    "places from 0 to 10, as in 小数:1%s%s%s",
			    g ? " (not \"" : "", g ? g : "", g ? "\")" : "");
			return false;
		}
		f->digits = atoi(g);
	} else if (strcmp(f->name, "缺省") == 0) {
		f->type = F_DEFAULT;
		if (f->arg == NULL)
			f->arg = "";
	} else {
		suggest sg;
		suggest_init(&sg, f->name);
		for (size_t i = 0; i < sizeof filter_names / sizeof *filter_names; i++)
			suggest_offer(&sg, filter_names[i]);
		const char *best = suggest_result(&sg);
		if (*f->name == '\0')
			diag_error(at, "empty filter name after \"|\"");
		else if (best != NULL)
			diag_error(at, "unknown filter %s (did you mean %s?)",
			    f->name, best);
		else
			diag_error(at, "unknown filter %s (known: 日期, 中文数字, "
			    "小数:N, 缺省:\"…\", 大写金额, 千分位)", f->name);
		return false;
	}
	return true;
}


/* Numbers for the filters: exact decimals (decimal.h), so 2.675 rounds to
 * 2.68 and 19.5 + 0.1 is 19.6; full-width digits are numbers too. */

/* Round half away from zero to `places` decimals. */
static dec_status
round_text(abuf *out, const char *s, size_t n, int places)
{
	dec d;
	char buf[DEC_BUFSZ + 16];
	dec_status st = dec_parse(s, n, &d);

	if (st != DEC_OK)
		return st;
	if (!dec_format_fixed(d, places, buf, sizeof buf))
		return DEC_OVERFLOW;
	abuf_puts(out, buf);
	return DEC_OK;
}

/* 1234567.5 → 1,234,567.5 */
static dec_status
thousands(abuf *out, const char *s, size_t n)
{
	dec d;
	char buf[DEC_BUFSZ + 8];
	dec_status st = dec_parse(s, n, &d);

	if (st != DEC_OK)
		return st;
	abuf_puts(out, dec_format_thousands(d, buf, sizeof buf));
	return DEC_OK;
}

/* RMB amount in capitals: 1234.5 → 壹仟贰佰叁拾肆元伍角, 100 → 壹佰元整. */
static bool
amount(abuf *out, const char *s, size_t n)
{
	dec d;

	if (dec_parse(s, n, &d) != DEC_OK || dec_round(d, 2, &d) != DEC_OK ||
	    dec_sign(d) < 0)
		return false;
	unsigned long long yuan = (unsigned long long)d.c / 100;
	if (yuan > CN_MAX)   /* 16 digits before the point */
		return false;
	return cn_amount(out, yuan, (int)(d.c / 10 % 10), (int)(d.c % 10));
}

/* ---- parsing ---------------------------------------------------------------- */

struct pcache {          /* partials already parsed, by real path */
	const char *real;
	struct node *nodes;
	struct pcache *next;
};

struct tparser {
	arena *a;
	const tmpl_opts *o;
	const char *file;
	const char *s;
	size_t n;
	size_t off;          /* bytes before this are consumed */
	int line, col;       /* position of s[off] */
	bool failed;
	int pdepth;          /* partial nesting */
	const char **pstack; /* real paths of the partials being parsed */
	struct pcache **cache;
	size_t fence_s, fence_e;   /* the next ```table fence (fence_s == n: none) */
	bool fence_known;
};

/* The next ```table (or ~~~table) fenced block starting on a line at or
 * after `from`: its first byte, and *end just after its closing fence line
 * (or n).  Its text is the table stage's YAML spec: the template stage
 * passes it through unexpanded (table.h).  n if there is none. */
static size_t
table_fence_at(const char *s, size_t n, size_t from, size_t *end)
{
	size_t i = from;
	while (i < n) {
		size_t ls = i, j = i;
		while (j < n && j - ls < 3 && s[j] == ' ')
			j++;
		char fc = j < n ? s[j] : 0;
		size_t k = j;
		while (k < n && s[k] == fc && (fc == '`' || fc == '~'))
			k++;
		const char *eol = memchr(s + i, '\n', n - i);
		size_t next = eol ? (size_t)(eol - s) + 1 : n;
		if (k - j >= 3 && n - k >= 5 && memcmp(s + k, "table", 5) == 0 &&
		    (k + 5 == n || s[k + 5] == '\n' || s[k + 5] == ' ' || s[k + 5] == '\r')) {
			size_t flen = k - j, q = next;
			while (q < n) {
				const char *e2 = memchr(s + q, '\n', n - q);
				size_t nq = e2 ? (size_t)(e2 - s) + 1 : n;
				size_t a = q, cnt = 0;
				while (a < nq && a - q < 3 && s[a] == ' ')
					a++;
				while (a < nq && s[a] == fc) {
					a++;
					cnt++;
				}
				while (a < nq && (s[a] == ' ' || s[a] == '\r' || s[a] == '\n'))
					a++;
				if (cnt >= flen && a == nq) {
					*end = nq;
					return ls;
				}
				q = nq;
			}
			*end = n;
			return ls;
		}
		i = next;
	}
	*end = n;
	return n;
}

static void
advance(struct tparser *p, size_t to)
{
	const unsigned char *u = (const unsigned char *)p->s;

	while (p->off < to) {
		unsigned char c = u[p->off];
		if (c == '\n') {
			p->line++;
			p->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			p->col++;
		}
		p->off++;
	}
}

/* Position of byte `at` on the current line (at >= off, same line). */
static srcpos
pos_of(struct tparser *p, size_t at)
{
	srcpos sp = pos_at(p->file, p->line, p->col);

	for (size_t i = p->off; i < at; i++) {
		if (p->s[i] == '\n') {
			sp.line++;
			sp.col = 1;
		} else if (((unsigned char)p->s[i] & 0xC0) != 0x80) {
			sp.col++;
		}
	}
	return sp;
}

static struct node *
new_node(struct tparser *p, enum ntype t, srcpos at)
{
	struct node *nd = arena_alloc(p->a, sizeof *nd);

	nd->type = t;
	nd->pos = at;
	return nd;
}

/* A ```table block starting before `t` (the next "{{"): its text, up to
 * the closing fence, becomes one text node, as it stands (table.h expands
 * its cells per row).  false when no such block comes first. */
static bool
table_fence_node(struct tparser *p, size_t t, struct node ***tail)
{
	const char *s = p->s;
	size_t n = p->n;

	if (!p->fence_known || p->fence_s < p->off) {
		size_t from = p->off;
		if (p->col != 1) {           /* fences start lines */
			const char *eol = memchr(s + from, '\n', n - from);
			from = eol ? (size_t)(eol - s) + 1 : n;
		}
		p->fence_s = table_fence_at(s, n, from, &p->fence_e);
		p->fence_known = true;
	}
	if (p->fence_s >= n || p->fence_s > t)
		return false;
	struct node *nd = new_node(p, N_TEXT, pos_at(p->file, p->line, p->col));
	nd->s = s + p->off;
	nd->len = p->fence_e - p->off;
	**tail = nd;
	*tail = &nd->next;
	advance(p, p->fence_e);
	p->fence_known = false;
	return true;
}

static struct node *parse_nodes(struct tparser *p);

/* Parse the partial `name` (display name root_dir/name) into *nodes;
 * false after an error. */
static bool
load_partial(struct tparser *p, const char *name, srcpos at,
             struct node **nodes)
{
	const char *root = p->o ? p->o->root_dir : NULL;

	*nodes = NULL;
	if (root == NULL) {
		diag_error(at, "partial %s: partials cannot be used here", name);
		return false;
	}
	if (*name == '\0') {
		diag_error(at, "a partial needs a file name: {{> 文件.md}}");
		return false;
	}
	const char *rfile = file_confine(p->a, root, name, at, "partial");
	if (rfile == NULL)
		return false;
	const char *disp = strcmp(root, ".") == 0 ? arena_strdup(p->a, name) :
	    arena_printf(p->a, "%s/%s", root, name);
	for (int i = 0; i < p->pdepth; i++)
		if (strcmp(p->pstack[i], rfile) == 0) {
			diag_error(at, "partial %s includes itself", name);
			return false;
		}
	if (p->pdepth >= MAX_PARTIAL_DEPTH) {
		diag_error(at, "partials nested too deeply (more than %d)",
		    MAX_PARTIAL_DEPTH);
		return false;
	}
	for (struct pcache *c = *p->cache; c != NULL; c = c->next)
		if (strcmp(c->real, rfile) == 0) {
			*nodes = c->nodes;
			return true;
		}
	size_t got;
	const char *text = file_read(p->a, disp, arena_printf(p->a, "partial %s", name),
	    &got, at);
	if (text == NULL)
		return false;
	size_t bad;
	if (got >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		got -= 3;
	}
	if ((bad = utf8_check(text, got)) != (size_t)-1) {
		int l, c;
		utf8_linecol(text, got, bad, &l, &c);
		diag_error(pos_at(disp, l, c), "invalid UTF-8 (byte %zu); "
		    "save the partial as UTF-8", bad);
		return false;
	}
	struct tparser sub = *p;
	const char *stack[MAX_PARTIAL_DEPTH + 1];
	for (int i = 0; i < p->pdepth; i++)
		stack[i] = p->pstack[i];
	stack[p->pdepth] = rfile;
	sub.pstack = stack;
	sub.pdepth = p->pdepth + 1;
	sub.file = disp;
	sub.s = text;
	sub.n = got;
	sub.off = 0;
	sub.line = 1;
	sub.col = 1;
	sub.failed = false;
	sub.fence_known = false;     /* the parent's fence lies in the parent's text */
	struct node *out = parse_nodes(&sub);
	if (sub.failed)
		return false;
	struct pcache *c = arena_alloc(p->a, sizeof *c);
	c->real = rfile;
	c->nodes = out;
	c->next = *p->cache;
	*p->cache = c;
	*nodes = out;
	return true;
}

/* Find "}}" (or "}}}") for the tag opening at `t`; same line unless `multi`. */
static size_t
tag_end(const char *s, size_t n, size_t from, const char *close, bool multi)
{
	size_t cl = strlen(close);

	for (size_t i = from; i + cl <= n; i++) {
		if (!multi && s[i] == '\n')
			return (size_t)-1;
		if (memcmp(s + i, close, cl) == 0)
			return i;
	}
	return (size_t)-1;
}

/* Does s[b..e) look like a usable path? */
static bool
valid_path(const char *s, size_t b, size_t e)
{
	if (b == e)
		return false;
	for (size_t i = b; i < e; i++)
		if (s[i] == '{' || s[i] == '}' || s[i] == '\n' || is_blank(s[i]))
			return false;
	return true;
}

struct open_sec {
	struct node *nd;
	struct node **tail;   /* where the parent's next node goes */
};

/* Is the tag at t alone on its line (blanks aside)?  Then the text before
 * it ends at the line's start (*textend) and the tag takes the line's end
 * (*next). */
static bool
standalone_tag(struct tparser *p, size_t t, size_t *textend, size_t *next)
{
	const char *s = p->s;
	size_t n = p->n, ls = t, j;

	while (ls > p->off && s[ls - 1] != '\n')
		ls--;
	bool before = ls > p->off || p->col == 1;
	for (j = ls; before && j < t; j++)
		if (!is_blank(s[j]))
			before = false;
	if (!before)
		return false;
	for (j = *next; j < n && s[j] != '\n'; j++)
		if (!is_blank(s[j]) && s[j] != '\r')
			break;
	if (j < n && s[j] != '\n')
		return false;
	*textend = ls;
	*next = j < n ? j + 1 : n;
	return true;
}

/* Split a tag's content s[cb..ce) at | or ｜: the name, then the filters.
 * Returns the number of parts, -1 for more than MAX_FILTERS filters. */
static int
split_filters(const char *s, size_t cb, size_t ce, size_t *segb, size_t *sege)
{
	int nseg = 0;
	size_t sb = cb;

	for (size_t i = cb; i <= ce; i++) {
		size_t w = 0;
		if (i == ce)
			w = 0;
		else if (s[i] == '|')
			w = 1;
		else if (ce - i >= 3 && memcmp(s + i, "\xEF\xBD\x9C", 3) == 0)
			w = 3;
		else
			continue;
		if (nseg == MAX_FILTERS + 1)
			return -1;
		segb[nseg] = sb;
		sege[nseg] = i;
		nseg++;
		if (i == ce)
			break;
		sb = i + w;
		i += w - 1;
	}
	return nseg;
}

/* {{> name}}: the partial's nodes; returns the new tail. */
static struct node **
partial_node(struct tparser *p, const char *path, size_t len, srcpos at, int nseg,
             bool standalone, size_t next, struct node **tail)
{
	const char *s = p->s;

	if (nseg > 1) {
		diag_error(at, "a partial takes no filters");
		p->failed = true;
	}
	struct node *nd = new_node(p, N_PARTIAL, at);
	nd->s = path;
	nd->len = len;
	if (!load_partial(p, path, at, &nd->child))
		p->failed = true;
	*tail = nd;
	tail = &nd->next;
	/* A standalone partial whose text does not end a line keeps the
	 * newline after the tag. */
	if (standalone && next > 0 && s[next - 1] == '\n') {
		struct node *last = nd->child;
		while (last && last->next)
			last = last->next;
		if (!(last && last->type == N_TEXT && last->len &&
		    last->s[last->len - 1] == '\n')) {
			struct node *nl = new_node(p, N_TEXT, pos_of(p, next - 1));
			nl->s = s + next - 1;
			nl->len = 1;
			*tail = nl;
			tail = &nl->next;
		}
	}
	return tail;
}

/* {{/name}}: close the open section (or an outer one it names); returns
 * the new tail. */
static struct node **
close_section(struct tparser *p, srcpos at, const char *path, struct open_sec *stack,
              int *depth, struct node **tail)
{
	if (*depth == 0) {
		diag_error(at, "{{/%s}} closes a section that was never opened", path);
		p->failed = true;
	} else if (strcmp(stack[*depth - 1].nd->s, path) != 0) {
		struct node *o = stack[*depth - 1].nd;
		diag_error(at, "{{/%s}} does not match the open section {{%c%s}} at line "
		    "%d:%d", path, o->type == N_SECTION ? '#' : '^', o->s, o->pos.line,
		    o->pos.col);
		p->failed = true;
		/* if it closes an outer one, close up to it */
		for (int k = *depth - 2; k >= 0; k--)
			if (strcmp(stack[k].nd->s, path) == 0) {
				tail = stack[k].tail;
				*depth = k;
				break;
			}
	} else {
		(*depth)--;
		tail = stack[*depth].tail;
	}
	return tail;
}

/* The filters of a field: parts 1.. of its tag. */
static void
field_filters(struct tparser *p, struct node *nd, const size_t *segb, const size_t *sege,
              int nseg)
{
	if (nseg <= 1)
		return;
	nd->f = arena_alloc(p->a, sizeof *nd->f * (size_t)(nseg - 1));
	for (int k = 1; k < nseg; k++) {
		size_t fb = segb[k];
		while (fb < sege[k] && is_blank(p->s[fb]))
			fb++;
		if (!parse_filter(p->a, p->s, segb[k], sege[k], pos_of(p, fb), &nd->f[k - 1]))
			p->failed = true;
	}
	nd->nf = nseg - 1;
}

/* A tag with no end: reported; the rest of the line (of the text, for a
 * comment) is text: scanning each "{{" of it again would be slow. */
static void
unclosed_tag(struct tparser *p, size_t t, srcpos at, char sigil, bool triple)
{
	size_t eol = t;

	if (sigil == '!')
		diag_error(at, "unclosed comment {{! … (no }})");
	else
		diag_error(at, "unclosed %s: no %s on the same line", triple ? "{{{" : "{{",
		    triple ? "}}}" : "}}");
	p->failed = true;
	while (eol < p->n && (sigil == '!' || p->s[eol] != '\n'))
		eol++;
	advance(p, eol);
}

/* {{#name}} or {{^name}}: a section node whose children follow; returns
 * the new tail (its children's). */
static struct node **
open_section(struct tparser *p, srcpos at, char sigil, const char *path, size_t len,
             int nseg, struct open_sec *stack, int *depth, struct node **tail)
{
	if (nseg > 1) {
		diag_error(at, "a section tag takes no filters");
		p->failed = true;
	}
	if (*depth == MAX_SECTION_DEPTH) {
		diag_error(at, "sections nested too deeply (more than %d)", MAX_SECTION_DEPTH);
		p->failed = true;
		return tail;
	}
	struct node *nd = new_node(p, sigil == '#' ? N_SECTION : N_INVERTED, at);
	nd->s = path;
	nd->len = len;
	*tail = nd;
	stack[*depth].nd = nd;
	stack[*depth].tail = &nd->next;
	(*depth)++;
	return &nd->child;
}

static struct node *
parse_nodes(struct tparser *p)
{
	struct node *head = NULL, **tail = &head;
	struct open_sec stack[MAX_SECTION_DEPTH];
	int depth = 0;
	const char *s = p->s;
	size_t n = p->n;

	while (p->off < n) {
		const char *hit = memmem(s + p->off, n - p->off, "{{", 2);
		size_t t = hit ? (size_t)(hit - s) : n;
		if (table_fence_node(p, t, &tail))
			continue;
		size_t textend = t, next, cb, ce, e;
		bool triple, standalone = false;
		char sigil = 0;

		if (hit == NULL) {
			struct node *nd = new_node(p, N_TEXT,
			    pos_at(p->file, p->line, p->col));
			nd->s = s + p->off;
			nd->len = n - p->off;
			*tail = nd;
			tail = &nd->next;
			advance(p, n);
			break;
		}
		triple = t + 2 < n && s[t + 2] == '{';
		cb = t + (triple ? 3 : 2);
		while (cb < n && is_blank(s[cb]))
			cb++;
		if (!triple && cb < n && s[cb] != '\0' &&
		    strchr("#^/>!&", s[cb]) != NULL)
			sigil = s[cb];
		e = tag_end(s, n, cb, triple ? "}}}" : "}}", sigil == '!');
		srcpos at = pos_of(p, t);
		if (e == (size_t)-1) {
			unclosed_tag(p, t, at, sigil, triple);
			continue;
		}
		next = e + (triple ? 3 : 2);
		ce = e;
		if (sigil)
			cb++;

		if (sigil && sigil != '&')
			standalone = standalone_tag(p, t, &textend, &next);
		if (textend > p->off) {
			struct node *nd = new_node(p, N_TEXT,
			    pos_at(p->file, p->line, p->col));
			nd->s = s + p->off;
			nd->len = textend - p->off;
			*tail = nd;
			tail = &nd->next;
		}

		if (sigil == '!') {
			advance(p, next);
			continue;
		}

		size_t segb[MAX_FILTERS + 1] = { 0 }, sege[MAX_FILTERS + 1] = { 0 };
		int nseg = split_filters(s, cb, ce, segb, sege);
		if (nseg < 0) {
			diag_error(at, "too many filters (at most %d)", MAX_FILTERS);
			p->failed = true;
			advance(p, next);
			continue;
		}
		size_t pb = segb[0], pe = sege[0];
		trim(s, &pb, &pe);
		const char *path = arena_strndup(p->a, s + pb, pe - pb);

		if (sigil == '>') {
			tail = partial_node(p, path, pe - pb, at, nseg, standalone, next, tail);
			advance(p, next);
			continue;
		}
		if (!valid_path(s, pb, pe)) {
			if (pb == pe)
				diag_error(at, "empty field name in %.*s",
				    (int)(next - t), s + t);
			else
				diag_error(at, "bad field name \"%s\" (no blanks "
				    "or braces in a name)", path);
			p->failed = true;
			advance(p, next);
			continue;
		}
		if (sigil == '#' || sigil == '^') {
			tail = open_section(p, at, sigil, path, pe - pb, nseg, stack, &depth, tail);
			advance(p, next);
			continue;
		}
		if (sigil == '/') {
			tail = close_section(p, at, path, stack, &depth, tail);
			advance(p, next);
			continue;
		}
		/* a field */
		struct node *nd = new_node(p, N_VAR, at);
		nd->s = path;
		nd->len = pe - pb;
		nd->raw = triple || sigil == '&';
		field_filters(p, nd, segb, sege, nseg);
		*tail = nd;
		tail = &nd->next;
		advance(p, next);
	}
	for (int k = depth - 1; k >= 0; k--) {
		struct node *o = stack[k].nd;
		diag_error(o->pos, "unclosed section {{%c%s}}: no {{/%s}} "
		    "follows", o->type == N_SECTION ? '#' : '^', o->s, o->s);
		p->failed = true;
	}
	return head;
}

/* ---- rendering -------------------------------------------------------------- */

struct frame {
	const rec *val;
	const rec *list;     /* the list being iterated, or NULL */
	size_t index;
};

struct rstate {
	arena *a;
	const tmpl_opts *o;
	abuf out;
	srcpos *lm;
	size_t nlm, caplm;
	bool at_start;       /* next output byte starts a line */
	struct frame *fr;
	int nfr, capfr;
	bool failed;
	bool toolarge;       /* MAX_OUTPUT or MAX_STEPS reached: stop rendering */
	unsigned long steps;
	srcpos origin;
	/* cache for the "key exists in a sibling item" check */
	const rec *sib_list;
	const char *sib_key;
	bool sib_ans;
	/* empty values already warned about (once per value, not per use):
	 * a set by address, open addressing (a scan per value was quadratic:
	 * 80,000 rows with an empty column took 1.6 s) */
	const rec **empty_seen;
	size_t nempty, capempty;   /* capempty: a power of two, or 0 */
	size_t nempty_warn;        /* empty-value warnings said (capped) */
};

#define TMPL_MAX_EMPTY_WARN 20   /* empty-value warnings per document (then a count) */

/* Add v to the set of empty values warned about; false if it was there. */
static bool
empty_first(struct rstate *st, const rec *v)
{
	if (2 * (st->nempty + 1) > st->capempty) {
		size_t cap = st->capempty ? 2 * st->capempty : 64;
		const rec **t = arena_alloc(st->a, cap * sizeof *t);
		memset(t, 0, cap * sizeof *t);
		for (size_t i = 0; i < st->capempty; i++) {
			const rec *r = st->empty_seen[i];
			if (r == NULL)
				continue;
			size_t h = (size_t)(((uintptr_t)r >> 4) * 0x9E3779B1u) & (cap - 1);
			while (t[h] != NULL)
				h = (h + 1) & (cap - 1);
			t[h] = r;
		}
		st->empty_seen = t;
		st->capempty = cap;
	}
	size_t h = (size_t)(((uintptr_t)v >> 4) * 0x9E3779B1u) & (st->capempty - 1);
	while (st->empty_seen[h] != NULL) {
		if (st->empty_seen[h] == v)
			return false;
		h = (h + 1) & (st->capempty - 1);
	}
	st->empty_seen[h] = v;
	st->nempty++;
	return true;
}

static bool
over_limit(struct rstate *st, size_t more, srcpos at)
{
	if (st->toolarge)
		return true;
	if (st->out.len + more <= MAX_OUTPUT)
		return false;
	diag_error(at, "the expanded text is larger than %d MB (sections over "
	    "long lists nested in each other?)", MAX_OUTPUT >> 20);
	st->toolarge = st->failed = true;
	return true;
}

static bool
over_steps(struct rstate *st, srcpos at)
{
	if (st->toolarge)
		return true;
	if (++st->steps <= MAX_STEPS)
		return false;
	diag_error(at, "the template takes more than %d million steps to expand "
	    "(sections over long lists nested in each other?)",
	    MAX_STEPS / 1000000);
	st->toolarge = st->failed = true;
	return true;
}

static void
mark_line(struct rstate *st, srcpos at)
{
	srcpos *sp = ARENA_PUSH(st->a, st->lm, st->nlm, st->caplm);
	*sp = at;
	sp->path = NULL;
	st->at_start = false;
}

/* Output text s[0..n): template text (`own`: each output line's origin is
 * its own template position) or an inserted value (every line it makes
 * comes from the tag at `at`). */
static void
emit_lines(struct rstate *st, const char *s, size_t n, srcpos at, bool own)
{
	size_t i = 0;
	int line = at.line, col = at.col;

	if (over_limit(st, n, at))
		return;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t j = nl ? (size_t)(nl - s) + 1 : n;
		if (st->at_start)
			mark_line(st, own ? pos_at(at.file, line, col) : at);
		abuf_put(&st->out, s + i, j - i);
		if (nl) {
			st->at_start = true;
			line++;
			col = 1;
		}
		i = j;
	}
}

/* Does the output so far end at the start of a line? */
static bool
out_at_line_start(struct rstate *st)
{
	return st->out.len == 0 || st->out.p[st->out.len - 1] == '\n';
}

/* Does the output line so far open a block and nothing more ("# ", "- ",
 * "1. ", "> ", or blanks)?  A value placed there starts a line of text as
 * much as one at a line start: its leading blanks would make an indented
 * code block ("-     代码"), its "1. " a number of its own. */
static bool
out_at_block_start(struct rstate *st)
{
	size_t e = st->out.len, b = e;
	if (out_at_line_start(st))
		return true;
	while (b > 0 && st->out.p[b - 1] != '\n')
		b--;
	const char *p = st->out.p;
	if (!is_blank(p[e - 1]))
		return false;
	for (size_t i = b; i < e; i++) {
		char c = p[i];
		if (is_blank(c) || strchr("#>-+*", c) != NULL)
			continue;
		if (c >= '0' && c <= '9') {
			while (i < e && p[i] >= '0' && p[i] <= '9')
				i++;
			if (i < e && (p[i] == '.' || p[i] == ')'))
				continue;
		}
		return false;
	}
	return true;
}

/* Does the line s[i..) hold only `c` and blanks? */
static bool
line_only(const char *s, size_t i, size_t n, char c)
{
	for (; i < n && s[i] != '\n'; i++)
		if (s[i] != c && !is_blank(s[i]) && s[i] != '\r')
			return false;
	return true;
}

/* Markdown-escape a literal value so that it renders as exactly its text.
 * Inline specials (\ ` * _ [ ] < & | ~) are always escaped.  At the start
 * of each line of the value, whatever would start a block is escaped: #,
 * >, "- " and "+ " (list items), "1. " and "1) ", a line of only = or -
 * (setext underlines).  Blanks that would indent a line into a code block
 * are dropped at line starts (and after a block's marker: "- {{v}}"), and
 * blanks that end a line would make a hard break: dropped too.  Data never
 * changes a document's structure. */
static void
md_escape(abuf *b, const char *s, size_t n, bool line_start)
{
	size_t i = 0;
	bool bol = true;

	/* CRs are dropped from the output, so drop them first: the checks
	 * below must see "1\r. " as the "1. " that cmark will get */
	if (memchr(s, '\r', n) != NULL) {
		char *t = arena_alloc(b->a, n);
		size_t m = 0;
		for (size_t k = 0; k < n; k++)
			if (s[k] != '\r')
				t[m++] = s[k];
		s = t;
		n = m;
	}
	while (i < n) {
		if (bol) {
			if (line_start)
				while (i < n && (is_blank(s[i]) || s[i] == '\r'))
					i++;
			if (i >= n)
				break;
			char c = s[i], nx = i + 1 < n ? s[i + 1] : '\n';
			bool blank_next = is_blank(nx) || nx == '\n' || nx == '\r';
			if (c == '#' || c == '>' ||
			    ((c == '-' || c == '+') && blank_next) ||
			    ((c == '-' || c == '=') && line_only(s, i, n, c))) {
				abuf_putc(b, '\\');
			} else if (c >= '0' && c <= '9') {
				size_t j = i;
				while (j < n && j - i < 10 && s[j] >= '0' && s[j] <= '9')
					j++;
				if (j < n && (s[j] == '.' || s[j] == ')') &&
				    (j + 1 == n || is_blank(s[j + 1]) ||
				    s[j + 1] == '\n' || s[j + 1] == '\r')) {
					abuf_put(b, s + i, j - i);
					abuf_putc(b, '\\');
					abuf_putc(b, s[j]);
					i = j + 1;
					bol = false;
					continue;
				}
			}
			bol = false;
		}
		char c = s[i];
		if (c == '\r') {
			i++;
			continue;
		}
		if (c == '\n') {
			abuf_putc(b, '\n');
			bol = true;
			line_start = true;
			i++;
			continue;
		}
		if (is_blank(c)) {
			/* blanks that end a line of the value (or the value) would
			 * make a hard line break ("x  \ny"): dropped */
			size_t j = i;
			while (j < n && is_blank(s[j]))
				j++;
			if (j == n || s[j] == '\n') {
				i = j;
				continue;
			}
		}
		if (c != '\0' && strchr("\\`*_[]<&|~", c) != NULL)
			abuf_putc(b, '\\');
		abuf_putc(b, c);
		i++;
	}
}

static void
push_frame(struct rstate *st, const rec *val, const rec *list, size_t ix)
{
	if (st->nfr == st->capfr) {
		size_t cap = (size_t)st->capfr;
		st->fr = arena_grow(st->a, st->fr, sizeof *st->fr, &cap,
		    (size_t)st->nfr + 1);
		st->capfr = (int)cap;
	}
	st->fr[st->nfr].val = val;
	st->fr[st->nfr].list = list;
	st->fr[st->nfr].index = ix;
	st->nfr++;
}

static const struct frame *
loop_frame(struct rstate *st)
{
	for (int i = st->nfr; i-- > 0;)
		if (st->fr[i].list != NULL)
			return &st->fr[i];
	return NULL;
}

static rec *
mk_bool(struct rstate *st, bool b)
{
	rec *r = rec_new(st->a, REC_BOOL, NOPOS);
	r->b = b;
	r->s = b ? "true" : "false";
	r->len = strlen(r->s);
	return r;
}

static rec *
mk_num(struct rstate *st, size_t v)
{
	char buf[32];
	int l = snprintf(buf, sizeof buf, "%zu", v);
	rec *r = rec_new_str(st->a, buf, (size_t)l, NOPOS);
	r->is_number = true;
	return r;
}

/* Does some item of `list` have `key` (so that this item lacking it means
 * "empty here", not a typo)? */
static bool
sibling_has(struct rstate *st, const rec *list, const char *key)
{
	if (st->sib_list == list && st->sib_key != NULL &&
	    strcmp(st->sib_key, key) == 0)
		return st->sib_ans;
	st->sib_list = list;
	st->sib_key = key;
	st->sib_ans = false;
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i] && list->v[i]->kind == REC_MAP &&
		    rec_map_get(list->v[i], key) != NULL) {
			st->sib_ans = true;
			break;
		}
	return st->sib_ans;
}

enum lookup_result { L_FOUND, L_MISSING, L_ERROR };

/* Will a missing value of this tag be reported, with a did-you-mean?  Not
 * when it has been already, nor with a 缺省 filter: the edit distances are
 * costly, and a section over a long list would compute them every round. */
static bool
wants_hint(const struct node *nd)
{
	if (nd->reported)
		return false;
	for (int i = 0; i < nd->nf; i++)
		if (nd->f[i].type == F_DEFAULT)
			return false;
	return true;
}

/* Resolve a path against the context stack.  On L_MISSING, *hint may hold
 * a suggestion ("did you mean …"). */
static enum lookup_result
lookup(struct rstate *st, struct node *nd, const rec **out, const char **hint)
{
	const char *path = nd->s;
	const char *dot = strchr(path, '.');
	size_t seglen = dot ? (size_t)(dot - path) : strlen(path);
	char *seg;

	*hint = NULL;
	*out = NULL;
	/* a lookup may search every frame: count them against MAX_STEPS */
	st->steps += (unsigned long)st->nfr;
	if (strcmp(path, ".") == 0) {
		*out = st->nfr ? st->fr[st->nfr - 1].val : NULL;
		return L_FOUND;
	}
	if (path[0] == '@') {
		const struct frame *lf = loop_frame(st);
		const char *v = path + 1;
		if (strcmp(v, "index") && strcmp(v, "number") &&
		    strcmp(v, "first") && strcmp(v, "last")) {
			if (!nd->reported)
				diag_error(nd->pos, "unknown loop variable %s (there "
				    "are @index, @number, @first and @last)", path);
			nd->reported = true;
			return L_ERROR;
		}
		if (lf == NULL) {
			if (!nd->reported)
				diag_error(nd->pos, "%s is only available inside a "
				    "{{#列表}}…{{/列表}} section", path);
			nd->reported = true;
			return L_ERROR;
		}
		if (strcmp(v, "index") == 0)
			*out = mk_num(st, lf->index);
		else if (strcmp(v, "number") == 0)
			*out = mk_num(st, lf->index + 1);
		else if (strcmp(v, "first") == 0)
			*out = mk_bool(st, lf->index == 0);
		else
			*out = mk_bool(st, lf->index + 1 == lf->list->n);
		return L_FOUND;
	}
	seg = arena_strndup(st->a, path, seglen);
	for (int i = st->nfr; i-- > 0;) {
		const rec *v = st->fr[i].val;
		const rec *first;
		if (v == NULL || v->kind != REC_MAP)
			continue;
		if (dot != NULL && (first = rec_map_get(v, path)) != NULL) {
			*out = first;
			return L_FOUND;
		}
		if ((first = rec_map_get(v, seg)) == NULL)
			continue;
		if (dot == NULL) {
			*out = first;
			return L_FOUND;
		}
		/* walk the rest, remembering the deepest map for a hint */
		const rec *cur = first;
		const char *p = dot + 1;
		for (;;) {
			const char *d2 = strchr(p, '.');
			size_t l = d2 ? (size_t)(d2 - p) : strlen(p);
			char *part = arena_strndup(st->a, p, l);
			const rec *nx = rec_path(cur, part);
			if (nx == NULL) {
				if (wants_hint(nd) && cur->kind == REC_MAP) {
					suggest sg;
					suggest_init(&sg, part);
					for (size_t k = 0; k < cur->n; k++)
						suggest_offer(&sg, cur->k[k]);
					const char *best = suggest_result(&sg);
					if (best)
						*hint = arena_printf(st->a, "%.*s%s",
						    (int)(p - path), path, best);
				}
				return L_MISSING;
			}
			if (d2 == NULL) {
				*out = nx;
				return L_FOUND;
			}
			cur = nx;
			p = d2 + 1;
		}
	}
	if (strcmp(path, "序号") == 0) {
		const struct frame *lf = loop_frame(st);
		if (lf != NULL) {
			*out = mk_num(st, lf->index + 1);
			return L_FOUND;
		}
	}
	/* missing here but present in a sibling item: empty, not a typo */
	for (int i = st->nfr; i-- > 0;)
		if (st->fr[i].list != NULL &&
		    sibling_has(st, st->fr[i].list, seg)) {
			*out = NULL;
			return L_FOUND;
		}
	/* a hint from every map in scope */
	if (wants_hint(nd)) {
		suggest sg;
		suggest_init(&sg, seg);
		for (int i = st->nfr; i-- > 0;) {
			const rec *v = st->fr[i].val;
			if (v == NULL || v->kind != REC_MAP)
				continue;
			for (size_t k = 0; k < v->n; k++)
				suggest_offer(&sg, v->k[k]);
		}
		const char *best = suggest_result(&sg);
		if (best)
			*hint = arena_printf(st->a, "%s%s", best, dot ? dot : "");
	}
	return L_MISSING;
}

/* When the data in reach holds a CSV row: "; the CSV FILE has no column
 * 联系人 — its columns: 序号, 单位, 得分" (the usual cause of an unknown
 * field in a merge: a column missing or named differently); else "". */
static const char *
csv_columns_hint(struct rstate *st, const char *field)
{
	for (int i = st->nfr; i-- > 0;) {
		const rec *v = st->fr[i].val;
		if (v == NULL || v->kind != REC_MAP)
			continue;
		const char *file = NULL;
		for (size_t k = 0; k < v->n && file == NULL; k++) {
			const char *f = v->v[k]->pos.file;
			size_t fl = f ? strlen(f) : 0;
			if (fl > 4 && strcasecmp(f + fl - 4, ".csv") == 0 && v->v[k]->pos.line > 0)
				file = f;
		}
		if (file == NULL)
			continue;
		/* the row's cells, in the file's order (line, then column) */
		size_t *ix = arena_alloc(st->a, (v->n + 1) * sizeof *ix), m = 0;
		for (size_t k = 0; k < v->n; k++) {
			const rec *c = v->v[k];
			if (c->pos.file == NULL || strcmp(c->pos.file, file) != 0 ||
			    c->kind != REC_STR || strcmp(v->k[k], "记录号") == 0)
				continue;
			size_t j = m++;
			for (; j > 0; j--) {
				const rec *p = v->v[ix[j - 1]];
				if (p->pos.line < c->pos.line ||
				    (p->pos.line == c->pos.line && p->pos.col <= c->pos.col))
					break;
				ix[j] = ix[j - 1];
			}
			ix[j] = k;
		}
		abuf b;
		abuf_init(&b, st->a);
		abuf_printf(&b, "; %s has no column %s (its columns: ", file, field);
		for (size_t j = 0; j < m; j++) {
			if (j == 30) {
				abuf_puts(&b, ", …");
				break;
			}
			abuf_printf(&b, "%s%s", j ? ", " : "", v->k[ix[j]]);
		}
		abuf_puts(&b, ")");
		return abuf_cstr(&b);
	}
	return "";
}

static void
report_missing(struct rstate *st, struct node *nd, const char *hint)
{
	st->failed = true;
	if (nd->reported)
		return;
	nd->reported = true;
	const char *cols = strchr(nd->s, '.') ? "" : csv_columns_hint(st, nd->s);
	if (*cols && hint)
		diag_error(nd->pos, "unknown field %s%s; did you mean %s?", nd->s, cols, hint);
	else if (*cols)
		diag_error(nd->pos, "unknown field %s%s", nd->s, cols);
	else if (hint)
		diag_error(nd->pos, "unknown field %s (did you mean %s?)", nd->s,
		    hint);
	else
		diag_error(nd->pos, "unknown field %s", nd->s);
}

/* A data value a filter cannot take: report at the value when it has a
 * position (the data is what is wrong), with a note at the tag. */
static void
report_value(struct rstate *st, struct node *nd, const rec *v,
             const char *what)
{
	st->failed = true;
	if (v != NULL && v->pos.file != NULL) {
		diag_error(v->pos, "%s \"%s\" %s", nd->s, v->s, what);
		if (!nd->noted)
			diag_note(nd->pos, "used here: {{%s | …}}", nd->s);
		nd->noted = true;
	} else if (!nd->reported) {
		diag_error(nd->pos, "%s \"%s\" %s", nd->s, v ? v->s : "", what);
		nd->reported = true;
	}
}

static void render_nodes(struct rstate *st, struct node *nd);

/* A field whose value is empty would print nothing (`检查发现问题个。`, a
 * 主送 of just `：`): a warning at the value (data file, row, column) —
 * under --strict, exit status 1 and no PDF — unless the tag has a 缺省
 * filter.  Once per value:
 * a field used twice in a record is one problem.  The tag is named in a
 * note, once. */
static void
warn_empty(struct rstate *st, struct node *nd, const rec *v)
{
	const char *key;

	if (st->o->empty_ok)
		return;
	for (int i = 0; i < nd->nf; i++)
		if (nd->f[i].type == F_DEFAULT)
			return;
	if (v != NULL && !empty_first(st, v))
		return;
	key = strrchr(nd->s, '.');
	key = key ? key + 1 : nd->s;
	if (v != NULL && v->pos.file != NULL) {
		diag_mark_empty(nd->s);   /* a data value: for a batch's summary (merge.c) */
		if (st->nempty_warn++ >= TMPL_MAX_EMPTY_WARN)
			return;   /* counted; tmpl_expand says how many more */
		const char *where = v->pos.path == NULL && v->pos.line > 0 ?
		    arena_printf(st->a, "row %d, column %s", v->pos.line, key) :
		    arena_printf(st->a, "%s", key);
		diag_lint(v->pos, "%s is empty in this record (%s), so the "
		    "document would print nothing there; fill it in, or give "
		    "{{%s | 缺省:\"…\"}} in the template", nd->s, where, nd->s);
		if (!nd->noted)
			diag_note(nd->pos, "used here: {{%s}}", nd->s);
		nd->noted = true;
	} else if (!nd->reported) {
		diag_lint(nd->pos, "%s is empty, so the document would print "
		    "nothing there; give a value, or write {{%s | 缺省:\"…\"}}",
		    nd->s, nd->s);
		nd->reported = true;
	}
}

/* A list or a group of fields where text is wanted: an error, unless it
 * is empty and a 缺省 filter gives the text (then *v becomes NULL). */
static bool
check_scalar(struct rstate *st, struct node *nd, const rec **v)
{
	if (*v == NULL || ((*v)->kind != REC_LIST && (*v)->kind != REC_MAP))
		return true;
	bool any_default = false;
	for (int i = 0; i < nd->nf; i++)
		if (nd->f[i].type == F_DEFAULT)
			any_default = true;
	if (!(any_default && (*v)->n == 0)) {
		st->failed = true;
		if (!nd->reported)
			diag_error(nd->pos, (*v)->kind == REC_LIST ?
			    "%s is a list, not text: repeat it with "
			    "{{#%s}}…{{/%s}}" : "%s is a group of fields, "
			    "not text: name one, as in {{%s.名称}}%.0s",
			    nd->s, nd->s, nd->s);
		nd->reported = true;
		return false;
	}
	*v = NULL;
	return true;
}

/* 中文数字 of a whole number: its text into tmp, or the problem. */
static const char *
filter_cnum(abuf *tmp, const char *text, size_t tlen)
{
	dec dn;
	dec_status ds = dec_parse(text, tlen, &dn);
	if (ds != DEC_OK)
		return ds == DEC_OVERFLOW ? "is too large for 中文数字" : "is not a number";
	if (!dec_is_int(dn))
		return "is not a whole number (中文数字 writes whole numbers)";
	dn = dec_trim(dn);
	unsigned long long val = (unsigned long long)(dn.c < 0 ? -dn.c : dn.c);
	if (val > CN_MAX)
		return "is too large for 中文数字";
	if (dn.c < 0)
		abuf_puts(tmp, "负");
	cn_number(tmp, val);
	return NULL;
}

/* One formatting filter (not 缺省) on a non-empty text: the result into
 * tmp, or false after reporting the value (shown) it cannot format. */
static bool
apply_filter(struct rstate *st, struct node *nd, const struct filter *f,
             const char *text, size_t tlen, const rec *shown, abuf *tmp)
{
	const char *problem = NULL;
	switch (f->type) {
	case F_DATE: {
		gw_date dt;
		date_status ds = date_parse(text, tlen, &dt);
		if (ds != DATE_OK)
			problem = date_problem(st->a, ds, dt);
		else
			abuf_puts(tmp, f->arg != NULL ? date_cn_full(st->a, dt) : date_cn(st->a, dt));
		break;
	}
	case F_CNUM:
		problem = filter_cnum(tmp, text, tlen);
		break;
	case F_DECIMAL:
	case F_THOUSANDS: {
		dec_status ds = f->type == F_DECIMAL ?
		    round_text(tmp, text, tlen, f->digits) :
		    thousands(tmp, text, tlen);
		if (ds != DEC_OK)
			problem = ds == DEC_OVERFLOW ? "has more than 18 digits" : "is not a number";
		break;
	}
	case F_AMOUNT:
		if (!amount(tmp, text, tlen))
			problem = "is not an amount (大写金额 takes a number from 0 up, with at "
			    "most 16 digits before the point)";
		break;
	case F_DEFAULT:
		break;
	}
	if (problem != NULL) {
		report_value(st, nd, shown, problem);
		return false;
	}
	return true;
}

/* The value's text into the output, Markdown-escaped unless raw ({{{…}}})
 * or the options say not to. */
static void
emit_value(struct rstate *st, struct node *nd, const char *text, size_t tlen)
{
	if (nd->raw || st->o == NULL || !st->o->markdown_escape) {
		emit_lines(st, text, tlen, nd->pos, false);
		return;
	}
	abuf tmp;
	abuf_init(&tmp, st->a);
	md_escape(&tmp, text, tlen, out_at_block_start(st));
	emit_lines(st, tmp.p ? tmp.p : "", tmp.len, nd->pos, false);
}

static void
render_var(struct rstate *st, struct node *nd)
{
	const rec *v;
	const char *hint;
	enum lookup_result lr = lookup(st, nd, &v, &hint);
	bool missing = lr == L_MISSING;
	const char *text;
	size_t tlen;
	abuf tmp;

	if (lr == L_ERROR) {
		st->failed = true;
		return;
	}
	if (!missing && !check_scalar(st, nd, &v))
		return;
	text = v != NULL && v->s != NULL ? v->s : "";
	tlen = v != NULL && v->s != NULL ? v->len : 0;
	if (!missing && tlen == 0)
		warn_empty(st, nd, v);
	for (int i = 0; i < nd->nf; i++) {
		struct filter *f = &nd->f[i];
		if (f->type == F_DEFAULT) {
			if (missing || tlen == 0) {
				text = f->arg;
				tlen = strlen(f->arg);
				missing = false;
				v = NULL;
			}
			continue;
		}
		if (missing)
			break;
		if (tlen == 0)       /* formatting filters pass "" through */
			continue;
		abuf_init(&tmp, st->a);
		rec tv = { .kind = REC_STR, .s = text, .len = tlen };
		if (!apply_filter(st, nd, f, text, tlen, v ? v : &tv, &tmp))
			return;
		text = abuf_cstr(&tmp);
		tlen = tmp.len;
		v = NULL;
	}
	if (missing) {
		report_missing(st, nd, hint);
		return;
	}
	emit_value(st, nd, text, tlen);
}

static void
render_section(struct rstate *st, struct node *nd)
{
	const rec *v;
	const char *hint;
	enum lookup_result lr = lookup(st, nd, &v, &hint);

	if (lr == L_ERROR) {
		st->failed = true;
		return;
	}
	if (lr == L_MISSING) {
		report_missing(st, nd, hint);
		return;
	}
	if (nd->type == N_INVERTED) {
		if (!rec_truthy(v))
			render_nodes(st, nd->child);
		return;
	}
	if (!rec_truthy(v))
		return;
	if (v->kind == REC_LIST) {
		for (size_t i = 0; i < v->n && !over_steps(st, nd->pos); i++) {
			push_frame(st, v->v[i], v, i);
			render_nodes(st, nd->child);
			st->nfr--;
		}
		return;
	}
	push_frame(st, v, NULL, 0);
	render_nodes(st, nd->child);
	st->nfr--;
}

static void
render_nodes(struct rstate *st, struct node *nd)
{
	for (; nd != NULL && !over_steps(st, nd->pos); nd = nd->next) {
		switch (nd->type) {
		case N_TEXT:
			emit_lines(st, nd->s, nd->len, nd->pos, true);
			break;
		case N_VAR:
			render_var(st, nd);
			break;
		case N_SECTION:
		case N_INVERTED:
			render_section(st, nd);
			break;
		case N_PARTIAL:
			render_nodes(st, nd->child);
			break;
		}
	}
}

char *
tmpl_expand(arena *a, const char *text, size_t n, srcpos origin,
            const rec *ctx, const tmpl_opts *o, size_t *outlen, linemap *map)
{
	struct pcache *cache = NULL;
	struct tparser p = { 0 };
	struct rstate st = { 0 };
	struct node *nodes;

	p.a = a;
	p.o = o;
	p.file = origin.file;
	p.s = text;
	p.n = n;
	p.line = origin.line > 0 ? origin.line : 1;
	p.col = origin.col > 0 ? origin.col : 1;
	p.cache = &cache;
	nodes = parse_nodes(&p);
	if (outlen)
		*outlen = 0;
	if (map) {
		map->n = 0;
		map->pos = NULL;
	}
	if (p.failed)
		return NULL;

	st.a = a;
	st.o = o;
	abuf_init(&st.out, a);
	st.at_start = true;
	if (ctx != NULL)
		push_frame(&st, ctx, NULL, 0);
	render_nodes(&st, nodes);
	if (st.nempty_warn > TMPL_MAX_EMPTY_WARN)
		diag_lint(origin, "and %zu more empty values (only the first %d are named)",
		    st.nempty_warn - TMPL_MAX_EMPTY_WARN, TMPL_MAX_EMPTY_WARN);
	if (st.failed)
		return NULL;
	if (outlen)
		*outlen = st.out.len;
	if (map) {
		map->n = st.nlm;
		map->pos = st.lm;
	}
	return (char *)abuf_cstr(&st.out);
}

/* Nodes already expanded (below the top), by address: YAML aliases share
 * nodes, and ten levels of ten aliases are ten billion paths to a few
 * hundred nodes.  Open addressing; the arena keeps the old tables. */
struct memo {
	const rec **from;
	rec **to;
	size_t cap, n;
};

static size_t
memo_hash(const rec *r, size_t cap)
{
	return (size_t)(((uintptr_t)r >> 4) * 0x9E3779B1u) & (cap - 1);
}

static rec **
memo_get(struct memo *m, const rec *r)
{
	if (m->cap == 0)
		return NULL;
	for (size_t h = memo_hash(r, m->cap);; h = (h + 1) & (m->cap - 1)) {
		if (m->from[h] == r)
			return &m->to[h];
		if (m->from[h] == NULL)
			return NULL;
	}
}

static void
memo_put(arena *a, struct memo *m, const rec *r, rec *to)
{
	if (2 * (m->n + 1) > m->cap) {
		struct memo g = { 0 };
		g.cap = m->cap ? 2 * m->cap : 64;
		g.from = arena_alloc(a, g.cap * sizeof *g.from);
		g.to = arena_alloc(a, g.cap * sizeof *g.to);
		for (size_t i = 0; i < m->cap; i++)
			if (m->from[i] != NULL)
				memo_put(a, &g, m->from[i], m->to[i]);
		*m = g;
	}
	size_t h = memo_hash(r, m->cap);
	while (m->from[h] != NULL)
		h = (h + 1) & (m->cap - 1);
	m->from[h] = r;
	m->to[h] = to;
	m->n++;
}

/* Expand the strings of a value tree.  Containers below the top are copied
 * when something in them changes, so a node shared through a YAML alias is
 * never expanded twice in place; and it is expanded once (memo). */
static rec *
expand_rec(arena *a, rec *r, const rec *ctx, const tmpl_opts *o, bool top,
           bool *ok, int depth, struct memo *memo)
{
	rec **seen;

	if (r == NULL || depth > 4096)
		return r;
	if (!top && (seen = memo_get(memo, r)) != NULL)
		return *seen;
	if (r->kind == REC_STR) {
		if (memmem(r->s, r->len, "{{", 2) == NULL)
			return r;
		size_t len;
		char *s = tmpl_expand(a, r->s, r->len, r->pos, ctx, o, &len, NULL);
		if (s == NULL) {
			*ok = false;
			if (!top)
				memo_put(a, memo, r, r);
			return r;
		}
		rec *nr = top ? r : rec_new(a, REC_STR, r->pos);
		nr->s = s;
		nr->len = len;
		nr->is_number = false;
		if (!top)
			memo_put(a, memo, r, nr);
		return nr;
	}
	if (r->kind != REC_LIST && r->kind != REC_MAP)
		return r;
	rec *dst = r;
	for (size_t i = 0; i < r->n; i++) {
		rec *c = expand_rec(a, r->v[i], ctx, o, false, ok, depth + 1, memo);
		if (c == r->v[i])
			continue;
		if (dst == r && !top) {
			dst = rec_new(a, r->kind, r->pos);
			dst->n = dst->cap = r->n;
			dst->v = arena_alloc(a, sizeof *dst->v * (r->n ? r->n : 1));
			memcpy(dst->v, r->v, sizeof *dst->v * r->n);
			if (r->kind == REC_MAP) {
				dst->k = arena_alloc(a, sizeof *dst->k *
				    (r->n ? r->n : 1));
				memcpy((void *)dst->k, r->k, sizeof *dst->k * r->n);
			}
		}
		dst->v[i] = c;
	}
	if (!top)
		memo_put(a, memo, r, dst);
	return dst;
}

bool
tmpl_expand_rec(arena *a, rec *r, const rec *ctx, const tmpl_opts *o)
{
	bool ok = true;
	struct memo memo = { 0 };

	expand_rec(a, r, ctx, o, true, &ok, 0, &memo);
	return ok;
}
