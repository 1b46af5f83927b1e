// Browser tests of `cdc cli` files: import a file into the create form and submit it (the
// simulator stores what the file set, the TSO above 2^53 exact), import into the edit form
// and apply it through the diff, export from the changefeed page (the downloaded <id>.toml
// carries the file's settings and no secret; the command lines name it), and a file with an
// unknown key or a bad value shows the line and leaves the form as it was.
// Run after `trunk build --release` and `cargo build -p ticdc-simulator`:
//   node --test --test-concurrency=1 tests/e2e/clifile.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, eventually, openSection, setup } from './harness.mjs';

/** A file of the shared facts, read in place: `../shared` beside the repository, or further up. */
function sharedFile(rel) {
  for (let dir = path.dirname(ROOT); ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'shared', rel);
    if (fs.existsSync(p)) return fs.readFileSync(p, 'utf8');
    if (path.dirname(dir) === dir) throw new Error(`shared/${rel} not found above ${ROOT}`);
  }
}

// A real TSO above 2^53: a JS number would round it to 439749918821711900.
const BIG_TSO = '439749918821711875';

// Written the way the console's export writes it, so the export can be compared line by line.
const FILE = `[mounter]
worker-num = 3

[filter]
rules = ["shop.*", "!shop.tmp_*"]
ignore-txn-start-ts = [${BIG_TSO}]

[sink]
encoder-concurrency = 4
`;
const SECRET = 'hunter2-e2e';

let ctx;
let page;

async function gotoCreate() {
  await page.goto(`${ctx.server.url}/create`);
  await page.getByRole('heading', { name: 'Create changefeed' }).waitFor();
  await page.getByLabel('Changefeed ID', { exact: true }).waitFor();
}

