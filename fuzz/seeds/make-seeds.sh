#!/usr/bin/env bash
# Regenerates fuzz/corpus/*: real objects made by openssl and certtool from fuzz/data's PKI,
# real session data from our library (build/lib, `make all` first), and real handshake
# flights recorded between gnutls-cli / openssl s_client and openssl s_server / gnutls-serv
# on 127.0.0.1. Each seed starts with the target's selector byte (see each target).
# Run from anywhere; the output is committed, so this runs only when seeds are renewed.
set -euo pipefail
FUZZ=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(dirname "$FUZZ")
C=$FUZZ/corpus
D=$FUZZ/data
T=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$T"' EXIT
mkdir -p "$C"
cd "$T"

# seed TARGET NAME SELECTOR FILE: the selector byte (decimal), then the file's bytes.
seed() { mkdir -p "$C/$1"; { printf "\\$(printf %03o "$3")"; cat "$4"; } > "$C/$1/$2"; }
der() { openssl "$1" -in "$2" -outform DER -out "$3" ${4:-}; }

# A second, RSA, PKI beside fuzz/data's ECDSA one, and a chain.
openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.pem -days 3650 -subj "/C=DE/O=Example GmbH/OU=Unit+CN=RSA test/emailAddress=a@example.test" -addext "subjectAltName=DNS:a.example.test,IP:127.0.0.1,email:a@example.test,URI:https://example.test/" 2>/dev/null
openssl genpkey -algorithm ed25519 -out ed.key
openssl req -x509 -key ed.key -out ed.pem -days 3650 -subj "/CN=ed25519" 2>/dev/null
cat "$D/server.pem" "$D/ca.pem" > chain.pem

# Certificates: selector bit 0 = PEM, (sel>>1)%3 = import / list_import / list_import2.
for n in ca server; do der x509 "$D/$n.pem" $n.der; seed x509_crt $n-der 0 $n.der; seed x509_crt $n-pem 1 "$D/$n.pem"; done
for n in rsa ed; do der x509 $n.pem $n.der; seed x509_crt $n-der 0 $n.der; seed x509_crt $n-pem 1 $n.pem; done
seed x509_crt chain-list 3 chain.pem; seed x509_crt chain-list-sorted 35 chain.pem; seed x509_crt chain-list2 5 chain.pem

# Private keys: bit 0 PEM, (sel>>1)%8 entry point, (sel>>4)&3 password (0 = "password"), bit 6 PLAIN.
openssl pkey -in rsa.key -traditional -out rsa-pkcs1.pem
openssl pkey -in rsa.key -outform DER -out rsa-pkcs8.der
openssl ec -in "$D/server.key" -out ec-sec1.pem 2>/dev/null
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:password -in rsa.key -out rsa-enc.pem
openssl pkcs8 -topk8 -v2 aes-128-cbc -passout pass:password -in "$D/server.key" -outform DER -out ec-enc.der
openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -passout pass:password -in ed.key -out ed-enc-pbes1.pem
openssl rsa -in rsa.key -traditional -aes128 -passout pass:password -out rsa-legacy-enc.pem 2>/dev/null
seed x509_privkey rsa-pkcs1 1 rsa-pkcs1.pem; seed x509_privkey rsa-pkcs8-der 0 rsa-pkcs8.der
seed x509_privkey rsa-pkcs8-pem 1 rsa.key; seed x509_privkey ec-sec1 1 ec-sec1.pem; seed x509_privkey ed25519 1 ed.key
seed x509_privkey rsa-enc-import2 3 rsa-enc.pem; seed x509_privkey rsa-enc-pkcs8 5 rsa-enc.pem
seed x509_privkey ec-enc-der-pkcs8 4 ec-enc.der; seed x509_privkey ed-enc-pbes1 3 ed-enc-pbes1.pem
seed x509_privkey rsa-legacy-openssl 7 rsa-legacy-enc.pem; seed x509_privkey rsa-legacy-import2 3 rsa-legacy-enc.pem
seed x509_privkey rsa-plain-pkcs8 69 rsa.key; seed x509_privkey raw-privkey 11 "$D/server.key"

# Public keys.
openssl pkey -in rsa.key -pubout -out rsa.pub; openssl pkey -in rsa.key -pubout -outform DER -out rsa.pub.der
openssl pkey -in ed.key -pubout -out ed.pub; openssl pkey -in "$D/server.key" -pubout -outform DER -out ec.pub.der
seed pubkey rsa-pem 1 rsa.pub; seed pubkey rsa-der 0 rsa.pub.der; seed pubkey ed-pem 1 ed.pub; seed pubkey ec-der 0 ec.pub.der

