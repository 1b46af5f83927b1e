// Browser tests of bulk actions on the changefeed list, driven as an operator does:
// select by state filter and search, pause / resume / delete them with one confirmation, watch
// the report, retry the failed ones. The simulator is the judge: what it stored, which requests
// it saw and how many changefeed writes it had in flight at once (/sim/requests).
//
// `--changefeeds 400` gives bulk-00000…bulk-00399; in each hundred, i%100 = 7 and 57 are
// stopped, 13 failed, 29 warning, 41 pending (listed as warning), 71 finished, the rest normal.
// Each test works on its own hundred, so they do not depend on each other's order.
//
//   node --test --test-concurrency=1 tests/e2e/bulk.test.mjs   (after trunk build --release)
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, until } from './harness.mjs';

const hundred = (h) => Array.from({ length: 100 }, (_, i) => `bulk-${String(h * 100 + i).padStart(5, '0')}`);
const stateOfIndex = (i) => ({ 7: 'stopped', 57: 'stopped', 13: 'failed', 29: 'warning', 41: 'pending', 71: 'finished' })[i % 100] ?? 'normal';

async function rawState(ctx, id) {
  const r = await fetch(`${ctx.sim.url}/sim/changefeeds/${id}`);
  return r.status === 404 ? 'gone' : (await r.json()).state;
}

/** Opens the list with a state filter and a search, and waits for its rows. */
async function openList(ctx, state, search) {
  const { page } = ctx;
  await page.goto(`${ctx.server.url}/?state=${state}&q=${encodeURIComponent(search)}`);
  await page.locator('tbody tr.cf-row').first().waitFor();
}

/** "Select all N that match" after ticking the header checkbox (the rows shown). */
async function selectAllMatching(page, n) {
  await page.getByRole('checkbox', { name: 'Select the changefeeds shown' }).check();
  await page.getByRole('button', { name: `Select all ${n} that match` }).click();
  await page.getByText(`${n} selected`, { exact: true }).waitFor();
}

const bulkDialog = (page) => page.getByRole('dialog');
const report = (page, verb) => page.getByRole('region', { name: `${verb} report` });

