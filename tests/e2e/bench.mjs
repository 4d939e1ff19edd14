// Browser benchmark of the page (a measurement for the README, not a timed test), run against
// the bench build: the release page with ptcalc-web's `bench` feature, whose performance
// marks and measures (`ptcalc-ready`, `ptcalc:*`) and hidden `?bench=` this reads. The
// release page has neither.
//
//   cargo xtask serve --bench --port 8081 &   (builds dist-bench/ and serves it)
//   PTCALC_URL=http://127.0.0.1:8081/ node tests/e2e/bench.mjs
//   BENCH_TRACE=trace.json node tests/e2e/bench.mjs   (also writes a Chromium trace of the edits)
//
// Prints JSON:
//   first_render_ms   navigation start → first complete render (the app's `ptcalc-ready`
//                     performance mark), median over fresh page loads;
//   scenarios.{default,imported}  an input change (a new value typed into "Input tokens per
//                     minute") measured two ways, median / 95th percentile / max of CHANGES:
//     input_to_dom_ms     → every figure and every chart on screen updated in the DOM;
//     input_to_frame_ms   → the frame that shows it painted (the task after that frame's
//                          animation-frame callbacks, i.e. after its style, layout and paint);
//     input_to_frame_start_ms → that frame's animation-frame callbacks (its style, layout
//                          and paint follow; the task above can also wait for work the page
//                          defers to after the frame);
//     breakdown_ms        the page's own Performance API measures per change (`ptcalc:*`:
//                          analysis, chart models, drawing, DOM update, and the verdict's
//                          range, which the page computes after the frame), median;
//     render_ms           from a Chromium trace of the same edits (BENCH_TRACE or not): style,
//                          layout, paint and compositing on the page's main thread per change.
//     hover               the hybrid chart's readout under a pointer moving twice a frame:
//                          frames, dropped frames, readout updates;
//   "imported" is a 43,200-minute per-minute usage file (30 days, generated here) imported
//   through the page's import panel, then reopened from its `load=` link; "portfolio10" is a
//   portfolio link of 10 workloads on one model (PORTFOLIO_10, harness.mjs): the edit changes the
//   workload the form edits and is done when the portfolio's answer shows the new total too
//   (the whole portfolio re-priced: ten evaluations and the pooled one, `ptcalc:portfolio`).
//   compare_ms: the comparison panel (`ptcalc:compare`) of the default scenario on its default
//   list (the same model everywhere) and on every bundled offering (`cmp=all`), median of
//   COMPARE_LOADS fresh loads;
//   month_per_second: the page's hidden `?bench=2592000` query (crates/ptcalc-web/src/bench.rs):
//   a 2,592,000-point series prepared, swept and drawn as the load-duration chart.
//
// An edit lands at a pseudo-random phase of the display's frame (seeded, so runs compare), as
// typing does: the time to the next painted frame includes the wait for it (0–16.7 ms at 60 Hz).

import { writeFileSync } from "node:fs";
import { appUrl, launchBrowser, PORTFOLIO_10 } from "./harness.mjs";

const LOADS = Number(process.env.BENCH_LOADS ?? 15);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 60);
const TRACE_CHANGES = 20;
const COMPARE_LOADS = Number(process.env.BENCH_COMPARE_LOADS ?? 5);
const TIMEOUT_MS = 60_000;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return q === 0.5 && s.length % 2 === 0 ? (s[s.length / 2 - 1] + s[s.length / 2]) / 2 : s[i];
};
const round = (x) => Math.round(x * 10) / 10;
const stats = (xs) => ({
  median: round(quantile(xs, 0.5)),
  p95: round(quantile(xs, 0.95)),
  max: round(Math.max(...xs)),
  runs: xs.length,
});

