// Browser tests of the replica-config editor: create through the form and through the JSON
// view (exact u64 TSOs), client-side refusals that send no request, TiCDC's refusal keeping
// the form, and the guided pause → update → resume of a running changefeed with its diff.
// Run after `trunk build --release` and `cargo build -p ticdc-simulator`:
//   node --test --test-concurrency=1 tests/e2e/config.test.mjs
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS, eventually, openSection, setup } from './harness.mjs';

// A real TSO above 2^53: JSON.parse would turn it into 439749918821711900.
const BIG_TSO = '439749918821711875';

let ctx;
let page;

/** A screenshot of what the viewport shows (the form is too long for a legible full page). */
async function viewportShot(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** The requests the simulator saw, oldest first. */
async function requests() {
  return (await ctx.simGet('/sim/requests')).requests;
}

/** Replaces a field's text as a user would (select all, type). */
async function retype(locator, text) {
  await locator.fill('');
  await locator.fill(text);
}

async function gotoCreate(query = '') {
  await page.goto(`${ctx.server.url}/create${query}`);
  await page.getByRole('heading', { name: 'Create changefeed' }).waitFor();
  await page.getByLabel('Changefeed ID', { exact: true }).waitFor();
}

describe('replica-config editor', () => {
  before(async () => {
    ctx = await setup({ simArgs: ['--demo', '--quiet'], viewport: { width: 1280, height: 900 } });
    page = ctx.page;
  });
  after(async () => { await ctx?.close(); });
  beforeEach(async () => { await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' }); });

  test('create through the form, with fields from several sections', async () => {
    await gotoCreate();
    await ctx.screenshot('config-create-top');
    await page.getByLabel('Changefeed ID', { exact: true }).fill('e2e-form');
    await page.getByLabel('Sink URI', { exact: true }).fill('kafka://127.0.0.1:9092/e2e-topic?protocol=canal-json');
    // The live scheme line recognizes the sink.
    await page.getByText('Scheme kafka: Kafka sink.').waitFor();

    await openSection(page, 'Filter');
    await retype(page.getByLabel('Table filter rules', { exact: true }), 'shop.*\nbilling.*');
    await openSection(page, 'Scheduler');
    await retype(page.getByLabel('Region threshold', { exact: true }), '50000');
    await openSection(page, 'Mounter, integrity and synced status');
    await retype(page.getByLabel('Worker number', { exact: true }), '8');
    // The Kafka sub-section comes first and open for a kafka:// sink.
    const sink = await openSection(page, 'Sink');
    await assert.equal(await sink.locator('details.cfg-sub').first().evaluate((d) => d.open), true);
    await retype(sink.getByLabel('Partitions', { exact: true }), '6');
    await page.locator('#cfg-sub-kafka').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await viewportShot('config-create-sink');

    await page.getByRole('button', { name: 'Create changefeed' }).click();
    await page.waitForURL(/\/changefeeds\/e2e-form$/);

    const raw = await ctx.simGet('/sim/changefeeds/e2e-form');
    assert.deepEqual(raw.config.filter.rules, ['shop.*', 'billing.*']);
    assert.equal(raw.config.mounter.worker_num, 8);
    assert.equal(raw.config.scheduler.region_threshold, 50000);
    assert.equal(raw.config.sink.kafka_config.partition_num, 6);
    assert.equal(raw.sink_uri, 'kafka://127.0.0.1:9092/e2e-topic?protocol=canal-json');
    // The whole default config went along (an untouched default is still there).
    assert.equal(raw.config.check_gc_safe_point, true);

    await page.goto(`${ctx.server.url}/`);
    await page.getByRole('link', { name: 'e2e-form', exact: true }).waitFor();
  });

  test('create through the JSON view keeps a TSO above 2^53 exact', async () => {
    await gotoCreate();
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByLabel('ChangefeedConfig (JSON)');
    const body = JSON.parse(await json.inputValue()); // the default config: no big numbers in it
    body.changefeed_id = 'e2e-json';
    body.sink_uri = 'blackhole://';
    body.replica_config.filter = { rules: ['billing.*'], ignore_txn_start_ts: ['__TSO__'] };
    // Written as text so the TSO never passes through a JS number.
    await json.fill(JSON.stringify(body, null, 2).replace('"__TSO__"', BIG_TSO));
    await viewportShot('config-json-view');

    // The form follows the JSON.
    await page.getByRole('tab', { name: 'Form' }).click();
    await openSection(page, 'Filter');
    assert.equal(await page.getByLabel('Table filter rules', { exact: true }).inputValue(), 'billing.*');
    assert.equal(await page.getByLabel('Ignore transactions (start TSOs)', { exact: true }).inputValue(), BIG_TSO);
    assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).inputValue(), 'e2e-json');

    await page.getByRole('button', { name: 'Create changefeed' }).click();
    await page.waitForURL(/\/changefeeds\/e2e-json$/);

    const post = (await requests()).find((r) => r.method === 'POST' && r.path === '/api/v2/changefeeds');
    assert.ok(post, 'the create request was sent');
    assert.match(post.body, new RegExp(`"ignore_txn_start_ts":\\[${BIG_TSO}\\]`));
    const rawText = await (await fetch(`${ctx.sim.url}/sim/changefeeds/e2e-json`)).text();
    assert.ok(rawText.includes(`"ignore_txn_start_ts":[${BIG_TSO}]`), 'stored exactly');
  });

  test('invalid JSON keeps the text and shows where the error is', async () => {
    await gotoCreate();
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByLabel('ChangefeedConfig (JSON)');
    const text = await json.inputValue();
    const broken = text.replace('"memory_quota": 1073741824', '"memory_quota": 1073741824 oops');
    await json.fill(broken);
    await page.getByText(/Line 3, column \d+:/).waitFor();
    assert.equal(await json.inputValue(), broken, 'the text is not clobbered');
    assert.equal(await json.getAttribute('aria-invalid'), 'true');
    // A form edit does not overwrite it either; the user may discard it explicitly.
    await page.getByRole('tab', { name: 'Form' }).click();
    await page.getByLabel('Changefeed ID', { exact: true }).fill('x1');
    await page.getByRole('tab', { name: 'JSON' }).click();
    assert.equal(await json.inputValue(), broken);
    await page.getByRole('button', { name: /Discard my text/ }).click();
    assert.match(await json.inputValue(), /"changefeed_id": "x1"/);
  });

  test('a bad id and a bad sink URI are refused before any request', async () => {
    await gotoCreate();
    const id = page.getByLabel('Changefeed ID', { exact: true });
    const sink = page.getByLabel('Sink URI', { exact: true });
    await id.fill('bad_id!');
    await sink.fill('ftp://x');
    await page.getByRole('button', { name: 'Create changefeed' }).click();

    const summary = page.locator('#cfg-error-summary');
    await summary.getByText('2 problems to fix before submitting').waitFor();
    await assert.equal(await summary.evaluate((el) => el === document.activeElement), true, 'the summary gets the focus');
    for (const [input, text] of [[id, 'invalid changefeed_id: bad_id!'], [sink, 'the sink scheme (ftp) is not supported']]) {
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      const describedBy = (await input.getAttribute('aria-describedby')).split(' ');
      const errorText = await page.locator(`[id="${describedBy[0]}"]`).innerText();
      assert.ok(errorText.includes(text), `${errorText} should mention ${text}`);
    }
    // The summary links to the field.
    await summary.getByRole('button', { name: 'Sink URI' }).click();
    assert.equal(await sink.evaluate((el) => el === document.activeElement), true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await viewportShot('config-validation-errors');

    // A field deep in a closed section: the summary opens it.
    await id.fill('good-id');
    await sink.fill('blackhole://');
    await openSection(page, 'Sink');
    await page.getByLabel('Encoder concurrency', { exact: true }).fill('-1');
    await page.locator('#cfg-section-sink > summary').click(); // close it again
    await page.getByRole('button', { name: 'Create changefeed' }).click();
    await summary.getByRole('button', { name: 'Sink › Encoder concurrency' }).click();
    assert.equal(await page.getByLabel('Encoder concurrency', { exact: true }).isVisible(), true);

    const posts = (await requests()).filter((r) => r.method === 'POST' && r.path === '/api/v2/changefeeds');
    assert.equal(posts.length, 0, 'no create request was sent');
  });

  test("an existing id shows TiCDC's error code and keeps what was typed", async () => {
    await gotoCreate();
    await page.getByLabel('Changefeed ID', { exact: true }).fill('orders-to-kafka');
    await page.getByLabel('Sink URI', { exact: true }).fill('blackhole://');
    await openSection(page, 'Mounter, integrity and synced status');
    await retype(page.getByLabel('Worker number', { exact: true }), '4');
    await page.getByRole('button', { name: 'Create changefeed' }).click();

    const alert = page.locator('#cfg-server-error');
    await alert.getByText('CDC:ErrChangeFeedAlreadyExists').waitFor();
    await alert.getByText(/changefeed already exists/).waitFor();
    assert.match(page.url(), /\/create$/);
    assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).inputValue(), 'orders-to-kafka');
    assert.equal(await page.getByLabel('Sink URI', { exact: true }).inputValue(), 'blackhole://');
    assert.equal(await page.getByLabel('Worker number', { exact: true }).inputValue(), '4');
  });

  test('update a running changefeed: diff, then pause → update → resume', async () => {
    const id = 'analytics-blackhole';
    await page.goto(`${ctx.server.url}/changefeeds/${id}/edit`);
    await page.getByRole('heading', { name: `Edit changefeed ${id}` }).waitFor();
    const apply = page.getByRole('button', { name: 'Pause, apply and resume' });
    await apply.waitFor();
    assert.equal(await apply.isDisabled(), true, 'no changes: nothing to apply');
    assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).getAttribute('readonly'), '');

    await openSection(page, 'Mounter, integrity and synced status');
    await retype(page.getByLabel('Worker number', { exact: true }), '7');
    await openSection(page, 'Filter');
    await retype(page.getByLabel('Table filter rules', { exact: true }), 'analytics.*\n!analytics.tmp_*');

    const diff = page.getByRole('list', { name: 'Changes' });
    const item = diff.getByRole('listitem').filter({ hasText: 'mounter.worker_num' });
    await item.waitFor();
    assert.match(await item.innerText(), /16\s*→\s*7/);
    assert.ok((await diff.innerText()).includes('filter.rules'));
    await page.locator('#cfg-review').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await viewportShot('config-update-diff');

    await apply.click();
    await page.waitForURL(new RegExp(`/changefeeds/${id}$`), { timeout: 20000 });

    const info = await eventually(async () => {
      const r = await (await fetch(`${ctx.sim.url}/api/v2/changefeeds/${id}`)).json();
      return r.state === 'normal' && r.config.mounter.worker_num === 7 ? r : null;
    });
    assert.deepEqual(info.config.filter.rules, ['analytics.*', '!analytics.tmp_*']);

    const log = (await requests()).filter((r) => r.method !== 'GET' && r.path.startsWith('/api/v2/changefeeds'));
    const order = log.map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(order, [
      `POST /api/v2/changefeeds/${id}/pause`,
      `PUT /api/v2/changefeeds/${id}`,
      `POST /api/v2/changefeeds/${id}/resume`,
    ]);
    const put = JSON.parse(log[1].body); // no TSOs above 2^53 in this config
    assert.equal(put.sink_uri, '', 'the unchanged sink is not sent back');
    assert.equal(put.replica_config.check_gc_safe_point, true, 'the full config is sent');
    assert.equal(log[2].body, '{}');

    // The changefeed's timeline has the three steps, the update with what it changed.
    const timeline = page.getByRole('list', { name: 'Timeline, newest first' }).getByRole('listitem');
    const ops = await eventually(async () => {
      const t = (await timeline.allTextContents()).filter((x) => x.includes('from this console'));
      return t.length >= 3 ? t : null;
    });
    assert.match(ops[0], /Resume from this console — accepted by TiCDC$/);
    assert.match(ops[1], /Update from this console \(2 fields changed: replica_config\.filter\.rules, replica_config\.mounter\.worker_num\) — accepted by TiCDC$/);
    assert.match(ops[2], /Pause from this console — accepted by TiCDC$/);
  });

  test('a finished changefeed cannot be updated; a stopped one is applied directly', async () => {
    await page.goto(`${ctx.server.url}/changefeeds/backfill-2024q4/edit`);
    await page.getByText(/This changefeed is finished/).waitFor();
    assert.equal(await page.getByRole('button', { name: /apply/i }).filter({ hasText: /^Apply|Pause/ }).count(), 0);

    const id = 'payments-kafka-avro';
    await page.goto(`${ctx.server.url}/changefeeds/${id}/edit`);
    const apply = page.getByRole('button', { name: 'Apply changes' });
    await apply.waitFor();
    await openSection(page, 'Scheduler');
    await retype(page.getByLabel('Region threshold', { exact: true }), '12345');
    await apply.click();
    await page.waitForURL(new RegExp(`/changefeeds/${id}$`));
    const raw = await ctx.simGet(`/sim/changefeeds/${id}`);
    assert.equal(raw.config.scheduler.region_threshold, 12345);
    assert.equal(raw.state, 'stopped');
    const writes = (await requests()).filter((r) => r.method !== 'GET' && r.path.startsWith('/api/v2/changefeeds')).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(writes, [`PUT /api/v2/changefeeds/${id}`]);
  });
});
