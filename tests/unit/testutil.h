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
#endif
