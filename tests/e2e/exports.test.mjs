// The page's exports in a real Chromium, read back from the downloaded files: the results as
// JSON (the CLI's document), CSV and a Markdown summary, every chart as SVG and as a 2× PNG;
// names carry offering, term and date; link values stay text; nothing but the site is requested.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { appUrl, describeProblems, launchBrowser, openReady } from "./harness.mjs";

const TIMEOUT_MS = 30_000;
const CHARTS = ["hybrid", "breakeven", "load", "traffic", "terms"];
const origin = new URL(appUrl()).origin;
const DATED = /^ptcalc-azure-gpt-4\.1-1y-\d{4}-\d{2}-\d{2}-/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const open = (query) => openReady(browser, query, { timeoutMs: TIMEOUT_MS });

/** Clicks the export button `name` and returns the downloaded file's name and bytes. */
async function exported(page, name) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: TIMEOUT_MS }),
    page.click(`[data-export="${name}"]`),
  ]);
  const path = await download.path();
  return { file: download.suggestedFilename(), bytes: await readFile(path) };
}

function assertClean(problems, responses) {
  assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
  const foreign = responses.map((r) => r.url).filter((u) => !u.startsWith(origin) && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(foreign, [], "requests to other origins");
}

describe("exports", () => {
  test("JSON is the eval document, CSV has a row per term and per point, Markdown reads as a summary", async () => {
    const { page, problems, responses } = await open("?v=1&in=2M");
    const verdict = (await page.locator("#verdict").textContent()).trim();

    const json = await exported(page, "json");
    assert.match(json.file, new RegExp(DATED.source + "results\\.json$"));
    const text = json.bytes.toString("utf8");
    assert.ok(text.endsWith("}\n"), "pretty JSON with a final newline, as the CLI prints it");
    const report = JSON.parse(text);
    assert.deepEqual(Object.keys(report), Object.keys(report).slice().sort(), "keys sorted as the CLI writes them");
    // The page follows the verdict with the answer's range ("This answer holds from …").
    assert.ok(
      verdict.replace(/\s+/g, " ").startsWith(report.verdict.replace(/\s+/g, " ")),
      `${verdict} does not start with ${report.verdict}`,
    );
    assert.equal(report.offering.id, "azure/gpt-4.1");
    // The same document the JS API returns for the same link.
    const api = await page.evaluate(async () => {
      const m = await import("./ptcalc-api.js");
      return m.evaluate("v=1&in=2M");
    });
    assert.deepEqual(report, JSON.parse(JSON.stringify(api)));

    const csv = await exported(page, "csv");
    assert.match(csv.file, new RegExp(DATED.source + "results\\.csv$"));
    const lines = csv.bytes.toString("utf8").trimEnd().split(/\r?\n/);
    const header = lines[0].split(",");
    assert.ok(header.includes("total_usd_per_month") && header.includes("usd_per_unit_month"), lines[0]);
    assert.equal(lines.length, 1 + report.terms.length + report.points.length);
    const oneYear = lines.find((l) => l.startsWith("term,1y,")).split(",");
    const total = Number(oneYear[header.indexOf("total_usd_per_month")]);
    const row = report.terms.find((t) => t.term === "1y");
    assert.ok(Math.abs(total - row.hybrid.total_usd) < 1e-6, `${total} vs ${row.hybrid.total_usd}`);
    const cellsOf = (l) => l.split(",");
    for (const point of report.points) {
      assert.ok(
        lines.some((l) => {
          const c = cellsOf(l);
          return c[0] === "point" && c[header.indexOf("point")] === point.label && c[header.indexOf("units")] === String(point.split.units);
        }),
        point.label,
      );
    }

    const md = await exported(page, "md");
    assert.match(md.file, new RegExp(DATED.source + "summary\\.md$"));
    const summary = md.bytes.toString("utf8");
    assert.match(summary, /^## ptcalc: /);
    assert.match(summary, /\| All on-demand \| \$[\d,]+/);
    assert.match(summary, /### Figures used/);
    assert.match(summary, /\(\d{4}-\d{2}(-\d{2})?\)/, "sources carry their dates");
    assert.ok(summary.includes(`${appUrl("?v=1&in=2M")}`), "links back to the scenario");
    assertClean(problems, responses);
    await page.close();
  });

  test("every chart as SVG and as a PNG at twice the size", async () => {
    const { page, problems, responses } = await open("?v=1");
    for (const chart of CHARTS) {
      const svg = await exported(page, `${chart}-svg`);
      assert.match(svg.file, new RegExp(`${DATED.source}${chart}\\.svg$`));
      const markup = svg.bytes.toString("utf8");
      assert.match(markup, /^<svg[^>]*width="1000"[^>]*height="520"/);
      assert.ok(markup.includes("<text"), `${chart}: labelled`);

      const png = await exported(page, `${chart}-png`);
      assert.match(png.file, new RegExp(`${DATED.source}${chart}\\.png$`));
      assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
      assert.equal(png.bytes.readUInt32BE(16), 2000, "PNG width");
      assert.equal(png.bytes.readUInt32BE(20), 1040, "PNG height");
      assert.ok(png.bytes.length > 10_000, `${chart}: the PNG has a drawing (${png.bytes.length} B)`);
    }
    assertClean(problems, responses);
    await page.close();
  });

  test("script and markup from the link never reach an export", async () => {
    // Exports describe the scenario the page shows (its canonical link): a bad key or value
    // of the opening link is dropped with a notice, and nothing of it is written to a file.
    const bad = "<script>window.__pwned=1</script>";
    const query = `?v=1&${encodeURIComponent(bad)}=1&o=${encodeURIComponent(bad)}&view=${encodeURIComponent("<img src=x>")}`;
    const { page } = await open(query);
    assert.match(await page.locator("#notice").textContent(), /<script>/, "the notice shows it as text");
    const files = [];
    for (const name of ["json", "csv", "md", "hybrid-svg"]) {
      files.push((await exported(page, name)).bytes.toString("utf8"));
    }
    // The JSON is `ptcalc eval` of the link: its problems are listed as data, the markup
    // written inert (\u003c…\u003e), as the CLI writes them; the other files carry none of it.
    const [json, ...others] = files;
    assert.ok(!json.includes("<script") && !json.includes("<img"), json.slice(0, 200));
    assert.match(json, /\\u003cscript\\u003e/, "the bad key is quoted inert in the warnings");
    for (const text of others) {
      assert.ok(!text.includes("<script") && !text.includes("__pwned") && !text.includes("<img"), text.slice(0, 200));
    }
    assert.equal(JSON.parse(files[0]).offering.id, "azure/gpt-4.1", "the default offering replaced the bad one");
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.close();
  });
});
