#!/usr/bin/env bash
# Builds the console's wasm, split into a main module and chunks loaded on demand, and puts it
# in trunk's output. Trunk runs it as a post_build hook (Trunk.toml) for `trunk build` and
# `trunk serve` alike; trunk's own rust pipeline cannot split a wasm (trunk-rs/trunk#1022).
#
#   1. cargo build for wasm32 with relocations kept (-Clink-args=--emit-relocs);
#   2. wasm-split-cli cuts it at the `#[wasm_split]` points of src/lazy.rs: the main module
#      (shell and changefeed list), one module per lazy page, and chunks they share;
#   3. wasm-bindgen (--target web) generates the JS glue for the main module;
#   4. release only: wasm-opt -Oz on every module, terser on the JavaScript;
#   5. everything goes to <staging>/pkg-<content hash>/ (immutable, cacheable) and the
#      `<script type="module" src="/pkg/boot.js">` placeholder of index.html becomes the loader;
#   6. release only: a .gz (gzip -9) and a .br (brotli 11) copy beside every wasm, js and css
#      file of the staging dir (tools/precompress.mjs), for nginx's gzip_static and
#      brotli_static (docs/nginx.conf).
#
# Environment (set by trunk): TRUNK_PROFILE (debug|release), TRUNK_STAGING_DIR, TRUNK_PUBLIC_URL.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
fail() { echo "wasm-pkg: $*" >&2; exit 1; }

PROFILE=${TRUNK_PROFILE:-release}
STAGING=${TRUNK_STAGING_DIR:-${1:-}}
PUBLIC_URL=${TRUNK_PUBLIC_URL:-/}
[ -n "$STAGING" ] && [ -f "$STAGING/index.html" ] || fail "no staging dir with an index.html (run through trunk, or pass a dir)"
case "$PUBLIC_URL" in */) ;; *) PUBLIC_URL="$PUBLIC_URL/" ;; esac
BIN=ticdc-console
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

. "$ROOT/tools/versions.sh"
command -v wasm-split-cli >/dev/null || fail "wasm-split-cli not found: run tools/setup.sh"
# The CLI must match the wasm-bindgen crate in Cargo.lock exactly, or the glue is wrong.
[ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
  || fail "wasm-bindgen $WASM_BINDGEN_VERSION (Cargo.lock) not on PATH: run tools/setup.sh"
if [ "$PROFILE" = release ]; then
  wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}" \
    || fail "wasm-opt from binaryen $BINARYEN_VERSION not found (node_modules/.bin): run tools/setup.sh"
fi

# 1. The wasm, with relocations: wasm-split needs them to move functions between modules.
# RUSTFLAGS with --target reaches only the wasm crates, not build scripts or proc macros.
cargo_args=(build --target wasm32-unknown-unknown --bin "$BIN" --locked)
[ "$PROFILE" = release ] && cargo_args+=(--release)
[ "${CARGO_NET_OFFLINE:-true}" = true ] && cargo_args+=(--offline)
# --remap-path-prefix: panic locations name crates.io sources without this machine's paths.
# Not --cfg erase_components: it saves 7.6 kB gzip of the main module, but every element's
# children become a list with a comment marker, +60 % DOM nodes in the changefeed table
# (BENCHMARKS.md).
rustflags="${RUSTFLAGS:-} -Clink-args=--emit-relocs"
rustflags+=" --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/=crates/ --remap-path-prefix=$ROOT/=./"
RUSTFLAGS="$rustflags" cargo "${cargo_args[@]}"
input="$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/$BIN.wasm"
[ -f "$input" ] || fail "cargo produced no $input"

