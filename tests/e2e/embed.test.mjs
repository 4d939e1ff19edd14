// Embed mode in a real Chromium: the chosen panels and nothing else, the notice for an unknown
// panel, 320 px frames, forced themes, the height message and the snippet's fixed height with
// and without the host script, the example host page with its two frames and the JS API, no
// CSP violation, no foreign request, link values that stay text, and host messages: the one
// documented shape sets the scenario, anything else leaves scenario and figures untouched.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appUrl, describeProblems, launchBrowser, openPage, whenReady } from "./harness.mjs";

const TIMEOUT_MS = 30_000;
const exampleUrl = process.env.PTCALC_EXAMPLE_URL;
const origin = new URL(appUrl()).origin;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const ready = (frame) => whenReady(frame, TIMEOUT_MS);

function assertClean(problems) {
  assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
}

/** Every response came from the site under test. */
function assertNoForeignRequests(responses) {
  const foreign = responses.map((r) => r.url).filter((u) => !u.startsWith(origin) && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(foreign, [], "requests to other origins");
}

/** Records CSP violations in every frame into `window.__cspViolations`. */
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"}`);
    });
  });
}

/** Serves `html` as a host page in the example's folder (same site, another folder). */
async function hostPage(page, name, html) {
  const url = `${origin}/sub/docs/${name}`;
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
  return url;
}

const panelsOf = (frame) =>
  frame.evaluate(() => [...document.querySelectorAll("#embed [data-panel]")].map((p) => p.dataset.panel));

describe("embed view", () => {
  test("shows the chosen panels in order, no page chrome, and opens the full page in a new tab", async () => {
    const { page, problems, responses } = await openPage(browser);
    await recordViolations(page);
    await page.goto(appUrl("?v=1&in=2M&embed=1&view=breakeven,verdict"), { waitUntil: "load" });
    await ready(page);
    assert.deepEqual(await panelsOf(page), ["breakeven", "verdict"]);
    assert.equal(await page.locator("header.top, .form-col, footer.foot, #exports").count(), 0);
    assert.match(await page.locator("#verdict").textContent(), /Reserve|pay|on-demand/i);
    await page.waitForFunction(() => document.querySelector('[data-chart="breakeven"] svg') !== null);
    const open = page.locator("#open-full");
    assert.equal(await open.getAttribute("target"), "_blank");
    assert.equal(await open.getAttribute("href"), appUrl("?v=1&in=2M"));
    // The address keeps the presentation keys, so a reload stays embedded.
    assert.equal(new URL(page.url()).search, "?v=1&in=2M&embed=1&view=breakeven,verdict");
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assertNoForeignRequests(responses);
    assertClean(problems);
    await page.close();
  });

  test("an unknown panel gets the link notice, in the frame, and the default panels", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(appUrl("?v=1&embed=1&view=verdict,bogus"), { waitUntil: "load" });
    await ready(page);
    const notice = page.locator("#notice");
    assert.equal(await notice.isVisible(), true);
    assert.equal(await notice.locator('li[data-key="view"]').count(), 1);
    assert.match(await notice.textContent(), /bogus.*verdict, figures, hybrid/s);
    assert.deepEqual(await panelsOf(page), ["verdict", "figures", "hybrid"]);
    assertClean(problems);
    await page.close();
  });

  test("fits a 320 px frame without horizontal scrolling", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
    const page = await context.newPage();
    await page.goto(appUrl("?v=1&embed=1&view=verdict,figures,hybrid,points"));
    await ready(page);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `content ${widths[0]} px in a ${widths[1]} px frame`);
    await context.close();
  });

  test("theme=dark forces the dark scheme over a light preference; the default follows the preference", async () => {
    const context = await browser.newContext({ colorScheme: "light" });
    const page = await context.newPage();
    const luminance = () =>
      page.evaluate(() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
        return (r + g + b) / 3;
      });
    await page.goto(appUrl("?v=1&embed=1&theme=dark"));
    await ready(page);
    assert.ok((await luminance()) < 60, "dark background");
    await page.goto(appUrl("?v=1&embed=1"));
    await ready(page);
    assert.ok((await luminance()) > 200, "light background");
    await context.close();
    const dark = await browser.newContext({ colorScheme: "dark" });
    const darkPage = await dark.newPage();
    await darkPage.goto(appUrl("?v=1&embed=1"));
    await ready(darkPage);
    const l = await darkPage.evaluate(() => {
      const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
      return (r + g + b) / 3;
    });
    assert.ok(l < 60, "follows the host's dark preference");
    await dark.close();
  });

  test("one palette per scheme: a forced theme gives exactly the colours of that preference", async () => {
    const NAMES = ["--bg", "--card", "--ink", "--muted", "--line", "--accent", "--accent-ink", "--focus", "--error", "--error-bg", "--warn-bg", "--warn-line", "--notice-bg"];
    async function palette(colorScheme, query) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(appUrl(query));
      await ready(page);
      const values = await page.evaluate((names) => {
        const style = getComputedStyle(document.documentElement);
        return [style.colorScheme, ...names.map((n) => style.getPropertyValue(n).trim())];
      }, NAMES);
      await context.close();
      return values;
    }
    const light = await palette("light", "?v=1&embed=1");
    const dark = await palette("dark", "?v=1&embed=1");
    assert.notDeepEqual(light.slice(1), dark.slice(1));
    assert.deepEqual((await palette("light", "?v=1&embed=1&theme=dark")).slice(1), dark.slice(1));
    assert.deepEqual((await palette("dark", "?v=1&embed=1&theme=light")).slice(1), light.slice(1));
    assert.equal((await palette("dark", "?v=1&theme=light"))[0], "light", "a forced light theme is light for the browser too");
    assert.deepEqual((await palette("dark", "?v=1&theme=dark")).slice(1), dark.slice(1), "the full page too");
  });

  test("link values stay text in the embed view", async () => {
    const { page, problems } = await openPage(browser);
    const query = [
      "v=1",
      "embed=1",
      `o=${encodeURIComponent("<script>window.__pwned=1</script>")}`,
      `view=${encodeURIComponent('verdict,<img src=x onerror="window.__pwned=2">')}`,
      `${encodeURIComponent("<b>k</b>")}=1`,
    ].join("&");
    await page.goto(appUrl(`?${query}`), { waitUntil: "load" });
    await ready(page);
    const noticeText = await page.locator("#notice").textContent();
    assert.match(noticeText, /<script>/);
    assert.match(noticeText, /<img src=x/);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator("#embed script, #embed img, #embed b").count(), 0);
    assertClean(problems);
    await page.close();
  });
});

