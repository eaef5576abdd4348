#!/usr/bin/env bash
# Runs the fuzz targets in fuzz/ for a bounded time each, one after the
# other, and prints how many inputs each one executed. Seeds come from
# tests/fixtures (tools/fuzz-seeds.sh shapes them for the structure-aware
# targets), dictionaries from fuzz/dicts/. See docs/fuzzing.md.
#
#   bash tools/fuzz.sh                     # every target, 60 s each
#   FUZZ_SECONDS=600 bash tools/fuzz.sh analyze
#
# cargo-fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them (no other toolchain is needed). Inputs that crash or
# hang land in fuzz/artifacts/TARGET/; reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-…
# and turn it into a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${FUZZ_SECONDS:-60}
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

if [[ $# -gt 0 ]]; then
  TARGETS=("$@")
else
  mapfile -t TARGETS < <(ls fuzz/fuzz_targets | sed 's/\.rs$//')
fi

# Seeds: fixtures and malformed inputs (read, never written), and for the
# structure-aware targets inputs in their own shape (tools/fuzz-seeds.sh).
seeds_for() {
  case $1 in
  cert_base64) echo tests/fixtures/certs ;;
  policy_json) echo tests/fixtures/trust-policy ;;
  eks_token) echo tests/fixtures/token ;;
  jwt) echo tests/fixtures/jwt ;;
  analyze_as | cert_der | arn) ;;
  *) echo tests/fixtures/* tests/malformed ;;
  esac
}
mkdir -p target
SUMMARY=()
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  bash tools/fuzz-seeds.sh "$t"
  read -r -a SEEDS <<<"$(seeds_for "$t")"
  dict=fuzz/dicts/${t%%_*}.dict # cert_der and cert_base64 share cert.dict
  [[ -f $dict ]] || dict=fuzz/yaml.dict
  log="target/fuzz-$t.log"
  echo "== $t: ${SECS}s" >&2
  status=ok
  cargo fuzz run "$t" "fuzz/corpus/$t" "${SEEDS[@]}" -- \
    -max_total_time="$SECS" -dict="$dict" -max_len=16384 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=FAILED
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  rate=$(awk -v r="${runs:-0}" -v s="$SECS" 'BEGIN {printf "%.0f", r / s}')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  SUMMARY+=("| $t | ${runs:-?} | ${rate}/s | ${cov:-?} | $status |")
  if [[ $status != ok ]]; then
    grep -E "ERROR|panicked|SUMMARY|Test unit written" "$log" | head -20 >&2 || true
  fi
done
echo "| target | executions | rate | coverage (edges) | result |"
echo "|---|---:|---:|---:|---|"
printf '%s\n' "${SUMMARY[@]}"
