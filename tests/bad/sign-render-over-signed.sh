# sign-render-over-signed: rendering again onto a signed PDF would discard its
# signature: refused, the signed file is kept as it was
top=$(pwd)
. tests/bad/files/sign-setup.sh
"$GW" sign letter.pdf -o signed.pdf --cert a.p12 --password-file a.pw || exit 99
sum=$(sha256sum signed.pdf)
"$GW" render "$top/examples/letter/main.md" -o signed.pdf 2> err
rc=$?
grep -v ': note: ' err >&2
[ "$(sha256sum signed.pdf)" = "$sum" ] || echo "the signed file changed" >&2
exit $rc
