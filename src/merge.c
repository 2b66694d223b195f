/* merge.c — mail merge.
 *
 * The records are rendered by worker processes forked after the fonts are
 * open (so each worker opens nothing again); the parent hands out record
 * numbers one at a time over a pipe per worker and reads results from a
 * shared pipe.  SIGINT/SIGTERM stop the hand-out: workers ignore them and
 * finish the document they are writing (every PDF is written to a temporary
 * name and renamed when complete), the parent waits and says what was done. */
#include "merge.h"
#include "archive.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "dl.h"
#include "file.h"
#include "page.h"
#include "pdf_out.h"
#include "utf8.h"

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

char *
merge_sanitize(arena *a, const char *s)
{
	abuf b;
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	char enc[4];

	abuf_init(&b, a);
	while (i < n) {
		size_t l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == UTF8_BAD || cp < 0x20 || cp == 0x7F || cp == '/' || cp == '\\' ||
		    (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
			abuf_putc(&b, '_');
		else
			abuf_put(&b, enc, utf8_encode(cp, enc));
		i += l;
	}
	abuf_cstr(&b);
	/* no "..", no leading dot or blank */
	for (char *p = strstr(b.p, ".."); p; p = strstr(p, ".."))
		p[0] = '_';
	char *p = b.p;
	while (*p == '.' || *p == ' ')
		*p++ = '_';
	return b.p;
}

/* A copy of a value tree with every string made safe for a file name. */
static rec *
sanitized(arena *a, const rec *r)
{
	rec *c = rec_new(a, r->kind, r->pos);
	c->b = r->b;
	c->is_number = r->is_number;
	if (r->kind == REC_STR || r->kind == REC_BOOL) {
		c->s = merge_sanitize(a, r->s);
		c->len = strlen(c->s);
	}
	for (size_t i = 0; i < r->n; i++) {
		/* a list has no place in a file name: not copied, so that a record
		 * does not copy every other record (calc's 考核结果.排名, …) */
		if (r->kind == REC_MAP && r->v[i]->kind == REC_LIST)
			continue;
		if (r->kind == REC_MAP)
			rec_map_set(a, c, r->k[i], sanitized(a, r->v[i]));
		else
			rec_list_push(a, c, sanitized(a, r->v[i]));
	}
	return c;
}

/* The data one record sees: the top level, then the record's own fields
 * (which win), and 记录号 = its 1-based number. */
static rec *
record_ctx(arena *a, const rec *data, const rec *row, size_t i)
{
	rec *ctx = rec_new(a, REC_MAP, NOPOS);
	rec_merge(a, ctx, data);
	rec_merge(a, ctx, row);
	char num[32];
	snprintf(num, sizeof num, "%zu", i + 1);
	rec *n = rec_new_str(a, num, strlen(num), row->pos);
	n->is_number = true;
	rec_map_set(a, ctx, "记录号", n);
	return ctx;
}

/* Render record i to its file; returns the record's exit status. */
static int
render_record(const render_tmpl *t, const rec *data, const rec *row, size_t i,
              const char *out, font_set *fs)
{
	arena *a = arena_new();
	diag_reset();
	archive_record(row, i);
	render_pdf(a, t, record_ctx(a, data, row, i), fs, out);
	arena_free(a);
	return diag_exit_status();
}

struct result { int idx; int status; int w; };

static void
worker(int w, int jobs_fd, int res_fd, const render_tmpl *t, const rec *data,
       const rec *rows, char **outs, font_set *fs)
{
	int idx;

	signal(SIGINT, SIG_IGN);    /* finish the PDF in hand; the parent stops us */
	signal(SIGTERM, SIG_IGN);
	for (;;) {
		ssize_t r = read(jobs_fd, &idx, sizeof idx);
		if (r != (ssize_t)sizeof idx)
			break;
		struct result res = { idx, 0, w };
		res.status = render_record(t, data, rows->v[idx], (size_t)idx, outs[idx], fs);
		if (write(res_fd, &res, sizeof res) != (ssize_t)sizeof res)
			break;
	}
	_exit(0);
}

static void
progress_line(size_t done, size_t total, double t0)
{
	double el = now() - t0, rate = el > 0 ? (double)done / el : 0;
	double left = rate > 0 ? (double)(total - done) / rate : 0;
	fprintf(stderr, "\r  %zu/%zu  %.0f/s  %.0f s left   ", done, total, rate, left);
	fflush(stderr);
}

static int
run_parallel(const render_tmpl *t, const rec *data, const rec *rows, char **outs,
             font_set *fs, const merge_opts *mo, int *status, size_t *ndone)
{
	size_t total = rows->n, next = 0, done = 0;
	int nw = mo->jobs;
	int res_pipe[2];
	int *job_fd = xcalloc((size_t)nw, sizeof *job_fd);
	pid_t *pid = xcalloc((size_t)nw, sizeof *pid);
	int *busy = xcalloc((size_t)nw, sizeof *busy);
	bool failed = false;
	double t0 = now();

	if ((size_t)nw > total)
		nw = (int)total;
	if (pipe(res_pipe) != 0) {
		diag_fatal(NOPOS, "cannot create a pipe: %s", strerror(errno));
		return 3;
	}
	fflush(stdout);
	fflush(stderr);
	for (int w = 0; w < nw; w++) {
		int jp[2];
		if (pipe(jp) != 0) {
			diag_fatal(NOPOS, "cannot create a pipe: %s", strerror(errno));
			nw = w;
			break;
		}
		pid[w] = fork();
		if (pid[w] < 0) {
			diag_fatal(NOPOS, "cannot start a worker: %s", strerror(errno));
			close(jp[0]);
			close(jp[1]);
			nw = w;
			break;
		}
		if (pid[w] == 0) {
			close(jp[1]);
			close(res_pipe[0]);
			for (int k = 0; k < w; k++)
				close(job_fd[k]);
			worker(w, jp[0], res_pipe[1], t, data, rows, outs, fs);
		}
		close(jp[0]);
		job_fd[w] = jp[1];
	}
	close(res_pipe[1]);
	/* two jobs in hand per worker keep it busy while we read results */
	for (int round = 0; round < 2; round++)
		for (int w = 0; w < nw && next < total; w++) {
			int idx = (int)next++;
			if (write(job_fd[w], &idx, sizeof idx) == (ssize_t)sizeof idx)
				busy[w]++;
		}
	while (done < next) {
		struct result res;
		ssize_t r = read(res_pipe[0], &res, sizeof res);
		if (r < 0 && errno == EINTR)
			continue;
		if (r != (ssize_t)sizeof res)
			break;                    /* a worker died */
		status[res.idx] = res.status;
		done++;
		if (res.w >= 0 && res.w < nw)
			busy[res.w]--;
		if (res.status >= 2)
			failed = true;
		if (mo->progress)
			progress_line(done, total, t0);
		bool go_on = !stop_requested && (!failed || mo->keep_going);
		if (go_on && next < total) {
			/* to the worker with the fewest records in hand */
			int best = 0;
			for (int k = 1; k < nw; k++)
				if (busy[k] < busy[best])
					best = k;
			int idx = (int)next++;
			if (write(job_fd[best], &idx, sizeof idx) == (ssize_t)sizeof idx)
				busy[best]++;
		}
	}
	for (int w = 0; w < nw; w++)
		close(job_fd[w]);
	for (int w = 0; w < nw; w++) {
		int st;
		while (waitpid(pid[w], &st, 0) < 0 && errno == EINTR)
			;
	}
	close(res_pipe[0]);
	if (mo->progress)
		fputs("\r\033[K", stderr);
	*ndone = done;
	free(job_fd);
	free(pid);
	free(busy);
	return 0;
}

/* --combine: every record in one PDF, each starting on an odd page. */
static int
run_combined(const render_tmpl *t, const rec *data, const rec *rows, font_set *fs,
             const merge_opts *mo, int *status)
{
	arena *a = arena_new();
	dl_doc *all = arena_alloc(a, sizeof *all);
	dl_frame portrait = pg_frame_gbt(false);
	pg_engine *P = pg_new(a, all, &portrait);
	bool bad = false;

	memset(all, 0, sizeof *all);
	all->width = portrait.width;
	all->height = portrait.height;
	all->date = -1;
	for (size_t i = 0; i < rows->n && !stop_requested; i++) {
		dl_doc *dl = render_layout(a, t, record_ctx(a, data, rows->v[i], i), fs);
		if (dl == NULL) {
			status[i] = 2;
			bad = true;
			if (!mo->keep_going)
				break;
			continue;
		}
		if (all->title == NULL) {
			all->title = dl->title;
			all->author = dl->author;
			all->date = dl->date;
		}
		pg_append(P, dl);
	}
	if (!bad || mo->keep_going) {
		if (all->npages == 0)
			diag_error(NOPOS, "no record could be rendered; %s not written", mo->combine);
		else
			render_write(all, fs, mo->combine);
	}
	int rc = diag_exit_status();
	arena_free(a);
	return rc;
}

/* The list of records, each a map; NULL after an error. */
static rec *
records(arena *a, rec *data, const merge_opts *mo)
{
	rec *rows = rec_path(data, mo->each);

	if (rows == NULL || rows->kind != REC_LIST) {
		abuf keys;
		abuf_init(&keys, a);
		for (size_t i = 0; data && i < data->n; i++)
			abuf_printf(&keys, "%s%s", i ? ", " : "", data->k[i]);
		diag_error(NOPOS, "--each %s: the data has no list of that name%s%s", mo->each,
		    keys.len ? "; it has: " : "", keys.len ? abuf_cstr(&keys) : "");
		return NULL;
	}
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i]->kind != REC_MAP) {
			diag_error(rows->v[i]->pos, "--each %s: item %zu is not a record with fields",
			    mo->each, i + 1);
			return NULL;
		}
	if (rows->n == 0) {
		diag_error(rows->pos, "--each %s: the list is empty; nothing to render", mo->each);
		return NULL;
	}
	return rows;
}

