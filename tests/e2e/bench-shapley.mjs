// `node tests/e2e/bench-shapley.mjs [RUNS]` with PTCALC_URL at a served release `dist/`
// (e.g. `python3 -m http.server --directory dist`): the README's background Shapley figures.
// The longest main-thread task while the page splits a 10-workload pool by Shapley:
// longtask entries (over 50 ms) and an event-loop probe (the longest gap between
// consecutive setTimeout(0) callbacks, which is the longest task in between plus the timer).
import { launchBrowser, appUrl, PORTFOLIO_10 } from "./harness.mjs";
const TEN = PORTFOLIO_10;
const runs = Number(process.argv[2] ?? 3);
const browser = await launchBrowser();
for (let r = 0; r < runs; r++) {
  const page = await browser.newPage();
  await page.goto(appUrl(`?${TEN}`));
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "ready", null, { timeout: 60000 });
  await page.locator("#portfolio-verdict").waitFor();
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: "longtask" });
    window.__gaps = [];
    window.__probe = true;
    let last = performance.now();
    const tick = () => { const now = performance.now(); window.__gaps.push(now - last); last = now; if (window.__probe) setTimeout(tick, 0); };
    setTimeout(tick, 0);
  });
  const t0 = Date.now();
  await page.check('#chargeback-rule input[value="shapley"]');
  await page.waitForFunction(() => !document.querySelector("#shapley-progress") && document.querySelector('#chargeback[data-rule="shapley"]'), null, { timeout: 120000, polling: 20 });
  const wall = Date.now() - t0;
  const out = await page.evaluate(() => { window.__probe = false; const g = window.__gaps.slice().sort((a, b) => b - a); return { long: window.__long, maxGap: g[0], p95: g[Math.floor(g.length * 0.05)], n: g.length }; });
  console.log(JSON.stringify({ run: r + 1, wall_ms: wall, longtasks_ms: out.long.map((d) => Math.round(d)), longest_gap_ms: +out.maxGap.toFixed(1), p95_gap_ms: +out.p95.toFixed(1), gaps: out.n }));
  await page.close();
}
await browser.close();
