#!/usr/bin/env bash
# Times `eksplain check` on generated inputs of growing size and, in the same
# run and on the same files, the reference `kubectl.1.32 config view --raw -o json`
# (kubectl's full load, merge and re-serialisation of a kubeconfig, no network).
# Prints a table and writes it, with the machine it ran on, to docs/bench.md.
#
#   bash tools/bench.sh              # or: make bench
#   BENCH_RUNS=30 bash tools/bench.sh
#   KUBECTL=/path/to/kubectl bash tools/bench.sh
#
# Times are medians of BENCH_RUNS runs after warm-up, measured by hyperfine when
# it is installed (apt-get install hyperfine) and by a date +%s%N loop otherwise.
# Both tools run under the same `unshare -n` wrapper (no network namespace, so
# neither can reach a server; the wrapper's ~2 ms is paid by both).
#
# The "browser ms" column comes from tools/e2e/bench.mjs: the built site (dist/,
# `make dist`) in headless Chromium, timed with the page's Performance API marks.
# Without dist/ (or with BENCH_BROWSER=0) the column stays "—".
#
# To benchmark a new input kind: make tools/gen-bench-inputs write the file and
# add one line to INPUTS below.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-15}
WARMUP=${BENCH_WARMUP:-3}
NOW=2026-01-01T00:00:00Z
OUT_DIR=target/bench-inputs
REPORT=${BENCH_REPORT:-docs/bench.md}

# file                     items  what the items are  reference
INPUTS=(
  "kubeconfig-10.yaml        10   contexts            kubectl"
  "kubeconfig-100.yaml       100  contexts            kubectl"
  "kubeconfig-1000.yaml      1000 contexts            kubectl"
  "kubeconfig-5000.yaml      5000 contexts            kubectl"
  "trust-policy-1.json       1    statements          -"
  "trust-policy-10.json      10   statements          -"
  "trust-policy-100.json     100  statements          -"
  "trust-policy-500.json     500  statements          -"
)

echo "building the release CLI…" >&2
cargo build --release --quiet --bin eksplain
EKSPLAIN=target/release/eksplain
python3 tools/gen-bench-inputs "$OUT_DIR" >/dev/null

if [[ -z "${KUBECTL:-}" ]] && command -v kubectl >/dev/null; then
  # The `kubectl` on PATH is google-cloud-cli's version dispatcher; the real
  # builds sit beside it.
  KUBECTL="$(dirname "$(readlink -f "$(command -v kubectl)")")/kubectl.1.32"
fi
if [[ -z "${KUBECTL:-}" || ! -x "$KUBECTL" ]]; then
  echo "kubectl.1.32 not found: the kubectl column will be empty" >&2
  KUBECTL=""
fi

WRAP=()
if unshare -n true 2>/dev/null; then
  WRAP=(unshare -n)
fi

HYPERFINE=$(command -v hyperfine || true)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# median_ms CMD... — prints the median wall time of CMD in milliseconds.
median_ms() {
  if [[ -n "$HYPERFINE" ]]; then
    "$HYPERFINE" --shell=none --style=none --ignore-failure --warmup "$WARMUP" --runs "$RUNS" \
      --export-json "$TMP/h.json" "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$TMP/h.json"
  else
    local i t0 t1
    for ((i = 0; i < WARMUP; i++)); do "$@" >/dev/null 2>&1 || true; done
    : >"$TMP/times"
    for ((i = 0; i < RUNS; i++)); do
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      echo $(((t1 - t0) / 1000)) >>"$TMP/times"
    done
    sort -n "$TMP/times" | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
  fi
}

CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)
MACHINE="$(nproc) × ${CPU}, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
DATE=$(date -u +%Y-%m-%dT%H:%MZ)
TIMER=${HYPERFINE:+hyperfine $("$HYPERFINE" --version | awk '{print $2}')}
TIMER=${TIMER:-date +%s%N loop}

