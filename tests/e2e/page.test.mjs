// The calculator page in a real Chromium, against the release build served from a sub-folder:
// what a person sees (numbers, charts, the link), what a bad link does, presets, keyboard-only
// use, phone width, dark mode and the page inside an <iframe>.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appUrl, describeProblems, embedUrl, launchBrowser, openPage, openReady, whenReady } from "./harness.mjs";

const TIMEOUT_MS = 20_000;
const CHARTS = ["hybrid", "breakeven", "load", "traffic", "terms"];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Waits for the first complete render (`#status` reads `ready`). */
async function ready(page) {
  await whenReady(page, TIMEOUT_MS);
}

/** Opens `path` (a query such as "?v=1&in=1M") and waits for the first render. */
const open = (path = "") => openReady(browser, path, { timeoutMs: TIMEOUT_MS });

const text = async (page, selector) => ((await page.locator(selector).first().textContent()) ?? "").trim();
const figure = (page, name) => text(page, `[data-figure="${name}"] .value`);
const search = (page) => new URL(page.url()).searchParams;

/** The SVG markup of every chart, by name. */
async function chartMarkup(page) {
  return page.evaluate((names) => {
    const out = {};
    for (const name of names) {
      out[name] = document.querySelector(`[data-chart="${name}"] .chart-svg`)?.innerHTML ?? "";
    }
    return out;
  }, CHARTS);
}

function assertClean(problems) {
  assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
}

describe("the default page", () => {
  test("renders the verdict, the key figures, the tables and every chart without errors", async () => {
    const { page, problems } = await open();
    assert.match(await text(page, "#verdict"), /^Reserve \d+ PTU on the 1-year term .*\$[\d,]+\/month, [\d.]+% less than all on-demand \(saving \$[\d,]+\/month, \$[\d,]+\/year\)\.(?: This answer holds from (?:below )?×[\d.]+ to (?:beyond )?×[\d.]+ of this traffic\.)?$/);
    for (const name of ["on-demand", "full", "hybrid"]) {
      assert.match(await figure(page, name), /^\$\d{1,3}(,\d{3})*$/, name);
    }
    for (const name of ["break-even", "utilization"]) {
      assert.match(await figure(page, name), /^\d+(\.\d)?%$/, name);
    }
    assert.match(await text(page, "#units"), /raw → \d+ PTU \(minimum 15, then steps of 5\)/);
    assert.deepEqual(
      await page.locator("#points tbody th").allTextContents(),
      ["P50", "P75", "P90", "P95", "P99", "peak", "optimum"],
    );
    assert.ok((await page.locator("#terms tbody tr").count()) >= 2, "one row per priced term");
    assert.ok((await page.locator("#sources .figure-list li").count()) >= 3, "sources listed");
    assert.ok((await page.locator("#sources a[href^='https://']").count()) >= 1, "sources link out");
    for (const name of CHARTS) {
      const svg = page.locator(`[data-chart="${name}"] svg`);
      assert.equal(await svg.count(), 1, `${name}: one svg`);
      assert.match((await svg.getAttribute("viewBox")) ?? "", /^0 0 \d+ \d+$/, `${name}: viewBox`);
      const marks = await svg.evaluate((el) => el.querySelectorAll("path, polyline, rect, circle, line, polygon").length);
      assert.ok(marks > 10, `${name}: only ${marks} marks drawn`);
    }
    // The address bar holds the canonical link of the default scenario.
    assert.equal(new URL(page.url()).search, "?v=1");
    assert.equal(await page.locator("#notice").isVisible(), false);
    assertClean(problems);
    await page.close();
  });

  test("the hover readout and the data table read the chart's numbers", async () => {
    const { page, problems } = await open();
    const surface = page.locator('[data-chart="hybrid"] .chart-surface');
    const box = await surface.boundingBox();
    assert.ok(box, "hybrid chart has a box");
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.waitForFunction(() => /\$/.test(document.querySelector("#chart-hybrid-readout")?.textContent ?? ""));
    assert.match(await text(page, "#chart-hybrid-readout"), /PTU/);

    const toggle = page.locator('[data-toggle="hybrid"]');
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    const table = page.locator("#chart-hybrid-data");
    await table.waitFor({ state: "visible" });
    assert.ok((await table.locator("tbody tr").count()) > 5, "data rows");
    assert.ok((await table.locator("thead th").count()) >= 2, "headers");
    assertClean(problems);
    await page.close();
  });
});

