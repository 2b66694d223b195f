# sign-key-mismatch: a .p12 whose private key is not the certificate's
. tests/bad/files/sign-setup.sh
"$GW" sign letter.pdf -o "$OUT/x.pdf" --cert mismatch.p12 --password-file a.pw
