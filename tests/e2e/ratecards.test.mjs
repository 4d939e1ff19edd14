// Rate cards on the page (issue 10): a recorded conflict switched to its other value in one
// click (an override in the link), stale marks relative to the scenario's day, an old edition's
// changed-figures notice with its switch to today's figures, an organization's card picked from
// a file (and a bad one refused), a link naming a card the page lacks, and the card a team
// serves next to the page as ratecards.json (xtask serves a second copy at PTCALC_ORG_URL).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { appUrl, describeProblems, launchBrowser, openPage, openReady, seenText, waitForApp, whenReady } from "./harness.mjs";

const TIMEOUT_MS = 20_000;
const ORG_CARD = fileURLToPath(new URL("../data/org-ratecard.json", import.meta.url));
const BAD_CARD = fileURLToPath(new URL("../data/org-ratecard-bad.json", import.meta.url));
const USAGE = fileURLToPath(new URL("../data/usage/request-log.csv", import.meta.url));
const orgUrl = process.env.PTCALC_ORG_URL;
// The picked card's local-storage entry (orgcards.rs), and its compact form: hex of the
// `ptrc` mark, format 1, an organization's card.
const STORAGE_KEY = "ptcalc.orgcard";
const COMPACT_HEX = /^70747263014f([0-9a-f]{2})+$/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const open = (url) => openReady(browser, url, { timeoutMs: TIMEOUT_MS });

const param = (page, key) => new URL(page.url()).searchParams.get(key);
const text = async (page, selector) => ((await page.locator(selector).textContent()) ?? "").replace(/\s+/g, " ");
const assertClean = (problems) => assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);