describe("editing the scenario", () => {
  test("changing inputs changes numbers, charts and the link, replacing history", async () => {
    const { page, problems } = await open();
    const historyBefore = await page.evaluate(() => history.length);
    const before = {
      verdict: await text(page, "#verdict"),
      onDemand: await figure(page, "on-demand"),
      charts: await chartMarkup(page),
    };
    await page.fill("#f-in", "1M");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("in") === "1M");
    assert.notEqual(await figure(page, "on-demand"), before.onDemand);
    assert.notEqual(await text(page, "#verdict"), before.verdict);
    // A chart off screen is redrawn when it scrolls into view.
    for (const name of CHARTS) {
      await page.locator(`[data-chart="${name}"]`).scrollIntoViewIfNeeded();
      await page.waitForFunction(
        ([name, old]) => document.querySelector(`[data-chart="${name}"] .chart-svg`)?.innerHTML !== old,
        [name, before.charts[name]],
        { timeout: 5_000 },
      ).catch(() => {});
    }
    const charts = await chartMarkup(page);
    for (const name of CHARTS) {
      assert.notEqual(charts[name], before.charts[name], `${name} redrawn`);
    }

    await page.selectOption("#f-t", "1m");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("t") === "1m");
    await page.selectOption("#f-shape", "business");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("shape") === "business");
    await page.fill("#f-pa", "3");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("pa") === "3");

    assert.equal(await page.evaluate(() => history.length), historyBefore, "replaceState, not pushState");

    // Rewriting the address does not move the field being typed in (typed without
    // Playwright's scrolling). The verdict above may grow a line (the saving over a growing
    // horizon); the browser's scroll anchoring keeps the field where it was.
    await page.evaluate(() => window.scrollTo(0, 300));
    const fieldTop = () => page.evaluate(() => document.querySelector("#f-g").getBoundingClientRect().top);
    const fieldBefore = await fieldTop();
    await page.evaluate(() => {
      const growth = document.querySelector("#f-g");
      growth.value = "2";
      growth.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.waitForFunction(() => new URL(location.href).searchParams.get("g") === "2");
    assert.ok(Math.abs((await fieldTop()) - fieldBefore) <= 1, "no scroll jump: the field stays put");
    assert.ok((await page.evaluate(() => window.scrollY)) >= 300, "not scrolled back to the top");
    assertClean(problems);
    await page.close();
  });

  test("invalid input shows what is allowed at the field and keeps the last result", async () => {
    const { page, problems } = await open("?v=1&in=800k");
    const verdict = await text(page, "#verdict");
    const onDemand = await figure(page, "on-demand");

    await page.fill("#f-in", "12abc");
    const error = page.locator("#f-in-error");
    await page.waitForFunction(() => (document.querySelector("#f-in-error")?.textContent ?? "") !== "");
    assert.match(await error.textContent(), /tokens per minute from 0 to 1T/);
    assert.match(await error.textContent(), /The results are still for 800k\.$/, "says which value the results use");
    assert.equal(await page.inputValue("#f-in"), "12abc", "typed text kept");
    assert.equal(await page.getAttribute("#f-in", "aria-invalid"), "true");
    assert.equal(search(page).get("in"), "800k", "link keeps the last valid value");
    assert.equal(await text(page, "#verdict"), verdict);
    assert.equal(await figure(page, "on-demand"), onDemand);

    // Shares are typed as percentages: 20, 20% and 0.2 all mean 20%; above 100 is refused.
    await page.fill("#f-cache", "150");
    await page.waitForFunction(() => /percentage from 0 to 100/.test(document.querySelector("#f-cache-error")?.textContent ?? ""));
    for (const typed of ["20", "20%", "0.2"]) {
      await page.fill("#f-cache", "5");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("cache") === "0.05");
      await page.fill("#f-cache", typed);
      await page.waitForFunction(() => new URL(location.href).searchParams.get("cache") === "0.2");
      assert.equal(await page.locator("#f-cache-error").textContent(), "", typed);
    }
    // Number fields take simple arithmetic.
    await page.fill("#f-in", "1M*1.5");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("in") === "1.5M");

    await page.fill("#f-in", "2M");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("in") === "2M");
    assert.equal(await error.textContent(), "");
    assert.equal(await page.getAttribute("#f-in", "aria-invalid"), "false");
    assertClean(problems);
    await page.close();
  });

  test("reload and a fresh browser context restore the scenario from the link", async () => {
    const { page, problems } = await open();
    await page.selectOption("#f-vendor", "vertex");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("o")?.startsWith("vertex/"));
    await page.fill("#f-in", "2.5M");
    await page.fill("#f-out", "300k");
    await page.check("#f-mode-calls");
    await page.waitForFunction(() => new URL(location.href).searchParams.has("rpm"));
    await page.fill("#f-h", "24");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("h") === "24");
    const link = page.url();
    const verdict = await text(page, "#verdict");
    const rpm = await page.inputValue("#f-rpm");

    await page.reload();
    await ready(page);
    assert.equal(page.url(), link);
    assert.equal(await text(page, "#verdict"), verdict);
    assert.equal(await page.inputValue("#f-rpm"), rpm);
    assert.equal(await page.inputValue("#f-h"), "24");
    assert.equal(await page.locator("#f-mode-calls").isChecked(), true);

    const context = await browser.newContext();
    const fresh = await context.newPage();
    const freshProblems = [];
    fresh.on("console", (m) => m.type() === "error" && freshProblems.push(m.text()));
    fresh.on("pageerror", (e) => freshProblems.push(e.message));
    await fresh.goto(link);
    await ready(fresh);
    assert.equal(fresh.url(), link);
    assert.equal(await text(fresh, "#verdict"), verdict);
    assert.equal(await fresh.inputValue("#f-h"), "24");
    assert.equal(await fresh.locator("#notice").isVisible(), false);
    await context.close();
    assertClean([...problems, ...freshProblems]);
    await page.close();
  });
});

