// Nothing lost: the scenario a person built (every field, and text typed into a field that the
// page cannot use yet) survives a reload, back and forward, a closed and reopened tab, and a new
// release of the page replacing the service worker under an open tab.
//
// The address is the state: every edit rewrites it with `replaceState` (typing does not add a
// history entry per keystroke; Back leaves the scenario, Forward returns to it as edited). Invalid
// text lives in localStorage beside the scenario it was typed on (`crates/ptcalc-web/src/drafts.rs`).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { appUrl, baseUrl, describeProblems, launchBrowser, openPage, whenReady } from "./harness.mjs";

const TIMEOUT_MS = 45_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const ready = (page) => whenReady(page, TIMEOUT_MS);

/** Types `text` into field `id` and leaves it. */
async function type(page, id, text) {
  await page.locator(id).fill(text);
  await page.locator(id).press("Tab");
}

/** Waits until the address bar's query has `key=value`. */
async function addressHas(page, key, value) {
  await page.waitForFunction(([k, v]) => new URL(location.href).searchParams.get(k) === v, [key, value], {
    timeout: TIMEOUT_MS,
  });
}

/** What a person sees of the scenario: the fields, the error under the invalid one, the answer. */
async function seen(page) {
  return page.evaluate(() => {
    const value = (id) => document.getElementById(id)?.value ?? null;
    return {
      in: value("f-in"),
      out: value("f-out"),
      cache: value("f-cache"),
      h: value("f-h"),
      g: value("f-g"),
      shape: value("f-shape"),
      outError: document.getElementById("f-out-error")?.textContent ?? "",
      outInvalid: document.getElementById("f-out")?.getAttribute("aria-invalid"),
      verdict: document.getElementById("verdict")?.textContent ?? "",
      onDemand: document.querySelector('[data-figure="on-demand"] .value')?.textContent ?? "",
    };
  });
}

/** Builds a scenario by typing: four valid edits, a menu choice, and a half-typed invalid output. */
async function buildScenario(page) {
  await type(page, "#f-in", "2M");
  await addressHas(page, "in", "2M");
  await type(page, "#f-cache", "35");
  await addressHas(page, "cache", "0.35");
  await page.locator("#f-shape").selectOption("business");
  await addressHas(page, "shape", "business");
  await type(page, "#f-h", "24");
  await addressHas(page, "h", "24");
  await type(page, "#f-g", "-3");
  await addressHas(page, "g", "-3");
  await type(page, "#f-out", "12abc");
  await page.waitForFunction(() => document.getElementById("f-out")?.getAttribute("aria-invalid") === "true");
  const state = await seen(page);
  assert.equal(state.out, "12abc");
  assert.match(state.outError, /12abc/);
  assert.match(state.outError, /still for 50k/, "the error says which value the results use");
  return state;
}

test("a reload shows every field as typed, the invalid text with its error, and the same figures", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(appUrl("?v=1"), { waitUntil: "load" });
  await ready(page);
  const historyBefore = await page.evaluate(() => history.length);
  const built = await buildScenario(page);
  // Edits replace the address; they add no history entry.
  assert.equal(await page.evaluate(() => history.length), historyBefore);
  const url = page.url();
  assert.equal(new URL(url).search, "?v=1&in=2M&cache=0.35&shape=business&h=24&g=-3");

  await page.reload({ waitUntil: "load" });
  await ready(page);
  await page.waitForFunction(() => document.getElementById("f-out")?.value === "12abc", null, { timeout: TIMEOUT_MS });
  assert.equal(page.url(), url);
  assert.deepEqual(await seen(page), built);

  // Using the field drops the draft: the next reload shows the value typed last.
  await type(page, "#f-out", "80k");
  await addressHas(page, "out", "80k");
  await page.reload({ waitUntil: "load" });
  await ready(page);
  const after = await seen(page);
  assert.equal(after.out, "80k");
  assert.equal(after.outInvalid, "false");
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

test("back leaves the edited scenario and forward returns to it, as edited", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(appUrl("?v=1&in=2M"), { waitUntil: "load" });
  await ready(page);
  await type(page, "#f-h", "36");
  await addressHas(page, "h", "36");
  const edited = await seen(page);
  const editedUrl = page.url();
  // Another scenario, as a preset link or a pasted link opens it: a new history entry.
  await page.locator("#presets summary").click();
  await page.locator("#presets a").first().click();
  await page.waitForURL((u) => u.href !== editedUrl, { timeout: TIMEOUT_MS });
  await ready(page);
  const presetUrl = page.url();
  const preset = await seen(page);
  assert.notEqual(preset.verdict, edited.verdict);

  await page.goBack({ waitUntil: "load" });
  await ready(page);
  assert.equal(page.url(), editedUrl, "Back returns to the scenario as edited, not as first opened");
  await page.waitForFunction(() => document.getElementById("f-h")?.value === "36", null, { timeout: TIMEOUT_MS });
  assert.deepEqual(await seen(page), edited);

  await page.goForward({ waitUntil: "load" });
  await ready(page);
  assert.equal(page.url(), presetUrl);
  assert.deepEqual(await seen(page), preset);
  assert.deepEqual(problems, [], describeProblems(problems));
  await page.close();
});

