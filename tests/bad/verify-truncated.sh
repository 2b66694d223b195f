# verify-truncated: half a signed PDF cannot be verified (exit 2, not "valid")
. tests/bad/files/sign-setup.sh
"$GW" sign letter.pdf -o s1.pdf --cert a.p12 --password-file a.pw || exit 99
head -c 60000 s1.pdf > half.pdf
"$GW" verify half.pdf
