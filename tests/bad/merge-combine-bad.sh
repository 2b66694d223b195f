# merge-combine-bad: --combine without --keep-going writes no bundle when a
# record fails, blames that record only, and counts the rest as not done
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/scores.csv --each 单位 \
    --combine "$OUT/合订.pdf" 2> "$OUT/err"; st=$?
sed 's/in [0-9.]* s/in N s/' "$OUT/err" >&2; rm "$OUT/err"; exit $st