/** 30 days of per-minute usage as a wide CSV: a weekday/weekend day curve, noise, bursts. */
function usageCsv(minutes = 43_200) {
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const start = Date.UTC(2025, 8, 1); // Monday 1 September 2025
  const rows = ["timestamp,input_tokens,cached_tokens,cache_write_tokens,output_tokens"];
  let burst = 0;
  for (let m = 0; m < minutes; m++) {
    const hour = (m / 60) % 24;
    const weekend = Math.floor(m / 1440) % 7 >= 5;
    const day = 0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI));
    if (burst === 0 && rand() < 0.002) burst = 5 + Math.floor(rand() * 40);
    const boost = burst > 0 ? 2.5 : 1;
    if (burst > 0) burst--;
    const input = Math.round(40_000 * day * (weekend ? 0.45 : 1) * boost * (0.8 + 0.4 * rand()));
    const ts = new Date(start + m * 60_000).toISOString().replace(".000Z", "Z");
    rows.push(`${ts},${input},${Math.round(input * 0.2)},${Math.round(input * 0.03)},${Math.round(input * 0.15)}`);
  }
  return rows.join("\n") + "\n";
}


async function openReady(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "ready", null, {
    timeout: TIMEOUT_MS,
  });
  return { context, page };
}

/** The `load=` link of the generated usage file, imported through the page's panel. */
async function importedUrl(browser) {
  const { context, page } = await openReady(browser, appUrl());
  await page.locator("#import-file").setInputFiles({
    name: "month.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(usageCsv()),
  });
  await page.waitForSelector("#import-result, #import-error", { timeout: TIMEOUT_MS });
  const error = await page.locator("#import-error").count();
  if (error > 0) throw new Error(`import failed: ${await page.locator("#import-error").textContent()}`);
  await page.waitForFunction(() => new URL(location.href).searchParams.get("load") !== null, null, {
    timeout: TIMEOUT_MS,
  });
  const summary = await page.locator("#import-result").textContent();
  const url = page.url();
  await context.close();
  return { url, summary };
}

/**
 * Runs `changes` edits in the page and returns one record per edit. `extra`: selectors of
 * further elements that must change before the edit counts as shown (the portfolio's answer).
 */
function edits(page, changes, first, extra = []) {
  return page.evaluate(
    async ({ changes, first, extra }) => {
      const input = document.querySelector("#f-in");
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
      // The task after the next frame's animation-frame callbacks: that frame is painted.
      // Also when that frame's animation-frame callbacks ran (`started`): its style, layout
      // and paint follow at once, while the task after it can queue behind the page's own
      // work deferred to after the frame (the portfolio's load charts).
      let started = 0;
      const afterNextPaint = () =>
        new Promise((resolve) =>
          requestAnimationFrame(() => {
            started = performance.now();
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now());
            channel.port2.postMessage(0);
          }),
        );
      const onScreen = (el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight && r.width > 0;
      };
      let seed = 7;
      const phase = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return (seed / 2147483648) * 16;
      };
      const out = [];
      for (let i = 0; i < changes; i++) {
        await frame();
        await new Promise((resolve) => setTimeout(resolve, phase()));
        // Every chart on screen must change, and the key figures (the on-demand cost).
        const charts = [...document.querySelectorAll("[data-chart] .chart-svg")].filter(onScreen);
        const figure = document.querySelector('[data-figure="on-demand"] .value');
        const more = extra.map((sel) => document.querySelector(sel)).filter((el) => el !== null);
        const watched = [...charts, ...(figure ? [figure] : []), ...more];
        const changed = new Set();
        const done = new Promise((resolve) => {
          const observer = new MutationObserver((records) => {
            for (const r of records) {
              const el = watched.find((c) => c === r.target || c.contains(r.target));
              if (el) changed.add(el);
            }
            if (changed.size === watched.length) {
              observer.disconnect();
              resolve(performance.now());
            }
          });
          for (const c of watched) {
            observer.observe(c, { childList: true, subtree: true, characterData: true, attributes: true });
          }
        });
        performance.clearMeasures();
        // A new value each time so every chart really changes.
        const t0 = performance.now();
        input.value = `${first + 10 * (i + 1)}k`;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        const tDom = await done;
        const tFrame = await afterNextPaint();
        const tStarted = started;
        // Work the page defers until after the frame (the verdict's range) lands here.
        await afterNextPaint();
        await new Promise((resolve) => setTimeout(resolve, 0));
        const parts = {};
        for (const m of performance.getEntriesByType("measure")) {
          if (m.name.startsWith("ptcalc:")) parts[m.name] = (parts[m.name] ?? 0) + m.duration;
        }
        out.push({ dom: tDom - t0, frame: tFrame - t0, frameStart: tStarted - t0, parts, charts: charts.length, extra: more.length });
      }
      return out;
    },
    { changes, first, extra },
  );
}

