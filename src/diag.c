/* diag.c — formatting and counting of diagnostics. */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>

static FILE *out;
static bool strict, quiet_notes;
static int counts[4];
static int max_errors = 100;
static bool said_max;

static const char *const names[] = { "note", "warning", "error", "error" };

void diag_set_strict(bool s) { strict = s; }
void diag_set_quiet_notes(bool q) { quiet_notes = q; }
void diag_set_stream(FILE *f) { out = f; }
void diag_set_max_errors(int n) { max_errors = n; }

void
diag_reset(void)
{
	for (int i = 0; i < 4; i++)
		counts[i] = 0;
	said_max = false;
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

void
vdiag(enum diag_level lv, srcpos pos, const char *fmt, va_list ap)
{
	FILE *f = out ? out : stderr;

	counts[lv]++;
	if (lv == DIAG_NOTE && quiet_notes)
		return;
	if (lv >= DIAG_ERROR && counts[DIAG_ERROR] + counts[DIAG_FATAL] > max_errors) {
		if (!said_max) {
			fprintf(f, "gongwen: note: too many errors; the rest are not shown\n");
			said_max = true;
		}
		return;
	}
	fputs("gongwen: ", f);
	if (pos.file != NULL) {
		fputs(pos.file, f);
		if (pos.line > 0) {
			fprintf(f, ":%d", pos.line);
			if (pos.col > 0)
				fprintf(f, ":%d", pos.col);
		}
		fputs(": ", f);
	}
	if (pos.path != NULL)
		fprintf(f, "%s: ", pos.path);
	fprintf(f, "%s: ", names[lv]);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
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
	FILE *f = out ? out : stderr;
	va_list ap;

	fputs("gongwen: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}
