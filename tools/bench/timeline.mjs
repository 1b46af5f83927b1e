// Where the time to the first changefeed rows goes: for a few fresh page loads against a
// simulator with 50 changefeeds, the browser's resource timings (start, first byte, end, in ms
// from navigation) and when the first row appeared. On demand, after `trunk build --release`:
//   TICDC_SIMULATOR=target/release/ticdc-simulator node tools/bench/timeline.mjs
import { launchBrowser, serveDist, startSimulator } from '../../tests/e2e/harness.mjs';
import { ROW, loadUntilProbe, probe } from './probe.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 3);
const sim = await startSimulator(['--changefeeds', '50', '--captures', '3']);
const server = await serveDist(() => sim.url);
const browser = await launchBrowser();
try {
  for (let run = 0; run < RUNS; run++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.addInitScript(probe(ROW));
    await loadUntilProbe(page, `${server.url}/?state=all`);
    const lines = await page.evaluate(() => {
      const ms = (x) => x.toFixed(0).padStart(5);
      const out = performance.getEntriesByType('resource').map((e) =>
        `${e.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 56).padEnd(56)} start ${ms(e.startTime)}  first byte ${ms(e.responseStart)}  end ${ms(e.responseEnd)}`);
      out.push(`${'first changefeed row in the DOM'.padEnd(56)} at    ${ms(window.__firstRowAt)}`);
      return out;
    });
    console.log(`--- load ${run + 1}\n${lines.join('\n')}`);
    await ctx.close();
  }
} finally {
  await browser.close(); await server.close(); await sim.stop();
}
