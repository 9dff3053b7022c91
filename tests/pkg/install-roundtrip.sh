#!/usr/bin/env bash
# make install into a DESTDIR, then make uninstall: nothing is left but what was there
# before (a file of another package in a shared directory stays, with its directories).
# Run from the top of the tree after make all; prints PASS/FAIL lines.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/pkg/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"
make_libdir "$top" "$work/lib"
tsv=$work/lib/gnutls-rustls/symbols.tsv

for layout in "PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu/gnutls-rustls INCLUDEDIR=/usr/include/gnutls-rustls" "PREFIX=/usr/local"; do
  root=$work/root
  rm -rf "$root"; mkdir -p "$root/usr/share/man/man1"
  echo other > "$root/usr/share/man/man1/other.1"
  before=$(cd "$root" && find . | sort)
  # shellcheck disable=SC2086
  make --no-print-directory -s install DESTDIR="$root" SYMBOLS_TSV="$tsv" $layout >"$work/install.log" 2>&1
  check "make install $layout" [ $? = 0 ]
  eval "$layout"; LIBDIR=${LIBDIR:-$PREFIX/lib}
  manifest=$root$LIBDIR/gnutls-rustls/install-manifest
  check "  manifest recorded ($(grep -c '^[fl] ' "$manifest" 2>/dev/null) files)" [ -f "$manifest" ]
  ok=1
  for f in "$LIBDIR/libgnutls.so.30" "$LIBDIR/libgnutls.so" "$LIBDIR/pkgconfig/gnutls.pc" \
      "$PREFIX/bin/gnutls-rustls-check" "$PREFIX/bin/with-gnutls-rustls" \
      "$PREFIX/share/man/man1/gnutls-rustls-check.1" "$PREFIX/share/man/man1/with-gnutls-rustls.1" \
      "${INCLUDEDIR:-$PREFIX/include}/gnutls/gnutls.h" "$LIBDIR/gnutls-rustls/symbols.tsv"; do
    [ -e "$root$f" ] || { echo "  not installed: $f"; ok=0; }
  done
  check "  library, link, gnutls.pc, headers, status table, scripts and man pages installed" [ $ok = 1 ]
  check "  installed scripts find the library in $LIBDIR" \
    grep -qx "INSTALLED_LIBDIR = \"$LIBDIR\"" "$root$PREFIX/bin/gnutls-rustls-check"
  check "  installed checker runs (GNUTLS_RUSTLS_LIBDIR=DESTDIR's libdir)" \
    env GNUTLS_RUSTLS_LIBDIR="$root$LIBDIR" "$root$PREFIX/bin/gnutls-rustls-check" /usr/bin/wget
  # A second install over the first keeps the record of the directories the first created.
  make --no-print-directory -s install DESTDIR="$root" SYMBOLS_TSV="$tsv" $layout >>"$work/install.log" 2>&1
  make --no-print-directory -s uninstall DESTDIR="$root" $layout >"$work/uninstall.log" 2>&1
  check "  make uninstall ($(cat "$work/uninstall.log" | tail -n1))" [ $? = 0 ]
  after=$(cd "$root" && find . | sort)
  if [ "$before" = "$after" ]; then pass "  nothing left but what was there before"
  else fail "  left behind:"; diff <(echo "$before") <(echo "$after") | sed 's/^/    /'; fi
  unset PREFIX LIBDIR INCLUDEDIR
done
make --no-print-directory -s uninstall DESTDIR="$work/empty" >/dev/null 2>&1
check "make uninstall with nothing installed fails" [ $? != 0 ]
[ "${ROUNDTRIP_STANDALONE:-1}" = 1 ] && summary
