# verify-fifo: verify of a FIFO is refused at once (file_read_raw), not a hang
case $GW in /*) ;; *) GW=$(pwd)/$GW ;; esac
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
mkfifo "$d/fifo.pdf"
cd "$d" && timeout 10 "$GW" verify fifo.pdf
