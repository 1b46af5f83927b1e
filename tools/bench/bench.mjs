// The performance benchmark (the budgets in BENCHMARKS.md). Run by tools/bench.sh after a release build; prints a
// report and writes bench/out/results.json. Medians over several runs, each in a fresh page.
//
//   1. bytes on the wire for the first load: every file (wasm, js, css) the browser fetches to
//      show the list, raw / gzip / brotli, vs the budget: until the first rows show (the budget's
//      definition) and until 2 s after them; and the chunks fetched on demand
//   2. navigation start -> first changefeed rows visible, 50 changefeeds; the same for the
//      floors: the Leptos hello-world's text, and the list floor's rows (tools/bench/listfloor)
//   3. 10,000 changefeeds: first render, a search keystroke, a state-filter switch, JS heap
//   4. a refresh where 1 % of the rows changed: rows re-created vs changed rows in view
//   5. simulator slowed to 2 s per response: the most requests in flight per polled view
//   6. what the split costs: from the list, a click on a changefeed (its page's chunk not yet
//      loaded) and on Create (the editor's) until the page's heading shows; then again, loaded
// BENCH_ONLY=nav,scale,partial,slow runs a subset (first rows and sizes always run).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIST, ROOT, launchBrowser, serveDist, startSimulator } from '../../tests/e2e/harness.mjs';
import { ROW, loadUntilProbe, probe } from './probe.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
// Single interactions range from 12 to 30 ms on this 2-core machine, so their medians need more
// samples than page loads do.
const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS || 25);
const SETTLE_MS = 600;
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const want = (name) => !ONLY || ONLY.has(name);
const OUT = path.join(ROOT, 'bench', 'out');
const BUDGET = { gzipTotal: 200_000, firstRows50: 150, firstRender10k: 500, keystroke: 16, filterSwitch: 16 };
// A link to a changefeed detail inside a table row: what a user sees as "a changefeed row".

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const p90 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]; };
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Raw, gzip -9 and brotli 11 sizes of `file` in `dir` (dist/ by default). */
function sizes(file, dir = DIST) {
  const buf = fs.readFileSync(path.join(dir, file));
  return {
    file,
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * The first load as the browser does it: every wasm, js and css file it requested until the first
 * changefeed rows showed (`fetched.atRows`) and until 2 s after them (`fetched.after`), paths
 * from firstLoadFiles, sizes from dist/; then the other wasm files in dist/ (the chunks other
 * pages fetch on demand).
 */
function wireSizes(fetched) {
  const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const assets = (list) => [...new Set(list)].filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
  const first = assets(fetched.after);
  const rows = first.map((f) => sizes(f));
  const atRows = assets(fetched.atRows);
  const all = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(DIST, dir), { withFileTypes: true })) {
      const f = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(f); else if (f.endsWith('.wasm')) all.push(f);
    }
  };
  walk('');
  const demand = all.filter((f) => !first.includes(f)).sort().map((f) => sizes(f));
  return {
    rows, total: sum(rows),
    atRows, totalAtRows: sum(rows.filter((r) => atRows.includes(r.file))),
    demand, demandTotal: sum(demand),
  };
}

const FIRST_ROW_PROBE = probe(ROW);

/**
 * From the list, click `link` and time until `heading` shows: the first time (the page's wasm
 * chunk is fetched and compiled) and, after going back, a second time (already loaded).
 */
async function navigations(browser, serverUrl, runs) {
  const targets = {
    changefeed: { link: (p) => p.locator(ROW).first(), heading: /^Changefeed /, },
    editor: { link: (p) => p.getByRole('link', { name: 'Create', exact: true }), heading: /^Create changefeed$/ },
  };
  const out = {};
  for (const [name, t] of Object.entries(targets)) {
    const cold = []; const warm = [];
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.goto(serverUrl + '/?state=all');
      await page.waitForSelector(ROW, { timeout: 60_000 });
      await sleep(1000);
      for (const times of [cold, warm]) {
        const t0 = await page.evaluate(() => performance.now());
        await t.link(page).click();
        await page.getByRole('heading', { level: 1, name: t.heading }).waitFor({ timeout: 30_000 });
        times.push(await page.evaluate((t0) => performance.now() - t0, t0));
        await page.goBack();
        await page.waitForSelector(ROW, { timeout: 60_000 });
        await sleep(300);
      }
      await ctx.close();
    }
    out[name] = { cold, warm };
  }
  return out;
}

