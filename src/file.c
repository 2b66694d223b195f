/* file.c — reading input files, confining template paths; see file.h. */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *
buffer(arena *a, size_t n)
{
	return a ? arena_alloc(a, n) : xmalloc(n);
}

/* Read exactly `size` bytes and make sure there is no more. */
static int
read_all(int fd, char *buf, size_t size, size_t *got)
{
	*got = 0;
	for (;;) {
		ssize_t r;
		if (*got == size) {
			char extra;
			r = read(fd, &extra, 1);
			if (r == -1 && errno == EINTR)
				continue;
			if (r == -1)
				return errno;
			return r == 1 ? FILE_E_CHANGED : 0;
		}
		r = read(fd, buf + *got, size - *got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return errno;
		if (r == 0)
			return FILE_E_CHANGED;
		*got += (size_t)r;
	}
}

/* ---- the inputs of the run ---- */

static file_input *inputs;
static size_t ninputs, capinputs;
static size_t last_opened;          /* the input file_open noted last */
static unsigned long read_serial;   /* file_read calls so far */
static size_t keep_max;             /* file_keep_inputs */

static void
note(const struct stat *st, const char *shown)
{
	for (size_t i = 0; i < ninputs; i++)
		if (inputs[i].dev == (unsigned long long)st->st_dev &&
		    inputs[i].ino == (unsigned long long)st->st_ino) {
			last_opened = i;
			return;
		}
	if (ninputs == capinputs) {
		capinputs = capinputs ? 2 * capinputs : 16;
		inputs = xrealloc(inputs, capinputs * sizeof *inputs);
	}
	inputs[ninputs] = (file_input){ NULL, xstrdup(shown), (unsigned long long)st->st_dev,
	    (unsigned long long)st->st_ino, false, 0, NULL, 0 };
	last_opened = ninputs++;
}

/* A file read through file_read: a source of the document; its bytes
 * kept when asked to (the latest read's, should the file change). */
static void
note_read(const char *path, bool data, const char *buf, size_t len)
{
	file_input *in = &inputs[last_opened];
	if (in->path == NULL)
		in->path = xstrdup(path);
	in->data = data;
	in->read = ++read_serial;
	if (keep_max == 0 || len > keep_max)
		return;
	if (in->kept && in->nkept == len && memcmp(in->kept, buf, len) == 0)
		return;
	free(in->kept);
	in->kept = xmalloc(len ? len : 1);
	memcpy(in->kept, buf, len);
	in->nkept = len;
}

void
file_keep_inputs(size_t max)
{
	keep_max = max;
}

unsigned long
file_read_serial(void)
{
	return read_serial;
}

const file_input *
file_inputs(size_t *n)
{
	*n = ninputs;
	return inputs;
}

void
file_note_input(const char *path, const char *shown)
{
	struct stat st;
	if (stat(path, &st) == 0)
		note(&st, shown);
}

int
file_open(const char *path, long long *size, int *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd == -1) {
		*err = errno;
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		*err = errno;
		close(fd);
		return -1;
	}
	*err = S_ISDIR(st.st_mode) ? FILE_E_DIR : !S_ISREG(st.st_mode) ? FILE_E_SPECIAL :
	    st.st_size > FILE_MAX ? FILE_E_SIZE : 0;
	if (*err != 0) {
		close(fd);
		return -1;
	}
	/* a regular file: reading does not block; back to normal reads */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	*size = (long long)st.st_size;
	note(&st, path);
	return fd;
}

