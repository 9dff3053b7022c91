#!/usr/bin/env bash
# The README's first command (make demo): the system's unmodified /usr/bin/wget downloads
# a file over a verified TLS 1.3 connection from a local HTTPS server, with every TLS byte
# handled by our libgnutls.so.30 (replace mode: LD_LIBRARY_PATH).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
lib="$top/build/lib"
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -days 2 -subj /CN=gnutls-rustls-demo-CA -addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key -out srv.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > ext
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 1 -extfile ext 2>/dev/null
head -c 1048576 /dev/urandom > payload.bin

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -quiet -accept "127.0.0.1:$port" -cert srv.pem -key srv.key -tls1_3 -WWW >server.log 2>&1 &
server=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

echo "== /usr/bin/wget, unmodified, with LD_LIBRARY_PATH=$lib"
GNUTLS_DEBUG_LEVEL=1 LD_LIBRARY_PATH="$lib" timeout 30 /usr/bin/wget -nv --ca-certificate=ca.pem \
  "https://localhost:$port/payload.bin" -O downloaded.bin 2>&1 | sed 's/^/   /'
cmp payload.bin downloaded.bin
echo "== downloaded 1 MiB over verified TLS 1.3, byte-identical"
LD_LIBRARY_PATH="$lib" LD_DEBUG=libs timeout 30 /usr/bin/wget -q --ca-certificate=ca.pem \
  "https://localhost:$port/payload.bin" -O /dev/null 2>&1 | grep -m1 "calling init: $lib/libgnutls.so.30" >/dev/null
echo "== the dynamic loader confirms wget ran on $lib/libgnutls.so.30"
if LD_LIBRARY_PATH="$lib" timeout 30 /usr/bin/wget -q "https://localhost:$port/payload.bin" -O /dev/null 2>/dev/null; then
  echo "!! wget accepted a server whose CA it was not given"; exit 1
fi
echo "== without the CA, wget refuses the same server (certificate not trusted)"
echo "demo OK"
