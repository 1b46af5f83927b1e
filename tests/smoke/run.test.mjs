// The README's run command, run as a newcomer runs it: `tools/run.sh` itself (on free ports
// through its documented CONSOLE_PORT / SIM_PORT variables, since 8080/8300 may be taken on a
// shared machine), in its own process group. It must start without an ERROR line, serve the
// console with the simulator behind /api/, show changefeed rows in headless Chromium, survive a
// deep-link reload, and stop everything it started on SIGTERM. The second case points
// `TICDC_ADDR` at another simulator, as an operator points it at a real TiCDC.
//
//   node --test --test-reporter=tap tests/smoke/   (tools/test.sh runs it last)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ROOT, freePort, launchBrowser, listening, startSimulator } from '../e2e/harness.mjs';

// The first `trunk serve` on a machine compiles the debug wasm: minutes on 2 cores.
const FIRST_BUILD_MS = Number(process.env.SMOKE_BUILD_TIMEOUT_MS || 25 * 60_000);

/** Starts `tools/run.sh` with `env` in a process group of its own; collects what it prints. */
function startRun(env) {
  // Exactly the README's command, from the clone's root: a run.sh that lost its exec bit (or its
  // shebang) fails here, as it would for a newcomer.
  const proc = spawn('tools/run.sh', [], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  const out = [];
  proc.stdout.on('data', (d) => out.push(d.toString()));
  proc.stderr.on('data', (d) => out.push(d.toString()));
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc, exited,
    output: () => out.join(''),
    /**
     * SIGTERM to the whole group (run.sh, trunk, the simulator), as a terminal's Ctrl-C would,
     * or with `{ group: false }` to run.sh alone, as a process manager would: it must stop the rest.
     */
    async stop({ group = true } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) {
        try { process.kill(group ? -proc.pid : proc.pid, 'SIGTERM'); } catch { /* already gone */ }
      }
      const t = setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 20_000);
      const r = await exited;
      clearTimeout(t);
      return r;
    },
  };
}

/** Waits until the console answers with the built page; fails at once if run.sh exits. */
async function waitForConsole(run, url) {
  const t0 = Date.now();
  let exit = null;
  run.exited.then((r) => { exit = r; });
  for (;;) {
    if (exit) assert.fail(`tools/run.sh exited (${JSON.stringify(exit)}) before serving:\n${run.output()}`);
    try {
      const r = await fetch(url + '/', { signal: AbortSignal.timeout(5000) });
      const body = await r.text();
      // The loader tools/wasm-pkg.sh writes in place of the placeholder: the wasm is built.
      if (r.status === 200 && /\/pkg-[0-9a-f]{16}\//.test(body)) return body;
    } catch { /* not up yet */ }
    if (Date.now() - t0 > FIRST_BUILD_MS) assert.fail(`the console did not come up within ${FIRST_BUILD_MS} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Opens `/` in Chromium, waits for changefeed rows, follows the first row to its page, reloads. */
async function browse(url) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url + '/');
    const table = page.getByRole('table', { name: 'Changefeeds' });
    await table.getByRole('rowheader').first().waitFor({ timeout: 30_000 });
    const ids = (await table.getByRole('rowheader').allTextContents()).map((x) => x.trim());
    assert.ok(ids.length > 0, 'no changefeed rows');
    const first = table.getByRole('rowheader').first().getByRole('link');
    const id = (await first.textContent()).trim();
    await first.click();
    await page.waitForURL((u) => u.pathname === `/changefeeds/${encodeURIComponent(id)}`, { timeout: 15_000 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Changefeed ${id}` }).waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, [], 'page errors');
    return ids;
  } finally {
    await browser.close();
  }
}

/** Lines that trunk or run.sh print as errors. */
const errorLines = (text) => text.split('\n').filter((l) => /\bERROR\b|^run: /.test(l));

describe('README run command (tools/run.sh)', () => {
  test('on the simulator: page, proxied /api/, rows, deep link, clean stop', { timeout: FIRST_BUILD_MS + 120_000 }, async () => {
    const consolePort = await freePort();
    const simPort = await freePort();
    const run = startRun({ CONSOLE_PORT: String(consolePort), SIM_PORT: String(simPort) });
    const url = `http://127.0.0.1:${consolePort}`;
    try {
      await waitForConsole(run, url);
      assert.match(run.output(), new RegExp(`TiCDC Console: open http://127\\.0\\.0\\.1:${consolePort}`));
      const api = await fetch(url + '/api/v2/changefeeds');
      assert.equal(api.status, 200);
      const list = await api.json();
      assert.ok(list.items.length > 0, 'the demo simulator behind /api/ has changefeeds');
      // The simulator that run.sh started answers on SIM_PORT, the same data as through trunk.
      const direct = await (await fetch(`http://127.0.0.1:${simPort}/api/v2/changefeeds`)).json();
      assert.deepEqual(direct.items.map((i) => i.id).sort(), list.items.map((i) => i.id).sort());
      const ids = await browse(url);
      assert.ok(ids.every((id) => list.items.some((i) => i.id === id)), 'rows come from the simulator');
      assert.deepEqual(errorLines(run.output()), [], 'no ERROR line on a clean start');
    } finally {
      await run.stop();
    }
    assert.equal(await listening(consolePort), false, 'trunk serve stopped');
    assert.equal(await listening(simPort), false, 'the simulator stopped');
  });

  test('TICDC_ADDR: another TiCDC, no simulator of its own', { timeout: FIRST_BUILD_MS + 120_000 }, async () => {
    const other = await startSimulator(['--changefeeds', '7']);
    const consolePort = await freePort();
    const simPort = await freePort();
    const run = startRun({ TICDC_ADDR: other.url, CONSOLE_PORT: String(consolePort), SIM_PORT: String(simPort) });
    const url = `http://127.0.0.1:${consolePort}`;
    try {
      await waitForConsole(run, url);
      assert.match(run.output(), new RegExp(`TiCDC API: +${other.url.replace(/[.]/g, '\\.')}`));
      const ids = await browse(url);
      const theirs = (await (await fetch(other.url + '/api/v2/changefeeds')).json()).items.map((i) => i.id);
      assert.ok(ids.every((id) => theirs.includes(id)), `rows come from the TICDC_ADDR simulator: ${ids}`);
      assert.equal(await listening(simPort), false, 'run.sh started no simulator of its own');
      assert.deepEqual(errorLines(run.output()), [], 'no ERROR line on a clean start');
    } finally {
      await run.stop({ group: false });
      await other.stop();
    }
    assert.equal(await listening(consolePort), false, 'trunk serve stopped');
    const leftover = fs.readdirSync(ROOT).filter((f) => f.startsWith('.trunk-run-'));
    assert.deepEqual(leftover, [], 'the config copy is removed');
  });
});
