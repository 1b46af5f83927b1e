// Hostile-server mode: every page under each kind of misbehaviour a proxy or a
// half-dead node shows — an HTML login page at 200, a truncated body, an empty 200, a JSON
// array where an object belongs, a hung request — set per route with the simulator's
// /sim/misbehave. The user sees what happened in words and can retry, the page keeps its data
// and the form its input, and no wait is unbounded (a hung GET ends after the client's 10 s).
// Also: an error page's markup never reaches a toast, a create whose answer was lost offers to
// look the changefeed up, and dialogs close on Escape and keep focus inside.
//
//   node --test --test-concurrency=1 tests/e2e/hostile.test.mjs   (after trunk build --release)
import { describe, before, after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSection, setup, until } from './harness.mjs';

/** What the user must read for each kind (status and content type are checked too). */
const KINDS = {
  html: /not TiCDC's v2 API: an HTML page titled “Sign in · Corp SSO”.*HTTP 200, text\/html.*It begins: “<!DOCTYPE html>/s,
  truncated: /not TiCDC's v2 API: JSON cut off after \d+ bytes \(HTTP 200, application\/json/,
  empty: /not TiCDC's v2 API: an empty body \(HTTP 200, application\/json/,
  array: /not TiCDC's v2 API: a JSON array where TiCDC's v2 API sends an object/,
};
const TIMEOUT_WORDS = /TiCDC did not answer within 10 s/;
/** A write (POST, PUT) gives up later than a read: TiCDC checks the sink first. */
const WRITE_TIMEOUT_WORDS = /TiCDC did not answer within 30 s/;

let ctx;
let page;
/** /api/ requests in flight in the browser, and the most seen at once, per path pattern. */
let inFlight = new Map();
let maxInFlight = new Map();
const keyOf = (url) => new URL(url).pathname;

async function misbehave(rule) {
  const r = await ctx.simPost('/sim/misbehave', rule);
  assert.equal(r.status, 200, r.text);
}
async function behave() {
  await fetch(`${ctx.sim.url}/sim/misbehave`, { method: 'DELETE' });
}
const alertText = () => page.getByRole('alert').allTextContents().then((t) => t.join(' | '));
const statusText = () => page.locator('.stale').allTextContents().then((t) => t.join(' | '));

/**
 * The keyboard contract of the open dialog: the focus is inside, Tab and Shift+Tab stay
 * inside (and wrap), Escape closes it, and the focus is back on `opener`.
 */
async function checkModal(opener, screenshot) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await until('focus inside the dialog', () => dialog.evaluate((d) => d.contains(document.activeElement)));
  if (screenshot) await ctx.screenshot(screenshot);
  for (let i = 0; i < 6; i += 1) {
    await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), `Tab #${i} stayed inside`);
  }
  for (let i = 0; i < 12; i += 1) await page.keyboard.press('Tab');
  assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'wraps around');
  await page.keyboard.press('Escape');
  await until('dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
  await until('focus back on the opener', () => opener.evaluate((b) => b === document.activeElement));
}

before(async () => {
  ctx = await setup({ simArgs: ['--demo', '--quiet'] });
  page = ctx.page;
  const track = (delta) => (r) => {
    if (!r.url().includes('/api/')) return;
    const k = keyOf(r.url());
    const n = (inFlight.get(k) || 0) + delta;
    inFlight.set(k, n);
    maxInFlight.set(k, Math.max(maxInFlight.get(k) || 0, n));
  };
  page.on('request', track(1));
  page.on('requestfinished', track(-1));
  page.on('requestfailed', track(-1));
});
after(async () => ctx?.close());
afterEach(async () => { await behave(); });

