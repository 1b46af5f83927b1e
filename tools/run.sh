#!/usr/bin/env bash
# The README's run command: installs whatever is missing, starts ticdc-simulator with demo
# data on 127.0.0.1:8300 and `trunk serve` on 127.0.0.1:8080 (which proxies /api/ to it),
# and prints the URL to open. Ctrl-C (or SIGTERM) stops both.
#
#   tools/run.sh                                    console + simulator (demo data)
#   TICDC_ADDR=http://10.0.0.5:8300 tools/run.sh    console against a real TiCDC, no simulator
#   SIM_ARGS="--changefeeds 5000" tools/run.sh      simulator flags (default: --demo)
#   CONSOLE_PORT=9080 SIM_PORT=9300 tools/run.sh    other ports, when 8080 or 8300 are taken
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
fail() { echo "run: $*" >&2; exit 1; }
CONSOLE_PORT=${CONSOLE_PORT:-8080}
SIM_PORT=${SIM_PORT:-8300}

SKIP_BROWSER=1 tools/setup.sh
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$CONSOLE_PORT" && fail "127.0.0.1:$CONSOLE_PORT is already in use (another trunk serve?): stop it, or choose another port with CONSOLE_PORT=<port>"

cleanup=()
# Stops a child and waits until it is gone (up to 10 s, then SIGKILL): run.sh exits only once
# the ports it opened are closed, so whoever stopped it can start again at once.
stop_child() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
trap 'for c in "${cleanup[@]}"; do eval "$c"; done' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

backend=${TICDC_ADDR:-}
if [ -z "$backend" ]; then
  port_busy "$SIM_PORT" && fail "127.0.0.1:$SIM_PORT is already in use. If that is a TiCDC or a simulator you started, run: TICDC_ADDR=http://127.0.0.1:$SIM_PORT tools/run.sh (or choose another port with SIM_PORT=<port>)"
  cargo build --locked -p ticdc-simulator || fail "building ticdc-simulator failed"
  # shellcheck disable=SC2086
  target/debug/ticdc-simulator --addr "127.0.0.1:$SIM_PORT" ${SIM_ARGS:---demo} &
  sim=$!
  cleanup+=("stop_child $sim")
  for _ in $(seq 100); do port_busy "$SIM_PORT" && break; kill -0 $sim 2>/dev/null || fail "ticdc-simulator exited"; sleep 0.1; done
  port_busy "$SIM_PORT" || fail "ticdc-simulator did not start listening on 127.0.0.1:$SIM_PORT"
  backend=http://127.0.0.1:$SIM_PORT
fi
case "$backend" in http://*|https://*) ;; *) fail "TICDC_ADDR must start with http:// or https:// (got $backend)" ;; esac

config=Trunk.toml
if [ "${backend%/}" != http://127.0.0.1:8300 ]; then
  # Another TiCDC address: a copy of Trunk.toml with the proxy backend replaced, beside it
  # (trunk resolves paths from the config file's folder). trunk's --proxy-backend would add a
  # second /api/ proxy beside Trunk.toml's and refuse to start.
  config=".trunk-run-$$.toml"
  sed "s|^backend = \".*\"|backend = \"${backend%/}/api/\"|" Trunk.toml > "$config"
  cleanup+=("rm -f '$ROOT/$config'")
fi

cat <<MSG

  TiCDC Console: open http://127.0.0.1:$CONSOLE_PORT
  TiCDC API:     $backend (proxied as /api/ by trunk serve)
  The first build takes one or two minutes; the page reloads when it is ready.

MSG
# In the background and waited for, not exec'd: a SIGTERM or Ctrl-C to this script alone then
# runs the traps at once, which stop trunk and the simulator and remove the config copy.
trunk serve --config "$config" --port "$CONSOLE_PORT" &
trunk_pid=$!
cleanup+=("stop_child $trunk_pid")
wait $trunk_pid
