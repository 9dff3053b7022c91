#!/bin/sh
# OCSP requests and responses for the OCSP tests, made in $1/ocsp by `openssl ocsp` from the
# PKI of tests/mkcerts.sh in $1 (a copy of its CA database, so revoked.pem is revoked).
# Nothing is committed: every date is relative to now.
#
#   signer.pem     an OCSP-signing certificate issued by ca (extended key usage OCSPSigning)
#   noeku.pem      issued by ca, serverAuth only (no OCSPSigning)
#   oldsigner.pem  OCSPSigning by ca, expired yesterday
#   other.pem      OCSPSigning by ca2 (the untrusted CA)
#   req-*.der      requests: good.pem without nonce, with a nonce, good+revoked
#   good.der       good.pem is good, signed by ca, next update in 7 days
#   revoked.der / unknown.der / two.der (good and revoked) / nonce.der (echoes the nonce)
#   nonext.der     no nextUpdate
#   keyid.der      responder named by key hash
#   nocerts.der    no certificates in the response (the signer is found by name)
#   nocerts-keyid.der  no certificates and a key hash: no signer can be found
#   delegated.der / delegated-keyid.der  signed by signer.pem (carried in the response)
#   noeku.der / oldsigner.der / other.der / ca2.der  signed by the wrong signers
#   tampered.der   good.der with the last byte of its signature changed
#   trylater.der / unauthorized.der  error responses without a body
#   good.pem.ocsp  good.der as PEM; two.pem.ocsp: good.der then revoked.der as PEM
#   garbage.bin / truncated.der / empty.der   not OCSP responses
set -eu
D=${1:?usage: mkcerts-ocsp.sh PKIDIR}
OPENSSL=${OPENSSL:-openssl}
cd "$D"
mkdir -p ocsp
umask 077
O=ocsp
cp ca.db/index.txt $O/index.txt
printf 'unique_subject = no\n' > $O/index.txt.attr

signer() { # NAME CA EXTRA-TEMPLATE-LINES
    certtool --generate-privkey --key-type rsa --bits 2048 --outfile $O/$1.key 2>/dev/null
    printf 'cn = "OCSP responder %s"\norganization = "gnutls-rustls test"\nserial = %s\n%b' "$1" "$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')" "$3" > $O/$1.tmpl
    certtool --generate-certificate --load-privkey $O/$1.key --load-ca-certificate $2.pem \
        --load-ca-privkey $2.key --template $O/$1.tmpl --outfile $O/$1.pem 2>/dev/null
}
signer signer ca 'signing_key\nocsp_signing_key\nexpiration_days = 100\n'
signer noeku ca 'signing_key\ntls_www_server\nexpiration_days = 100\n'
signer oldsigner ca "signing_key\nocsp_signing_key\nactivation_date = \"$(date -u -d '-30 days' '+%Y-%m-%d %H:%M:%S')\"\nexpiration_date = \"$(date -u -d '-1 day' '+%Y-%m-%d %H:%M:%S')\"\n"
signer other ca2 'signing_key\nocsp_signing_key\nexpiration_days = 100\n'

"$OPENSSL" ocsp -issuer ca.pem -cert good.pem -no_nonce -reqout $O/req-good.der
"$OPENSSL" ocsp -issuer ca.pem -cert good.pem -reqout $O/req-nonce.der
"$OPENSSL" ocsp -issuer ca.pem -cert good.pem -cert revoked.pem -no_nonce -reqout $O/req-two.der
"$OPENSSL" ocsp -issuer ca.pem -cert revoked.pem -no_nonce -reqout $O/req-revoked.der
"$OPENSSL" ocsp -issuer ca.pem -serial 0x7e57ab1e -no_nonce -reqout $O/req-unknown.der

resp() { # OUT REQ SIGNER-CERT SIGNER-KEY EXTRA...
    out=$1 req=$2 cert=$3 key=$4
    shift 4
    "$OPENSSL" ocsp -index $O/index.txt -CA ca.pem -rsigner "$cert" -rkey "$key" \
        -reqin $O/$req -respout $O/$out "$@" 2>/dev/null >/dev/null
}
resp good.der req-good.der ca.pem ca.key -ndays 7
resp revoked.der req-revoked.der ca.pem ca.key -ndays 7
resp unknown.der req-unknown.der ca.pem ca.key -ndays 7
resp two.der req-two.der ca.pem ca.key -ndays 7
resp nonce.der req-nonce.der ca.pem ca.key -ndays 7
resp nonext.der req-good.der ca.pem ca.key
resp keyid.der req-good.der ca.pem ca.key -ndays 7 -resp_key_id
resp nocerts.der req-good.der ca.pem ca.key -ndays 7 -resp_no_certs
resp nocerts-keyid.der req-good.der ca.pem ca.key -ndays 7 -resp_no_certs -resp_key_id
resp delegated.der req-good.der $O/signer.pem $O/signer.key -ndays 7
resp delegated-keyid.der req-good.der $O/signer.pem $O/signer.key -ndays 7 -resp_key_id
resp noeku.der req-good.der $O/noeku.pem $O/noeku.key -ndays 7
resp oldsigner.der req-good.der $O/oldsigner.pem $O/oldsigner.key -ndays 7
resp other.der req-good.der $O/other.pem $O/other.key -ndays 7
resp ca2.der req-good.der ca2.pem ca2.key -ndays 7

python3 - "$O" <<'PY'
import base64, os, sys
o = sys.argv[1]
rd = lambda f: open(os.path.join(o, f), "rb").read()
def wr(f, b):
    open(os.path.join(o, f), "wb").write(b)
good = bytearray(rd("good.der"))
# The signature BIT STRING ends just before the [0] certs; good.der carries ca.pem.
cert = open("ca.pem").read().split("-----")[2]
ca_der = base64.b64decode("".join(cert.split()))
at = bytes(good).find(ca_der)
t = bytearray(good)
t[at - 9] ^= 0x01  # the last signature byte, before "a0 82 xx xx 30 82 xx xx"
wr("tampered.der", bytes(t))
# OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } without responseBytes.
wr("trylater.der", bytes([0x30, 0x03, 0x0a, 0x01, 0x03]))
wr("unauthorized.der", bytes([0x30, 0x03, 0x0a, 0x01, 0x06]))
def pem(b):
    s = base64.b64encode(b).decode()
    return ("-----BEGIN OCSP RESPONSE-----\n" + "".join(s[i:i + 64] + "\n" for i in range(0, len(s), 64)) +
            "-----END OCSP RESPONSE-----\n").encode()
wr("good.pem.ocsp", pem(bytes(good)))
wr("two.pem.ocsp", b"leading text\n" + pem(bytes(good)) + pem(rd("revoked.der")))
wr("garbage.bin", bytes(range(7, 200, 3)))
wr("truncated.der", bytes(good[:len(good) // 2]))
wr("empty.der", b"")
PY
chmod 644 $O/*
echo "OCSP files ready in $D/ocsp"
