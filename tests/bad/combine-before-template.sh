# combine-before-template: "--combine OUT.pdf" before the template (as the
# usage shows) names the bundle, not the template (was exit 2, "--combine
# needs the PDF to write"); the bundle of 3 records is made, then removed
"$GW" render --combine "$OUT/all.pdf" tests/bad/files/score.md \
    --data 单位=tests/bad/files/scores.csv --each 单位 --keep-going 2> "$OUT/err"; st=$?
sed -e 's/in [0-9.]* s/in N s/' -e "s#$OUT#OUT#g" "$OUT/err" >&2
pdfinfo "$OUT/all.pdf" | grep Pages >&2
rm -f "$OUT/err" "$OUT/all.pdf"; exit $st
