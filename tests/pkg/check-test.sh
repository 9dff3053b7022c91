#!/usr/bin/env bash
# make check-pkg: gnutls-rustls-check and with-gnutls-rustls from the build tree, on the
# system's programs and on small programs built here (one importing a symbol our library
# lacks, one "package" whose library is not on the loader's path); the man pages; make
# install/uninstall into a DESTDIR; make deb's contents and lintian. No root needed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/pkg/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"
chk=$top/tools/gnutls-rustls-check
wrap=$top/tools/with-gnutls-rustls
lib=$work/lib
make_libdir "$top" "$lib"
export GNUTLS_RUSTLS_LIBDIR=$lib

echo "== gnutls-rustls-check on the system's programs"
out=$("$chk" /usr/bin/wget); rc=$?
echo "$out" | sed 's/^/   /'
check "wget: every import implemented, exit 0" [ $rc = 0 ]
check "wget: summary line" grep -Eq '^/usr/bin/wget: [0-9]+ imports: [0-9]+ implemented, 0 honest errors, 0 missing$' <<<"$out"
if command -v gnutls-cli >/dev/null; then
  out=$("$chk" -v /usr/bin/gnutls-cli); rc=$?
  grep '^/usr/bin/gnutls-cli:' <<<"$out" | sed 's/^/   /'
  check "gnutls-cli: not all implemented, exit 1" [ $rc = 1 ]
  check "gnutls-cli: -v lists honest errors ($(grep -c '^  honest-error' <<<"$out"))" grep -q '^  honest-error  ' <<<"$out"
  check "gnutls-cli: libgnutls-dane.so.0's imports are counted" grep -q 'libgnutls-dane.so.0' <<<"$out"
else
  echo "   (gnutls-cli not installed: apt-get install gnutls-bin)"
fi
if [ -x /usr/lib/git-core/git-remote-https ]; then
  out=$("$chk" -v /usr/bin/git); rc=$?
  grep '^/usr/bin/git:' <<<"$out" | sed 's/^/   /'
  check "git: git-remote-https > libcurl-gnutls.so.4 imports counted" grep -q 'via git-remote-https > libcurl-gnutls.so.4' <<<"$out"
  n=$(grep -Eo '^/usr/bin/git: [0-9]+' <<<"$out" | grep -Eo '[0-9]+$')
  n2=$("$chk" /usr/lib/git-core/git-remote-https | grep -Eo ': [0-9]+ imports' | grep -Eo '[0-9]+')
  check "git: same imports as git-remote-https ($n)" [ "$n" = "$n2" ]
  "$chk" --allow-honest -q /usr/bin/git >/dev/null
  check "git: --allow-honest exits 0 when nothing is missing" [ $? = 0 ]
fi
json=$("$chk" --json /usr/bin/wget /usr/bin/git)
check "--json: parses, counts add up" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
for p in d["programs"]:
    assert sum(p["counts"].values()) == len(p["imports"]), p["program"]
assert d["exit_status"] in (0, 1) and d["programs"][0]["counts"]["missing"] == 0
' "$json"

echo "== usage errors exit 2"
"$chk" >/dev/null 2>&1; check "no program" [ $? = 2 ]
"$chk" --bogus wget >/dev/null 2>&1; check "unknown option" [ $? = 2 ]
"$chk" /nonexistent >/dev/null 2>&1; check "no such file" [ $? = 2 ]
"$chk" no-such-program-on-path >/dev/null 2>&1; check "not on PATH" [ $? = 2 ]
"$chk" /usr/bin/ldd >/dev/null 2>&1; check "a script (not ELF)" [ $? = 2 ]
"$chk" --lib "$work/nowhere" wget >/dev/null 2>&1; check "--lib without our library" [ $? = 2 ]