/* Every file name first: sanitised, distinct, writable (file_check_output).
 * NULL after errors. */
static char **
output_names(arena *a, const render_tmpl *t, const rec *data, const rec *rows,
             const char *pattern)
{
	char **outs = arena_alloc(a, rows->n * sizeof *outs);
	tmpl_opts po = t->to;
	bool ok = true;

	po.markdown_escape = false;
	for (size_t i = 0; i < rows->n; i++) {
		rec *ctx = sanitized(a, record_ctx(a, data, rows->v[i], i));
		size_t ol;
		char *name = tmpl_expand(a, pattern, strlen(pattern), pos_at("--output", 1, 1),
		    ctx, &po, &ol, NULL);
		if (name == NULL)
			return NULL;
		const char *base = strrchr(name, '/');
		base = base ? base + 1 : name;
		if (*base == '\0' || strcmp(base, ".pdf") == 0) {
			diag_error(rows->v[i]->pos, "record %zu: the output pattern \"%s\" gives "
			    "an empty file name", i + 1, pattern);
			ok = false;
		}
		outs[i] = name;
		for (size_t j = 0; j < i; j++)
			if (strcmp(outs[j], name) == 0) {
				diag_error(rows->v[i]->pos, "records %zu and %zu both give the file "
				    "name %s; add a distinguishing field to --output", j + 1, i + 1,
				    name);
				ok = false;
				break;
			}
	}
	/* the one output check, for every name */
	for (size_t i = 0; i < rows->n && ok; i++)
		ok = file_check_output(outs[i]);
	return ok ? outs : NULL;
}

