// Measured traffic on the page: a usage export picked with the file input becomes the
// scenario's volume and `load=` summary (the same code as `ptcalc eval --usage`). Each sample
// format is read and named; each odd file of issue 9 gets its message; a refused file leaves
// the scenario, link and figures as they were; a file with several series lets the user pick
// one or all, or one workload per series (a group priced on its joint summary, the CLI's
// figures for the page's own link); the `load=` link reopens to the same figures; the traffic chart shows the file's
// average week; a large file shows progress, can be cancelled, and the page keeps painting.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cli, describeProblems, launchBrowser, openReady, TEST_DAY } from "./harness.mjs";

const TIMEOUT_MS = 20_000;
const START_TIMEOUT_MS = 30_000;
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../data/usage");

/** Each sample under tests/data/usage and the format name the page must say it read. */
const SAMPLES = [
  ["wide.csv", "CSV with one row per time step"],
  ["request-log.csv", "per-request log CSV"],
  ["azure-metrics.json", "Azure Monitor metrics JSON"],
  ["azure-log-analytics.csv", "Azure Log Analytics CSV"],
  ["cloudwatch.json", "AWS CloudWatch get-metric-data JSON"],
  ["openai-usage.json", "OpenAI usage API JSON"],
  ["openai-dashboard.csv", "OpenAI dashboard usage CSV"],
];

let browser;
let tmp;
before(async () => {
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ptcalc-import-"));
});
after(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Opens `query` on the page. */
const open = (query = "") => openReady(browser, query, { timeoutMs: START_TIMEOUT_MS });

/** Every key figure's text, by its `data-figure` key. */
const figures = (page) =>
  page.$$eval("[data-figure]", (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.figure, e.querySelector(".value")?.textContent?.trim()])),
  );
const figure = async (page) => (await figures(page))["on-demand"];
const load = (page) => new URL(page.url()).searchParams.get("load");

/** The import the outcome shown belongs to (its `data-import`), 0 when none is shown. */
const OUTCOME_RUN = () =>
  Number(document.querySelector("#import-result, #import-error")?.dataset.import ?? 0);

/**
 * Picks `file` (a path or a Playwright file payload), waits for this import's outcome and
 * returns it: `{ ok, text }` (the result, or the error list).
 */
async function importFile(page, file) {
  const seen = await page.evaluate(OUTCOME_RUN);
  await page.locator("#import-file").setInputFiles(file);
  await page.waitForFunction(
    (n) => Number(document.querySelector("#import-result, #import-error")?.dataset.import ?? 0) > n,
    seen,
    { timeout: TIMEOUT_MS },
  );
  const error = page.locator("#import-error");
  if ((await error.count()) > 0) return { ok: false, text: await error.textContent() };
  return { ok: true, text: await page.locator("#import-result").textContent() };
}

const csv = (name, text) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });

/** Waits until the link carries a `load=` other than `previous`, and returns it. */
async function newLoad(page, previous) {
  await page.waitForFunction(
    (prev) => {
      const l = new URL(location.href).searchParams.get("load");
      return l !== null && l !== prev;
    },
    previous,
    { timeout: TIMEOUT_MS },
  );
  return load(page);
}

/** Waits until the on-demand figure differs from `previous`, and returns it. */
async function newFigure(page, previous) {
  await page.waitForFunction(
    (prev) => {
      const t = document.querySelector('[data-figure="on-demand"] .value')?.textContent?.trim();
      return t && t !== "–" && t !== prev;
    },
    previous,
    { timeout: TIMEOUT_MS },
  );
  return figure(page);
}