/** Main-thread rendering time per edit from a Chromium trace of `TRACE_CHANGES` edits. */
async function traced(browser, page, first, file, extra) {
  await browser.startTracing(page, { categories: ["devtools.timeline", "blink.user_timing"] });
  await edits(page, TRACE_CHANGES, first, extra);
  const buffer = await browser.stopTracing();
  if (file) writeFileSync(file, buffer);
  const events = JSON.parse(buffer.toString()).traceEvents ?? [];
  const groups = {
    style: ["UpdateLayoutTree", "RecalculateStyles", "ParseHTML"],
    layout: ["Layout"],
    paint: ["PrePaint", "Paint", "PaintImage", "Layerize", "UpdateLayer", "Commit", "RasterTask"],
    script: ["FunctionCall", "EventDispatch", "FireAnimationFrame", "RunMicrotasks", "v8.callFunction"],
  };
  // The renderer's main thread: where the user-timing marks of the page land.
  const main = events.find((e) => e.name === "FunctionCall" || e.name === "EventDispatch");
  // Wall time and the thread's CPU time (`tdur`: what the machine's other load cannot
  // stretch much), per edit. Nested events of one group are counted once (top level only).
  const out = {};
  for (const [group, names] of Object.entries(groups)) {
    const picked = events
      .filter((e) => e.ph === "X" && names.includes(e.name) && (!main || e.tid === main.tid || group === "paint"))
      .sort((a, b) => a.ts - b.ts);
    let wall = 0;
    let cpu = 0;
    let end = -Infinity;
    for (const e of picked) {
      if (e.ts < end && e.tid === main?.tid) continue; // inside the previous one
      wall += e.dur ?? 0;
      cpu += e.tdur ?? e.dur ?? 0;
      end = Math.max(end, e.ts + (e.dur ?? 0));
    }
    out[group] = { wall: round(wall / 1000 / TRACE_CHANGES), cpu: round(cpu / 1000 / TRACE_CHANGES) };
  }
  return out;
}

/**
 * The hover readout: the pointer sweeps across the hybrid chart with two moves per frame (a
 * 120 Hz mouse) for `frames` frames. A frame is dropped when its interval is over 1.5× the
 * display's; the readout should change at most once per frame and on nearly every frame.
 */
function hover(page, frames = 120) {
  return page.evaluate(async (frames) => {
    const surface = document.querySelector('[data-chart="hybrid"] .chart-surface');
    const readout = document.querySelector("#chart-hybrid-readout");
    surface.scrollIntoView({ block: "center" });
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    await frame();
    await frame();
    const rect = surface.getBoundingClientRect();
    let changes = 0;
    const observer = new MutationObserver(() => changes++);
    observer.observe(readout, { childList: true, subtree: true, characterData: true });
    const stamps = [];
    const move = (x) =>
      surface.dispatchEvent(
        new PointerEvent("pointermove", { bubbles: true, clientX: x, clientY: rect.top + rect.height / 2 }),
      );
    for (let i = 0; i < frames; i++) {
      stamps.push(await frame());
      const at = (k) => rect.left + rect.width * (0.1 + (0.8 * ((2 * i + k) % 200)) / 200);
      move(at(0));
      setTimeout(() => move(at(1)), 8);
    }
    stamps.push(await frame());
    observer.disconnect();
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
    const display = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
    return {
      frames,
      frame_interval_ms: Math.round(display * 10) / 10,
      dropped_frames: gaps.filter((g) => g > 1.5 * display).length,
      readout_updates: changes,
    };
  }, frames);
}

