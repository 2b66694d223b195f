# merge-empty-folder: an empty value where the pattern wants a folder would
# make the path absolute ("/乙局.pdf"): refused before anything is written
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/empty-dir.csv --each 单位 \
    -o "$OUT/{{目录}}/{{单位}}.pdf" --set 得分=1
