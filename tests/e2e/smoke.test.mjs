// Smoke test of the release build: the page loads from a sub-folder, the WASM app starts, and
// nothing is reported as an error — also when the page is embedded in an <iframe>.
//
// This must run against the *release* `dist/`: a broken wasm-opt pass still "builds" fine and
// only fails at start-up in the browser.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  appUrl,
  describeProblems,
  embedUrl,
  launchBrowser,
  openPage,
  waitForApp,
} from "./harness.mjs";

const TIMEOUT_MS = 20_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("app starts from a sub-folder without errors", async () => {
  const { page, problems, responses } = await openPage(browser);
  const url = appUrl();
  await page.goto(url, { waitUntil: "load" });
  await waitForApp(page, problems, TIMEOUT_MS);

  const status = page.locator("#status");
  await status.waitFor({ state: "visible", timeout: TIMEOUT_MS });
  assert.equal((await status.textContent())?.trim(), "ready");
  assert.match(await page.title(), /ptcalc/);

  // Every asset came from below the sub-folder (relative public URL).
  const origin = new URL(url).origin;
  for (const { url: assetUrl } of responses.filter((r) => r.url.startsWith(origin))) {
    assert.ok(assetUrl.startsWith(url), `asset outside the sub-folder: ${assetUrl}`);
  }
  // The module was served so that streaming compilation works.
  const wasm = responses.filter((r) => new URL(r.url).pathname.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `expected one .wasm response, got ${JSON.stringify(wasm)}`);
  assert.equal(wasm[0].contentType.split(";")[0].trim(), "application/wasm");

  assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
  await page.close();
});

test(
  "app starts inside an iframe",
  { skip: embedUrl ? false : "PTCALC_EMBED_URL is not set" },
  async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(embedUrl, { waitUntil: "load" });

    const child = page.frames().find((f) => f.parentFrame() === page.mainFrame());
    assert.ok(child, "the embedding page has no iframe");
    assert.equal(new URL(child.url()).searchParams.get("v"), "1");
    await waitForApp(child, problems, TIMEOUT_MS);

    const status = page.frameLocator("iframe#ptcalc-frame").locator("#status");
    await status.waitFor({ state: "visible", timeout: TIMEOUT_MS });
    assert.equal((await status.textContent())?.trim(), "ready");

    assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
    await page.close();
  },
);
