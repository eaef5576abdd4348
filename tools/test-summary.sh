#!/usr/bin/env bash
# tools/test-summary.sh LOGDIR
# Adds up the "test result: ... N passed; M failed; K ignored" lines of each suite's
# log (cargo's libtest and wasm-bindgen-test-runner print the same line) and the
# e2e suite's closing "e2e: N passed, M failed" line, and prints
# one line per suite (logs named N-suite.log, in run order) and a closing "total: N passed, M failed".
set -euo pipefail
dir=${1:?usage: test-summary.sh LOGDIR}
total_p=0 total_f=0 total_i=0
printf '\n==> test summary\n'
for log in "$dir"/*.log; do
  [ -e "$log" ] || continue
  read -r p f i < <(awk '
    /^test result: / {
      for (n = 1; n <= NF; n++) {
        if ($(n + 1) ~ /^passed/) p += $n
        if ($(n + 1) ~ /^failed/) f += $n
        if ($(n + 1) ~ /^ignored/) i += $n
      }
    }
    /^e2e: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
    END { print p + 0, f + 0, i + 0 }' "$log")
  printf '  %-12s %5d passed, %d failed, %d ignored\n' "$(basename "$log" .log | sed 's/^[0-9]*-//')" "$p" "$f" "$i"
  total_p=$((total_p + p)) total_f=$((total_f + f)) total_i=$((total_i + i))
done
if [ "$total_i" -gt 0 ]; then
  printf 'total: %d passed, %d failed, %d skipped\n' "$total_p" "$total_f" "$total_i"
else
  printf 'total: %d passed, %d failed\n' "$total_p" "$total_f"
fi
[ "$total_f" -eq 0 ]