# 2.-4. Split, bindgen, optimize, in target/wasm-pkg/<profile>/: split/ keeps the modules as
# they come out of wasm-split, with their names, for tools/bench.sh's breakdown.
work="$TARGET_DIR/wasm-pkg/$PROFILE"
rm -rf "$work" && mkdir -p "$work/split" "$work/pkg"
wasm-split-cli --out-name "$BIN" "$input" "$work/split" >/dev/null
# --keep-lld-exports: the chunks import the main module's table, memory and globals.
wasm-bindgen --target web --keep-lld-exports --no-demangle --out-name "$BIN" \
  --out-dir "$work/pkg" "$work/split/$BIN.wasm"
rm -f "$work/pkg"/*.d.ts
for f in "$work/split"/*; do [ "$(basename "$f")" = "$BIN.wasm" ] || cp "$f" "$work/pkg/"; done
if [ "$PROFILE" = release ]; then
  # The features rustc's wasm32 target emits by default; wasm-opt must not assume more.
  for f in "$work/pkg"/*.wasm; do
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$f" -o "$f.opt" 2> >(grep -v 'unknown name subsection' >&2)
    mv "$f.opt" "$f"
  done
  # The glue and the split loader, minified (terser from npm, pinned in package.json): 3 kB
  # gzip less in the first load, and 50 kB less JavaScript to parse. Names of exports and of
  # the wasm's imports are properties and exports, which terser keeps.
  terser="$ROOT/node_modules/.bin/terser"
  [ -x "$terser" ] || fail "terser not found (node_modules/.bin): run tools/setup.sh"
  for f in "$work/pkg"/*.js; do
    "$terser" "$f" --module --compress --mangle -o "$f.min" || fail "terser failed on $f"
    mv "$f.min" "$f"
  done
fi

# 5. Into trunk's staging dir under a content-hashed name, and the loader into index.html.
hash=$(cat "$work/pkg"/* | sha256sum | cut -c1-16)
pkg="pkg-$hash"
rm -rf "${STAGING:?}/$pkg"
cp -r "$work/pkg" "$STAGING/$pkg"
base="$PUBLIC_URL$pkg"
loader="<link rel=\"modulepreload\" href=\"$base/$BIN.js\"><link rel=\"modulepreload\" href=\"$base/__wasm_split.js\"><link rel=\"preload\" href=\"$base/${BIN}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\"><script type=\"module\">import init from '$base/$BIN.js'; init({ module_or_path: '$base/${BIN}_bg.wasm' });</script>"
placeholder='<script type="module" src="/pkg/boot.js"></script>'
grep -qF "$placeholder" "$STAGING/index.html" || fail "index.html lacks the placeholder $placeholder"
LOADER="$loader" PLACEHOLDER="$placeholder" perl -0pi -e 's/\Q$ENV{PLACEHOLDER}\E/$ENV{LOADER}/' "$STAGING/index.html"
# The editor's style sheet (style/config.css) is not part of the first load: its link becomes a
# <meta> naming the hashed file and its integrity, which index.html's loader (called from
# src/sheets.rs) turns back into a link when the editor or a changefeed's page is first opened
# or pointed at.
perl -0pi -e 's{<link rel="stylesheet" href="([^"]*/config-[0-9a-f]+\.css)"(?: integrity="([^"]*)")?\s*/?>}{<meta name="ticdc-console-sheet" content="$1" data-integrity="$2">}' "$STAGING/index.html"
grep -q '<meta name="ticdc-console-sheet" content="[^"]*/config-' "$STAGING/index.html" \
  || fail "index.html has no link to the editor's style sheet (config-<hash>.css) to defer"
# The skipped rust link (index.html) has done its job: trunk built nothing; drop it.
perl -0pi -e 's{\s*<link data-trunk rel="rust"[^>]*>}{}' "$STAGING/index.html"
# 6. Precompressed copies (release: brotli 11 of a debug wasm would take a minute per rebuild).
if [ "$PROFILE" = release ]; then
  node "$ROOT/tools/precompress.mjs" "$STAGING" >/dev/null || fail "precompressing the assets failed"
fi
echo "wasm-pkg: $PROFILE wasm in $pkg/ ($(ls "$work/pkg" | wc -l) files)"