describe("a bad link", () => {
  test("opens with defaults, a dismissible notice, no error and no injected markup", async () => {
    const junk = "x".repeat(10 * 1024);
    const query = [
      "v=1",
      "in=abc",
      "out=-5",
      "cache=NaN",
      "pa=1e308",
      "h=1e308",
      "cap=0",
      `o=${encodeURIComponent("<script>window.__pwned=1</script>")}`,
      `shape=${encodeURIComponent('<img src=x onerror="window.__pwned=2">')}`,
      "mystery=1",
      `junk=${junk}`,
      `${junk}=1`,
    ].join("&");
    const { page, problems } = await open(`?${query}`);

    const notice = page.locator("#notice");
    assert.equal(await notice.isVisible(), true);
    const keys = await notice.locator("li").evaluateAll((items) => items.map((li) => li.dataset.key));
    for (const key of ["in", "out", "cache", "pa", "h", "cap", "o", "shape", "mystery", "junk"]) {
      assert.ok(keys.includes(key), `notice names ${key}: ${keys.join(", ")}`);
    }
    const noticeText = await notice.textContent();
    assert.match(noticeText, /tokens per minute from 0 to 1T/, "says what is allowed");
    assert.match(noticeText, /unknown key/);
    assert.match(noticeText, /<script>/, "shows the bad value as text");

    // Nothing from the link ran or became markup.
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator("#notice script, #notice img, main img").count(), 0);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.textContent).join("\n"));
    assert.ok(!scripts.includes("__pwned"), "no injected script");

    // Defaults were used and the address bar now holds the clean canonical link.
    assert.match(await text(page, "#verdict"), /^Reserve \d+ PTU/);
    assert.equal(new URL(page.url()).search, "?v=1");

    await page.click("#notice-dismiss");
    assert.equal(await notice.isVisible(), false);
    assertClean(problems);
    await page.close();
  });

  test("an unknown offering and an unavailable term fall back with a notice", async () => {
    const { page, problems } = await open("?v=1&o=acme/gpt-99&t=1w");
    const keys = await page.locator("#notice li").evaluateAll((items) => items.map((li) => li.dataset.key));
    assert.ok(keys.includes("o"), keys.join(","));
    assert.equal(await page.inputValue("#f-o"), "azure/gpt-4.1");
    assert.notEqual(search(page).get("t"), "1w");
    assertClean(problems);
    await page.close();
  });
});

