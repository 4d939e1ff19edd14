// A portfolio of three workloads on one model (business-hours chat, a nightly batch on the night shape,
// a flat agent: the CLI golden's PORTFOLIOS links) opened from one portfolio link: the
// pooling gain is shown, the chargeback table adds up to the pool's cost under every rule,
// every figure is what `ptcalc --today <day> portfolio <link> --format json` prints, the
// page's JSON, CSV and Markdown exports are the CLI's bytes for the same three workloads,
// adding and removing a workload rewrites the link, and the Embed dialog offers the portfolio
// panel: its snippet's frame holds every workload and shows the gain and the chargeback table.
// Ten workloads on one model: the exact Shapley split (1,023 subsets) runs in the background
// with its progress shown, an edit meanwhile is handled at once and restarts it, and the
// split shown in the end is the CLI's for the edited portfolio.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { appUrl, describeProblems, launchBrowser, openPage, openReady, seenText, TEST_DAY, cli, repoRoot, whenReady, PORTFOLIO_10 } from "./harness.mjs";

const TIMEOUT_MS = 30_000;
const root = repoRoot;


/** `ptcalc_core::numfmt::usd`: cents below $100, whole dollars grouped by thousands above. */
function usd(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const sign = value < 0 ? "-" : "";
  const v = Math.abs(value);
  if (v < 100) return `${sign}$${v.toFixed(2)}`;
  return `${sign}$${Math.round(v).toLocaleString("en-US")}`;
}

/** The three workload links of `crates/ptcalc-cli/tests/golden.rs` PORTFOLIOS (first entry). */
async function goldenWorkloads() {
  const source = await readFile(`${root}crates/ptcalc-cli/tests/golden.rs`, "utf8");
  const table = source.slice(source.indexOf("const PORTFOLIOS"), source.indexOf("const COMPARE_SCENARIOS"));
  const links = [...table.matchAll(/"(v=1[^"]*)"/g)].map((m) => m[1]).slice(0, 3);
  assert.equal(links.length, 3, `golden portfolio links: ${links}`);
  return links;
}

/** One portfolio link: the first workload's keys, then each further one as a `w=` part. */
function portfolioLink(links) {
  const part = (link) => link.replace(/^v=1&?/, "").replace(/%/g, "%25").replace(/&/g, "%26").replace(/ /g, "%20");
  return [links[0], ...links.slice(1).map((l) => `w=${part(l)}`)].join("&");
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Clicks an export button and returns the downloaded file's name and text. */
async function exported(page, which) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: TIMEOUT_MS }),
    page.click(`[data-export="${which}"]`),
  ]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
}

/** The first line where two texts differ, for an assertion message. */
function firstDifference(a, b) {
  const x = a.split("\n");
  const y = b.split("\n");
  const at = x.findIndex((line, i) => line !== y[i]);
  return at < 0 ? `lengths ${x.length} and ${y.length} lines` : `line ${at + 1}\n    page: ${x[at]}\n    CLI:  ${y[at]}`;
}

async function valueOf(locator) {
  return Number(await locator.first().getAttribute("data-value"));
}

let browser;
let links;
before(async () => {
  browser = await launchBrowser();
  links = await goldenWorkloads();
});
after(async () => {
  await browser?.close();
});

/** Ten workloads on one model, as one portfolio link. */
const TEN = PORTFOLIO_10;