/**
 * Navigation -> `selector` first in the DOM, for each target ({name, url, selector}), in fresh
 * contexts. The targets take turns, load after load, so that they share the machine's state:
 * on this 2-core VM, the same page's median moves by tens of ms between runs minutes apart, and
 * turn-taking keeps the comparison with the floors fair. Load 0 of each is left out (the first
 * pages of a new browser process are slower).
 */
async function loadTimes(browser, targets, runs) {
  const times = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let i = 0; i <= runs; i++) {
    for (const t of targets) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.addInitScript(probe(t.selector));
      const at = await loadUntilProbe(page, t.url);
      if (i > 0) times[t.name].push(at);
      await ctx.close();
    }
  }
  return times;
}

/** The files (not /api/) a first load of the list requests until its first rows show
 *  (`atRows`: the budget's definition) and until 2 s after them (`after`: what is deferred
 *  until the rows show, such as the history's chunk, counts there). */
async function firstLoadFiles(browser, serverUrl) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const fetched = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (!p.startsWith('/api/')) fetched.push(p.slice(1));
  });
  await page.addInitScript(FIRST_ROW_PROBE);
  const firstRow = await loadUntilProbe(page, serverUrl + '/?state=all');
  await sleep(2000);
  const after = [...fetched];
  // Which of them the page asked for by the time the first row was in the DOM, on the page's
  // own clock (resource timing's startTime): Playwright's request events and the probe's
  // console message arrive out of order, and page.goto waits for the load event. A file that
  // resource timing does not list counts as fetched before the rows.
  const started = new Map(await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => [new URL(e.name).pathname.slice(1), e.startTime])));
  const atRows = after.filter((f) => !started.has(f) || started.get(f) <= firstRow);
  await ctx.close();
  return { atRows, after };
}

/**
 * Runs `act` in the page and resolves with {work, frame}: `work` is the ms until `done()` holds
 * and the new DOM is styled and laid out (a forced layout, so it does not wait for the display's
 * next frame); `frame` the ms until the next animation frame after that, which adds the wait for
 * the frame boundary (0–16.7 ms, by chance). Both arguments are strings of JS.
 */
async function timeInteraction(page, act, done) {
  return page.evaluate(async ({ act, done }) => {
    const isDone = new Function(`return (${done})`);
    const t0 = performance.now();
    new Function(act)();
    await new Promise((resolve, reject) => {
      const check = () => { if (isDone()) { obs.disconnect(); clearTimeout(timer); resolve(); } };
      const obs = new MutationObserver(check);
      obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      const timer = setTimeout(() => { obs.disconnect(); reject(new Error('timeout: ' + done)); }, 10_000);
      queueMicrotask(check);
    });
    document.body.getBoundingClientRect(); // style and layout, now
    const work = performance.now() - t0;
    await new Promise((r) => requestAnimationFrame(() => r()));
    return { work, frame: performance.now() - t0 };
  }, { act, done });
}

const SEARCH_INPUT = `(document.querySelector('input[type=search]') || document.querySelector('input[aria-label*="earch" i]'))`;
const setSearch = (v) => `const i = ${SEARCH_INPUT}; i.value = ${JSON.stringify(v)}; i.dispatchEvent(new Event('input', { bubbles: true }));`;
const rowsAll = (pred) => `(() => { const r = [...document.querySelectorAll(${JSON.stringify(ROW)})]; return r.length > 0 && r.every(a => ${pred}); })()`;
// The state filter: a radio or a select option named after the state.
const pickState = (label) => `
  const want = ${JSON.stringify(label)}.toLowerCase();
  const radio = [...document.querySelectorAll('input[type=radio]')].find(r => (r.labels?.[0]?.textContent || r.value).trim().toLowerCase().startsWith(want));
  if (radio) { radio.click(); } else {
    const sel = [...document.querySelectorAll('select')].find(s => [...s.options].some(o => o.text.trim().toLowerCase().startsWith(want)));
    const opt = [...sel.options].find(o => o.text.trim().toLowerCase().startsWith(want));
    sel.value = opt.value; sel.dispatchEvent(new Event('change', { bubbles: true }));
  }`;
