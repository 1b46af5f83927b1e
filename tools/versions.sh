# The one place where tool versions are pinned. Sourced by tools/*.sh.
# trunk 0.22 needs rustc >= 1.96.1; the machine has 1.95, so stay on 0.21.14.
TRUNK_VERSION=0.21.14
# wasm-split-cli (crate wasm_split_cli_support): splits the wasm at the #[wasm_split] points
# (src/lazy.rs); its runtime half, wasm_split_helpers, comes in through leptos.
WASM_SPLIT_VERSION=0.2.4
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock (trunk uses the CLI on PATH
# only on an exact match); Cargo.toml pins it with "=", this reads it back.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; split($0,a,"\""); print a[2]; exit}' "$ROOT/Cargo.lock")
# binaryen (wasm-opt) comes from npm: package.json pins it; tools/wasm-pkg.sh runs that wasm-opt.
# (>= 116 is required: Debian's 108 silently emits a wasm that does not load.)
BINARYEN_VERSION=$(node -p 'require(process.argv[1]).devDependencies.binaryen' "$ROOT/package.json" 2>/dev/null || true)