describe('changefeed list', () => {
  test('a first load that is not TiCDC JSON says what arrived, shows no count, and Retry loads', async () => {
    for (const [kind, words] of Object.entries(KINDS)) {
      await misbehave({ path: '/api/v2/changefeeds', method: 'GET', kind });
      await page.goto('about:blank');
      await page.goto(ctx.server.url + '/');
      const alert = page.getByRole('alert').filter({ hasText: 'Could not load changefeeds' });
      await alert.waitFor();
      assert.match(await alert.textContent(), words, kind);
      assert.equal(await page.getByText('in this view').count(), 0, `${kind}: no "0 in this view" next to a failed load`);
      if (kind === 'html') await ctx.screenshot('hostile-list-html');
      await behave();
      await alert.getByRole('button', { name: 'Retry' }).click();
      await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
      assert.match(await page.locator('.cf-status').textContent(), /\d+ in this view/);
    }
  });

  test('a background refresh that fails keeps the rows and says the list is stale, in words', async () => {
    await page.goto(ctx.server.url + '/');
    await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
    for (const [kind, words] of Object.entries(KINDS)) {
      await misbehave({ path: '/api/v2/changefeeds', method: 'GET', kind });
      await until(`stale note for ${kind}`, async () => words.test(await statusText()));
      assert.ok(await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).isVisible(), 'rows kept');
      await behave();
      await until('fresh again', async () => (await page.locator('.stale').count()) === 0);
    }
  });

  test('a hung list request ends after 10 s with the words and a Retry; one request in flight at a time', async () => {
    maxInFlight = new Map();
    inFlight = new Map();
    await misbehave({ path: '/api/v2/changefeeds', method: 'GET', kind: 'hang' });
    await page.goto('about:blank');
    await page.goto(ctx.server.url + '/');
    const t0 = Date.now();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load changefeeds' });
    await alert.waitFor({ timeout: 14_000 });
    const waited = Date.now() - t0;
    assert.ok(waited > 6_000 && waited < 13_500, `gave up after ${waited} ms`);
    assert.match(await alert.textContent(), TIMEOUT_WORDS);
    assert.ok(await page.getByRole('button', { name: 'Refresh' }).isEnabled(), 'not "Refreshing…" forever');
    assert.equal(maxInFlight.get('/api/v2/changefeeds'), 1, 'the poll never stacked requests');
    await behave();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('link', { name: 'orders-to-kafka', exact: true }).waitFor();
  });
});

describe('changefeed list, hung', () => {
  test('a hung background refresh keeps the rows, says so after 10 s, and the poll never stacks requests', async () => {
    await page.goto(ctx.server.url + '/');
    const row = page.getByRole('link', { name: 'orders-to-kafka', exact: true });
    await row.waitFor();
    inFlight = new Map();
    maxInFlight = new Map();
    await misbehave({ path: '/api/v2/changefeeds', method: 'GET', kind: 'hang' });
    const t0 = Date.now();
    await until('stale note with the timeout', async () => TIMEOUT_WORDS.test(await statusText()), { timeout: 25_000 });
    assert.ok(Date.now() - t0 < 22_000, 'within the poll interval plus the 10 s read timeout');
    assert.ok(await row.isVisible(), 'rows kept');
    // Longer than one timeout more: the poll asks again only after each request ended.
    await new Promise((r) => setTimeout(r, 12_000));
    assert.equal(maxInFlight.get('/api/v2/changefeeds'), 1, 'one list request in flight at a time');
    assert.ok(await page.getByRole('button', { name: /^Refresh/ }).count() > 0);
    await behave();
    await until('fresh again', async () => (await page.locator('.stale').count()) === 0, { timeout: 25_000 });
    assert.ok(await row.isVisible());
  });
});