HEADER="| input | size | items | eksplain ms | kubectl ms | ratio | eksplain µs/item | explain ms | browser ms | first paste ms | longest task ms |"
RULE="|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# Native timings first: Chromium, once it has run, leaves the machine slower for
# a while (eksplain check on the 1,000-context file read 24.8 ms right after the
# browser runs and 16.4 ms without them).
NATIVE=()
for entry in "${INPUTS[@]}"; do
  read -r file items what ref <<<"$entry"
  path="$OUT_DIR/$file"
  size=$(($(stat -c %s "$path") / 1024))
  ek=$(median_ms "${WRAP[@]}" "$EKSPLAIN" check --now "$NOW" "$path")
  kc="—"
  ratio="—"
  if [[ "$ref" == kubectl && -n "$KUBECTL" ]]; then
    kc=$(median_ms "${WRAP[@]}" "$KUBECTL" --kubeconfig "$path" config view --raw -o json)
    ratio=$(awk -v a="$kc" -v b="$ek" 'BEGIN {printf "%.1f×", a / b}')
  fi
  per=$(awk -v t="$ek" -v n="$items" 'BEGIN {printf "%.1f", t * 1000 / n}')
  # The whole explanation, as the page builds it: what the browser column compares with.
  ex=$(median_ms "${WRAP[@]}" "$EKSPLAIN" explain --now "$NOW" "$path")
  NATIVE+=("| $file | ${size} KB | $items $what | $ek | $kc | $ratio | $per | $ex |")
  echo "  native $file: check $ek ms, kubectl $kc ms, explain $ex ms" >&2
done

# Browser timings, one Chromium session over every input (tools/e2e/bench.mjs).
BROWSER_JSON="$TMP/browser.json"
BROWSER_NOTE="not measured (no dist/: run \`make dist\`)"
if [[ "${BENCH_BROWSER:-1}" == 0 ]]; then
  BROWSER_NOTE="not measured (BENCH_BROWSER=0)"
elif [[ -f dist/index.html && -d tools/node_modules/playwright-core ]]; then
  echo "timing the page in headless Chromium (dist/)…" >&2
  files=()
  for entry in "${INPUTS[@]}"; do files+=("${entry%% *}"); done
  if node tools/e2e/bench.mjs dist "$OUT_DIR" "${files[@]}" >"$BROWSER_JSON"; then
    BROWSER_NOTE=""
  else
    BROWSER_NOTE="not measured (tools/e2e/bench.mjs failed)"
    rm -f "$BROWSER_JSON"
  fi
fi
# browser FILE KEY — a number from the browser timings, or "—".
browser() {
  [[ -f "$BROWSER_JSON" ]] || { echo "—"; return; }
  python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["inputs"].get(sys.argv[2],{}).get(sys.argv[3]); print("—" if v is None else v)' "$BROWSER_JSON" "$1" "$2"
}

ROWS=()
echo "$HEADER"
echo "$RULE"
i=0
for entry in "${INPUTS[@]}"; do
  file=${entry%% *}
  row="${NATIVE[$i]} $(browser "$file" ms) | $(browser "$file" first_ms) | $(browser "$file" longtask_max_ms) |"
  ROWS+=("$row")
  echo "$row"
  i=$((i + 1))
done