test("each sample format is recognized, named, and changes the volume and the link", async () => {
  const { page, problems } = await open();
  const initial = await figure(page);
  assert.equal(load(page), null);
  const seen = new Map();
  for (const [name, format] of SAMPLES) {
    const before = load(page);
    const outcome = await importFile(page, path.join(DATA, name));
    assert.ok(outcome.ok, `${name}: ${outcome.text}`);
    assert.ok(outcome.text.includes(`Read ${format}`), `${name}: "${outcome.text}" should name ${format}`);
    assert.match(outcome.text, /summary of \d+ minutes/, name);
    const l = await newLoad(page, before);
    assert.ok(l.length > 10 && page.url().length <= 2_000, `${name}: load=${l}, link ${page.url().length} chars`);
    const f = await figure(page);
    assert.notEqual(f, initial, `${name}: the on-demand figure follows the file's volume`);
    seen.set(l, name);
  }
  assert.equal(seen.size, SAMPLES.length, "each sample gives its own load summary");
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

test("each odd file of issue 9 gets its message, and a refused one changes nothing", async () => {
  const { page, problems } = await open();
  // A measured scenario first, so "unchanged" covers a load= already in the link.
  const first = await importFile(page, path.join(DATA, "wide.csv"));
  assert.ok(first.ok, first.text);
  await newLoad(page, null);
  const url = page.url();
  const shown = await figures(page);

  const H = "time,input,output\n";
  const refused = [
    ["empty", csv("empty.csv", ""), /the file is empty/],
    ["blank", csv("blank.csv", "\n \n\n"), /the file is empty/],
    [
      "binary",
      { name: "usage.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 8, 0, 0x41]) },
      /the file is not text \(byte \d+/,
    ],
    ["header only", csv("header.csv", H), /header but no data rows/],
    ["one row", csv("one.csv", `${H}2025-08-18T00:00Z,100,10\n`), /single data row/],
    ["all zero", csv("zero.csv", `${H}2025-08-18T00:00Z,0,0\n2025-08-18T00:01Z,0,0\n`), /every token count in the 2 rows is zero/],
    [
      "mixed time zones",
      csv("tz.csv", `${H}2025-08-18T00:00Z,100,10\n2025-08-18 00:01,100,10\n`),
      /line 3.*mixed time zones/,
    ],
    ["bad cell", csv("cell.csv", `${H}2025-08-18T00:00Z,100,10\n2025-08-18T00:01Z,12x,1\n`), /line 3, column input/],
    ["bad time", csv("time.csv", `${H}2025-08-18T00:00Z,100,10\nyesterday,5,1\n`), /line 3, column time/],
    ["unknown format", csv("notes.csv", "name,colour\nann,red\nbob,blue\n"), /unknown format|expected/],
    ["broken JSON", { name: "u.json", mimeType: "application/json", buffer: Buffer.from('{"value": [') }, /invalid JSON/],
  ];
  for (const [what, file, message] of refused) {
    const outcome = await importFile(page, file);
    assert.ok(!outcome.ok, `${what}: should be refused, got "${outcome.text}"`);
    assert.match(outcome.text, message, `${what}`);
    assert.match(outcome.text, /scenario is unchanged/, what);
    assert.equal(page.url(), url, `${what}: the link is unchanged`);
    assert.deepEqual(await figures(page), shown, `${what}: the figures are unchanged`);
  }

  // Documented treatments: read, with a note saying what was done.
  const treated = [
    [
      "out of order",
      csv("order.csv", `${H}2025-08-18T00:00Z,100,10\n2025-08-18T00:02Z,300,30\n2025-08-18T00:01Z,200,20\n`),
      /1 rows are earlier than a row before them/,
    ],
    [
      "duplicate timestamps",
      csv("dup.csv", `${H}2025-08-18T00:00Z,100,10\n2025-08-18T00:00Z,100,10\n2025-08-18T00:01Z,200,20\n`),
      /1 rows repeat a time already reported/,
    ],
    ["gaps", csv("gap.csv", `${H}2025-08-18T00:00Z,100,10\n2025-08-18T00:03Z,300,30\n2025-08-18T00:04Z,200,20\n`), /2 minutes of the period have no data/],
    ["hourly", csv("hourly.csv", `${H}2025-08-18T00:00Z,6000,600\n2025-08-18T01:00Z,12000,1200\n`), /minute peaks cannot be seen|hourly/],
  ];
  for (const [what, file, message] of treated) {
    const before = load(page);
    const outcome = await importFile(page, file);
    assert.ok(outcome.ok, `${what}: should be read, got "${outcome.text}"`);
    assert.match(outcome.text, message, what);
    await newLoad(page, before);
  }
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

test("a file with several series offers each, and the user picks one or all", async () => {
  const { page, problems } = await open();
  const outcome = await importFile(page, path.join(DATA, "azure-log-analytics.csv"));
  assert.ok(outcome.ok, outcome.text);
  assert.match(outcome.text, /all series summed/);
  const all = await newLoad(page, null);
  const allFigure = await figure(page);
  const values = await page.locator("#import-series option").evaluateAll((os) => os.map((o) => o.value));
  assert.equal(values[0], "all");
  assert.ok(values.length >= 3, `expected "all" and two series, got ${values}`);

  await page.locator("#import-series").selectOption(values[1]);
  const one = await newLoad(page, all);
  const oneFigure = await newFigure(page, allFigure);
  assert.match(await page.locator("#import-result").textContent(), new RegExp(`series ${values[1]}`));
  const parse = (t) => Number(t.replace(/[^0-9.]/g, ""));
  assert.ok(parse(oneFigure) < parse(allFigure), `one series (${oneFigure}) costs less than all (${allFigure})`);

  await page.locator("#import-series").selectOption(values[2]);
  const other = await newLoad(page, one);
  assert.notEqual(other, all);

  await page.locator("#import-series").selectOption("all");
  assert.equal(await newLoad(page, other), all, "choosing all again gives the first summary back");
  assert.equal(await figure(page), allFigure);
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

test("one workload per series: the file's series become a group, priced as ptcalc portfolio prices the page's link", async () => {
  const { page, problems } = await open();
  const outcome = await importFile(page, path.join(DATA, "azure-log-analytics.csv"));
  assert.ok(outcome.ok, outcome.text);
  const series = (await page.locator("#import-series option").evaluateAll((os) => os.map((o) => o.value))).slice(1);
  assert.equal(series.length, 2, `two deployments: ${series}`);
  await page.click("#import-per-series");
  await page.locator("#portfolio-verdict").waitFor({ timeout: TIMEOUT_MS });
  assert.match(await page.locator("#import-result").textContent(), /Each of the file's 2 series is now a workload/);
  // The link: one workload per series, named after it, one group, the summed summary once.
  await page.waitForFunction(() => new URL(location.href).search.includes("gload="), null, { timeout: TIMEOUT_MS });
  const link = new URL(page.url()).search.slice(1);
  for (const name of series) assert.ok(link.includes(`name=${name}`), `${name} in ${link}`);
  assert.equal(link.match(/grp=/g)?.length, 2, link);
  assert.equal(link.match(/gload=/g)?.length, 1, link);
  // The pool on the page is the CLI's for the same link, and the CLI's file pool within 1 %.
  const expected = JSON.parse(cli(["--today", TEST_DAY, "portfolio", link, "--format", "json"]));
  assert.equal(expected.pools.length, 1);
  const pool = expected.pools[0];
  assert.equal(pool.joint_groups.length, 1, JSON.stringify(pool));
  const row = page.locator('#pools tr[data-pool="0"]');
  assert.match(await row.locator('[data-fig="units"]').textContent(), new RegExp(`^${pool.units} `));
  const shown = Number(await row.locator('[data-fig="monthly"]').getAttribute("data-value"));
  assert.ok(Math.abs(shown - pool.monthly_usd) <= 1e-9 * pool.monthly_usd, `page ${shown} vs CLI ${pool.monthly_usd}`);
  const file = JSON.parse(cli(["--today", TEST_DAY, "portfolio", "v=1", "--usage", path.join(DATA, "azure-log-analytics.csv"), "--series", "all", "--format", "json"]));
  assert.ok(Math.abs(shown / file.pools[0].monthly_usd - 1) <= 0.01, `page ${shown} vs the file's ${file.pools[0].monthly_usd}`);
  // The Workloads section says how the group is priced.
  assert.match(await page.locator("#workloads-group").textContent(), /priced on the group's joint summary/);
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

test("the load= link the page writes reopens to the same figures, from the summary", async () => {
  const { page, problems } = await open();
  const outcome = await importFile(page, path.join(DATA, "request-log.csv"));
  assert.ok(outcome.ok, outcome.text);
  await newLoad(page, null);
  const imported = await figures(page);
  // The scenario line says where the figures come from: the measured load, not the shape
  // the page had before (issue 15).
  const summary = () => page.locator("#summary").innerText();
  await page.waitForFunction(() => /measured traffic/.test(document.querySelector("#summary").textContent));
  assert.doesNotMatch(await summary(), /diurnal/);
  assert.match(await summary(), /from a summary of [\d.]+ days of imported usage\), peak \d+(\.\d{1,2})?× average/);
  const link = page.url();
  assert.ok(link.length <= 2_000, `link of ${link.length} characters`);
  await page.close();

  const fresh = await open(new URL(link).search);
  assert.equal(fresh.page.url(), link, "the link is kept as it was");
  // Reopened from the link, the page says it works from a summary of the data.
  assert.match(await fresh.page.locator("#summary").innerText(), /measured traffic \(from a summary of [\d.]+ days of imported usage\)/);
  const reopened = await figures(fresh.page);
  const money = (t) => Number((t ?? "").replace(/[^0-9.]/g, ""));
  for (const [key, text] of Object.entries(imported)) {
    const [a, b] = [money(text), money(reopened[key])];
    if (!Number.isFinite(a) || a === 0) {
      assert.equal(reopened[key], text, key);
    } else {
      assert.ok(Math.abs(a - b) <= 0.01 * a, `${key}: ${text} after import, ${reopened[key]} from the link`);
    }
  }
  const svg = await fresh.page.locator('[data-chart="traffic"] .chart-svg').textContent();
  assert.match(svg, /Imported traffic/, "the traffic chart says it draws the imported average week");
  assert.deepEqual(fresh.problems, [], describeProblems(fresh.problems));
  assert.deepEqual(problems, [], describeProblems(problems));
  await fresh.page.close();
});

/** A seeded week of minutes from Monday 2025-08-18 00:00 UTC: each hour of the week has its
 * own level (so a shifted or synthetic week cannot match), output is a fifth of input. */
function weekCsv() {
  let seed = 7;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const levels = Array.from({ length: 168 }, () => 0.3 + 1.4 * rand());
  const start = Date.UTC(2025, 7, 18) / 1000;
  const rows = ["timestamp,input_tokens,output_tokens"];
  const hourly = new Array(168).fill(0);
  for (let m = 0; m < 7 * 1440; m++) {
    const h = Math.floor(m / 60);
    const input = Math.round(50_000 * levels[h] * (0.9 + 0.2 * rand()));
    hourly[h] += input / 60;
    rows.push(`${start + m * 60},${input},${input / 5}`);
  }
  return { text: rows.join("\n") + "\n", hourly };
}

/** `12.3k` → 12300. */
function uncompact(text) {
  const m = /^(-?[0-9.]+)([kMBT]?)$/.exec(text.trim());
  assert.ok(m, `a compact number: "${text}"`);
  return Number(m[1]) * { "": 1, k: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2]];
}

test("the traffic chart shows the file's average week, hour by hour", async () => {
  const { page, problems } = await open();
  const { text, hourly } = weekCsv();
  const outcome = await importFile(page, csv("week.csv", text));
  assert.ok(outcome.ok, outcome.text);
  await newLoad(page, null);
  // As a reader does: scroll to the chart (below the fold it waits, out of date and hidden
  // from reading, until it comes into view and is drawn again).
  await page.locator('[data-chart="traffic"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !("stale" in document.querySelector('[data-chart="traffic"]').dataset));
  await page.locator('[data-toggle="traffic"]').click();
  const rows = await page
    .locator("#chart-traffic-data tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 168, "one row per hour of the week");
  assert.match(rows[0][0], /^Mon/);
  // The chart is in weighted tokens and the file in input tokens: compare each hour to the mean.
  const shown = rows.map((r) => uncompact(r[2]));
  const norm = (xs) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.map((x) => x / mean);
  };
  const [a, b] = [norm(shown), norm(hourly)];
  // The week is kept to 1/62 of its busiest hour, the table to three digits.
  const worst = Math.max(...a.map((x, i) => Math.abs(x - b[i])));
  assert.ok(worst < 0.04, `hour-by-hour difference up to ${worst.toFixed(3)} of the mean`);
  const readout = await page.locator("#chart-traffic-readout").textContent();
  assert.ok(readout.length > 0);
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

/** Writes a seeded per-request log of `rows` rows (the simulator header) and returns its path. */
function requestLog(rows) {
  const file = path.join(tmp, `log-${rows}.csv`);
  const fd = fs.openSync(file, "w");
  let seed = 11;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  let t = Date.UTC(2025, 7, 18);
  let block = ["timestamp [UTC],input tokens,output tokens,total tokens"];
  for (let i = 0; i < rows; i++) {
    t += Math.floor(rand() * 200);
    const stamp = new Date(t).toISOString().slice(0, 19).replace("T", " ");
    const input = 200 + Math.floor(rand() * 4000);
    const output = 20 + Math.floor(rand() * 600);
    block.push(`${stamp},${input},${output},${input + output}`);
    if (block.length === 10_000) {
      fs.writeSync(fd, block.join("\n") + "\n");
      block = [];
    }
  }
  fs.writeSync(fd, block.join("\n") + (block.length ? "\n" : ""));
  fs.closeSync(fd);
  return file;
}

test("a large file shows progress, can be cancelled, and the page keeps painting", async () => {
  const file = requestLog(600_000);
  const { page, problems } = await open();
  const url = page.url();
  const shown = await figures(page);
  // Animation frames counted, and the longest gap between two of them.
  await page.evaluate(() => {
    window.__frames = 0;
    window.__longestFrameGap = 0;
    let last = performance.now();
    const tick = (now) => {
      window.__frames += 1;
      window.__longestFrameGap = Math.max(window.__longestFrameGap, now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  await page.locator("#import-file").setInputFiles(file);
  const progress = page.locator("#import-progress");
  await progress.waitFor({ timeout: TIMEOUT_MS });
  const total = Number(await progress.getAttribute("max"));
  assert.ok(total >= fs.statSync(file).size - 1, `progress max ${total}`);
  // The bar moves and frames keep coming while it does; then Cancel, pressed while reading
  // (in the page, so the press cannot land after the last slice on a slow machine).
  const frames = await page.evaluate(() => window.__frames);
  await page.waitForFunction(
    (f) => {
      const bar = document.querySelector("#import-progress");
      if (!bar || Number(bar.value) <= 0 || window.__frames < f + 3) return false;
      document.querySelector("#import-cancel").click();
      return true;
    },
    frames,
    { timeout: TIMEOUT_MS },
  );
  await page.locator("#import-result", { hasText: "Import cancelled; the scenario is unchanged." }).waitFor();
  // Slices of 1 MB are parsed one per task: frames keep coming between them (the bound is
  // loose because this machine is shared; a file parsed in one task would freeze for seconds).
  const gap = await page.evaluate(() => window.__longestFrameGap);
  assert.ok(gap < 1_000, `the page froze for ${gap.toFixed(0)} ms between two frames`);
  // Give a stopped loop the chance to be wrong: two more frames, then nothing changed.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await progress.count(), 0, "the progress bar is gone");
  assert.equal(page.url(), url, "the link is unchanged");
  assert.deepEqual(await figures(page), shown, "the figures are unchanged");

  // The same file picked again (the input was emptied, so this is a new pick) and read to the end.
  const outcome = await importFile(page, file);
  assert.ok(outcome.ok, outcome.text);
  assert.match(outcome.text, /Read per-request log CSV/);
  await newLoad(page, null);
  await newFigure(page, shown["on-demand"]);
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});
