#!/bin/sh
# tests/archive/mkcerts.sh DIR — a throw-away CA and two signers, made at
# test time (no private key is ever committed):
#   DIR/ca.pem                     the CA certificate (trust anchor for --ca)
#   DIR/a.p12, DIR/a.pw            signer "考评人 甲" (password in a.pw)
#   DIR/b.p12, DIR/b.pw            signer "被考评单位负责人 乙"
#   DIR/corrupt.p12                a.p12 cut short
#   DIR/mismatch.p12               a's key with b's certificate (password a.pw)
# Certificates are valid for 400 days from now.
set -eu
d=$1
mkdir -p "$d"
cd "$d"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
	-subj "/CN=gongwen test CA" -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' > ext
for who in a b; do
	if [ $who = a ]; then cn="考评人 甲"; else cn="被考评单位负责人 乙"; fi
	openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr -utf8 \
		-subj "/CN=$cn" 2>/dev/null
	openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 400 \
		-out $who.pem -extfile ext 2>/dev/null
	echo "pw-$who-$$" > $who.pw
	openssl pkcs12 -export -inkey $who.key -in $who.pem -certfile ca.pem \
		-passout file:$who.pw -out $who.p12
	rm -f $who.csr
done
# a .p12 whose key (a's) does not belong to its certificate (b's): openssl
# pkcs12 refuses to pair them, so b's certificate goes in beside the key
/usr/bin/python3 - <<'EOF'
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography import x509
key = serialization.load_pem_private_key(open("a.key", "rb").read(), None)
cert = x509.load_pem_x509_certificate(open("b.pem", "rb").read())
pw = open("a.pw", "rb").read().strip()
open("mismatch.p12", "wb").write(pkcs12.serialize_key_and_certificates(
    b"mismatch", key, None, [cert], serialization.BestAvailableEncryption(pw)))
EOF
rm -f a.key b.key
rm -f ca.key ext ca.srl
# a damaged .p12: cut short (as a broken download or copy leaves it)
head -c 1000 a.p12 > corrupt.p12