mkdir -p "$(dirname "$REPORT")"
{
  echo "# Benchmarks"
  echo
  echo "Generated by \`make bench\` (\`bash tools/bench.sh\`); do not edit by hand."
  echo
  echo "- Date: $DATE"
  echo "- Machine: $MACHINE"
  echo "- Timer: $TIMER, median of $RUNS runs after $WARMUP warm-up runs, both tools under \`${WRAP[*]:-no wrapper}\`"
  echo "- eksplain: \`eksplain check --now $NOW FILE\` (release build: lto, codegen-units = 1, panic = abort)"
  echo "- kubectl: \`kubectl.1.32 --kubeconfig FILE config view --raw -o json\`"
  echo "- Inputs: \`tools/gen-bench-inputs\` — EKS-style kubeconfigs (one cluster with real CA data, one context and"
  echo "  one \`aws eks get-token\` exec user per context, ~2.3 KB each) and IRSA trust policies"
  echo
  echo "$HEADER"
  echo "$RULE"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "\"explain ms\" is \`eksplain explain\`: the findings plus the whole explanation (every context's story,"
  echo "credential flow and certificate card), which is what the page builds; \"eksplain ms\" is \`check\`, findings only."
  echo
  echo "\"eksplain µs/item\" should stay flat as inputs grow (linear cost). Each time includes"
  echo "process start-up (~1 ms). Trust policies over 64 KB (the 500-statement one) get only a JSON syntax"
  echo "check and TP037 (IAM accepts at most 4,096 characters), which is why that row is faster than 100 statements."
  echo
  echo "## In the browser"
  echo
  if [[ -f "$BROWSER_JSON" ]]; then
    python3 - "$BROWSER_JSON" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
dash = lambda v: "—" if v is None else v
print(f"Headless Chromium {b['chromium']} (`tools/e2e/bench.mjs`, playwright-core) on the release build in dist/,")
print(f"served from 127.0.0.1; medians of {b['runs']} runs. \"browser ms\" above is the page's `eksplain-analyze`")
print("measure: the debounce timer fired → analysis → the report committed to the DOM (a Yew effect).")
print("\"longest task ms\" is the longest main-thread task (PerformanceObserver `longtask`) from the paste")
print("to the report, the worst of the runs; the budget is 50 ms. \"longest frame ms\" is the longest animation")
print("frame (`long-animation-frame`: a task plus the style, layout and paint after it, which `longtask` leaves")
print("out), with that frame's style + layout + paint in brackets. \"complete ms\" is until the report is all")
print("in the page: a large kubeconfig's report first shows as a preview from the worker (every finding, the")
print("first 50 credential flows, stories and certificates, which is what the page shows before \"Show more\"),")
print("and the rest of a long report is rendered a part per frame (`eksplain-filled` mark). \"first paste ms\" is")
print("\"browser ms\" for the first paste into a freshly loaded page, once its worker is ready (median of 3")
print("pages); the other columns are from pastes into one page, after its first.")
print()
print("| input | analysis ms | render ms | browser ms | first paste ms | complete ms | paste → report ms (150 ms debounce included) | longest task ms | longest frame ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, r in b["inputs"].items():
    print(f"| {name} | {dash(r['analysis_ms'])} | {dash(r['render_ms'])} | {dash(r['ms'])} | {dash(r.get('first_ms'))} | {dash(r.get('complete_ms'))} | {dash(r['total_ms'])} | {dash(r['longtask_max_ms'])} | {dash(r.get('frame_max_ms'))} ({dash(r.get('frame_layout_ms'))}) |")
print()
k, f = b["keystroke"], b["first_render"]
print(f"- Keystroke in a 20 KB kubeconfig (input event → Yew has rendered; analysis is debounced): median {k['median_ms']} ms, worst {k['max_ms']} ms of 20 (budget 16 ms)")
print(f"- First render after navigation (fresh profile, 127.0.0.1): {f['median_ms']} ms to the app's first render (budget 300 ms); first contentful paint {dash(f['fcp_ms'])} ms (index.html's header, shown until the app renders)")
PY
  else
    echo "Browser timings: $BROWSER_NOTE."
  fi
  echo
  echo "Wall times on a machine shared with other builds vary by up to 2× between runs (see the load"
  echo "average above); instruction counts, which do not, and what changed them are in"
  echo "[performance.md](performance.md)."
} >"$REPORT"
echo "wrote $REPORT" >&2

# The README shows the latest table between its bench markers.
if [[ -z "${BENCH_REPORT:-}" ]] && grep -q '<!-- bench:start -->' README.md 2>/dev/null; then
  {
    echo "Measured $DATE on $MACHINE."
    echo
    echo "$HEADER"
    echo "$RULE"
    printf '%s\n' "${ROWS[@]}"
  } >"$TMP/table"
  python3 - "$TMP/table" <<'PY'
import re, sys
table = open(sys.argv[1]).read()
readme = open("README.md").read()
readme = re.sub(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", lambda m: m.group(1) + table + m.group(2), readme, flags=re.S)
open("README.md", "w").write(readme)
PY
  echo "updated README.md" >&2
fi
