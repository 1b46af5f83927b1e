// Browser tests of the split wasm (src/lazy.rs, tools/wasm-pkg.sh): the changefeed list loads
// without the other pages' code, and the history's recorder once the first rows are drawn; a page's chunk is fetched when the page is first opened, or
// already when the pointer is over (or keyboard focus on) any link to it; a
// chunk that cannot be fetched shows an error with Reload instead of killing the app, and the
// rest of the console keeps working.
// Run after `trunk build --release` and `cargo build -p ticdc-simulator`:
//   node --test --test-concurrency=1 tests/e2e/chunks.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setup } from './harness.mjs';

let ctx;
let page;
const fetched = [];

before(async () => {
  ctx = await setup();
  page = ctx.page;
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.endsWith('.wasm')) fetched.push(p.split('/').pop());
  });
  // When the first row is in the DOM, on the page's clock, to compare with when each wasm's
  // request left (resource timing).
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('tbody tr[data-id]')) {
        window.__firstRowAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
});
after(async () => ctx?.close());

test('the list loads only the main wasm; each page brings its own chunk when opened or pointed at', async () => {
  fetched.length = 0;
  await page.goto(`${ctx.server.url}/`);
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  const wasmBefore = (t) => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('.wasm') && e.startTime <= t).map((e) => e.name.split('/').pop());
  const early = await page.evaluate(`(${wasmBefore})(window.__firstRowAt)`);
  assert.deepEqual(early, ['ticdc-console_bg.wasm'], 'until the first rows show, the main module only');
  // Then the list's later code (the history's recorder, the rows' Pause and Resume and the
  // sink column's loader), with the chunks it shares with other pages (tests below), and no
  // page's code; no tombstones in this tab, so not their panel.
  const later = ['split_after_rows.wasm'];
  for (let i = 0; i < 50 && !later.every((f) => fetched.includes(f)); i++) await page.waitForTimeout(100);
  assert.deepEqual(fetched.filter((f) => f.startsWith('split_')).sort(), later, `after the rows: ${fetched}`);

  await page.getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.getByRole('heading', { name: 'Cluster', level: 1 }).waitFor();
  assert.ok(fetched.includes('split_cluster.wasm'), `cluster chunk fetched: ${fetched}`);
  assert.ok(!fetched.includes('split_editor.wasm'), 'the editor is not fetched for the cluster page');

  // Pointing at Create fetches the editor before the click.
  await page.getByRole('link', { name: 'Create', exact: true }).hover();
  for (let i = 0; i < 50 && !fetched.includes('split_editor.wasm'); i++) await page.waitForTimeout(100);
  assert.ok(fetched.includes('split_editor.wasm'), `editor chunk fetched on hover: ${fetched}`);
  await page.getByRole('link', { name: 'Create', exact: true }).click();
  await page.getByRole('heading', { name: 'Create changefeed', level: 1 }).waitFor();
  assert.equal(fetched.filter((f) => f === 'split_editor.wasm').length, 1, 'fetched once');
  assert.deepEqual(ctx.errors, []);
});

test('every link into a chunk prefetches it when pointed at: list rows, the detail head', async () => {
  await page.goto(`${ctx.server.url}/`);
  const row = page.getByRole('link', { name: 'orders-to-kafka', exact: true });
  await row.waitFor();
  fetched.length = 0;
  await row.hover();
  for (let i = 0; i < 50 && !fetched.includes('split_changefeed.wasm'); i++) await page.waitForTimeout(100);
  assert.ok(fetched.includes('split_changefeed.wasm'), `a row link fetches the changefeed page: ${fetched}`);

  await row.click();
  await page.getByRole('heading', { name: 'Changefeed orders-to-kafka', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Clone', exact: true }).focus();
  for (let i = 0; i < 50 && !fetched.includes('split_editor.wasm'); i++) await page.waitForTimeout(100);
  assert.ok(fetched.includes('split_editor.wasm'), `keyboard focus on Clone fetches the editor: ${fetched}`);
  assert.deepEqual(ctx.errors, []);
});

test('a chunk that cannot be fetched shows an error and Reload; the list still works', async () => {
  // The network drops every request for the changefeed page's chunk, from before the load: the
  // pointer still rests where the previous test clicked a row link, and a pointerover on the
  // new rows would otherwise prefetch the chunk before the route is in place.
  await page.route('**/split_changefeed.wasm', (r) => r.abort('connectionfailed'));
  await page.goto(`${ctx.server.url}/`);
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: "Could not load this page's code" });
  await alert.waitFor();
  assert.deepEqual(ctx.errors, [], 'no panic, no uncaught error');

  // The app is alive: back to the list, which renders and navigates.
  await page.goBack();
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();

  // Opening it again tries again (a failed load is not cached) and fails again.
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).click();
  await alert.waitFor();

  // The network is back: Reload on the failed page brings the page up.
  await page.unroute('**/split_changefeed.wasm');
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.getByRole('heading', { name: 'Changefeed orders-to-kafka', level: 1 }).waitFor();
  assert.deepEqual(ctx.errors, []);
});

