# merge-empty-folder-start: '{{目录}}/{{单位}}.pdf' with 目录 empty gave /乙局.pdf
here=$(pwd); case $GW in /*) ;; *) GW=$here/$GW ;; esac
cd "$OUT" && "$GW" render "$here/tests/bad/files/score.md" --data "单位=$here/tests/bad/files/empty-dir.csv" \
    --each 单位 -o '{{目录}}/{{单位}}.pdf' --set 得分=1 2> err; st=$?
sed "s#$here/##g" err >&2; rm -rf "$OUT"/*; exit $st
