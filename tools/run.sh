#!/usr/bin/env bash
# The README's run command: installs whatever is missing, starts ticdc-simulator with demo
# data on 127.0.0.1:8300 and `trunk serve` on 127.0.0.1:8080 (which proxies /api/ to it),
# and prints the URL to open. Ctrl-C stops both.
#
#   tools/run.sh                          console + simulator (demo data)
#   TICDC_ADDR=http://10.0.0.5:8300 tools/run.sh   console against a real TiCDC, no simulator
#   SIM_ARGS="--changefeeds 5000" tools/run.sh     simulator flags (default: --demo)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
fail() { echo "run: $*" >&2; exit 1; }

SKIP_BROWSER=1 tools/setup.sh
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy 8080 && fail "127.0.0.1:8080 is already in use (another trunk serve?); stop it first"

backend=${TICDC_ADDR:-}
if [ -z "$backend" ]; then
  port_busy 8300 && fail "127.0.0.1:8300 is already in use. If that is a TiCDC or a simulator you started, run: TICDC_ADDR=http://127.0.0.1:8300 tools/run.sh"
  cargo build --locked -p ticdc-simulator || fail "building ticdc-simulator failed"
  # shellcheck disable=SC2086
  target/debug/ticdc-simulator --addr 127.0.0.1:8300 ${SIM_ARGS:---demo} &
  sim=$!
  trap 'kill $sim 2>/dev/null || true' EXIT INT TERM
  for _ in $(seq 50); do port_busy 8300 && break; kill -0 $sim 2>/dev/null || fail "ticdc-simulator exited"; sleep 0.1; done
  port_busy 8300 || fail "ticdc-simulator did not start listening on 127.0.0.1:8300"
  backend=http://127.0.0.1:8300
fi

cat <<MSG

  TiCDC Console: open http://127.0.0.1:8080
  TiCDC API:     $backend (proxied as /api/ by trunk serve)
  The first build takes one or two minutes; the page reloads when it is ready.

MSG
if [ "$backend" = http://127.0.0.1:8300 ]; then
  trunk serve; exit $?
fi
# Another TiCDC: a copy of Trunk.toml with the proxy backend replaced. (trunk's
# --proxy-backend would add a second /api/ proxy beside Trunk.toml's and fail to start.)
sed "s|^backend = \".*\"|backend = \"${backend%/}/api/\"|" Trunk.toml > Trunk.remote.toml
trunk serve --config Trunk.remote.toml
