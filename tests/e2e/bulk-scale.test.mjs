// Bulk actions at scale: with `--changefeeds 10000`, select all 10,000 and pause
// them. Asserted: every pausable one is paused, and the simulator never had more changefeed
// writes in flight than the number chosen. Measured, not asserted (timing on a shared machine
// is not a test): the long tasks (PerformanceObserver 'longtask') while selecting and while the
// batch runs, and how long it takes; the figures are printed and go to BENCHMARKS.md.
//
//   node --test --test-concurrency=1 tests/e2e/bulk-scale.test.mjs   (after trunk build --release)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { longTasksSince, openSettledList, setup } from './harness.mjs';

const N = 10_000;
let ctx;
before(async () => { ctx = await setup({ simArgs: ['--changefeeds', String(N), '--quiet'] }); });
after(() => ctx?.close());

test(`select all ${N} changefeeds and pause them: bounded in flight, long tasks measured`, { timeout: 600_000 }, async (t) => {
  const { page } = ctx;
  const t0 = await openSettledList(page, `${ctx.server.url}/?state=all`);
  await page.getByRole('checkbox', { name: 'Select the changefeeds shown' }).check();
  await page.getByRole('button', { name: `Select all ${N} that match` }).click();
  await page.getByText(`${N} selected`, { exact: true }).waitFor();
  // 96 in each hundred can be paused (normal, warning, pending).
  const pausable = N * 96 / 100;
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await bar.getByRole('button', { name: `Pause ${pausable}` }).waitFor();
  const selecting = await longTasksSince(page, t0);

  await bar.getByRole('button', { name: `Pause ${pausable}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: `Pause ${pausable} changefeeds?` }).waitFor();
  const limit = 4;
  await dialog.getByLabel('Requests at a time').selectOption(String(limit));
  await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
  const t1 = await page.evaluate(() => performance.now());
  const started = Date.now();
  await dialog.getByRole('button', { name: `Pause ${pausable} changefeeds` }).click();
  await page.getByRole('region', { name: 'Pause report' })
    .getByText(`Pause: ${pausable} done · 0 failed · 0 not sent`).waitFor({ timeout: 540_000 });
  const seconds = (Date.now() - started) / 1000;
  const running = await longTasksSince(page, t1);

  const log = await ctx.simGet('/sim/requests');
  assert.ok(log.max_writes_in_flight <= limit, `${log.max_writes_in_flight} writes in flight, chosen ${limit}`);
  assert.ok(log.max_writes_in_flight >= 2, 'the batch did run requests side by side');
  const stopped = (await ctx.simGet('/api/v2/changefeeds?state=stopped')).items.length;
  assert.equal(stopped, pausable + N * 2 / 100, 'every changefeed that could be paused is stopped (with the 2 % stopped before)');
  assert.deepEqual(ctx.errors, []);

  const figures = {
    changefeeds: N, paused: pausable, limit, seconds: Math.round(seconds * 10) / 10,
    per_second: Math.round(pausable / seconds), max_writes_in_flight: log.max_writes_in_flight,
    long_tasks_selecting: selecting, long_tasks_running: running,
  };
  t.diagnostic(`bulk pause figures: ${JSON.stringify(figures)}`);
  console.log(`BULK_FIGURES ${JSON.stringify(figures)}`);
});
