// The comparison panel (issue 18): a link with `cmp=` opens it, the table ranks the offerings
// by monthly cost with the current one marked, the JSON export is `ptcalc compare` of the link
// byte for byte, adding an offering by search rewrites the link's `cmp=`, the note says what is
// compared, the table and chart can be read without sight, and the Embed dialog's compare
// panel keeps the link's `cmp=` in its snippet. An unknown id in `cmp=` is a
// link problem naming the key.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { appUrl, describeProblems, launchBrowser, openPage, openReady, seenText, TEST_DAY, cli, repoRoot } from "./harness.mjs";

const TIMEOUT_MS = 30_000;
const root = repoRoot;
const LINK = "v=1&in=2M&out=200k&cmp=openai/gpt-4.1-scale,azure/gpt-4.1~datazone,vertex/gemini-2.5-flash";


/** Clicks an export button and returns the downloaded text. */
async function exported(page, which) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: TIMEOUT_MS }),
    page.click(`[data-export="${which}"]`),
  ]);
  return readFile(await download.path(), "utf8");
}

/** Waits until the table has been (re)computed for the current list. */
async function settled(page) {
  await page.waitForSelector("#compare-table tbody tr", { timeout: TIMEOUT_MS });
  await page.waitForFunction(() => document.querySelector('#compare [aria-busy]')?.getAttribute("aria-busy") === "false", null, { timeout: TIMEOUT_MS });
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("the comparison panel", () => {
  test("a cmp= link opens it ranked, the current offering marked, the JSON export equal to ptcalc compare", async () => {
    const { page, problems } = await openReady(browser, `?${LINK}`, { timeoutMs: TIMEOUT_MS });
    assert.equal(await page.locator("#compare").getAttribute("open"), "", "open when the link names a list");
    await settled(page);
    const note = await seenText(page.locator("#compare-note"));
    assert.match(note, /Token counts are the workload's as given/);
    assert.match(note, /price and commitment, not model quality/);

    const expected = JSON.parse(cli(["--today", TEST_DAY, "compare", LINK, "--format", "json"]));
    const rows = page.locator("#compare-table tbody tr");
    assert.equal(await rows.count(), expected.rows.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({
      offering: tr.dataset.offering,
      deployment: tr.dataset.deployment,
      own: tr.dataset.own === "true",
      monthly: tr.querySelector("[data-monthly]")?.dataset.monthly ?? "",
    })));
    assert.deepEqual(
      shown.map((r) => `${r.offering}~${r.deployment}`),
      expected.rows.map((r) => `${r.offering}~${r.deployment}`),
      "the CLI's ranking",
    );
    const costs = shown.map((r) => r.monthly).filter((m) => m !== "").map(Number);
    assert.deepEqual(costs, [...costs].sort((a, b) => a - b), "cheapest first");
    assert.equal(shown.filter((r) => r.own).length, 1);
    assert.equal(shown.find((r) => r.own).offering, "azure/gpt-4.1");
    assert.match(await seenText(page.locator('#compare-table tr[data-own="true"] th')), /current/);

    const expectedText = cli(["--today", TEST_DAY, "compare", LINK, "--format", "json"]);
    assert.equal(await exported(page, "compare-json"), expectedText, "JSON export = ptcalc compare --format json");
    const expectedCsv = cli(["--today", TEST_DAY, "compare", LINK, "--format", "csv"]);
    assert.equal(await exported(page, "compare-csv"), expectedCsv, "CSV export = ptcalc compare --format csv");
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });

  test("adding an offering by search rewrites cmp= and adds its row", async () => {
    const { page, problems } = await openReady(browser, `?${LINK}`, { timeoutMs: TIMEOUT_MS });
    await settled(page);
    await page.fill("#compare-search", "bedrock");
    const first = page.locator("#compare-matches button").first();
    const id = await first.getAttribute("data-add");
    assert.ok(id?.startsWith("bedrock/"), `a Bedrock match: ${id}`);
    await first.click();
    await page.waitForFunction((want) => new URLSearchParams(location.search).get("cmp")?.split(",").includes(want), id, { timeout: TIMEOUT_MS });
    const cmp = new URLSearchParams(new URL(page.url()).search).get("cmp").split(",");
    assert.ok(cmp.includes("openai/gpt-4.1-scale"), `the list keeps what it had: ${cmp}`);
    await page.waitForSelector(`#compare-table tr[data-offering="${id}"]`, { timeout: TIMEOUT_MS });
    // Removing it takes it out of the link again.
    await page.click(`#compare-table tr[data-offering="${id}"] .compare-remove`);
    await page.waitForFunction((gone) => !new URLSearchParams(location.search).get("cmp")?.split(",").includes(gone), id, { timeout: TIMEOUT_MS });
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });

  test("closed without cmp=, and then nothing is computed; opening it compares the same model", async () => {
    const { page, problems } = await openReady(browser, "?v=1&in=2M&out=200k", { timeoutMs: TIMEOUT_MS });
    assert.equal(await page.locator("#compare").getAttribute("open"), null);
    // Closed, the comparison is never computed: its table (drawn as soon as there is one)
    // does not exist.
    assert.equal(await page.locator("#compare-table").count(), 0, "no comparison while closed");
    await page.click("#compare summary");
    await settled(page);
    assert.ok(await page.locator('#compare-table tr[data-offering="openai/gpt-4.1-scale"]').count() > 0);
    // The release page has no `ptcalc:*` measures (the bench build does: bench.mjs times
    // the comparison); where they exist, the time is printed.
    const timed = () => page.evaluate(() => performance.getEntriesByName("ptcalc:compare").at(-1)?.duration);
    const say = (what, ms) => console.log(`comparison (${what}): ${ms === undefined ? "not measured in this build" : `${ms.toFixed(1)} ms`}`);
    say("same model", await timed());
    await page.click("#compare-all");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("cmp") === "all", null, { timeout: TIMEOUT_MS });
    await page.waitForFunction(() => document.querySelectorAll("#compare-table tbody tr").length > 50, null, { timeout: TIMEOUT_MS });
    say("all offerings", await timed());
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });

  test("accessible: headers on the table, a text alternative on the chart", async () => {
    const { page } = await openReady(browser, `?${LINK}`, { timeoutMs: TIMEOUT_MS });
    await settled(page);
    assert.ok(await page.locator("#compare-table thead th[scope=col]").count() >= 10);
    assert.equal(await page.locator("#compare-table tbody th[scope=row]").count(), await page.locator("#compare-table tbody tr").count());
    assert.ok((await seenText(page.locator("#compare-table caption"))).length > 0);
    const chart = page.locator("#compare-chart");
    assert.equal(await chart.getAttribute("role"), "img");
    const desc = await page.locator("#compare-chart-desc").textContent();
    assert.match(desc, /azure\/gpt-4\.1.*per month/);
    await page.close();
  });

  test("an unknown id in cmp= is a link problem naming the key, and the rest is compared", async () => {
    const { page } = await openReady(browser, "?v=1&cmp=nope/model,openai/gpt-4.1-scale", { timeoutMs: TIMEOUT_MS });
    const notice = await seenText(page.locator("#notice"));
    assert.match(notice, /cmp/);
    assert.match(notice, /nope\/model/);
    await settled(page);
    assert.ok(await page.locator('#compare-table tr[data-offering="openai/gpt-4.1-scale"]').count() > 0);
    await page.waitForFunction(() => new URLSearchParams(location.search).get("cmp") === "openai/gpt-4.1-scale", null, { timeout: TIMEOUT_MS });
    await page.close();
  });

  test("the Embed dialog offers the compare panel and keeps the link's cmp= list in the snippet", async () => {
    const { page, problems } = await openReady(browser, `?${LINK}`, { timeoutMs: TIMEOUT_MS });
    const list = new URLSearchParams(LINK).get("cmp");
    await page.click("#embed-open");
    const before = await page.locator("#embed-snippet").inputValue();
    assert.ok(!before.includes("cmp="), `no comparison list without its panel: ${before}`);
    await page.check("#embed-panel-compare");
    // The dialog's preview frame loads the snippet's page: let it finish (its height is then
    // measured) before this page closes, or its requests are cut off.
    await page.waitForFunction(() => /measured/.test(document.querySelector("#embed-height")?.textContent ?? ""), null, { timeout: TIMEOUT_MS });
    const snippet = await page.locator("#embed-snippet").inputValue();
    const src = snippet.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
    const query = new URL(src).searchParams;
    assert.equal(query.get("cmp"), list, snippet);
    assert.equal(query.get("view"), "verdict,figures,hybrid,compare");
    assert.equal(query.get("embed"), "1");
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
    // The frame compares exactly the link's list, ranked, the current offering marked.
    const { page: frame, problems: frameProblems } = await openPage(browser);
    await frame.goto(src, { waitUntil: "load" });
    await settled(frame);
    const rows = await frame.locator("#compare-table tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.offering));
    assert.deepEqual([...rows].sort(), ["azure/gpt-4.1", ...list.split(",").map((id) => id.split("~")[0])].sort());
    assert.equal(await frame.locator('#compare-table tr[data-own="true"]').count(), 1);
    assert.deepEqual(frameProblems, [], describeProblems(frameProblems));
    await frame.close();
  });

  test("the compare embed panel shows the table", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(appUrl(`?${LINK}&embed=1&view=verdict,compare`), { waitUntil: "load" });
    await settled(page);
    assert.ok(await page.locator('[data-panel="compare"] #compare-table').count() > 0);
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });
});