describe("a ten-workload portfolio: the Shapley split in the background", () => {
  test("shows its progress, keeps the page responsive to an edit, and ends on the CLI's split of the edited portfolio", async (t) => {
    const { page, problems } = await openReady(browser, `?${TEN}`, { timeoutMs: TIMEOUT_MS });
    await page.locator("#portfolio-verdict").waitFor({ timeout: TIMEOUT_MS });
    await page.check('#chargeback-rule input[value="shapley"]');
    const progress = page.locator("#shapley-progress");
    // Under way: its share shown, the Shapley cells pending (no figure before it is done).
    await page.waitForFunction(
      () => /Computing the Shapley split of the large pool… [1-9][0-9]?(\.[0-9])?%/.test(document.querySelector("#shapley-progress")?.textContent ?? ""),
      null,
      { timeout: TIMEOUT_MS, polling: 10 },
    );
    assert.equal(await page.locator('#chargeback tr[data-workload="chat"] [data-fig="charge"]').textContent(), "computing…");

    // An edit while it runs: the field and the portfolio's verdict follow within a few
    // hundred ms (a split in one task held an edit for a second or more).
    const verdict = page.locator("#portfolio-verdict");
    const before = await verdict.textContent();
    const started = performance.now();
    await page.fill("#f-in", "150k");
    await page.waitForFunction((old) => document.querySelector("#portfolio-verdict")?.textContent !== old, before, { timeout: TIMEOUT_MS, polling: 5 });
    const handled = performance.now() - started;
    assert.equal(await page.inputValue("#f-in"), "150k");
    t.diagnostic(`the edit reached the verdict in ${handled.toFixed(0)} ms during the split`);
    assert.ok(handled < 750, `the edit took ${handled.toFixed(0)} ms to reach the verdict during the split`);
    // The split starts again for the edited portfolio: never the old one's figures.
    assert.equal(await progress.count(), 1, "the edit restarts the split");
    await page.waitForFunction((old) => new URL(location.href).search !== old, `?${TEN}`, { timeout: TIMEOUT_MS });

    await progress.waitFor({ state: "detached", timeout: 60_000 });
    const link = new URL(page.url()).search.slice(1);
    assert.ok(link.includes("in=150k"), link);
    const expected = JSON.parse(cli(["--today", TEST_DAY, "portfolio", link, "--format", "json"]));
    assert.equal(expected.pools.length, 1, "one pool of ten");
    assert.equal(expected.pools[0].workloads.length, 10);
    assert.equal(expected.pools[0].shapley_orders, null, "exact over every subset");
    let sum = 0;
    for (const w of expected.workloads) {
      const row = page.locator(`#chargeback tr[data-workload="${w.name}"]`);
      const want = w.chargeback.shapley.monthly_usd;
      assert.equal(await seenText(row.locator('[data-fig="charge"]')), usd(want), w.name);
      const shown = await valueOf(row.locator('[data-fig="charge"]'));
      assert.ok(close(shown, want), `${w.name}: ${shown} vs ${want}`);
      assert.equal((await seenText(row.locator('[data-fig="flag"]'))).includes("pays more than alone"), w.chargeback.shapley.pays_more_than_alone, `${w.name} flag`);
      sum += shown;
    }
    assert.ok(close(sum, expected.pools[0].monthly_usd), `the split adds up to the pool's cost (${sum} vs ${expected.pools[0].monthly_usd})`);
    assert.ok((await seenText(verdict)).includes(usd(expected.total.monthly_usd)));
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });
});

