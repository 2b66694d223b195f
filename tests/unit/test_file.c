/* test_file.c — reading input files (FIFOs and devices refused without
 * blocking, one limit, one message) and confining template paths. */
#define TESTUTIL_DIAG_FIXTURE
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

static char dir[64];

static int
group_setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/gw-test-file-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	char p[128];
	snprintf(p, sizeof p, "%s/a.txt", dir);
	FILE *f = fopen(p, "w");
	fputs("甲乙", f);
	fclose(f);
	snprintf(p, sizeof p, "%s/sub", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/fifo", dir);
	mkfifo(p, 0600);
	snprintf(p, sizeof p, "%s/out", dir);
	if (symlink("/etc/passwd", p) != 0)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static void
test_read(void **state)
{
	(void)state;
	size_t n;
	char *p = arena_printf(A, "%s/a.txt", dir);
	char *s = file_read(A, p, "a.txt", &n, NOPOS);
	assert_non_null(s);
	assert_int_equal(n, 6);
	assert_string_equal(s, "甲乙");
	int err;
	s = file_read_raw(NULL, p, &n, &err);
	assert_non_null(s);
	free(s);
	assert_string_equal(diags(), "");
}

/* A FIFO without a writer would block open(); it is refused at once. */
static void
test_refused(void **state)
{
	(void)state;
	size_t n;
	assert_null(file_read(A, arena_printf(A, "%s/fifo", dir), "fifo", &n, NOPOS));
	assert_null(file_read(A, arena_printf(A, "%s/sub", dir), "sub", &n, NOPOS));
	assert_null(file_read(A, "/dev/null", "/dev/null", &n, NOPOS));
	assert_null(file_read(A, arena_printf(A, "%s/none", dir), "none", &n, pos_at("t.md", 2, 3)));
	assert_string_equal(diags(),
	    "gongwen: error: cannot read fifo: it is not a regular file (a FIFO, a device or a socket)\n"
	    "gongwen: error: cannot read sub: it is a directory, not a file\n"
	    "gongwen: error: cannot read /dev/null: it is not a regular file (a FIFO, a device or a socket)\n"
	    "gongwen: t.md:2:3: error: cannot read none: No such file or directory\n");
	assert_string_equal(file_strerror(FILE_E_SIZE),
	    "it is larger than 512 MB, the limit for an input file");
}

static void
test_confine(void **state)
{
	(void)state;
	srcpos at = pos_at("t.md", 1, 1);
	const char *r = file_confine(A, dir, "a.txt", at, "印章");
	assert_non_null(r);
	assert_non_null(strstr(r, "/a.txt"));
	assert_non_null(file_confine(A, dir, "sub/../a.txt", at, "印章"));
	assert_null(file_confine(A, dir, "../x", at, "印章"));
	assert_null(file_confine(A, dir, "/etc/passwd", at, "模板"));
	assert_null(file_confine(A, dir, "out", at, "数据"));       /* a symlink out */
	assert_null(file_confine(A, dir, "nope.png", at, "印章"));
	assert_null(file_confine(A, dir, "", at, "partial"));
	assert_string_equal(diags(),
	    "gongwen: t.md:1:1: error: 印章 \"../x\" is outside the template's directory; refused\n"
	    "gongwen: t.md:1:1: error: 模板 \"/etc/passwd\": give a path inside the template's directory, not an absolute one\n"
	    "gongwen: t.md:1:1: error: 数据 \"out\" is outside the template's directory; refused\n"
	    "gongwen: t.md:1:1: error: 印章 \"nope.png\": No such file or directory\n"
	    "gongwen: t.md:1:1: error: partial: give a file name\n");
}

static const file_input *
input_named(const char *path)
{
	size_t n;
	const file_input *in = file_inputs(&n);
	for (size_t i = 0; i < n; i++)
		if (in[i].path && strcmp(in[i].path, path) == 0)
			return &in[i];
	return NULL;
}

/* The sources of a run: what file_read/file_read_data read, in order, with
 * their bytes once asked to keep them; the same file read under two names
 * is one input; a file only opened (a seal's header) or read raw (the font
 * config) is an input but no source. */
static void
test_sources(void **state)
{
	(void)state;
	size_t n;
	int err;
	char *a = arena_printf(A, "%s/a.txt", dir), *b = arena_printf(A, "%s/b.csv", dir);
	FILE *f = fopen(b, "w");
	fputs("x,y\n1,2\n", f);
	fclose(f);
	char *r = file_read_raw(NULL, b, &n, &err);    /* raw: no source */
	free(r);
	assert_null(input_named(b));
	file_keep_inputs(1024);
	unsigned long mark = file_read_serial();
	assert_non_null(file_read(A, a, "a.txt", &n, NOPOS));
	assert_non_null(file_read_data(A, b, "b.csv", &n, NOPOS));
	const file_input *ia = input_named(a), *ib = input_named(b);
	assert_non_null(ia);
	assert_non_null(ib);
	assert_false(ia->data);
	assert_true(ib->data);
	assert_true(ia->read > mark);
	assert_true(ib->read > ia->read);
	assert_int_equal(ib->nkept, 8);
	assert_memory_equal(ib->kept, "x,y\n1,2\n", 8);
	/* a.txt again through "sub/../a.txt": the same input, read later */
	unsigned long before = ia->read;
	assert_non_null(file_read(A, arena_printf(A, "%s/sub/../a.txt", dir), "a", &n, NOPOS));
	ia = input_named(a);
	assert_true(ia->read > before);
	assert_null(input_named(arena_printf(A, "%s/sub/../a.txt", dir)));
	file_keep_inputs(0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
