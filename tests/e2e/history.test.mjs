// Browser tests of the history (README.md, "History: lag trends and a changefeed timeline"): what
// the console's own polls saw, kept in this browser. State changes are made through the simulator's
// own v2 API (as another operator's `cdc cli` would), never through the console, and must appear on
// the timeline; a warning that clears is still listed; the history survives a reload; the list's
// sparklines say the lag and its trend; operations done from the console appear with TiCDC's
// answer.
//
//   node --test --test-concurrency=1 tests/e2e/history.test.mjs   (after trunk build --release)
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setup, until as waitUntil } from './harness.mjs';

// The history fills from the pages' own polls (every 3-5 s), and a reload re-reads storage:
// on a loaded 2-core machine allow 20 s where the harness's default is 10.
const until = (what, fn, opts) => waitUntil(what, fn, { timeout: 20_000, ...opts });

const row = (page, id) => page.getByRole('table', { name: 'Changefeeds' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });
const sparkName = (page, id) => row(page, id).getByRole('img').getAttribute('aria-label', { timeout: 1000 });
const timelineItems = (page) => page.getByRole('list', { name: 'Timeline, newest first' }).getByRole('listitem').allTextContents();

/** Calls the simulator's own TiCDC v2 API (not through the console). */
async function simApi(ctx, method, p, body) {
  const r = await fetch(ctx.sim.url + p, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  assert.ok(r.ok, `${method} ${p}: ${r.status} ${await r.text()}`);
}

describe('history', () => {
  let ctx;
  before(async () => {
    ctx = await setup({ simArgs: ['--demo'] });
    await ctx.page.goto(ctx.server.url + '/');
    await until('rows', () => row(ctx.page, 'mysql-replica-dr').count());
  });
  after(() => ctx?.close());

  test('the list sparklines name the lag and its trend', async () => {
    const { page } = ctx;
    // A stopped changefeed's checkpoint stands still while TiCDC's clock runs: rising.
    const stopped = await until('a rising sparkline on the stopped changefeed', async () => {
      const n = await sparkName(page, 'payments-kafka-avro');
      return /^lag \d.*, rising$/.test(n) && n;
    }, { timeout: 40_000 });
    assert.match(stopped, /^lag (\d+m \d\ds|\d+h \d\dm|\d+d \d+h|[\d.]+ s), rising$/);
    // A healthy one keeps a small, steady lag.
    const healthy = await until('a steady sparkline', async () => {
      const n = await sparkName(page, 'mysql-replica-dr');
      return /^lag .*, steady$/.test(n) && n;
    }, { timeout: 20_000 });
    assert.match(healthy, /^lag [\d.]+ (s|ms), steady$/);
    assert.equal(await row(page, 'mysql-replica-dr').getByRole('img').locator('path').count(), 1);
    assert.match(await row(page, 'mysql-replica-dr').getByRole('img').locator('path').getAttribute('d'), /^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+)+/);
    // The sparkline shares the lag cell with the figure and keeps the row's height.
    assert.equal(Math.round((await row(page, 'mysql-replica-dr').boundingBox()).height), 40);
    await ctx.screenshot('history-list');
  });

  test('state changes made elsewhere, a warning that cleared, and console operations reach the timeline', async () => {
    const { page } = ctx;
    // A warning comes and goes while the list is open (TiCDC forgets it once it clears).
    await simApi(ctx, 'POST', '/sim/changefeeds/orders-to-kafka/fault', {
      state: 'warning', code: 'CDC:ErrKafkaSendMessage', message: '[CDC:ErrKafkaSendMessage]broker 3 unreachable', addr: '10.0.1.12:8300',
    });
    await until('the warning in the list', async () => (await row(page, 'orders-to-kafka').textContent()).includes('CDC:ErrKafkaSendMessage'));
    await simApi(ctx, 'DELETE', '/sim/changefeeds/orders-to-kafka/fault');
    await until('the warning gone from the list', async () => !(await row(page, 'orders-to-kafka').textContent()).includes('CDC:ErrKafkaSendMessage'));

    // Pause and resume through TiCDC's API directly.
    await simApi(ctx, 'POST', '/api/v2/changefeeds/mysql-replica-dr/pause');
    await until('stopped in the list', async () => (await row(page, 'mysql-replica-dr').textContent()).includes('Stopped'));
    await simApi(ctx, 'POST', '/api/v2/changefeeds/mysql-replica-dr/resume', {});
    await until('normal again', async () => (await row(page, 'mysql-replica-dr').textContent()).includes('Normal'));

    // From the console: one pause TiCDC accepts, one resume it refuses.
    await row(page, 'crm-to-pulsar').getByRole('button', { name: 'Pause crm-to-pulsar' }).click();
    await until('crm stopped', async () => (await row(page, 'crm-to-pulsar').textContent()).includes('Stopped'));
    await simApi(ctx, 'POST', '/sim/changefeeds/crm-to-pulsar/reject', { code: 'CDC:ErrEtcdTryAgain', message: '[CDC:ErrEtcdTryAgain]etcd is busy', times: 1 });
    await row(page, 'crm-to-pulsar').getByRole('button', { name: 'Resume crm-to-pulsar' }).click();
    await until('the failure toast', () => page.getByText('etcd is busy').first().isVisible());

    // The detail pages' timelines (a full page load: the history comes back from storage).
    await page.goto(`${ctx.server.url}/changefeeds/mysql-replica-dr`);
    const states = await until('two state changes', async () => {
      const items = (await timelineItems(page)).filter((t) => t.includes('State:'));
      return items.length >= 2 && items;
    });
    assert.match(states[0], /State: Stopped → Normal/, 'newest first');
    assert.match(states[1], /State: Normal → Stopped/);
    await until('the chart says what this browser saw', async () => /^What this browser saw since \d{4}-\d\d-\d\d \d\d:\d\d/.test(await page.getByTestId('history-seen').textContent()));

    await page.goto(`${ctx.server.url}/changefeeds/orders-to-kafka`);
    const warning = await until('the cleared warning', async () => (await timelineItems(page)).find((t) => t.includes('CDC:ErrKafkaSendMessage')));
    assert.match(warning, /Warning CDC:ErrKafkaSendMessage reported by 10\.0\.1\.12:8300/);
    assert.match(warning, /first seen \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · last seen \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    assert.match(warning, /broker 3 unreachable/);

    await page.goto(`${ctx.server.url}/changefeeds/crm-to-pulsar`);
    const ops = await until('both operations', async () => {
      const items = (await timelineItems(page)).filter((t) => t.includes('from this console'));
      return items.length >= 2 && items;
    });
    assert.match(ops[0], /Resume from this console — failed: CDC:ErrEtcdTryAgain etcd is busy/);
    assert.match(ops[1], /Pause from this console — accepted by TiCDC/);
    assert.deepEqual(ctx.errors, []);
  });

  test('the history survives a reload; the timeline filters by kind and exports JSON; the chart reads out a moment', async () => {
    const { page } = ctx;
    await page.goto(`${ctx.server.url}/changefeeds/mysql-replica-dr`);
    await until('timeline', async () => (await timelineItems(page)).length >= 2);
    await page.reload();
    const after = await until('timeline after reload', async () => {
      const items = await timelineItems(page);
      return items.filter((t) => t.includes('State:')).length >= 2 && items;
    });
    assert.ok(after.length >= 2);

    // Filter: errors and operations only.
    await page.getByRole('checkbox', { name: 'State changes' }).uncheck();
    await until('no state changes shown', async () => !(await page.getByRole('region', { name: 'Timeline' }).textContent()).includes('State:'));
    await page.getByRole('checkbox', { name: 'State changes' }).check();
    await until('state changes back', async () => (await timelineItems(page)).some((t) => t.includes('State:')));

    // Export.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'mysql-replica-dr-history.json');
    const doc = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(doc.format, 'ticdc-console.history');
    assert.equal(doc.changefeed, 'mysql-replica-dr');
    assert.ok(doc.samples.length > 3, `${doc.samples.length} samples`);
    assert.ok(doc.samples.some((s) => s.resolved_lag_ms !== null), 'the detail page recorded resolved lag');
    const tos = doc.timeline.filter((e) => e.body.state).map((e) => e.body.state.to);
    assert.deepEqual(tos.slice(0, 2), ['normal', 'stopped']);

    // Hover read-out (at the newest moment of a 15 min window: a sample of this page's poll,
    // with resolved lag) and the window choice.
    // The changefeed may be left stopped by the test before, and a stopped changefeed has no
    // resolved TSO to lag: resumed through TiCDC's API, its next samples carry resolved lag.
    // First a pause through TiCDC's API, long enough for a bucket of its own: the chart draws
    // the state as a band behind the lines.
    await page.getByRole('radio', { name: '15 min', exact: true }).check();
    await simApi(ctx, 'POST', '/api/v2/changefeeds/mysql-replica-dr/pause');
    const bands = page.locator('.lag-chart__bands rect');
    await until('a stopped band on the chart', async () => (await page.locator('.lag-chart__bands rect.band--stopped').count()) >= 1);
    await fetch(`${ctx.sim.url}/api/v2/changefeeds/mysql-replica-dr/resume`, { method: 'POST', body: '{}' });
    await until('running again', async () => (await page.locator('.page__head').textContent()).includes('Normal'));
    const svg = page.getByRole('img', { name: /^Checkpoint lag chart/ });
    await svg.scrollIntoViewIfNeeded();
    const box = await svg.boundingBox();
    await page.mouse.move(box.x + box.width * (746 / 760), box.y + box.height / 2);
    // The first samples after the resume may still lack a resolved TSO (a loaded machine is
    // slow to get there): wait for the newest moment to have both lags.
    const readout = await until('a read-out of the running changefeed with both lags', async () => {
      await page.mouse.move(box.x + box.width * (746 / 760), box.y + box.height / 2 + 1);
      await page.mouse.move(box.x + box.width * (746 / 760), box.y + box.height / 2);
      const text = await page.getByTestId('lag-readout').textContent();
      return /^\d\d:\d\d:\d\d · checkpoint lag .+ · normal/.test(text) && /resolved lag/.test(text) && text;
    });
    assert.match(readout, /^\d\d:\d\d:\d\d · checkpoint lag .+ · resolved lag .+ · normal/);
    // The bands: a stopped one, then a normal one to its right (time runs left to right).
    const drawn = await bands.evaluateAll((rs) => rs.map((r) => ({ cls: r.getAttribute('class'), x: +r.getAttribute('x'), w: +r.getAttribute('width') })));
    const stoppedBand = drawn.findLast((b) => b.cls.includes('band--stopped'));
    const normalBand = drawn.findLast((b) => b.cls.includes('band--normal'));
    assert.ok(stoppedBand && normalBand && stoppedBand.w > 0 && normalBand.x >= stoppedBand.x + stoppedBand.w - 0.1, JSON.stringify(drawn));
    await ctx.screenshot('history-detail');
    await page.getByRole('region', { name: 'Timeline' }).scrollIntoViewIfNeeded();
    await ctx.screenshot('history-timeline');
    // The window is view state: it lives in the URL, so a reload (or a shared link) keeps it.
    for (const [w, q] of [['6 h', 'window=6h'], ['24 h', 'window=24h'], ['15 min', 'window=15m']]) {
      await page.getByRole('radio', { name: w, exact: true }).check();
      await until(`${q} in the URL`, () => page.url().endsWith(`?${q}`));
      assert.ok(await svg.isVisible());
    }
    await page.reload();
    await until('15 min chosen after the reload', () => page.getByRole('radio', { name: '15 min', exact: true }).isChecked());
    await page.getByRole('radio', { name: '1 h', exact: true }).check();
    await until('the default window leaves the URL', () => page.url().endsWith('/changefeeds/mysql-replica-dr'));
    assert.deepEqual(ctx.errors, []);
  });

  test('a bulk action from the list goes on the timeline of each changefeed it touched', async () => {
    const { page } = ctx;
    await page.goto(ctx.server.url + '/');
    for (const id of ['orders-to-kafka', 'mysql-replica-dr']) {
      await row(page, id).getByRole('checkbox', { name: `Select ${id}` }).check();
    }
    const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await bar.getByRole('button', { name: 'Pause 2' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Pause 2 changefeeds' }).click();
    await page.getByRole('region', { name: 'Pause report' }).getByText('Pause: 2 done · 0 failed · 0 not sent').waitFor({ timeout: 15_000 });
    // Stored at the end of the batch: a fresh page load reads it back.
    await page.goto(`${ctx.server.url}/changefeeds/orders-to-kafka`);
    const op = await until('the bulk pause on the timeline', async () => (await timelineItems(page)).find((t) => t.includes('bulk action')));
    assert.match(op, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dPause from this console \(bulk action on 2 changefeeds\) — accepted by TiCDC$/);
    await page.getByRole('checkbox', { name: 'Operations' }).uncheck();
    await until('operations hidden', async () => !(await timelineItems(page)).some((t) => t.includes('from this console')));
    await page.getByRole('checkbox', { name: 'Operations' }).check();
    assert.deepEqual(ctx.errors, []);
  });

  test('another tab of this browser shows an operation on its timeline as soon as it is stored', async () => {
    const id = 'analytics-blackhole';
    const url = `${ctx.server.url}/changefeeds/${id}`;
    // Two tabs of one browser: two pages of one context share its localStorage.
    const browserCtx = await ctx.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const errors = [];
    try {
      const [page, other] = [await browserCtx.newPage(), await browserCtx.newPage()];
      for (const p of [page, other]) p.on('pageerror', (e) => errors.push(String(e)));
      await other.goto(url);
      await other.getByRole('region', { name: 'Timeline' }).waitFor();
      // The other tab goes to the background: its polls wait, so it records and writes nothing
      // of its own (a write of its own would merge the stored part too), and only the storage
      // event can bring the pause in.
      await other.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await new Promise((r) => setTimeout(r, 2_000)); // a poll in flight when it was hidden lands
      await page.goto(url);
      await page.locator('.page__head').getByText('Normal').waitFor({ timeout: 10_000 });
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.locator('.page__head').getByText('Stopped').waitFor({ timeout: 10_000 });
      // No reload in the other tab: it merges the part this tab stored on the storage event.
      const seen = await until('the pause in the other tab', async () => (await timelineItems(other)).find((t) => t.includes('from this console')));
      assert.match(seen, /Pause from this console — accepted by TiCDC$/);
    } finally {
      await browserCtx.close();
    }
    assert.deepEqual(errors, []);
  });

  test('a time no tab polled is named as a gap, and the lines break there', async () => {
    const { page } = ctx;
    const id = 'search-index-kafka';
    const detail = `${ctx.server.url}/changefeeds/${id}?window=15m`;
    const seen = page.getByTestId('history-seen');
    // "no gaps in this window" or "N gap(s) in this window …" (this changefeed was last polled
    // by the list, before the tests above went to other pages).
    const gapsIn = (t) => (/no gaps in this window/.test(t) ? 0 : Number(t.match(/(\d+) gaps? in this window where no tab of this browser was polling/)?.[1] ?? NaN));
    await page.goto(detail);
    const before = await until('two samples of this page in a row', async () => {
      await page.waitForTimeout(6_000); // a new 5 s bucket: the detail poll's own samples
      const n = gapsIn(await seen.textContent());
      return Number.isFinite(n) && { n };
    });
    // No tab of this browser polls it for 25 s (more than three 5 s buckets and 20 s).
    await page.goto('about:blank');
    await new Promise((r) => setTimeout(r, 25_000));
    await page.goto(detail);
    const words = await until('the new gap named', async () => {
      const t = await seen.textContent();
      return gapsIn(t) === before.n + 1 && t;
    });
    assert.match(words, /^What this browser saw since \d{4}-\d\d-\d\d \d\d:\d\d/);
    assert.match(words, /gaps? in this window where no tab of this browser was polling \(\d\d:\d\d(:\d\d)?–\d\d:\d\d(:\d\d)?/);
    const d = await page.locator('.lag-chart path.line--ckpt').getAttribute('d');
    assert.ok((d.match(/M/g) ?? []).length >= 2, `the line breaks at the gap: ${d}`);
    assert.deepEqual(ctx.errors, []);
  });

  test('a history stored whole (one key, as an earlier version wrote it) is read back and then stored in parts', async () => {
    const { page } = ctx;
    const detail = `${ctx.server.url}/changefeeds/orders-to-kafka`;
    await page.goto(detail);
    const seen = await until('the bulk pause on the timeline', async () => (await timelineItems(page)).find((t) => t.includes('bulk action')));
    // Leave the app for a plain file of the same origin (closing the app writes its parts),
    // then put the parts together into the one-key form and keep only that.
    const css = await page.evaluate(() => document.querySelector('link[rel=stylesheet]').href);
    await page.goto(css);
    const stored = await page.evaluate(() => {
      const parts = Object.keys(localStorage).filter((k) => /^ticdc-console\.history\.v1\|.*#s\d+$/.test(k));
      const whole = parts[0].replace(/#s\d+$/, '');
      const feeds = parts.flatMap((k) => JSON.parse(localStorage.getItem(k)).feeds);
      for (const k of Object.keys(localStorage)) if (k.startsWith(`${whole}#s`)) localStorage.removeItem(k);
      localStorage.setItem(whole, JSON.stringify({ v: 1, feeds }));
      return { whole, parts: parts.length, feeds: feeds.length };
    });
    assert.ok(stored.parts >= 2 && stored.feeds >= 5, JSON.stringify(stored));
    await page.goto(detail);
    await until('the same entry read from the one-key form', async () => (await timelineItems(page)).includes(seen));
    const after = await until('stored in parts again, the one key gone', () => page.evaluate((whole) => {
      const keys = Object.keys(localStorage);
      const parts = keys.filter((k) => k.startsWith(`${whole}#s`) && !k.endsWith('#stamp'));
      return !keys.includes(whole) && parts.length > 0 && parts.length;
    }, stored.whole));
    assert.equal(after, stored.parts, 'every part the changefeeds hash into is written');
    assert.deepEqual(ctx.errors, []);
  });
});
