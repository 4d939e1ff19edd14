// Shared Playwright harness for the ptcalc end-to-end tests (`node --test tests/e2e/*.test.mjs`).
//
// Uses the system Chromium through `playwright-core` (no browser download), so it runs on a
// closed network. `cargo xtask test` builds the release `dist/`, serves it from a sub-folder and
// sets the environment variables below.
//
//   PTCALC_URL        page under test, e.g. http://127.0.0.1:41234/sub/ptcalc/
//                     (default: http://127.0.0.1:8080/, i.e. `cargo xtask serve`)
//   PTCALC_EMBED_URL  a host page that shows PTCALC_URL inside an <iframe id="ptcalc-frame">
//   CHROMIUM_PATH     browser binary (default: /usr/bin/chromium)

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const baseUrl = process.env.PTCALC_URL ?? "http://127.0.0.1:8080/";
export const embedUrl = process.env.PTCALC_EMBED_URL;

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/**
 * The day every page under test lives on: noon UTC on the day the golden links and the export
 * fixtures were made (`--today 2026-11-27` in the CLI's tests). No test reads the real clock:
 * a figure that depends on the day (a dated price, an edition's age, a retirement) is the same
 * whenever the suite runs. A test that needs another day passes `{ now }` to `newContext`.
 */
export const TEST_DAY = "2026-11-27";
export const TEST_NOW = Date.parse(`${TEST_DAY}T12:00:00Z`);

/**
 * Ten workloads on azure/gpt-4.1 (global) in one portfolio link, as the page writes it: the
 * first one's keys, then each further one as a `w=` part. Office-hours chats, nightly-style
 * bursty batches and flat agents of different sizes, so the pool's peak is below the sum.
 * The 10-workload case of bench.mjs, bench-shapley.mjs and portfolio.test.mjs.
 */
export const PORTFOLIO_10 = [
  "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3",
  "name=support&in=80k&out=12k&cache=0.2&shape=business&pa=2.5",
  "name=batch&in=60k&out=6k&cache=0.3&shape=bursty&pa=4&seed=3",
  "name=reports&in=40k&out=8k&shape=bursty&pa=3&seed=11",
  "name=agent&in=50k&out=5k&cache=0.3&shape=flat",
  "name=search&in=70k&out=4k&cache=0.5&shape=business&pa=2",
  "name=triage&in=30k&out=3k&shape=flat",
  "name=summaries&in=45k&out=9k&shape=bursty&pa=5&seed=7",
  "name=coding&in=90k&out=15k&cache=0.4&shape=business&pa=3.5",
  "name=eval&in=25k&out=2k&shape=bursty&pa=6&seed=21",
]
  .map((part, i) => (i === 0 ? part : `w=${encodeURIComponent(part)}`))
  .join("&");

/**
 * Runs in every frame before the page's scripts: `Date.now()` and `new Date()` start at `now`
 * and then move with the real clock, so elapsed times (timeouts, task budgets, the import's
 * progress) stay true while the calendar is pinned. `performance.now()` is left alone.
 */
function pinClock(now) {
  const RealDate = Date;
  const offset = now - RealDate.now();
  class PinnedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = PinnedDate;
}

/**
 * Launches the system Chromium headless. Close it with `browser.close()`. Every context it
 * makes (and so every page, `browser.newPage()` included) has its clock pinned to `TEST_NOW`,
 * or to `options.now` (milliseconds since the epoch) given to `newContext`.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async ({ now = TEST_NOW, ...options } = {}) => {
    const context = await newContext({ timezoneId: "UTC", ...options });
    await context.addInitScript(pinClock, now);
    return context;
  };
  return browser;
}

/** Resolves `path` (may carry a query, e.g. "?v=1") against the page under test. */
export function appUrl(path = "") {
  return new URL(path, baseUrl).href;
}

/**
 * Opens a new page that records everything that would show up as a problem in DevTools:
 * console errors, uncaught page errors, failed requests and HTTP error responses
 * (in the page and in any iframe).
 *
 * Returns `{ page, problems, responses }`; `problems` is an array of strings that a test should
 * assert to be empty, `responses` lists every response seen as `{ url, status, contentType }`.
 */