describe('bulk actions', () => {
  let ctx;
  before(async () => { ctx = await setup({ simArgs: ['--changefeeds', '400', '--quiet'] }); });
  after(() => ctx?.close());

  test('select by filter and search, pause them all with one confirmation, see the report; at most the chosen number in flight', async () => {
    const { page } = ctx;
    const want = hundred(1).filter((_, i) => stateOfIndex(i) === 'normal');
    await openList(ctx, 'normal', 'bulk-001');
    await selectAllMatching(page, want.length);
    await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
    // The simulator answers slowly, so the requests would pile up if the console let them.
    await ctx.simPost('/sim/delay', { ms: 60 });

    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: `Pause ${want.length}` }).click();
    const dialog = bulkDialog(page);
    await dialog.getByRole('heading', { name: `Pause ${want.length} changefeeds?` }).waitFor();
    const listed = (await dialog.getByLabel('Changefeeds to pause').textContent()).split('\n');
    assert.deepEqual(listed, want, 'the confirmation names every id, in the list order');
    await dialog.getByLabel('Requests at a time').selectOption('2');
    await dialog.getByRole('button', { name: `Pause ${want.length} changefeeds` }).click();

    const rep = report(page, 'Pause');
    await rep.getByText(`Pause: ${want.length} done · 0 failed · 0 not sent`).waitFor({ timeout: 30_000 });
    await ctx.simPost('/sim/delay', { ms: 0 });
    for (const id of [want[0], want[want.length - 1]]) assert.equal(await rawState(ctx, id), 'stopped', id);
    const log = await ctx.simGet('/sim/requests');
    const pauses = log.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pause'));
    assert.equal(pauses.length, want.length, 'one pause per changefeed');
    assert.ok(pauses.every((r) => r.status === 200));
    assert.equal(log.max_writes_in_flight, 2, 'never more than the 2 chosen in flight (and the 2 were used)');

    // The list refreshes when it ends: paused ones leave the "normal" view, and the selection
    // drops the ids that disappeared. The report stays.
    await until('paused rows gone', async () => (await page.locator('tbody tr.cf-row').count()) === 0);
    await until('selection emptied', async () => (await page.getByText(/\d+ selected$/).count()) === 0);
    assert.ok(await rep.isVisible());
    assert.deepEqual(ctx.errors, []);
  });

  test('a mix of states: each action is offered for the ones it applies to, the others are skipped with why', async () => {
    const { page } = ctx;
    const ids = hundred(0);
    await openList(ctx, 'all', 'bulk-000');
    await selectAllMatching(page, 100);
    const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
    // normal, warning and pending can be paused; stopped, failed and finished resumed.
    await bar.getByRole('button', { name: 'Pause 96' }).waitFor();
    await bar.getByRole('button', { name: 'Resume 4' }).waitFor();
    await bar.getByRole('button', { name: 'Delete 100' }).waitFor();

    await bar.getByRole('button', { name: 'Pause 96' }).click();
    const dialog = bulkDialog(page);
    const skipped = (await dialog.getByLabel('Skipped changefeeds and why').textContent()).split('\n');
    assert.deepEqual(skipped, [
      'bulk-00007 — already paused (stopped)',
      'bulk-00013 — failed: only normal, warning or pending changefeeds can be paused',
      'bulk-00057 — already paused (stopped)',
      'bulk-00071 — finished: only normal, warning or pending changefeeds can be paused',
    ]);
    // Escape closes it and sends nothing, also with the focus outside the dialog (on the body).
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await rawState(ctx, ids[0]), 'normal');

    // Resume the four, with an overwrite checkpoint TSO the dialog warns about.
    await bar.getByRole('button', { name: 'Resume 4' }).click();
    const overwrite = (BigInt(Date.now() - 60_000) << 18n).toString();
    await dialog.getByLabel(/Overwrite checkpoint TSO/).fill(overwrite);
    await dialog.getByRole('alert').filter({ hasText: `checkpoint and start_ts become ${overwrite}` }).waitFor();
    const resumeSkipped = (await dialog.getByLabel('Skipped changefeeds and why').textContent()).split('\n');
    assert.equal(resumeSkipped.length, 96);
    assert.ok(resumeSkipped.includes('bulk-00029 — already running (warning)'));
    await dialog.getByRole('button', { name: 'Resume 4 changefeeds' }).click();
    await report(page, 'Resume').getByText('Resume: 4 done · 0 failed · 0 not sent').waitFor();
    for (const id of ['bulk-00007', 'bulk-00013', 'bulk-00057', 'bulk-00071']) {
      const raw = await (await fetch(`${ctx.sim.url}/sim/changefeeds/${id}`)).text();
      assert.match(raw, new RegExp(`"start_ts":${overwrite}\\b`), `${id} resumed from the TSO, digit for digit`);
    }
    assert.deepEqual(ctx.errors, []);
  });

  test('a few changefeeds fail: the report shows TiCDC\'s code and message, and retrying the failed ones finishes it', async () => {
    const { page } = ctx;
    await ctx.simPost('/sim/changefeeds/bulk-00203/reject', { code: 'CDC:ErrEtcdTryAgain', times: 1 });
    await ctx.simPost('/sim/changefeeds/bulk-00205/reject', {
      code: 'CDC:ErrChangefeedUpdateRefused', message: '[CDC:ErrChangefeedUpdateRefused]owner is busy', times: 1,
    });
    await openList(ctx, 'all', 'bulk-002');
    await selectAllMatching(page, 100);
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Pause 96' }).click();
    await bulkDialog(page).getByRole('button', { name: 'Pause 96 changefeeds' }).click();
    const rep = report(page, 'Pause');
    await rep.getByText('Pause: 94 done · 2 failed · 0 not sent').waitFor({ timeout: 30_000 });
    const failures = rep.getByRole('table', { name: 'Failed changefeeds' });
    const rows = await failures.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /bulk-00203\s+CDC:ErrEtcdTryAgain\s+simulated refusal of changefeed bulk-00203/);
    assert.match(rows[1], /bulk-00205\s+CDC:ErrChangefeedUpdateRefused\s+owner is busy/);
    assert.equal(await rawState(ctx, 'bulk-00203'), 'normal', 'the refused one was not paused');

    await rep.getByRole('button', { name: 'Retry the 2 failed' }).click();
    await report(page, 'Pause').getByText('Pause: 2 done · 0 failed · 0 not sent').waitFor();
    assert.equal(await rawState(ctx, 'bulk-00203'), 'stopped');
    assert.equal(await rawState(ctx, 'bulk-00205'), 'stopped');
    assert.deepEqual(ctx.errors, []);
  });

  test('delete asks for the typed count, keeps each tombstone, and the rows go', async () => {
    const { page } = ctx;
    await openList(ctx, 'all', 'bulk-0030');
    await page.getByRole('checkbox', { name: 'Select bulk-00301' }).check();
    // Shift-click takes the range from the last row ticked, in the order shown.
    await page.getByRole('checkbox', { name: 'Select bulk-00305' }).click({ modifiers: ['Shift'] });
    await page.getByText('5 selected', { exact: true }).waitFor();
    const ids = ['bulk-00301', 'bulk-00302', 'bulk-00303', 'bulk-00304', 'bulk-00305'];
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete 5' }).click();
    const dialog = bulkDialog(page);
    assert.deepEqual((await dialog.getByLabel('Changefeeds to delete').textContent()).split('\n'), ids);
    const go = dialog.getByRole('button', { name: 'Delete 5 changefeeds' });
    assert.ok(await go.isDisabled(), 'nothing is deleted before the count is typed');
    await dialog.getByLabel('Type 5 to confirm').fill('4');
    assert.ok(await go.isDisabled());
    await dialog.getByLabel('Type 5 to confirm').fill('5');
    const checkpoints = {};
    for (const id of ids) checkpoints[id] = (await (await fetch(`${ctx.sim.url}/sim/changefeeds/${id}`)).text()).match(/"checkpoint_ts":(\d+)/)[1];
    await go.click();
    await report(page, 'Delete').getByText('Delete: 5 done · 0 failed · 0 not sent').waitFor();
    for (const id of ids) assert.equal(await rawState(ctx, id), 'gone', id);
    const tombs = page.getByRole('region', { name: 'Deleted in this tab' });
    await tombs.waitFor();
    const text = await tombs.textContent();
    for (const id of ids) {
      assert.ok(text.includes(id), `tombstone of ${id}`);
    }
    // The stored checkpoint (frozen for stopped ones, moving for normal ones) at most a few
    // seconds older than the one kept: its digits are exact TSOs above 2^53.
    const kept = [...text.matchAll(/(bulk-003\d\d) · checkpoint TSO (\d+)/g)];
    assert.equal(kept.length, 5);
    for (const [, id, ts] of kept) assert.ok(BigInt(ts) >= BigInt(checkpoints[id]), `${id}: ${ts} >= ${checkpoints[id]}`);
    assert.match(text, /sink (blackhole:\/\/|kafka:|mysql:\/\/bulk:xxxxx@)/);
    await until('deleted rows gone', async () => (await page.locator('tbody tr.cf-row').count()) === 5);
    assert.deepEqual(ctx.errors, []);
  });

  test('keyboard: space toggles the focused row; the selection survives re-sorting and a poll; clear', async () => {
    const { page } = ctx;
    await openList(ctx, 'all', 'bulk-0031');
    await page.getByRole('link', { name: 'bulk-00312', exact: true }).focus();
    await page.keyboard.press('Space');
    await page.getByText('1 selected', { exact: true }).waitFor();
    assert.ok(await page.getByRole('checkbox', { name: 'Select bulk-00312' }).isChecked());
    await page.getByRole('checkbox', { name: 'Select bulk-00318' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('2 selected', { exact: true }).waitFor();
    // Re-sort by id descending, then wait for a poll: both stay selected.
    await page.getByRole('button', { name: 'Changefeed', exact: true }).click();
    await until('sorted descending', async () => (await page.locator('tbody tr.cf-row th').first().textContent()) === 'bulk-00319');
    const polls = (await ctx.simGet('/sim/requests')).total;
    await until('a poll', async () => (await ctx.simGet('/sim/requests')).total > polls + 2);
    assert.ok(await page.getByRole('checkbox', { name: 'Select bulk-00312' }).isChecked());
    assert.ok(await page.getByRole('checkbox', { name: 'Select bulk-00318' }).isChecked());
    assert.ok(!(await page.getByRole('checkbox', { name: 'Select bulk-00313' }).isChecked()));
    await page.getByRole('button', { name: 'Clear' }).click();
    await until('cleared', async () => (await page.getByText(/\d+ selected$/).count()) === 0);
    assert.ok(!(await page.getByRole('checkbox', { name: 'Select bulk-00312' }).isChecked()));
    assert.deepEqual(ctx.errors, []);
  });
});

