#!/bin/sh
# CRLs of many shapes for the CRL tests, made in $1/crl from the PKI of tests/mkcerts.sh in
# $1 (its CA database, so the revoked certificates are real ones). Nothing is committed:
# every date is relative to now.
#
#   v2.pem        openssl ca -gencrl with a CRL number (v2): lists revoked.pem
#   v1.pem        openssl ca -gencrl without CRL extensions (v1): lists revoked.pem
#   reasons.pem   openssl, revoked.pem and wronghost.pem revoked with reasons (entry extensions)
#   aki.pem       openssl, an authority key identifier with the issuer's name and serial
#   certtool.pem  certtool --generate-crl (AKI, number 0x1234) listing good, expired, revoked
#   empty.pem     certtool, nothing revoked, no next update
#   other.pem     by ca2, listing untrusted.pem
#   two.pem       v2.pem then other.pem
#   tampered.pem  v2.pem with the last byte of its signature changed
#   bad/*         inputs that are not CRLs: garbage, truncated and wrong-tag DER, a
#                 certificate, PEM without a CRL block, broken base64, an empty file
set -eu
D=${1:?usage: mkcerts-crl.sh PKIDIR}
OPENSSL=${OPENSSL:-openssl}
cd "$D"
mkdir -p crl/bad
umask 077

cp crl.pem crl/v2.pem
grep -v '^crlnumber' ca.cnf > crl/ca-v1.cnf
"$OPENSSL" ca -batch -config crl/ca-v1.cnf -gencrl -out crl/v1.pem 2>/dev/null

# A copy of the CA database, so that the main one (crl.pem) stays as it is.
rm -rf crl/reasons.db && cp -r ca.db crl/reasons.db
sed "s|^dir = ca.db|dir = crl/reasons.db|" ca.cnf > crl/reasons.cnf
"$OPENSSL" ca -batch -config crl/reasons.cnf -revoke wronghost.pem -crl_reason keyCompromise 2>/dev/null
"$OPENSSL" ca -batch -config crl/reasons.cnf -gencrl -crlhours 5 -out crl/reasons.pem 2>/dev/null

# An authority key identifier with the issuer's name and serial number too.
rm -rf crl/aki.db && cp -r ca.db crl/aki.db
{ sed "s|^dir = ca.db|dir = crl/aki.db|" ca.cnf; printf '[ crl_ext ]\nauthorityKeyIdentifier = keyid:always,issuer:always\n'; } > crl/aki.cnf
"$OPENSSL" ca -batch -config crl/aki.cnf -gencrl -crlexts crl_ext -out crl/aki.pem 2>/dev/null

cat good.pem expired.pem revoked.pem > crl/listed.pem
printf 'crl_next_update = 7\ncrl_number = 4660\n' > crl/certtool.tmpl
certtool --generate-crl --load-ca-privkey ca.key --load-ca-certificate ca.pem \
    --load-certificate crl/listed.pem --template crl/certtool.tmpl --outfile crl/certtool.pem 2>/dev/null
printf 'crl_number = 1\n' > crl/empty.tmpl
certtool --generate-crl --load-ca-privkey ca.key --load-ca-certificate ca.pem \
    --template crl/empty.tmpl --outfile crl/empty.pem 2>/dev/null

rm -rf crl/other.db && cp -r ca2.db crl/other.db
sed "s|^dir = ca2.db|dir = crl/other.db|" ca2.cnf > crl/other.cnf
"$OPENSSL" ca -batch -config crl/other.cnf -revoke untrusted.pem 2>/dev/null
"$OPENSSL" ca -batch -config crl/other.cnf -gencrl -out crl/other.pem 2>/dev/null
cat crl/v2.pem crl/other.pem > crl/two.pem
cat ca.pem ca2.pem > crl/cas.pem
cat good.pem expired.pem revoked.pem wronghost.pem untrusted.pem > crl/certs.pem

"$OPENSSL" crl -in crl/v2.pem -outform DER -out crl/bad/v2.der
# The last byte of the signature changed: it imports, and fails verification.
{ head -c -1 crl/bad/v2.der; tail -c 1 crl/bad/v2.der | tr '\000-\377' '\001-\377\000'; } > crl/tampered.der
"$OPENSSL" crl -inform DER -in crl/tampered.der -out crl/tampered.pem
head -c 200 /dev/urandom > crl/bad/garbage.bin
head -c 100 crl/bad/v2.der > crl/bad/truncated.der
{ printf '\061'; tail -c +2 crl/bad/v2.der; } > crl/bad/wrongtag.der
"$OPENSSL" x509 -in good.pem -outform DER -out crl/bad/cert.der
cp good.pem crl/bad/cert.pem
printf -- '-----BEGIN X509 CRL-----\n!!!! not base64 !!!!\n-----END X509 CRL-----\n' > crl/bad/broken.pem
: > crl/bad/empty
rm crl/bad/v2.der
chmod -R go+rX crl
echo "CRLs ready in $D/crl"
