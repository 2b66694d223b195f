# manifest-is-template: --manifest names the template: refused before
case $GW in /*) ;; *) GW=$(pwd)/$GW ;; esac
# rendering (file_check_output), the template is kept as it was
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
cp -R examples/letter/. "$d/"
top=$(pwd)
cd "$d" || exit 99
sum=$(sha256sum main.md)
"$GW" render main.md -o "$OUT/out.pdf" --manifest main.md
rc=$?
[ "$(sha256sum main.md)" = "$sum" ] || echo "the template changed" >&2
exit $rc
