// Browser tests of the operator views: the changefeed list, a changefeed's detail and
// its actions, the cluster page, a 401 leading to the sign-in dialog, and TiCDC going away and
// coming back. Elements are found the way a user finds them: by role, label and text.
//
//   node --test --test-concurrency=1 tests/e2e/ops.test.mjs   (after trunk build --release)
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, startSimulator, until } from './harness.mjs';

/** The changefeed ids shown as row headers of the list, in order. */
const listedIds = (page) => page.getByRole('table', { name: 'Changefeeds' }).getByRole('rowheader').allTextContents()
  .then((xs) => xs.map((x) => x.trim()));

/** What TiCDC (the simulator) returns for the list with `?state=`. */
async function apiIds(ctx, state) {
  const q = state ? `?state=${state}` : '';
  const r = await ctx.simGet(`/api/v2/changefeeds${q}`);
  return r.items.map((i) => i.id).sort();
}

/** The simulator's stored changefeed as TEXT (so TSOs above 2^53 keep every digit). */
async function rawText(ctx, id) {
  const r = await fetch(`${ctx.sim.url}/sim/changefeeds/${encodeURIComponent(id)}`);
  return r.text();
}
const rawField = (text, field) => text.match(new RegExp(`"${field}"\\s*:\\s*"?([\\w-]*)`))?.[1];

async function rawState(ctx, id) {
  return rawField(await rawText(ctx, id), 'state');
}

/** Parses the console's lag text (`850 ms`, `12.3 s`, `4m 05s`, `3h 02m`, `2d 4h`) to ms. */
function parseLag(text) {
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const parts = [...text.matchAll(/([\d.]+)\s*(ms|s|m|h|d)\b/g)];
  assert.ok(parts.length > 0, `not a lag: ${text}`);
  return parts.reduce((t, [, n, u]) => t + Number(n) * unit[u], 0);
}

