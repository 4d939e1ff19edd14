// Measured traffic on the page: a usage export picked with the file input becomes the
// scenario's volume and `load=` summary (the same code as `ptcalc eval --usage`); a file that
// cannot be read shows its problems by line and leaves the scenario and figures unchanged.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { appUrl, describeProblems, launchBrowser, openPage } from "./harness.mjs";

const TIMEOUT_MS = 20_000;
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../data/usage");

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function open() {
  const opened = await openPage(browser);
  await opened.page.goto(appUrl(""), { waitUntil: "load" });
  await opened.page.waitForFunction(() => document.querySelector("#status")?.textContent === "ready", null, {
    timeout: TIMEOUT_MS,
  });
  return opened;
}

const figure = async (page) =>
  ((await page.locator('[data-figure="on-demand"] .value').first().textContent()) ?? "").trim();
const load = (page) => new URL(page.url()).searchParams.get("load");

/** Picks `file` (a path or a Playwright file payload) and waits for the outcome. */
async function importFile(page, file) {
  await page.locator("#import-file").setInputFiles(file);
  await page.waitForSelector("#import-result, #import-error", { timeout: TIMEOUT_MS });
}

test("a wide CSV sets the volume and the load summary", async () => {
  const { page, problems } = await open();
  const before = await figure(page);
  assert.equal(load(page), null);
  await importFile(page, path.join(DATA, "wide.csv"));
  const result = await page.locator("#import-result").textContent();
  assert.match(result, /CSV with one row per time step/);
  assert.match(result, /summary of \d+ minutes/);
  await page.waitForFunction(() => new URL(location.href).searchParams.get("load") !== null, null, {
    timeout: TIMEOUT_MS,
  });
  assert.ok(load(page).length > 10, `load= is ${load(page)}`);
  assert.notEqual(await figure(page), before, "the on-demand figure follows the file's volume");
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

test("a file with several series offers each, and choosing one changes the load", async () => {
  const { page, problems } = await open();
  await importFile(page, path.join(DATA, "openai-dashboard.csv"));
  assert.match(await page.locator("#import-result").textContent(), /OpenAI dashboard usage CSV/);
  await page.waitForFunction(() => new URL(location.href).searchParams.get("load") !== null);
  const all = load(page);
  const options = await page.locator("#import-series option").allTextContents();
  assert.ok(options.length >= 3, `expected "All" and two series, got ${options}`);
  await page.locator("#import-series").selectOption({ index: 1 });
  await page.waitForFunction((prev) => new URL(location.href).searchParams.get("load") !== prev, all, {
    timeout: TIMEOUT_MS,
  });
  assert.match(await page.locator("#import-result").textContent(), /series /);
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

test("a bad file shows its problem by line and leaves the figures unchanged", async () => {
  const { page, problems } = await open();
  const before = await figure(page);
  const url = page.url();
  await importFile(page, {
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("time,input,output\n2025-08-18T00:00Z,12x,1\n2025-08-18T00:01Z,5,1\n"),
  });
  const error = await page.locator("#import-error").textContent();
  assert.match(error, /line 2/);
  assert.match(error, /scenario is unchanged/);
  assert.equal(await figure(page), before);
  assert.equal(page.url(), url);
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});