test('the toasts and dialogs are a chunk of their own, fetched with the first toast; its failure is shown', async () => {
  await page.goto(`${ctx.server.url}/`);
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  assert.ok(!fetched.includes('split_overlays.wasm'), `not fetched before anything is raised: ${fetched}`);
  // Its network fails: the pause's result is still shown, in plain words, with the failure.
  await page.route('**/split_overlays.wasm', (r) => r.abort('connectionfailed'));
  await page.getByRole('button', { name: 'Pause orders-to-kafka' }).click();
  const alert = page.getByRole('alert').filter({ hasText: "Could not load the code of the console's notifications and dialogs" });
  await alert.waitFor();
  await alert.getByText('Pause of orders-to-kafka accepted').waitFor();
  assert.deepEqual(ctx.errors, [], 'no panic, no uncaught error');

  // After a reload with the network back, the next toast brings the chunk and shows as usual.
  await page.unroute('**/split_overlays.wasm');
  await page.reload();
  fetched.length = 0;
  await page.getByRole('button', { name: 'Resume orders-to-kafka' }).click();
  await page.getByRole('status').filter({ hasText: 'Resume of orders-to-kafka accepted' }).waitFor();
  assert.ok(fetched.includes('split_overlays.wasm'), `fetched with the first toast: ${fetched}`);
  assert.deepEqual(ctx.errors, []);
});

test("what is done while the list's later code (the history recorder) loads reaches the timeline", async () => {
  // This browser's history starts empty: cleared on a blank page of the console's origin (the
  // app, if it ran, would write its history back when hidden).
  const blank = `${ctx.server.url}/blank-for-test`;
  await page.route(blank, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  await page.goto(blank);
  await page.evaluate(() => localStorage.clear());
  await page.unroute(blank);
  // The chunk is held back 3 s (a slow link): the changefeed page's pause, made meanwhile, and
  // its polls are kept for the recorder.
  let released = 0;
  await page.route('**/split_after_rows.wasm', async (r) => {
    await new Promise((res) => setTimeout(res, 3000));
    released = Date.now();
    await r.continue();
  });
  await page.goto(`${ctx.server.url}/changefeeds/orders-to-kafka`);
  await page.getByRole('heading', { name: 'Changefeed orders-to-kafka', level: 1 }).waitFor();
  const clicked = Date.now();
  await page.getByRole('button', { name: 'Pause' }).first().click();
  await page.getByRole('status').filter({ hasText: 'Pause of orders-to-kafka accepted' }).waitFor();
  assert.ok(released === 0 || clicked < released, 'the pause was made before the recorder arrived');
  const timeline = page.getByRole('list', { name: 'Timeline, newest first' });
  await timeline.getByRole('listitem').filter({ hasText: 'Pause from this console' }).first().waitFor({ timeout: 15_000 });
  assert.ok(released > 0, 'shown once the recorder arrived');
  assert.equal(await timeline.getByRole('listitem').filter({ hasText: 'from this console' }).count(), 1, 'the one pause');
  await page.unroute('**/split_after_rows.wasm');
  await page.getByRole('button', { name: 'Resume' }).first().click();
  await page.getByRole('status').filter({ hasText: 'Resume of orders-to-kafka accepted' }).waitFor();
  assert.deepEqual(ctx.errors, []);
});

test('a history recorder that cannot be fetched is said on the changefeed page; the rest works', async () => {
  await page.route('**/split_after_rows.wasm', (r) => r.abort('connectionfailed'));
  await page.goto(`${ctx.server.url}/`);
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).click();
  await page.getByRole('heading', { name: 'Changefeed orders-to-kafka', level: 1 }).waitFor();
  await page.getByRole('status').filter({ hasText: "The code that records this browser's history could not be loaded" }).waitFor();
  // The page's actions still work and report their outcome.
  await page.getByRole('button', { name: 'Pause' }).first().click();
  await page.getByRole('status').filter({ hasText: 'Pause of orders-to-kafka accepted' }).waitFor();
  assert.deepEqual(ctx.errors, [], 'no panic, no uncaught error');

  // With the network back, a reload records again: no note, and the timeline fills.
  await page.unroute('**/split_after_rows.wasm');
  await page.reload();
  await page.getByRole('list', { name: 'Timeline, newest first' }).getByRole('listitem').first().waitFor({ timeout: 15_000 });
  assert.equal(await page.getByText("The code that records this browser's history could not be loaded").count(), 0);
  await page.getByRole('button', { name: 'Resume' }).first().click();
  assert.deepEqual(ctx.errors, []);
});

