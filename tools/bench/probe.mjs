// The first-row probe shared by bench.mjs and timeline.mjs.

/** The first changefeed row of the list (and of tools/bench/listfloor). */
export const ROW = 'tbody tr a[href^="/changefeeds/"]';

/** An init script that notes when `selector` first matches, in `window.__firstRowAt` (ms from
 *  navigation start), and says so on the console. Waiting for that console message, rather than
 *  with `waitForFunction`, keeps Playwright's injected script off the page's main thread while
 *  it loads (evaluating it takes ~20 ms there, in the middle of the measured time). */
export const probe = (selector) => `
  new MutationObserver((_, obs) => {
    if (document.querySelector(${JSON.stringify(selector)})) {
      window.__firstRowAt = performance.now(); obs.disconnect(); console.debug('bench:probe');
    }
  }).observe(document, { childList: true, subtree: true });
`;

/** Opens `url` in `page` (with a `probe` init script) and resolves with the probe's time. */
export async function loadUntilProbe(page, url) {
  const seen = page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:probe', timeout: 60_000 });
  await page.goto(url);
  await seen;
  return page.evaluate(() => window.__firstRowAt);
}
