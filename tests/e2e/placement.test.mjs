// Browser tests of table placement and node drain on the new architecture (TiCDC's
// placement and drain routes, ../shared/ticdc/API.md): the
// placement view (names, spans, the DDL span, search), a move that waits for TiCDC, a split
// and a merge back, and a drain polled to zero tables (and the coordinator refused).
//
//   node --test --test-concurrency=1 tests/e2e/placement.test.mjs   (after trunk build --release)
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, until } from './harness.mjs';

/** Creates a changefeed on the simulator directly (as `cdc cli` would). */
async function create(ctx, id, replicaConfig) {
  const r = await fetch(`${ctx.sim.url}/api/v2/changefeeds`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ changefeed_id: id, sink_uri: 'blackhole://', replica_config: replicaConfig }),
  });
  assert.equal(r.status, 200, await r.text());
  await ctx.simPost('/sim/tick');
}

/** The simulator's placement as { tableId: [nodeId, ...] }. */
async function spans(ctx, id, mode = 0) {
  const r = await ctx.simGet(`/api/v2/changefeeds/${id}/tables?mode=${mode}`);
  const out = {};
  for (const item of r.items) for (const t of item.table_ids) (out[t] ??= []).push(item.node_id);
  return out;
}

const nodeSection = (page, address) => page.locator(`section.placement__node`, { has: page.locator('h3', { hasText: address }) });

