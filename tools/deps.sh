#!/usr/bin/env bash
# Installs what the demo and the tests need when it is missing (Debian; as root), so the
# README's two commands work on a fresh machine. Prints nothing when all is present.
set -euo pipefail
need=()
for pair in gnutls-serv:gnutls-bin certtool:gnutls-bin openssl:openssl wget:wget gcc:gcc pkg-config:pkg-config \
    objdump:binutils python3:python3 git:git memcached:memcached qemu-nbd:qemu-utils dirmngr:dirmngr gpg:gnupg ip:iproute2 unshare:util-linux \
    valgrind:valgrind g++:g++ msmtp:msmtp gtlsclient:ngtcp2-client gtlsserver:ngtcp2-server; do
  command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
done
[ -f /usr/include/gnutls/gnutls.h ] || need+=(libgnutls28-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" ca-certificates >/dev/null
  else
    echo "missing packages: ${need[*]} (install them, e.g. apt-get install ${need[*]})" >&2; exit 1
  fi
fi
command -v cbindgen >/dev/null || cargo install cbindgen --version 0.29.4 --locked
# The FTPS server of the wget FTPS tests.
python3 -c 'import pyftpdlib, OpenSSL' 2>/dev/null || python3 -m pip install --quiet pyftpdlib pyopenssl
