// Shared set-up for the browser tests: a simulator on a free port, the release dist/ served
// with /api/ proxied to it (what a same-origin reverse proxy does in production), and Debian's
// headless Chromium driven by playwright-core. CONSOLE_DIST=<dir> serves another build than
// dist/ (e.g. a debug one); TICDC_SIMULATOR=<path> runs another simulator binary.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.CONSOLE_DIST ? path.resolve(process.env.CONSOLE_DIST) : path.join(ROOT, 'dist');
export const SCREENSHOTS = path.join(ROOT, 'tests', 'screenshots');
const SIMULATOR = process.env.TICDC_SIMULATOR || path.join(ROOT, 'target', 'debug', 'ticdc-simulator');

/** Starts ticdc-simulator with `args` on a free port (or `addr`); resolves to {url, port, stop, proc}. */
export async function startSimulator(args = ['--demo'], { addr = '127.0.0.1:0' } = {}) {
  if (!fs.existsSync(SIMULATOR)) throw new Error(`${SIMULATOR} not built: run cargo build -p ticdc-simulator`);
  const proc = spawn(SIMULATOR, ['--addr', addr, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  proc.stderr.on('data', (d) => { log.push(d.toString()); if (log.length > 200) log.shift(); });
  let buf = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${buf}${log.join('')}`)), 15000);
    proc.stdout.on('data', (d) => {
      buf += d.toString();
      const m = buf.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`simulator exited (${code}): ${buf}${log.join('')}`)); });
  });
  const port = Number(new URL(url).port);
  return {
    url, port, proc, log,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json',
};

/**
 * Serves dist/ on a free port: files as they are, any other path falls back to index.html (so
 * deep links survive a reload), and /api/ is proxied to `backend()` (a function, so a test
 * can restart the simulator on another port). Resolves to {url, close}. `dir`: another build.
 */
export async function serveDist(backend, dir = DIST) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html missing: run trunk build --release`);
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/api/')) {
      const target = new URL(req.url, backend());
      const up = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      up.on('error', () => { res.writeHead(502, { 'content-type': 'text/plain' }); res.end('502 Bad Gateway'); });
      req.pipe(up);
      return;
    }
    const clean = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(dir, path.normalize(clean));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(dir, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

/** Launches Debian's chromium headless with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Everything a flow needs: simulator, server, browser, page; `close()` tears it all down. */
export async function setup({ simArgs = ['--demo'], viewport = { width: 1280, height: 860 } } = {}) {
  const sim = await startSimulator(simArgs);
  const ctx = { sim };
  const server = await serveDist(() => ctx.sim.url);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A wasm panic prints its message (where it panicked) on the console before the `unreachable`
  // trap reaches `pageerror`; keep it, so a failure says which read panicked.
  page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('panicked at')) errors.push(`console: ${m.text()}`); });
  return Object.assign(ctx, {
    server, browser, page, errors,
    /** GETs a simulator URL path (e.g. /sim/requests) and returns parsed JSON. */
    async simGet(p) { const r = await fetch(ctx.sim.url + p); return r.json(); },
    async simPost(p, body) {
      const r = await fetch(ctx.sim.url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      return { status: r.status, text: await r.text() };
    },
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      await ctx.sim.stop().catch(() => {});
    },
  });
}

