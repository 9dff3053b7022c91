# Shared by the packaging tests: PASS/FAIL lines and their count.
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
# check NAME COMMAND...: PASS when COMMAND succeeds.
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
summary() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; }
# A libdir holding our library and a status table: the real one when it is built, else the
# FAKE one of tests/pkg/fake-symbols-tsv.py (said so on stdout).
make_libdir() {  # make_libdir TOP DIR
  local top=$1 dir=$2
  mkdir -p "$dir/gnutls-rustls"
  ln -sf "$top/build/lib/libgnutls.so.30" "$dir/libgnutls.so.30"
  if [ -f "$top/build/lib/gnutls-rustls/symbols.tsv" ]; then
    cp "$top/build/lib/gnutls-rustls/symbols.tsv" "$dir/gnutls-rustls/symbols.tsv"
    echo "(status table: build/lib/gnutls-rustls/symbols.tsv)"
  else
    python3 "$top/tests/pkg/fake-symbols-tsv.py" "$top/build/lib/libgnutls.so.30" > "$dir/gnutls-rustls/symbols.tsv"
    echo "(status table: build/lib/gnutls-rustls/symbols.tsv is not built; using the FAKE one of tests/pkg/fake-symbols-tsv.py)"
  fi
}
