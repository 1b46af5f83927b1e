// Shared set-up for the browser tests: a simulator on a free port, the release dist/ served
// with /api/ proxied to it (what a same-origin reverse proxy does in production), and Debian's
// headless Chromium driven by playwright-core. CONSOLE_DIST=<dir> serves another build than
// dist/ (e.g. a debug one); TICDC_SIMULATOR=<path> runs another simulator binary.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
