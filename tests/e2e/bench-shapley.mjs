// `node tests/e2e/bench-shapley.mjs [RUNS]` with PTCALC_URL at a served release `dist/`
// (e.g. `python3 -m http.server --directory dist`): the README's background Shapley figures.
// The longest main-thread task while the page splits a 10-workload pool by Shapley:
// longtask entries (over 50 ms) and an event-loop probe (the longest gap between
// consecutive setTimeout(0) callbacks, which is the longest task in between plus the timer).
import { launchBrowser, appUrl } from "./harness.mjs";
const TEN = [
  "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3",
  "name=support&in=80k&out=12k&cache=0.2&shape=business&pa=2.5",
  "name=batch&in=60k&out=6k&cache=0.3&shape=bursty&pa=4&seed=3",
  "name=reports&in=40k&out=8k&shape=bursty&pa=3&seed=11",
  "name=agent&in=50k&out=5k&cache=0.3&shape=flat",
  "name=search&in=70k&out=4k&cache=0.5&shape=business&pa=2",
  "name=triage&in=30k&out=3k&shape=flat",
  "name=summaries&in=45k&out=9k&shape=bursty&pa=5&seed=7",
  "name=coding&in=90k&out=15k&cache=0.4&shape=business&pa=3.5",
  "name=eval&in=25k&out=2k&shape=bursty&pa=6&seed=21",
].map((p, i) => (i === 0 ? p : `w=${encodeURIComponent(p)}`)).join("&");
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
