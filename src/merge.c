/* merge.c — mail merge.
 *
 * The records are rendered by worker processes forked after the fonts are
 * open (so each worker opens nothing again).  Each worker has two pipes:
 * record numbers go down one, messages and results come back up the other
 * (so that the parent writes every line, whole, and says each problem once:
 * diag_set_dedup).  The end of a worker's result pipe means the worker is
 * gone: if it held records, they are named, their temporary files removed,
 * and the run exits 3.
 *
 * Signals: the first SIGINT/SIGTERM stops the hand-out; workers ignore it
 * and finish the document they are writing (every PDF is written to a
 * temporary name and renamed when complete), the parent waits and says what
 * was done.  A second signal stops at once: the workers are killed, their
 * temporary files removed.  SIGPIPE is ignored, so a closed stderr costs the
 * messages, never the work. */
#include "merge.h"
#include "archive.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
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

static volatile sig_atomic_t stop_requested;   /* signals received */
static volatile sig_atomic_t in_process;       /* rendering in this process */

static void
on_signal(int sig)
{
	if (stop_requested < 100)
		stop_requested++;
	/* rendering here (-j 1, --combine): a second signal stops at once.  The
	 * PDF writer blocks signals while its temporary file exists, so none is
	 * left behind. */
	if (stop_requested >= 2 && in_process) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Remove what a writer killed in the middle left of out: the temporary
 * ".NAME.XXXXXX" in out's directory (see pdf_out.c, save_atomic). */
static void
remove_temps(const char *out)
{
	const char *sl = strrchr(out, '/');
	char dir[PATH_MAX];
	const char *base = sl ? sl + 1 : out;
	if (sl == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (sl == out)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(sl - out), out);
	if (strlen(base) > 200)
		base = "gongwen";
	size_t bl = strlen(base);
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		if (n[0] == '.' && strncmp(n + 1, base, bl) == 0 && n[1 + bl] == '.' &&
		    strlen(n + 2 + bl) == 6) {
			char p[PATH_MAX];
			if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, n) < sizeof p)
				unlink(p);
		}
	}
	closedir(d);
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
		/* and the invisible ones that reorder or hide a name: bidi
		 * controls (U+202E shows "fdp.exe" as "exe.pdf"), zero widths */
		if (cp == UTF8_BAD || diag_is_control(cp) || cp == '/' || cp == '\\' ||
		    (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064))
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

/* ---- worker processes ------------------------------------------------------------ */

/* What a worker sends up its result pipe: a header, then len bytes. */
enum { MSG_DONE = 1, MSG_LINE = 2, MSG_EMPTY = 3 };
struct msg { int type; int idx; int status; unsigned len; };

/* Per record, the names of its empty values (diag_empty_values after it was
 * rendered; a worker sends them as MSG_EMPTY before MSG_DONE), listed in
 * the summary (issue 11 item 12).  In the parent, rows->n of them. */
static char **empty_of;
static arena *empty_arena;

static void
note_empty(size_t idx, const char *names, size_t n)
{
	if (empty_of == NULL || n == 0)
		return;
	char *c = arena_alloc(empty_arena, n + 1);
	memcpy(c, names, n);
	c[n] = '\0';
	empty_of[idx] = c;
}

