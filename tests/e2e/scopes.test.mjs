// Namespaces and keyspaces in the browser. A new-architecture nextgen TiCDC (the simulator's
// --keyspaces) refuses changefeed requests without a keyspace: the list must lead the user to
// choose one, not to a dead end. The scope then lives in the URL of every page (links, a
// reload) and in every changefeed request, reads and writes alike, and switching it shows the
// other scope's changefeeds only. On classic TiCDC the same for a namespace.
// Run after `trunk build --release` and `cargo build -p ticdc-simulator`:
//   node --test --test-concurrency=1 tests/e2e/scopes.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, setup } from './harness.mjs';

/** The changefeed requests the simulator saw since `since` (a seq), with their query. */
async function feedRequests(ctx, since) {
  const { requests } = await ctx.simGet('/sim/requests');
  return requests.filter((r) => r.seq > since && r.path.startsWith('/api/v2/changefeeds'));
}

async function lastSeq(ctx) {
  const { requests } = await ctx.simGet('/sim/requests');
  return requests.reduce((m, r) => Math.max(m, r.seq), 0);
}

async function rowIds(page) {
  const table = page.getByRole('table', { name: 'Changefeeds' });
  await table.getByRole('rowheader').first().waitFor();
  return (await table.getByRole('rowheader').allTextContents()).map((s) => s.trim());
}

