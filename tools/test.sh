#!/usr/bin/env bash
# The README's test command: installs whatever is missing, then runs every test: the native
# tests of the workspace (wire layer, logic, simulator contract), the release wasm build with
# its size report, the browser tests (headless Chromium against the simulator, and through
# nginx with docs/nginx.conf), and last the README's run command itself (tests/smoke/: tools/run.sh
# on free ports, in a browser; its `trunk serve` leaves a debug build in dist/).
# Ends with one line "N passed, N failed" summed over cargo's and node's test runners.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never TRUNK_SKIP_VERSION_CHECK=true
LOGS=$(mktemp -d)
passed=0 failed=0

tally() {
  # cargo: "test result: ok. 12 passed; 0 failed; ..."; node --test (tap): "# pass 9", "# fail 0".
  read -r passed failed < <(cat "$LOGS"/*.log | awk '
    /^test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed/ { p += $4; f += $6 }
    /^# pass [0-9]+$/ { p += $3 }
    /^# fail [0-9]+$/ { f += $3 }
    END { print p + 0, f + 0 }')
}

step() {
  local name=$1 start rc; shift
  echo "==> $name: $*"
  start=$(date +%s)
  set +e; "$@" 2>&1 | tee "$LOGS/$name.log"; rc=${PIPESTATUS[0]}; set -e
  echo "[time] $name: $(( $(date +%s) - start ))s"
  if [ "$rc" != 0 ]; then
    tally
    echo "test: step '$name' failed (exit $rc)" >&2
    echo "$passed passed, $(( failed > 0 ? failed : 1 )) failed"
    exit 1
  fi
}

step setup tools/setup.sh
# The format and lint gate: unformatted code or any clippy warning fails the run, natively
# (both crates, tests included) and for wasm32 (the browser-only UI modules).
step fmt cargo fmt --all --check
step clippy cargo clippy --workspace --all-targets --locked -- -D warnings
step clippy-wasm cargo clippy -p ticdc-console --target wasm32-unknown-unknown --lib --bins --locked -- -D warnings
step native cargo test --workspace --locked
step wasm-build trunk build --release
step size tools/size-report.sh dist
step simulator-build cargo build -p ticdc-simulator --locked
step browser node --test --test-concurrency=1 --test-reporter=tap tests/e2e/
step run-command node --test --test-concurrency=1 --test-reporter=tap tests/smoke/
tally
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