describe('cdc cli files', () => {
  before(async () => {
    ctx = await setup({ simArgs: ['--demo', '--quiet'], viewport: { width: 1280, height: 900 } });
    page = ctx.page;
  });
  after(async () => { await ctx?.close(); });

  test('import a file into the create form, submit, and TiCDC stores what it set', async () => {
    await gotoCreate();
    await page.getByLabel('Changefeed ID', { exact: true }).fill('e2e-toml');
    await page.getByLabel('Sink URI', { exact: true }).fill('blackhole://');
    const file = `${FILE}\n[sink.kafka-config]\nsasl-user = "alice"\nsasl-password = "${SECRET}"\n`;
    await page.locator('#cfg-import-file').setInputFiles({ name: 'orders.toml', mimeType: 'application/toml', buffer: Buffer.from(file) });
    const result = page.locator('#cfg-import-result');
    await result.waitFor();
    assert.match(await result.innerText(), /Imported orders\.toml: \d+ changes to the form/);
    assert.match(await result.innerText(), /mounter\.worker_num\s*16\s*→\s*3/);
    // The form shows it; the id and sink typed before stay (they are not in a config file).
    await openSection(page, 'Mounter, integrity and synced status');
    assert.equal(await page.getByLabel('Worker number', { exact: true }).inputValue(), '3');
    await openSection(page, 'Filter');
    assert.equal(await page.getByLabel('Ignore transactions (start TSOs)', { exact: true }).inputValue(), BIG_TSO);
    assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).inputValue(), 'e2e-toml');
    // Nothing was sent yet.
    const before = (await ctx.simGet('/sim/requests')).requests.filter((r) => r.method === 'POST');
    assert.equal(before.length, 0);
    await ctx.screenshot('clifile-create-imported');

    await page.getByRole('button', { name: 'Create changefeed' }).click();
    await page.waitForURL(/\/changefeeds\/e2e-toml$/);
    const rawText = await (await fetch(`${ctx.sim.url}/sim/changefeeds/e2e-toml`)).text();
    assert.ok(rawText.includes(`"ignore_txn_start_ts":[${BIG_TSO}]`), 'the TSO is stored exactly');
    const raw = JSON.parse(rawText);
    assert.equal(raw.config.mounter.worker_num, 3);
    assert.deepEqual(raw.config.filter.rules, ['shop.*', '!shop.tmp_*']);
    assert.equal(raw.config.sink.encoder_concurrency, 4);
    assert.equal(raw.config.sink.kafka_config.sasl_user, 'alice');
    // Laid onto TiCDC's defaults: an untouched default is there.
    assert.equal(raw.config.check_gc_safe_point, true);
  });

  test('export from the changefeed page: the file comes back, without the secret', async () => {
    await page.goto(`${ctx.server.url}/changefeeds/e2e-toml`);
    const download = page.locator('#cfg-export-toml-download');
    await download.waitFor();
    assert.equal(await download.innerText(), 'Download e2e-toml.toml');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.equal(file.suggestedFilename(), 'e2e-toml.toml');
    const text = fs.readFileSync(await file.path(), 'utf8');
    for (const line of FILE.split('\n').filter((l) => l.trim())) {
      assert.ok(text.includes(`${line}\n`), `${line} in\n${text}`);
    }
    assert.ok(text.includes('sasl-user = "alice"\n'), text);
    assert.ok(!text.includes(SECRET), `the secret was written:\n${text}`);
    assert.match(text, /# sasl-password = "" {2}# secret left out: fill in the Kafka SASL password/);
    // The page's preview is the same file.
    assert.equal(await page.locator('#cfg-export-toml').textContent(), text);
    // JSON export: the same settings, the secret replaced.
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#cfg-export-json-download').click()]);
    assert.equal(json.suggestedFilename(), 'e2e-toml.json');
    const jsonText = fs.readFileSync(await json.path(), 'utf8');
    assert.ok(jsonText.includes(`"ignore_txn_start_ts": [\n      ${BIG_TSO}\n    ]`), jsonText);
    assert.ok(!jsonText.includes(SECRET), jsonText);
    // The command lines name the file and the changefeed.
    const update = await page.locator('#cfg-cli-command-0').textContent();
    assert.match(update, /^cdc cli changefeed update \\\n {2}--server=http:\/\/\S+ \\\n/);
    assert.ok(update.includes('--changefeed-id=e2e-toml') && update.includes('--config=e2e-toml.toml'), update);
    const create = await page.locator('#cfg-cli-command-4').textContent();
    assert.ok(create.startsWith('cdc cli changefeed create') && create.includes("--sink-uri=blackhole://"), create);
    // "Everything" writes the defaults too.
    await page.locator('#cfg-export-everything').check();
    await eventually(async () => (await page.locator('#cfg-export-toml').textContent()).includes('memory-quota = 1073741824'));
    await page.locator('#cfg-export-toml').evaluate((el) => el.closest('details').open = true);
    await ctx.screenshot('clifile-detail-export');
  });

  test('an unknown key and a bad value show their line and keep the form', async () => {
    await gotoCreate();
    await page.getByLabel('Changefeed ID', { exact: true }).fill('keep-me');
    await openSection(page, 'Mounter, integrity and synced status');
    await page.getByLabel('Worker number', { exact: true }).fill('9');
    const paste = async (text) => {
      await page.locator('#cfg-import-text').fill(text);
      await page.locator('#cfg-import-paste').click();
      const errors = page.locator('#cfg-import-errors');
      await errors.waitFor();
      return errors.innerText();
    };
    const unknown = await paste('[sink]\nprotocol = "canal-json"\nencoder-concurency = 4\n');
    assert.match(unknown, /line 3: `sink\.encoder-concurency`: unknown key/);
    assert.match(unknown, /Nothing in the form was changed/);
    const bad = await paste('[mounter]\nworker-num = "many"\n');
    assert.match(bad, /line 2: `mounter\.worker-num`: expected an integer, found a string/);
    // The v6.5 docs example still sets enable-old-value: named at its line.
    const old = await paste(sharedFile('ticdc/fixtures/docs-changefeed-v6.5.toml'));
    assert.match(old, /line 19: `enable-old-value`: unknown key/);
    await ctx.screenshot('clifile-import-errors');
    assert.equal(await page.getByLabel('Changefeed ID', { exact: true }).inputValue(), 'keep-me');
    assert.equal(await page.getByLabel('Worker number', { exact: true }).inputValue(), '9');
  });

  test('import into the edit form: the diff shows it, apply sends it', async () => {
    const id = 'analytics-blackhole';
    await page.goto(`${ctx.server.url}/changefeeds/${id}/edit`);
    await page.getByRole('heading', { name: `Edit changefeed ${id}` }).waitFor();
    const apply = page.getByRole('button', { name: 'Pause, apply and resume' });
    await apply.waitFor();
    const current = (await (await fetch(`${ctx.sim.url}/api/v2/changefeeds/${id}`)).json()).config;
    await page.locator('#cfg-import-text').fill('[mounter]\nworker-num = 5\n[sink]\nencoder-concurrency = 6\n');
    await page.locator('#cfg-import-paste').click();
    await page.locator('#cfg-import-result').waitFor();
    const diff = page.locator('#cfg-review').getByRole('list', { name: 'Changes' });
    const item = diff.getByRole('listitem').filter({ hasText: 'mounter.worker_num' });
    await item.waitFor();
    assert.match(await item.innerText(), new RegExp(`${current.mounter.worker_num}\\s*→\\s*5`));
    assert.ok((await diff.innerText()).includes('sink.encoder_concurrency'));
    // The update's command line names the file.
    assert.ok((await page.locator('#cfg-cli-command-0').textContent()).includes(`--changefeed-id=${id}`));
    await apply.click();
    await page.waitForURL(new RegExp(`/changefeeds/${id}$`), { timeout: 20000 });
    const info = await eventually(async () => {
      const r = await (await fetch(`${ctx.sim.url}/api/v2/changefeeds/${id}`)).json();
      return r.config.mounter.worker_num === 5 ? r : null;
    }, 15000);
    assert.equal(info.config.sink.encoder_concurrency, 6);
    // Tables merged: what the file did not set is as it was.
    assert.deepEqual(info.config.filter, current.filter);
  });
});