test("a closed tab reopened on its link shows the same scenario and the half-typed text", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(appUrl("?v=1"), { waitUntil: "load" });
  await ready(page);
  const built = await buildScenario(page);
  const url = page.url();
  await page.close();

  const reopened = await context.newPage();
  const problems = [];
  reopened.on("pageerror", (e) => problems.push(e.message));
  await reopened.goto(url, { waitUntil: "load" });
  await ready(reopened);
  await reopened.waitForFunction(() => document.getElementById("f-out")?.value === "12abc", null, {
    timeout: TIMEOUT_MS,
  });
  assert.deepEqual(await seen(reopened), built);

  // The page's address without a query is the default scenario, always: the link is the
  // state, so a bare address means the same to everyone (nothing is restored from storage).
  await reopened.goto(appUrl(""), { waitUntil: "load" });
  await ready(reopened);
  const bare = await seen(reopened);
  assert.equal(bare.in, "500k");
  assert.equal(bare.out, "50k", "a draft typed on another scenario does not show");
  assert.equal(bare.outInvalid, "false");
  // …and opening it does not move the draft onto the default scenario.
  await reopened.reload({ waitUntil: "load" });
  await ready(reopened);
  assert.equal((await seen(reopened)).out, "50k");
  await reopened.goto(url, { waitUntil: "load" });
  await ready(reopened);
  await reopened.waitForFunction(() => document.getElementById("f-out")?.value === "12abc", null, {
    timeout: TIMEOUT_MS,
  });
  assert.deepEqual(problems, []);
  await context.close();
});

/**
 * A same-origin proxy in front of the site under test that can serve a new release: with
 * `release = 2` its sw.js carries another version (as `cargo xtask build` writes a new hash), so
 * the browser installs a new worker, which deletes the old release's cache.
 */
async function releaseProxy() {
  const target = new URL(baseUrl);
  const state = { release: 1 };
  const server = http.createServer(async (req, res) => {
    try {
      const upstream = await fetch(new URL(req.url, target.origin));
      let body = Buffer.from(await upstream.arrayBuffer());
      const path = new URL(req.url, target.origin).pathname;
      if (state.release > 1 && path.endsWith("/sw.js")) {
        const text = body.toString("utf8");
        const next = text.replace(/const VERSION = "([^"]+)";/, (_, v) => `const VERSION = "${v}-release${state.release}";`);
        assert.notEqual(next, text, "sw.js has a VERSION line");
        body = Buffer.from(next);
      }
      res.writeHead(upstream.status, {
        "content-type": upstream.headers.get("content-type") ?? "application/octet-stream",
        "cache-control": "no-cache",
      });
      res.end(body);
    } catch (e) {
      res.writeHead(502);
      res.end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(target.pathname, `http://127.0.0.1:${server.address().port}`).href;
  return { state, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("a new release replacing the service worker keeps the open page's scenario, and a reload keeps it too", async () => {
  const proxy = await releaseProxy();
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  try {
    await page.goto(new URL("?v=1", proxy.url).href, { waitUntil: "load" });
    await ready(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT_MS });
    const oldCaches = await page.evaluate(() => caches.keys());
    assert.equal(oldCaches.filter((k) => k.startsWith("ptcalc-")).length, 1, `${oldCaches}`);
    const built = await buildScenario(page);
    const url = page.url();
    await page.evaluate(() => (window.__samePage = true));

    proxy.state.release = 2;
    await page.evaluate(async () => {
      const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
      const registration = await navigator.serviceWorker.getRegistration();
      await registration.update();
      await changed;
      // Its `activate` (which deletes the old release's cache) has finished.
      const worker = navigator.serviceWorker.controller;
      if (worker.state !== "activated") {
        await new Promise((resolve) => worker.addEventListener("statechange", () => worker.state === "activated" && resolve()));
      }
    });
    // The open page was not reloaded and still shows what was typed.
    assert.equal(await page.evaluate(() => window.__samePage), true);
    assert.equal(page.url(), url);
    assert.deepEqual(await seen(page), built);
    const newCaches = (await page.evaluate(() => caches.keys())).filter((k) => k.startsWith("ptcalc-"));
    assert.equal(newCaches.length, 1, `the old release's cache is deleted: ${newCaches}`);
    assert.match(newCaches[0], /-release2$/);

    // The new release, on reload: the same scenario, the same half-typed text.
    await page.reload({ waitUntil: "load" });
    await ready(page);
    await page.waitForFunction(() => document.getElementById("f-out")?.value === "12abc", null, { timeout: TIMEOUT_MS });
    assert.equal(page.url(), url);
    assert.deepEqual(await seen(page), built);
    assert.deepEqual(problems, [], describeProblems(problems));
  } finally {
    await context.close();
    await proxy.close();
  }
});