echo "== programs built here"
mkdir -p "$work/stub" "$work/pkg/usr/bin" "$work/pkg/usr/lib/x86_64-linux-gnu"
# A stand-in libgnutls.so.30 to link against, with a symbol in GNUTLS_3_4 that ours lacks.
cat > "$work/stub/stub.c" <<'C'
int gnutls_global_init(void) { return 0; }
int gnutls_rustls_test_absent(void) { return 0; }
C
printf 'GNUTLS_3_4 { global: gnutls_global_init; gnutls_rustls_test_absent; local: *; };\n' > "$work/stub/map"
cc -shared -fPIC -o "$work/stub/libgnutls.so.30" "$work/stub/stub.c" -Wl,--version-script="$work/stub/map" -Wl,-soname,libgnutls.so.30
ln -sf libgnutls.so.30 "$work/stub/libgnutls.so"
cat > "$work/missing.c" <<'C'
#include <stdio.h>
int gnutls_global_init(void); int gnutls_rustls_test_absent(void);
int main(int argc, char **argv) { gnutls_global_init(); if (argc > 1) gnutls_rustls_test_absent(); puts("ran"); return 0; }
C
cc -o "$work/missing" "$work/missing.c" -L"$work/stub" -lgnutls
out=$("$chk" "$work/missing"); rc=$?
echo "$out" | sed 's/^/   /'
check "missing import: exit 1, listed without -v" grep -q '^  missing .*gnutls_rustls_test_absent@GNUTLS_3_4 .*not exported' <<<"$out"
[ $rc = 1 ] || fail "missing import: exit $rc"
"$chk" --allow-honest "$work/missing" >/dev/null; check "missing import: --allow-honest still exits 1" [ $? = 1 ]
# An unpacked package: a program linking a library of the package that the loader cannot find.
printf 'int gnutls_global_init(void); int foo(void) { return gnutls_global_init(); }\n' > "$work/foo.c"
cc -shared -fPIC -o "$work/pkg/usr/lib/x86_64-linux-gnu/libfoo.so.1" "$work/foo.c" -Wl,-soname,libfoo.so.1 -L"$work/stub" -lgnutls
printf 'int foo(void); int main(void) { return foo(); }\n' > "$work/main.c"
cc -o "$work/pkg/usr/bin/foo" "$work/main.c" "$work/pkg/usr/lib/x86_64-linux-gnu/libfoo.so.1"
cp /usr/bin/wget "$work/pkg/usr/bin/"
printf '#!/bin/sh\n' > "$work/pkg/usr/bin/script"
out=$("$chk" "$work/pkg"); rc=$?
echo "$out" | sed 's/^/   /'
check "package dir: foo counts libfoo.so.1's import, found in the package" \
  grep -q "^$work/pkg/usr/bin/foo: 1 import: 1 implemented" <<<"$out"
check "package dir: every ELF checked (foo, libfoo, wget)" [ "$(grep -c ': [0-9]* import' <<<"$out")" = 3 ]
check "package dir: summary of the directory" grep -qx "$work/pkg: 3 ELF files, 3 of them load libgnutls.so.30" <<<"$out"
check "package dir: exit 0" [ $rc = 0 ]

echo "== with-gnutls-rustls"
out=$("$wrap" "$work/missing" 2>&1); rc=$?
echo "$out" | sed 's/^/   /'
check "refuses a program with a missing import: exit 127" [ $rc = 127 ]
check "  and says what is missing" grep -q 'gnutls_rustls_test_absent@GNUTLS_3_4' <<<"$out"
out=$("$wrap" --force "$work/missing" 2>&1); rc=$?
check "--force runs it anyway" bash -c '[ "$1" = 0 ] && grep -qx ran <<<"$2"' _ "$rc" "$out"
check "replace mode: our libdir first in LD_LIBRARY_PATH" \
  [ "$(LD_LIBRARY_PATH=/x "$wrap" /usr/bin/printenv LD_LIBRARY_PATH)" = "$lib:/x" ]
check "--preload: LD_PRELOAD is our library" [ "$("$wrap" --preload /usr/bin/printenv LD_PRELOAD)" = "$lib/libgnutls.so.30" ]
check "replace mode: wget loads our library" bash -c \
  "LD_DEBUG=libs '$wrap' wget -q -O /dev/null https://127.0.0.1:1/ 2>&1 | grep -q 'calling init: $lib/libgnutls.so.30'"
check "GNUTLS_DEBUG_LEVEL passes through" bash -c \
  "GNUTLS_DEBUG_LEVEL=1 '$wrap' wget -q -O /dev/null https://127.0.0.1:1/ 2>&1 | grep -q 'gnutls-rustls 0.1.0'"
