// Benchmark of the page's import (a measurement for the README "Real traffic", not a test).
//
//   node tests/e2e/bench-import.mjs [ROWS]      (default 1,000,000 rows per file)
//
// Serves `dist-bench/` (the bench build, `cargo xtask build --bench`: the release page with
// the `ptcalc:*` performance measures read below) on a free loopback port unless PTCALC_URL
// is set, writes two generated CSVs of ROWS rows to a temporary folder (a
// per-request log with the simulator header, and a wide CSV with one row per 15 s) and picks
// each in a fresh page. Prints JSON per file:
//   bytes, rows
//   first_result_ms     the file picked (the input's change event) → the outcome shown
//                       (#import-result) → the next animation frame, i.e. the figures on screen;
//   result_text         what the page said it read;
//   longest_frame_gap_ms  the longest time between two animation frames during the import
//                       (how long the page could not paint or answer input);
//   long_tasks, longest_task_ms   tasks over 50 ms (PerformanceObserver "longtask");
//   wasm_memory_mb      the WebAssembly memory after the import (it only grows, so this is
//                       its peak): bounded by the period's minutes, not the file's size;
//   js_heap_peak_mb     the largest JS heap seen (performance.memory, sampled every frame);
//   steps               the page's `ptcalc:*` performance measures during the import (count,
//                       total and longest ms): the decoding of the worker's answer
//                       (import-decode; the parsing itself runs in the tools' worker, whose
//                       measures the page does not see), the steps after reading
//                       (import-describe, import-sort, import-summarize, import-set) and the
//                       evaluation; wasm_memory_mb is the page's module only.

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "./harness.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ROWS = Number(process.argv[2] ?? 1_000_000);

const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** Serves `dir` on a free loopback port; resolves to `{ url, close }`. */
function serve(dir) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() }),
    ),
  );
}

/** A seeded generator (LCG), so every run reads the same bytes. */
function lcg(seed) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

/** Writes `rows` rows from `row(i)` after `header`, in blocks (never the whole file in memory). */
function write(file, header, rows, row) {
  const fd = fs.openSync(file, "w");
  let block = [header];
  for (let i = 0; i < rows; i++) {
    block.push(row(i));
    if (block.length === 20_000) {
      fs.writeSync(fd, block.join("\n") + "\n");
      block = [];
    }
  }
  if (block.length) fs.writeSync(fd, block.join("\n") + "\n");
  fs.closeSync(fd);
  return file;
}

const START_MS = Date.UTC(2025, 7, 18);
const stamp = (ms) => new Date(ms).toISOString().slice(0, 19);

function requestLog(dir, rows) {
  const rand = lcg(1);
  let t = START_MS;
  return write(path.join(dir, "request-log.csv"), "timestamp [UTC],input tokens,output tokens,total tokens", rows, () => {
    t += Math.floor(rand() * 160); // about 12 requests per second: 1M rows ≈ 22 hours
    const input = 200 + Math.floor(rand() * 4000);
    const output = 20 + Math.floor(rand() * 600);
    return `${stamp(t).replace("T", " ")},${input},${output},${input + output}`;
  });
}

function wideCsv(dir, rows) {
  const rand = lcg(2);
  return write(path.join(dir, "wide.csv"), "timestamp,input_tokens,cached_tokens,output_tokens", rows, (i) => {
    const input = Math.floor(10_000 * (0.8 + 0.4 * rand()));
    return `${stamp(START_MS + i * 15_000)}Z,${input},${input >> 2},${Math.floor(input / 7)}`;
  });
}

async function measure(browser, url, file) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.addEventListener("TrunkApplicationStarted", (e) => {
      window.__wasmMemory = e.detail?.wasm?.memory;
    });
  });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "ready", null, {
    timeout: 30_000,
  });
  await page.evaluate(() => {
    const w = window;
    w.__bench = { gap: 0, heap: 0, tasks: [], picked: null, shown: null };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.tasks.push(e.duration);
    }).observe({ type: "longtask" });
    document.querySelector("#import-file").addEventListener(
      "change",
      () => {
        w.__bench.picked = performance.now();
      },
      { capture: true },
    );
    new MutationObserver(() => {
      if (w.__bench.shown === null && document.querySelector("#import-result, #import-error")) {
        requestAnimationFrame(() => {
          w.__bench.shown = performance.now();
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
    let last = performance.now();
    const tick = (now) => {
      if (w.__bench.picked !== null && w.__bench.shown === null) w.__bench.gap = Math.max(w.__bench.gap, now - last);
      w.__bench.heap = Math.max(w.__bench.heap, performance.memory?.usedJSHeapSize ?? 0);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.locator("#import-file").setInputFiles(file);
  await page.waitForFunction(() => window.__bench.shown !== null, null, { timeout: 120_000 });
  const b = await page.evaluate(() => ({
    ...window.__bench,
    wasm: window.__wasmMemory?.buffer.byteLength ?? null,
    text: document.querySelector("#import-result, #import-error")?.textContent,
    steps: performance
      .getEntriesByType("measure")
      .filter((e) => e.name.startsWith("ptcalc:") && e.startTime >= window.__bench.picked)
      .reduce((acc, e) => {
        const s = (acc[e.name.slice(7)] ??= { count: 0, total_ms: 0, max_ms: 0 });
        s.count += 1;
        s.total_ms += e.duration;
        s.max_ms = Math.max(s.max_ms, e.duration);
        return acc;
      }, {}),
  }));
  for (const s of Object.values(b.steps)) {
    s.total_ms = Math.round(s.total_ms);
    s.max_ms = Math.round(s.max_ms);
  }
  await page.close();
  const mb = (x) => (x === null ? null : Math.round((x / 2 ** 20) * 10) / 10);
  return {
    file: path.basename(file),
    bytes: fs.statSync(file).size,
    rows: ROWS,
    first_result_ms: Math.round(b.shown - b.picked),
    result_text: b.text,
    longest_frame_gap_ms: Math.round(b.gap),
    long_tasks: b.tasks.length,
    longest_task_ms: Math.round(Math.max(0, ...b.tasks)),
    wasm_memory_mb: mb(b.wasm),
    js_heap_peak_mb: mb(b.heap),
    steps: b.steps,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ptcalc-bench-import-"));
const benchDist = path.join(ROOT, "dist-bench");
if (!process.env.PTCALC_URL && !fs.existsSync(path.join(benchDist, "index.html"))) {
  throw new Error("no dist-bench/index.html: build the bench page first (cargo xtask build --bench)");
}
const server = process.env.PTCALC_URL ? null : await serve(benchDist);
const url = process.env.PTCALC_URL ?? server.url;
const browser = await launchBrowser();
try {
  const files = [requestLog(dir, ROWS), wideCsv(dir, ROWS)];
  const results = [];
  for (const file of files) results.push(await measure(browser, url, file));
  console.log(JSON.stringify({ chromium: browser.version(), results }, null, 2));
} finally {
  await browser.close();
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