export async function openPage(browser) {
  const page = await browser.newPage();
  // Trunk's loader dispatches this event once `main` has returned; in every frame.
  await page.addInitScript(() => {
    window.addEventListener("TrunkApplicationStarted", () => {
      window.__ptcalcStarted = true;
    });
  });
  const problems = [];
  const responses = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      problems.push(`console error: ${msg.text()} (${msg.location().url || "?"})`);
    }
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.stack ?? err.message}`));
  page.on("requestfailed", (req) => {
    const error = req.failure()?.errorText ?? "?";
    // The browser fetches the icon after `load`; a test that navigates on at once aborts it.
    if (error === "net::ERR_ABORTED" && /\/favicon-[0-9a-f]+\.svg$/.test(req.url())) return;
    problems.push(`request failed: ${req.url()} (${error})`);
  });
  page.on("response", (res) => {
    const contentType = res.headers()["content-type"] ?? "";
    responses.push({ url: res.url(), status: res.status(), contentType });
    if (res.status() >= 400) {
      problems.push(`HTTP ${res.status()}: ${res.url()}`);
    }
  });
  return { page, problems, responses };
}

/**
 * Waits until the WebAssembly app in `frame` (a Playwright Page or Frame) has started, failing
 * early with the collected problems if something is reported first (a panic in `main`, a failed
 * module instantiation, a missing asset).
 */
export async function waitForApp(frame, problems, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (problems.length > 0) {
      throw new Error(`problems while starting the app: ${describeProblems(problems)}`);
    }
    if (await frame.evaluate(() => window.__ptcalcStarted === true)) {
      // Let effects scheduled at start-up run (two animation frames) and report late problems.
      await frame.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      if (problems.length > 0) {
        throw new Error(`problems right after starting the app: ${describeProblems(problems)}`);
      }
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`the app did not start within ${timeoutMs} ms (no TrunkApplicationStarted event)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the page in `frame` (a Playwright Page or Frame) says it is ready (`#status`). */
export function whenReady(frame, timeoutMs = 30_000) {
  return frame.waitForFunction(() => document.querySelector("#status")?.textContent === "ready", null, {
    timeout: timeoutMs,
  });
}

/**
 * Opens `path` (a query such as "?v=1&in=1M", or a whole URL) in a new page and waits until it
 * is ready, failing with the collected problems if it never gets there. Options: `viewport`
 * (`{ width, height }`), `init` (a function run in the page before its scripts, as
 * `addInitScript`), `timeoutMs`. Returns what `openPage` returns.
 */
export async function openReady(browser, path = "", { viewport, init, timeoutMs = 20_000 } = {}) {
  const opened = await openPage(browser);
  if (viewport) await opened.page.setViewportSize(viewport);
  if (init) await opened.page.addInitScript(init);
  await opened.page.goto(appUrl(path), { waitUntil: "load" });
  await waitForApp(opened.page, opened.problems, timeoutMs);
  await whenReady(opened.page, timeoutMs).catch((e) => {
    throw new Error(`${path} never got ready: ${e.message}; problems: ${describeProblems(opened.problems)}`);
  });
  return opened;
}

/** Formats collected problems for an assertion message. */
export function describeProblems(problems) {
  return problems.length === 0 ? "none" : `\n  ${problems.join("\n  ")}`;
}

/**
 * The text a reader sees in `locator` (its first match): scrolled into view, so the cards
 * below the fold that skip rendering (`content-visibility: auto`) are rendered, then read with
 * `innerText` (what is shown; `textContent` would also read hidden text).
 */
export async function seenText(locator) {
  const element = locator.first();
  await element.scrollIntoViewIfNeeded();
  const page = element.page();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return (await element.innerText()).replace(/\s+/g, " ").trim();
}

/** Each match of `locator` as a reader sees it ([`seenText`] of every one, in order). */
export async function seenTexts(locator) {
  const out = [];
  for (let i = 0; i < (await locator.count()); i += 1) out.push(await seenText(locator.nth(i)));
  return out;
}

/**
 * The whole of `selector` (default `main`) as a reader who scrolls through it sees it: read
 * with every card rendered (print media, where nothing is skipped), then back to the screen.
 */
export async function readAll(page, selector = "main") {
  await page.emulateMedia({ media: "print" });
  try {
    return await page.locator(selector).innerText();
  } finally {
    await page.emulateMedia({ media: "screen" });
  }
}

/** The workspace root (for files the tests read, such as the CLI's golden tables). */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Runs `ptcalc ARGS` and returns its standard output: the binary `cargo xtask e2e` names in
 * `PTCALC_CLI`, else `cargo run`. The clock is off (`PTCALC_NO_CLOCK`): pass `--today`.
 */
export function cli(args) {
  const bin = process.env.PTCALC_CLI;
  const [program, prefix] = bin ? [bin, []] : ["cargo", ["run", "-q", "-p", "ptcalc-cli", "--"]];
  return execFileSync(program, [...prefix, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, PTCALC_NO_CLOCK: "1" },
  });
}
