# eksplain — build, test and serve.  `make help` lists the targets.
#
# Every target that needs a tool installs it first through tools/setup.sh, which
# skips whatever is already present (a warm run costs a second or two).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:
MAKEFLAGS += --no-print-directory

# cargo-installed tools (trunk, wasm-bindgen, geckodriver) and binaryen's wasm-opt from npm.
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/tools/node_modules/.bin:$(PATH)
export DEBIAN_FRONTEND := noninteractive

WASM_TARGET := wasm32-unknown-unknown
STEP := tools/step.sh
LOGDIR := target/test-logs

# The web build is size-optimised; the native release keeps Cargo.toml's opt-level 3.
# (Trunk builds into target/wasm32-unknown-unknown/, so the two never share artefacts.)
WEB_ENV := CARGO_PROFILE_RELEASE_OPT_LEVEL=z

# Browser tests: every wasm test binary runs in a headless browser via
# wasm-bindgen-test-runner (WASM_BINDGEN_USE_BROWSER also sends test binaries that
# lack wasm_bindgen_test_configure!(run_in_browser) to the browser, not to Node).
BROWSER_TEST_ENV := \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_USE_BROWSER=1 \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/tools/webdriver.json \
  WASM_BINDGEN_TEST_TIMEOUT=120
# --tests: lib, bins and tests/ (doctests do not run under wasm-bindgen-test-runner).
BROWSER_TEST_CMD := cargo test --target $(WASM_TARGET) --tests
# The runner prefers GECKODRIVER over CHROMEDRIVER, so each run sets exactly one.
NO_DRIVERS := env -u GECKODRIVER -u CHROMEDRIVER -u GECKODRIVER_REMOTE -u CHROMEDRIVER_REMOTE

SERVE_FLAGS ?=

.PHONY: help setup setup-test setup-serve setup-dist \
        test lint fmt-check clippy clippy-wasm test-native test-browser test-chromium test-firefox \
        test-logs-reset e2e e2e-firefox serve dist size bench fmt clean distclean

help: ## list the targets
	@awk -F':.*## ' '/^[a-z][a-z0-9-]*:.*## / { printf "  make %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# ------------------------------------------------------------------ setup ---

setup: ## install everything (toolchain pieces, browsers, drivers, trunk, npm tools)
	tools/setup.sh all
setup-test:
	tools/setup.sh test
setup-serve:
	tools/setup.sh serve
setup-dist:
	tools/setup.sh dist

# ------------------------------------------------------------------- test ---

test: setup-test test-logs-reset lint test-native test-browser dist e2e e2e-firefox ## fmt + clippy (native, wasm) + native tests + browser tests (Chromium, Firefox) + release build + e2e (Chromium, Firefox)
	@tools/test-summary.sh $(LOGDIR)

test-logs-reset:
	@rm -rf $(LOGDIR)

lint: fmt-check clippy clippy-wasm ## rustfmt check and clippy for both targets

fmt-check:
	@$(STEP) "cargo fmt --check" -- cargo fmt --all --check

clippy:
	@$(STEP) "clippy (native)" -- cargo clippy --all-targets -- -D warnings

clippy-wasm:
	@$(STEP) "clippy ($(WASM_TARGET))" -- cargo clippy --target $(WASM_TARGET) --all-targets -- -D warnings

test-native: ## cargo test (native: core, CLI, doctests)
	@$(STEP) "native tests (cargo test)" --log $(LOGDIR)/1-native.log -- cargo test

test-browser: test-chromium test-firefox ## wasm tests in headless Chromium, then Firefox

test-chromium: ## wasm tests in headless Chromium only
	@echo; echo "==> browser: Chromium — $$(chromium --version 2>/dev/null || echo '?'); $$(chromedriver --version | cut -d' ' -f1-2)"
	@$(STEP) "browser tests in Chromium (headless)" --log $(LOGDIR)/2-chromium.log -- \
	  $(NO_DRIVERS) CHROMEDRIVER="$$(command -v chromedriver)" $(BROWSER_TEST_ENV) $(BROWSER_TEST_CMD)

test-firefox: ## wasm tests in headless Firefox only
	@echo; echo "==> browser: Firefox — $$(firefox-esr --version 2>/dev/null || firefox --version 2>/dev/null || echo '?'); $$(geckodriver --version | head -n1)"
	@$(STEP) "browser tests in Firefox (headless)" --log $(LOGDIR)/3-firefox.log -- \
	  $(NO_DRIVERS) GECKODRIVER="$$(command -v geckodriver)" $(BROWSER_TEST_ENV) $(BROWSER_TEST_CMD)

# End-to-end tests of the built site (tools/e2e/run.mjs, Playwright driving Debian's
# Chromium): `make test` builds dist/ first; on its own, `make e2e` tests whatever
# dist/ holds (run `make dist` after changing the code).
e2e: ## end-to-end tests against dist/ (playwright-core + Chromium; make dist first)
	@[ -f dist/index.html ] || { echo "e2e: dist/index.html missing: run 'make dist' first" >&2; exit 1; }
	@$(STEP) "e2e tests (tools/e2e.sh)" --log $(LOGDIR)/4-e2e.log -- tools/e2e.sh dist

e2e-firefox: ## the analysis worker and request log in Firefox ESR (geckodriver; make dist first)
	@[ -f dist/index.html ] || { echo "e2e: dist/index.html missing: run 'make dist' first" >&2; exit 1; }
	@$(STEP) "e2e tests in Firefox (tools/e2e.sh dist firefox)" --log $(LOGDIR)/5-e2e-firefox.log -- tools/e2e.sh dist firefox

# -------------------------------------------------------------------- web ---

# Development server on http://127.0.0.1:8080/ (debug build: fast to compile, big and
# slow wasm; `make serve SERVE_FLAGS=--release` for the optimised build). The page has
# the production CSP, so trunk's inline autoreload script is off: reload by hand.
serve: setup-serve ## trunk serve on http://127.0.0.1:8080/ (dev build)
	cargo fetch
	$(WEB_ENV) trunk serve --address 127.0.0.1 --port 8080 $(SERVE_FLAGS)

# Release build into dist/ with relative asset URLs (public_url "./" in Trunk.toml):
# opt-level z, then wasm-opt -Oz (binaryen 132, run by trunk before it computes the
# SRI hashes; extra flags in index.html's data-wasm-opt-params, see docs/size.md),
# then minified JS/HTML.
dist: setup-dist ## optimised release build into dist/, then print sizes
	@cargo fetch --quiet
	@rm -rf dist
	@$(STEP) "trunk build --release" -- env $(WEB_ENV) trunk build --release --dist dist
	@tools/size.sh dist

size: ## raw and gzip -9 sizes of dist/'s .wasm and .js
	@tools/size.sh dist

bench: ## time eksplain check against kubectl config view on generated inputs; writes docs/bench.md
	@if [ -x tools/bench.sh ]; then tools/bench.sh; else echo "bench: not written yet (tools/bench.sh)"; fi

.PHONY: deny
deny: ## dependency licenses, bans and sources, offline (cargo-deny); advisories: docs/security.md
	@command -v cargo-deny >/dev/null || cargo install cargo-deny --locked
	cargo deny --offline check licenses bans sources

# ------------------------------------------------------------------ misc ---

fmt: ## cargo fmt
	cargo fmt --all

clean: ## remove target/ and dist/
	cargo clean
	rm -rf dist

distclean: clean ## also remove tools/node_modules
	rm -rf tools/node_modules
