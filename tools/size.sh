#!/usr/bin/env bash
# tools/size.sh [DIST]  — raw and gzip -9 sizes of the built web app's .wasm and .js
# (and the rest of dist/ for reference).
set -euo pipefail
dist=${1:-dist}
[ -f "$dist/index.html" ] || { echo "size: no $dist/index.html; run 'make dist' first" >&2; exit 1; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
row() { printf '%-44s %12s %12s %12s\n' "$@"; }
row "file" "bytes" "gzip -9" "gzip KiB"
row "----" "-----" "-------" "--------"
tot_raw=0 tot_gz=0 app_raw=0 app_gz=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  row "${f#"$dist"/}" "$raw" "$gz" "$(kib "$gz")"
  tot_raw=$((tot_raw + raw)) tot_gz=$((tot_gz + gz))
  case "$f" in *.wasm | *.js) app_raw=$((app_raw + raw)) app_gz=$((app_gz + gz)) ;; esac
done < <(find "$dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) | sort)
row "----" "-----" "-------" "--------"
row "wasm + js" "$app_raw" "$app_gz" "$(kib "$app_gz")"
row "all of the above" "$tot_raw" "$tot_gz" "$(kib "$tot_gz")"
