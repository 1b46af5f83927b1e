#!/usr/bin/env bash
# Prints the size of what a browser downloads: first the first load (the css, the main js and
# wasm module and the chunk loader that index.html references), then each wasm chunk fetched
# on demand when its page is first opened; raw, gzip -9 and brotli -q 11 (when brotli is
# installed). Usage: tools/size-report.sh [dist]
set -euo pipefail
DIST=${1:-dist}
[ -f "$DIST/index.html" ] || { echo "size-report: $DIST/index.html not found; run trunk build --release first" >&2; exit 1; }
pkg=$(grep -o 'pkg-[0-9a-f]*/ticdc-console\.js' "$DIST/index.html" | head -1 | cut -d/ -f1)
[ -n "$pkg" ] && [ -d "$DIST/$pkg" ] || { echo "size-report: index.html references no pkg-<hash>/ in $DIST" >&2; exit 1; }
have_br=0; command -v brotli >/dev/null && have_br=1

table() {
  local title=$1; shift
  local tr=0 tg=0 tb=0 r g b f
  printf '%-44s %10s %10s %10s\n' "$title" raw gzip brotli
  for f in "$@"; do
    r=$(stat -c %s "$f"); g=$(gzip -9 -c "$f" | wc -c); b=-
    [ $have_br = 1 ] && b=$(brotli -q 11 -c "$f" | wc -c) && tb=$((tb + b))
    tr=$((tr + r)); tg=$((tg + g))
    printf '  %-42s %10s %10s %10s\n' "${f#"$DIST"/}" "$r" "$g" "$b"
  done
  [ $have_br = 1 ] || tb=-
  printf '%-44s %10s %10s %10s\n' TOTAL "$tr" "$tg" "$tb"
}

# The editor's style sheet (config-<hash>.css) comes with the editor and the changefeed page.
first=() demand=()
for f in "$DIST"/*.css; do case "$(basename "$f")" in config-*) demand+=("$f") ;; *) first+=("$f") ;; esac; done
first+=("$DIST/$pkg/ticdc-console.js" "$DIST/$pkg/__wasm_split.js" "$DIST/$pkg/ticdc-console_bg.wasm")
table "first load" "${first[@]}"
echo
for f in "$DIST/$pkg"/*.wasm; do [ "$(basename "$f")" = ticdc-console_bg.wasm ] || demand+=("$f"); done
table "on demand (split_<page> with the chunk_<n> it shares, the editor's style sheet)" "${demand[@]}"