const rowState = `a.closest('tr').textContent.toLowerCase()`;

async function scale(browser, serverUrl, sim) {
  const render = (await loadTimes(browser, [{ name: 'console', url: serverUrl + '/?state=all', selector: ROW }], RUNS)).console;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.addInitScript(FIRST_ROW_PROBE);
  await loadUntilProbe(page, serverUrl + '/?state=all');
  await sleep(500);
  const keystroke = [];
  const filter = [];
  const keystrokeFrame = [];
  const filterFrame = [];
  // Each interaction starts on a settled page, as a person's would: a filter switch makes the
  // list fetch that state from TiCDC (for 10,000 changefeeds, ~40 ms of decoding about 0.3 s
  // later) and new rows in view fetch their sink URIs; back to back, that work would land inside
  // the next measured interaction instead.
  const settle = () => sleep(SETTLE_MS);
  for (let i = 0; i < INTERACTIONS; i++) {
    const k = await timeInteraction(page, setSearch('7'), rowsAll(`a.textContent.includes('7')`));
    keystroke.push(k.work); keystrokeFrame.push(k.frame);
    await settle();
    await timeInteraction(page, setSearch(''), `document.querySelectorAll(${JSON.stringify(ROW)}).length > 0`);
    await settle();
    const f = await timeInteraction(page, pickState('stopped'), rowsAll(`${rowState}.includes('stopped')`));
    filter.push(f.work); filterFrame.push(f.frame);
    await settle();
    await timeInteraction(page, pickState('all'), rowsAll('true') + ` && [...document.querySelectorAll(${JSON.stringify(ROW)})].some(a => !${rowState}.includes('stopped'))`);
    await settle();
  }
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  const domNodes = metrics.find((m) => m.name === 'Nodes')?.value;
  const rowsInDom = await page.evaluate(() => document.querySelectorAll('tbody tr').length);
  await ctx.close();
  return { render, keystroke, filter, keystrokeFrame, filterFrame, heap, domNodes, rowsInDom };
}

/** Counts the rows re-created in one refresh after 1 % of the changefeeds changed state. */
async function partialRefresh(browser, serverUrl, sim, ids) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(serverUrl + '/?state=all');
  await page.waitForSelector(ROW, { timeout: 60_000 });
  await sleep(4000); // let the sink column settle
  const changed = ids.filter((_, i) => i % 100 === 0);
  await page.evaluate(() => {
    window.__rowsAdded = 0; window.__rowsRemoved = 0; window.__textChanges = 0;
    new MutationObserver((ms) => {
      for (const m of ms) {
        if (m.type === 'characterData') window.__textChanges++;
        for (const n of m.addedNodes) if (n.nodeName === 'TR') window.__rowsAdded++;
        for (const n of m.removedNodes) if (n.nodeName === 'TR') window.__rowsRemoved++;
      }
    }).observe(document.querySelector('tbody'), { childList: true, subtree: true, characterData: true });
  });
  for (const id of changed) {
    await fetch(`${sim.url}/sim/changefeeds/${id}/fault`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'warning', code: 'CDC:ErrKafkaSendMessage', message: 'bench: injected' }) });
  }
  // Wait for one full refresh to show the first changed row.
  await page.waitForFunction((id) => {
    const a = document.querySelector(`tbody tr a[href="/changefeeds/${id}"]`);
    return a && a.closest('tr').textContent.toLowerCase().includes('warning');
  }, changed[0], { timeout: 30_000 });
  await sleep(200);
  const visibleIds = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((a) => a.textContent.trim()), ROW);
  const changedInView = visibleIds.filter((id) => changed.includes(id)).length;
  const counts = await page.evaluate(() => ({ added: window.__rowsAdded, removed: window.__rowsRemoved, text: window.__textChanges }));
  await ctx.close();
  return { changedTotal: changed.length, rowsInView: visibleIds.length, changedInView, ...counts };
}

