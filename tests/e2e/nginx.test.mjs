// The production path: dist/ served by nginx with docs/nginx.conf itself (harness serveNginx
// replaces only its listen, root and proxy_pass values) and /api/ proxied to the simulator.
// Checks what a deployment must get right: deep links reload into the app, hashed assets are
// cached for good and index.html not at all, the wasm is application/wasm, every asset is sent
// as the build's precompressed copy (brotli or gzip, as the browser accepts), TiCDC's errors
// pass through with their status and body, and the console works through it.
//
//   node --test --test-concurrency=1 tests/e2e/nginx.test.mjs   (after trunk build --release)
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { DIST, launchBrowser, serveNginx, startSimulator } from './harness.mjs';

/** A raw GET (no transparent decompression), so headers are seen as the browser gets them. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('nginx with docs/nginx.conf', () => {
  let sim, web, index, assets;
  before(async () => {
    sim = await startSimulator(['--demo']);
    web = await serveNginx(sim.url);
    index = await get(web.url + '/');
    const html = index.body.toString();
    // Every asset the page loads by URL: the style sheets and the wasm package (loader, glue, wasm).
    assets = [...html.matchAll(/(?:href|src|module_or_path:) *=? *["']([^"']+\.(?:css|js|wasm))["']/g)].map((m) => m[1]);
  });
  after(async () => { await web?.close(); await sim?.stop(); });

  test('index.html: served for / and for deep links, never cached', async () => {
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type'], /^text\/html/);
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.match(index.body.toString(), /\/pkg-[0-9a-f]{16}\/ticdc-console\.js/);
    for (const deep of ['/changefeeds/orders-to-kafka', '/changefeeds/orders-to-kafka/edit', '/cluster', '/?state=failed', '/index.html']) {
      const r = await get(web.url + deep);
      assert.equal(r.status, 200, deep);
      assert.equal(r.headers['cache-control'], 'no-cache', deep);
      assert.equal(r.body.toString(), index.body.toString(), `${deep} is index.html`);
    }
  });

  test('hashed assets: long immutable cache; the wasm is application/wasm and compressed', async () => {
    assert.ok(assets.some((a) => a.endsWith('.wasm')) && assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), `assets: ${assets}`);
    const type = { wasm: /^application\/wasm$/, js: /^text\/javascript/, css: /^text\/css/ };
    for (const a of assets) {
      const r = await get(web.url + a, { 'accept-encoding': 'gzip' });
      assert.equal(r.status, 200, a);
      assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', a);
      assert.match(r.headers['content-type'], type[a.split('.').pop()], a);
      assert.equal(r.headers['content-encoding'], 'gzip', `${a} is compressed`);
    }
    // The split chunks too (the pages loaded on demand), not only what index.html names.
    const pkg = assets.find((a) => a.endsWith('.wasm')).replace(/[^/]+$/, '');
    const split = (await get(web.url + pkg + '__wasm_split.js')).body.toString();
    const chunk = split.match(/["'](?:\.\/)?([^"'/]+\.wasm)["']/)?.[1];
    assert.ok(chunk, 'the split loader names its chunks');
    const r = await get(web.url + pkg + chunk, { 'accept-encoding': 'gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/wasm');
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(r.headers['content-encoding'], 'gzip', `${chunk} is compressed`);
    // A missing module is a 404, not index.html that a module loader would try to run.
    assert.equal((await get(web.url + pkg + 'no-such-chunk.wasm')).status, 404);
    assert.equal((await get(web.url + '/pkg-0000000000000000/ticdc-console.js')).status, 404);
  });

  test('hashed assets: the precompressed copies of the build are sent, brotli first', async () => {
    const pkg = assets.find((a) => a.endsWith('.wasm')).replace(/[^/]+$/, '');
    const split = (await get(web.url + pkg + '__wasm_split.js')).body.toString();
    const chunk = split.match(/["'](?:\.\/)?([^"'/]+\.wasm)["']/)[1];
    for (const a of [...assets, pkg + chunk]) {
      const file = path.join(DIST, a);
      const plain = fs.readFileSync(file);
      for (const [accept, encoding, ext] of [['gzip, deflate, br', 'br', '.br'], ['gzip', 'gzip', '.gz']]) {
        const copy = fs.readFileSync(file + ext);
        assert.ok(copy.length < plain.length, `${a}${ext} is smaller than ${a}`);
        const r = await get(web.url + a, { 'accept-encoding': accept });
        assert.equal(r.status, 200, a);
        assert.equal(r.headers['content-encoding'], encoding, `${a} for ${accept}`);
        assert.ok(r.body.equals(copy), `${a} for ${accept}: the body is ${a}${ext} as the build wrote it`);
        assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', a);
        assert.match(r.headers['content-type'], /^(application\/wasm|text\/javascript|text\/css)/, a);
      }
      // A client that accepts neither gets the file itself.
      const r = await get(web.url + a, { 'accept-encoding': 'identity' });
      assert.equal(r.headers['content-encoding'], undefined, a);
      assert.ok(r.body.equals(plain), `${a} uncompressed`);
    }
  });

  test("TiCDC's answers pass through unchanged, errors included", async () => {
    for (const p of ['/api/v2/changefeeds/no-such-changefeed', '/api/v2/changefeeds', '/api/v2/status']) {
      const direct = await get(sim.url + p);
      const proxied = await get(web.url + p);
      assert.equal(proxied.status, direct.status, p);
      assert.match(proxied.headers['content-type'], /application\/json/, p);
      if (p.endsWith('no-such-changefeed')) {
        assert.equal(proxied.status, 400);
        assert.equal(proxied.body.toString(), direct.body.toString());
        assert.match(proxied.body.toString(), /"error_code":\s*"CDC:ErrChangeFeedNotExists"/);
      }
    }
    // Only /api/ is forwarded: /debug/ (unauthenticated etcd dump on TiCDC) is not.
    const debug = await get(web.url + '/debug/info');
    assert.match(debug.headers['content-type'], /^text\/html/);
  });

  test('the console through nginx: rows, a deep link reloads, a chunk page loads', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(web.url + '/?state=normal');
      const table = page.getByRole('table', { name: 'Changefeeds' });
      await table.getByRole('rowheader').first().waitFor();
      await page.goto(web.url + '/changefeeds/orders-to-kafka');
      await page.getByRole('heading', { level: 1, name: 'Changefeed orders-to-kafka' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Changefeed orders-to-kafka' }).waitFor();
      await page.goto(web.url + '/cluster');
      await page.getByRole('heading', { name: 'Cluster', level: 1 }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
