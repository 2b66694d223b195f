# output-fifo: an output that is a FIFO (or a link to /proc/self/fd/…) is
# refused at once, not opened (which would block)
mkfifo "$OUT/x.pdf" && ln -s /proc/self/fd/1 "$OUT/y.pdf"
timeout 10 "$GW" render tests/bad/files/ok.md -o "$OUT/x.pdf"; st1=$?
timeout 10 "$GW" render tests/bad/files/ok.md -o "$OUT/y.pdf" > "$OUT/z"; st2=$?
rm -f "$OUT/x.pdf" "$OUT/y.pdf" "$OUT/z"; [ $st1 = $st2 ] || echo "statuses $st1 $st2" >&2; exit $st1
