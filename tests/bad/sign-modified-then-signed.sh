# sign-modified-then-signed: a signed PDF changed afterwards (one byte) is not
# signed again: the first signature no longer holds
. tests/bad/files/sign-setup.sh
"$GW" sign letter.pdf -o s1.pdf --cert a.p12 --password-file a.pw || exit 99
/usr/bin/python3 -c "
b = bytearray(open('s1.pdf','rb').read()); b[3000] ^= 0x20; open('s1.pdf','wb').write(b)"
"$GW" sign s1.pdf -o "$OUT/x.pdf" --cert b.p12 --password-file b.pw 2> err
rc=$?
sed 's/ (.*)//' err >&2
exit $rc