test("a row's Pause is a chunk fetched after the first rows; when it cannot be fetched, a toast says nothing was sent", async () => {
  await page.route('**/split_after_rows.wasm', (r) => r.abort('connectionfailed'));
  await page.goto(`${ctx.server.url}/`);
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  const early = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('/split_after_rows.wasm') && e.startTime <= window.__firstRowAt).length);
  assert.equal(early, 0, 'not requested before the first rows');
  await page.getByRole('button', { name: 'Pause orders-to-kafka' }).click();
  const toast = page.getByRole('alert').filter({ hasText: 'Pause of orders-to-kafka not sent' });
  await toast.waitFor();
  await toast.getByText("The console's code for it could not be loaded").waitFor();
  // Nothing reached TiCDC: the changefeed still runs.
  const feed = await (await fetch(`${ctx.sim.url}/api/v2/changefeeds/orders-to-kafka`)).json();
  assert.equal(feed.state, 'normal');
  assert.deepEqual(ctx.errors, [], 'no panic, no uncaught error');

  // The network is back: the next click fetches the code and pauses.
  await page.unroute('**/split_after_rows.wasm');
  await page.getByRole('button', { name: 'Pause orders-to-kafka' }).click();
  await page.getByRole('status').filter({ hasText: 'Pause of orders-to-kafka accepted' }).waitFor();
  await page.getByRole('button', { name: 'Resume orders-to-kafka' }).click();
  await page.getByRole('status').filter({ hasText: 'Resume of orders-to-kafka accepted' }).waitFor();
  assert.deepEqual(ctx.errors, []);
});

test("the panel of changefeeds deleted in this tab comes with the list's later code; without it the list says what it cannot show", async () => {
  await page.goto(`${ctx.server.url}/`);
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  // A tombstone kept by an earlier delete in this tab (as the delete writes it), its code
  // undeliverable: the list says what could not be shown.
  await page.evaluate(() => sessionStorage.setItem('ticdc-console.tombstones',
    JSON.stringify([{ id: 'gone-feed', checkpoint_ts: '449530894857863169', sink_uri: 'kafka://k:9092/t' }])));
  await page.route('**/split_after_rows.wasm', (r) => r.abort('connectionfailed'));
  await page.reload();
  await page.getByRole('alert').filter({ hasText: 'the code that lists them (last checkpoint and sink) could not be loaded' }).waitFor();
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  assert.deepEqual(ctx.errors, [], 'no panic, no uncaught error');
  await page.unroute('**/split_after_rows.wasm');
  await page.reload();
  const panel = page.getByRole('region', { name: 'Deleted in this tab' });
  await panel.getByText('gone-feed').waitFor();
  assert.ok((await panel.textContent()).includes('449530894857863169'), 'the exact checkpoint TSO');
  await panel.getByRole('button', { name: 'Dismiss' }).click();
  await panel.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => sessionStorage.getItem('ticdc-console.tombstones')), null);
  assert.deepEqual(ctx.errors, []);
});

test("the sink column's loader is a chunk started after the first rows; without it the cells say why", async () => {
  const sinkCell = (id) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) }).locator('td.cf-sink');
  await page.route('**/split_after_rows.wasm', (r) => r.abort('connectionfailed'));
  await page.goto(`${ctx.server.url}/`);
  await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  const missing = sinkCell('orders-to-kafka').getByText('unavailable');
  await missing.waitFor();
  assert.match(await missing.getAttribute('title'), /the console's code for this column could not be loaded/);
  assert.deepEqual(ctx.errors, [], 'no panic, no uncaught error');
  await page.unroute('**/split_after_rows.wasm');
  await page.reload();
  await sinkCell('orders-to-kafka').getByText('kafka://').waitFor();
  const early = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('/split_after_rows.wasm') && e.startTime <= window.__firstRowAt).length);
  assert.equal(early, 0, 'not requested before the first rows');
  assert.deepEqual(ctx.errors, []);
});