describe('changefeed detail', () => {
  const url = () => `${ctx.server.url}/changefeeds/orders-to-kafka`;

  test('detail and synced status: first loads say what arrived and Retry loads; refresh failures keep the data', async () => {
    for (const [kind, words] of Object.entries(KINDS)) {
      await misbehave({ path: '/api/v2/changefeeds/*', method: 'GET', kind });
      await page.goto(url());
      const alert = page.getByRole('alert').filter({ hasText: 'Could not load changefeed orders-to-kafka' });
      await alert.waitFor();
      assert.match(await alert.textContent(), words, kind);
      await behave();
      await alert.getByRole('button', { name: 'Retry' }).click();
      await page.getByRole('region', { name: 'Overview' }).waitFor();

      // Now the background refresh of the loaded page fails the same way.
      await misbehave({ path: '/api/v2/changefeeds/*', method: 'GET', kind });
      await until(`stale detail for ${kind}`, async () => words.test(await statusText()), { timeout: 12_000 });
      assert.ok(await page.getByRole('region', { name: 'Overview' }).isVisible(), 'data kept');
      await behave();

      // The synced status (its own route).
      await misbehave({ path: '/api/v2/changefeeds/*/synced', method: 'GET', kind });
      await page.goto(url());
      await until(`synced error for ${kind}`, async () => words.test(await alertText()) || words.test(await statusText()), { timeout: 12_000 });
      assert.ok(await page.getByRole('region', { name: 'Overview' }).isVisible(), 'the rest of the page works');
      await behave();
    }
  });

  test('a hung detail: the first load ends after 10 s with a Retry; a hung refresh keeps the page; one request at a time', async () => {
    inFlight = new Map();
    maxInFlight = new Map();
    await misbehave({ path: '/api/v2/changefeeds/*', method: 'GET', kind: 'hang' });
    await page.goto(url());
    const t0 = Date.now();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load changefeed orders-to-kafka' });
    await alert.waitFor({ timeout: 14_000 });
    const waited = Date.now() - t0;
    assert.ok(waited > 6_000 && waited < 13_500, `gave up after ${waited} ms`);
    assert.match(await alert.textContent(), TIMEOUT_WORDS);
    await ctx.screenshot('hostile-detail-timeout');
    await behave();
    await alert.getByRole('button', { name: 'Retry' }).click();
    const overview = page.getByRole('region', { name: 'Overview' });
    await overview.waitFor();

    await misbehave({ path: '/api/v2/changefeeds/*', method: 'GET', kind: 'hang' });
    await until('stale detail with the timeout', async () => TIMEOUT_WORDS.test(await statusText()), { timeout: 25_000 });
    assert.ok(await overview.isVisible(), 'data kept');
    assert.ok(await page.getByRole('button', { name: 'Pause', exact: true }).isVisible(), 'actions kept');
    assert.equal(maxInFlight.get('/api/v2/changefeeds/orders-to-kafka'), 1, 'one detail request in flight at a time');
  });

  test('a hung synced status ends after 10 s with the words', async () => {
    await page.goto(url());
    await page.getByRole('region', { name: 'Overview' }).waitFor();
    inFlight = new Map();
    maxInFlight = new Map();
    await misbehave({ path: '/api/v2/changefeeds/*/synced', method: 'GET', kind: 'hang' });
    await until('synced timeout', async () => TIMEOUT_WORDS.test(await alertText()) || TIMEOUT_WORDS.test(await statusText()), { timeout: 20_000 });
    assert.ok((maxInFlight.get('/api/v2/changefeeds/orders-to-kafka/synced') || 0) <= 1, 'one synced request at a time');
  });

  test('an error page on a write is its status and title in the toast, never markup', async () => {
    await page.goto(url());
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await misbehave({ path: '/api/v2/changefeeds/*/pause', method: 'POST', kind: 'html', status: 502 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const toast = page.locator('.toast').filter({ hasText: '502 Bad Gateway' });
    await toast.waitFor();
    const text = await toast.textContent();
    assert.ok(!text.includes('<'), `no markup in the toast: ${text}`);
    assert.match(text, /an HTML page from a proxy/);
  });

  test('the delete dialog: focus moves in, Tab stays inside, Escape cancels and focus returns', async () => {
    await page.goto(url());
    const del = page.getByRole('button', { name: 'Delete', exact: true });
    await del.click();
    await checkModal(del, 'hostile-dialog');
    const raw = await ctx.simGet('/sim/changefeeds/orders-to-kafka');
    assert.equal(raw.id, 'orders-to-kafka', 'Escape counted as Cancel: nothing deleted');
  });

  test('the bulk confirmation is the same kind of dialog', async () => {
    await page.goto(ctx.server.url + '/');
    await page.getByRole('checkbox', { name: 'Select orders-to-kafka' }).check();
    // Whichever action applies to its state now (an earlier test may have paused it).
    const opener = page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { disabled: false }).first();
    await opener.click();
    await checkModal(opener);
    assert.equal(await page.getByRole('checkbox', { name: 'Select orders-to-kafka' }).isChecked(), true, 'the selection is kept');
  });
});

describe('edit and create forms', () => {
  test('the edit page says it is stale when its refresh fails, and keeps what was typed', async () => {
    await page.goto(`${ctx.server.url}/changefeeds/mysql-replica-dr/edit`);
    const sink = page.getByLabel('Sink URI', { exact: true });
    await sink.waitFor();
    await sink.fill('mysql://root@127.0.0.1:3306/?typed=1');
    for (const [kind, words] of Object.entries({ ...KINDS, hang: TIMEOUT_WORDS })) {
      await misbehave({ path: '/api/v2/changefeeds/*', method: 'GET', kind });
      const note = page.locator('.cfg-stale');
      await note.waitFor({ timeout: 20_000 });
      const text = await note.textContent();
      assert.match(text, words, kind);
      assert.match(text, /“changed on the server” check is not working/);
      assert.equal(await sink.inputValue(), 'mysql://root@127.0.0.1:3306/?typed=1', `${kind}: input kept`);
      if (kind === 'html') await ctx.screenshot('hostile-edit-stale');
      await behave();
      await note.getByRole('button', { name: 'Retry now' }).click().catch(() => {});
      await until('fresh again', async () => (await page.locator('.cfg-stale').count()) === 0, { timeout: 15_000 });
      assert.equal(await sink.inputValue(), 'mysql://root@127.0.0.1:3306/?typed=1');
    }
  });

  test('a create whose answer was lost says the outcome is unknown and looks the changefeed up', async () => {
    for (const kind of ['html', 'truncated', 'empty', 'array']) {
      const id = `lost-${kind}`;
      await page.goto(`${ctx.server.url}/create`);
      await page.getByLabel('Changefeed ID', { exact: true }).fill(id);
      await page.getByLabel('Sink URI', { exact: true }).fill('blackhole://');
      // The create goes through in TiCDC; only its answer is replaced.
      await misbehave({ path: '/api/v2/changefeeds', method: 'POST', kind });
      await page.getByRole('button', { name: 'Create changefeed' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'The outcome is unknown' });
      await alert.waitFor();
      assert.match(await alert.textContent(), KINDS[kind]);
      assert.equal(await page.getByText('TiCDC refused to create').count(), 0);
      assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).inputValue(), id, 'input kept');
      await behave();
      await page.getByRole('button', { name: `Look up changefeed ${id}` }).click();
      await page.waitForURL(new RegExp(`/changefeeds/${id}$`));
    }
  });

  test('a lost create that TiCDC did not carry out: the look-up says so and the form is kept', async () => {
    await page.goto(`${ctx.server.url}/create`);
    await page.getByLabel('Changefeed ID', { exact: true }).fill('never-made');
    await page.getByLabel('Sink URI', { exact: true }).fill('blackhole://');
    // A proxy's 504 page in place of the answer, while TiCDC behind it refused (not ready).
    await ctx.simPost('/sim/ready', { ready: false });
    await misbehave({ path: '/api/v2/changefeeds', method: 'POST', kind: 'html', status: 504 });
    await page.getByRole('button', { name: 'Create changefeed' }).click();
    await page.getByRole('alert').filter({ hasText: 'The outcome is unknown' }).waitFor();
    await behave();
    await ctx.simPost('/sim/ready', { ready: true });
    await page.getByRole('button', { name: 'Look up changefeed never-made' }).click();
    await page.getByText('TiCDC has no changefeed never-made: it was not created').waitFor();
    assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).inputValue(), 'never-made');
  });
});