describe("embed sizing", () => {
  test("the frame posts its height and scenario on load and after a change of size", async () => {
    const { page, problems } = await openPage(browser);
    const host = await hostPage(
      page,
      "messages.html",
      `<!DOCTYPE html><html><body><script>window.__messages = []; addEventListener("message", (e) => window.__messages.push(e.data));</script>
       <iframe id="f" src="../ptcalc/?v=1&amp;in=2M&amp;embed=1" width="600" height="300"></iframe></body></html>`,
    );
    await page.goto(host, { waitUntil: "load" });
    const frame = page.frame({ url: /embed=1/ });
    await ready(frame);
    await page.waitForFunction(() => window.__messages.some((m) => m.type === "ptcalc:height"));
    const first = await page.evaluate(() => window.__messages.filter((m) => m.type === "ptcalc:height").at(-1));
    assert.deepEqual(Object.keys(first).sort(), ["height", "scenario", "type"]);
    assert.equal(first.scenario, "v=1&in=2M");
    const contentHeight = await frame.evaluate(() => document.querySelector("#embed").offsetHeight);
    assert.ok(Math.abs(first.height - contentHeight) <= 1, `${first.height} vs ${contentHeight}`);
    // Narrower: the content grows taller and a new height is posted.
    await page.evaluate(() => (document.querySelector("#f").width = "340"));
    await page.waitForFunction((h) => window.__messages.some((m) => m.type === "ptcalc:height" && m.height > h), first.height, {
      timeout: TIMEOUT_MS,
    });
    assertClean(problems);
    await page.close();
  });

  /** The Embed dialog's snippet for `query` with the default panels, once its height is measured. */
  async function snippetFor(query) {
    const { page, problems } = await openPage(browser);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(appUrl(query), { waitUntil: "load" });
    await ready(page);
    await page.click("#embed-open");
    await page.waitForFunction(() => /measured/.test(document.querySelector("#embed-height")?.textContent ?? ""), null, {
      timeout: TIMEOUT_MS,
    });
    const snippet = await page.locator("#embed-snippet").inputValue();
    const markdown = await page.locator("#embed-markdown").inputValue();
    assertClean(problems);
    await page.close();
    return { snippet, markdown };
  }

  test("the dialog's snippet: class ptcalc, the scenario and panels, a Markdown image link", async () => {
    const { page } = await openPage(browser);
    await page.goto(appUrl("?v=1&in=2M"), { waitUntil: "load" });
    await ready(page);
    await page.click("#embed-open");
    const before = await page.locator("#embed-snippet").inputValue();
    assert.match(before, /^<iframe class="ptcalc" src="[^"]+\?v=1&amp;in=2M&amp;embed=1" /);
    assert.ok(!before.includes("style="));
    await page.uncheck('#embed-panel-hybrid');
    await page.check('#embed-panel-breakeven');
    const after = await page.locator("#embed-snippet").inputValue();
    assert.match(after, /embed=1&amp;view=verdict,figures,breakeven"/);
    const md = await page.locator("#embed-markdown").inputValue();
    assert.match(md, /^\[!\[ptcalc: azure\/gpt-4\.1 \\\(1y\\\), hybrid split\]\(ptcalc-azure-gpt-4\.1-1y-\d{4}-\d{2}-\d{2}-hybrid\.png\)\]\(http[^)]+\?v=1&in=2M\)$/);
    await page.close();
  });

  test("without the host script the snippet's fixed height shows the default panels at 800 px, no inner scroll bar", async () => {
    const { snippet } = await snippetFor("?v=1&in=2M");
    const height = Number(snippet.match(/height="(\d+)"/)[1]);
    const { page, problems } = await openPage(browser);
    await page.setViewportSize({ width: 1000, height: 900 });
    const host = await hostPage(page, "no-script.html", `<!DOCTYPE html><html><body><div id="w">${snippet.replace('loading="lazy"', "")}</div></body></html>`);
    await page.goto(host, { waitUntil: "load" });
    await page.evaluate(() => (document.querySelector("#w").style.width = "800px"));
    const frame = page.frame({ url: /embed=1/ });
    await ready(frame);
    await frame.waitForFunction(() => document.querySelector('[data-chart="hybrid"] svg') !== null);
    const [scrollHeight, innerHeight, innerWidth] = await frame.evaluate(() => [
      document.documentElement.scrollHeight,
      window.innerHeight,
      window.innerWidth,
    ]);
    assert.equal(innerHeight, height, "the snippet's height is kept");
    assert.equal(innerWidth, 800);
    assert.ok(scrollHeight <= innerHeight, `content ${scrollHeight} px in a ${innerHeight} px frame`);
    assertClean(problems);
    await page.close();
  });

  test("with the host script the frame is sized to its content", async () => {
    const { snippet } = await snippetFor("?v=1");
    const { page, problems } = await openPage(browser);
    const sized = snippet.replace(/height="\d+"/, 'height="150"').replace('loading="lazy"', "");
    const host = await hostPage(page, "with-script.html", `<!DOCTYPE html><html><body>${sized}<script src="./embed-host.js"></script></body></html>`);
    await page.goto(host, { waitUntil: "load" });
    const frame = page.frame({ url: /embed=1/ });
    await ready(frame);
    await page.waitForFunction(() => parseFloat(document.querySelector("iframe.ptcalc").style.height) > 300, null, {
      timeout: TIMEOUT_MS,
    });
    const content = await frame.evaluate(() => document.querySelector("#embed").offsetHeight);
    const frameHeight = await page.evaluate(() => parseFloat(document.querySelector("iframe.ptcalc").style.height));
    assert.ok(Math.abs(frameHeight - content) <= 1, `frame ${frameHeight} px, content ${content} px`);
    const [scrollHeight, innerHeight] = await frame.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
    assert.ok(scrollHeight <= innerHeight + 1, `content ${scrollHeight} px in a ${innerHeight} px frame`);
    assertClean(problems);
    await page.close();
  });
});

