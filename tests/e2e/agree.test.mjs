// One evaluation, every surface: for each golden link of the CLI's tests, on the day the
// goldens are priced at (the harness pins the page's clock to it), the page's JSON export is
// byte for byte what `ptcalc --today <day> eval <link> --format json` prints, and the figures
// on screen are the JSON's. One link runs into the end of a promotion inside its horizon, so
// the horizon is priced month by month (the dated path) on the page too.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describeProblems, launchBrowser, openReady, seenText, TEST_DAY, cli, repoRoot } from "./harness.mjs";

const TIMEOUT_MS = 30_000;
const root = repoRoot;


/** The golden links of `crates/ptcalc-cli/tests/golden.rs` evaluated as JSON (one list). */
async function goldenLinks() {
  const source = await readFile(`${root}crates/ptcalc-cli/tests/golden.rs`, "utf8");
  const table = source.slice(source.indexOf("const SCENARIOS"), source.indexOf("const USAGE_SCENARIOS"));
  const links = [...table.matchAll(/^\s*\("([^"]+)", "([^"]*)", "json"\),/gm)].map((m) => ({ name: m[1], link: m[2] }));
  assert.ok(links.length >= 20, `golden links found: ${links.length}`);
  return links;
}

/** `ptcalc_core::numfmt::usd`: cents below $100, whole dollars grouped by thousands above. */
function usd(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const sign = value < 0 ? "-" : "";
  const v = Math.abs(value);
  if (v < 100) return `${sign}$${v.toFixed(2)}`;
  return `${sign}$${Math.round(v).toLocaleString("en-US")}`;
}

/** Clicks the JSON export and returns the downloaded text. */
async function exportedJson(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: TIMEOUT_MS }),
    page.click('[data-export="json"]'),
  ]);
  return readFile(await download.path(), "utf8");
}

let browser;
let links;
before(async () => {
  browser = await launchBrowser();
  links = await goldenLinks();
});
after(async () => {
  await browser?.close();
});

describe("the page's export is ptcalc eval, figure for figure", () => {
  test("every golden link, on its day: the JSON export equals the CLI's bytes and the screen shows its figures", async () => {
    assert.ok(links.some((l) => l.name.includes("promotion")), "a link whose horizon crosses a dated price");
    const failures = [];
    for (const { name, link } of links) {
      const { page, problems } = await openReady(browser, `?${link}`, { timeoutMs: TIMEOUT_MS });
      // A link with problems opens repaired, its notice saying what was replaced; until an
      // edit, the export lists the link's problems first, as the CLI does for that link.
      if (name === "link-warnings") assert.ok(await page.locator("#notice").isVisible(), "the bad link's notice is shown");
      const expected = cli(["--today", TEST_DAY, "eval", link, "--format", "json"]);
      const exported = await exportedJson(page);
      if (exported !== expected) {
        const a = exported.split("\n");
        const b = expected.split("\n");
        const at = a.findIndex((line, i) => line !== b[i]);
        failures.push(`${name} (${link}): line ${at + 1}\n    page: ${a[at]}\n    CLI:  ${b[at]}`);
      }
      const report = JSON.parse(expected);
      const shown = {
        "on-demand": await seenText(page.locator('[data-figure="on-demand"] .value')),
        full: await seenText(page.locator('[data-figure="full"] .value')),
        hybrid: await seenText(page.locator('[data-figure="hybrid"] .value')),
      };
      const wanted = {
        "on-demand": usd(report.monthly.on_demand),
        full: usd(report.monthly.full_provisioned),
        hybrid: usd(report.monthly.hybrid),
      };
      for (const key of Object.keys(wanted)) {
        if (!shown[key].startsWith(wanted[key])) failures.push(`${name}: ${key} shows ${shown[key]}, the JSON ${wanted[key]}`);
      }
      // The horizon columns of the scenario's term: the dated path's figures.
      const term = report.terms.find((t) => t.term === report.offering.term);
      if (term) {
        const row = page.locator(`#terms tr[data-term="${term.term}"] td`);
        const cells = await row.count();
        const horizon = [await seenText(row.nth(cells - 2)), await seenText(row.nth(cells - 1))];
        const want = [usd(term.horizon_full), usd(term.horizon_hybrid)];
        if (horizon.join(" | ") !== want.join(" | ")) failures.push(`${name}: horizon ${horizon.join(" | ")}, the JSON ${want.join(" | ")}`);
      }
      assert.deepEqual(problems, [], `${name}: ${describeProblems(problems)}`);
      await page.close();
    }
    assert.deepEqual(failures, [], failures.join("\n"));
  });
});