describe('changefeed list', () => {
  let ctx;
  before(async () => {
    ctx = await setup({ simArgs: ['--demo'] });
    await ctx.page.goto(ctx.server.url + '/');
    await until('rows', async () => (await listedIds(ctx.page)).length > 0);
  });
  after(() => ctx?.close());

  test('loads, filters by every state as TiCDC does, keeps the filter in the URL across a reload', async () => {
    const { page } = ctx;
    assert.deepEqual([...(await listedIds(page))].sort(), await apiIds(ctx, ''), 'default view = TiCDC default');
    assert.ok(!(await listedIds(page)).includes('backfill-2024q4'), 'finished is not in the default view');
    const cases = [
      ['All', 'all'], ['Normal', 'normal'], ['Warning', 'warning'], ['Stopped', 'stopped'],
      ['Failed', 'failed'], ['Finished', 'finished'],
    ];
    for (const [label, state] of cases) {
      await page.getByRole('radio', { name: label, exact: true }).check();
      await until(`URL state=${state}`, () => new URL(page.url()).searchParams.get('state') === state);
      const want = await apiIds(ctx, state);
      await until(`rows of ${state} = ${want}`, async () => JSON.stringify([...(await listedIds(page))].sort()) === JSON.stringify(want));
    }
    // TiCDC's quirk: state=warning does not return pending changefeeds, shown as warning elsewhere.
    await page.getByRole('radio', { name: 'Warning', exact: true }).check();
    await until('warning rows', async () => JSON.stringify(await listedIds(page)) === JSON.stringify(await apiIds(ctx, 'warning')));
    assert.ok(!(await listedIds(page)).includes('billing-to-tidb'));
    await assert.doesNotReject(page.getByText(/pending ones appear under Active and All/).waitFor());

    await page.getByRole('radio', { name: 'Failed', exact: true }).check();
    await until('failed', async () => (await listedIds(page)).join() === 'legacy-mysql-sync');
    // The rows change at once; the URL follows after the frame is painted (url_state.rs).
    await until('URL state=failed', () => new URL(page.url()).searchParams.get('state') === 'failed');
    await page.reload();
    await until('failed after reload', async () => (await listedIds(page)).join() === 'legacy-mysql-sync');
    assert.equal(await page.getByRole('radio', { name: 'Failed', exact: true }).isChecked(), true);
    const row = page.getByRole('row', { name: /legacy-mysql-sync/ });
    await assert.doesNotReject(row.getByText('CDC:ErrSnapshotLostByGC').waitFor(), 'error code in the row');
    await assert.doesNotReject(row.getByRole('button', { name: 'Resume legacy-mysql-sync' }).waitFor(), 'resume legal for failed');
    assert.equal(await row.getByRole('button', { name: /^Pause/ }).count(), 0, 'pause not offered for failed');

    await page.getByRole('radio', { name: 'Active', exact: true }).check();
    await until('no state param', () => !new URL(page.url()).searchParams.has('state'));
  });

  test('search by id is instant, in the URL, with an empty state', async () => {
    const { page } = ctx;
    const box = page.getByRole('searchbox', { name: /search changefeeds/i });
    await box.fill('KAFKA');
    await until('URL q', () => new URL(page.url()).searchParams.get('q') === 'KAFKA');
    const want = (await apiIds(ctx, '')).filter((id) => id.includes('kafka'));
    await until('kafka rows', async () => JSON.stringify([...(await listedIds(page))].sort()) === JSON.stringify(want));
    await box.fill('no-such-feed');
    await assert.doesNotReject(page.getByText('No changefeeds match “no-such-feed”').waitFor());
    await until('URL q=no-such-feed', () => new URL(page.url()).searchParams.get('q') === 'no-such-feed');
    await page.reload();
    assert.equal(await page.getByRole('searchbox', { name: /search changefeeds/i }).inputValue(), 'no-such-feed');
    await page.getByRole('searchbox', { name: /search changefeeds/i }).fill('');
    await until('all rows back', async () => (await listedIds(page)).length === (await apiIds(ctx, '')).length);
  });

  test('sorts by checkpoint lag, largest first, kept in the URL; the sink column fills in', async () => {
    const { page } = ctx;
    await page.getByRole('button', { name: 'Lag' }).click();
    await until('URL sort', () => page.url().includes('sort=lag') && page.url().includes('desc=1'));
    assert.equal(await page.getByRole('columnheader', { name: 'Lag' }).getAttribute('aria-sort'), 'descending');
    // Expected: ascending checkpoint TSO. Compare TSOs as BigInt from the raw text.
    const text = await (await fetch(`${ctx.sim.url}/api/v2/changefeeds`)).text();
    const pairs = [...text.matchAll(/"id":"([^"]+)","state":"[^"]*","checkpoint_tso":(\d+)/g)].map((m) => [m[1], BigInt(m[2])]);
    pairs.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const want = pairs.map((p) => p[0]);
    // The first two (failed, stopped) are frozen; running ones trail by seconds and reorder.
    await until('lag order', async () => (await listedIds(page)).slice(0, 2).join() === want.slice(0, 2).join());
    const first = page.getByRole('row', { name: new RegExp(want[0]) });
    await until('sink shown', async () => (await first.textContent()).includes('://'));
    // Its lag is TiCDC's TSO minus its frozen checkpoint (the simulator's TSO follows the
    // wall clock), although the TSO and the list come from two separate polls.
    const ckpt = pairs[0][1];
    const lagText = (await first.locator('td.cf-lag').textContent()).trim();
    const expected = Date.now() - Number(ckpt >> 18n);
    const shown = parseLag(lagText);
    assert.ok(Math.abs(shown - expected) < Math.max(5_000, expected * 0.02), `lag ${lagText} (${shown} ms) vs expected ~${expected} ms`);
    await page.getByRole('button', { name: 'Lag' }).click();
    await until('ascending', () => page.url().includes('sort=lag') && !page.url().includes('desc=1'));
    await until('smallest lag first', async () => (await listedIds(page))[0] !== want[0]);
    await page.goto(ctx.server.url + '/');
    await until('rows', async () => (await listedIds(page)).length > 0);
    await page.waitForTimeout(1500); // let the sink column fill in
    await ctx.screenshot('ops-list');
  });
});

