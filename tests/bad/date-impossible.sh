# date-impossible: a day not on the calendar is one error, at its line and
# column, in 成文日期, 印发日期 and the | 日期 filter alike
"$GW" render tests/bad/files/date-impossible.md --set 截止=2018.4.31 -o "$OUT/x.pdf"