async function scenario(browser, url, first, traceFile, extra = []) {
  const { context, page } = await openReady(browser, url);
  for (const sel of extra) {
    await page.waitForSelector(sel, { timeout: TIMEOUT_MS });
  }
  await edits(page, 5, first + 1000, extra); // warm-up
  const runs = await edits(page, CHANGES, first, extra);
  if (runs.some((r) => r.extra !== extra.length)) throw new Error(`${url}: not every watched element was found`);
  const render = await traced(browser, page, first + 2000, traceFile, extra);
  const pointer = await hover(page);
  await context.close();
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.parts)))].sort();
  const breakdown = Object.fromEntries(
    names.map((n) => [n.slice("ptcalc:".length), round(quantile(runs.map((r) => r.parts[n] ?? 0), 0.5))]),
  );
  return {
    charts_on_screen: runs[0]?.charts,
    input_to_dom_ms: stats(runs.map((r) => r.dom)),
    input_to_frame_ms: stats(runs.map((r) => r.frame)),
    input_to_frame_start_ms: stats(runs.map((r) => r.frameStart)),
    breakdown_ms: breakdown,
    render_ms: render,
    hover: pointer,
  };
}

const browser = await launchBrowser();
try {
  const version = browser.version();
  const firstRender = [];
  for (let i = 0; i < LOADS; i++) {
    const { context, page } = await openReady(browser, appUrl());
    await page.waitForFunction(() => performance.getEntriesByName("ptcalc-ready").length > 0, null, { timeout: 5_000 }).catch(() => {
      throw new Error(`${appUrl()} has no ptcalc-ready mark: run this against the bench build (cargo xtask serve --bench)`);
    });
    firstRender.push(await page.evaluate(() => performance.getEntriesByName("ptcalc-ready")[0].startTime));
    await context.close();
  }

  const trace = process.env.BENCH_TRACE;
  const result = {
    browser: `Chromium ${version} (headless)`,
    first_render_ms: { median: round(quantile(firstRender, 0.5)), runs: firstRender.length },
    scenarios: {
      default: await scenario(browser, appUrl(), 400, trace && `${trace}.default.json`),
    },
  };
  if (process.env.BENCH_PORTFOLIO !== "0") {
    result.scenarios.portfolio10 = {
      workloads: 10,
      ...(await scenario(browser, appUrl(`?${PORTFOLIO_10}`), 100, trace && `${trace}.portfolio10.json`, ["#portfolio-verdict"])),
    };
  }
  if (process.env.BENCH_IMPORTED !== "0") {
    const imported = await importedUrl(browser);
    result.scenarios.imported = {
      summary: imported.summary,
      ...(await scenario(browser, imported.url, 400, trace && `${trace}.imported.json`)),
    };
  }

  // The comparison: computed once the panel is open, after the first frame.
  const comparison = async (query, rows) => {
    const times = [];
    for (let i = 0; i < COMPARE_LOADS; i++) {
      const { context, page } = await openReady(browser, appUrl(query));
      if ((await page.locator("#compare").getAttribute("open")) === null) await page.click("#compare summary");
      await page.waitForFunction((n) => document.querySelectorAll("#compare-table tbody tr").length >= n, rows, { timeout: TIMEOUT_MS });
      await page.waitForFunction(() => performance.getEntriesByName("ptcalc:compare").length > 0, null, { timeout: TIMEOUT_MS });
      times.push(await page.evaluate(() => performance.getEntriesByName("ptcalc:compare").at(-1).duration));
      await context.close();
    }
    return stats(times);
  };
  result.compare_ms = {
    same_model: await comparison("?v=1&in=2M&out=200k", 2),
    all_offerings: await comparison("?v=1&in=2M&out=200k&cmp=all", 50),
  };

  // The per-second month, where the page has the hidden benchmark.
  const { context, page } = await openReady(browser, appUrl("?bench=2592000"));
  const month = await page
    .waitForFunction(() => performance.getEntriesByName("ptcalc:bench-done").length > 0, null, {
      timeout: TIMEOUT_MS / 2,
    })
    .then(() =>
      page.evaluate(() =>
        Object.fromEntries(
          performance
            .getEntriesByType("measure")
            .filter((m) => m.name.startsWith("ptcalc:bench:"))
            .map((m) => [m.name.slice("ptcalc:bench:".length), Math.round(m.duration * 10) / 10]),
        ),
      ),
    )
    .catch(() => "not available in this build (no ?bench= handler)");
  await context.close();
  result.month_per_second_ms = month;
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
}
