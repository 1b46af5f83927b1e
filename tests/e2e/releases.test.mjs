// Release-aware editor: against every simulated release line, a changefeed created and updated
// through the form reaches TiCDC under the key that release reads (asserted from the
// simulator's stored config, not from the UI), the create starts from that release's
// defaults, nothing the release lacks is sent, and the header says which TiCDC it is.
// Run after `trunk build --release` and `cargo build -p ticdc-simulator`:
//   node --test --test-concurrency=1 tests/e2e/releases.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setup } from './harness.mjs';

/** What differs per line (RELEASES.md; src/api/release.rs, simulator/src/release.rs). */
const LINES = [
  { release: 'classic-v8.5', header: 'TiCDC v8.5.2 · classic', advance: 'advance_timeout', other: 'advance_timeout_in_sec',
    bootstrap: 'send-all-bootstrap-at-start', regionDefault: 100000, performance: false, target: false },
  { release: 'classic-v26.3', header: 'TiCDC v26.3.3 · classic', advance: 'advance_timeout', other: 'advance_timeout_in_sec',
    bootstrap: 'send-all-bootstrap-at-start', regionDefault: 100000, performance: false, target: false },
  { release: 'new-v8.5.7', header: 'TiCDC v8.5.7 · new architecture', advance: 'advance_timeout', other: 'advance_timeout_in_sec',
    bootstrap: 'send-all-bootstrap-at-start', regionDefault: 10000, performance: false, target: true },
  { release: 'new-v26.3.4', header: 'TiCDC v26.3.4 · new architecture', advance: 'advance_timeout', other: 'advance_timeout_in_sec',
    bootstrap: 'send-all-bootstrap-at-start', regionDefault: 10000, performance: false, target: false },
  { release: 'new-master', header: 'TiCDC v8.5.4-nextgen.202510.5-368-gb813e76f9 · new architecture', advance: 'advance_timeout_in_sec',
    other: 'advance_timeout', bootstrap: 'send_all_bootstrap_at_start', regionDefault: 10000, performance: true, target: true },
];

/** Opens the <details> section whose heading is `name` (no-op when open). */
async function openSection(page, name) {
  const section = page.locator('details').filter({ has: page.getByRole('heading', { name, exact: true }) }).first();
  if (!(await section.evaluate((d) => d.open))) await section.locator('summary').first().click();
  return section;
}

