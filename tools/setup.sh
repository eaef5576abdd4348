#!/usr/bin/env bash
# Installs what the build, the tests and the dev server need, and nothing that is
# already there: a warm run only checks versions and takes a second or two.
#
#   tools/setup.sh test    rustfmt, clippy, the wasm32 target, wasm-bindgen-cli at
#                          Cargo.lock's wasm-bindgen version, Chromium + ChromeDriver,
#                          Firefox ESR + geckodriver, and the npm tools in tools/
#                          (wasm-opt, playwright-core, axe-core); `make test` also
#                          builds dist/ for the e2e suite, through `dist` below
#   tools/setup.sh serve   the above's build part plus trunk (no browsers)
#   tools/setup.sh dist    same as serve
#   tools/setup.sh all     everything
#
# Runs as root (CI and the dev machines are root) or with sudo for apt.
# Every install is announced with a "setup: installing ..." line.
set -euo pipefail

TRUNK_VERSION=0.22.1
WASM_TARGET=wasm32-unknown-unknown

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo; then SUDO="sudo"; else SUDO="__no_root__"; fi
fi

# ---------------------------------------------------------------- pieces ---

rust_components() {
  local installed
  installed="$(rustup component list --installed 2>/dev/null || true)"
  local c
  for c in rustfmt clippy; do
    if ! grep -q "^$c" <<<"$installed"; then
      say "installing rustup component $c"
      rustup component add "$c"
    fi
  done
}

wasm_target() {
  local installed
  installed="$(rustup target list --installed)"
  if ! grep -qx "$WASM_TARGET" <<<"$installed"; then
    say "installing rust target $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
}

# The wasm-bindgen version the crate links, from Cargo.lock (created if absent,
# exactly as any cargo build would).
lock_wasm_bindgen_version() {
  if [ ! -f Cargo.lock ]; then
    cargo metadata --format-version 1 >/dev/null
  fi
  awk '
    $0 == "[[package]]" { name = "" }
    $1 == "name" && $3 == "\"wasm-bindgen\"" { name = "wasm-bindgen" }
    $1 == "version" && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
  ' Cargo.lock
}

wasm_bindgen_cli() {
  local want have_v=""
  want="$(lock_wasm_bindgen_version)"
  [ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"
  if have wasm-bindgen && have wasm-bindgen-test-runner; then
    have_v="$(wasm-bindgen --version | awk '{print $2}')"
  fi
  if [ "$have_v" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (Cargo.lock's wasm-bindgen; found: ${have_v:-none})"
    # Not --locked: the CLI's own lockfile may pin crates newer than this toolchain supports.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

trunk_tool() {
  local have_v=""
  if have trunk; then have_v="$(trunk --version 2>/dev/null | awk '{print $2}')"; fi
  if [ "$have_v" != "$TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (found: ${have_v:-none}); this takes ~13 minutes on 2 cores"
    cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version --force
  fi
}

geckodriver_tool() {
  if ! have geckodriver; then
    say "installing geckodriver (cargo)"
    cargo install geckodriver --locked
  fi
}

apt_lists_present() {
  compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null || compgen -G '/var/lib/apt/lists/*_Packages.*' >/dev/null
}

# apt_install PKG... : installs the Debian packages, running `apt-get update` only
# when there are no package lists or the install fails on stale ones.
apt_install() {
  [ "$SUDO" != "__no_root__" ] || die "need root (or sudo) to apt-get install $*"
  local opts=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if ! apt_lists_present; then
    say "apt-get update (no package lists yet)"
    $SUDO apt-get update -q
  fi
  if ! $SUDO apt-get install "${opts[@]}" "$@"; then
    say "apt-get install failed; refreshing package lists and retrying"
    $SUDO apt-get update -q
    $SUDO apt-get install "${opts[@]}" "$@"
  fi
}

# Starts the browser install in the background (it is network/disk bound, the
# cargo installs are CPU bound) and sets APT_PID; wait_browsers joins it.
APT_PID=""
APT_LOG=""
start_browsers() {
  local pkgs=()
  have chromium || pkgs+=(chromium)
  have chromedriver || pkgs+=(chromium-driver)
  have firefox-esr || have firefox || pkgs+=(firefox-esr)
  [ ${#pkgs[@]} -gt 0 ] || return 0
  say "installing ${pkgs[*]} (apt, in the background)"
  APT_LOG="$(mktemp -t eksplain-apt.XXXXXX)"
  ( apt_install "${pkgs[@]}" ) >"$APT_LOG" 2>&1 &
  APT_PID=$!
}

wait_browsers() {
  [ -n "$APT_PID" ] || return 0
  local pid=$APT_PID
  APT_PID=""
  if ! wait "$pid"; then
    tail -n 40 "$APT_LOG" >&2
    die "apt-get install of the browsers failed (log: $APT_LOG)"
  fi
  say "apt: $(grep -c '^Setting up' "$APT_LOG" || true) packages set up"
  rm -f "$APT_LOG"
  have chromium && have chromedriver && { have firefox-esr || have firefox; } \
    || die "browsers still missing after apt-get install"
}

node_tools() {
  if ! have npm || ! have node; then
    wait_browsers # one apt-get at a time
    say "installing nodejs + npm (apt)"
    apt_install nodejs npm
  fi
  local stamp=tools/node_modules/.eksplain-installed
  if [ -f tools/package-lock.json ]; then
    if [ -f "$stamp" ] && cmp -s tools/package-lock.json "$stamp" && [ -x tools/node_modules/.bin/wasm-opt ] \
      && [ -d tools/node_modules/playwright-core ] && [ -d tools/node_modules/axe-core ]; then
      return 0
    fi
    say "installing npm tools (npm ci in tools/)"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error)
    cp tools/package-lock.json "$stamp"
  else
    say "installing npm tools (npm install in tools/; no package-lock.json yet)"
    (cd tools && npm install --no-audit --no-fund --loglevel=error)
    cp tools/package-lock.json "$stamp"
  fi
}

# ------------------------------------------------------------------ main ---

want_build=0 want_browsers=0 want_trunk=0
[ $# -gt 0 ] || set -- test
for arg in "$@"; do
  case "$arg" in
    test) want_build=1 want_browsers=1 ;;
    serve | dist) want_build=1 want_trunk=1 ;;
    all) want_build=1 want_browsers=1 want_trunk=1 ;;
    *) die "unknown piece '$arg' (want: test, serve, dist, all)" ;;
  esac
done

have cargo || die "cargo not found (install Rust with rustup first)"
start=$SECONDS
if [ $want_browsers = 1 ]; then start_browsers; fi
if [ $want_build = 1 ]; then
  rust_components
  wasm_target
  wasm_bindgen_cli
  node_tools
fi
if [ $want_browsers = 1 ]; then geckodriver_tool; fi
if [ $want_trunk = 1 ]; then trunk_tool; fi
wait_browsers
say "ready ($*) in $((SECONDS - start))s"
