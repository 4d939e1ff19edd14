// One value per figure: every rendered instance of a named figure (marked `data-fig` in the
// page, or found by its row and column in a chart's data table) must say the same thing, in a
// single-pool, a per-dimension and a custom scenario. Issue 12: the same break-even, P50 or
// utilization used to read differently in the verdict, the cards, the tables and the charts.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { describeProblems, launchBrowser, openReady, readAll } from "./harness.mjs";

const TIMEOUT_MS = 20_000;

const SCENARIOS = {
  "single pool (Azure default)": "?v=1",
  "per-dimension (OpenAI Scale Tier)": "?v=1&o=openai/o3-scale&in=3M&out=400k&shape=diurnal&pa=1.8",
  custom: "?v=1&o=custom&in=200k&out=20k&cap=10k&pm=2k&pin=2&pout=8&shape=business&pa=2",
};

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const open = (path) =>
  openReady(browser, path, { viewport: { width: 1280, height: 800 }, timeoutMs: TIMEOUT_MS });

/** Every `data-fig` instance on the page: name → [{ where, text }]. */
async function markedFigures(page) {
  return page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll("[data-fig]")) {
      const name = el.getAttribute("data-fig");
      const where = el.closest("[id]")?.id ?? "?";
      (out[name] ??= []).push({ where, text: el.textContent.trim() });
    }
    return out;
  });
}

/** The hybrid chart's data table (opened with its toggle) as rows keyed by point label. */
async function hybridChartRows(page) {
  const toggle = page.locator('[data-toggle="hybrid"]');
  // The toggle is below the fold: scroll to it as a reader would. It must be there.
  await toggle.scrollIntoViewIfNeeded({ timeout: TIMEOUT_MS });
  assert.ok(await toggle.isVisible(), "the hybrid chart's data-table toggle is shown");
  await toggle.click();
  await page.waitForSelector("#chart-hybrid-data");
  return page.evaluate(() => {
    const table = document.querySelector("#chart-hybrid-data");
    const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const rows = {};
    for (const tr of table.querySelectorAll("tbody tr")) {
      const cells = [...tr.querySelectorAll("td")].map((td) => td.textContent.trim());
      rows[cells[0]] = Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
    }
    return rows;
  });
}

const firstNumber = (text) => (text.match(/[\d,]+(\.\d+)?/)?.[0] ?? "").replace(/,/g, "");

for (const [name, query] of Object.entries(SCENARIOS)) {
  describe(`one value per figure: ${name}`, () => {
    test("every instance of a named figure agrees", async () => {
      const { page, problems } = await open(query);
      const figs = await markedFigures(page);

      // Each named figure: all its marked instances read the same.
      for (const [fig, instances] of Object.entries(figs)) {
        const texts = new Set(instances.map((i) => i.text));
        assert.equal(texts.size, 1, `${fig} reads differently: ${JSON.stringify(instances)}`);
      }
      // Figures that are the same field under two names.
      const one = (fig) => figs[fig]?.[0]?.text;
      assert.ok(one("break-even"), "the break-even utilization is shown");
      assert.ok((figs["break-even"] ?? []).length >= 2, "break-even in the key figures and the terms table");
      if (one("peak-total")) {
        // Sized for the busiest minute (the default): full provisioning is the peak point.
        assert.equal(one("full"), one("peak-total"), "full provisioning = the peak point's total");
        assert.equal(one("utilization"), one("peak-utilization"), "utilization at full provisioning = the peak point's");
      }
      if (one("optimum-total")) {
        assert.equal(one("hybrid"), one("optimum-total"), "best hybrid = the optimum row");
      }
      // A break-even above 100% never reads as a percentage above 100.
      for (const { text } of figs["break-even"] ?? []) {
        const pct = text.match(/^([\d.]+)%$/);
        if (pct) assert.ok(Number(pct[1]) <= 100, `break-even ${text}`);
        else assert.match(text, /^never: a fully used unit costs .* on-demand$|^–$/);
      }

      // The hybrid chart's table: a row named like a provisioning point is that point.
      const chart = await hybridChartRows(page);
      assert.ok(Object.keys(chart).length > 0, "the hybrid chart's table has rows");
      let compared = 0;
      for (const [label, row] of Object.entries(chart)) {
        const units = one(`${label}-units`);
        const total = one(`${label}-total`);
        if (units === undefined) {
          // Per-dimension: the chart's P-rows are one pool's, and must say so.
          if (/^P\d+|^peak/.test(label)) assert.match(label, /pool/, `chart row ${label} names its pool`);
          continue;
        }
        assert.equal(firstNumber(row[Object.keys(row)[1]]), firstNumber(units), `${label} units in the chart table`);
        assert.equal(row["total per month"], total, `${label} total in the chart table`);
        compared += 1;
      }
      // Every scenario here has a hybrid optimum in the key figures and the chart table.
      assert.ok(compared > 0 || !one("optimum-total"), `no chart row was compared: ${Object.keys(chart).join(", ")}`);

      // The words: no model notation, no "-0%", no developer lines, plurals right.
      const body = await readAll(page);
      assert.match(body, /Every term/, "the cards below the fold are read too");
      assert.doesNotMatch(body, /\bu\*|\bK\*/, "no model notation");
      assert.doesNotMatch(body, /-0%/, "no -0%");
      assert.doesNotMatch(body, /Check:/, "no developer check line");
      assert.doesNotMatch(body, /never\*/, "no bare asterisk");
      assert.doesNotMatch(body, /\b(?:[02-9]|\d{2,}|\d{1,3}(?:,\d{3})+) (?:Scale Tier|model|input|output) unit\b/, "plural unit names");
      assert.doesNotMatch(body, /input input|output output/, "a pool is named once");
      assert.match(await page.locator("#verdict").innerText(), /\/year/, "the verdict gives the yearly figure");
      assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
      await page.close();
    });
  });
}
