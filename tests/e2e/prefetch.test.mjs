// Browser tests of the landing list's prefetch: index.html starts the changefeed list request
// while the wasm downloads, and the app's first identical request takes that answer instead
// of asking TiCDC again (take_prefetched in src/api/client.rs). The inline script mirrors the
// app's URL rules; these tests fail when the two disagree (two list requests instead of one).
// Run after `trunk build --release` and `cargo build -p ticdc-simulator`:
//   node --test --test-concurrency=1 tests/e2e/prefetch.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setup } from './harness.mjs';

let ctx;
let page;
let lists = [];

before(async () => {
  ctx = await setup();
  page = ctx.page;
  page.on('request', (r) => {
    const u = new URL(r.url());
    // gloo-net ends a URL that has a query with '&'; the prefetch's has none. Same request.
    if (u.pathname === '/api/v2/changefeeds') lists.push(u.pathname + u.search.replace(/&$/, ''));
  });
});
after(async () => ctx?.close());

/** Opens `path` in a fresh tab state and returns the list requests until 1.5 s after the app
 *  is up (the list polls every 3 s, so a second request in that time means the prefetch went
 *  unused). The app is up when it shows the row `rowName`, or else its page: the list's status
 *  line, the cluster's heading. Waiting for that first means a slow boot cannot end the window
 *  before the app has asked for anything. */
async function listRequestsOnLoad(path, rowName) {
  await page.goto('about:blank');
  lists = [];
  await page.goto(`${ctx.server.url}${path}`);
  if (rowName) await page.getByRole('link', { name: rowName, exact: true }).waitFor();
  else if (new URL(path, ctx.server.url).pathname === '/cluster') {
    await page.getByRole('heading', { name: 'Cluster', level: 1 }).waitFor();
  } else await page.locator('.cf-status').waitFor();
  await page.waitForTimeout(1500);
  return lists;
}

test('each state filter in the URL is prefetched with the URL the app asks for, and asked once', async () => {
  const cases = [
    ['/', '/api/v2/changefeeds', 'orders-to-kafka'],
    ['/?state=all', '/api/v2/changefeeds?state=all', 'orders-to-kafka'],
    ['/?state=FAILED', '/api/v2/changefeeds?state=failed', null],
    ['/?state=stopped&q=x&sort=lag', '/api/v2/changefeeds?state=stopped', null],
    ['/?state=bogus', '/api/v2/changefeeds', 'orders-to-kafka'],
  ];
  for (const [path, want, row] of cases) {
    const got = await listRequestsOnLoad(path, row);
    assert.deepEqual(got, [want], `${path}: one list request, the prefetch`);
    await page.locator('.cf-status').waitFor();
  }
  assert.deepEqual(ctx.errors, []);
});

test('a wasm that loads late still takes the prefetch', async () => {
  // The wasm arrives 2.5 s after the list answer: the app takes the prefetch anyway (one list
  // request). It dates the rows by when the answer arrived (take_prefetch_arrival), so their
  // lag is not overstated by the delay, and says so in "Updated".
  const slow = async (route) => { await new Promise((r) => setTimeout(r, 2500)); await route.continue(); };
  let arrived = null;
  const onFinished = (r) => {
    if (arrived === null && new URL(r.url()).pathname === '/api/v2/changefeeds') arrived = Date.now();
  };
  page.on('requestfinished', onFinished);
  await page.route('**/*_bg.wasm', slow);
  try {
    const got = await listRequestsOnLoad('/?state=all', 'orders-to-kafka');
    assert.deepEqual(got, ['/api/v2/changefeeds?state=all'], 'one list request, the prefetch');
  } finally {
    await page.unroute('**/*_bg.wasm', slow);
    page.off('requestfinished', onFinished);
  }
  // "Updated hh:mm:ss" is the second the answer arrived (or the one before, as this process
  // saw it a little later), not when the late wasm took it, 2.5 s after.
  assert.ok(arrived !== null, 'the list answer was seen');
  const text = await page.locator('.refresh .muted').textContent();
  const m = /Updated (\d\d):(\d\d):(\d\d)/.exec(text);
  assert.ok(m, text);
  const shown = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const want = await page.evaluate((ms) => {
    const d = new Date(ms);
    return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds();
  }, arrived);
  const early = (want - shown + 86400) % 86400;
  assert.ok(early <= 1, `shown ${text}, the answer arrived at second ${want} of the day`);
  assert.deepEqual(ctx.errors, []);
});

test('the prefetched answer is what the page shows, errors included', async () => {
  await listRequestsOnLoad('/?state=all', 'orders-to-kafka');
  const api = await (await fetch(`${ctx.sim.url}/api/v2/changefeeds?state=all`)).json();
  const want = api.items.map((c) => c.id).sort();
  const shown = (await page.locator('tbody tr.cf-row th a').allTextContents()).sort();
  assert.deepEqual(shown, want, 'the rows are the answer TiCDC gave');

  // TiCDC not ready: the prefetched 503 is shown with TiCDC's error code, like any answer.
  await ctx.simPost('/sim/ready', { ready: false });
  try {
    await listRequestsOnLoad('/?state=all', null);
    const alert = page.getByRole('alert').filter({ hasText: 'CDC:ErrServerIsNotReady' });
    await alert.first().waitFor();
    assert.match(await alert.first().textContent(), /HTTP 503/);
  } finally {
    await ctx.simPost('/sim/ready', { ready: true });
  }
  // The next poll brings the rows.
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor({ timeout: 10_000 });
  assert.deepEqual(ctx.errors, []);
});

test('other pages and saved credentials are not prefetched', async () => {
  assert.deepEqual(await listRequestsOnLoad('/cluster', null), [], 'the cluster page asks for no list');
  await page.evaluate(() => sessionStorage.setItem('ticdc-console.credentials', JSON.stringify({ user: 'root', password: '' })));
  const got = await listRequestsOnLoad('/?state=all', 'orders-to-kafka');
  assert.deepEqual(got, ['/api/v2/changefeeds?state=all'], 'the app sends its own request, with the credentials');
  await page.evaluate(() => sessionStorage.clear());
  assert.deepEqual(ctx.errors, []);
});
