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

/* Forget what was said so far: the next diags() holds only what follows. */
static inline void
clear_diags(void)
{
	fclose(dstream);
	free(dbuf);
	dbuf = NULL;
	dstream = open_memstream(&dbuf, &dlen);
	diag_set_stream(dstream);
	diag_reset();
}

#include "rec.h"
/* Cell KEY of row ROW in a list of maps (a CSV or a sheet), as text. */
static inline const char *
cell(const rec *r, size_t row, const char *key)
{
	assert_non_null(r);
	assert_true(row < r->n);
	rec *v = rec_map_get(r->v[row], key);
	assert_non_null(v);
	return v->s;
}
#endif
#endif