static int
write_full(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t k = write(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* 1: all n bytes; 0: end of file before them; -1: error */
static int
read_full(int fd, void *p, size_t n)
{
	char *c = p;
	while (n > 0) {
		ssize_t k = read(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			return 0;
		c += k;
		n -= (size_t)k;
	}
	return 1;
}

static int worker_res_fd = -1;

static void
worker_send(int type, int idx, int status, const char *body, size_t n)
{
	struct msg m = { type, idx, status, (unsigned)n };
	if (write_full(worker_res_fd, &m, sizeof m) != 0 ||
	    (n > 0 && write_full(worker_res_fd, body, n) != 0))
		_exit(3);    /* the parent is gone: nobody to work for */
}

static void
worker_sink(const char *line, size_t n, void *ctx)
{
	(void)ctx;
	worker_send(MSG_LINE, -1, 0, line, n);
}

static void
worker(int jobs_fd, int res_fd, const render_tmpl *t, const rec *data,
       const rec *rows, char **outs, font_set *fs)
{
	int idx;

	signal(SIGINT, SIG_IGN);    /* finish the PDF in hand; the parent stops us */
	signal(SIGTERM, SIG_IGN);
	worker_res_fd = res_fd;
	diag_set_sink(worker_sink, NULL);
	while (read_full(jobs_fd, &idx, sizeof idx) == 1) {
		if (idx < 0 || (size_t)idx >= rows->n)
			break;
		int st = render_record(t, data, rows->v[idx], (size_t)idx, outs[idx], fs);
		const char *e = diag_empty_values();
		if (*e != '\0')
			worker_send(MSG_EMPTY, idx, 0, e, strlen(e));
		worker_send(MSG_DONE, idx, st, NULL, 0);
	}
	_exit(0);
}

static void
progress_line(size_t done, size_t total, double t0)
{
	double el = now() - t0, rate = el > 0 ? (double)done / el : 0;
	double left = rate > 0 ? (double)(total - done) / rate : 0;
	char buf[128];
	int n = snprintf(buf, sizeof buf, "\r  %zu/%zu  %.0f/s  %.0f s left   ", done, total,
	    rate, left);
	if (write(2, buf, (size_t)n) < 0) {
		/* a closed stderr costs the progress line, nothing else */
	}
}

#define INHAND 2     /* records handed to a worker and not yet done */

typedef struct {
	pid_t pid;
	int job_fd, res_fd;     /* -1 when closed */
	int inhand[INHAND];     /* in the order handed out: [0] is being rendered */
	int n;
} wk;

static const char *
death_cause(arena *a, int st)
{
	if (WIFSIGNALED(st))
		return arena_printf(a, "was killed by signal %d (%s)", WTERMSIG(st),
		    strsignal(WTERMSIG(st)));
	if (WIFEXITED(st))
		return arena_printf(a, "exited with status %d", WEXITSTATUS(st));
	return "stopped";
}

/* The parent's side of a parallel run: the workers and what they hold. */
typedef struct {
	const render_tmpl *t;
	const rec *data, *rows;
	char **outs;
	font_set *fs;
	const merge_opts *mo;
	int *status;            /* per record, filled as results come back */
	arena *a;               /* messages */
	wk *w;
	int nw, alive;
	int *requeue;           /* records a dead worker held but never started */
	size_t nrequeue;
	size_t total, next, done;
	struct pollfd *pfd;     /* the result pipes polled, */
	int *pw;                /* and the worker of each */
	bool failed, died, killed, closed_jobs;
	double t0;
	struct timespec started;   /* to tell a PDF written by this run */
} pool;

static void
pool_init(pool *p, const render_tmpl *t, const rec *data, const rec *rows, char **outs,
          font_set *fs, const merge_opts *mo, int *status)
{
	memset(p, 0, sizeof *p);
	p->t = t;
	p->data = data;
	p->rows = rows;
	p->outs = outs;
	p->fs = fs;
	p->mo = mo;
	p->status = status;
	p->a = arena_new();
	p->total = rows->n;
	p->nw = mo->jobs;
	p->w = xcalloc((size_t)p->nw, sizeof *p->w);
	p->requeue = xcalloc((size_t)p->nw * INHAND + 1, sizeof *p->requeue);
	p->pfd = xcalloc((size_t)p->nw, sizeof *p->pfd);
	p->pw = xcalloc((size_t)p->nw, sizeof *p->pw);
	p->t0 = now();
	clock_gettime(CLOCK_REALTIME, &p->started);
}

static void
pool_free(pool *p)
{
	free(p->w);
	free(p->requeue);
	free(p->pfd);
	free(p->pw);
	arena_free(p->a);
}

/* Fork worker k with its two pipes; false after a message. */
static bool
spawn_worker(pool *p, int k)
{
	int jp[2], rp[2];
	wk *w = p->w;

	if (pipe(jp) != 0) {
		diag_fatal(NOPOS, "cannot create a pipe: %s", strerror(errno));
		return false;
	}
	if (pipe(rp) != 0) {
		diag_fatal(NOPOS, "cannot create a pipe: %s", strerror(errno));
		close(jp[0]);
		close(jp[1]);
		return false;
	}
	w[k].pid = fork();
	if (w[k].pid < 0) {
		diag_fatal(NOPOS, "cannot start a worker: %s", strerror(errno));
		close(jp[0]);
		close(jp[1]);
		close(rp[0]);
		close(rp[1]);
		return false;
	}
	if (w[k].pid == 0) {
		close(jp[1]);
		close(rp[0]);
		for (int j = 0; j < k; j++) {
			close(w[j].job_fd);
			close(w[j].res_fd);
		}
		worker(jp[0], rp[1], p->t, p->data, p->rows, p->outs, p->fs);
	}
	close(jp[0]);
	close(rp[1]);
	w[k].job_fd = jp[1];
	w[k].res_fd = rp[0];
	p->alive++;
	return true;
}

/* Start up to mo->jobs workers (never more than records); p->nw is how
 * many started. */
static void
spawn_workers(pool *p)
{
	if ((size_t)p->nw > p->total)
		p->nw = (int)p->total;
	fflush(stdout);
	fflush(stderr);
	for (int k = 0; k < p->nw; k++)
		if (!spawn_worker(p, k)) {
			p->nw = k;
			break;
		}
}

/* The second signal: stop now, no document in hand is waited for. */
static void
kill_workers(pool *p)
{
	for (int k = 0; k < p->nw; k++)
		if (p->w[k].res_fd >= 0)
			kill(p->w[k].pid, SIGKILL);
	p->killed = true;
}

/* The worker with a free slot and the fewest records in hand, or -1. */
static int
least_busy(const pool *p)
{
	int best = -1;
	for (int k = 0; k < p->nw; k++) {
		const wk *x = &p->w[k];
		if (x->job_fd >= 0 && x->n < INHAND && (best < 0 || x->n < p->w[best].n))
			best = k;
	}
	return best;
}

static bool
nothing_to_hand_out(const pool *p)
{
	return p->next >= p->total && p->nrequeue == 0;
}

/* Hand out: up to INHAND records to the worker with fewest in hand, the
 * records of a dead worker first. */
static void
hand_out(pool *p)
{
	while (!nothing_to_hand_out(p)) {
		int best = least_busy(p);
		if (best < 0)
			break;
		wk *x = &p->w[best];
		int idx = p->nrequeue > 0 ? p->requeue[p->nrequeue - 1] : (int)p->next;
		if (write_full(x->job_fd, &idx, sizeof idx) != 0) {
			close(x->job_fd);    /* gone: its result pipe says so */
			x->job_fd = -1;
			continue;
		}
		if (p->nrequeue > 0)
			p->nrequeue--;
		else
			p->next++;
		x->inhand[x->n++] = idx;
	}
}

/* Nothing more to hand out: workers finish what they hold and end. */
static void
close_job_pipes(pool *p)
{
	for (int k = 0; k < p->nw; k++)
		if (p->w[k].job_fd >= 0) {
			close(p->w[k].job_fd);
			p->w[k].job_fd = -1;
		}
	p->closed_jobs = true;
}

/* Wait until a result pipe has something: the number of pipes polled (their
 * revents set), or -1 when interrupted or failed (look at stop_requested). */
static int
poll_workers(pool *p)
{
	int np = 0;
	for (int k = 0; k < p->nw; k++)
		if (p->w[k].res_fd >= 0) {
			p->pfd[np].fd = p->w[k].res_fd;
			p->pfd[np].events = POLLIN;
			p->pfd[np].revents = 0;
			p->pw[np++] = k;
		}
	if (poll(p->pfd, (nfds_t)np, -1) < 0) {
		if (errno != EINTR) {
			diag_fatal(NOPOS, "cannot wait for the workers: %s", strerror(errno));
			stop_requested = 2;
		}
		return -1;
	}
	return np;
}

/* Read one message and, for a text message, its body (*body: malloc'd or
 * NULL).  As read_full: 1, 0 at the end of the pipe, -1 on error. */
static int
read_message(int fd, struct msg *m, char **body)
{
	int got = read_full(fd, m, sizeof *m);
	bool text = m->type == MSG_LINE || m->type == MSG_EMPTY;
	*body = NULL;
	if (got == 1 && text && m->len > 0 && m->len < (1u << 24)) {
		*body = xmalloc(m->len);
		got = read_full(fd, *body, m->len);
	}
	return got;
}

/* The record x was rendering is done with status m->status. */
static void
record_done(pool *p, wk *x, const struct msg *m)
{
	p->status[m->idx] = m->status;
	memmove(x->inhand, x->inhand + 1, (size_t)(x->n - 1) * sizeof *x->inhand);
	x->n--;
	p->done++;
	if (m->status >= 2)
		p->failed = true;
	if (p->mo->progress)
		progress_line(p->done, p->total, p->t0);
}

static int
reap(pid_t pid)
{
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

/* Was path (re)written since this run started? */
static bool
written_since(const char *path, const struct timespec *started)
{
	struct stat so;
	return stat(path, &so) == 0 &&
	    (so.st_mtim.tv_sec > started->tv_sec ||
	    (so.st_mtim.tv_sec == started->tv_sec && so.st_mtim.tv_nsec >= started->tv_nsec));
}

/* Worker x died (status st) holding records: the first was being written,
 * remove what it left and say so; the others never started, hand them out
 * again. */
static void
lose_records(pool *p, wk *x, int st)
{
	int lost = x->inhand[0];
	const char *out = p->outs[lost];

	remove_temps(out);
	bool renamed = written_since(out, &p->started);
	if (!p->killed) {
		diag_fatal(p->rows->v[lost]->pos, "record %d: the worker process %ld "
		    "rendering it %s; %s", lost + 1, (long)x->pid, death_cause(p->a, st),
		    renamed ? arena_printf(p->a, "%s was written before that", out)
		    : arena_printf(p->a, "%s was not written", out));
		p->status[lost] = renamed ? 0 : 3;
		p->done++;
		p->failed = true;
		for (int j = 1; j < x->n; j++)
			p->requeue[p->nrequeue++] = x->inhand[j];
	}
	p->died = true;
	x->n = 0;
}

/* The end of x's result pipe (or nonsense on it; got as read_message): the
 * worker is gone.  Close its pipes, reap it, account for what it held. */
static void
worker_gone(pool *p, wk *x, int got)
{
	close(x->res_fd);
	x->res_fd = -1;
	if (x->job_fd >= 0) {
		close(x->job_fd);
		x->job_fd = -1;
	}
	p->alive--;
	int st = reap(x->pid);
	bool normal = WIFEXITED(st) && WEXITSTATUS(st) == 0 && got == 0;
	if (x->n > 0) {
		lose_records(p, x, st);
	} else if (!normal && !p->killed) {
		diag_fatal(NOPOS, "a worker process (%ld) %s", (long)x->pid, death_cause(p->a, st));
		p->died = true;
	}
}

/* One message from worker x: a diagnostic line, the empty fields of the
 * record in hand, its result, or the worker's end. */
static void
read_from_worker(pool *p, wk *x)
{
	struct msg m = { 0 };
	char *body;
	int got = read_message(x->res_fd, &m, &body);
	bool in_hand = x->n > 0 && x->inhand[0] == m.idx;

	if (got == 1 && m.type == MSG_LINE) {
		if (body)
			diag_emit_line(body, m.len);
		free(body);
		return;
	}
	if (got == 1 && m.type == MSG_EMPTY && m.idx >= 0 && (size_t)m.idx < p->rows->n &&
	    in_hand) {
		if (body)
			note_empty((size_t)m.idx, body, m.len);
		free(body);
		return;
	}
	free(body);
	if (got == 1 && m.type == MSG_DONE && in_hand) {
		record_done(p, x, &m);
		return;
	}
	worker_gone(p, x, got);
}

static void
clear_progress_line(void)
{
	if (write(2, "\r\033[K", 4) < 0) {
		/* nothing to do */
	}
}

static int
run_parallel(const render_tmpl *t, const rec *data, const rec *rows, char **outs,
             font_set *fs, const merge_opts *mo, int *status, size_t *ndone)
{
	pool p;
	int rc = 0;

	pool_init(&p, t, data, rows, outs, fs, mo, status);
	spawn_workers(&p);
	if (p.nw == 0)
		rc = 3;
	while (p.alive > 0) {
		if (stop_requested >= 2 && !p.killed)
			kill_workers(&p);
		bool go_on = !stop_requested && (!p.failed || mo->keep_going);
		if (go_on)
			hand_out(&p);
		if (!p.closed_jobs && (!go_on || nothing_to_hand_out(&p)))
			close_job_pipes(&p);
		int np = poll_workers(&p);
		for (int q = 0; q < np; q++)
			if (p.pfd[q].revents != 0)
				read_from_worker(&p, &p.w[p.pw[q]]);
	}
	if (mo->progress)
		clear_progress_line();
	if (p.died && !p.killed)
		rc = 3;
	*ndone = p.done;
	pool_free(&p);
	return rc;
}

/* --combine: every record in one PDF, each starting on an odd page.  The
 * bundle is complete or absent: written only if every record is in it (or,
 * with --keep-going, every good one) and no signal came before. */
static int
run_combined(const render_tmpl *t, const rec *data, const rec *rows, font_set *fs,
             const merge_opts *mo, int *status, bool *written)
{
	arena *a = arena_new();
	dl_doc *all = arena_alloc(a, sizeof *all);
	dl_frame portrait = pg_frame_gbt(false);
	pg_engine *P = pg_new(a, all, &portrait);
	bool bad = false, warned = false;
	int worst = 0;

	*written = false;
	memset(all, 0, sizeof *all);
	all->width = portrait.width;
	all->height = portrait.height;
	all->date = -1;
	for (size_t i = 0; i < rows->n && !stop_requested; i++) {
		diag_reset();
		dl_doc *dl = render_layout(a, t, record_ctx(a, data, rows->v[i], i), fs);
		int st = diag_exit_status();
		note_empty(i, diag_empty_values(), strlen(diag_empty_values()));
		if (st > worst)
			worst = st;
		if (dl == NULL || st >= 2) {
			status[i] = st >= 2 ? st : 2;
			bad = true;
			if (!mo->keep_going)
				break;
			continue;
		}
		status[i] = st;
		warned |= st == 1;   /* --strict and a warning */
		if (all->title == NULL) {
			all->title = dl->title;
			all->author = dl->author;
			all->date = dl->date;
		}
		pg_append(P, dl);
	}
	diag_reset();
	if (stop_requested) {
		diag_error(NOPOS, "interrupted: %s not written", mo->combine);
	} else if (bad && !mo->keep_going) {
		diag_error(NOPOS, "%s not written: a record failed (--keep-going leaves the bad "
		    "records out)", mo->combine);
	} else if (all->npages == 0) {
		diag_error(NOPOS, "no record could be rendered; %s not written", mo->combine);
	} else if (warned) {
		/* --strict: a record warned; no bundle, as render_finish (README) */
		diag_say("%s not written (--strict)", mo->combine);
	} else if (!render_write(all, fs, mo->combine)) {
		if (!diag_failed())
			diag_fatal(NOPOS, "cannot write %s (no reason given: a bug)", mo->combine);
	} else {
		*written = true;
	}
	int rc = diag_exit_status();
	arena_free(a);
	return rc > worst ? rc : worst;
}


/* mkdir -p of the directory part of path; false after a message */
static bool
make_dirs(const char *path)
{
	char buf[PATH_MAX];
	const char *sl = strrchr(path, '/');
	if (sl == NULL || sl == path)
		return true;
	if ((size_t)(sl - path) >= sizeof buf) {
		diag_error(NOPOS, "cannot write %s: the folder name is too long", path);
		return false;
	}
	memcpy(buf, path, (size_t)(sl - path));
	buf[sl - path] = '\0';
	for (char *p = buf + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			struct stat st;
			if (stat(buf, &st) != 0) {
				if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
					diag_error(NOPOS, "cannot write %s: cannot make the folder %s: %s",
					    path, buf, strerror(errno));
					return false;
				}
			} else if (!S_ISDIR(st.st_mode)) {
				diag_error(NOPOS, "cannot write %s: %s is not a folder", path, buf);
				return false;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return true;
}

/* A file name needs one text per record: a {{tag}} of the pattern that names
 * a list or a table is an error saying which fields would do.  false after
 * the message. */
static bool
pattern_fields_ok(arena *a, const char *pattern, const rec *ctx, const rec *row)
{
	bool ok = true;
	for (const char *p = strstr(pattern, "{{"); p; p = strstr(p, "{{")) {
		const char *e = strstr(p + 2, "}}");
		if (e == NULL)
			break;
		const char *b = p + 2;
		while (b < e && *b == ' ')
			b++;
		const char *k = b;
		while (k < e && *k != '|' && *k != ' ')
			k++;
		p = e + 2;
		if (k == b || strchr("#/^!>&", *b) != NULL)
			continue;
		char *name = arena_strndup(a, b, (size_t)(k - b));
		const rec *v = rec_path(ctx, name);
		if (v == NULL || (v->kind != REC_LIST && v->kind != REC_MAP))
			continue;
		abuf f;
		abuf_init(&f, a);
		for (size_t i = 0; i < row->n && i < 12; i++)
			abuf_printf(&f, "%s{{%s}}", i ? ", " : "", row->k[i]);
		diag_error(pos_at("--output", 1, (int)utf8_count(pattern, (size_t)(b - pattern)) + 1),
		    "{{%s}} is a %s, but a file name needs one value per record: use a field of "
		    "the record%s%s", name, v->kind == REC_LIST ? "list" : "table",
		    f.len ? ", such as " : "", f.len ? abuf_cstr(&f) : "");
		ok = false;
	}
	return ok;
}

/* Is the name the pattern gave for a record a usable file name?  Checked
 * for every record before the first is rendered. */
static bool
name_ok(const char *pattern, const char *name, size_t i, const rec *row)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (*base == '\0' || strcmp(base, ".pdf") == 0) {
		diag_error(row->pos, "record %zu: the output pattern \"%s\" gives an empty file "
		    "name", i + 1, pattern);
		return false;
	}
	if ((name[0] == '/' && pattern[0] != '/') || (strstr(name, "//") && !strstr(pattern, "//"))) {
		diag_error(row->pos, "record %zu: the output pattern \"%s\" gives \"%s\": a field "
		    "used as a folder name is empty (give it a value, or `| 缺省:…` in the "
		    "pattern)", i + 1, pattern, name);
		return false;
	}
	if (strlen(name) >= PATH_MAX) {
		diag_error(row->pos, "record %zu: the file name from \"%s\" is %zu bytes long; "
		    "the system allows %d", i + 1, pattern, strlen(name), PATH_MAX - 1);
		return false;
	}
	for (const char *c = name; *c;) {
		const char *e = strchr(c, '/');
		size_t l = e ? (size_t)(e - c) : strlen(c);
		if (l > NAME_MAX) {
			int shown = 30;     /* whole characters only */
			while (shown > 0 && ((unsigned char)c[shown] & 0xC0) == 0x80)
				shown--;
			diag_error(row->pos, "record %zu: the output pattern \"%s\" gives a name of "
			    "%zu bytes (\"%.*s…\"); the system allows %d: use shorter fields",
			    i + 1, pattern, l, shown, c, NAME_MAX);
			return false;
		}
		if (e == NULL)
			break;
		c = e + 1;
	}
	return true;
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

/* Every file name first: sanitised, distinct (a hash table: 100,000 rows
 * stay linear), usable, its folder made, writable (file_check_output).
 * NULL after errors, or when a signal came. */
static char **
output_names(arena *a, const render_tmpl *t, const rec *data, const rec *rows,
             const char *pattern)
{
	char **outs = arena_alloc(a, rows->n * sizeof *outs);
	tmpl_opts po = t->to;
	bool ok = true;

	po.markdown_escape = false;
	po.empty_ok = true;
	if (!pattern_fields_ok(a, pattern, record_ctx(a, data, rows->v[0], 0), rows->v[0]))
		return NULL;
	size_t hcap = 16;
	while (hcap < 2 * rows->n)
		hcap *= 2;
	long *htab = arena_alloc(a, hcap * sizeof *htab);
	for (size_t k = 0; k < hcap; k++)
		htab[k] = -1;
	for (size_t i = 0; i < rows->n && !stop_requested; i++) {
		rec *ctx = sanitized(a, record_ctx(a, data, rows->v[i], i));
		size_t ol;
		char *name = tmpl_expand(a, pattern, strlen(pattern), pos_at("--output", 1, 1),
		    ctx, &po, &ol, NULL);
		if (name == NULL)
			return NULL;
		outs[i] = name;
		if (!name_ok(pattern, name, i, rows->v[i])) {
			ok = false;
			continue;
		}
		uint64_t h = 1469598103934665603ULL;
		for (const unsigned char *c = (const unsigned char *)name; *c; c++)
			h = (h ^ *c) * 1099511628211ULL;
		size_t k = (size_t)h & (hcap - 1);
		for (; htab[k] >= 0; k = (k + 1) & (hcap - 1))
			if (strcmp(outs[htab[k]], name) == 0)
				break;
		if (htab[k] >= 0) {
			diag_error(rows->v[i]->pos, "records %ld and %zu both give the file name %s; "
			    "add a distinguishing field to --output", htab[k] + 1, i + 1, name);
			ok = false;
		} else {
			htab[k] = (long)i;
		}
	}
	if (stop_requested)
		return NULL;
	/* the folders, made when missing; then the one output check */
	for (size_t i = 0; i < rows->n && ok; i++) {
		const char *sl = strrchr(outs[i], '/');
		if (i == 0 || sl == NULL ||
		    strncmp(outs[i], outs[i - 1], (size_t)(sl - outs[i]) + 1) != 0)
			ok = make_dirs(outs[i]);
		if (ok)
			ok = file_check_output(outs[i]);
	}
	return ok ? outs : NULL;
}

/* One PDF per record, in this process or in workers; the system status
 * (3 when a worker died). */
static int
run_separate(const render_tmpl *t, const rec *data, const rec *rows, char **outs,
             font_set *fs, const merge_opts *mo, int *status, size_t *ndone)
{
	double t0 = now();
	int rc = 0;

	diag_set_quiet_notes(true);   /* the font notes were said once already */
	pdf_set_batch(true);
	if (mo->jobs <= 1) {
		in_process = 1;
		for (size_t i = 0; i < rows->n && !stop_requested; i++) {
			status[i] = render_record(t, data, rows->v[i], i, outs[i], fs);
			note_empty(i, diag_empty_values(), strlen(diag_empty_values()));
			(*ndone)++;
			if (mo->progress)
				progress_line(*ndone, rows->n, t0);
			if (status[i] >= 2 && !mo->keep_going)
				break;
		}
		in_process = 0;
		if (mo->progress)
			clear_progress_line();
	} else {
		rc = run_parallel(t, data, rows, outs, fs, mo, status, ndone);
	}
	diag_set_quiet_notes(false);
	pdf_set_batch(false);
	return rc;
}

/* What was written, what failed, what was not done; the exit status. */
static int
summary(arena *a, const rec *rows, const int *status, const merge_opts *mo, double el,
        bool written, int worst)
{
	size_t good = 0, bad = 0, skipped = 0, refused = 0;

	/* status 1: --strict and a warning, so no PDF (render_finish) */
	for (size_t i = 0; i < rows->n; i++) {
		if (status[i] < 0)
			skipped++;
		else if (status[i] >= 2)
			bad++;
		else if (status[i] == 1)
			refused++;
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
		} else if (status[i] == 1 && !mo->combine) {
			srcpos p = rows->v[i]->pos;
			p.col = 0;
			if (p.line > 0)
				p.path = NULL;
			diag_error(p, "record %zu was not written (--strict: see the warnings above)",
			    i + 1);
		}
	/* the records with empty values, by their data row (issue 11 item 12) */
	size_t ne = 0;
	char *list = NULL;
	for (size_t i = 0; empty_of != NULL && i < rows->n; i++) {
		if (empty_of[i] == NULL || status[i] < 0 || status[i] >= 2)
			continue;
		int line = rows->v[i]->pos.line;
		const char *one = line > 0 && rows->v[i]->pos.path == NULL ?
		    arena_printf(a, "row %d (%s)", line, empty_of[i]) :
		    arena_printf(a, "record %zu (%s)", i + 1, empty_of[i]);
		if (ne < 20)
			list = list ? arena_printf(a, "%s, %s", list, one) : (char *)one;
		ne++;
	}
	if (ne > 0)
		diag_say("%zu record%s with empty fields: %s%s", ne, ne == 1 ? "" : "s", list,
		    ne > 20 ? arena_printf(a, ", and %zu more", ne - 20) : "");
	size_t rows_skipped = rec_csv_skipped();
	const char *tail = arena_printf(a, "%s%s%s%s%s",
	    rows_skipped ? arena_printf(a, "; %zu data row%s skipped", rows_skipped,
	    rows_skipped == 1 ? "" : "s") : "",
	    bad ? arena_printf(a, "; %zu failed", bad) : "",
	    refused && !mo->combine ? arena_printf(a, "; %zu not written (--strict)", refused) : "",
	    skipped ? arena_printf(a, "; %zu not done", skipped) : "",
	    stop_requested ? " (interrupted)" : "");
	if (mo->combine)
		diag_say("%zu of %zu records in %s in %.2f s%s%s", written ? good + refused : 0, rows->n,
		    mo->combine, el, tail, written ? "" : "; it was not written");
	else
		diag_say("%zu document%s written in %.2f s (%.0f per second)%s", good,
		    good == 1 ? "" : "s", el, el > 0 ? (double)good / el : 0.0, tail);
	if (stop_requested)
		return 130;      /* 130: stopped by a signal */
	if (mo->combine && !written && worst < 2 && refused == 0)
		worst = 2;
	return worst;
}

int
merge_run(const render_tmpl *t, rec *data, font_set *fs, const merge_opts *mo)
{
	arena *a = arena_new();
	struct sigaction sa, old_int, old_term, old_pipe;
	char **outs = NULL;
	int rc = 0;

	/* signals first: a long setup (100,000 names) stops on one too */
	stop_requested = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old_pipe);
	diag_set_dedup(true);

	rec *rows = records(a, data, mo);
	if (rows == NULL || (mo->combine ? !make_dirs(mo->combine) ||
	    !file_check_output(mo->combine) :
	    (outs = output_names(a, t, data, rows, mo->pattern)) == NULL)) {
		rc = stop_requested ? 130 : diag_exit_status();
		goto done;
	}
	int *status = arena_alloc(a, rows->n * sizeof *status);
	for (size_t i = 0; i < rows->n; i++)
		status[i] = -1;
	empty_of = arena_alloc(a, rows->n * sizeof *empty_of);
	memset(empty_of, 0, rows->n * sizeof *empty_of);
	empty_arena = a;
	double t0 = now();
	size_t ndone = 0;
	bool written = false;
	int worst = diag_exit_status();   /* what was said before the records */

	if (mo->combine) {
		in_process = 1;
		int r = run_combined(t, data, rows, fs, mo, status, &written);
		in_process = 0;
		if (r > worst)
			worst = r;
		if (written)
			archive_done_single(mo->combine);
	} else {
		int r = run_separate(t, data, rows, outs, fs, mo, status, &ndone);
		if (r > worst)
			worst = r;
		archive_done_batch(outs, (const rec *const *)rows->v, status, rows->n);
	}
	double el = now() - t0;
	diag_reset();
	rc = summary(a, rows, status, mo, el, written, worst);
done:
	empty_of = NULL;
	empty_arena = NULL;
	diag_set_dedup(false);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	arena_free(a);
	return rc;
}
