# sign-corrupt-p12: a damaged .p12 is named as such; nothing is written
. tests/bad/files/sign-setup.sh
"$GW" sign letter.pdf -o "$OUT/x.pdf" --cert corrupt.p12 --password-file a.pw