describe('cdc cli files against classic TiCDC v8.5', () => {
  let ctx85;
  before(async () => {
    ctx85 = await setup({ simArgs: ['--demo', '--quiet', '--release', 'classic-v8.5'] });
  });
  after(async () => { await ctx85?.close(); });

  test('a key this release does not have is reported, not sent', async () => {
    const p = ctx85.page;
    await p.goto(`${ctx85.server.url}/create`);
    await p.getByLabel('Changefeed ID', { exact: true }).waitFor();
    // The console identifies the server from /api/v2/status before the import.
    await eventually(async () => (await ctx85.simGet('/sim/requests')).requests.some((r) => r.path === '/api/v2/status'));
    await p.getByLabel('Changefeed ID', { exact: true }).fill('e2e-v85');
    await p.getByLabel('Sink URI', { exact: true }).fill('blackhole://');
    await p.locator('#cfg-import-text').fill('[sink.csv]\noutput-field-header = true\ninclude-commit-ts = true\n');
    await p.locator('#cfg-import-paste').click();
    const result = p.locator('#cfg-import-result');
    await result.waitFor();
    assert.match(await result.innerText(), /sink\.csv\.output_field_header: not sent: the connected TiCDC \(capabilities of classic v8\.5/);
    await p.getByRole('button', { name: 'Create changefeed' }).click();
    await p.waitForURL(/\/changefeeds\/e2e-v85$/);
    const post = (await ctx85.simGet('/sim/requests')).requests.find((r) => r.method === 'POST' && r.path === '/api/v2/changefeeds');
    assert.ok(post && !post.body.includes('output_field_header'), post?.body);
    const raw = await ctx85.simGet('/sim/changefeeds/e2e-v85');
    assert.equal(raw.config.sink.csv.include_commit_ts, true);
  });
});

describe('cdc cli files against new-architecture TiCDC v26.3.4', () => {
  let ctxNew;
  before(async () => {
    ctxNew = await setup({ simArgs: ['--demo', '--quiet', '--release', 'new-v26.3.4'] });
  });
  after(async () => { await ctxNew?.close(); });

  test('a file dropped on the form is laid onto this release\'s defaults, and the export compares with them', async () => {
    const p = ctxNew.page;
    await p.goto(`${ctxNew.server.url}/create`);
    const idField = p.getByLabel('Changefeed ID', { exact: true });
    await idField.waitFor();
    await idField.fill('e2e-drop');
    await p.getByLabel('Sink URI', { exact: true }).fill('blackhole://');
    // Dropped on the sink URI field, not on the import card: anywhere on the page imports it
    // (the browser would otherwise open the file in place of the form).
    const dt = await p.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], 'dropped.toml', { type: 'application/toml' }));
      return d;
    }, '[mounter]\nworker-num = 7\n');
    const target = p.getByLabel('Sink URI', { exact: true });
    await target.dispatchEvent('dragover', { dataTransfer: dt });
    await p.getByRole('status').filter({ hasText: 'Drop the file to import it into the form' }).waitFor();
    await ctxNew.screenshot('clifile-drop-veil');
    await target.dispatchEvent('drop', { dataTransfer: dt });
    const result = p.locator('#cfg-import-result');
    await result.waitFor();
    assert.match(await result.innerText(), /Imported dropped\.toml: 1 change to the form/);
    assert.equal(await p.getByText('Drop the file to import it into the form').count(), 0, 'the veil is gone');
    assert.equal(await idField.inputValue(), 'e2e-drop', 'the typed id stays');
    // "Only what differs" compares with v26.3.4's defaults: the file is its one setting.
    const exported = await p.locator('#cfg-export-toml').textContent();
    assert.match(exported, /\[mounter\]\nworker-num = 7\n/);
    assert.ok(!exported.includes('region-threshold'), exported);
    await p.getByRole('button', { name: 'Create changefeed' }).click();
    await p.waitForURL(/\/changefeeds\/e2e-drop$/);
    const post = (await ctxNew.simGet('/sim/requests')).requests.find((r) => r.method === 'POST' && r.path.startsWith('/api/v2/changefeeds'));
    const sent = JSON.parse(post.body).replica_config;
    assert.equal(sent.mounter.worker_num, 7);
    // v26.3.4's own default, not classic's 100000.
    assert.equal(sent.scheduler.region_threshold, 10000);
  });
});
