#!/bin/sh
# Extra PKI for the server-side tests, added to a directory made by
# tests/mkcerts.sh (it uses that directory's ca.pem/ca.key).
#
# Output (all PEM):
#   client.pem / client.key       CN=test client, EKU clientAuth, by ca
#   hosta.pem / hosta.key         CN=a.example.test, SAN DNS:a.example.test, serverAuth, by ca
#   hostb.pem / hostb.key         CN=b.example.test, SAN DNS:b.example.test, serverAuth, by ca
#   qemu-server/                  ca-cert.pem server-cert.pem server-key.pem (good.*)
#   qemu-client/                  ca-cert.pem client-cert.pem client-key.pem (client.*)
#   qemu-client-nocert/           ca-cert.pem only
#   qemu-client-untrusted/        ca-cert.pem + a client cert signed by ca2
set -eu
D=${1:?usage: mkcerts-server.sh PKIDIR}
cd "$D"
umask 077
OPENSSL=${OPENSSL:-openssl}
SUBJ_PREFIX="/O=gnutls-rustls test"

# sign NAME CA CN EKU [SAN]
sign() {
    "$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
    "$OPENSSL" req -new -key "$1.key" -out "$1.csr" -subj "$SUBJ_PREFIX/CN=$3" 2>/dev/null
    {
        echo "basicConstraints=critical,CA:FALSE"
        echo "keyUsage=critical,digitalSignature,keyEncipherment"
        echo "extendedKeyUsage=$4"
        echo "subjectKeyIdentifier=hash"
        echo "authorityKeyIdentifier=keyid"
        if [ -n "${5:-}" ]; then echo "subjectAltName=$5"; fi
    } > "$1.ext"
    "$OPENSSL" x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial \
        -days 30 -sha256 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
}

sign client    ca  "test client"    clientAuth
sign client2   ca2 "untrusted client" clientAuth
sign hosta     ca  a.example.test   serverAuth "DNS:a.example.test"
sign hostb     ca  b.example.test   serverAuth "DNS:b.example.test"

mkdir -p qemu-server qemu-client qemu-client-nocert qemu-client-untrusted
cp ca.pem qemu-server/ca-cert.pem
cp good.pem qemu-server/server-cert.pem
cp good.key qemu-server/server-key.pem
cp ca.pem qemu-client/ca-cert.pem
cp client.pem qemu-client/client-cert.pem
cp client.key qemu-client/client-key.pem
cp ca.pem qemu-client-nocert/ca-cert.pem
cp ca.pem qemu-client-untrusted/ca-cert.pem
cp client2.pem qemu-client-untrusted/client-cert.pem
cp client2.key qemu-client-untrusted/client-key.pem
chmod 755 qemu-server qemu-client qemu-client-nocert qemu-client-untrusted
chmod 644 ./*.pem ./*.key qemu-*/*
echo "server PKI ready in $D"
