#!/usr/bin/env bash
# make install / make uninstall / make deb's staging: installs the library, the libgnutls.so
# link, the headers, gnutls.pc, the status table (when built), gnutls-rustls-check,
# with-gnutls-rustls and their man pages, and records what it installed.
#
#   tools/install.sh install     (variables below come from the Makefile's environment)
#   tools/install.sh uninstall   removes what the manifest lists, then the empty directories
#                                install created
#
# The manifest, $(DESTDIR)$(LIBDIR)/gnutls-rustls/install-manifest, has one line per item:
# "f PATH" (file), "l PATH" (symlink), "d PATH" (directory install created), PATH without
# DESTDIR. DEB_STAGING=1 (make deb) strips the library, makes it 0644, gzips the man pages
# and records no manifest (dpkg keeps its own list).
set -euo pipefail
: "${PREFIX:?}" "${LIBDIR:?}" "${INCLUDEDIR:?}" "${BINDIR:?}" "${MANDIR:?}"
DESTDIR=${DESTDIR:-}
LIB=${LIB:-build/lib/libgnutls.so.30}
SYMBOLS_TSV=${SYMBOLS_TSV:-build/lib/gnutls-rustls/symbols.tsv}
PC_VERSION=${PC_VERSION:-3.7.9}
DEB_STAGING=${DEB_STAGING:-}
MANIFEST="$LIBDIR/gnutls-rustls/install-manifest"
cd "$(dirname "$0")/.."

items=()
# install -d that remembers which directories did not exist before.
mkdirs() {
  local d p
  for d in "$@"; do
    p=$d; local missing=()
    while [ ! -e "$DESTDIR$p" ] && [ "$p" != / ] && [ -n "$p" ]; do missing=("$p" "${missing[@]}"); p=$(dirname "$p"); done
    install -d "$DESTDIR$d"
    for p in "${missing[@]}"; do items+=("d $p"); done
  done
}
file() {  # file MODE SRC DEST
  install -m "$1" "$2" "$DESTDIR$3"; items+=("f $3")
}
link() {  # link TARGET DEST
  ln -sfn "$1" "$DESTDIR$2"; items+=("l $2")
}
script() {  # script SRC DEST: with the libdir it will find the library in
  sed -e "s|^INSTALLED_LIBDIR = .*|INSTALLED_LIBDIR = \"$LIBDIR\"|" "$1" > "$DESTDIR$2.tmp"
  chmod 0755 "$DESTDIR$2.tmp"; mv "$DESTDIR$2.tmp" "$DESTDIR$2"; items+=("f $2")
}

do_install() {
  [ -f "$LIB" ] || { echo "install: $LIB is not built (make all)" >&2; exit 1; }
  # An earlier install's created directories stay recorded as created.
  local old=()
  if [ -z "$DEB_STAGING" ] && [ -f "$DESTDIR$MANIFEST" ]; then
    mapfile -t old < <(grep '^d ' "$DESTDIR$MANIFEST")
  fi
  mkdirs "$LIBDIR" "$LIBDIR/pkgconfig" "$INCLUDEDIR/gnutls" "$BINDIR" "$MANDIR/man1"
  # The status table's (and the manifest's) directory.
  if [ -z "$DEB_STAGING" ] || [ -f "$SYMBOLS_TSV" ]; then mkdirs "$LIBDIR/gnutls-rustls"; fi
  if [ -n "$DEB_STAGING" ]; then
    install -m 0644 "$LIB" "$DESTDIR$LIBDIR/libgnutls.so.30"
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$DESTDIR$LIBDIR/libgnutls.so.30"
    items+=("f $LIBDIR/libgnutls.so.30")
  else
    file 0755 "$LIB" "$LIBDIR/libgnutls.so.30"
  fi
  link libgnutls.so.30 "$LIBDIR/libgnutls.so"
  for h in include/gnutls/*.h; do file 0644 "$h" "$INCLUDEDIR/gnutls/$(basename "$h")"; done
  sed -e "s|@PREFIX@|$PREFIX|; s|@LIBDIR@|$LIBDIR|; s|@INCLUDEDIR@|$INCLUDEDIR|; s|@VERSION@|$PC_VERSION|" \
    gnutls.pc.in > "$DESTDIR$LIBDIR/pkgconfig/gnutls.pc"
  items+=("f $LIBDIR/pkgconfig/gnutls.pc")
  if [ -f "$SYMBOLS_TSV" ]; then
    file 0644 "$SYMBOLS_TSV" "$LIBDIR/gnutls-rustls/symbols.tsv"
  else
    echo "install: warning: no status table $SYMBOLS_TSV; gnutls-rustls-check will count every export as 'unlisted'" >&2
  fi
  script tools/gnutls-rustls-check "$BINDIR/gnutls-rustls-check"
  script tools/with-gnutls-rustls "$BINDIR/with-gnutls-rustls"
  for m in man/*.1; do
    if [ -n "$DEB_STAGING" ]; then
      gzip -9n < "$m" > "$DESTDIR$MANDIR/man1/$(basename "$m").gz"; chmod 0644 "$DESTDIR$MANDIR/man1/$(basename "$m").gz"
      items+=("f $MANDIR/man1/$(basename "$m").gz")
    else
      file 0644 "$m" "$MANDIR/man1/$(basename "$m")"
    fi
  done
  if [ -z "$DEB_STAGING" ]; then
    items+=("f $MANIFEST")
    { printf '%s\n' "${old[@]}" "${items[@]}" | grep -v '^$' | awk '!seen[$0]++'; } > "$DESTDIR$MANIFEST"
    echo "install: $(grep -c '^[fl] ' "$DESTDIR$MANIFEST") files recorded in $DESTDIR$MANIFEST"
  fi
}

do_uninstall() {
  local m="$DESTDIR$MANIFEST"
  [ -f "$m" ] || { echo "uninstall: no manifest $m (nothing installed there by make install)" >&2; exit 1; }
  local lines kind path n=0
  mapfile -t lines < "$m"
  for line in "${lines[@]}"; do
    kind=${line%% *}; path=${line#* }
    case "$kind" in
      f|l) if [ -e "$DESTDIR$path" ] || [ -L "$DESTDIR$path" ]; then rm -f "$DESTDIR$path"; n=$((n + 1)); fi ;;
    esac
  done
  # The directories install created, deepest first, when nothing else is in them.
  while IFS= read -r path; do
    rmdir "$DESTDIR$path" 2>/dev/null || true
  done < <(printf '%s\n' "${lines[@]}" | sed -n 's/^d //p' | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-)
  echo "uninstall: removed $n files"
}

case "${1:-}" in
  install) do_install ;;
  uninstall) do_uninstall ;;
  *) echo "usage: $0 install|uninstall" >&2; exit 2 ;;
esac
