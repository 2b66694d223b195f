/* file.h — reading an input file, and confining a path named in a template
 * to the template's directory.  One size limit, one set of messages, one
 * rule set for every input: templates, partials, attachment templates and
 * data, seals, data files, the font config.
 *
 * Files are opened with O_NONBLOCK and checked with fstat before a byte is
 * read, so that a FIFO, a device or a directory is refused at once instead
 * of blocking (open() of a FIFO without a writer would wait forever). */
#ifndef GW_FILE_H
#define GW_FILE_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

#define FILE_MAX ((long long)512 * 1024 * 1024)   /* the one input size limit */

/* Errors file_read_raw gives besides errno values. */
#define FILE_E_DIR      (-1)   /* a directory */
#define FILE_E_SPECIAL  (-2)   /* a FIFO, a device, a socket */
#define FILE_E_SIZE     (-3)   /* over FILE_MAX */
#define FILE_E_CHANGED  (-4)   /* grew or shrank while being read */

/* Open a regular file for reading (no more than FILE_MAX bytes): its
 * descriptor and *size, or -1 with *err an errno value or FILE_E_*. */
int file_open(const char *path, long long *size, int *err);

/* Read a whole regular file, NUL-terminated, into the arena (a != NULL) or
 * a malloc'd buffer (a == NULL: the caller frees it).  NULL on failure with
 * *err an errno value or FILE_E_*; no message. */
char *file_read_raw(arena *a, const char *path, size_t *len, int *err);

/* The same, reporting a failure at pos as "cannot read SHOWN: why" (shown:
 * how the message names the file, e.g. its path or "data file"). */
char *file_read(arena *a, const char *path, const char *shown, size_t *len, srcpos pos);

/* file_read for a data file (load.c): the same, remembered as data. */
char *file_read_data(arena *a, const char *path, const char *shown, size_t *len, srcpos pos);

/* The message for an error of file_read_raw (static or in the arena). */
const char *file_strerror(int err);

/* A path written in a template (印章, 附件 模板 and 数据, partials), resolved
 * in root_dir: not absolute, existing, and inside root_dir once symbolic
 * links and .. are resolved.  Returns the real path (arena), or NULL after an
 * error at pos naming it as `what "rel"`. */
char *file_confine(arena *a, const char *root_dir, const char *rel, srcpos pos,
                   const char *what);

/* ---- inputs and outputs ----------------------------------------------------------- */

/* Every file opened through file_open (templates, partials, attachment
 * templates and data, seals, data files, the font config) is remembered as
 * an input of the run; file_note_input adds one read elsewhere (--font
 * files).  shown: how messages name it. */
void file_note_input(const char *path, const char *shown);

/* An input of the run.  Those read through file_read / file_read_data are
 * the document's sources (templates, partials, attachment templates and
 * data, table data, --data files, a 考核 scheme), what --embed-source
 * attaches; a seal (only its header checked here), a --font file and the
 * font config (file_read_raw) are inputs but not sources: read == 0. */
typedef struct file_input {
	const char *path;            /* as first read through file_read; NULL: never */
	const char *shown;           /* how messages name it */
	unsigned long long dev, ino; /* one entry per file, however it was named */
	bool data;                   /* read by the data loader, else as a template */
	unsigned long read;          /* file_read_serial() of its latest read; 0 = none */
	unsigned char *kept;         /* its bytes as last read (file_keep_inputs), or NULL */
	size_t nkept;
} file_input;

/* The inputs so far (valid until the next file is opened). */
const file_input *file_inputs(size_t *n);

/* How many reads through file_read/file_read_data so far: a mark, to tell
 * which sources one document of a batch read. */
unsigned long file_read_serial(void);

/* From now on keep the bytes of every source of at most max bytes as it is
 * read (--embed-source: the bytes embedded are the bytes rendered). */
void file_keep_inputs(size_t max);

/* May `out` be written?  The one place output paths are checked (-o, each
 * name of a mail merge, --combine, and once more just before writing):
 * a new name, or an existing regular file that is none of the run's inputs
 * (same device and inode, links resolved); not a FIFO, device or socket,
 * nor a link into /proc, /sys or /dev; in an existing, writable directory
 * that is not a system one.  false after an error. */
bool file_check_output(const char *out);

/* Write p[0..n) to path through a temporary file in the same directory,
 * fsync'd and renamed into place, with SIGINT/SIGTERM/SIGHUP/SIGQUIT held
 * meanwhile (never a half-written file nor a temporary left behind).  The
 * caller checks path with file_check_output first.  0, or -1 with errno. */
int file_write_atomic(const char *path, const void *p, size_t n);

#endif
