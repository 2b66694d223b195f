/* fuzz.h — shared set-up for the libFuzzer targets in tests/fuzz/.
 *
 * Each target defines LLVMFuzzerTestOneInput and nothing else that clang's
 * -fsanitize=fuzzer or tests/fuzz/replay.c would not expect.  Per input:
 * a fresh arena, freed at the end (so LeakSanitizer sees every leak), and
 * diag_reset().  Diagnostics go to /dev/null (FUZZ_DIAG=1 shows them, for
 * looking at one input by hand).
 *
 * Oracles beyond "no crash, no leak, no hang": fuzz_assert() aborts with a
 * message, so a broken invariant is a crash that libFuzzer keeps. */
#ifndef GW_FUZZ_H
#define GW_FUZZ_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_assert(c) \
	((c) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #c))

static inline void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
	abort();
}

/* Once per process: diagnostics to /dev/null, errors all counted. */
static inline void
fuzz_init_diag(void)
{
	static FILE *devnull;

	if (devnull != NULL)
		return;
	if (getenv("FUZZ_DIAG") != NULL) {
		devnull = stderr;
	} else if ((devnull = fopen("/dev/null", "w")) == NULL) {
		perror("fuzz: /dev/null");
		abort();
	}
	diag_set_stream(devnull);
}

/* A sink for dumps (--dump=…): exercised, not looked at. */
static inline FILE *
fuzz_null_stream(void)
{
	static FILE *f;

	if (f == NULL && (f = fopen("/dev/null", "w")) == NULL)
		abort();
	return f;
}

/* Does r hold at most `budget` values?  (YAML aliases can make a few
 * hundred bytes into millions of values, within the loader's limit; dumping
 * them all would be slow without finding anything.) */
static inline bool
fuzz_rec_small(const struct rec *r, size_t *budget)
{
	if (r == NULL)
		return true;
	if (*budget == 0)
		return false;
	(*budget)--;
	for (size_t i = 0; (r->kind == REC_LIST || r->kind == REC_MAP) && i < r->n; i++)
		if (!fuzz_rec_small(r->v[i], budget))
			return false;
	return true;
}

/* rec_dump to /dev/null, for trees of at most 100,000 values. */
static inline void
fuzz_dump_rec(const struct rec *r)
{
	size_t budget = 100000;

	if (fuzz_rec_small(r, &budget))
		rec_dump(r, fuzz_null_stream());
}

/* The marker the file outside the template root holds: random per process
 * and searched for with a plain loop, not memmem or strstr, whose calls
 * libFuzzer watches to learn strings (it then typed the marker into a
 * template).  If the output ever holds it, and the input does not, a
 * partial or 模板/数据 path escaped its directory. */
static char fuzz_mark[48];

static inline bool
fuzz_contains(const void *hay, size_t n, const char *needle)
{
	const unsigned char *h = hay;
	size_t m = strlen(needle);

	for (size_t i = 0; m > 0 && i + m <= n; i++) {
		size_t j = 0;
		while (j < m && h[i + j] == (unsigned char)needle[j])
			j++;
		if (j == m)
			return true;
	}
	return false;
}

static inline void
fuzz_write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(s, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static char fuzz_base[PATH_MAX];

static void
fuzz_cleanup(void)
{
	static const char *const rel[] = {
		"root/p.md", "root/a.md", "root/b.md", "root/d.csv", "root/d.json",
		"root/sub/q.md", "root/esc.md", "root/up", "root/sub",
		"outside.md", "root", NULL
	};
	char p[PATH_MAX + 32];

	if (fuzz_base[0] == '\0')
		return;
	for (int i = 0; rel[i]; i++) {
		snprintf(p, sizeof p, "%s/%s", fuzz_base, rel[i]);
		if (remove(p) != 0 && rmdir(p) != 0) {
			/* already gone */
		}
	}
	rmdir(fuzz_base);
}

/* A template root (real path) for partials, 附件 templates and data:
 *   root/a.md, root/sub/q.md   ordinary sub-templates; root/b.md needs
 *                              数据: d.json
 *   root/d.csv, root/d.json    data files
 *   root/esc.md -> ../outside.md, root/up -> ..   escape attempts
 * and outside.md (holding fuzz_mark) next to root.  Removed at
 * exit. */
static inline const char *
fuzz_root(void)
{
	static char root[PATH_MAX + 8];
	char p[PATH_MAX + 32];

	if (root[0] != '\0')
		return root;
	const char *tmp = getenv("TMPDIR");
	snprintf(p, sizeof p, "%s/gw-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(p) == NULL || realpath(p, fuzz_base) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(fuzz_cleanup);
	snprintf(root, sizeof root, "%s/root", fuzz_base);
	snprintf(p, sizeof p, "%s/sub", root);
	if (mkdir(root, 0700) != 0 || mkdir(p, 0700) != 0)
		abort();
#define W(rel, text) do { \
	snprintf(p, sizeof p, "%s/%s", root, rel); \
	fuzz_write_file(p, text, strlen(text)); } while (0)
	W("a.md", "---\n标题: 附件甲\n---\n# 附件正文\n\n第一段。\n");
	W("b.md", "{{#列表}}{{.}}、{{/列表}}{{名称}}\n");
	W("sub/q.md", "子模板{{单位.名称}}{{> sub/q.md}}\n");
	W("d.csv", "名称,得分\n甲,1\n乙,2\n");
	W("d.json", "{\"名称\": \"丙\", \"列表\": [1, 2]}");
	{
		unsigned long long x = (unsigned long long)getpid() * 0x9E3779B97F4A7C15ull;
		FILE *u = fopen("/dev/urandom", "rb");
		if (u != NULL) {
			unsigned long long y = 0;
			if (fread(&y, sizeof y, 1, u) == 1)
				x ^= y;
			fclose(u);
		}
		snprintf(fuzz_mark, sizeof fuzz_mark, "OUTSIDE-%016llx", x);
	}
	W("../outside.md", fuzz_mark);
#undef W
	snprintf(p, sizeof p, "%s/esc.md", root);
	if (symlink("../outside.md", p) != 0)
		abort();
	snprintf(p, sizeof p, "%s/up", root);
	if (symlink("..", p) != 0)
		abort();
	return root;
}

/* Did the output pick up the outside file's text without the input holding
 * it? */
static inline void
fuzz_check_confined(const uint8_t *in, size_t n, const char *out, size_t m)
{
	if (out == NULL || fuzz_mark[0] == '\0' || !fuzz_contains(out, m, fuzz_mark))
		return;
	if (fuzz_contains(in, n, fuzz_mark))
		return;
	fuzz_fail(__FILE__, __LINE__, "a path escaped the template root");
}

#endif
