#!/usr/bin/env bash
# Prints the size of what a browser downloads on first load (wasm, js, css in dist/):
# raw, gzip -9 and brotli -q 11 (when brotli is installed). Usage: tools/size-report.sh [dist]
set -euo pipefail
DIST=${1:-dist}
[ -d "$DIST" ] || { echo "size-report: $DIST not found; run trunk build --release first" >&2; exit 1; }
have_br=0; command -v brotli >/dev/null && have_br=1
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
tr=0 tg=0 tb=0
for f in "$DIST"/*.wasm "$DIST"/*.js "$DIST"/*.css; do
  [ -f "$f" ] || continue
  r=$(stat -c %s "$f"); g=$(gzip -9 -c "$f" | wc -c); b=-
  [ $have_br = 1 ] && b=$(brotli -q 11 -c "$f" | wc -c) && tb=$((tb + b))
  tr=$((tr + r)); tg=$((tg + g))
  printf '%-44s %10s %10s %10s\n' "$(basename "$f")" "$r" "$g" "$b"
done
[ $have_br = 1 ] || tb=-
printf '%-44s %10s %10s %10s\n' TOTAL "$tr" "$tg" "$tb"
