// Accessibility: zero axe-core violations (WCAG 2.1 A and AA, and best practice) in light and
// dark colour schemes at phone (375 px) and desktop (1280 px) width, with the chart data
// tables open so they are checked too. axe-core comes from npm (tests/e2e/package.json) and is
// injected as a script's text in a browser context that bypasses the page's CSP.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { appUrl, describeProblems, launchBrowser, openPage, whenReady } from "./harness.mjs";

const require = createRequire(import.meta.url);
// A fresh context compiles the module again: generous on a loaded 2-core machine.
const TIMEOUT_MS = 60_000;

let browser;
let axeSource;
before(async () => {
  browser = await launchBrowser();
  axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
});
after(async () => {
  await browser?.close();
});

async function audit(width, scheme) {
  // The page's CSP forbids inline scripts; the audit's own script is let through.
  const context = await browser.newContext({ bypassCSP: true });
  const opened = await openPage(context);
  const { page } = opened;
  await page.setViewportSize({ width, height: 800 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(appUrl("?v=1"), { waitUntil: "load" });
  await whenReady(page, TIMEOUT_MS);
  // Open every "Show data" toggle and the folded lists, so their contents are audited too.
  for (const toggle of await page.locator("button.toggle").all()) {
    if (await toggle.isVisible()) await toggle.click();
  }
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }),
  );
  await context.close();
  return { violations: result.violations, problems: opened.problems };
}

const describeViolations = (violations) =>
  violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join("\n    ")}`)
    .join("\n  ");

describe("accessibility (axe-core)", () => {
  for (const width of [375, 1280]) {
    for (const scheme of ["light", "dark"]) {
      test(`no violations at ${width} px in ${scheme}`, async () => {
        const { violations, problems } = await audit(width, scheme);
        assert.deepEqual(violations.map((v) => v.id), [], `violations:\n  ${describeViolations(violations)}`);
        assert.deepEqual(problems, [], `problems: ${describeProblems(problems)}`);
      });
    }
  }
});
