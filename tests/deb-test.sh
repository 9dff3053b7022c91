#!/usr/bin/env bash
# The .deb as a distribution would ship it (issue 13), as root: build it, install it with
# dpkg -i next to the system's GnuTLS, run the unmodified /usr/bin/wget on it through
# with-gnutls-rustls against a local HTTPS server, run gnutls-rustls-check, remove and purge
# it, and check that nothing of it is left and that the system's libgnutls30 is untouched.
# Then make install / make uninstall into a DESTDIR. Prints PASS/FAIL lines and a count.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/pkg/lib.sh"
if [ "$(id -u)" != 0 ]; then echo "deb-test: run as root (it installs the package with dpkg -i)" >&2; exit 2; fi
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$top"
export DEBIAN_FRONTEND=noninteractive
libdir=/usr/lib/x86_64-linux-gnu/gnutls-rustls

need=()
for pair in wget:wget openssl:openssl gnutls-cli:gnutls-bin lintian:lintian man:man-db dpkg-shlibdeps:dpkg-dev objdump:binutils pkg-config:pkg-config; do
  command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  timeout 600 apt-get update -qq && timeout 900 apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== build the package"
[ -f build/lib/libgnutls.so.30 ] || make --no-print-directory -s all
deb=build/gnutls-rustls_$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)_$(dpkg --print-architecture).deb
if [ -f build/lib/gnutls-rustls/symbols.tsv ]; then
  make --no-print-directory -s deb >"$work/deb.log" 2>&1
else
  # Not built yet: a FAKE table (every export implemented but a few documented families),
  # and the package goes to the test's directory, not build/.
  echo "(build/lib/gnutls-rustls/symbols.tsv is not built: the package gets the FAKE status table of tests/pkg/fake-symbols-tsv.py)"
  python3 tests/pkg/fake-symbols-tsv.py build/lib/libgnutls.so.30 > "$work/symbols.tsv"
  deb=$work/$(basename "$deb")
  make --no-print-directory -s deb DEB="$deb" SYMBOLS_TSV="$work/symbols.tsv" >"$work/deb.log" 2>&1
fi
check "make deb: $(tail -n1 "$work/deb.log")" [ -f "$deb" ]
[ -f "$deb" ] || { cat "$work/deb.log"; summary; exit 1; }
lint=$(timeout 300 lintian "$deb" 2>&1 | grep -v 'running with root privileges')
[ -n "$lint" ] && echo "$lint" | sed 's/^/   lintian: /'
check "lintian: no errors" bash -c '! grep -q "^E:" <<<"$1"' _ "$lint"

echo "== the system's GnuTLS before"
dpkg -s gnutls-rustls >/dev/null 2>&1 && { echo "(removing an earlier gnutls-rustls)"; dpkg -P gnutls-rustls >/dev/null; }
sums() {  # sha256 of every file of libgnutls30 (symlinks: their target)
  dpkg -L libgnutls30 | while read -r f; do
    if [ -L "$f" ]; then echo "link $(readlink "$f") $f"; elif [ -f "$f" ]; then sha256sum "$f"; fi
  done
}
sums > "$work/libgnutls30.before"
check "recorded sha256 of libgnutls30's $(wc -l < "$work/libgnutls30.before") files" [ -s "$work/libgnutls30.before" ]

echo "== dpkg -i"
timeout 120 dpkg -i "$deb" >"$work/dpkg-i.log" 2>&1
check "dpkg -i $(basename "$deb")" [ $? = 0 ] || cat "$work/dpkg-i.log"
check "with-gnutls-rustls and gnutls-rustls-check in /usr/bin" test -x /usr/bin/with-gnutls-rustls -a -x /usr/bin/gnutls-rustls-check
check "the library is in the private libdir $libdir" [ -f "$libdir/libgnutls.so.30" ]
check "the loader's cache still gives the system's libgnutls.so.30 only" \
  bash -c '! ldconfig -p | grep "libgnutls.so.30 " | grep -q gnutls-rustls'
check "man with-gnutls-rustls renders" bash -c 'MANWIDTH=80 man with-gnutls-rustls 2>&1 | grep -q "run a program on gnutls-rustls"'
check "pkg-config: gnutls.pc points at the package's headers and libdir" bash -c \
  "[ \"\$(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs gnutls | xargs)\" = '-I/usr/include/gnutls-rustls -L$libdir -lgnutls' ]"
if command -v cc >/dev/null; then
  printf '#include <gnutls/gnutls.h>\n#include <stdio.h>\nint main(void) { printf("%%s\\n", gnutls_check_version(NULL)); return 0; }\n' > "$work/v.c"
  # shellcheck disable=SC2046
  cc -o "$work/v" "$work/v.c" $(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs gnutls) 2>"$work/cc.log"
  check "a C program builds against the package's headers and runs on it" bash -c \
    "[ \"\$(GNUTLS_DEBUG_LEVEL=1 with-gnutls-rustls '$work/v' 2>&1 | grep -c 'gnutls-rustls 0.1.0\|^3.7.9\$')\" = 2 ]"
fi