# A CA database for openssl ca (CRL) and openssl ocsp (response).
mkdir -p db; : > db/index.txt; echo 1000 > db/crlnumber
cat > ca.cnf <<CNF
[ca]
default_ca = d
[d]
database = db/index.txt
crlnumber = db/crlnumber
default_md = sha256
default_crl_days = 3650
CNF
openssl ca -config ca.cnf -keyfile "$D/ca.key" -cert "$D/ca.pem" -revoke rsa.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -config ca.cnf -keyfile "$D/ca.key" -cert "$D/ca.pem" -gencrl -out crl.pem 2>/dev/null
der crl crl.pem crl.der
cat crl.pem crl.pem > crls.pem
seed crl one-der 0 crl.der; seed crl one-pem 1 crl.pem; seed crl list 3 crls.pem; seed crl list2 5 crls.pem

# Requests.
openssl req -in "$D/server.csr" -outform DER -out csr.der
openssl req -new -key rsa.key -out rsa.csr -subj "/CN=req/O=Example" -addext "subjectAltName=DNS:req.example.test" 2>/dev/null
seed crq server-pem 1 "$D/server.csr"; seed crq server-der 0 csr.der; seed crq rsa-pem 1 rsa.csr

# PKCS#12 (modern PBES2 and legacy RC2/3DES), PKCS#7.
openssl pkcs12 -export -in "$D/server.pem" -inkey "$D/server.key" -certfile "$D/ca.pem" -passout pass:password -out p12.der
openssl pkcs12 -export -in rsa.pem -inkey rsa.key -passout pass:password -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -out p12-3des.der 2>/dev/null || true
seed pkcs12 ecdsa-chain 0 p12.der; [ -s p12-3des.der ] && seed pkcs12 rsa-3des 0 p12-3des.der
openssl pkcs12 -export -in rsa.pem -inkey rsa.key -passout pass: -out p12-empty.der; seed pkcs12 rsa-empty-pw 4 p12-empty.der
openssl crl2pkcs7 -nocrl -certfile chain.pem -out p7.pem; openssl crl2pkcs7 -in crl.pem -certfile chain.pem -outform DER -out p7.der
seed pkcs7 chain-pem 1 p7.pem; seed pkcs7 chain-crl-der 0 p7.der

# OCSP: a request with a nonce, a good and a revoked response signed by the CA.
openssl ocsp -issuer "$D/ca.pem" -cert "$D/server.pem" -reqout req.der 2>/dev/null
openssl ocsp -issuer "$D/ca.pem" -cert "$D/server.pem" -no_nonce -reqout req-nononce.der 2>/dev/null
openssl x509 -in "$D/server.pem" -noout -serial | sed 's/serial=//' > serial
printf 'V\t21000101000000Z\t\t%s\tunknown\t/CN=localhost\n' "$(cat serial)" >> db/index.txt
openssl ocsp -index db/index.txt -rsigner "$D/ca.pem" -rkey "$D/ca.key" -CA "$D/ca.pem" -reqin req.der -respout resp.der -ndays 3650 2>/dev/null
openssl ocsp -issuer "$D/ca.pem" -cert rsa.pem -no_nonce -reqout req-rsa.der 2>/dev/null
openssl ocsp -index db/index.txt -rsigner "$D/ca.pem" -rkey "$D/ca.key" -CA "$D/ca.pem" -reqin req-rsa.der -respout resp-revoked.der -ndays 3650 2>/dev/null
seed ocsp req 0 req.der; seed ocsp req-nononce 0 req-nononce.der; seed ocsp resp-good 1 resp.der; seed ocsp resp-revoked 1 resp-revoked.der

# DNs: the issuer and subject Names of the certificates, raw DER.
for n in rsa server ca ed; do
  python3 - "$n.der" "$n" <<'PY'
import sys
def tlv(b, i):
    t = b[i]; l = b[i + 1]; j = i + 2
    if l & 0x80:
        k = l & 0x7f; l = int.from_bytes(b[j:j + k], "big"); j += k
    return t, j, j + l  # tag, content start, end
b = open(sys.argv[1], "rb").read()
_, s, _ = tlv(b, 0)           # Certificate
_, s, e = tlv(b, s)           # TBSCertificate
fields = []
i = s
while i < e:
    t, cs, ce = tlv(b, i); fields.append(b[i:ce]); i = ce
if fields[0][0] == 0xa0: fields = fields[1:]
# serial, signature, issuer, validity, subject
for name, f in (("issuer", fields[2]), ("subject", fields[4])):
    open("dn-%s-%s" % (sys.argv[2], name), "wb").write(f)
PY
  seed dn $n-issuer 0 dn-$n-issuer; seed dn $n-subject 1 dn-$n-subject
done

# PEM base64: selector %3 = no header / CERTIFICATE / PRIVATE KEY; high bits = buffer size.
seed pem_base64 cert-any 48 "$D/ca.pem"; seed pem_base64 cert-named 49 rsa.pem; seed pem_base64 key-named 50 rsa.key
seed pem_base64 wrong-header 1 rsa.key