describe("rate cards on the page", () => {
  test("the default page fetches the empty ratecards.json and logs nothing", async () => {
    const { page, problems, responses } = await open(appUrl("?v=1"));
    await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith("/ratecards.json")));
    const card = responses.find((r) => r.url.endsWith("/ratecards.json"));
    assert.equal(card?.status, 200, "ratecards.json is served");
    assert.equal(await page.locator("#org-served").count(), 0, "an empty card adds nothing");
    // The empty card is recognized as it is: the rate-card reader (the tools' worker) is not
    // even downloaded.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const worker = responses.filter((r) => /ptcalc-worker/.test(r.url)).map((r) => r.url);
    assert.deepEqual(worker, [], "the tools' worker was requested");
    assert.equal(await page.locator("#edition-notice").isVisible(), false);
    assert.equal(await page.locator("#org-notice").isVisible(), false);
    assertClean(problems);
    await page.close();
  });

  test("a conflict's other value is one click away, lands in the link and changes the figures", async () => {
    const { page, problems } = await open(appUrl("?v=1&d=datazone&t=1m"));
    const conflict = page.locator('#source-figures .conflict[data-conflict="unit_price.1m"]');
    assert.match(await text(page, '#source-figures .conflict[data-conflict="unit_price.1m"]'), /260.*286/);
    const before = await text(page, "#answer");
    await conflict.locator("button").click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("pm") === "286");
    assert.match(await text(page, "#source-figures"), /1-month price[^:]*: \$286 per unit-month/);
    await page.waitForFunction((b) => document.querySelector("#answer")?.textContent.replace(/\s+/g, " ") !== b, before);
    assert.equal(await conflict.locator("button").getAttribute("aria-pressed"), "true");
    // And back to the card's value.
    await conflict.locator("button").click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("pm"));
    assertClean(problems);
    await page.close();
  });

  test("a figure's source older than 180 days on the scenario's day is marked stale", async () => {
    // azure/gpt-4.1's capacity comes from a page dated 2026-01-12.
    const fresh = await open(appUrl("?v=1&at=2026-03-01"));
    const capacity = (page) => page.locator("#source-figures > li").first();
    // Read as a reader sees it: scrolled to (below the fold nothing is rendered).
    assert.match(await seenText(capacity(fresh.page)), /as of 2026-01-12/);
    assert.equal(await capacity(fresh.page).locator("[data-stale]").count(), 0);
    await fresh.page.close();
    const old = await open(appUrl("?v=1&at=2027-03-01"));
    assert.equal(await capacity(old.page).locator("[data-stale]").count(), 1);
    assertClean(old.problems);
    await old.page.close();
  });

  test("an old edition's link lists what changed and switches to today's figures", async () => {
    // Edition 2026-11-27 read the o3 Scale Tier at 5,000 TPM; 2026-12-06 put it back at
    // 25,000 (crates/ptcalc-ratecards/AUDIT-2026-12.md).
    const { page, problems } = await open(appUrl("?v=1&o=openai/o3-scale&t=30d&rc=2026-11-27"));
    const notice = page.locator("#edition-notice");
    assert.equal(await notice.isVisible(), true);
    assert.match(await text(page, "#edition-notice"), /2026-11-27/);
    assert.match(await text(page, "#edition-notice ul"), /capacity.*5k → 25k/);
    assert.match(await seenText(page.locator("#source-figures")), /input unit \(input\): 5,000 tokens\/min/);
    assert.equal(param(page, "rc"), "2026-11-27", "the link keeps its edition");
    await page.click("#edition-use-today");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("rc"));
    assert.equal(await notice.isVisible(), false);
    const figures = await seenText(page.locator("#source-figures"));
    assert.match(figures, /input unit \(input\): 25,000 tokens\/min/);
    assert.doesNotMatch(figures, /input unit \(input\): 5,000 tokens\/min/);
    assertClean(problems);
    await page.close();
  });

  test("an organization's card is picked, marked, kept in the link by fingerprint, and removed", async () => {
    const { page, problems } = await open(appUrl("?v=1"));
    await page.setInputFiles("#org-file", ORG_CARD);
    await page.locator("#org-picked").waitFor({ state: "visible" });
    const fingerprint = (await text(page, "#org-picked")).match(/fingerprint ([0-9a-f]{12})/)?.[1];
    assert.ok(fingerprint, "the card's fingerprint is shown");
    // The card replaces the bundled azure/gpt-4.1: its figures are the organization's.
    await page.waitForFunction((f) => new URL(location.href).searchParams.get("org") === f, fingerprint);
    assert.ok((await page.locator('#source-figures [data-confidence="organization"]').count()) > 0);
    // Its private Bedrock offering joins the menus, marked.
    await page.selectOption("#f-vendor", "bedrock");
    const option = page.locator('#f-o option[value="bedrock/claude-sonnet-4.5-contoso-mu"]');
    await option.waitFor({ state: "attached" });
    assert.match((await option.textContent()) ?? "", /your organization's/);
    await page.selectOption("#f-o", "bedrock/claude-sonnet-4.5-contoso-mu");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("o") === "bedrock/claude-sonnet-4.5-contoso-mu");
    assert.equal(param(page, "org"), fingerprint);
    // A reload keeps the card (this browser's storage).
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => document.querySelector("#status")?.textContent === "ready");
    assert.equal(param(page, "o"), "bedrock/claude-sonnet-4.5-contoso-mu");
    assert.equal(await page.locator("#org-picked").isVisible(), true);
    // It is kept in compact form (read again without JSON), next to the JSON as given.
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "null")?.compact, STORAGE_KEY);
    assert.match(kept ?? "", COMPACT_HEX);
    // Usage imported on the organization's offering is weighed with its card (the bundled
    // cards alone do not know the offering and once refused the import).
    await page.locator("#import-file").setInputFiles(USAGE);
    await page.waitForSelector("#import-result, #import-error");
    assert.equal(await page.locator("#import-error").count(), 0, await text(page, "#import-drop"));
    await page.waitForFunction(() => new URL(location.href).searchParams.has("load"));
    assert.equal(param(page, "o"), "bedrock/claude-sonnet-4.5-contoso-mu");
    // Removed: the offering is gone, and so is the fingerprint.
    await page.click("#org-remove");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("org"));
    assert.equal(await page.locator("#org-picked").count(), 0);
    assertClean(problems);
    await page.close();
  });

  test("a card kept by an older page (JSON only) or with a damaged compact form is read from its JSON and kept again", async () => {
    const json = await readFile(ORG_CARD, "utf8");
    for (const compact of [undefined, "70747263ff00"]) {
      // Written before the page's first load only (the page writes the entry again).
      const entry = JSON.stringify(JSON.stringify({ name: "kept.json", text: json, compact }));
      const init = {
        content: `if (!sessionStorage.getItem("seeded")) { sessionStorage.setItem("seeded", "1"); localStorage.setItem(${JSON.stringify(STORAGE_KEY)}, ${entry}); }`,
      };
      const { page, problems } = await openReady(browser, appUrl("?v=1"), { init, timeoutMs: TIMEOUT_MS });
      await page.locator("#org-picked").waitFor({ state: "visible" });
      assert.match(await text(page, "#org-picked"), /kept\.json \(fingerprint [0-9a-f]{12}\)/);
      const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "null"), STORAGE_KEY);
      assert.match(kept?.compact ?? "", COMPACT_HEX, `${compact}`);
      assert.equal(kept?.text, json);
      assertClean(problems);
      await page.close();
    }
  });

  test("a bad card shows the loader's line and column and leaves the scenario alone", async () => {
    const { page, problems } = await open(appUrl("?v=1&in=2M"));
    const url = page.url();
    const figures = await text(page, "#source-figures");
    await page.setInputFiles("#org-file", BAD_CARD);
    await page.locator("#org-error").waitFor({ state: "visible" });
    assert.match(await text(page, "#org-error"), /org-ratecard-bad\.json:\d+:\d+/);
    assert.equal(page.url(), url);
    assert.equal(await text(page, "#source-figures"), figures);
    assert.equal(await page.locator("#org-picked").count(), 0);
    assertClean(problems);
    await page.close();
  });

  test("a card an earlier page kept as JSON only is read again by the worker and kept compact", async () => {
    const json = fs.readFileSync(ORG_CARD, "utf8");
    const { page, problems } = await openPage(browser);
    await page.addInitScript((text) => {
      if (sessionStorage.getItem("seeded") === null) {
        sessionStorage.setItem("seeded", "1");
        localStorage.setItem("ptcalc.orgcard", JSON.stringify({ name: "org-ratecard.json", text }));
      }
    }, json);
    await page.goto(appUrl("?v=1&o=bedrock/claude-sonnet-4.5-contoso-mu"), { waitUntil: "load" });
    await waitForApp(page, problems, TIMEOUT_MS);
    await whenReady(page, TIMEOUT_MS);
    // Read in the worker after the start, the card adds its offering, and the link naming
    // it opens on it.
    await page.locator("#org-picked").waitFor({ state: "visible", timeout: TIMEOUT_MS });
    await page.waitForFunction(() => new URL(location.href).searchParams.get("o") === "bedrock/claude-sonnet-4.5-contoso-mu", null, {
      timeout: TIMEOUT_MS,
    });
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("ptcalc.orgcard") ?? "{}"));
    assert.equal(kept.name, "org-ratecard.json");
    assert.match(kept.compact ?? "", /^[0-9a-f]+$/, "kept again with its compact form");
    assertClean(problems);
    await page.close();
  });

  test("a link made with a card this page lacks says so", async () => {
    const { page, problems } = await open(appUrl("?v=1&org=0123456789ab"));
    assert.equal(await page.locator("#org-notice").isVisible(), true);
    assert.match(await text(page, "#org-notice"), /0123456789ab/);
    assertClean(problems);
    await page.close();
  });

  test("a ratecards.json served next to the page is loaded and marked", { skip: !orgUrl && "PTCALC_ORG_URL not set" }, async () => {
    const { page, problems } = await open(new URL("?v=1", orgUrl).href);
    await page.locator("#org-served").waitFor({ state: "visible", timeout: TIMEOUT_MS });
    assert.match(await text(page, "#org-served"), /ratecards\.json/);
    await page.waitForFunction(() => document.querySelector('#source-figures [data-confidence="organization"]') !== null);
    // A link to the served card's private offering opens on it once the card has arrived.
    await page.goto(new URL("?v=1&o=bedrock/claude-sonnet-4.5-contoso-mu", orgUrl).href, { waitUntil: "load" });
    await page.waitForFunction(() => document.querySelector("#org-served") !== null);
    await page.waitForFunction(() => new URL(location.href).searchParams.get("o") === "bedrock/claude-sonnet-4.5-contoso-mu");
    assertClean(problems);
    await page.close();
  });
});