describe('changefeed detail and actions', () => {
  let ctx;
  before(async () => { ctx = await setup({ simArgs: ['--demo'] }); });
  after(() => ctx?.close());

  test('opens from the list; the synced panel shows TiCDC\'s info word for word', async () => {
    const { page } = ctx;
    await page.goto(ctx.server.url + '/');
    await page.getByRole('link', { name: 'analytics-blackhole', exact: true }).click();
    await until('detail URL', () => new URL(page.url()).pathname === '/changefeeds/analytics-blackhole');
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /analytics-blackhole/ }).waitFor());
    const synced = await ctx.simGet('/api/v2/changefeeds/analytics-blackhole/synced');
    const panel = page.getByRole('region', { name: 'Synced status' });
    await until('info text', async () => (await panel.locator('blockquote').textContent()) === synced.info);
    await assert.doesNotReject(panel.getByText(/Synced:\s*Yes/).waitFor());
    await assert.doesNotReject(panel.getByText(/case 2 of TiCDC's synced check/).waitFor());
    // Overview: exact upstream id (> 2^53) as TiCDC sent it.
    const upstream = (await (await fetch(`${ctx.sim.url}/api/v2/changefeeds/analytics-blackhole`)).text()).match(/"upstream_id":(\d+)/)[1];
    await assert.doesNotReject(page.getByRole('region', { name: 'Overview' }).getByText(upstream, { exact: true }).waitFor());
  });

  test('pause then resume: the state changes in the page and in TiCDC', async () => {
    const { page } = ctx;
    await page.goto(ctx.server.url + '/changefeeds/orders-to-kafka');
    const head = page.locator('.page__head');
    await head.getByText('Normal').waitFor();
    await ctx.screenshot('ops-detail-normal');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await head.getByText('Stopped').waitFor({ timeout: 8000 });
    assert.equal(await rawState(ctx, 'orders-to-kafka'), 'stopped');
    assert.equal(await page.getByRole('button', { name: 'Pause', exact: true }).count(), 0, 'no pause when stopped');
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await head.getByText('Normal').waitFor({ timeout: 8000 });
    assert.equal(await rawState(ctx, 'orders-to-kafka'), 'normal');
  });

  test('resume with an overwrite checkpoint TSO above 2^53 reaches TiCDC exactly', async () => {
    const { page } = ctx;
    const id = 'payments-kafka-avro'; // stopped
    const tso = ((BigInt(Date.now() - 60_000) << 18n) + 7n).toString();
    assert.ok(BigInt(tso) > 2n ** 53n);
    await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
    await page.goto(ctx.server.url + `/changefeeds/${id}`);
    const input = page.getByLabel(/overwrite checkpoint TSO/i);
    await input.fill('12x');
    await assert.doesNotReject(page.getByText(/digits only/).waitFor(), 'invalid TSO is explained');
    assert.equal(await page.getByRole('button', { name: 'Resume', exact: true }).isDisabled(), true);
    await input.fill(tso);
    await assert.doesNotReject(page.getByText(/Also resets start_ts/).waitFor());
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume from this TSO' }).click();
    await page.locator('.page__head').getByText('Normal').waitFor({ timeout: 8000 });
    const log = await ctx.simGet('/sim/requests');
    const req = log.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/${id}/resume`));
    assert.ok(req, 'resume request logged');
    assert.ok(req.body.includes(`"overwrite_checkpoint_ts":${tso}`), `body carries the exact digits: ${req.body}`);
    const raw = await rawText(ctx, id);
    assert.equal(rawField(raw, 'start_ts'), tso, 'start_ts reset to the exact TSO');
    assert.ok(BigInt(rawField(raw, 'checkpoint_ts')) >= BigInt(tso), 'checkpoint moved to (or past) the TSO');
  });

  test('a failed changefeed shows its error and only the actions legal for it', async () => {
    const { page } = ctx;
    await page.goto(ctx.server.url + '/changefeeds/legacy-mysql-sync');
    const box = page.getByRole('alert', { name: 'Changefeed error' });
    await assert.doesNotReject(box.getByText('CDC:ErrSnapshotLostByGC', { exact: true }).waitFor());
    await assert.doesNotReject(box.getByText(/GC safepoint/).first().waitFor());
    assert.equal(await page.getByRole('button', { name: 'Pause', exact: true }).count(), 0);
    await assert.doesNotReject(page.getByRole('button', { name: 'Resume', exact: true }).waitFor());
    await page.getByRole('region', { name: 'Synced status' }).locator('blockquote').waitFor();
    await ctx.screenshot('ops-detail-failed');
  });

  test('delete asks for the id, goes back to the list and keeps the tombstone', async () => {
    const { page } = ctx;
    const id = 'crm-to-pulsar';
    const ckpt = (await (await fetch(`${ctx.sim.url}/api/v2/changefeeds/${id}`)).text()).match(/"checkpoint_ts":(\d+)/)[1];
    await page.goto(ctx.server.url + `/changefeeds/${id}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete changefeed' });
    assert.equal(await confirm.isDisabled(), true, 'disabled until the id is typed');
    await dialog.getByRole('textbox').fill('crm-to');
    assert.equal(await confirm.isDisabled(), true);
    await dialog.getByRole('textbox').fill(id);
    await confirm.click();
    await until('back on the list', () => new URL(page.url()).pathname === '/');
    await assert.doesNotReject(page.getByRole('status').filter({ hasText: `Deleted changefeed ${id}` }).waitFor());
    const tomb = page.getByRole('region', { name: 'Deleted in this tab' });
    await assert.doesNotReject(tomb.getByText(id).waitFor());
    const tombText = await tomb.textContent();
    assert.ok(BigInt(tombText.match(/checkpoint TSO (\d+)/)[1]) >= BigInt(ckpt), 'tombstone has the last checkpoint');
    assert.ok(tombText.includes('pulsar://'), 'tombstone has the sink URI');
    const r = await fetch(`${ctx.sim.url}/api/v2/changefeeds/${id}`);
    assert.equal(r.status, 400, 'gone from TiCDC');
    await until('row gone', async () => !(await listedIds(page)).includes(id));

    // TiCDC forgets it; its page still shows what this browser saw, the delete last.
    await page.goto(ctx.server.url + `/changefeeds/${id}`);
    await assert.doesNotReject(page.getByText('does not exist').first().waitFor());
    const items = page.getByRole('list', { name: 'Timeline, newest first' }).getByRole('listitem');
    await until('the delete on the timeline', async () => (await items.count()) > 0);
    assert.match(await items.first().textContent(), /Delete from this console — accepted by TiCDC$/);
    assert.ok(await page.getByRole('img', { name: /^Checkpoint lag chart/ }).isVisible(), 'the lag it had until then');
    await ctx.screenshot('deleted-history');
  });

  test('a changefeed that does not exist is explained, with a way back', async () => {
    const { page } = ctx;
    await page.goto(ctx.server.url + '/changefeeds/no-such-feed');
    await assert.doesNotReject(page.getByText('does not exist').first().waitFor());
    await assert.doesNotReject(page.getByText('CDC:ErrChangeFeedNotExists').waitFor());
    await page.getByRole('link', { name: 'Back to the changefeed list' }).click();
    await until('list', () => new URL(page.url()).pathname === '/');
    assert.deepEqual(ctx.errors, []);
  });
});

