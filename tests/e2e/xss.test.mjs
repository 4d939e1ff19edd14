// Nothing let in: text from a link, a usage file or a host's message is shown as text, never
// inserted as markup. Each path is fed `<img src=x onerror=…>`, `<script>` and `"><svg onload=…>`;
// the test asserts that the text arrived (so the path was exercised), that no element came of it
// (the strict CSP would stop an inline handler from running, so "no script ran" alone would
// prove little), that no script ran, and that the CSP saw nothing to block.
//
// Organization rate cards: a picked card's file name, offering name, notes and sources, and a
// refused card's error. Offering names also reach the charts'
// SVG, which `crates/ptcalc-charts/tests/markup.rs` checks.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { appUrl, describeProblems, launchBrowser, openPage, openReady, whenReady } from "./harness.mjs";

const TIMEOUT_MS = 45_000;
const origin = new URL(appUrl()).origin;

const PAYLOADS = [
  "<img src=x onerror=window.__pwned=1>",
  "<script>window.__pwned=2</script>",
  '"><svg onload=window.__pwned=3>',
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const open = (query) =>
  openReady(browser, query, {
    init: () => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
    },
    timeoutMs: TIMEOUT_MS,
  });

/** Elements a payload would have made, in `frame` (the page makes none of these itself). */
const injected = (frame) =>
  frame.evaluate(() => {
    const found = [...document.querySelectorAll("img, script:not([src]), [onerror], [onload], svg[onload]")];
    return found.map((e) => e.outerHTML.slice(0, 80));
  });

async function assertNothingLetIn(frame, problems) {
  assert.deepEqual(await injected(frame), [], "elements made from input");
  assert.equal(await frame.evaluate(() => window.__pwned), undefined, "a payload ran");
  assert.deepEqual(await frame.evaluate(() => window.__cspViolations ?? []), [], "the CSP had to block something");
  assert.deepEqual(problems, [], describeProblems(problems));
}

test("link values and key names carrying markup are shown as text on the full page", async () => {
  const [a, b, c] = PAYLOADS.map(encodeURIComponent);
  // Every key that carries text: the offering, the edition, the day, the load summary, the
  // panels and the theme, and an unknown key's name.
  const { page, problems } = await open(`?v=1&o=${a}&rc=${b}&at=${c}&load=${a}&theme=${b}&${c}=1`);
  const notice = (await page.locator("#notice").textContent()) ?? "";
  for (const p of PAYLOADS) {
    assert.ok(notice.includes(p.slice(0, 12)), `the notice names ${p} as text: ${notice}`);
  }
  // The snippets of the Embed dialog and the share link are values of form fields.
  await page.click("#embed-open");
  assert.ok(!(await page.locator("#embed-snippet").inputValue()).includes("<img"));
  await assertNothingLetIn(page, problems);
  await page.close();
});

test("an embed view's link values carrying markup are shown as text", async () => {
  const { page, problems } = await open(`?v=1&embed=1&view=${encodeURIComponent(`verdict,${PAYLOADS[2]}`)}&o=${encodeURIComponent(PAYLOADS[0])}`);
  assert.match((await page.locator("#notice").textContent()) ?? "", /<img src=x/);
  await assertNothingLetIn(page, problems);
  await page.close();
});

test("deployment names carrying markup in a usage file are shown as text", async () => {
  const { page, problems } = await open("?v=1");
  const rows = ["TimeGenerated [UTC],MetricName,Deployment,Total"];
  for (let minute = 0; minute < 30; minute += 1) {
    const time = `"8/18/2025, 9:${String(minute).padStart(2, "0")}:00.000 AM"`;
    PAYLOADS.forEach((p, i) => {
      const name = `"${p.replaceAll('"', '""')}"`;
      rows.push(`${time},ProcessedPromptTokens,${name},${1000 * (i + 1) + minute}`);
      rows.push(`${time},GeneratedTokens,${name},${100 * (i + 1)}`);
    });
  }
  await page.locator("#import-file").setInputFiles({
    name: "markup.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${rows.join("\n")}\n`),
  });
  await page.waitForSelector("#import-result, #import-error", { timeout: TIMEOUT_MS });
  const options = await page.locator("#import-series option").allTextContents();
  for (const p of PAYLOADS) {
    assert.ok(options.some((o) => o.includes(p)), `series ${p} offered as text: ${options}`);
  }
  // Choosing a series names it in the result line.
  const index = options.findIndex((o) => o.includes(PAYLOADS[2]));
  await page.locator("#import-series").selectOption({ index });
  await page.waitForFunction((p) => document.querySelector("#import-result")?.textContent.includes(p), PAYLOADS[2], {
    timeout: TIMEOUT_MS,
  });
  await assertNothingLetIn(page, problems);
  await page.close();
});