# Priority strings: selector bit 0 = init2, bit 1 = GNUTLS_PRIORITY_INIT_DEF_APPEND.
i=0
for p in NORMAL "SECURE256:+VERS-TLS1.3:%SERVER_PRECEDENCE" "NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+SIGN-ALL:+GROUP-ALL:+AEAD:+COMP-NULL:+CTYPE-X509" \
         "PERFORMANCE:-VERS-ALL:+VERS-TLS1.3:%NO_TICKETS:-GROUP-ALL:+GROUP-X25519" "@SYSTEM" "NORMAL:-VERS-TLS1.3:+CHACHA20-POLY1305:-RSA:%COMPAT" \
         "SUITEB192" "NORMAL:+ARCFOUR-128:%UNSAFE_RENEGOTIATION" "%NO_EXTENSIONS"; do
  printf '%s' "$p" > prio; seed priority p$i $((i % 4)) prio; i=$((i + 1))
done

# Handshake flights: a recording proxy between real clients and real servers.
wait_port() { for _ in $(seq 50); do ss -ltn | grep -q ":$1 " && return 0; sleep 0.1; done; return 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
record() { # NAME VERSION(tls12|tls13) SERVERKIND CLIENTKIND
  local name=$1 v=$2 sk=$3 ck=$4 sp; sp=$(free_port)
  if [ "$sk" = openssl ]; then
    openssl s_server -accept 127.0.0.1:$sp -cert "$D/server.pem" -key "$D/server.key" -www -quiet >/dev/null 2>&1 & PIDS+=($!)
  else
    gnutls-serv -p $sp --x509certfile "$D/server.pem" --x509keyfile "$D/server.key" --http -q >/dev/null 2>&1 & PIDS+=($!)
  fi
  wait_port $sp
  rm -f pp; python3 "$FUZZ/seeds/record_proxy.py" pp $sp c2s s2c & local pxy=$!
  for _ in $(seq 50); do [ -s pp ] && break; sleep 0.1; done
  local pp; pp=$(cat pp)
  if [ "$ck" = openssl ]; then
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect 127.0.0.1:$pp -servername localhost -CAfile "$D/ca.pem" -tls1_${v#tls1} -ign_eof >/dev/null 2>&1 || true
  else
    local pr=NORMAL:-VERS-ALL:+VERS-TLS1.3; [ $v = tls12 ] && pr=NORMAL:-VERS-ALL:+VERS-TLS1.2
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 gnutls-cli -p $pp --x509cafile "$D/ca.pem" --priority $pr localhost >/dev/null 2>&1 || true
  fi
  wait $pxy || true
  kill "${PIDS[-1]}" 2>/dev/null || true
  local vs=1; [ $v = tls12 ] && vs=2
  # chunk 2^14 and 2^0 (one byte a read)
  seed handshake_server $name $((56 + vs)) c2s; seed handshake_client $name $((56 + vs)) s2c
  seed handshake_server $name-bytewise $vs c2s; seed handshake_client $name-bytewise $vs s2c
}
record openssl-gnutlscli-tls13 tls13 openssl gnutls
record openssl-gnutlscli-tls12 tls12 openssl gnutls
record gnutlsserv-openssl-tls13 tls13 gnutls openssl
record gnutlsserv-openssl-tls12 tls12 gnutls openssl

# Session data from our library (TLS 1.3 with a ticket, TLS 1.2 with a ticket and without).
if [ -e "$ROOT/build/lib/libgnutls.so.30" ]; then
  cc -o sessiondata "$FUZZ/seeds/sessiondata.c" -I"$ROOT/include" -L"$ROOT/build/lib" -lgnutls
  for v in tls13 tls12 tls12-noticket; do
    sp=$(free_port); extra=; [ $v = tls12-noticket ] && extra=-no_ticket
    openssl s_server -accept 127.0.0.1:$sp -cert "$D/server.pem" -key "$D/server.key" -www -quiet $extra >/dev/null 2>&1 & PIDS+=($!)
    wait_port $sp
    pr=NORMAL:-VERS-ALL:+VERS-TLS1.3; [ $v != tls13 ] && pr=NORMAL:-VERS-ALL:+VERS-TLS1.2
    LD_LIBRARY_PATH="$ROOT/build/lib" ./sessiondata $sp "$D/ca.pem" $pr sd
    mkdir -p "$C/session_data"; cp sd "$C/session_data/ours-$v"
    kill "${PIDS[-1]}" 2>/dev/null || true
  done
else
  echo "make-seeds: build/lib/libgnutls.so.30 missing: session_data seeds not renewed" >&2
fi
for t in "$C"/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
