# extract-existing: extract never replaces a file already in DIR: the one
case $GW in /*) ;; *) GW=$(pwd)/$GW ;; esac
# there is named and kept, the others are extracted
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
top=$(pwd)
"$GW" render examples/letter/main.md -o "$d/e.pdf" --embed-source 2>/dev/null || exit 99
mkdir "$d/x" && echo mine > "$d/x/main.md"
cd "$d" || exit 99
"$GW" extract e.pdf x
rc=$?
[ "$(cat x/main.md)" = mine ] || echo "x/main.md was replaced" >&2
exit $rc
