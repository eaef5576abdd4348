#!/usr/bin/env bash
# tools/step.sh LABEL [--log FILE] -- CMD [ARGS...]
# Runs one step of `make test`/`make dist` under a banner and reports its time; with
# --log, also tees the output to FILE (tools/test-summary.sh reads those logs).
set -uo pipefail
label=$1
shift
log=""
if [ "${1:-}" = "--log" ]; then
  log=$2
  shift 2
fi
[ "${1:-}" = "--" ] && shift

printf '\n==> %s\n' "$label"
start=$(date +%s)
if [ -n "$log" ]; then
  mkdir -p "$(dirname "$log")"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
else
  "$@"
  rc=$?
fi
secs=$(($(date +%s) - start))
if [ "$rc" -eq 0 ]; then
  printf '==> ok: %s (%ss)\n' "$label" "$secs"
else
  printf '==> FAILED: %s (exit %s, %ss)\n' "$label" "$rc" "$secs" >&2
fi
exit "$rc"
