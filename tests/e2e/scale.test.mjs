// Browser test of the list at scale: with 2,000 changefeeds only the rows in view (plus a small
// overscan) are in the DOM, scrolling to the end shows the last changefeed, and a search
// narrows the list and brings it back to the top.
// Run after `trunk build --release` and `cargo build -p ticdc-simulator`:
//   node --test --test-concurrency=1 tests/e2e/scale.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setup } from './harness.mjs';

let ctx;
let page;
const N = 2000;

before(async () => {
  ctx = await setup({ simArgs: ['--changefeeds', String(N)] });
  page = ctx.page;
});
after(async () => ctx?.close());

const rowLinks = () => page.locator('tbody tr a[href^="/changefeeds/"]');
const rowsInDom = () => page.evaluate(() => document.querySelectorAll('tbody tr.cf-row').length);

test('2,000 changefeeds: windowed rows, the end reachable by scrolling, search back at the top', async () => {
  const ids = (await (await fetch(`${ctx.sim.url}/api/v2/changefeeds?state=all`)).json()).items.map((c) => c.id).sort();
  assert.equal(ids.length, N);
  await page.goto(`${ctx.server.url}/?state=all`);
  await rowLinks().first().waitFor();
  assert.equal(await rowLinks().first().textContent(), ids[0]);
  const atTop = await rowsInDom();
  assert.ok(atTop > 5 && atTop < 80, `${atTop} rows in the DOM for ${N} changefeeds`);

  // Scroll the table to its end: the last changefeed by id is shown, still windowed.
  const scroller = page.locator('[aria-label="Changefeed table"]');
  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  const last = page.getByRole('link', { name: ids[N - 1], exact: true });
  await last.waitFor();
  assert.ok(await last.isVisible(), 'the last row is visible');
  assert.ok((await rowsInDom()) < 80, 'still windowed at the end');

  // A search narrows the list and starts at the top again.
  await page.getByRole('searchbox', { name: /search changefeeds/i }).fill(ids[7]);
  await page.getByRole('link', { name: ids[7], exact: true }).waitFor();
  assert.equal(await scroller.evaluate((el) => el.scrollTop), 0);
  assert.ok((await rowLinks().count()) >= 1);
  assert.deepEqual(ctx.errors, []);
});

test('a keystroke keeps the rows that stay in view, moved and renumbered', async () => {
  const ids = (await (await fetch(`${ctx.sim.url}/api/v2/changefeeds?state=all`)).json()).items.map((c) => c.id).sort();
  await page.goto(`${ctx.server.url}/?state=all`);
  await rowLinks().first().waitFor();
  // ids[1] is the second row; a needle it matches and ids[0] does not makes it the first.
  const needle = ids[1].slice(-4);
  assert.ok(!ids[0].includes(needle), `${ids[0]} must not match ${needle}`);
  const row = (id) => page.locator(`tbody tr.cf-row:has(a[href="/changefeeds/${id}"])`);
  assert.equal(await row(ids[1]).getAttribute('aria-rowindex'), '3');
  await row(ids[1]).evaluate((tr) => { tr.dataset.mark = 'kept'; });
  await page.getByRole('searchbox', { name: /search changefeeds/i }).fill(needle);
  await page.waitForFunction((id) => {
    const a = document.querySelector('tbody tr.cf-row a');
    return a && a.textContent === id;
  }, ids[1]);
  // The same element, now the first data row (the header row is 1).
  assert.equal(await row(ids[1]).getAttribute('data-mark'), 'kept');
  await page.waitForFunction(() => document.querySelector('tbody tr.cf-row')?.getAttribute('aria-rowindex') === '2');
  const numbers = await page.evaluate(() => [...document.querySelectorAll('tbody tr.cf-row')].map((tr) => tr.getAttribute('aria-rowindex')));
  assert.deepEqual(numbers, numbers.map((_, k) => String(k + 2)));
  assert.equal(await page.locator('table').getAttribute('aria-rowcount'), String(ids.filter((id) => id.includes(needle)).length + 1));
  assert.deepEqual(ctx.errors, []);
});