describe("a three-workload portfolio on one model", () => {
  test("opened from one link: the pooling gain and the chargeback table are the CLI's figures", async () => {
    const link = portfolioLink(links);
    const { page, problems } = await openReady(browser, `?${link}`, { timeoutMs: TIMEOUT_MS });
    const expected = JSON.parse(cli(["--today", TEST_DAY, "portfolio", link, "--format", "json"]));
    // The portfolio link and the three links one by one are the same portfolio.
    assert.deepEqual(expected, JSON.parse(cli(["--today", TEST_DAY, "portfolio", ...links, "--format", "json"])));
    assert.equal(expected.pools.length, 1, "one pool: one model and deployment type");
    const pool = expected.pools[0];
    assert.ok(pool.gain_usd > 0, "pooling helps these three");

    await page.locator("#portfolio").waitFor({ timeout: TIMEOUT_MS });
    const names = await page.locator("#workload-list li").evaluateAll((lis) => lis.map((li) => li.dataset.workload));
    assert.deepEqual(names, ["chat", "nightly batch", "agent"]);

    const verdict = await seenText(page.locator("#portfolio-verdict"));
    assert.ok(verdict.includes(usd(expected.total.monthly_usd)), verdict);
    assert.ok(verdict.includes(usd(expected.total.alone_monthly_usd)), verdict);
    assert.ok(verdict.includes(usd(expected.total.gain_usd)), verdict);

    const row = page.locator('#pools tr[data-pool="0"]');
    assert.equal(await seenText(row.locator('[data-fig="monthly"]')), usd(pool.monthly_usd));
    assert.equal(await seenText(row.locator('[data-fig="alone"]')), usd(pool.alone_monthly_usd));
    assert.ok((await seenText(row.locator('[data-fig="gain"]'))).startsWith(usd(pool.gain_usd)));
    assert.ok(close(await valueOf(row.locator('[data-fig="gain"]')), pool.gain_usd));
    assert.equal(await seenText(row.locator('[data-fig="units"]')), `${pool.units} (alone: ${pool.alone_units})`);

    for (const rule of ["by_use", "proportional", "shapley"]) {
      await page.check(`#chargeback-rule input[value="${rule}"]`);
      await page.locator(`#chargeback[data-rule="${rule}"]`).waitFor({ timeout: TIMEOUT_MS });
      let sum = 0;
      for (const w of expected.workloads) {
        const cell = page.locator(`#chargeback tr[data-workload="${w.name}"] [data-fig="charge"]`);
        const want = w.chargeback[rule].monthly_usd;
        assert.equal(await seenText(cell), usd(want), `${rule}: ${w.name}`);
        const shown = await valueOf(cell);
        assert.ok(close(shown, want), `${rule}: ${w.name} ${shown} vs ${want}`);
        const flag = await seenText(page.locator(`#chargeback tr[data-workload="${w.name}"] [data-fig="flag"]`));
        assert.equal(flag.includes("pays more than alone"), w.chargeback[rule].pays_more_than_alone, `${rule}: ${w.name} flag`);
        sum += shown;
      }
      const idle = page.locator('#chargeback tr[data-line="idle"] [data-fig="charge"]');
      if (rule === "by_use") {
        assert.ok(close(await valueOf(idle), pool.idle_usd), "the idle line is the pool's idle capacity");
        sum += await valueOf(idle);
      } else {
        assert.equal(await idle.count(), 0);
      }
      const total = page.locator('#chargeback tr[data-line="total"] [data-fig="charge"]');
      assert.ok(close(sum, pool.monthly_usd), `${rule}: the rows add up to the pool's cost (${sum} vs ${pool.monthly_usd})`);
      assert.ok(close(await valueOf(total), pool.monthly_usd), `${rule}: the total line`);
      assert.equal(await seenText(total), usd(pool.monthly_usd));
      assert.ok((await seenText(page.locator("#rule-explanation"))).length > 40, "each rule is explained");
    }
    // The pool's stacked load chart (drawn after the frame that shows the figures): one area
    // per workload, bottom first; an edit redraws it.
    const areas = page.locator('#pool-loads figure[data-pool="1"] svg path[data-workload]');
    await areas.first().waitFor({ state: "attached", timeout: TIMEOUT_MS });
    assert.deepEqual(await areas.evaluateAll((ps) => ps.map((p) => p.dataset.workload)), ["chat", "nightly batch", "agent"]);
    const desc = () => page.locator("#pool-load-desc-1").textContent();
    const before = await desc();
    await page.fill("#f-in", "400k");
    await page.waitForFunction((old) => document.querySelector("#pool-load-desc-1")?.textContent !== old, before, { timeout: TIMEOUT_MS });
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });

  test("adding and removing a workload rewrites the link, and the link reopens the same portfolio", async () => {
    const { page, problems } = await openReady(browser, `?${portfolioLink(links)}`, { timeoutMs: TIMEOUT_MS });
    const query = () => new URL(page.url()).searchParams;
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll("w").length === 2, null, { timeout: TIMEOUT_MS });
    const opened = new URL(page.url()).search;
    assert.equal(query().get("name"), "chat");

    await page.click("#add-workload-blank");
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll("w").length === 3, null, { timeout: TIMEOUT_MS });
    assert.equal(await page.locator("#workload-list li").count(), 4);
    assert.ok(query().getAll("w")[2].includes("name=workload%204"), query().getAll("w")[2]);
    // The form now edits the new workload; the link's first part is still the chat.
    assert.equal(query().get("name"), "chat");
    assert.equal(await page.locator('#workload-list li.editing').getAttribute("data-workload"), "workload 4");

    await page.click('#workload-list li[data-workload="workload 4"] .workload-remove');
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll("w").length === 2, null, { timeout: TIMEOUT_MS });
    assert.equal(new URL(page.url()).search, opened, "removing the added workload gives the link back");
    assert.equal(await page.locator("#workload-list li").count(), 3);

    // Removing down to one workload: the page is the single-scenario page and its link.
    await page.click('#workload-list li[data-workload="agent"] .workload-remove');
    await page.click('#workload-list li[data-workload="nightly batch"] .workload-remove');
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll("w").length === 0, null, { timeout: TIMEOUT_MS });
    assert.equal(await page.locator("#portfolio").count(), 0, "no portfolio answer for one workload");
    assert.equal(new URL(page.url()).search, `?${links[0].replace(/ /g, "%20")}`);
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });

  test("the JSON, CSV and Markdown exports are what ptcalc portfolio prints for the three workloads", async () => {
    const { page, problems } = await openReady(browser, `?${portfolioLink(links)}`, { timeoutMs: TIMEOUT_MS });
    await page.locator("#portfolio").waitFor({ timeout: TIMEOUT_MS });
    for (const format of ["json", "csv", "md"]) {
      // The three workloads one link each, as the README's example runs them.
      const expected = cli(["--today", TEST_DAY, "portfolio", ...links, "--format", format]);
      const { name, text } = await exported(page, `portfolio-${format}`);
      assert.equal(name, `ptcalc-portfolio-${TEST_DAY}.${format}`);
      assert.ok(text === expected, `${format}: ${firstDifference(text, expected)}`);
    }
    // Each export names the three workloads (not an empty or single-workload document).
    const json = JSON.parse((await exported(page, "portfolio-json")).text);
    assert.deepEqual(json.workloads.map((w) => w.name), ["chat", "nightly batch", "agent"]);
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });

  test("the Embed dialog offers the portfolio panel; its frame holds every workload and shows the gain and the chargeback", async () => {
    const link = portfolioLink(links);
    const expected = JSON.parse(cli(["--today", TEST_DAY, "portfolio", link, "--format", "json"]));
    const pool = expected.pools[0];
    const { page, problems } = await openReady(browser, `?${link}`, { timeoutMs: TIMEOUT_MS });
    await page.click("#embed-open");
    const box = page.locator("#embed-panel-portfolio");
    assert.ok(await box.isVisible(), "the portfolio panel is offered with three workloads");
    await box.check();
    await page.uncheck("#embed-panel-figures");
    await page.uncheck("#embed-panel-hybrid");
    // The dialog's preview frame loads the snippet's page: let it finish (its height is then
    // measured) before this page closes, or its requests are cut off.
    await page.waitForFunction(() => /measured/.test(document.querySelector("#embed-height")?.textContent ?? ""), null, { timeout: TIMEOUT_MS });
    const snippet = await page.locator("#embed-snippet").inputValue();
    assert.match(snippet, /^<iframe class="ptcalc" src="[^"]+\?v=1&amp;name=chat&amp;/);
    assert.match(snippet, /title="ptcalc: a portfolio of 3 workloads"/);
    const src = snippet.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
    const query = new URL(src).searchParams;
    assert.equal(query.get("embed"), "1");
    assert.equal(query.get("view"), "verdict,portfolio");
    assert.equal(query.getAll("w").length, 2, "the frame's link holds the two further workloads");
    assert.match(await seenText(page.locator("#embed-carries")), /all 3 workloads.*chat/);
    // The frame's link prices as the page's own: the same portfolio for the CLI.
    const framed = new URL(src).search.slice(1);
    assert.deepEqual(JSON.parse(cli(["--today", TEST_DAY, "portfolio", framed, "--format", "json"])).total, expected.total);
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();

    // The frame itself: the pooling gain and the chargeback table, nothing of the full page.
    const opened = await openPage(browser);
    const frame = opened.page;
    await frame.setViewportSize({ width: 800, height: 900 });
    await frame.goto(src, { waitUntil: "load" });
    await whenReady(frame, TIMEOUT_MS);
    const panels = await frame.evaluate(() => [...document.querySelectorAll("#embed [data-panel]")].map((p) => p.dataset.panel));
    assert.deepEqual(panels, ["verdict", "portfolio"]);
    assert.equal(await frame.locator("#scenario-form, header.top").count(), 0, "no page chrome");
    const verdict = await seenText(frame.locator("#portfolio-verdict"));
    assert.ok(verdict.includes(usd(expected.total.gain_usd)), `the gain in the verdict: ${verdict}`);
    const gain = frame.locator('#pools tr[data-pool="0"] [data-fig="gain"]');
    assert.ok((await seenText(gain)).startsWith(usd(pool.gain_usd)));
    for (const w of expected.workloads) {
      const cell = frame.locator(`#chargeback tr[data-workload="${w.name}"] [data-fig="charge"]`);
      assert.equal(await seenText(cell), usd(w.chargeback.by_use.monthly_usd), `by use: ${w.name}`);
    }
    assert.equal(await seenText(frame.locator('#chargeback tr[data-line="total"] [data-fig="charge"]')), usd(pool.monthly_usd));
    assert.deepEqual(opened.problems, [], describeProblems(opened.problems));
    await frame.close();
  });

  test("with one workload the Embed dialog does not offer the portfolio panel", async () => {
    const { page, problems } = await openReady(browser, `?${links[0]}`, { timeoutMs: TIMEOUT_MS });
    await page.click("#embed-open");
    assert.equal(await page.locator("#embed-panel-portfolio").isVisible(), false);
    assert.equal((await page.locator("#embed-carries").textContent()).trim(), "");
    // Closing the dialog removes its preview frame: let the preview finish loading first.
    const measured = () =>
      page.waitForFunction(() => /measured/.test(document.querySelector("#embed-height")?.textContent ?? ""), null, { timeout: TIMEOUT_MS });
    await measured();
    // Adding a copy makes it a portfolio: the panel is offered.
    await page.click("#embed-close");
    await page.click("#workloads summary");
    await page.click("#add-workload-copy");
    await page.locator("#workload-list li").nth(1).waitFor({ timeout: TIMEOUT_MS });
    await page.click("#embed-open");
    await page.locator("#embed-panel-portfolio").waitFor({ state: "visible", timeout: TIMEOUT_MS });
    await measured();
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });

  test("a portfolio too long for one link gets no snippet and no preview, and the dialog says why", async () => {
    // 20 workloads with long names: read whole, but more than the 1,900 characters a link keeps.
    const parts = Array.from({ length: 20 }, (_, i) =>
      `name=a workload with a long name, number ${String(i).padStart(2, "0")}&in=123456&out=65432&cache=0.37&shape=bursty&pa=4.5&seed=${12345 + i}`,
    );
    const long = [`v=1&${parts[0]}`.replace(/ /g, "%20"), ...parts.slice(1).map((p) => `w=${encodeURIComponent(p)}`)].join("&");
    const { page, problems } = await openReady(browser, `?${long}`, { timeoutMs: TIMEOUT_MS });
    await page.click("#embed-open");
    await page.locator("#embed-panel-portfolio").check();
    await page.waitForFunction(() => document.querySelector("#embed-snippet")?.value.startsWith("Not available"), null, { timeout: TIMEOUT_MS });
    assert.match(await page.locator("#embed-snippet").inputValue(), /above the limit of 1,?900/);
    assert.equal(await page.locator("#embed-preview").count(), 0, "no preview of a link that cannot be made");
    // Without the portfolio panel the snippet is the edited workload's again.
    await page.locator("#embed-panel-portfolio").uncheck();
    await page.waitForFunction(() => document.querySelector("#embed-snippet")?.value.startsWith("<iframe"), null, { timeout: TIMEOUT_MS });
    await page.waitForFunction(() => /measured/.test(document.querySelector("#embed-height")?.textContent ?? ""), null, { timeout: TIMEOUT_MS });
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });

  test("a bad key inside a workload's part is named with its workload", async () => {
    const link = portfolioLink(links).replace("w=name=nightly%20batch", "w=name=nightly%20batch%26b=lots");
    const { page, problems } = await openReady(browser, `?${link}`, { timeoutMs: TIMEOUT_MS });
    const item = page.locator('#portfolio-problems li[data-workload="nightly batch"][data-key="b"]');
    assert.ok((await seenText(item)).includes("nightly batch"));
    assert.deepEqual(problems, [], describeProblems(problems));
    await page.close();
  });
});
