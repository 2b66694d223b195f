/* diag.c — formatting and counting of diagnostics.
 *
 * Each message is formatted whole into one buffer and written with one
 * call, so that lines from several processes never interleave.  Control
 * characters and bidi controls (which may come from data) are shown
 * escaped: \t, \x1B, <U+202E>.  In a batch a message said once is not said
 * again (diag_set_dedup), and a worker process hands its lines to the
 * parent (diag_set_sink) instead of writing them. */
#include "diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static FILE *out;
static bool strict, quiet_notes, dedup;
static int counts[4];
static int max_errors = 100;
static bool said_max;
static char empty_names[200];   /* see diag_mark_empty */
static diag_sink_fn sink;
static void *sink_ctx;

static const char *const names[] = { "note", "warning", "error", "error" };

void diag_set_strict(bool s) { strict = s; }
void diag_set_quiet_notes(bool q) { quiet_notes = q; }
void diag_set_stream(FILE *f) { out = f; }
void diag_set_max_errors(int n) { max_errors = n; }
void diag_set_sink(diag_sink_fn fn, void *ctx) { sink = fn; sink_ctx = ctx; }

/* ---- lines already said (a batch says each problem once) ------------------ */

static char **seen;
static size_t nseen, capseen;   /* open addressing; capseen a power of 2 */

