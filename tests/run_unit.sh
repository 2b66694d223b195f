#!/bin/sh
# Run every cmocka unit test binary; fail if any fails or none ran.
set -u
pass=0; fail=0
for t in "$@"; do
	if "$t"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAILED: $t"; fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
