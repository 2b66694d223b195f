# sign-expired: signing in 2100, long after the certificate's 400 days
. tests/bad/files/sign-setup.sh
SOURCE_DATE_EPOCH=4102444800 "$GW" sign letter.pdf -o "$OUT/x.pdf" --cert a.p12 --password-file a.pw
