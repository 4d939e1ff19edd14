// Where things sit (issues 9 and 12): the workload in sight at 1280×800 and right after the
// verdict at phone width, a compact verdict that stays on screen while the form is edited, the
// per-term table without sideways scrolling, and chart labels that never overlap or clip.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { describeProblems, launchBrowser, openReady } from "./harness.mjs";

const TIMEOUT_MS = 20_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const open = (path, width, height) =>
  openReady(browser, path, { viewport: { width, height }, timeoutMs: TIMEOUT_MS });

/** The element's box in viewport coordinates (null when not rendered). */
const box = (page, selector) =>
  page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });

function assertInViewport(b, width, height, what) {
  assert.ok(b.top >= 0 && b.bottom <= height && b.left >= 0 && b.right <= width, `${what} at ${JSON.stringify(b)}`);
}

describe("layout", () => {
  test("1280×800: the workload fields are in sight without scrolling; the figures list is one line", async () => {
    const { page, problems } = await open("?v=1", 1280, 800);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    for (const selector of ["#f-entry", "#f-per", "#f-in", "#f-out", "#implied"]) {
      assertInViewport(await box(page, selector), 1280, 800, selector);
      assert.ok(await page.locator(selector).isVisible(), selector);
    }
    // "Figures used" is a folded one-line summary; the list opens on demand.
    assert.equal(await page.locator(".figures-brief").evaluate((d) => d.open), false);
    const summary = await box(page, ".figures-brief > summary");
    assert.ok(summary.bottom - summary.top < 40, `one line: ${JSON.stringify(summary)}`);
    assert.equal(await page.locator("#offering-figures").isVisible(), false);
    // The full sources section is still below the results.
    assert.ok((await box(page, "#sources")).top > (await box(page, "#answer")).bottom);
    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  });

  test("375×740: the workload comes right after the verdict, and a compact verdict stays in sight while editing", async () => {
    const { page, problems } = await open("?v=1", 375, 740);
    const answer = await box(page, "#answer");
    const bar = await box(page, "#verdict-bar");
    const workload = await box(page, "#panel-workload");
    // Verdict, the compact bar, then the workload: nothing else in between.
    assert.ok(bar.top >= answer.bottom - 1, `bar ${JSON.stringify(bar)} after answer ${JSON.stringify(answer)}`);
    assert.ok(workload.top >= bar.bottom && workload.top - bar.bottom < 40, `workload ${JSON.stringify(workload)}`);
    assert.ok((await box(page, "#figures")).top > workload.bottom, "key figures after the workload");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), "no sideways scroll");

    // Scroll to a field far down the form and edit it: the bar stays at the top of the screen
    // and follows the answer.
    await page.locator("#f-h").scrollIntoViewIfNeeded();
    await page.fill("#f-h", "24");
    const stuck = await box(page, "#verdict-bar");
    assert.ok(Math.abs(stuck.top) < 2 && stuck.bottom < 200, `stuck at ${JSON.stringify(stuck)}`);
    assert.ok((await box(page, "#f-h")).top >= stuck.bottom, "the edited field is not under the bar");
    await page.locator("#f-in").scrollIntoViewIfNeeded();
    await page.fill("#f-in", "5k");
    await page.fill("#f-out", "500");
    await page.waitForFunction(() => document.querySelector("#verdict")?.getAttribute("data-verdict") === "on-demand", null, {
      timeout: TIMEOUT_MS,
    });
    const verdict = await page.locator("#verdict").innerText();
    const compact = await page.locator("#verdict-bar").innerText();
    assert.match(compact, /^Stay on-demand/);
    assert.ok(verdict.startsWith(compact), `${compact} | ${verdict}`);
    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  });

  test("1280: the per-term table leads with the term asked about and needs no sideways scroll", async () => {
    const { page, problems } = await open("?v=1&t=1m", 1280, 800);
    const wrap = page.locator("table#terms").locator("xpath=..");
    const { scrollWidth, clientWidth } = await wrap.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    assert.ok(scrollWidth <= clientWidth, `${scrollWidth} > ${clientWidth}`);
    const terms = await page.locator("table#terms tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.term));
    assert.equal(terms[0], "1m");
    assert.ok(terms.length > 2, terms.join(","));
    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  });

  for (const width of [375, 768, 1280]) {
    test(`${width} px: no chart label overlaps another or leaves its chart`, async () => {
      // A per-term scenario with every chart on screen; the terms chart marks the cheapest bar.
      const { page, problems } = await open("?v=1&t=1m", width, 900);
      const charts = await page.locator("figure.chart").evaluateAll((figures) =>
        figures.map((figure) => {
          const svg = figure.querySelector("svg");
          if (!svg) return { name: figure.dataset.chart, missing: true };
          const frame = svg.getBoundingClientRect();
          const labels = [...svg.querySelectorAll("text")]
            .filter((t) => t.textContent.trim() !== "")
            .map((t) => {
              const r = t.getBoundingClientRect();
              return { text: t.textContent.trim(), top: r.top, bottom: r.bottom, left: r.left, right: r.right };
            })
            .filter((r) => r.right > r.left && r.bottom > r.top);
          return {
            name: figure.dataset.chart,
            frame: { top: frame.top, bottom: frame.bottom, left: frame.left, right: frame.right },
            labels,
          };
        }),
      );
      assert.ok(charts.length >= 5, `charts: ${charts.map((c) => c.name).join(",")}`);
      const slack = 0.5;
      const failures = [];
      for (const chart of charts) {
        assert.ok(!chart.missing, `${chart.name} has no svg`);
        const f = chart.frame;
        for (const l of chart.labels) {
          if (l.left < f.left - slack || l.right > f.right + slack || l.top < f.top - slack || l.bottom > f.bottom + slack) {
            failures.push(`${chart.name}: "${l.text}" leaves the chart`);
          }
        }
        for (let i = 0; i < chart.labels.length; i++) {
          for (let j = i + 1; j < chart.labels.length; j++) {
            const a = chart.labels[i];
            const b = chart.labels[j];
            const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (overlapX > slack && overlapY > slack) {
              failures.push(`${chart.name}: "${a.text}" overlaps "${b.text}"`);
            }
          }
        }
      }
      assert.deepEqual(failures, [], failures.join("\n"));
      assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
      await page.close();
    });
  }

  test("off-screen results are not rendered on screen, and all of them are in print", async () => {
    // Issue 7: the cards below the fold skip style and layout (content-visibility: auto),
    // so an edit costs only what is on screen; printing must still render every one.
    const { page, problems } = await open("?v=1", 1280, 800);
    const rendered = () =>
      page.evaluate(() =>
        ["#terms", "#sources"].map((s) => document.querySelector(s).innerText.trim().length > 0),
      );
    assert.deepEqual(await rendered(), [false, false], "below the fold: skipped");
    // Charts off screen are not redrawn on an edit; before printing they all catch up.
    const terms = () => page.locator('[data-chart="terms"] .chart-svg').innerHTML();
    const before = await terms();
    await page.fill("#f-in", "5M");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("in") === "5M");
    assert.equal(await terms(), before, "an off-screen chart waits");
    // …and its old figures are out of date: marked, and hidden from reading until redrawn.
    const chart = page.locator('[data-chart="terms"]');
    await page.waitForFunction(() => document.querySelector('[data-chart="terms"]').dataset.stale === "true");
    assert.equal(await chart.getAttribute("aria-busy"), "true");
    const hidden = await chart.evaluate((el) =>
      [...el.children].filter((c) => c.tagName !== "FIGCAPTION").every((c) => getComputedStyle(c).visibility === "hidden"),
    );
    assert.ok(hidden, "a stale chart's drawing, readout and table are not readable");
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await page.waitForFunction(
      (old) => document.querySelector('[data-chart="terms"] .chart-svg').innerHTML !== old,
      before,
    );
    await page.waitForFunction(() => !("stale" in document.querySelector('[data-chart="terms"]').dataset));
    assert.equal(await chart.evaluate((el) => getComputedStyle(el.querySelector(".chart-svg")).visibility), "visible");
    await page.emulateMedia({ media: "print" });
    assert.deepEqual(await rendered(), [true, true], "in print: rendered");
    await page.emulateMedia({ media: "screen" });
    await page.locator("#sources").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector("#sources").innerText.trim().length > 0);
    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  });
});