/** A port nothing listens on now (127.0.0.1). */
export async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
export function listening(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/**
 * Serves `dir` through nginx with docs/nginx.conf, the deployment example itself: only its three
 * "set" values (listen, root, proxy_pass) are replaced, by a free port, `dir` and `backend`
 * (TiCDC's address, e.g. a simulator's url), and it is wrapped in the minimal main config nginx
 * needs to run unprivileged from a folder of its own. Resolves to {url, conf, close}.
 */
export async function serveNginx(backend, dir = DIST) {
  const nginx = process.env.NGINX || '/usr/sbin/nginx';
  if (!fs.existsSync(nginx)) throw new Error(`${nginx} not found: run tools/setup.sh (it installs Debian's nginx)`);
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html missing: run trunk build --release`);
  const port = await freePort();
  fs.mkdirSync(path.join(ROOT, 'tests', 'e2e', '.work'), { recursive: true });
  const prefix = fs.mkdtempSync(path.join(ROOT, 'tests', 'e2e', '.work', 'nginx-'));
  const example = fs.readFileSync(path.join(ROOT, 'docs', 'nginx.conf'), 'utf8');
  let server = example;
  for (const [re, value] of [
    [/^(\s*)listen \d+;/m, `$1listen 127.0.0.1:${port};`],
    [/^(\s*)root \/srv\/ticdc-console;/m, `$1root ${path.resolve(dir)};`],
    [/^(\s*)proxy_pass http:\/\/127\.0\.0\.1:8300;/m, `$1proxy_pass ${backend.replace(/\/$/, '')};`],
  ]) {
    if (!re.test(server)) throw new Error(`docs/nginx.conf no longer has the line ${re}: update serveNginx with it`);
    server = server.replace(re, value);
  }
  const conf = path.join(prefix, 'nginx.conf');
  // docs/nginx.conf uses brotli_static: Debian's module, loaded as /etc/nginx/nginx.conf would.
  const brotli = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
  if (!fs.existsSync(brotli)) throw new Error(`${brotli} not found: run tools/setup.sh (it installs libnginx-mod-http-brotli-static)`);
  fs.writeFileSync(conf, [
    `load_module ${brotli};`,
    'daemon off;', 'worker_processes 1;', `pid ${prefix}/nginx.pid;`, `error_log ${prefix}/error.log warn;`,
    // As root, nginx's workers would switch to nobody, who may not read a clone under /root.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'events { worker_connections 256; }',
    'http {', '  include /etc/nginx/mime.types;', '  default_type application/octet-stream;',
    `  access_log ${prefix}/access.log;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${prefix}/${t};`),
    server, '}', '',
  ].join('\n'));
  const proc = spawn(nginx, ['-p', prefix, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d.toString(); });
  const t0 = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited (${proc.exitCode}): ${err}${fs.existsSync(path.join(prefix, 'error.log')) ? fs.readFileSync(path.join(prefix, 'error.log'), 'utf8') : ''}`);
    if (await listening(port)) break;
    if (Date.now() - t0 > 10_000) { proc.kill('SIGKILL'); throw new Error(`nginx did not listen on ${port}: ${err}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`, conf, prefix,
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) { proc.kill('SIGQUIT'); await once(proc, 'exit'); }
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** Polls `fn` until it returns a truthy value, which it returns (throws after `ms`). */
export async function eventually(fn, ms = 8000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    if (Date.now() > end) throw last ?? new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Opens the <details> section of `page` whose heading is `name` (no-op when open). */
export async function openSection(page, name) {
  const section = page.locator('details').filter({ has: page.getByRole('heading', { name, exact: true }) }).first();
  if (!(await section.evaluate((d) => d.open))) await section.locator('summary').first().click();
  return section;
}

/** Polls `fn` until it returns a truthy value (and returns it); fails with `what` after `timeout` ms. */
/**
 * Records the page's long tasks (PerformanceObserver 'longtask') from its next load on; call
 * before `goto`. Read them with `longTasksSince`.
 */
export async function recordLongTasks(page) {
  await page.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * Opens `path` with its long tasks recorded, waits for the first list row and lets the first
 * load's work settle; returns the moment (performance.now() ms) measuring starts from.
 */
export async function openSettledList(page, url) {
  await recordLongTasks(page);
  await page.goto(url);
  await page.locator('tbody tr.cf-row').first().waitFor();
  await page.waitForTimeout(1500);
  return page.evaluate(() => performance.now());
}

/** The long tasks since `from` (performance.now() ms): count, count over 50 ms, longest, all. */
export function longTasksSince(page, from) {
  return page.evaluate((t0) => {
    const xs = window.__longtasks.filter((e) => e.start >= t0).map((e) => Math.round(e.duration));
    return { count: xs.length, over50: xs.filter((d) => d > 50).length, max: Math.max(0, ...xs), all: xs };
  }, from);
}

export async function until(what, fn, { timeout = 10_000, every = 100 } = {}) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) { last = e; }
    if (Date.now() - t0 > timeout) assert.fail(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, every));
  }
}