describe('table placement (new architecture)', () => {
  let ctx;
  let captures;
  before(async () => {
    ctx = await setup({ simArgs: ['--arch', 'new', '--tick-ms', '200'] });
    await create(ctx, 'hot', { filter: { rules: ['shop.*'] }, scheduler: { enable_table_across_nodes: true },
      consistent: { level: 'eventual', storage: 'file:///tmp/redo' } });
    captures = (await ctx.simGet('/api/v2/captures')).items;
  });
  after(async () => {
    assert.deepEqual(ctx.errors, []);
    await ctx.close();
  });

  test('per node with names, span counts, the DDL span and the dispatcher count', async () => {
    const { page } = ctx;
    await page.goto(`${ctx.server.url}/changefeeds/hot`);
    const card = page.getByRole('region', { name: 'Table placement' });
    await until('placement rows', async () => (await card.locator('tr[data-table]').count()) >= 6);
    // Every table of shop.* by name; the DDL span labelled, on the coordinator's node.
    for (const name of ['shop.orders', 'shop.order_items', 'shop.customers', 'shop.products', 'shop.inventory']) {
      assert.equal(await card.getByRole('rowheader', { name }).count(), 1, name);
    }
    const coordinator = captures.find((c) => c.is_owner);
    const ddl = nodeSection(page, coordinator.address).locator('tr[data-table="0"]');
    assert.match(await ddl.textContent(), /DDL span/);
    assert.equal(await card.getByRole('rowheader', { name: /^table 0/ }).count(), 0);
    const count = (await ctx.simGet('/api/v2/changefeeds/hot/get_dispatcher_count')).count;
    assert.equal(await page.locator('#dispatcher-count').textContent(), `${count} dispatchers`);
    // Nodes as TiCDC places them (the simulator's answer, in any order).
    const truth = await spans(ctx, 'hot');
    for (const [table, nodes] of Object.entries(truth)) {
      for (const node of new Set(nodes)) {
        const addr = captures.find((c) => c.id === node).address;
        assert.equal(await nodeSection(page, addr).locator(`tr[data-table="${table}"]`).count(), 1, `${table} on ${addr}`);
      }
    }
    // Search narrows every node's list, and stays in the URL.
    await page.locator('#placement-search').fill('customers');
    await until('filtered', async () => (await card.locator('tr[data-table]').count()) === 1);
    assert.match(page.url(), /tables=customers/);
    await page.reload();
    await until('filtered after reload', async () => (await card.locator('tr[data-table]').count()) === 1);
    await page.locator('#placement-search').fill('');
    // Redo dispatchers: the mode switch exists because redo is on.
    await page.locator('#placement-mode').selectOption('redo');
    await until('redo url', async () => page.url().includes('dispatchers=redo'));
    await until('redo rows', async () => (await card.locator('tr[data-table]').count()) >= 6);
    await page.locator('#placement-mode').selectOption('main');
    await ctx.screenshot('placement');
  });

  test('a move waits for TiCDC, then shows the fresh placement', async () => {
    const { page } = ctx;
    await page.goto(`${ctx.server.url}/changefeeds/hot`);
    const before = await spans(ctx, 'hot');
    const from = before['106'][0];
    const target = captures.find((c) => c.id !== from);
    await page.locator('#placement-ops summary').click();
    await until('table options', async () => (await page.locator('#op-table option').count()) > 1);
    await page.locator('#op-table').selectOption('106');
    await page.getByLabel('Move to another node').check();
    await page.locator('#op-target').selectOption(target.id);
    await page.getByRole('button', { name: 'Run' }).click();
    const dialog = page.getByRole('dialog');
    assert.match(await dialog.textContent(), /shop\.orders/);
    await dialog.getByRole('button', { name: 'Move table' }).click();
    // TiCDC blocks (three ticks here): the progress line shows meanwhile.
    await until('progress', async () => /Moving shop\.orders/.test(await page.locator('#op-progress').textContent()));
    await until('result', async () => /shop\.orders: 1 span on/.test(await page.locator('#op-result').textContent()));
    assert.match(await page.locator('#op-result').textContent(), new RegExp(target.address.replace(/\./g, '\\.')));
    assert.deepEqual((await spans(ctx, 'hot'))['106'], [target.id]);
    const req = (await ctx.simGet('/sim/requests')).requests.find((r) => r.path.endsWith('/move_table'));
    assert.match(req.query, /wait=true/);
    assert.match(req.query, /tableID=106/);
    // The move is on the changefeed's timeline (what this browser did), with TiCDC's answer.
    const items = page.getByRole('list', { name: 'Timeline, newest first' }).getByRole('listitem');
    await until('the move on the timeline', async () => (await items.allTextContents()).some((t) => t.includes('Move table from this console')));
    const op = (await items.allTextContents()).find((t) => t.includes('Move table from this console'));
    assert.ok(op.includes(`(shop.orders to ${target.address}) — accepted by TiCDC`), op);
  });

  test('a split by region count, then a merge back into one span', async () => {
    const { page } = ctx;
    await page.goto(`${ctx.server.url}/changefeeds/hot`);
    await page.locator('#placement-ops summary').click();
    await until('table options', async () => (await page.locator('#op-table option').count()) > 1);
    await page.locator('#op-table').selectOption('110');
    await page.getByLabel('Split by region count').check();
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Split table' }).click();
    await until('split result', async () => /shop\.customers: 4 spans on/.test(await page.locator('#op-result').textContent()));
    assert.equal((await spans(ctx, 'hot'))['110'].length, 4);
    // The card shows the split table once per node with its span counts.
    const card = page.getByRole('region', { name: 'Table placement' });
    await until('split shown', async () => /\b4\b|of 4/.test(await card.locator('tr[data-table="110"]').first().textContent()));
    assert.match(await card.locator('tr[data-table="110"]').first().textContent(), /split/);
    // Merge: one pair per TiCDC call, repeated until one span is left.
    await page.locator('#op-table').selectOption('110');
    await page.getByLabel('Merge back into one span').check();
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Merge table' }).click();
    await until('merge result', async () => /shop\.customers: 1 span on/.test(await page.locator('#op-result').textContent()), { timeout: 20_000 });
    assert.equal((await spans(ctx, 'hot'))['110'].length, 1);
    const merges = (await ctx.simGet('/sim/requests')).requests.filter((r) => r.path.endsWith('/merge_table'));
    assert.equal(merges.length, 3);
  });

  test('no maintainer: TiCDC\'s plain 500 with the reason in words', async () => {
    const { page } = ctx;
    await create(ctx, 'idle', { filter: { rules: ['crm.*'] } });
    await fetch(`${ctx.sim.url}/api/v2/changefeeds/idle/pause`, { method: 'POST' });
    await page.goto(`${ctx.server.url}/changefeeds/idle`);
    const card = page.getByRole('region', { name: 'Table placement' });
    await until('error', async () => /Can't not find maintainer for changefeed: idle/.test(await card.textContent()));
    assert.match(await card.textContent(), /placement exists only while the changefeed runs/);
  });
});

describe('drain (new architecture)', () => {
  let ctx;
  before(async () => {
    ctx = await setup({ simArgs: ['--arch', 'new', '--tick-ms', '300'] });
    await create(ctx, 'd1', { filter: { rules: ['shop.*', 'billing.*'] } });
  });
  after(async () => {
    assert.deepEqual(ctx.errors, []);
    await ctx.close();
  });

  test('the coordinator is refused with TiCDC\'s reason; another node drains to zero', async () => {
    const { page } = ctx;
    const captures = (await ctx.simGet('/api/v2/captures')).items;
    const coordinator = captures.find((c) => c.is_owner);
    const member = captures.find((c) => !c.is_owner);
    await page.goto(`${ctx.server.url}/cluster`);
    // Liveness: the node this console reaches reads its own status; the others say they cannot.
    const row = (c) => page.getByRole('row', { name: new RegExp(c.id) });
    await until('liveness', async () => (await row(coordinator).locator('td.liveness').textContent()) === 'Alive');
    assert.equal(await row(member).locator('td.liveness').textContent(), 'Not readable here');
    assert.match(await page.locator('#liveness-note').textContent(), /own \/api\/v2\/status/);

    await page.getByRole('button', { name: `Drain capture ${coordinator.address}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Drain capture' }).click();
    await until('refusal', async () => /cannot drain the owner/.test(await page.locator('#drain-error').textContent()));
    assert.match(await page.locator('#drain-error').textContent(), /CDC:ErrSchedulerRequestFailed/);

    const reqs = (await ctx.simGet('/sim/requests')).requests;
    assert.ok(reqs.some((r) => r.method === 'PUT' && r.path === '/api/v1/captures/drain'), 'drained through v1');

    await page.getByRole('button', { name: `Drain capture ${member.address}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Drain capture' }).click();
    await until('counting', async () => /table.? left/.test(await page.locator('#drain-progress').textContent()));
    await until('zero', async () => /is drained: no tables left/.test(await page.locator('#drain-progress').textContent()), { timeout: 30_000 });
    // Nothing of the changefeed is left on the drained node.
    const left = await spans(ctx, 'd1');
    assert.ok(Object.values(left).every((nodes) => !nodes.includes(member.id)));
    const polls = (await ctx.simGet('/sim/requests')).requests
      .filter((r) => r.method === 'PUT' && r.path === '/api/v1/captures/drain' && r.body.includes(member.id));
    assert.ok(polls.length >= 2, `polled ${polls.length} times`);
    assert.equal(polls.at(-1).status, 202);
    await ctx.screenshot('drain');
  });
});