/** With every response delayed 2 s: the most requests in flight at once, per polled view. */
async function slowBackend(browser, serverUrl, sim) {
  await fetch(`${sim.url}/sim/delay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: 2000 }) });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const group = (u) => {
    const p = new URL(u).pathname;
    if (!p.startsWith('/api/')) return null;
    if (/^\/api\/v2\/(status|health|captures)$/.test(p)) return 'header (status, health, captures)';
    if (/^\/api\/v2\/changefeeds$/.test(p)) return 'changefeed list';
    if (/^\/api\/v2\/tso$/.test(p)) return 'lag clock (tso)';
    if (/^\/api\/v2\/changefeeds\/[^/]+$/.test(p)) return 'sink column (changefeed detail)';
    return p;
  };
  const inflight = {}; const max = {}; const count = {};
  page.on('request', (r) => { const g = group(r.url()); if (!g) return; inflight[g] = (inflight[g] || 0) + 1; max[g] = Math.max(max[g] || 0, inflight[g]); count[g] = (count[g] || 0) + 1; });
  const done = (r) => { const g = group(r.url()); if (g) inflight[g]--; };
  page.on('requestfinished', done); page.on('requestfailed', done);
  await page.goto(serverUrl + '/');
  await sleep(20_000);
  await ctx.close();
  await fetch(`${sim.url}/sim/delay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: 0 }) });
  return { maxInFlight: max, requests: count };
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const results = { date: new Date().toISOString(), runs: RUNS, interactions: INTERACTIONS };
  const floorDist = path.join(ROOT, 'tools', 'bench', 'hello', 'dist');
  const listFloorDist = path.join(ROOT, 'tools', 'bench', 'listfloor', 'dist');
  const distSizes = (dir) => fs.readdirSync(dir).filter((f) => /\.(wasm|js)$/.test(f)).map((f) => sizes(f, dir));
  if (fs.existsSync(floorDist)) results.floor = distSizes(floorDist);
  if (fs.existsSync(listFloorDist)) results.listFloor = distSizes(listFloorDist);
  const browser = await launchBrowser();
  try {
    {
      const sim = await startSimulator(['--changefeeds', '50', '--captures', '3']);
      const server = await serveDist(() => sim.url);
      const hello = results.floor && await serveDist(() => 'http://127.0.0.1:9', floorDist);
      const listFloor = results.listFloor && await serveDist(() => sim.url, listFloorDist);
      results.wire = wireSizes(await firstLoadFiles(browser, server.url));
      const targets = [{ name: 'console', url: server.url + '/?state=all', selector: ROW }];
      if (listFloor) targets.push({ name: 'listFloor', url: listFloor.url + '/', selector: ROW });
      if (hello) targets.push({ name: 'hello', url: hello.url + '/', selector: 'body p' });
      const t = await loadTimes(browser, targets, RUNS);
      results.firstRows50 = t.console;
      results.listFloorFirstRows = t.listFloor;
      results.floorFirstPaint = t.hello;
      if (want('nav')) results.navigation = await navigations(browser, server.url, RUNS);
      for (const s of [server, hello, listFloor]) if (s) await s.close();
      await sim.stop();
    }
    if (want('scale')) {
      const sim = await startSimulator(['--changefeeds', '10000', '--captures', '3']);
      const server = await serveDist(() => sim.url);
      results.scale10k = await scale(browser, server.url, sim);
      await server.close(); await sim.stop();
    }
    if (want('partial')) {
      // Time stands still (one tick a day): only the injected faults change between refreshes.
      const sim = await startSimulator(['--changefeeds', '10000', '--captures', '3', '--tick-ms', '86400000']);
      const server = await serveDist(() => sim.url);
      const list = await (await fetch(`${sim.url}/api/v2/changefeeds?state=all`)).json();
      results.partialRefresh = await partialRefresh(browser, server.url, sim, list.items.map((c) => c.id));
      await server.close(); await sim.stop();
    }
    if (want('slow')) {
      const sim = await startSimulator(['--changefeeds', '50']);
      const server = await serveDist(() => sim.url);
      results.slowBackend = await slowBackend(browser, server.url, sim);
      await server.close(); await sim.stop();
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  report(results);
}

function report(r) {
  const kb = (b) => `${round(b / 1000, 1)} kB`;
  const line = (name, value, budget, ok) => console.log(`${ok ? 'ok  ' : 'OVER'}  ${name.padEnd(48)} ${String(value).padStart(12)}   budget ${budget}`);
  console.log('\nBytes on the wire (first load: what the browser requested until the first rows showed, * = only in the 2 s after them):');
  for (const f of r.wire.rows) console.log(`    ${r.wire.atRows.includes(f.file) ? ' ' : '*'} ${f.file.padEnd(44)} raw ${String(f.raw).padStart(8)}  gzip ${String(f.gzip).padStart(8)}  brotli ${String(f.brotli).padStart(8)}`);
  line('total gzip until the rows show (wasm + js + css)', kb(r.wire.totalAtRows.gzip), kb(BUDGET.gzipTotal), r.wire.totalAtRows.gzip <= BUDGET.gzipTotal);
  console.log(`      until the rows show: raw ${kb(r.wire.totalAtRows.raw)}, brotli ${kb(r.wire.totalAtRows.brotli)}`);
  console.log(`      until 2 s after the rows: gzip ${kb(r.wire.total.gzip)}, raw ${kb(r.wire.total.raw)}, brotli ${kb(r.wire.total.brotli)}`);
  console.log('      fetched on demand when another page is first opened:');
  for (const f of r.wire.demand) console.log(`      ${f.file.padEnd(44)} raw ${String(f.raw).padStart(8)}  gzip ${String(f.gzip).padStart(8)}  brotli ${String(f.brotli).padStart(8)}`);
  console.log(`      on-demand total gzip ${kb(r.wire.demandTotal.gzip)}`);
  if (r.floor) console.log(`      Leptos hello-world floor: ${r.floor.map((f) => `${f.file} gzip ${kb(f.gzip)}`).join(', ')}`);
  if (r.listFloor) console.log(`      list floor (router, gloo-net, serde_json, a keyed table): ${r.listFloor.map((f) => `${f.file} gzip ${kb(f.gzip)}`).join(', ')}; total ${kb(r.listFloor.reduce((n, f) => n + f.gzip, 0))}`);
  console.log('\nTimings (median of ' + r.runs + ' runs, ms):');
  const m50 = median(r.firstRows50);
  line('navigation -> first rows, 50 changefeeds', round(m50), BUDGET.firstRows50, m50 <= BUDGET.firstRows50);
  if (r.floorFirstPaint) console.log(`      floor: navigation -> the Leptos hello-world's text ${round(median(r.floorFirstPaint))} ms`);
  if (r.listFloorFirstRows) console.log(`      list floor: navigation -> first rows ${round(median(r.listFloorFirstRows))} ms`);
  if (r.navigation) {
    for (const [name, n] of Object.entries(r.navigation)) {
      console.log(`      list -> ${name} page: first time (chunk fetched) ${round(median(n.cold))} ms, again ${round(median(n.warm))} ms`);
    }
  }
  const s = r.scale10k;
  if (s) {
  line('10k: navigation -> first rows', round(median(s.render)), BUDGET.firstRender10k, median(s.render) <= BUDGET.firstRender10k);
  console.log(`      (interactions: median of ${r.interactions}; 90th percentile: keystroke ${round(p90(s.keystroke))}, filter switch ${round(p90(s.filter))})`);
  line('10k: search keystroke -> laid out', round(median(s.keystroke)), BUDGET.keystroke, median(s.keystroke) <= BUDGET.keystroke);
  line('10k: state-filter switch -> laid out', round(median(s.filter)), BUDGET.filterSwitch, median(s.filter) <= BUDGET.filterSwitch);
  console.log(`      to the next animation frame (adds the wait for the frame boundary): keystroke ${round(median(s.keystrokeFrame))}, filter switch ${round(median(s.filterFrame))}`);
  console.log(`      10k: JS heap after load ${kb(s.heap)}; DOM nodes ${s.domNodes}; table rows in the DOM ${s.rowsInDom}`);
  }
  const p = r.partialRefresh;
  if (p) {
  line('1 % changed: rows re-created / changed in view', `${p.added} / ${p.changedInView}`, '= changed in view', p.added <= p.changedInView);
  console.log(`      (${p.changedTotal} of 10,000 changed; ${p.rowsInView} rows in view; ${p.text} text updates, e.g. lag)`);
  }
  if (r.slowBackend) {
    console.log('\nSlow backend (2 s per response), most requests in flight at once, per polled view:');
    for (const [g, n] of Object.entries(r.slowBackend.maxInFlight)) line(`  ${g}`, n, 1, n <= 1);
  }
  console.log(`\nraw figures: bench/out/results.json`);
}

main().catch((e) => { console.error(e); process.exit(1); });
