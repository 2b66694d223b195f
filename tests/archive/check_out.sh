#!/bin/sh
# tests/archive/check_out.sh SHARED — every PDF `make demo` wrote (out/,
# signed and embedded ones included) through pdfa_check.py and qpdf --check.
set -u
SHARED=${1:-../shared}
PY=${PYTHON:-/usr/bin/python3}
pass=0 fail=0
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for f in $(find out -name '*.pdf' | sort); do
	if $PY "$SHARED/tools/pdfa_check.py" "$f" > "$tmp" 2>&1; then pass=$((pass + 1)); else
		echo "FAIL pdfa_check $f"; grep FAIL "$tmp"; fail=$((fail + 1)); fi
	if qpdf --check "$f" > "$tmp" 2>&1; then pass=$((pass + 1)); else
		echo "FAIL qpdf --check $f"; tail -3 "$tmp"; fail=$((fail + 1)); fi
done
echo "archive (out/): $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
