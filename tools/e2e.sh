#!/usr/bin/env bash
# tools/e2e.sh [DIST] — end-to-end tests of the built site (default dist/, made by
# `make dist`) in Debian's Chromium via playwright-core: tools/e2e/run.mjs says
# what they check. Builds the native CLI first: the page's findings for every
# sample are compared with `eksplain check --format json` on the same file.
# Ends with the line `e2e: N passed, M failed` (tools/test-summary.sh reads it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
dist=$(cd "${1:-dist}" && pwd)
[ -f "$dist/index.html" ] || { echo "e2e: $dist/index.html missing: run 'make dist' first" >&2; exit 1; }
[ -d tools/node_modules/playwright-core ] || { echo "e2e: playwright-core missing: run 'tools/setup.sh test'" >&2; exit 1; }
cargo build --quiet --bin eksplain
export EKSPLAIN_BIN="$ROOT/target/debug/eksplain"
exec node tools/e2e/run.mjs "$dist"