describe("host messages", () => {
  /** A host page with the frame, a sibling frame, and a log of what the frame posts. */
  async function hostWithFrame(page) {
    const host = await hostPage(
      page,
      "host-messages.html",
      `<!DOCTYPE html><html><body>
       <iframe id="f" src="../ptcalc/?v=1&amp;in=2M&amp;embed=1&amp;view=verdict,figures" width="700" height="500"></iframe>
       <iframe id="sibling" srcdoc="<p>another frame of the host</p>" width="50" height="50"></iframe>
       </body></html>`,
    );
    await page.addInitScript(() => {
      if (window.top !== window) return;
      window.__answers = [];
      addEventListener("message", (e) => window.__answers.push(e.data));
    });
    await page.goto(host, { waitUntil: "load" });
    const frame = page.frame({ url: /embed=1/ });
    await ready(frame);
    await page.waitForFunction(() => window.__answers.some((m) => m?.type === "ptcalc:height"));
    return frame;
  }

  /** What the frame shows: its address, the verdict and the key figures. */
  const shown = (frame) =>
    frame.evaluate(() => ({
      search: location.search,
      verdict: document.querySelector("#verdict")?.textContent ?? "",
      figures: [...document.querySelectorAll("[data-figure] .value")].map((e) => e.textContent),
    }));

  const post = (page, message) =>
    page.evaluate((m) => document.querySelector("#f").contentWindow.postMessage(m, "*"), message);

  test("malformed, foreign and misdirected messages leave the scenario and figures untouched", async () => {
    const { page, problems } = await openPage(browser);
    const frame = await hostWithFrame(page);
    const before = await shown(frame);
    assert.equal(before.search, "?v=1&in=2M&embed=1&view=verdict,figures");
    const wanted = "v=1&in=9M";

    // From windows that are not the parent: a sibling frame, and the frame itself.
    await page.evaluate((q) => {
      const sibling = document.querySelector("#sibling").contentWindow;
      sibling.eval(`parent.document.querySelector("#f").contentWindow.postMessage({type: "ptcalc:scenario", scenario: ${JSON.stringify(q)}}, "*")`);
    }, wanted);
    await frame.evaluate((q) => window.postMessage({ type: "ptcalc:scenario", scenario: q }, "*"), wanted);
    // Not ptcalc messages (other scripts share the channel): ignored without an answer.
    for (const m of [wanted, 42, null, true, [ "ptcalc:scenario", wanted ], { type: "other", scenario: wanted }, { scenario: wanted }, {}]) {
      await post(page, m);
    }
    // ptcalc messages of the wrong shape: each refused, with an answer saying why.
    const refused = [
      [{ type: "ptcalc:scenario" }, /exactly `type` and `scenario`/],
      [{ type: "ptcalc:scenario", scenario: wanted, html: "<b>x</b>" }, /exactly `type` and `scenario`/],
      [{ type: "ptcalc:scenario", scenario: 9_000_000 }, /a JavaScript number, not a string/],
      [{ type: "ptcalc:scenario", scenario: { in: "9M" } }, /a JavaScript object, not a string/],
      [{ type: "ptcalc:scenario", scenario: `${wanted}&x=${"y".repeat(40_000)}` }, /at most 32768/],
      [{ type: "ptcalc:scenario", scenario: `${wanted}&zzz=1` }, /problems, so nothing changed: zzz/],
      [{ type: "ptcalc:scenario", scenario: "v=1&in=9MM" }, /problems, so nothing changed: in/],
      [{ type: "ptcalc:scenario", scenario: `${wanted}&embed=1` }, /`embed`, `view` or `theme`/],
      [{ type: "ptcalc:height", height: 10, scenario: wanted }, /not one the frame takes/],
    ];
    for (const [m] of refused) {
      await post(page, m);
    }
    await page.waitForFunction((n) => window.__answers.filter((m) => m?.type === "ptcalc:error").length >= n, refused.length, {
      timeout: TIMEOUT_MS,
    });
    const errors = await page.evaluate(() => window.__answers.filter((m) => m?.type === "ptcalc:error"));
    assert.equal(errors.length, refused.length, JSON.stringify(errors));
    errors.forEach((e, i) => {
      assert.deepEqual(Object.keys(e).sort(), ["error", "type"]);
      assert.match(e.error, refused[i][1]);
    });
    assert.deepEqual(await shown(frame), before, "scenario and figures untouched");

    // The documented shape still works afterwards.
    await post(page, { type: "ptcalc:scenario", scenario: "v=1&in=3M&out=300k" });
    await page.waitForFunction(() => window.__answers.some((m) => m?.type === "ptcalc:height" && m.scenario.startsWith("v=1&in=3M&out=300k")), null, {
      timeout: TIMEOUT_MS,
    });
    const after = await shown(frame);
    assert.equal(after.search, "?v=1&in=3M&out=300k&embed=1&view=verdict,figures", "the frame keeps its panels");
    assert.notDeepEqual(after.figures, before.figures);
    assertClean(problems);
    await page.close();
  });

  test("a scenario message is applied like a link: the same figures as opening it", async () => {
    const { page, problems } = await openPage(browser);
    const frame = await hostWithFrame(page);
    await post(page, { scenario: "v=1&o=vertex/gemini-2.5-flash&t=1w&in=3M", type: "ptcalc:scenario" });
    await frame.waitForFunction(() => location.search.startsWith("?v=1&o=vertex/gemini-2.5-flash&t=1w&in=3M&"), null, { timeout: TIMEOUT_MS });
    const viaMessage = await shown(frame);
    const direct = await browser.newPage();
    await direct.goto(appUrl("?v=1&o=vertex/gemini-2.5-flash&t=1w&in=3M&embed=1&view=verdict,figures"), { waitUntil: "load" });
    await ready(direct);
    assert.deepEqual(await shown(direct), viaMessage);
    await direct.close();
    assertClean(problems);
    await page.close();
  });
});