describe('forms: first loads, hung writes', () => {
  test('the edit page: a first load that is not TiCDC JSON or hangs says so with a Retry that loads the form', async () => {
    for (const [kind, words] of Object.entries({ ...KINDS, hang: TIMEOUT_WORDS })) {
      await misbehave({ path: '/api/v2/changefeeds/*', method: 'GET', kind });
      await page.goto(`${ctx.server.url}/changefeeds/mysql-replica-dr/edit`);
      const alert = page.getByRole('alert').filter({ hasText: 'Could not load the changefeed' });
      await alert.waitFor({ timeout: 14_000 });
      assert.match(await alert.textContent(), words, kind);
      await behave();
      await alert.getByRole('button', { name: 'Retry' }).click();
      await page.getByLabel('Sink URI', { exact: true }).waitFor();
    }
  });

  test('the create page: TiCDC\'s status not arriving says so with a Retry, and the form appears after it', async () => {
    for (const [kind, words] of Object.entries({ ...KINDS, hang: TIMEOUT_WORDS })) {
      await misbehave({ path: '/api/v2/status', method: 'GET', kind });
      await page.goto(`${ctx.server.url}/create`);
      const alert = page.getByRole('alert').filter({ hasText: 'Could not ask TiCDC which release it is' });
      await alert.waitFor({ timeout: 14_000 });
      assert.match(await alert.textContent(), words, kind);
      assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).isVisible(), false, 'no form for an unknown release');
      assert.match(await page.locator('.header__cluster').textContent(), /Cluster: unknown/, `${kind}: the header says it too`);
      await behave();
      await alert.getByRole('button', { name: 'Retry' }).click();
      await page.getByLabel('Changefeed ID', { exact: true }).waitFor();
      await until('header identified', async () => /Cluster: Healthy/.test(await page.locator('.header__cluster').textContent()));
    }
  });

  test('a hung create ends after 30 s: the outcome is unknown, the input kept, and the look-up answers', async () => {
    await page.goto(`${ctx.server.url}/create`);
    await page.getByLabel('Changefeed ID', { exact: true }).fill('lost-hang');
    await page.getByLabel('Sink URI', { exact: true }).fill('blackhole://');
    await misbehave({ path: '/api/v2/changefeeds', method: 'POST', kind: 'hang' });
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Create changefeed' }).click();
    await page.getByRole('button', { name: 'Creating…' }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: 'The outcome is unknown' });
    await alert.waitFor({ timeout: 40_000 });
    const waited = Date.now() - t0;
    assert.ok(waited > 25_000 && waited < 38_000, `gave up after ${waited} ms`);
    assert.match(await alert.textContent(), WRITE_TIMEOUT_WORDS);
    assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).inputValue(), 'lost-hang', 'input kept');
    assert.ok(await page.getByRole('button', { name: 'Create changefeed' }).isEnabled(), 'the form can be sent again');
    await behave();
    await page.getByRole('button', { name: 'Look up changefeed lost-hang' }).click();
    // Either answer is a real one: TiCDC made it (the page opens) or did not (the form stays).
    await until('the look-up answered', async () => /\/changefeeds\/lost-hang$/.test(page.url())
      || (await page.getByText('TiCDC has no changefeed lost-hang: it was not created').count()) > 0);
  });

  test('an update whose answer is lost or hangs says so (not "refused"), keeps the edits, and Retry applies them', async () => {
    const id = 'payments-kafka-avro';
    for (const [kind, words, value] of [['hang', WRITE_TIMEOUT_WORDS, 23456], ['truncated', KINDS.truncated, 34567]]) {
      await page.goto(`${ctx.server.url}/changefeeds/${id}/edit`);
      const apply = page.getByRole('button', { name: 'Apply changes' });
      await apply.waitFor();
      await openSection(page, 'Scheduler');
      const field = page.getByLabel('Region threshold', { exact: true });
      await field.fill(String(value));
      await misbehave({ path: '/api/v2/changefeeds/*', method: 'PUT', kind, times: 1 });
      await apply.click();
      const lost = page.getByRole('alert').filter({ hasText: 'did not arrive as TiCDC\'s' });
      await lost.waitFor({ timeout: 40_000 });
      assert.match(await lost.textContent(), words, kind);
      const where = await page.locator('.cfg-outcome').textContent();
      assert.match(where, /may or may not have saved the new config/, kind);
      assert.doesNotMatch(where, /refused/, kind);
      assert.equal(await page.getByText('TiCDC refused this step').count(), 0);
      assert.equal(await field.inputValue(), String(value), `${kind}: edits kept`);
      if (kind === 'hang') await ctx.screenshot('hostile-update-timeout');
      await page.getByRole('button', { name: 'Retry from the failed step' }).click();
      await page.waitForURL(new RegExp(`/changefeeds/${id}$`));
      const raw = await ctx.simGet(`/sim/changefeeds/${id}`);
      assert.equal(raw.config.scheduler.region_threshold, value, kind);
    }
  });
});