describe('keyspaces: a nextgen TiCDC that requires one', () => {
  let ctx;
  let page;
  before(async () => {
    ctx = await setup({ simArgs: ['--demo', '--quiet', '--release', 'new-v26.3.4', '--keyspaces', 'tenant-a,tenant-b'] });
    page = ctx.page;
  });
  after(async () => { await ctx?.close(); });

  test('the list leads to choosing a keyspace, which then scopes every page and request', async () => {
    await page.goto(`${ctx.server.url}/`);
    const alert = page.getByRole('alert').filter({ hasText: 'This TiCDC serves several keyspaces' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /CDC:ErrAPIInvalidParam/);
    await ctx.screenshot('scopes-keyspace-needed');
    const since = await lastSeq(ctx);
    await alert.getByLabel('Keyspace').fill('tenant-a');
    await alert.getByRole('button', { name: 'Open keyspace' }).click();
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('keyspace') === 'tenant-a');
    const theirs = (await ctx.simGet('/api/v2/changefeeds?keyspace=tenant-a')).items.map((i) => i.id).sort();
    assert.deepEqual((await rowIds(page)).sort(), theirs);
    // The header says which keyspace is in use, and its links stay in it.
    assert.equal(await page.locator('#scope-name').inputValue(), 'tenant-a');
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Cluster' }).getAttribute('href'), '/cluster?keyspace=tenant-a');

    // A changefeed's page: the link, a reload, and its requests all carry the keyspace.
    const id = theirs[0];
    await page.getByRole('table', { name: 'Changefeeds' }).getByRole('link', { name: id, exact: true }).click();
    await page.waitForURL((u) => u.pathname === `/changefeeds/${id}` && u.searchParams.get('keyspace') === 'tenant-a');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Changefeed ${id}` }).waitFor();

    // A create through the form lands in the keyspace.
    await nav.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL((u) => u.pathname === '/create' && u.searchParams.get('keyspace') === 'tenant-a');
    await page.getByLabel('Changefeed ID', { exact: true }).fill('scoped-create');
    await page.getByLabel('Sink URI', { exact: true }).fill('blackhole://');
    await page.getByRole('button', { name: 'Create changefeed' }).click();
    await page.waitForURL((u) => u.pathname === '/changefeeds/scoped-create' && u.searchParams.get('keyspace') === 'tenant-a');
    const stored = await fetch(`${ctx.sim.url}/api/v2/changefeeds/scoped-create?keyspace=tenant-a`);
    assert.equal(stored.status, 200);
    assert.equal((await stored.json()).keyspace, 'tenant-a');
    // Pause from its page: a write in the keyspace too.
    await page.locator('.page__head').getByText('Normal').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.locator('.page__head').getByText('Stopped').waitFor({ timeout: 10_000 });

    const reqs = await feedRequests(ctx, since);
    assert.ok(reqs.some((r) => r.method === 'POST' && r.path === '/api/v2/changefeeds'), 'the create was sent');
    assert.ok(reqs.some((r) => r.method === 'POST' && r.path.endsWith('/scoped-create/pause')), 'the pause was sent');
    const unscoped = reqs.filter((r) => !new URLSearchParams(r.query).has('keyspace') || new URLSearchParams(r.query).get('keyspace') !== 'tenant-a');
    assert.deepEqual(unscoped.map((r) => `${r.method} ${r.path}?${r.query}`), [], 'every changefeed request names tenant-a');
    assert.deepEqual(ctx.errors, []);
  });

  test('switching in the header shows the other keyspace only; an unknown one says so', async () => {
    await page.goto(`${ctx.server.url}/?keyspace=tenant-a`);
    await rowIds(page);
    await page.locator('#scope-name').fill('tenant-b');
    await page.locator('#scope-go').click();
    await page.waitForURL((u) => u.searchParams.get('keyspace') === 'tenant-b');
    await eventually(async () => JSON.stringify(await rowIds(page)) === JSON.stringify(['orders-to-kafka']));
    await ctx.screenshot('scopes-keyspace-b');
    // The keyspaces used are offered again.
    const offered = await page.locator('#scope-recent option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(offered.includes('tenant-a') && offered.includes('tenant-b'), offered.join(','));

    // A name TiCDC would refuse is refused here first, and nothing changes.
    await page.locator('#scope-name').fill('bad name');
    await page.locator('#scope-go').click();
    await page.getByText('Not a valid name: letters, digits, hyphens and underscores only').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('keyspace'), 'tenant-b');

    await page.goto(`${ctx.server.url}/?keyspace=nope`);
    const alert = page.getByRole('alert').filter({ hasText: 'This TiCDC has no keyspace "nope"' });
    await alert.waitFor();
    assert.equal(await alert.getByLabel('Keyspace').inputValue(), 'nope');
  });
});

describe('namespaces: classic TiCDC', () => {
  let ctx;
  before(async () => {
    ctx = await setup({ simArgs: ['--demo', '--quiet'] });
  });
  after(async () => { await ctx?.close(); });

  test('a namespace from the header scopes the list, the pages and the writes', async () => {
    const { page } = ctx;
    await page.goto(`${ctx.server.url}/`);
    const all = await rowIds(page);
    assert.ok(all.length > 3);
    const field = page.getByRole('banner').getByLabel('Namespace');
    await field.waitFor();
    assert.equal(await field.inputValue(), 'default');
    await field.fill('staging');
    await page.locator('#scope-go').click();
    await page.waitForURL((u) => u.searchParams.get('namespace') === 'staging');
    await eventually(async () => JSON.stringify(await rowIds(page)) === JSON.stringify(['orders-to-kafka']));
    const since = await lastSeq(ctx);
    await page.getByRole('table', { name: 'Changefeeds' }).getByRole('link', { name: 'orders-to-kafka', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/changefeeds/orders-to-kafka' && u.searchParams.get('namespace') === 'staging');
    // The staging changefeed, not default's namesake: its own sink.
    await page.getByText('kafka-staging.internal').first().waitFor();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.locator('.page__head').getByText('Stopped').waitFor({ timeout: 10_000 });
    assert.equal((await ctx.simGet('/sim/changefeeds/orders-to-kafka?namespace=staging')).state, 'stopped');
    assert.notEqual((await ctx.simGet('/sim/changefeeds/orders-to-kafka')).state, 'stopped', 'default\'s namesake untouched');
    const reqs = await feedRequests(ctx, since);
    assert.ok(reqs.length > 0);
    assert.deepEqual(reqs.filter((r) => new URLSearchParams(r.query).get('namespace') !== 'staging').map((r) => `${r.method} ${r.path}?${r.query}`), []);
    // Back to the default namespace by clearing the field.
    await page.getByRole('banner').getByLabel('Namespace').fill('');
    await page.locator('#scope-go').click();
    await page.waitForURL((u) => u.pathname === '/' && !u.searchParams.has('namespace'));
    await eventually(async () => (await rowIds(page)).length === all.length);
    assert.deepEqual(ctx.errors, []);
  });
});
