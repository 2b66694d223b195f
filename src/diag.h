/* diag.h — every message gongwen prints about its input.
 *
 * Format (DESIGN §2), one line each:
 *   gongwen: FILE:LINE:COL: error: MESSAGE
 *   gongwen: FILE:LINE: warning: MESSAGE          (no column known)
 *   gongwen: FILE: $.附件[2].标题: error: MESSAGE  (JSON/YAML data path)
 *   gongwen: error: MESSAGE                        (no position)
 * Levels: note, warning, error, fatal (system or font failure).
 * Exit status = worst level: 0 ok, 1 warnings under --strict, 2 input
 * errors, 3 system/font failure.  Control characters in a message are
 * shown escaped (\t, \x1B, <U+202E>).  Not thread-safe: gongwen runs parallel
 * work in processes. */
#ifndef GW_DIAG_H
#define GW_DIAG_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct srcpos {
	const char *file;   /* NULL: no position at all */
	int line;           /* 1-based; 0 = unknown */
	int col;            /* 1-based, in characters (not bytes); 0 = unknown */
	const char *path;   /* data path such as $.附件[2].标题, or NULL */
} srcpos;

/* Where each line of a text came from (expanded templates). */
typedef struct linemap {
	size_t n;          /* lines */
	srcpos *pos;       /* pos[i] = origin of output line i+1 (file, line, col of its first char) */
} linemap;

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR, DIAG_FATAL };

#define NOPOS ((srcpos){0})
static inline srcpos pos_at(const char *file, int line, int col)
{ srcpos p = { file, line, col, NULL }; return p; }

void diag(enum diag_level lv, srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vdiag(enum diag_level lv, srcpos pos, const char *fmt, va_list ap);

/* Shorthands. */
#define diag_note(pos, ...)  diag(DIAG_NOTE, (pos), __VA_ARGS__)
#define diag_warn(pos, ...)  diag(DIAG_WARNING, (pos), __VA_ARGS__)
#define diag_error(pos, ...) diag(DIAG_ERROR, (pos), __VA_ARGS__)
#define diag_fatal(pos, ...) diag(DIAG_FATAL, (pos), __VA_ARGS__)

/* A line about the run, not the input ("9 documents written in 0.4 s"):
 * "gongwen: MESSAGE", not counted. */
void diag_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Gentle content checks (公文 habits) go through diag_lint: a warning (under
 * --strict, exit status 1 and no PDF, as for every warning). */
void diag_lint(srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void diag_set_strict(bool strict);
void diag_set_quiet_notes(bool quiet);  /* drop notes (batch runs) */
void diag_set_stream(FILE *f);          /* default stderr */
void diag_reset(void);                  /* counters back to 0 */
int  diag_count(enum diag_level lv);
/* An empty value was reported (a lint): its name is remembered until
 * diag_reset; diag_empty_values() gives them as "a、b" ("" when none). */
void diag_mark_empty(const char *name);
const char *diag_empty_values(void);
bool diag_failed(void);                 /* any error or fatal so far */
int  diag_exit_status(void);            /* 0, 1 (strict+warnings), 2, 3 */
/* Stop repeating: after this many errors, further errors are counted but
 * not printed, with one line saying so. */
void diag_set_max_errors(int n);

/* A batch says each message once: a template warning once, not once per
 * record (lines are compared whole, so data problems, which name their
 * row, are each said).  Off by default; turning it off forgets. */
void diag_set_dedup(bool on);
/* Write one finished line ("gongwen: ...\n"), through the dedup filter:
 * how the parent of a batch passes on its workers' lines. */
void diag_emit_line(const char *line, size_t n);
/* A worker process hands every finished line to fn instead of writing it
 * (NULL: write again). */
typedef void (*diag_sink_fn)(const char *line, size_t n, void *ctx);
void diag_set_sink(diag_sink_fn fn, void *ctx);
/* Characters shown escaped in messages (C0, DEL, C1, bidi controls). */
bool diag_is_control(uint32_t cp);

#endif
