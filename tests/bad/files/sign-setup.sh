# sourced by tests/bad/sign-*.sh: a throw-away CA and signers in a temp dir
# (never $OUT: a bad input leaves nothing there), a rendered letter, and
# $GW made absolute; the test then runs inside that directory so that
# messages show short, stable names.
case $GW in /*) ;; *) GW=$(pwd)/$GW ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sh tests/archive/mkcerts.sh "$T" || exit 99
SOURCE_DATE_EPOCH=$(date +%s); export SOURCE_DATE_EPOCH
"$GW" render examples/letter/main.md -o "$T/letter.pdf" 2>/dev/null || exit 99
cd "$T" || exit 99
