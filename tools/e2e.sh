#!/usr/bin/env bash
# tools/e2e.sh [DIST] [firefox] — end-to-end tests of the built site (default dist/,
# made by `make dist`) in Debian's Chromium via playwright-core (tools/e2e/run.mjs says
# what they check), or with `firefox`, the checks of tools/e2e/firefox.mjs in Firefox
# ESR through geckodriver. Builds the native CLI first: the page's findings for every
# sample are compared with `eksplain check --format json` on the same file.
# Ends with the line `e2e: N passed, M failed` (tools/test-summary.sh reads it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
dist=$(cd "${1:-dist}" && pwd)
[ -f "$dist/index.html" ] || { echo "e2e: $dist/index.html missing: run 'make dist' first" >&2; exit 1; }
suite=run
[ "${2:-}" = firefox ] && suite=firefox
[ $suite = firefox ] || [ -d tools/node_modules/playwright-core ] || { echo "e2e: playwright-core missing: run 'tools/setup.sh test'" >&2; exit 1; }
cargo build --quiet --bin eksplain
# Wherever cargo puts it (CARGO_TARGET_DIR, .cargo/config.toml).
target_dir=$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')
export EKSPLAIN_BIN="$target_dir/debug/eksplain"
exec node tools/e2e/$suite.mjs "$dist"