/* One PDF per record, in this process or in workers. */
static void
run_separate(const render_tmpl *t, const rec *data, const rec *rows, char **outs,
             font_set *fs, const merge_opts *mo, int *status, size_t *ndone)
{
	double t0 = now();

	diag_set_quiet_notes(true);   /* the font notes were said once already */
	pdf_set_batch(true);
	if (mo->jobs <= 1) {
		for (size_t i = 0; i < rows->n && !stop_requested; i++) {
			status[i] = render_record(t, data, rows->v[i], i, outs[i], fs);
			(*ndone)++;
			if (mo->progress)
				progress_line(*ndone, rows->n, t0);
			if (status[i] >= 2 && !mo->keep_going)
				break;
		}
		if (mo->progress)
			fputs("\r\033[K", stderr);
	} else {
		run_parallel(t, data, rows, outs, fs, mo, status, ndone);
	}
	diag_set_quiet_notes(false);
	pdf_set_batch(false);
}

/* What was written, what failed, what was not done; the exit status. */
static int
summary(arena *a, const rec *rows, const int *status, const merge_opts *mo, double el)
{
	size_t good = 0, bad = 0, skipped = 0;
	int worst = 0;

	for (size_t i = 0; i < rows->n; i++) {
		if (status[i] < 0)
			skipped++;
		else if (status[i] >= 2)
			bad++;
		else
			good++;
		if (status[i] > worst)
			worst = status[i];
	}
	for (size_t i = 0; i < rows->n; i++)
		if (status[i] >= 2) {
			srcpos p = rows->v[i]->pos;
			p.col = 0;
			if (p.line > 0)
				p.path = NULL;
			diag_error(p, "record %zu was not rendered (see above)", i + 1);
		}
	if (mo->combine)
		diag_say("%zu of %zu records in %s in %.2f s%s", good, rows->n, mo->combine, el,
		    stop_requested ? " (interrupted)" : "");
	else
		diag_say("%zu document%s written in %.2f s (%.0f per second)%s%s%s", good,
		    good == 1 ? "" : "s", el, el > 0 ? (double)good / el : 0.0,
		    bad ? arena_printf(a, "; %zu failed", bad) : "",
		    skipped ? arena_printf(a, "; %zu not done", skipped) : "",
		    stop_requested ? " (interrupted)" : "");
	return stop_requested ? 130 : worst;   /* 130: stopped by a signal */
}

int
merge_run(const render_tmpl *t, rec *data, font_set *fs, const merge_opts *mo)
{
	arena *a = arena_new();
	rec *rows = records(a, data, mo);
	struct sigaction sa, old_int, old_term;
	char **outs = NULL;
	int rc;

	if (rows == NULL || (mo->combine ? !file_check_output(mo->combine) :
	    (outs = output_names(a, t, data, rows, mo->pattern)) == NULL)) {
		arena_free(a);
		return diag_exit_status();
	}
	int *status = arena_alloc(a, rows->n * sizeof *status);
	for (size_t i = 0; i < rows->n; i++)
		status[i] = -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	double t0 = now();
	size_t ndone = 0;

	if (mo->combine) {
		rc = run_combined(t, data, rows, fs, mo, status);
		archive_done_single(mo->combine);
		for (size_t i = 0; i < rows->n; i++)
			if (status[i] < 0 && !stop_requested)
				status[i] = rc >= 2 ? rc : 0;
	} else {
		run_separate(t, data, rows, outs, fs, mo, status, &ndone);
		archive_done_batch(outs, (const rec *const *)rows->v, status, rows->n);
	}
	double el = now() - t0;
	diag_reset();
	rc = summary(a, rows, status, mo, el);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	arena_free(a);
	return rc;
}
