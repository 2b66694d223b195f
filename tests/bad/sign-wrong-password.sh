# sign-wrong-password: the password file holds another signer's password
. tests/bad/files/sign-setup.sh
"$GW" sign letter.pdf -o "$OUT/x.pdf" --cert a.p12 --password-file b.pw
