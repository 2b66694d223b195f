# sign-not-gongwen: gongwen signs only the documents it rendered
. tests/bad/files/sign-setup.sh
qpdf --empty --object-streams=disable other.pdf
"$GW" sign other.pdf -o "$OUT/x.pdf" --cert a.p12 --password-file a.pw