describe("presets", () => {
  test("the menu lists worked scenarios as plain links that open cleanly", async () => {
    const { page, problems } = await open();
    await page.click("#presets > summary");
    assert.equal(await page.locator("#presets a").first().isVisible(), true);
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#presets").getAttribute("open"), null, "Escape closes the menu");
    await page.click("#presets > summary");
    const links = page.locator("#presets a[data-preset]");
    const count = await links.count();
    assert.ok(count >= 7, `${count} presets`);
    const hrefs = await links.evaluateAll((as) => as.map((a) => ({ id: a.dataset.preset, href: a.href })));
    for (const { href } of hrefs) {
      assert.ok(href.startsWith(appUrl()), `preset stays in the sub-folder: ${href}`);
    }

    await page.click('#presets a[data-preset="gpt-4o-sizing"]');
    await page.waitForURL(/o=azure\/gpt-4o/);
    await ready(page);
    assert.match(await text(page, "#units"), /→ 180 PTU/);
    assert.equal(await page.locator("#notice").isVisible(), false);

    const expectations = {
      "model-units": async (p) => assert.equal(await figure(p, "on-demand"), "$18,000"),
      "hourly-ptu": async (p) => assert.equal(await figure(p, "on-demand"), "$630"),
      "gpt-6-astra": async (p) => assert.match(await text(p, '[data-point="your units"]'), /\$260/),
      "fine-tuned": async (p) => {
        assert.equal(await p.locator("#verdict").getAttribute("data-verdict"), "reserve");
        assert.match(await text(p, "#verdict"), /only on reserved capacity/);
      },
    };
    for (const { id, href } of hrefs) {
      await page.goto(href);
      await ready(page);
      assert.equal(await page.locator("#notice").isVisible(), false, `${id}: clean link`);
      assert.notEqual(await text(page, "#verdict"), "", `${id}: verdict`);
      await expectations[id]?.(page);
    }
    assertClean(problems);
    await page.close();
  });
});

describe("sharing", () => {
  test("the copied link reopens the form as it was filled in (entry=, per=), stamped with rc=", async () => {
    const { page, problems } = await open("?v=1&in=3M&entry=peak&per=h");
    await page.click("#copy-link");
    await page.locator("#share-url").waitFor({ state: "visible" });
    const shared = new URL(await page.inputValue("#share-url"));
    assert.equal(shared.searchParams.get("entry"), "peak", shared.href);
    assert.equal(shared.searchParams.get("per"), "h", shared.href);
    assert.match(shared.searchParams.get("rc") ?? "", /^\d{4}-\d{2}-\d{2}[a-z]?$/, shared.href);
    assert.equal(shared.searchParams.get("embed"), null, shared.href);
    // The same scenario: the figures of the copied link equal this page's.
    const before = await figure(page, "on-demand");
    await page.goto(shared.href, { waitUntil: "load" });
    await ready(page);
    assert.equal(await figure(page, "on-demand"), before);
    assert.equal(search(page).get("entry"), "peak");
    assertClean(problems);
    await page.close();
  });
});

