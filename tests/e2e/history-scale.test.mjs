// The history at scale: with `--changefeeds 10000` the list's polls record a sample for each
// changefeed. Asserted: what is stored keeps to the byte cap (services::history
// MAX_STORED_BYTES), in parts (recorder::SHARDS), with every changefeed in it, and a reload
// reads it back. Measured, not asserted (timing on a shared machine is not a test): the long
// tasks (PerformanceObserver 'longtask') of the idle list while it polls and records; the
// figures are printed and go to BENCHMARKS.md.
//
//   node --test --test-concurrency=1 tests/e2e/history-scale.test.mjs   (after trunk build --release)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { longTasksSince, openSettledList, setup, until } from './harness.mjs';

const N = 10_000;
const MAX_STORED_BYTES = 1_500_000;
const SHARDS = 16;
// Long enough for several list polls (every 3 s) and two writes (every 10 s).
const IDLE_MS = 25_000;
let ctx;
before(async () => { ctx = await setup({ simArgs: ['--changefeeds', String(N), '--quiet'] }); });
after(() => ctx?.close());

/** What the history keeps in localStorage: its parts' count, bytes and changefeeds. */
function stored(page) {
  return page.evaluate(() => {
    const parts = Object.keys(localStorage).filter((k) => /^ticdc-console\.history\.v1\|.*#s\d+$/.test(k));
    const ids = new Set();
    let bytes = 0;
    for (const k of parts) {
      const text = localStorage.getItem(k);
      bytes += text.length;
      for (const [id] of JSON.parse(text).feeds) ids.add(id);
    }
    return { parts: parts.length, bytes, changefeeds: ids.size };
  });
}

test(`the idle list of ${N} records within the caps; its long tasks measured`, { timeout: 300_000 }, async (t) => {
  const { page } = ctx;
  // The first load's own work is not the polls'.
  const t0 = await openSettledList(page, `${ctx.server.url}/?state=all`);
  await page.waitForTimeout(IDLE_MS);
  const idle = await longTasksSince(page, t0);

  const kept = await until('the parts written', async () => {
    const s = await stored(page);
    return s.changefeeds === N && s;
  }, { timeout: 20_000 });
  assert.equal(kept.parts, SHARDS);
  assert.ok(kept.bytes <= MAX_STORED_BYTES, `${kept.bytes} bytes stored`);

  // A reload reads the parts back: the first row's sparkline has samples from before it.
  // Recording afresh gives one point per 5 s bucket, so 4 points within 8 s of the reload can
  // only come from storage.
  await page.reload();
  await page.locator('tbody tr.cf-row').first().waitFor();
  const path = page.locator('tbody tr.cf-row').first().getByRole('img').locator('path');
  await until('a sparkline drawn from the stored samples', async () => {
    const d = (await path.count()) === 1 ? await path.getAttribute('d') : '';
    return (d.match(/L/g) ?? []).length >= 3;
  }, { timeout: 8_000 });
  assert.deepEqual(ctx.errors, []);

  const figures = { changefeeds: N, idle_s: IDLE_MS / 1000, long_tasks_idle: idle, stored: kept };
  t.diagnostic(`history scale figures: ${JSON.stringify(figures)}`);
  console.log(`HISTORY_FIGURES ${JSON.stringify(figures)}`);
});
