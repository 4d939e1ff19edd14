// The three stories of issue 12, replayed as a new user would, each reaching the right answer.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { describeProblems, launchBrowser, openReady, seenTexts } from "./harness.mjs";

const TIMEOUT_MS = 20_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const open = (path) => openReady(browser, path, { timeoutMs: TIMEOUT_MS });

const param = (page, key) => new URL(page.url()).searchParams.get(key);

describe("the stories of issue 12", () => {
  test("the analyst: a business-hours rate entered as the month's average stays on-demand", async () => {
    // 2M input and 200k output tokens a minute Mon–Fri 9–17 (40 of 168 hours), nearly nothing
    // at night: the month's average is the busy rate × 40/168, the busy hours run at about 4×
    // the average. Typed with arithmetic, as the analyst works it out.
    const { page, problems } = await open("?v=1");
    await page.selectOption("#f-shape", "business");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("shape") === "business");
    await page.fill("#f-in", "2M*40/168");
    await page.fill("#f-out", "200k*40/168");
    await page.fill("#f-pa", "4");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("pa") === "4");
    assert.notEqual(param(page, "in"), null);
    const spelled = param(page, "in");
    const factor = { k: 1e3, M: 1e6, B: 1e9 }[spelled.slice(-1)] ?? 1;
    const value = Number(factor === 1 ? spelled : spelled.slice(0, -1)) * factor;
    assert.ok(Math.abs(value - (2e6 * 40) / 168) < 1, `in=${spelled}`);
    await page.waitForFunction(() => document.querySelector("#verdict")?.getAttribute("data-verdict") === "on-demand", null, {
      timeout: TIMEOUT_MS,
    });
    assert.match(await page.locator("#verdict").innerText(), /^Stay on-demand \(\$[\d,]+\/month, \$[\d,]+\/year\)/);
    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  });

  test("the analyst, typed as known: busy-hours rates and nearly nothing at night stay on-demand", async () => {
    // The same question typed the way the analyst knows it: the rates during Mon–Fri 9–17
    // and the quiet hours as a share of them. The page converts to the link's average and
    // ratio, and shows what they imply beside the fields.
    const { page, problems } = await open("?v=1");
    await page.selectOption("#f-entry", "busy");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("entry") === "busy");
    assert.equal(await page.locator("#f-shape").inputValue(), "business", "busy hours pick the business shape");
    await page.fill("#f-in", "2M");
    await page.fill("#f-out", "200k");
    await page.fill("#f-quiet", "0");
    // The link keeps what was typed: the busy rates and the quiet share (issue 15), not the
    // average (2M × 177/730 = 484,931.5…) and pa = 730/177 it converts to.
    await page.waitForFunction(() => new URL(location.href).searchParams.get("quiet") === "0", null, {
      timeout: TIMEOUT_MS,
    });
    assert.equal(param(page, "in"), "2M");
    assert.equal(param(page, "out"), "200k");
    assert.equal(param(page, "pa"), null, "pa follows from quiet");
    // Prose rounds for reading: 730/177 = 4.1242937… reads 4.12.
    assert.match(await page.locator("#summary").innerText(), /business traffic, peak 4\.12× average/);
    assert.match(await page.locator('#implied [data-level="busy"]').innerText(), /^2\.0M in · 200k out\/min$/);
    assert.match(await page.locator('#implied [data-level="quiet"]').innerText(), /^0 in · 0 out\/min$/);
    assert.match(await page.locator('#implied [data-level="average"]').innerText(), /^485k in · 48\.5k out\/min$/);
    await page.waitForFunction(() => document.querySelector("#verdict")?.getAttribute("data-verdict") === "on-demand", null, {
      timeout: TIMEOUT_MS,
    });
    assert.match(await page.locator("#verdict").innerText(), /^Stay on-demand \(\$[\d,]+\/month, \$[\d,]+\/year\)/);

    // The same link reopens in the same form, per hour this time.
    await page.selectOption("#f-per", "h");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("per") === "h");
    assert.equal(await page.locator("#f-in").inputValue(), "120M");
    assert.equal(param(page, "in"), "120M", "the rate per hour, as shown");
    const reopened = await open(`?${new URL(page.url()).searchParams}`);
    assert.equal(await reopened.page.locator("#f-entry").inputValue(), "busy");
    assert.equal(await reopened.page.locator("#f-in").inputValue(), "120M");
    assert.equal(await reopened.page.locator("#f-quiet").inputValue(), "0");
    assert.equal(await reopened.page.locator("#verdict").getAttribute("data-verdict"), "on-demand");
    // The same figures, to the cent.
    for (const key of ["on-demand", "full", "hybrid"]) {
      const value = (p) => p.locator(`[data-figure="${key}"] .value`).innerText();
      assert.equal(await value(reopened.page), await value(page), key);
    }
    assert.deepEqual(reopened.problems, [], `problems: ${describeProblems(reopened.problems)}`);
    await reopened.page.close();
    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  });

  test("the platform engineer: a Scale Tier link gives one break-even and says it never pays", async () => {
    const { page, problems } = await open("?v=1&o=openai/o3-scale&in=3M&out=400k&shape=diurnal&pa=1.8");
    // Each instance as a reader sees it, scrolled to (the terms table is below the fold).
    const breakEvens = await seenTexts(page.locator('[data-fig="break-even"]'));
    assert.ok(breakEvens.length >= 2, "key figure and terms table");
    assert.equal(new Set(breakEvens).size, 1, breakEvens.join(" | "));
    assert.match(breakEvens[0], /^never: a fully used unit costs [\d.]+× on-demand$|^\d+(\.\d)?%$/);
    const verdict = await page.locator("#verdict").innerText();
    assert.match(verdict, /\/year/);
    assert.match(await page.locator("#units").innerText(), /input pool: [\d,]+ input units; output pool: [\d,]+ output units/);
    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  });

  test("the manager: a colleague's link names only what it contained, and the note clears after an edit", async () => {
    // The link has no term: the offering's own term is used without a notice.
    const clean = await open("?v=1&o=openai/o3-scale&in=3M&out=400k&shape=diurnal&pa=1.8");
    assert.equal(await clean.page.locator("#notice").isVisible(), false, "no notice for a term the link did not contain");
    await clean.page.close();

    // A bad value the link did contain is named, and the line goes once the field is changed.
    const { page, problems } = await open("?v=1&in=lots");
    await page.waitForSelector('#notice li[data-key="in"]', { state: "visible" });
    assert.equal(await page.locator("#notice li:visible").count(), 1);
    await page.fill("#f-in", "1M");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("in") === "1M");
    await page.waitForSelector("#notice", { state: "hidden" });
    assert.match(await page.locator("#verdict").innerText(), /^(Reserve|Stay on-demand)/);
    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  });
});