static uint64_t
hash_line(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static void
seen_free(void)
{
	for (size_t i = 0; i < capseen; i++)
		free(seen[i]);
	free(seen);
	seen = NULL;
	nseen = capseen = 0;
}

/* true if the line was said before; remembers it otherwise */
static bool
seen_before(const char *s, size_t n)
{
	if (2 * (nseen + 1) > capseen) {
		size_t nc = capseen ? 2 * capseen : 256;
		char **ns = calloc(nc, sizeof *ns);
		if (ns == NULL)
			return false;
		for (size_t i = 0; i < capseen; i++)
			if (seen[i]) {
				size_t k = hash_line(seen[i], strlen(seen[i])) & (nc - 1);
				while (ns[k])
					k = (k + 1) & (nc - 1);
				ns[k] = seen[i];
			}
		free(seen);
		seen = ns;
		capseen = nc;
	}
	size_t k = hash_line(s, n) & (capseen - 1);
	for (; seen[k]; k = (k + 1) & (capseen - 1))
		if (strlen(seen[k]) == n && memcmp(seen[k], s, n) == 0)
			return true;
	seen[k] = malloc(n + 1);
	if (seen[k] == NULL)
		return false;
	memcpy(seen[k], s, n);
	seen[k][n] = '\0';
	nseen++;
	return false;
}

void
diag_set_dedup(bool on)
{
	dedup = on;
	if (!on)
		seen_free();
}

void
diag_emit_line(const char *line, size_t n)
{
	FILE *f = out ? out : stderr;

	if (dedup && seen_before(line, n))
		return;
	/* one write: stderr is unbuffered, and a whole line in one write(2)
	 * never mixes with another process's line */
	fwrite(line, 1, n, f);
	fflush(f);
}

/* ---- formatting ------------------------------------------------------------- */

typedef struct {
	char *p;
	size_t n, cap;
} lbuf;

static void
lb_put(lbuf *b, const char *s, size_t n)
{
	if (b->p == NULL)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t nc = b->cap * 2 + n + 64;
		char *np = realloc(b->p, nc);
		if (np == NULL) {
			free(b->p);
			b->p = NULL;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* Should this code point be shown escaped?  C0, DEL, C1, and the controls
 * that reorder or hide text on a terminal. */
bool
diag_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	       cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

/* s, with control characters escaped */
static void
lb_put_escaped(lbuf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (l == 0)
			l = 1;
		if (cp != UTF8_BAD && !diag_is_control(cp)) {
			i += l;
			continue;
		}
		lb_put(b, s + run, i - run);
		char e[16];
		if (cp == UTF8_BAD)
			snprintf(e, sizeof e, "\\x%02X", (unsigned char)s[i]), l = 1;
		else if (cp == '\t')
			snprintf(e, sizeof e, "\\t");
		else if (cp == '\n')
			snprintf(e, sizeof e, "\\n");
		else if (cp == '\r')
			snprintf(e, sizeof e, "\\r");
		else if (cp < 0x80)
			snprintf(e, sizeof e, "\\x%02X", (unsigned)cp);
		else
			snprintf(e, sizeof e, "<U+%04X>", (unsigned)cp);
		lb_put(b, e, strlen(e));
		i += l;
		run = i;
	}
	lb_put(b, s + run, n - run);
}

void
diag_reset(void)
{
	for (int i = 0; i < 4; i++)
		counts[i] = 0;
	said_max = false;
	empty_names[0] = '\0';
}

/* The names of the empty values reported since diag_reset, "a、b", at most
 * a line's worth (a batch's summary lists them per record). */
void
diag_mark_empty(const char *name)
{
	static const char sep[] = "、", more[] = "、…";
	size_t have = strlen(empty_names), n = strlen(name);
	for (const char *p = empty_names; *p != '\0';) {     /* each name once */
		const char *e = strstr(p, sep);
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == n && memcmp(p, name, n) == 0)
			return;
		p += k + (e ? sizeof sep - 1 : 0);
	}
	if (have >= sizeof more - 1 && strcmp(empty_names + have - (sizeof more - 1), more) == 0)
		return;                                         /* full already */
	if (have + n + 2 * sizeof sep + sizeof more >= sizeof empty_names) {
		strcat(empty_names, more);
		return;
	}
	if (have)
		strcat(empty_names, sep);
	strcat(empty_names, name);
}

const char *
diag_empty_values(void)
{
	return empty_names;
}

int
diag_count(enum diag_level lv)
{
	return counts[lv];
}

bool
diag_failed(void)
{
	return counts[DIAG_ERROR] + counts[DIAG_FATAL] > 0;
}

int
diag_exit_status(void)
{
	if (counts[DIAG_FATAL])
		return 3;
	if (counts[DIAG_ERROR])
		return 2;
	if (strict && counts[DIAG_WARNING])
		return 1;
	return 0;
}

static void
emit(lbuf *b)
{
	if (b->p == NULL) {
		static const char oom[] = "gongwen: error: out of memory for a message\n";
		diag_emit_line(oom, sizeof oom - 1);
		return;
	}
	if (sink)
		sink(b->p, b->n, sink_ctx);
	else
		diag_emit_line(b->p, b->n);
	free(b->p);
}

void
vdiag(enum diag_level lv, srcpos pos, const char *fmt, va_list ap)
{
	counts[lv]++;
	if (lv == DIAG_NOTE && quiet_notes)
		return;
	lbuf b = { malloc(256), 0, 256 };
	if (lv >= DIAG_ERROR && counts[DIAG_ERROR] + counts[DIAG_FATAL] > max_errors) {
		if (!said_max) {
			static const char s[] = "gongwen: note: too many errors; the rest are not shown\n";
			lb_put(&b, s, sizeof s - 1);
			emit(&b);
			said_max = true;
		} else {
			free(b.p);
		}
		return;
	}
	lb_put(&b, "gongwen: ", 9);
	if (pos.file != NULL) {
		lb_put_escaped(&b, pos.file, strlen(pos.file));
		char num[32];
		if (pos.line > 0) {
			snprintf(num, sizeof num, ":%d", pos.line);
			lb_put(&b, num, strlen(num));
			if (pos.col > 0) {
				snprintf(num, sizeof num, ":%d", pos.col);
				lb_put(&b, num, strlen(num));
			}
		}
		lb_put(&b, ": ", 2);
	}
	if (pos.path != NULL) {
		lb_put_escaped(&b, pos.path, strlen(pos.path));
		lb_put(&b, ": ", 2);
	}
	lb_put(&b, names[lv], strlen(names[lv]));
	lb_put(&b, ": ", 2);
	char small[512], *msg = small;
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(small, sizeof small, fmt, aq);
	va_end(aq);
	if (n >= (int)sizeof small) {
		msg = malloc((size_t)n + 1);
		if (msg)
			vsnprintf(msg, (size_t)n + 1, fmt, ap);
	}
	if (n > 0 && msg)
		lb_put_escaped(&b, msg, (size_t)n);
	if (msg != small)
		free(msg);
	lb_put(&b, "\n", 1);
	emit(&b);
}

void
diag(enum diag_level lv, srcpos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(lv, pos, fmt, ap);
	va_end(ap);
}

void
diag_lint(srcpos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(DIAG_WARNING, pos, fmt, ap);   /* --strict: exit status 1, no PDF */
	va_end(ap);
}

void
diag_say(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	/* one line, one write (and said once in a batch) */
	memcpy(buf, "gongwen: ", 9);
	va_start(ap, fmt);
	int n = vsnprintf(buf + 9, sizeof buf - 10, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = 9 + ((size_t)n < sizeof buf - 10 ? (size_t)n : sizeof buf - 11);
	buf[len++] = '\n';
	diag_emit_line(buf, len);
}
