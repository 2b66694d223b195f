/* replay.c — run a fuzz target's saved inputs without clang or libFuzzer.
 *
 *   cc -DFUZZ_REPLAY -Isrc tests/fuzz/replay.c tests/fuzz/fuzz_csv.c \
 *      build/libgongwen.a $(LIBS) -o replay_csv
 *   ./replay_csv tests/fuzz/corpus/csv tests/fuzz/regress/csv
 *
 * Every regular file under the named directories (or a named file) is fed
 * to LLVMFuzzerTestOneInput in a child process of its own, so one crash,
 * abort (a broken invariant), sanitizer report or leak (LeakSanitizer's
 * exit status) fails that input only, and a hang is cut off after
 * FUZZ_REPLAY_TIMEOUT seconds (default 60).  Prints one line per failed
 * input and "NAME: N passed, M failed"; exits 1 if any failed, 2 if there
 * was nothing to run or a directory could not be read. */
#ifndef FUZZ_REPLAY
#error "replay.c is built with -DFUZZ_REPLAY, together with one fuzz_*.c"
#endif
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int passed, failed, trouble;
static unsigned timeout_s = 60;

static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, len = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (len == cap) {
			unsigned char *nb;
			cap = cap ? 2 * cap : 65536;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*n = len;
	return buf;
}

static void
run_one(const char *path)
{
	pid_t pid;
	int st;

	fflush(NULL);
	if ((pid = fork()) == -1) {
		perror("replay: fork");
		exit(2);
	}
	if (pid == 0) {
		size_t n = 0;
		unsigned char *buf = slurp(path, &n);
		if (buf == NULL) {
			fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
			_exit(2);
		}
		alarm(timeout_s);
		/* exactly the bytes: a copy of the right size, so that ASan
		 * catches a read one past the end as libFuzzer would */
		unsigned char *copy = malloc(n ? n : 1);
		if (copy == NULL)
			_exit(2);
		memcpy(copy, buf, n);
		free(buf);
		LLVMFuzzerTestOneInput(copy, n);
		free(copy);
		exit(0);   /* exit, not _exit: LeakSanitizer checks here */
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			perror("replay: waitpid");
			exit(2);
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		passed++;
		return;
	}
	failed++;
	if (WIFSIGNALED(st))
		fprintf(stderr, "FAILED: %s (%s)\n", path,
		    WTERMSIG(st) == SIGALRM ? "timeout" : strsignal(WTERMSIG(st)));
	else
		fprintf(stderr, "FAILED: %s (exit %d)\n", path, WEXITSTATUS(st));
}

static int
cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void
walk(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return;   /* no regress/<t>/ yet: nothing to replay */
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		trouble = 1;
		return;
	}
	if (S_ISREG(sb.st_mode)) {
		run_one(path);
		return;
	}
	if (!S_ISDIR(sb.st_mode) || (d = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		trouble = 1;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;   /* ., .., .gitkeep */
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof *names);
			if (names == NULL)
				abort();
		}
		size_t l = strlen(path) + strlen(e->d_name) + 2;
		if ((names[n] = malloc(l)) == NULL)
			abort();
		snprintf(names[n++], l, "%s/%s", path, e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp);
	for (size_t i = 0; i < n; i++) {
		walk(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	const char *name = argc > 0 ? argv[0] : "replay";
	const char *t = getenv("FUZZ_REPLAY_TIMEOUT");

	if (t != NULL && atoi(t) > 0)
		timeout_s = (unsigned)atoi(t);
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", name);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		walk(argv[i]);
	const char *base = strrchr(name, '/');
	printf("%s: %d passed, %d failed\n", base ? base + 1 : name, passed, failed);
	if (failed)
		return 1;
	return trouble || passed == 0 ? 2 : 0;
}