char *
file_read_raw(arena *a, const char *path, size_t *len, int *err)
{
	long long sz;
	int fd = file_open(path, &sz, err);

	*len = 0;
	if (fd == -1)
		return NULL;
	size_t size = (size_t)sz, got;
	char *buf = buffer(a, size + 1);
	*err = read_all(fd, buf, size, &got);
	close(fd);
	if (*err != 0) {
		if (a == NULL)
			free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

const char *
file_strerror(int err)
{
	switch (err) {
	case FILE_E_DIR: return "it is a directory, not a file";
	case FILE_E_SPECIAL: return "it is not a regular file (a FIFO, a device or a socket)";
	case FILE_E_SIZE: return "it is larger than 512 MB, the limit for an input file";
	case FILE_E_CHANGED: return "it changed while being read";
	default: return strerror(err);
	}
}

static char *
read_source(arena *a, const char *path, const char *shown, size_t *len, srcpos pos, bool data)
{
	int err;
	char *buf = file_read_raw(a, path, len, &err);

	if (buf == NULL)
		diag_error(pos, "cannot read %s: %s", shown, file_strerror(err));
	else
		note_read(path, data, buf, *len);
	return buf;
}

char *
file_read(arena *a, const char *path, const char *shown, size_t *len, srcpos pos)
{
	return read_source(a, path, shown, len, pos, false);
}

char *
file_read_data(arena *a, const char *path, const char *shown, size_t *len, srcpos pos)
{
	return read_source(a, path, shown, len, pos, true);
}

char *
file_confine(arena *a, const char *root_dir, const char *rel, srcpos pos, const char *what)
{
	char real[PATH_MAX], root[PATH_MAX];

	if (*rel == '\0') {
		diag_error(pos, "%s: give a file name", what);
		return NULL;
	}
	if (rel[0] == '/' || rel[0] == '\\' || rel[0] == '~') {
		diag_error(pos, "%s \"%s\": give a path inside the template's directory, "
		    "not an absolute one", what, rel);
		return NULL;
	}
	if (realpath(root_dir, root) == NULL) {
		diag_error(pos, "%s \"%s\": the template's directory %s: %s", what, rel,
		    root_dir, strerror(errno));
		return NULL;
	}
	const char *full = arena_printf(a, "%s/%s", root_dir, rel);
	if (realpath(full, real) == NULL) {
		diag_error(pos, "%s \"%s\": %s", what, rel, strerror(errno));
		return NULL;
	}
	size_t rl = strlen(root);
	bool inside = strncmp(real, root, rl) == 0 &&
	    (real[rl] == '/' || (rl == 1 && root[0] == '/'));
	if (!inside) {
		diag_error(pos, "%s \"%s\" is outside the template's directory; refused", what, rel);
		return NULL;
	}
	return arena_strdup(a, real);
}

/* ---- outputs ---- */

static bool
system_dir(const char *real)
{
	static const char *const sys[] = { "/proc", "/sys", "/dev" };
	for (size_t i = 0; i < sizeof sys / sizeof *sys; i++) {
		size_t l = strlen(sys[i]);
		if (strncmp(real, sys[i], l) == 0 && (real[l] == '/' || real[l] == '\0'))
			return true;
	}
	return false;
}

bool
file_check_output(const char *out)
{
	struct stat st, lst;
	char real[PATH_MAX];
	const char *slash = strrchr(out, '/');
	char *dir = xstrdup(slash == NULL ? "." : slash == out ? "/" : out);
	if (slash != NULL && slash != out)
		dir[slash - out] = '\0';
	bool ok = false;

	if (lstat(out, &lst) == 0) {
		if (stat(out, &st) != 0 || !S_ISREG(st.st_mode)) {
			diag_error(NOPOS, "cannot write %s: it exists and is not a regular file", out);
			goto done;
		}
		ssize_t tl = S_ISLNK(lst.st_mode) ? readlink(out, real, sizeof real - 1) : 0;
		if (tl >= 0)
			real[tl] = '\0';
		if (S_ISLNK(lst.st_mode) && (tl < 0 || system_dir(real) ||
		    realpath(out, real) == NULL || system_dir(real))) {
			diag_error(NOPOS, "cannot write %s: it is a link into a system directory", out);
			goto done;
		}
		for (size_t i = 0; i < ninputs; i++)
			if (inputs[i].dev == (unsigned long long)st.st_dev &&
			    inputs[i].ino == (unsigned long long)st.st_ino) {
				diag_error(NOPOS, "cannot write %s: it is the input %s; an input is "
				    "never overwritten", out, inputs[i].shown);
				goto done;
			}
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(NOPOS, "cannot write %s: output directory %s does not exist", out, dir);
		goto done;
	}
	if (realpath(dir, real) != NULL && system_dir(real)) {
		diag_error(NOPOS, "cannot write %s: %s is a system directory, not one for "
		    "documents", out, dir);
		goto done;
	}
	if (access(dir, W_OK) != 0) {
		diag_error(NOPOS, "cannot write %s: output directory %s is not writable", out, dir);
		goto done;
	}
	ok = true;
done:
	free(dir);
	return ok;
}

int
file_write_atomic(const char *path, const void *data, size_t n)
{
	const unsigned char *p = data;
	const char *s = strrchr(path, '/');
	size_t dl = s ? (size_t)(s - path) : 0;
	char *tmp = xmalloc(strlen(path) + 32);
	if (s)
		sprintf(tmp, "%.*s/.gongwen-XXXXXX", (int)dl, path);
	else
		strcpy(tmp, ".gongwen-XXXXXX");
	sigset_t block, old_mask;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &block, &old_mask);
	int e = 0;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		goto out;
	}
	mode_t um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) != 0)
		e = errno;
	while (e == 0 && n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			e = k < 0 ? errno : ENOSPC;
			break;
		}
		p += k;
		n -= (size_t)k;
	}
	if (e == 0 && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
		e = errno;
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, path) != 0)
		e = errno;
	if (e != 0)
		unlink(tmp);
out:
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	free(tmp);
	errno = e;
	return e != 0 ? -1 : 0;
}