test("after leaving the list, no sink of its rows is fetched (the loader started from a chunk stops with the page)", async () => {
  // Slow answers, so that the loader is still at work on the list's sinks when the page goes.
  const delay = (ms) => ctx.simPost('/sim/delay', { ms });
  await delay(700);
  try {
    await page.goto(`${ctx.server.url}/`);
    await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
    await page.waitForTimeout(1200);
    await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).click();
    await page.getByRole('heading', { name: 'Changefeed orders-to-kafka', level: 1 }).waitFor();
    // The answer in flight may land; after it, no other changefeed is asked for its sink.
    await page.waitForTimeout(1500);
    const others = [];
    const seen = (r) => {
      const m = new URL(r.url()).pathname.match(/^\/api\/v2\/changefeeds\/([^/]+)$/);
      if (m && m[1] !== 'orders-to-kafka') others.push(m[1]);
    };
    page.on('request', seen);
    await page.waitForTimeout(4000);
    page.off('request', seen);
    assert.deepEqual(others, [], 'no sink fetched for the list after it was left');
    assert.deepEqual(ctx.errors, [], 'no panic, no uncaught error');
  } finally {
    await delay(0);
  }
});

test("the editor's style sheet is not in the first load: it comes with the editor and the changefeed page, which wait for it, and show without it", async () => {
  const sheets = [];
  const onRequest = (r) => { const p = new URL(r.url()).pathname; if (/^\/config-[0-9a-f]+\.css$/.test(p)) sheets.push(p); };
  page.on('request', onRequest);
  const applied = () => page.evaluate(() => {
    const link = document.querySelector('link[rel="stylesheet"][href*="/config-"]');
    const el = document.querySelector('.cfg-page');
    return { linked: !!link, loaded: !!link?.sheet, maxWidth: el ? getComputedStyle(el).maxWidth : null };
  });
  try {
    // The list: no editor sheet, neither fetched nor linked.
    await page.goto('about:blank');
    await page.goto(`${ctx.server.url}/`);
    await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual(sheets, [], 'the list fetches no editor sheet');
    assert.equal((await applied()).linked, false);

    // Pointing at Create fetches it with the editor's chunk; the editor is styled by it.
    await page.getByRole('link', { name: 'Create', exact: true }).hover();
    for (let i = 0; i < 50 && sheets.length === 0; i++) await page.waitForTimeout(100);
    assert.equal(sheets.length, 1, `fetched on hover: ${sheets}`);
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Create changefeed', level: 1 }).waitFor();
    assert.deepEqual(await applied(), { linked: true, loaded: true, maxWidth: '1180px' });

    // Landing on a page that uses it, with the sheet slow to come: the page waits for it, so it
    // is never drawn without its styles.
    const slow = async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.continue(); };
    await page.route(/\/config-[0-9a-f]+\.css$/, slow);
    try {
      await page.goto('about:blank');
      await page.goto(`${ctx.server.url}/create`);
      await page.getByRole('heading', { name: 'Create changefeed', level: 1 }).waitFor();
      assert.deepEqual(await applied(), { linked: true, loaded: true, maxWidth: '1180px' }, 'styled when first shown');
    } finally {
      await page.unroute(/\/config-[0-9a-f]+\.css$/, slow);
    }

    // A sheet that cannot be fetched: the page shows all the same, and the next page that
    // wants it tries again.
    await page.route(/\/config-[0-9a-f]+\.css$/, (r) => r.abort('connectionfailed'));
    await page.goto('about:blank');
    sheets.length = 0;
    await page.goto(`${ctx.server.url}/changefeeds/orders-to-kafka`);
    await page.getByRole('heading', { name: 'Changefeed orders-to-kafka', level: 1 }).waitFor();
    const failed = sheets.length;
    assert.ok(failed >= 1, 'the sheet was asked for');
    assert.equal((await applied()).loaded, false, 'shown without the sheet');
    await page.unroute(/\/config-[0-9a-f]+\.css$/);
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Create changefeed', level: 1 }).waitFor();
    assert.ok(sheets.length > failed, `tried again: ${sheets}`);
    assert.deepEqual(await applied(), { linked: true, loaded: true, maxWidth: '1180px' });
  } finally {
    page.off('request', onRequest);
  }
  assert.deepEqual(ctx.errors, []);
});
