// Privacy, security and offline use of the release page: it requests nothing but its own files,
// runs under its strict Content-Security-Policy without a single violation, and, once loaded,
// reloads with the network off from its service worker's cache of this release.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appUrl, describeProblems, launchBrowser, openPage, waitForApp, whenReady } from "./harness.mjs";

const TIMEOUT_MS = 20_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Records Content-Security-Policy violations in every frame of `page` into `window.__cspViolations`. */
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

async function ready(page) {
  await whenReady(page, TIMEOUT_MS);
}

test("the page ships a strict CSP, has no inline script, and runs with no violation", async () => {
  const { page, problems } = await openPage(browser);
  await recordViolations(page);
  await page.goto(appUrl("?v=1"), { waitUntil: "load" });
  await waitForApp(page, problems, TIMEOUT_MS);
  await ready(page);

  const policy = await page.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "",
  );
  const directives = Object.fromEntries(
    policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]),
  );
  assert.deepEqual(directives["default-src"], ["'self'"], policy);
  assert.deepEqual(directives["script-src"], ["'self'", "'wasm-unsafe-eval'"], policy);
  assert.ok(!policy.includes("unsafe-inline") && !policy.includes("'unsafe-eval'"), policy);

  // Every script is a file of this folder (Trunk's inline loader was moved out).
  const inline = await page.evaluate(() =>
    [...document.scripts].filter((s) => !s.src && s.textContent.trim() !== "").length,
  );
  assert.equal(inline, 0, "inline scripts left in index.html");

  // Edit a field so that the charts and the address bar change under the policy too.
  const input = page.locator("#f-in");
  await input.fill("2M");
  await input.press("Tab");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("in") === "2M", null, {
    timeout: TIMEOUT_MS,
  });
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
  await page.close();
});

test("a full visit requests nothing but the page's own files", async () => {
  const { page, problems } = await openPage(browser);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const url = appUrl("?v=1");
  await page.goto(url, { waitUntil: "load" });
  await waitForApp(page, problems, TIMEOUT_MS);
  await ready(page);
  for (const value of ["3M", "750k"]) {
    await page.locator("#f-in").fill(value);
    await page.locator("#f-in").press("Tab");
  }
  await page.locator("#f-shape").selectOption("bursty");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("shape") === "bursty");
  // Let the service worker install (it fetches this release's files, from this folder too).
  await page.evaluate(() => navigator.serviceWorker?.ready);
  const folder = new URL("./", url).href;
  const foreign = requests.filter((r) => !r.startsWith(folder) && !r.startsWith("data:") && !r.startsWith("blob:"));
  assert.deepEqual(foreign, [], "requests outside the page's folder");
  assert.ok(requests.some((r) => r.endsWith(".wasm")), "the module was requested");
  assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
  await page.close();
});

test("once loaded, the page reloads and works with the network off", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  await page.addInitScript(() => {
    window.addEventListener("TrunkApplicationStarted", () => {
      window.__ptcalcStarted = true;
    });
  });
  await page.goto(appUrl("?v=1&in=2M"), { waitUntil: "load" });
  await ready(page);
  // The worker is installed (every file cached) and controls the page after one reload.
  const version = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL ?? "";
  });
  assert.match(version, /sw\.js$/);
  await page.reload({ waitUntil: "load" });
  await ready(page);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), "not controlled");
  const caches = await page.evaluate(() => caches.keys());
  assert.equal(caches.filter((k) => k.startsWith("ptcalc-")).length, 1, `one release cached: ${caches}`);

  await context.setOffline(true);
  await page.goto(appUrl("?v=1&in=3M&shape=flat"), { waitUntil: "load" });
  await ready(page);
  assert.equal(new URL(page.url()).searchParams.get("in"), "3M");
  assert.match((await page.locator("#verdict").textContent()) ?? "", /\S/);
  // An edit offline still recomputes.
  const before = await page.locator("#verdict").textContent();
  await page.locator("#f-in").fill("30M");
  await page.locator("#f-in").press("Tab");
  await page.waitForFunction((b) => document.querySelector("#verdict")?.textContent !== b, before, {
    timeout: TIMEOUT_MS,
  });
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});