echo "== with-gnutls-rustls wget against a local HTTPS server"
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -days 2 -subj /CN=gnutls-rustls-deb-test-CA -addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key -out srv.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > ext
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 1 -extfile ext 2>/dev/null
head -c 1048576 /dev/urandom > payload.bin
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -quiet -accept "127.0.0.1:$port" -cert srv.pem -key srv.key -WWW >server.log 2>&1 &
server=$!
up=0
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { up=1; break; }; sleep 0.1; done
check "openssl s_server -WWW on 127.0.0.1:$port" [ $up = 1 ]
url=https://localhost:$port/payload.bin
GNUTLS_DEBUG_LEVEL=1 timeout 30 with-gnutls-rustls wget -nv --ca-certificate=ca.pem "$url" -O got.bin >wget.log 2>&1
rc=$?
sed 's/^/   /' wget.log
check "with-gnutls-rustls wget: downloaded, byte for byte" bash -c "[ $rc = 0 ] && cmp -s payload.bin got.bin"
check "  no warning from the wrapper (every import of wget implemented)" bash -c '! grep -q "^with-gnutls-rustls:" wget.log'
LD_DEBUG=libs timeout 30 with-gnutls-rustls wget -q --ca-certificate=ca.pem "$url" -O /dev/null 2>ld.log
grep -m1 "calling init: .*libgnutls.so.30" ld.log | sed 's/^ */   LD_DEBUG: /'
check "  LD_DEBUG=libs: wget ran on $libdir/libgnutls.so.30" grep -q "calling init: $libdir/libgnutls.so.30" ld.log
LD_DEBUG=libs timeout 30 with-gnutls-rustls --preload wget -q --ca-certificate=ca.pem "$url" -O got2.bin 2>ld2.log
check "with-gnutls-rustls --preload wget: downloaded, ran on ours" bash -c \
  "cmp -s payload.bin got2.bin && grep -q 'calling init: $libdir/libgnutls.so.30' ld2.log"
LD_DEBUG=libs timeout 30 wget -q --ca-certificate=ca.pem "$url" -O /dev/null 2>ld3.log
check "plain wget still runs on the system's GnuTLS" bash -c \
  "grep -q 'calling init: /lib/x86_64-linux-gnu/libgnutls.so.30\|calling init: /usr/lib/x86_64-linux-gnu/libgnutls.so.30' ld3.log && ! grep -q gnutls-rustls ld3.log"
timeout 30 with-gnutls-rustls wget -q "$url" -O /dev/null 2>/dev/null
check "with-gnutls-rustls wget without the CA: refused (exit 5)" [ $? = 5 ]
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=""
cd "$top"

echo "== gnutls-rustls-check (installed)"
out=$(timeout 60 gnutls-rustls-check wget); rc=$?
echo "   $out"
check "gnutls-rustls-check wget: exit 0" [ $rc = 0 ]
out=$(timeout 60 gnutls-rustls-check -v gnutls-cli); rc=$?
grep '^/usr/bin/gnutls-cli:' <<<"$out" | sed 's/^/   /'
grep '^  honest-error' <<<"$out" | sed 's/^/   /'
check "gnutls-rustls-check -v gnutls-cli: non-zero exit ($rc)" [ $rc != 0 ]
check "  lists its honest errors ($(grep -c '^  honest-error' <<<"$out"))" grep -q '^  honest-error  ' <<<"$out"
missing=$(grep -c '^  missing' <<<"$out")
out=$(timeout 60 with-gnutls-rustls gnutls-cli --version 2>&1); rc=$?
if [ "$missing" -gt 0 ]; then
  check "with-gnutls-rustls gnutls-cli: refused, $missing imports missing (exit 127)" bash -c \
    '[ "$1" = 127 ] && grep -q "refusing to run gnutls-cli" <<<"$2"' _ "$rc" "$out"
else
  check "with-gnutls-rustls gnutls-cli: runs, warning about its honest errors" grep -q 'honest error' <<<"$out"
fi

echo "== dpkg -r, dpkg -P"
dpkg -L gnutls-rustls > "$work/list"
sed 's/^/   /' "$work/list"
check "dpkg -L gnutls-rustls lists the library, scripts and man pages" bash -c \
  "grep -qx '$libdir/libgnutls.so.30' '$work/list' && grep -qx /usr/bin/with-gnutls-rustls '$work/list' && grep -qx /usr/share/man/man1/gnutls-rustls-check.1.gz '$work/list'"
timeout 120 dpkg -r gnutls-rustls >/dev/null 2>&1; check "dpkg -r gnutls-rustls" [ $? = 0 ]
timeout 120 dpkg -P gnutls-rustls >/dev/null 2>&1; check "dpkg -P gnutls-rustls" [ $? = 0 ]
check "dpkg no longer knows gnutls-rustls" bash -c '! dpkg -s gnutls-rustls >/dev/null 2>&1'
left=()
while read -r p; do
  [ "$p" = /. ] && continue
  [ -e "$p" ] || [ -L "$p" ] || continue
  # A directory other packages also own (/usr/bin, /usr/share/man/man1) stays.
  if [ -d "$p" ] && [ ! -L "$p" ] && dpkg -S "$p" >/dev/null 2>&1; then continue; fi
  left+=("$p")
done < "$work/list"
check "every path of the package is gone (but directories other packages own)" [ ${#left[@]} = 0 ]
[ ${#left[@]} = 0 ] || printf '   left: %s\n' "${left[@]}"
sums > "$work/libgnutls30.after"
check "libgnutls30's files are identical (sha256)" cmp -s "$work/libgnutls30.before" "$work/libgnutls30.after"
[ -e "$libdir" ] && fail "$libdir still exists"

echo "== make install / make uninstall into a DESTDIR"
rt=$(ROUNDTRIP_STANDALONE=0 timeout 600 bash tests/pkg/install-roundtrip.sh 2>&1)
echo "$rt" | grep -E '^(PASS|FAIL|   |  )'
passed=$((passed + $(grep -c '^PASS' <<<"$rt"))); failed=$((failed + $(grep -c '^FAIL' <<<"$rt")))
summary