test("a host's messages carrying markup change nothing and insert nothing", async () => {
  const { page, problems } = await openPage(browser);
  const host = `${origin}/sub/docs/xss-host.html`;
  await page.addInitScript(() => {
    if (window.top !== window) return;
    window.__answers = [];
    addEventListener("message", (e) => window.__answers.push(e.data));
  });
  await page.route(host, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html",
      body: `<!DOCTYPE html><html><body>
        <iframe id="f" src="../ptcalc/?v=1&amp;embed=1&amp;view=verdict,figures,warnings" width="700" height="500"></iframe></body></html>`,
    }),
  );
  await page.goto(host, { waitUntil: "load" });
  const frame = page.frame({ url: /embed=1/ });
  await whenReady(frame, TIMEOUT_MS);
  const before = await frame.evaluate(() => document.querySelector("#embed").innerHTML);
  const messages = PAYLOADS.flatMap((p) => [
    { type: "ptcalc:scenario", scenario: `v=1&o=${encodeURIComponent(p)}` },
    { type: "ptcalc:scenario", scenario: p },
    { type: "ptcalc:scenario", scenario: "v=1", html: p },
    { type: p, scenario: "v=1" },
  ]);
  for (const m of messages) {
    await page.evaluate((msg) => document.querySelector("#f").contentWindow.postMessage(msg, "*"), m);
  }
  // Three refusals per payload (the fourth is not a ptcalc type): wait for every answer.
  await page.waitForFunction((n) => window.__answers.filter((m) => m?.type === "ptcalc:error").length >= n, PAYLOADS.length * 3, {
    timeout: TIMEOUT_MS,
  });
  assert.equal(await frame.evaluate(() => document.querySelector("#embed").innerHTML), before, "the frame is unchanged");
  assert.deepEqual(await injected(page), [], "elements made in the host page");
  await assertNothingLetIn(frame, problems);
  await page.close();
});

test("an organization's card whose names and sources carry markup is shown as text", async () => {
  const card = JSON.parse(readFileSync(new URL("../data/org-ratecard.json", import.meta.url), "utf8"));
  const offering = card.offerings.find((o) => o.id === "bedrock/claude-sonnet-4.5-contoso-mu");
  offering.name = `Contoso ${PAYLOADS[0]}`;
  offering.notes = [PAYLOADS[1]];
  card.sources["contoso-aws-private-offer"].via = PAYLOADS[2];
  const { page, problems } = await open("?v=1");
  await page.setInputFiles("#org-file", {
    name: `${PAYLOADS[2]}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(card)),
  });
  await page.locator("#org-picked").waitFor({ state: "visible", timeout: TIMEOUT_MS });
  assert.ok(((await page.locator("#org-picked").textContent()) ?? "").includes(PAYLOADS[2]), "the file name as text");
  // The picked card stays in this browser: open its offering, whose name and sources carry markup.
  await page.goto(appUrl(`?v=1&o=${encodeURIComponent(offering.id)}&t=1m`), { waitUntil: "load" });
  await whenReady(page, TIMEOUT_MS);
  const body = (await page.locator("body").textContent()) ?? "";
  assert.ok(body.includes(offering.name), "the offering's name is shown as text");
  assert.ok(body.includes(PAYLOADS[2]), "the source is shown as text");
  await assertNothingLetIn(page, problems);

  // A card that fails to load, named with markup: its error is text too.
  await page.setInputFiles("#org-file", {
    name: `${PAYLOADS[0]}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(`{"schema_version": 1, "${PAYLOADS[1].replaceAll('"', '\\"')}": 1}`),
  });
  await page.locator("#org-error").waitFor({ state: "visible", timeout: TIMEOUT_MS });
  assert.ok(((await page.locator("#org-error").textContent()) ?? "").includes(PAYLOADS[0]), "the error names the file as text");
  await assertNothingLetIn(page, problems);
  await page.close();
});
