# sign-out-is-input: -o names the PDF being signed: refused (file_check_output),
# the input is kept as it was
. tests/bad/files/sign-setup.sh
sum=$(sha256sum letter.pdf)
"$GW" sign letter.pdf -o letter.pdf --cert a.p12 --password-file a.pw
rc=$?
[ "$(sha256sum letter.pdf)" = "$sum" ] || echo "the input changed" >&2
exit $rc
