#!/usr/bin/env bash
# Builds the fuzz targets as `cargo fuzz build` does (libFuzzer, SanitizerCoverage of every
# crate, AddressSanitizer, debug assertions and overflow checks), replays the committed
# regression inputs, then runs each target for a bounded time over its seed corpus.
#   fuzz/run.sh [--time SECONDS] [--jobs N] [--build-only] [TARGET...]
# FUZZ_TIME (seconds per target, default 60). Exit 1 on any crash; the input is left in
# fuzz/artifacts/<target>/ (minimise with `-minimize_crash=1`, then keep it in
# fuzz/regressions/<target>/).
set -euo pipefail
cd "$(dirname "$0")"
TIME=${FUZZ_TIME:-60}
BUILD_ONLY=0
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) TIME=$2; shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=($(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v gnutls-rustls-fuzz))

TRIPLE=$(rustc -vV | sed -n 's/^host: //p')
# The sanitizer flag is unstable: RUSTC_BOOTSTRAP lets the stable toolchain take it, as the
# issue allows; the coverage flags are stable codegen options. --target keeps them off build
# scripts and proc-macros (as cargo fuzz does).
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks \
 -Zsanitizer=address -Cforce-frame-pointers"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
BIN=target/$TRIPLE/release
nice -n 10 cargo build --release --target "$TRIPLE" $(printf -- '--bin %s ' "${TARGETS[@]}")
[ $BUILD_ONLY = 1 ] && exit 0

status=0
passed=0
failed=0
printf '%-18s %10s %8s %8s %s\n' target runs cov corpus result
for t in "${TARGETS[@]}"; do
  mkdir -p "work/$t" "artifacts/$t"
  # The committed seeds stay as they are; the fuzzer adds what it finds to work/ only.
  seeds=(corpus/$t)
  [ -d "regressions/$t" ] && seeds+=(regressions/$t)
  if [ -d "regressions/$t" ] && ls regressions/$t/* >/dev/null 2>&1; then
    if ! nice -n 10 "$BIN/$t" -runs=1 regressions/$t/* >"artifacts/$t/regressions.log" 2>&1; then
      echo "$t: a committed regression input crashes again (artifacts/$t/regressions.log)"; status=1
      failed=$((failed + 1)); continue
    fi
  fi
  log=artifacts/$t/fuzz.log
  if nice -n 10 "$BIN/$t" -max_total_time="$TIME" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="artifacts/$t/" "work/$t" "${seeds[@]}" >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (see $log)"; status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  cov=$(grep -o "cov: [0-9]*" "$log" | tail -n1 | cut -d" " -f2 || true)
  corpus=$(ls "work/$t" | wc -l)
  printf '%-18s %10s %8s %8s %s\n' "$t" "${runs:-?}" "${cov:-?}" "$corpus" "$result"
  if [ "$result" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); tail -n 30 "$log"; fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
