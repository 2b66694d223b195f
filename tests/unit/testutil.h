/* testutil.h — shared includes for cmocka unit tests. */
#ifndef GW_TESTUTIL_H
#define GW_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef TESTUTIL_DIAG_FIXTURE
/* The fixture most tests share: diagnostics captured in memory (diags()
 * returns what was said since setup) and a fresh arena A per test. */
#include "arena.h"
#include "diag.h"

static char *dbuf;
static size_t dlen;
static FILE *dstream;
static arena *A;

static int
setup(void **state)
{
	(void)state;
	dstream = open_memstream(&dbuf, &dlen);
	diag_set_stream(dstream);
	diag_reset();
	A = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	diag_set_stream(NULL);
	fclose(dstream);
	free(dbuf);
	dbuf = NULL;
	arena_free(A);
	return 0;
}

static const char *
diags(void)
{
	fflush(dstream);
	return dbuf ? dbuf : "";
}
#endif
#endif
