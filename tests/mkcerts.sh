#!/bin/sh
# Make the test PKI in directory $1 (created if missing).  Nothing here has a
# fixed date: validity windows are relative to "now", so the files are made
# fresh for every test run and never committed.
#
# Output (all PEM):
#   ca.pem / ca.key                 the trusted test CA
#   ca2.pem / ca2.key               a second CA that is never trusted
#   good.pem / good.key             CN=localhost, SAN DNS:localhost, IP:127.0.0.1, by ca
#   expired.pem / expired.key       same names, validity ended yesterday, by ca
#   notyet.pem / notyet.key         same names, validity starts in ~10 years, by ca
#   wronghost.pem / wronghost.key   CN/SAN wrong.example.com, by ca
#   selfsigned.pem / selfsigned.key CN=localhost, self-signed (not a CA in the trust list)
#   untrusted.pem / untrusted.key   CN=localhost, SAN as good, signed by ca2
#   revoked.pem / revoked.key       same names, by ca, revoked in crl.pem
#   crl.pem                         CRL of ca listing revoked.pem
#   inter.pem / inter.key           an intermediate CA under ca
#   deep.pem / deep.key             CN=localhost, SAN as good, by inter (deep-chain.pem: deep and
#                                   inter; deep-full.pem: deep, inter and ca)
#   notpem.txt                      a file that is not PEM at all
# Every *.pem leaf file holds only the leaf certificate; *-chain.pem is leaf+CA.
set -eu
D=${1:?usage: mkcerts.sh DIR}
mkdir -p "$D"
cd "$D"
umask 077

OPENSSL=${OPENSSL:-openssl}
SUBJ_PREFIX="/O=gnutls-rustls test"

gen_key() { "$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }

mk_ca() { # name CN
    gen_key "$1.key"
    "$OPENSSL" req -new -x509 -key "$1.key" -out "$1.pem" -days 3650 -sha256 \
        -subj "$SUBJ_PREFIX/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" 2>/dev/null
    mkdir -p "$1.db/new"
    : > "$1.db/index.txt"
    printf '1000\n' > "$1.db/serial"
    printf '1000\n' > "$1.db/crlnumber"
    cat > "$1.cnf" <<EOF
[ ca ]
default_ca = this_ca
[ this_ca ]
dir = $1.db
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
crlnumber = \$dir/crlnumber
certificate = $1.pem
private_key = $1.key
default_md = sha256
default_crl_days = 30
policy = any_policy
unique_subject = no
copy_extensions = copy
email_in_dn = no
[ any_policy ]
organizationName = optional
commonName = supplied
[ leaf_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
}

# leaf NAME CA CN SAN STARTDATE ENDDATE   (dates as YYYYMMDDHHMMSSZ)
leaf() {
    gen_key "$1.key"
    "$OPENSSL" req -new -key "$1.key" -out "$1.csr" -subj "$SUBJ_PREFIX/CN=$3" \
        -addext "subjectAltName=$4" 2>/dev/null
    "$OPENSSL" ca -batch -config "$2.cnf" -extensions leaf_ext -notext \
        -startdate "$5" -enddate "$6" -in "$1.csr" -out "$1.pem" 2>/dev/null
    cat "$1.pem" "$2.pem" > "$1-chain.pem"
    rm -f "$1.csr"
}

d() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
NOWISH=$(d '-1 day')
LATER=$(d '+365 days')

mk_ca ca "gnutls-rustls Test CA"
mk_ca ca2 "gnutls-rustls Untrusted CA"

GOODSAN="DNS:localhost,IP:127.0.0.1"
leaf good      ca  localhost         "$GOODSAN"                 "$NOWISH"          "$LATER"
leaf expired   ca  localhost         "$GOODSAN"                 "$(d '-30 days')"  "$(d '-1 day')"
leaf notyet    ca  localhost         "$GOODSAN"                 "$(d '+3650 days')" "$(d '+3660 days')"
leaf wronghost ca  wrong.example.com "DNS:wrong.example.com"    "$NOWISH"          "$LATER"
leaf untrusted ca2 localhost         "$GOODSAN"                 "$NOWISH"          "$LATER"
leaf revoked   ca  localhost         "$GOODSAN"                 "$NOWISH"          "$LATER"

mk_ca inter "gnutls-rustls Test Intermediate"
"$OPENSSL" req -new -key inter.key -subj "$SUBJ_PREFIX/CN=gnutls-rustls Test Intermediate" -out inter.csr 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > inter.ext
"$OPENSSL" x509 -req -in inter.csr -CA ca.pem -CAkey ca.key -set_serial 4242 -days 3650 -sha256 \
    -extfile inter.ext -out inter.pem 2>/dev/null
rm -f inter.csr inter.ext
leaf deep inter localhost "$GOODSAN" "$NOWISH" "$LATER"
cat deep-chain.pem ca.pem > deep-full.pem

"$OPENSSL" ca -batch -config ca.cnf -revoke revoked.pem 2>/dev/null
"$OPENSSL" ca -batch -config ca.cnf -gencrl -out crl.pem 2>/dev/null

gen_key selfsigned.key
"$OPENSSL" req -new -x509 -key selfsigned.key -out selfsigned.pem -days 365 -sha256 \
    -subj "$SUBJ_PREFIX/CN=localhost" -addext "subjectAltName=$GOODSAN" 2>/dev/null
cp selfsigned.pem selfsigned-chain.pem

printf 'this is not a PEM file\n\000\001\002 binary junk\n' > notpem.txt
chmod 644 ./*.pem ./*.key notpem.txt
echo "PKI ready in $D"
