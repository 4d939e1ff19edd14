// Browser benchmark of the release page (a measurement for the README, not a timed test).
//
//   node tests/e2e/bench.mjs            (PTCALC_URL as for the tests; default: cargo xtask serve)
//
// Prints JSON:
//   first_render_ms   navigation start → first complete render (the app's `ptcalc-ready`
//                     performance mark: verdict, figures, tables and all five charts in the DOM),
//                     median over fresh page loads;
//   input_to_charts_ms  an input change (typing into "Input tokens per minute") → all five
//                     charts' SVG replaced in the DOM, median of 50;
//   input_to_frame_ms   the same, to the next animation frame after that (the redraw on screen).

import { appUrl, launchBrowser } from "./harness.mjs";

const LOADS = Number(process.env.BENCH_LOADS ?? 15);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 50);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

const browser = await launchBrowser();
try {
  const version = browser.version();
  const firstRender = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(appUrl());
    await page.waitForFunction(() => performance.getEntriesByName("ptcalc-ready").length > 0, null, {
      timeout: 30_000,
    });
    firstRender.push(await page.evaluate(() => performance.getEntriesByName("ptcalc-ready")[0].startTime));
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(appUrl());
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "ready");
  const runs = await page.evaluate(async (changes) => {
    const input = document.querySelector("#f-in");
    const charts = [...document.querySelectorAll("[data-chart] .chart-svg")];
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const out = [];
    for (let i = 0; i < changes; i++) {
      await frame();
      const changed = new Set();
      const done = new Promise((resolve) => {
        const observer = new MutationObserver((records) => {
          for (const r of records) {
            const chart = charts.find((c) => c === r.target || c.contains(r.target));
            if (chart) changed.add(chart);
          }
          if (changed.size === charts.length) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        for (const c of charts) observer.observe(c, { childList: true, subtree: true });
      });
      // A new value each time (400k, 410k, …) so every chart really changes.
      const t0 = performance.now();
      input.value = `${400 + 10 * (i + 1)}k`;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      const tDom = await done;
      await frame();
      const tFrame = performance.now();
      out.push({ dom: tDom - t0, frame: tFrame - t0 });
    }
    return out;
  }, CHANGES);
  await context.close();

  const result = {
    browser: `Chromium ${version} (headless)`,
    first_render_ms: { median: round(median(firstRender)), runs: firstRender.length },
    input_to_charts_ms: { median: round(median(runs.map((r) => r.dom))), runs: runs.length },
    input_to_frame_ms: { median: round(median(runs.map((r) => r.frame))), runs: runs.length },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
}
