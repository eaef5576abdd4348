#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): writes the list of the app's files and a
# cache version into the staged sw.js, so the service worker can cache the whole
# app on its first install, under the hashed names this build produced.
#   TRUNK_STAGING_DIR  the build's staging directory (set by trunk)
set -euo pipefail
dir=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
sw="$dir/sw.js"
[ -f "$sw" ] || { echo "sw-precache: no $sw" >&2; exit 1; }

files=()
while IFS= read -r f; do
  files+=("$f")
done < <(cd "$dir" && find . -type f ! -name sw.js ! -name index.html -printf '%P\n' | LC_ALL=C sort)

list=""
for f in "${files[@]}"; do
  case "$f" in *'"'* | *'\'* | *'|'* | *'&'*) echo "sw-precache: unexpected file name: $f" >&2; exit 1 ;; esac
  list+="${list:+, }\"$f\""
done
# The version changes whenever any file of the app does (index.html included).
version=$(cd "$dir" && find . -type f ! -name sw.js -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)

sed -i -e "s|\"__EKSPLAIN_PRECACHE__\"|$list|" -e "s|__EKSPLAIN_VERSION__|$version|" "$sw"
grep -q "__EKSPLAIN_" "$sw" && { echo "sw-precache: placeholders left in $sw" >&2; exit 1; }
echo "sw-precache: ${#files[@]} files, version $version"
