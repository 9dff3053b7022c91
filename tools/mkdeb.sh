#!/usr/bin/env bash
# make deb: build/gnutls-rustls_<version>_<arch>.deb with dpkg-deb (no root, no network).
# The library goes to a private libdir, /usr/lib/<multiarch>/gnutls-rustls, never over the
# system's libgnutls.so.30; tools/install.sh stages the files (the same set as make install).
#   DEB_OUT=path.deb      where to write it (default build/gnutls-rustls_<version>_<arch>.deb)
#   SYMBOLS_TSV=path      the status table to ship (default build/lib/gnutls-rustls/symbols.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
out=${DEB_OUT:-build/gnutls-rustls_${version}_${arch}.deb}
stage=build/deb
root=$stage/debian/gnutls-rustls
libdir=/usr/lib/$multiarch/gnutls-rustls
rm -rf "$stage"
mkdir -p "$root"
# One date for every file, the changelog's (reproducible builds).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d "$(sed -n 's/^ -- .*>  //p' packaging/debian/changelog | head -n1)" +%s)}

umask 022
DESTDIR=$root PREFIX=/usr LIBDIR=$libdir INCLUDEDIR=/usr/include/gnutls-rustls BINDIR=/usr/bin \
  MANDIR=/usr/share/man DEB_STAGING=1 SYMBOLS_TSV=${SYMBOLS_TSV:-build/lib/gnutls-rustls/symbols.tsv} \
  bash tools/install.sh install

doc=$root/usr/share/doc/gnutls-rustls
install -d "$doc"
install -m 0644 README.md "$doc/"
[ -f MATRIX.md ] && install -m 0644 MATRIX.md "$doc/"
install -m 0644 packaging/debian/copyright "$doc/copyright"
gzip -9n < packaging/debian/changelog > "$doc/changelog.Debian.gz"
chmod 0644 "$doc/changelog.Debian.gz"

# Depends: dpkg-shlibdeps wants a debian/control naming the package; else from the symbol
# versions the library needs.
printf 'Source: gnutls-rustls\n\nPackage: gnutls-rustls\nArchitecture: any\n' > "$stage/debian/control"
if shlibs=$(cd "$stage" && dpkg-shlibdeps -O -e "debian/gnutls-rustls$libdir/libgnutls.so.30" 2>/dev/null); then
  shlibs=${shlibs#shlibs:Depends=}
else
  glibc=$(objdump -T "$root$libdir/libgnutls.so.30" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n1)
  shlibs="libc6 (>= $glibc), libgcc-s1 (>= 4.2)"
fi
# The scripts run on python3; the checker reads ELF files with binutils' readelf and objdump.
depends="$shlibs, binutils, python3"

install -d "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|; s|@ARCH@|$arch|; s|@MULTIARCH@|$multiarch|g; s|@INSTALLED_SIZE@|$size|; s|@DEPENDS@|$depends|" \
  packaging/debian/control.in > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$(dirname "$out")"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out"
echo "deb: $out ($(du -k "$out" | cut -f1) KiB); Depends: $depends"