describe('cluster', () => {
  test('captures: first loads say what arrived and Retry loads; refresh failures keep the data; a hang ends', async () => {
    for (const [kind, words] of Object.entries(KINDS)) {
      await misbehave({ path: '/api/v2/captures', method: 'GET', kind });
      await page.goto(`${ctx.server.url}/cluster`);
      const alert = page.getByRole('alert').filter({ hasText: 'Could not load the cluster' });
      await alert.waitFor();
      assert.match(await alert.textContent(), words, kind);
      await behave();
      await alert.getByRole('button', { name: 'Retry' }).click();
      await until('captures shown', async () => (await page.getByRole('alert').filter({ hasText: 'Could not load the cluster' }).count()) === 0);
      await misbehave({ path: '/api/v2/captures', method: 'GET', kind });
      await until(`stale cluster for ${kind}`, async () => words.test(await statusText()), { timeout: 12_000 });
      await behave();
    }
    inFlight = new Map();
    maxInFlight = new Map();
    await misbehave({ path: '/api/v2/captures', method: 'GET', kind: 'hang' });
    await until('cluster timeout', async () => TIMEOUT_WORDS.test(await statusText()), { timeout: 25_000 });
    // Two views poll the captures (this page, and the header's node summary for its address):
    // each keeps one request in flight, however long TiCDC hangs.
    assert.ok(maxInFlight.get('/api/v2/captures') <= 2, `captures in flight at once: ${maxInFlight.get('/api/v2/captures')}`);
    assert.deepEqual(ctx.errors, [], 'no panics');
  });
});