describe("keyboard only", () => {
  /** Presses Tab until `selector` has focus; fails after `limit` presses. */
  async function tabTo(page, selector, limit = 80) {
    for (let i = 0; i < limit; i++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press("Tab");
    }
    assert.fail(`Tab never reached ${selector}`);
  }

  test("the main form, the charts and the copy button work without a pointer", async () => {
    const { page, problems } = await open();
    // In document order, from the top.
    await tabTo(page, "#copy-link");
    await page.keyboard.press("Enter");
    await page.locator("#share-url").waitFor({ state: "visible" });
    const shared = await page.inputValue("#share-url");
    // The copied link is this page's address, stamped with the rate-card edition.
    const edition = new URL(shared).searchParams.get("rc") ?? "";
    assert.match(edition, /^\d{4}-\d{2}-\d{2}[a-z]?$/);
    assert.equal(shared, `${page.url()}&rc=${edition}`, "the copied link is this page's address");
    assert.ok(shared.startsWith(appUrl()), shared);

    await tabTo(page, "#f-t");
    await page.keyboard.press("ArrowUp");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("t") === "1m");

    await tabTo(page, "#overrides > summary");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#overrides").getAttribute("open"), "");
    await tabTo(page, "#f-disc");
    await page.keyboard.type("15");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("disc") === "15");
    assert.match(await text(page, "#offering-figures"), /discount entered by you/);

    await tabTo(page, "#f-mode-tokens");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => new URL(location.href).searchParams.has("rpm"));
    assert.equal(await page.locator("#f-mode-calls").isChecked(), true);
    await tabTo(page, "#f-rpm");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("750");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("rpm") === "750");

    await tabTo(page, "#f-shape");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("shape") === "bursty");

    await tabTo(page, '[data-chart="hybrid"] .chart-surface');
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => /\$/.test(document.querySelector("#chart-hybrid-readout")?.textContent ?? ""));
    await tabTo(page, '[data-toggle="hybrid"]');
    await page.keyboard.press("Space");
    await page.locator("#chart-hybrid-data").waitFor({ state: "visible" });
    assertClean(problems);
    await page.close();
  });

  test("every input has a label", async () => {
    const { page, problems } = await open();
    await page.click("#overrides > summary");
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("input, select")]
        .filter((el) => el.type !== "hidden")
        .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute("aria-label"))
        .map((el) => el.id || el.outerHTML.slice(0, 60)),
    );
    assert.deepEqual(unlabelled, []);
    assertClean(problems);
    await page.close();
  });
});

describe("appearance", () => {
  test("a 375 px phone gets one column without horizontal scrolling, verdict first", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(appUrl());
    await ready(page);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), "no horizontal overflow");
    const y = async (s) => (await page.locator(s).boundingBox())?.y ?? -1;
    assert.ok((await y("#verdict")) < (await y("#scenario")), "verdict above the form");
    assert.ok((await y("#scenario")) < (await y("#charts")), "form above the charts");
    const width = await page.locator('[data-chart="hybrid"] svg').evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width <= 375 && width >= 300, `chart fits: ${width}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("dark mode follows prefers-color-scheme, pages and charts alike", async () => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto(appUrl());
    await ready(page);
    const luminance = await page.evaluate(() => {
      const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
      return (r + g + b) / 3;
    });
    assert.ok(luminance < 60, `dark background: ${luminance}`);
    const svg = await page.locator('[data-chart="hybrid"] .chart-svg').innerHTML();
    await context.close();

    const light = await openPage(browser);
    await light.page.goto(appUrl());
    await ready(light.page);
    const lightSvg = await light.page.locator('[data-chart="hybrid"] .chart-svg').innerHTML();
    assert.notEqual(svg, lightSvg, "charts drawn in the dark theme");
    await light.page.close();
  });
});

describe("embedded", () => {
  test("works inside an iframe: renders, edits its own link, copies its own address", async () => {
    const { page, problems } = await openPage(browser);
    const src = appUrl("?v=1&in=900k");
    if (embedUrl) {
      await page.goto(embedUrl);
    } else {
      await page.setContent(`<iframe id="ptcalc-frame" src="${src}" width="800" height="600"></iframe>`);
    }
    const topUrl = page.url();
    const frameLocator = page.frameLocator("iframe#ptcalc-frame");
    await frameLocator.locator("#status").filter({ hasText: "ready" }).waitFor({ timeout: TIMEOUT_MS });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, "iframe has a frame");
    assert.match(await frame.locator("#verdict").textContent(), /\$/);

    await frame.fill("#f-in", "1.2M");
    await frame.waitForFunction(() => new URL(location.href).searchParams.get("in") === "1.2M");
    assert.equal(page.url(), topUrl, "the host page's address is untouched");

    await frame.click("#copy-link");
    await frame.locator("#share-url").waitFor({ state: "visible" });
    const shared = await frame.inputValue("#share-url");
    assert.ok(shared.startsWith(appUrl()), `link points at the calculator, not the host: ${shared}`);
    assert.equal(new URL(shared).searchParams.get("in"), "1.2M");
    assertClean(problems);
    await page.close();
  });
});
