#!/usr/bin/env bash
# Installs whatever is missing to build, run and test the console; idempotent, quick when
# everything is present. Sources: Debian (chromium, chromium-driver, nodejs), rustup (the wasm
# target), crates.io (trunk, wasm-bindgen-cli, wasm-split-cli), npm (binaryen, terser, playwright-core).
# Nothing is downloaded from GitHub: trunk runs with offline = true.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
fail() { echo "setup: $*" >&2; exit 1; }
say() { echo "setup: $*"; }

command -v cargo >/dev/null || fail "cargo not found: install Rust with rustup first"

# 1. Debian packages: node/npm for binaryen and playwright-core; for the tests only (skipped
# with SKIP_BROWSER=1, as tools/run.sh does) the browser and nginx with its brotli_static
# module, which serve dist/ through docs/nginx.conf in tests/e2e/nginx.test.mjs, and the
# brotli command line for tools/size-report.sh.
need=""
command -v node >/dev/null && command -v npm >/dev/null || need="$need nodejs npm"
if [ "${SKIP_BROWSER:-0}" != 1 ]; then
  for p in chromium chromium-driver nginx libnginx-mod-http-brotli-static brotli; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
fi
if [ -n "$need" ]; then
  say "installing Debian packages:$need"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null || fail "apt-get install$need failed"
fi

. "$ROOT/tools/versions.sh"
[ -n "$WASM_BINDGEN_VERSION" ] || fail "could not read the wasm-bindgen version from Cargo.lock"
[ -n "$BINARYEN_VERSION" ] || fail "could not read the binaryen version from package.json"

# 2. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "rustup target add wasm32-unknown-unknown failed"
fi

# 3. trunk, wasm-bindgen-cli and wasm-split-cli from crates.io, at the pinned versions.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes ~9 minutes on 2 cores)"
  cargo install --locked "trunk@$TRUNK_VERSION" || fail "cargo install trunk@$TRUNK_VERSION failed"
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes ~3 minutes)"
  # Its packaged lock pins a webpki-roots release that crates.io no longer serves, so fall
  # back to a fresh resolution when --locked fails.
  cargo install --locked "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" \
    || cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" \
    || fail "cargo install wasm-bindgen-cli@$WASM_BINDGEN_VERSION failed"
fi

if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (takes ~1 minute)"
  cargo install --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary \
    || fail "cargo install wasm_split_cli_support@$WASM_SPLIT_VERSION failed"
fi

# 4. npm tools: binaryen (wasm-opt), terser and playwright-core. package-lock.json records no URLs.
if ! cmp -s package-lock.json node_modules/.setup-stamp 2>/dev/null; then
  say "npm ci (binaryen $BINARYEN_VERSION, terser, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed"
  cp package-lock.json node_modules/.setup-stamp
fi
"$ROOT/node_modules/.bin/wasm-opt" --version | grep -q "version ${BINARYEN_VERSION%%.*}" \
  || fail "node_modules/.bin/wasm-opt is not binaryen $BINARYEN_VERSION"

# 5. Crates, so that trunk's offline build finds everything.
cargo fetch --locked >/dev/null 2>&1 || cargo fetch --locked || fail "cargo fetch --locked failed"
say "ready (trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, wasm-split-cli $WASM_SPLIT_VERSION, binaryen $BINARYEN_VERSION)"
