// Privacy, security and offline use of the release page: it requests nothing but its own files,
// runs under its strict Content-Security-Policy without a single violation, and, once loaded,
// reloads with the network off from its service worker's cache of this release; the first visit
// does not request the tools' worker, yet an import works offline after it.

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

test("a first visit does not request the tools' worker, which the service worker still caches", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(appUrl("?v=1&in=2M"), { waitUntil: "load" });
  await ready(page);
  await page.locator("#f-in").fill("3M");
  await page.locator("#f-in").press("Tab");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("in") === "3M");
  const loader = await page.evaluate(
    () => document.querySelector('meta[name="ptcalc-worker"]')?.getAttribute("content") ?? "",
  );
  assert.match(loader, /^\.\/ptcalc-worker-[0-9a-f]{16}_loader\.js$/, "the page names the worker's loader");
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The page itself asked for none of the worker's files (the service worker fetched them
  // for its cache, in the background).
  const worker = requests.filter((r) => /ptcalc-worker/.test(r));
  assert.deepEqual(worker, [], "the first visit requested the tools' worker");
  assert.ok(requests.some((r) => /ptcalc-web-[0-9a-f]+_bg\.wasm$/.test(r)), "the first module was requested");
  const cached = await page.evaluate(async (l) => {
    const url = new URL(l, location.href).href;
    const text = await (await caches.match(url))?.text();
    const names = [...(text ?? "").matchAll(/"\.\/([^"]+)"/g)].map((m) => m[1]);
    const found = await Promise.all(names.map((n) => caches.match(new URL(n, location.href).href)));
    return { loader: text !== undefined, files: names, all: found.every(Boolean) };
  }, loader);
  assert.ok(cached.loader, "the worker's loader is cached for offline use");
  assert.equal(cached.files.length, 2, `the loader names the glue and the module: ${cached.files}`);
  assert.ok(cached.all, `the worker's files are cached: ${cached.files}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("after a visit that never opened the import, a file is imported with the network off", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  await page.goto(appUrl("?v=1"), { waitUntil: "load" });
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.goto(appUrl("?v=1"), { waitUntil: "load" });
  await ready(page);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const csv = "time,input,output\n2025-08-18T00:00Z,120000,30000\n2025-08-18T00:01Z,90000,20000\n2025-08-18T00:02Z,150000,41000\n";
  await page
    .locator("#import-file")
    .setInputFiles({ name: "offline.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const result = page.locator("#import-result, #import-error");
  await result.waitFor({ timeout: TIMEOUT_MS });
  assert.match((await result.textContent()) ?? "", /Read CSV with one row per time step/);
  await page.waitForFunction(() => new URL(location.href).searchParams.get("load") !== null, null, {
    timeout: TIMEOUT_MS,
  });
  assert.ok(requests.some((r) => /ptcalc-worker-[0-9a-f]{16}_loader\.js$/.test(r)), `the worker was started: ${requests}`);
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});