describe('cluster', () => {
  let ctx;
  before(async () => {
    ctx = await setup({ simArgs: ['--demo'] });
    await ctx.page.goto(ctx.server.url + '/cluster');
    await ctx.page.getByRole('heading', { name: 'Captures' }).waitFor();
  });
  after(() => ctx?.close());

  const ownerRow = (page) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Owner', exact: true }) });

  test('captures with the owner in words, and processors with their table ids', async () => {
    const { page } = ctx;
    const caps = (await ctx.simGet('/api/v2/captures')).items;
    for (const c of caps) await page.getByRole('rowheader', { name: c.id }).waitFor();
    const owner = caps.find((c) => c.is_owner);
    await until('owner row', async () => (await ownerRow(page).count()) === 1);
    assert.ok((await ownerRow(page).textContent()).includes(owner.id));
    await assert.doesNotReject(page.getByRole('region', { name: 'Cluster health' }).getByText('Healthy').waitFor());
    // This node's own liveness, in its release's words with TiCDC's value.
    await until('this node alive', async () => (await page.locator('#node-liveness').textContent()) === 'Alive (0)');

    await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
    const group = page.locator('details.procs').first();
    await group.locator('summary').click();
    const cell = group.getByRole('row').nth(1).getByRole('cell');
    await until('table ids', async () => /\b\d{3}\b|no tables/.test(await cell.textContent()));
    const log = await ctx.simGet('/sim/requests');
    const procReqs = log.requests.filter((r) => r.path.startsWith('/api/v2/processors/'));
    assert.ok(procReqs.length > 0, 'processor details requested');
    const cap = caps.find((c) => c.id === (procReqs[0].path.split('/').pop()));
    assert.ok(cap, 'request names a real capture');
    await ctx.screenshot('ops-cluster');
  });

  test('owner resign elects another capture and the page shows it', async () => {
    const { page } = ctx;
    const before = (await ctx.simGet('/api/v2/captures')).items.find((c) => c.is_owner).id;
    let now = before;
    // The election is random and the same capture may win again: try a few times.
    for (let i = 0; i < 6 && now === before; i++) {
      await page.getByRole('button', { name: 'Resign owner' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Resign owner' }).click();
      await page.getByRole('button', { name: 'Resign owner' }).waitFor({ timeout: 15_000 });
      await until('re-enabled', () => page.getByRole('button', { name: 'Resign owner' }).isEnabled(), { timeout: 15_000 });
      now = (await ctx.simGet('/api/v2/captures')).items.find((c) => c.is_owner)?.id ?? before;
    }
    assert.notEqual(now, before, 'a different capture became owner');
    await until('owner shown', async () => (await ownerRow(page).textContent()).includes(now), { timeout: 8000 });
    assert.ok(!(await ownerRow(page).textContent()).includes(before));
  });

  test('drain shows TiCDC\'s answer: a table count, or its refusal for the owner', async () => {
    const { page } = ctx;
    const caps = (await ctx.simGet('/api/v2/captures')).items;
    const member = caps.find((c) => !c.is_owner);
    const owner = caps.find((c) => c.is_owner);
    await page.getByRole('button', { name: `Drain capture ${member.address}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Drain capture' }).click();
    await assert.doesNotReject(page.getByRole('status').filter({ hasText: /table\(s\) still on it/ }).waitFor());
    await page.getByRole('button', { name: `Drain capture ${owner.address}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Drain capture' }).click();
    await assert.doesNotReject(page.getByRole('alert').filter({ hasText: /cannot drain the owner/ }).waitFor());
  });

  test('log level is sent to the node the console talks to', async () => {
    const { page } = ctx;
    await fetch(`${ctx.sim.url}/sim/requests`, { method: 'DELETE' });
    await page.getByRole('combobox', { name: 'Log level' }).selectOption('debug');
    await page.getByRole('button', { name: 'Apply' }).click();
    await assert.doesNotReject(page.getByText('Log level of this node set to debug').waitFor());
    const log = await ctx.simGet('/sim/requests');
    const req = log.requests.find((r) => r.method === 'POST' && r.path === '/api/v2/log');
    assert.ok(req && req.body.includes('"debug"'), `log request: ${JSON.stringify(req)}`);
  });
});

describe('credentials', () => {
  let ctx;
  before(async () => { ctx = await setup({ simArgs: ['--demo', '--auth', 'admin:secret'] }); });
  after(() => ctx?.close());

  test('a 401 on pause opens the sign-in dialog, and signing in retries the pause', async () => {
    const { page } = ctx;
    await page.goto(ctx.server.url + '/');
    await page.getByRole('button', { name: 'Pause orders-to-kafka' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in to TiCDC' });
    await dialog.waitFor();
    assert.equal(await rawState(ctx, 'orders-to-kafka'), 'normal', 'nothing happened before signing in');
    await dialog.getByLabel('User').fill('admin');
    await dialog.getByLabel('Password').fill('secret');
    await dialog.getByRole('button', { name: 'Sign in and retry' }).click();
    await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Pause of orders-to-kafka accepted' }).waitFor());
    await until('stopped in TiCDC', async () => (await rawState(ctx, 'orders-to-kafka')) === 'stopped');
    await until('stopped in the list', async () => (await page.getByRole('row', { name: /orders-to-kafka/ }).textContent()).includes('Stopped'));
  });
});

describe('TiCDC unreachable', () => {
  let ctx;
  before(async () => { ctx = await setup({ simArgs: ['--demo'] }); });
  after(() => ctx?.close());

  test('a stopped TiCDC gives a banner and stale rows; a restarted one brings the console back', async () => {
    const { page } = ctx;
    await page.goto(ctx.server.url + '/');
    await until('rows', async () => (await listedIds(page)).length > 5);
    const port = ctx.sim.port;
    await ctx.sim.stop();
    const banner = page.getByRole('alert').filter({ hasText: 'Cannot reach TiCDC' });
    await banner.waitFor({ timeout: 10_000 });
    await assert.doesNotReject(page.getByText(/Stale: last refresh failed/).waitFor());
    assert.ok((await listedIds(page)).length > 5, 'rows kept while TiCDC is away');
    ctx.sim = await startSimulator(['--demo'], { addr: `127.0.0.1:${port}` });
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await until('not stale', async () => (await page.getByText(/Stale: last refresh failed/).count()) === 0, { timeout: 10_000 });
    assert.ok((await listedIds(page)).length > 5);
  });
});