async function eventually(fn, ms = 10000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    if (Date.now() > end) throw last ?? new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const line of LINES) {
  describe(`release ${line.release}`, () => {
    let ctx;
    let page;
    before(async () => {
      ctx = await setup({ simArgs: ['--release', line.release, '--quiet'], viewport: { width: 1280, height: 900 } });
      page = ctx.page;
    });
    after(async () => { await ctx?.close(); });

    test('the header and the cluster page say which TiCDC this is', async () => {
      await page.goto(`${ctx.server.url}/`);
      await page.locator('.header__server', { hasText: line.header }).waitFor();
      await page.goto(`${ctx.server.url}/cluster`);
      await page.locator('#node-server', { hasText: line.header }).waitFor();
      assert.match(await page.locator('#node-capabilities').innerText(), /^capabilities of (classic|new architecture) /);
    });

    test('create and update through the form reach the key this release reads', async () => {
      await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
      await page.goto(`${ctx.server.url}/create`);
      await page.getByLabel('Changefeed ID', { exact: true }).waitFor();
      await page.getByLabel('Changefeed ID', { exact: true }).fill('rel-cf');
      await page.getByLabel('Sink URI', { exact: true }).fill('kafka://127.0.0.1:9092/t?protocol=simple');
      const sink = await openSection(page, 'Sink');
      // One control per setting: the release's key, not both.
      assert.equal(await sink.getByLabel('Advance timeout', { exact: true }).count(), 1);
      assert.equal(await sink.getByLabel('Send all bootstrap at start', { exact: true }).count(), 1);
      await sink.getByLabel('Advance timeout', { exact: true }).fill('321');
      await sink.getByLabel('Send all bootstrap at start', { exact: true }).check();
      await sink.getByRole('button', { name: 'Add dispatcher' }).click();
      await sink.getByLabel('Topic', { exact: true }).fill('{schema}_{table}');
      assert.equal(await sink.getByLabel('Target schema', { exact: true }).count(), line.target ? 1 : 0);
      if (line.target) await sink.getByLabel('Target schema', { exact: true }).fill('dst');
      await openSection(page, 'Basics');
      assert.equal(await page.getByLabel('Performance mode', { exact: true }).count(), line.performance ? 1 : 0);
      if (line.performance) {
        // A sub-section inside Basics (whose own <details> also contains this heading).
        const sub = page.locator('details.cfg-sub').filter({ has: page.getByRole('heading', { name: 'New architecture only', exact: true }) });
        if (!(await sub.evaluate((d) => d.open))) await sub.locator('summary').click();
        await page.getByLabel('Performance mode', { exact: true }).selectOption('low-latency');
      }
      // The scheduler's hint shows this release's default.
      const scheduler = await openSection(page, 'Scheduler');
      assert.equal(await scheduler.getByLabel('Region threshold', { exact: true }).getAttribute('placeholder'), String(line.regionDefault));

      await page.getByRole('button', { name: 'Create changefeed' }).click();
      await page.waitForURL(/\/changefeeds\/rel-cf$/);

      const stored = (await ctx.simGet('/sim/changefeeds/rel-cf')).config;
      assert.equal(stored.sink[line.advance], 321, `sink.${line.advance}`);
      assert.equal(stored.sink[line.other], undefined);
      assert.equal(stored.sink[line.bootstrap], true, `sink.${line.bootstrap}`);
      assert.equal(stored.scheduler.region_threshold, line.regionDefault, "this release's default, not another's");
      assert.equal(stored.sink.dispatchers[0].topic, '{schema}_{table}');
      if (line.target) assert.equal(stored.sink.dispatchers[0]['target-schema'], 'dst');
      if (line.performance) assert.equal(stored.performance_mode, 'low-latency');
      // Nothing this release lacks was sent.
      const post = (await ctx.simGet('/sim/requests')).requests.find((r) => r.method === 'POST' && r.path === '/api/v2/changefeeds');
      const sent = JSON.parse(post.body);
      assert.equal(sent.replica_config.sink[line.other], undefined);
      assert.equal(sent.replica_config.scheduler.region_threshold, line.regionDefault);
      if (!line.performance) assert.equal(sent.replica_config.performance_mode, undefined);
      if (!line.target) assert.equal(sent.replica_config.sink.dispatchers[0]['target-schema'], undefined);

      // Update the same settings through the form.
      await page.goto(`${ctx.server.url}/changefeeds/rel-cf/edit`);
      const apply = page.getByRole('button', { name: 'Pause, apply and resume' });
      await apply.waitFor();
      const sink2 = await openSection(page, 'Sink');
      await sink2.getByLabel('Advance timeout', { exact: true }).fill('654');
      await sink2.getByLabel('Send all bootstrap at start', { exact: true }).uncheck();
      if (line.target) await sink2.getByLabel('Target schema', { exact: true }).fill('dst2');
      await apply.click();
      await page.waitForURL(/\/changefeeds\/rel-cf$/, { timeout: 30000 });
      const updated = await eventually(async () => {
        const c = (await ctx.simGet('/sim/changefeeds/rel-cf')).config;
        return c.sink[line.advance] === 654 ? c : null;
      });
      assert.equal(updated.sink[line.bootstrap], false);
      assert.equal(updated.sink[line.other], undefined);
      if (line.target) assert.equal(updated.sink.dispatchers[0]['target-schema'], 'dst2');
      if (line.performance) assert.equal(updated.performance_mode, 'low-latency', 'kept across the update');
    });

    if (line.release === 'new-v26.3.4') {
      test('pasted master keys are named, can take this release\'s names, and are never sent', async () => {
        await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
        await page.goto(`${ctx.server.url}/create`);
        await page.getByLabel('Changefeed ID', { exact: true }).waitFor();
        await page.getByRole('tab', { name: 'JSON' }).click();
        const json = page.getByLabel('ChangefeedConfig (JSON)');
        const body = JSON.parse(await json.inputValue());
        body.changefeed_id = 'pasted';
        body.sink_uri = 'blackhole://';
        body.replica_config.performance_mode = 'low-latency';
        delete body.replica_config.sink.advance_timeout;
        body.replica_config.sink.advance_timeout_in_sec = 777;
        await json.fill(JSON.stringify(body, null, 2));
        const warning = page.locator('#cfg-ignored');
        await warning.waitFor();
        const text = await warning.innerText();
        assert.match(text, /replica_config\.performance_mode/);
        assert.match(text, /replica_config\.sink\.advance_timeout_in_sec \(this server reads replica_config\.sink\.advance_timeout\)/);
        await ctx.screenshot('releases-ignored-keys');
        await warning.getByRole('button', { name: "Use this server's key names" }).click();
        await eventually(async () => !(await page.locator('#cfg-ignored').innerText()).includes('advance_timeout_in_sec'));
        assert.match(await page.locator('#cfg-ignored').innerText(), /performance_mode/);
        await page.getByRole('button', { name: 'Create changefeed' }).click();
        await page.waitForURL(/\/changefeeds\/pasted$/);
        const stored = (await ctx.simGet('/sim/changefeeds/pasted')).config;
        assert.equal(stored.sink.advance_timeout, 777);
        const post = (await ctx.simGet('/sim/requests')).requests.find((r) => r.method === 'POST' && r.path === '/api/v2/changefeeds');
        assert.ok(!post.body.includes('performance_mode'), post.body);
        assert.ok(!post.body.includes('advance_timeout_in_sec'), post.body);
      });
    }
  });
}