if [ -x /usr/lib/git-core/git-remote-https ] && [ "$("$chk" --json /usr/bin/git | python3 -c 'import json,sys; print(json.load(sys.stdin)["programs"][0]["counts"]["honest-error"])')" != 0 ]; then
  out=$("$wrap" /usr/bin/git --version 2>&1 >/dev/null); rc=$?
  echo "   $out"
  check "honest errors (git): runs, one warning line on stderr" \
    bash -c '[ "$1" = 0 ] && [ "$(wc -l <<<"$2")" = 1 ] && grep -q "honest error" <<<"$2"' _ "$rc" "$out"
fi
"$wrap" >/dev/null 2>&1; check "no program: exit 2" [ $? = 2 ]
"$wrap" --bogus wget >/dev/null 2>&1; check "unknown option: exit 2" [ $? = 2 ]
"$wrap" no-such-program-on-path >/dev/null 2>&1; check "program not found: exit 127" [ $? = 127 ]
"$wrap" /usr/bin/ldd /bin/true >/dev/null 2>&1; check "a script cannot be checked: exit 126" [ $? = 126 ]
"$wrap" --force /usr/bin/ldd /bin/true >/dev/null 2>&1; check "  --force runs it" [ $? = 0 ]
GNUTLS_RUSTLS_LIBDIR=$work/nowhere "$wrap" /bin/true >/dev/null 2>&1; check "no library in GNUTLS_RUSTLS_LIBDIR: exit 127" [ $? = 127 ]

echo "== man pages"
for m in man/*.1; do
  w=$( { groff -ww -z -man "$m"; LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$m" >/dev/null; } 2>&1)
  if command -v mandoc >/dev/null; then w+=$(mandoc -Tlint "$m" 2>&1); fi
  check "$m renders without warnings" [ -z "$w" ]
  [ -z "$w" ] || echo "$w"
done

echo "== make install / make uninstall into a DESTDIR"
rt=$(ROUNDTRIP_STANDALONE=0 bash tests/pkg/install-roundtrip.sh 2>&1)
echo "$rt" | grep -E '^(PASS|FAIL|   |  )'
passed=$((passed + $(grep -c '^PASS' <<<"$rt"))); failed=$((failed + $(grep -c '^FAIL' <<<"$rt")))

echo "== make deb"
deb=$work/gnutls-rustls.deb
make --no-print-directory -s deb DEB="$deb" SYMBOLS_TSV="$lib/gnutls-rustls/symbols.tsv" >"$work/deb.log" 2>&1
check "make deb ($(tail -n1 "$work/deb.log"))" [ -f "$deb" ]
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
ok=1
for f in /usr/lib/x86_64-linux-gnu/gnutls-rustls/libgnutls.so.30 /usr/lib/x86_64-linux-gnu/gnutls-rustls/libgnutls.so \
    /usr/lib/x86_64-linux-gnu/gnutls-rustls/gnutls-rustls/symbols.tsv /usr/lib/x86_64-linux-gnu/gnutls-rustls/pkgconfig/gnutls.pc \
    /usr/include/gnutls-rustls/gnutls/gnutls.h /usr/bin/with-gnutls-rustls /usr/bin/gnutls-rustls-check \
    /usr/share/man/man1/with-gnutls-rustls.1.gz /usr/share/man/man1/gnutls-rustls-check.1.gz \
    /usr/share/doc/gnutls-rustls/README.md /usr/share/doc/gnutls-rustls/copyright /usr/share/doc/gnutls-rustls/changelog.Debian.gz; do
  grep -qx "$f" <<<"$contents" || { echo "   not in the package: $f"; ok=0; }
done
check "the package holds the library, link, status table, gnutls.pc, headers, scripts, man pages, docs" [ $ok = 1 ]
check "nothing over the system's libgnutls (/usr/lib/x86_64-linux-gnu/libgnutls*)" \
  bash -c "! grep -q '^/usr/lib/x86_64-linux-gnu/libgnutls' <<<'$contents'"
check "Depends has libc6, libgcc-s1, python3" bash -c \
  "dpkg-deb -f '$deb' Depends | grep -q 'libc6 (>= 2.*libgcc-s1.*python3'"
if command -v lintian >/dev/null; then
  l=$(lintian "$deb" 2>&1 | grep -v 'running with root privileges')
  [ -n "$l" ] && echo "$l" | sed 's/^/   /'
  check "lintian: no errors" bash -c "! grep -q '^E:' <<<'$l'"
else
  echo "   (lintian not installed: apt-get install lintian)"
fi
summary
