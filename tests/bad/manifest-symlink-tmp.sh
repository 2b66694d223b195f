# manifest-symlink-tmp: a link named MANIFEST.tmp is not followed (the
# manifest is written through a fresh temporary file, then renamed)
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
echo keep > "$d/victim"
ln -s "$d/victim" "$d/m.csv.tmp"
"$GW" render examples/letter/main.md -o "$d/out.pdf" --manifest "$d/m.csv" 2> "$d/err" || { cat "$d/err" >&2; exit 99; }
[ "$(cat "$d/victim")" = keep ] || echo "the link's target was overwritten" >&2
[ -f "$d/m.csv" ] || echo "no manifest" >&2
exit 2
