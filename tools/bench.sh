#!/usr/bin/env bash
# The performance benchmark (on demand, not part of tools/test.sh): release builds of the
# console, the simulator and two floors with the same settings (a Leptos hello-world, and the least
# Leptos app that fetches and shows the changefeed list: tools/bench/listfloor), a per-crate
# breakdown of the wasm (twiggy), then the browser measurements of tools/bench/bench.mjs. BENCH_RUNS=N sets the runs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH" CARGO_TERM_COLOR=never TRUNK_SKIP_VERSION_CHECK=true
fail() { echo "bench: $*" >&2; exit 1; }

tools/setup.sh
trunk build --release >/dev/null || fail "trunk build --release failed"
cargo build --release --locked -p ticdc-simulator || fail "building the simulator failed"
for floor in hello listfloor; do
  (cd tools/bench/$floor && cargo fetch --locked >/dev/null && trunk build --release >/dev/null) || fail "building the $floor floor failed"
done
command -v twiggy >/dev/null || cargo install --locked twiggy@0.8.0 || fail "cargo install twiggy failed"

mkdir -p bench/out
# What the wasm spends its bytes on, by crate: twiggy on the modules as wasm-split left them,
# before wasm-bindgen and wasm-opt (the shipped files have no names), grouped by the crate in
# each function's path. The main module is the first load; split_editor the config editor.
split=target/wasm-pkg/release/split
: > bench/out/crates.txt
for module in ticdc-console split_editor; do
twiggy top -n 1000000 -f csv "$split/$module.wasm" > "bench/out/twiggy-$module.csv"
echo "== $module.wasm" | tee -a bench/out/crates.txt
python3 - "bench/out/twiggy-$module.csv" <<'PY' | tee -a bench/out/crates.txt
import csv, re, sys, collections
# Leave out what wasm-bindgen and wasm-opt remove before shipping: names, wasm-bindgen's
# custom section and its describe functions, and the exports kept for splitting.
skip = ("function names", "custom section", "__wbindgen_describe", "export \"")
rows = [r for r in csv.DictReader(open(sys.argv[1])) if not any(k in r["Name"] for k in skip)]
total = sum(int(r["ShallowSize"]) for r in rows)
by = collections.Counter()
for r in rows:
    name = r["Name"]
    m = re.search(r"(?:<|^|\s)(?:_?<?)([a-z_][a-z0-9_]*)::", name)
    crate = m.group(1) if m else ("data" if name.startswith("data[") else "other (" + name.split("[")[0].strip()[:20] + ")")
    by[crate] += int(r["ShallowSize"])
print(f"code and data before wasm-bindgen/wasm-opt: {total} bytes; by crate (shallow bytes):")
for crate, n in by.most_common(25):
    print(f"  {crate:<32} {n:>9}  {100*n/total:5.1f} %")
PY
done
TICDC_SIMULATOR=target/release/ticdc-simulator node tools/bench/bench.mjs
