# sign-out-fifo: -o names a FIFO (as /dev/null is a device): refused, the
# FIFO is not replaced by a file
. tests/bad/files/sign-setup.sh
mkfifo pipe
"$GW" sign letter.pdf -o pipe --cert a.p12 --password-file a.pw
rc=$?
[ -p pipe ] || echo "the FIFO was replaced" >&2
exit $rc