describe("the example host page", { skip: exampleUrl ? false : "PTCALC_EXAMPLE_URL is not set" }, () => {
  test("both frames render, the host script sizes them, and the JS API writes a live figure", async () => {
    const { page, problems, responses } = await openPage(browser);
    await recordViolations(page);
    await page.setViewportSize({ width: 1300, height: 900 });
    await page.goto(exampleUrl, { waitUntil: "load" });
    for (const id of ["frame-azure", "frame-scale"]) {
      const handle = await page.locator(`#${id}`).elementHandle();
      const frame = await handle.contentFrame();
      await ready(frame);
      assert.ok((await frame.locator("#verdict").textContent()).length > 10, `${id} shows a verdict`);
      await page.waitForFunction((i) => document.getElementById(i).style.height !== "", id, { timeout: TIMEOUT_MS });
      const content = await frame.evaluate(() => document.querySelector("#embed").offsetHeight);
      const set = await page.evaluate((i) => parseFloat(document.getElementById(i).style.height), id);
      assert.ok(Math.abs(set - content) <= 1, `${id}: height ${set} px for ${content} px of content`);
    }
    const panels = await (await page.locator("#frame-scale").elementHandle()).contentFrame();
    assert.deepEqual(await panelsOf(panels), ["verdict", "figures", "breakeven"]);

    // The JS API, from the host page itself.
    await page.waitForFunction(() => !/loading/.test(document.querySelector("#live").textContent), null, { timeout: TIMEOUT_MS });
    const live = page.locator("#live");
    assert.match(await live.textContent(), /\$[\d,]+ per month \(best hybrid\)/);
    assert.equal(await live.getAttribute("data-link"), "v=1");
    const api = await page.evaluate(async () => {
      const m = await import("../ptcalc/ptcalc-api.js");
      const r = m.evaluate("v=1&in=2M");
      return {
        keys: Object.keys(r).sort(),
        isPlainObject: Object.getPrototypeOf(r) === Object.prototype,
        verdict: r.verdict,
        defaultVerdict: m.evaluate("v=1").verdict,
        scenario: r.scenario,
        hybrid: r.monthly.hybrid,
        link: m.link("?in=2M&v=1&o=azure/gpt-4.1&embed=1"),
        mounted: document.querySelector("#status") !== null,
      };
    });
    assert.ok(api.isPlainObject, "a plain object, not JSON text");
    for (const key of ["verdict", "monthly", "hybrid", "points", "terms", "warnings", "offering"]) {
      assert.ok(api.keys.includes(key), `report has ${key}: ${api.keys.join(", ")}`);
    }
    assert.ok(api.hybrid > 0);
    assert.equal(api.link, "v=1&in=2M");
    assert.equal(api.mounted, false, "the API does not mount the calculator into the host page");
    // The frame with the same scenario shows the same verdict.
    const azure = await (await page.locator("#frame-azure").elementHandle()).contentFrame();
    const framed = (await azure.locator("#verdict").innerText()).replace(/\s+/g, " ").trim();
    const expected = api.defaultVerdict.replace(/\s+/g, " ").trim();
    assert.ok(expected.length > 10, "the API gives a verdict");
    // The frame follows the verdict with the answer's range ("This answer holds from …").
    assert.ok(framed.startsWith(expected), `frame: ${framed}\nAPI:   ${expected}`);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assertNoForeignRequests(responses);
    assertClean(problems);
    await page.close();
  });
});
