// The model's lifecycle and the cards' age on the page (issue 16): "retires on …" beside the
// offering, a term that outlives the model never the answer, retired offerings out of the
// menus while an old link to one still opens with the notice first, and the notice that the
// cards were checked more than 60 days before the scenario's day.
//
// Dates from crates/ptcalc-ratecards/data/vertex.json: gemini-2.5-flash closed to new projects
// on 2026-10-20, retired on 2027-03-31; gemini-2.0-flash-001 retired on 2026-06-01. The
// current edition was last checked on 2026-12-06.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { describeProblems, launchBrowser, openReady, seenText } from "./harness.mjs";

const TIMEOUT_MS = 20_000;
const FLASH = "vertex/gemini-2.5-flash";
const LINK = `?v=1&o=${FLASH}&rpm=3k&pt=2k&ct=300&cache=0&shape=flat`;
const EDITION_DAY = "2026-12-06";
const EDITION = "2026-12-06b";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A page opened in a browser context whose clock reads noon UTC on `day`. */
async function openOn(day, path) {
  const context = await browser.newContext({ now: Date.parse(`${day}T12:00:00Z`) });
  const opened = await openReady(context, path, { timeoutMs: TIMEOUT_MS });
  return { ...opened, context };
}

const assertClean = (problems) => assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
const modelOptions = (page) =>
  page.locator("#f-o option").evaluateAll((options) => options.map((o) => o.value));
/** Whether `a` comes before `b` in the document. */
const precedes = (page, a, b) =>
  page.evaluate(
    ([a, b]) =>
      Boolean(document.querySelector(a).compareDocumentPosition(document.querySelector(b)) & Node.DOCUMENT_POSITION_FOLLOWING),
    [a, b],
  );

describe("lifecycle and age on the page", () => {
  test("on 2026-12-05 gemini-2.5-flash is never answered with the 1-year term and shows its retirement", async () => {
    const { page, problems, context } = await openOn("2026-12-05", LINK);
    const verdict = await seenText(page.locator("#verdict"));
    assert.doesNotMatch(verdict, /Reserve [^.]* on the 1-year term/i, verdict);
    // The cheaper 1-year term is named as ruled out, with the retirement day.
    assert.match(verdict, /The 1-year term would cost \$[\d,]+\/month \([\d.]+% less\), but gemini-2\.5-flash retires on 2027-03-31/, verdict);
    assert.notEqual(await page.locator("#verdict").getAttribute("data-verdict"), "reserve");
    const beside = await seenText(page.locator("#offering-lifecycle"));
    assert.match(beside, /retires on 2027-03-31/);
    assert.match(beside, /closed to new customers since 2026-10-20/);
    assert.ok(
      (await page.locator('#offering-lifecycle [data-event="retired"] .marker').count()) > 0,
      "the retirement day carries its source",
    );
    assert.match(await seenText(page.locator("#source-lifecycle")), /retires on 2027-03-31/);
    assert.ok(
      (await page.locator('#warnings li[data-warning="term_outlives_model"]').count()) > 0,
      "the warnings say why the 1-year term is out",
    );
    assert.equal(await page.locator("#retired-notice").count(), 0, "not retired yet");
    assert.ok((await modelOptions(page)).includes(FLASH), "still in the menu before retirement");
    assertClean(problems);
    await context.close();
  });

  test("after the retirement the menu hides it, while a link to it opens with the notice first", async () => {
    const other = await openOn("2027-04-01", "?v=1&o=vertex/gemini-3.6-flash");
    const listed = await modelOptions(other.page);
    assert.ok(!listed.includes(FLASH), `hidden once retired: ${listed}`);
    assert.ok(listed.includes("vertex/gemini-3.6-flash"));
    assertClean(other.problems);
    await other.context.close();

    const { page, problems, context } = await openOn("2027-04-01", LINK);
    assert.equal(await page.locator("#f-o").inputValue(), FLASH, "the link's offering is still shown");
    const notice = await seenText(page.locator("#retired-notice"));
    assert.match(notice, /retired/i);
    assert.match(notice, /2027-03-31/);
    assert.ok(await precedes(page, "#retired-notice", "#verdict"), "the notice comes before the verdict");
    assert.equal(await page.locator("#warnings li").first().getAttribute("data-warning"), "model_retired");
    assert.match(await seenText(page.locator("#offering-lifecycle")), /retired on 2027-03-31/);
    assertClean(problems);
    await context.close();
  });

  test("a day in force before a retirement keeps the offering; an offering retired long ago is not listed", async () => {
    const { page, problems, context } = await openOn("2026-11-27", "?v=1&o=vertex/gemini-3.6-flash");
    const listed = await modelOptions(page);
    assert.ok(listed.includes(FLASH), `${listed}`);
    assert.ok(!listed.includes("vertex/gemini-2.0-flash-001"), "retired on 2026-06-01");
    assertClean(problems);
    await context.close();
  });

  test("a scenario day more than 60 days after the cards were checked says prices may have moved", async () => {
    const fresh = await openOn("2026-12-10", "?v=1");
    assert.equal(await fresh.page.locator("#age-notice").count(), 0);
    assert.equal(await seenText(fresh.page.locator("#cards-checked")), `Rate cards last checked on ${EDITION_DAY} (edition ${EDITION}).`);
    await fresh.context.close();

    const { page, problems, context } = await openOn("2026-12-10", "?v=1&at=2027-02-10");
    const notice = await seenText(page.locator("#age-notice"));
    assert.match(notice, new RegExp(`last checked on ${EDITION_DAY}, 66 days before this scenario's day \\(2027-02-10\\)`));
    assert.match(notice, /may have moved/);
    assert.match(notice, /ratecards\.json/);
    assert.match(notice, /organization's card/);
    assert.ok(await precedes(page, "#age-notice", "#verdict"));
    assert.ok((await page.locator('#warnings li[data-warning="cards_old"]').count()) > 0);
    assertClean(problems);
    await context.close();
  });
});
