# verify-truncated: a signed PDF cut short cannot be verified (exit 2, never
# "valid"): cut in its first revision (no %%EOF at all), and cut inside its
# second signature's update (an earlier %%EOF remains, but not at the end)
. tests/bad/files/sign-setup.sh
"$GW" sign letter.pdf -o s1.pdf --cert a.p12 --password-file a.pw || exit 99
"$GW" sign s1.pdf -o s2.pdf --cert b.p12 --password-file b.pw || exit 99
head -c 60000 s1.pdf > half.pdf
"$GW" verify half.pdf
a=$?
head -c $(($(wc -c < s2.pdf) - 300)) s2.pdf > cut.pdf
"$GW" verify cut.pdf
b=$?
[ $a -gt $b ] && exit $a
exit $b