describe('bulk actions with TiCDC asking for credentials', () => {
  let ctx;
  before(async () => { ctx = await setup({ simArgs: ['--changefeeds', '30', '--auth', 'admin:secret', '--quiet'] }); });
  after(() => ctx?.close());

  test('a 401 on the first request asks for credentials once for the whole batch', async () => {
    const { page } = ctx;
    await openList(ctx, 'normal', '');
    const n = Array.from({ length: 30 }, (_, i) => i).filter((i) => stateOfIndex(i) === 'normal').length;
    await selectAllMatching(page, n);
    await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: `Pause ${n}` }).click();
    await bulkDialog(page).getByRole('button', { name: `Pause ${n} changefeeds` }).click();
    const signIn = page.getByRole('dialog', { name: 'Sign in to TiCDC' });
    await signIn.waitFor();
    await signIn.getByLabel('User').fill('admin');
    await signIn.getByLabel('Password').fill('secret');
    await signIn.getByRole('button', { name: 'Sign in and retry' }).click();
    await report(page, 'Pause').getByText(`Pause: ${n} done · 0 failed · 0 not sent`).waitFor({ timeout: 30_000 });
    const pauses = (await ctx.simGet('/sim/requests')).requests.filter((r) => r.path.endsWith('/pause'));
    assert.deepEqual(pauses.filter((r) => r.status === 401).length, 1, 'one 401, one prompt');
    assert.equal(pauses.filter((r) => r.status === 200).length, n);
    assert.equal(await page.getByRole('dialog', { name: 'Sign in to TiCDC' }).count(), 0);
    assert.deepEqual(ctx.errors, []);
  });
});

describe('bulk progress and cancel', () => {
  let ctx;
  before(async () => { ctx = await setup({ simArgs: ['--changefeeds', '100', '--quiet'] }); });
  after(() => ctx?.close());

  test('the progress bar counts while the batch runs, and cancel stops sending new ones', async () => {
    const { page } = ctx;
    const want = hundred(0).filter((_, i) => stateOfIndex(i) === 'normal');
    await openList(ctx, 'normal', '');
    await selectAllMatching(page, want.length);
    // Slow answers and one request at a time: the batch takes long enough to watch and stop.
    await ctx.simPost('/sim/delay', { ms: 250 });
    await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: `Pause ${want.length}` }).click();
    const dialog = bulkDialog(page);
    await dialog.getByLabel('Requests at a time').selectOption('1');
    await dialog.getByRole('button', { name: `Pause ${want.length} changefeeds` }).click();

    const progress = page.getByRole('region', { name: 'Pause progress' });
    const bar = progress.getByRole('progressbar', { name: 'Pause changefeeds' });
    await bar.waitFor();
    assert.equal(await bar.getAttribute('aria-valuemax'), String(want.length));
    await until('a few answered', async () => Number(await bar.getAttribute('aria-valuenow')) >= 3);
    const counts = (await progress.locator('.bulk-progress__counts').innerText()).trim();
    const [, done, failed, remaining] = counts.match(/^(\d+) done · (\d+) failed · (\d+) remaining$/) ?? [];
    assert.ok(done !== undefined, counts);
    assert.equal(Number(failed), 0);
    assert.ok(Number(done) >= 3 && Number(done) + Number(remaining) === want.length, counts);
    await ctx.screenshot('bulk-progress');

    await progress.getByRole('button', { name: 'Cancel' }).click();
    const rep = report(page, 'Pause');
    const summary = rep.getByText(/^Pause: \d+ done · 0 failed · \d+ not sent$/);
    await summary.waitFor({ timeout: 10_000 });
    const [, sentDone, notSent] = (await summary.innerText()).match(/^Pause: (\d+) done · 0 failed · (\d+) not sent$/);
    assert.equal(Number(sentDone) + Number(notSent), want.length);
    assert.ok(Number(notSent) > 0, 'cancel left some unsent');
    await ctx.simPost('/sim/delay', { ms: 0 });
    // TiCDC saw exactly the ones reported done, and nothing after the cancel.
    const pauses = (await ctx.simGet('/sim/requests')).requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pause'));
    assert.equal(pauses.length, Number(sentDone));
    const paused = pauses.map((r) => r.path.split('/')[4]);
    assert.deepEqual(paused, want.slice(0, paused.length), 'sent in the list order');
    assert.equal(await rawState(ctx, want[want.length - 1]), 'normal', 'the last one was never sent');
    assert.deepEqual(ctx.errors, []);
  });
});
