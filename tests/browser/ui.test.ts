// mlops ui in a real browser (Debian's Chromium, headless): click from the runs to a run, to a model version,
// compare two runs, open a report.html offline; every page screenshotted, every shown number checked against
// run.json, HTML in user data shown as text, and .mlops/ unchanged to the byte and the mtime.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUi, type UiServer } from "../../mlops/ui/index.js";
import { EVIL, EVIL_RUN, makeUiHome, REGRESSOR, type UiHome } from "../mlops/ui/fixture-home.js";
import { treeHash } from "../mlops/ui/tree-hash.js";
import { launchChromium } from "./chromium.js";

// Screenshots go to MLOPS_BROWSER_SCREENSHOTS (CI keeps them) or a fresh temp folder, never into the repository.
const SHOTS = process.env.MLOPS_BROWSER_SCREENSHOTS || mkdtempSync(join(tmpdir(), "mlops-ui-screenshots-"));
mkdirSync(SHOTS, { recursive: true });

let fixture: UiHome;
let before: ReturnType<typeof treeHash>;
let server: UiServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium(); // first: without Chromium the suite fails at once, saying how to install it
  context = browser.context;
  fixture = await makeUiHome();
  before = treeHash(fixture.home);
  server = await startUi({ home: fixture.home, port: 0 });
  page = await context.newPage();
  console.log(`screenshots: ${SHOTS}`);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  fixture?.cleanup();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** An element's rendered text (the tests compile without the DOM library: Node's types only). */
type Text = { readonly innerText: string };

/** The numbers a table shows by row key (`<tr data-key=K>`: its value cells), as the browser renders them. */
async function shownNumbers(selector: string): Promise<Record<string, number>> {
  const rows = await page.$$eval(`${selector} tr[data-key]`, (trs) =>
    trs.map(
      (tr) => [tr.getAttribute("data-key") ?? "", (tr.querySelector("td") as unknown as Text).innerText] as const,
    ),
  );
  return Object.fromEntries(rows.map(([k, v]) => [k, Number(v)]));
}

/** Every plot <img> on the page was decoded (a broken image has naturalWidth 0). */
async function plotWidths(): Promise<number[]> {
  return page.$$eval(".plots img", (imgs) =>
    imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  );
}

describe("mlops ui in Chromium", () => {
  it("runs list → a run → its production model version, numbers as in run.json", async () => {
    const [first, second] = fixture.runs;
    await page.goto(`${server.url}/`);
    for (const run of fixture.runs.slice(0, 3)) {
      const shown = await page.$$eval(`tr[data-run="${run.run_id}"] .metric`, (spans) =>
        spans.map(
          (s) => [s.getAttribute("data-key") ?? "", (s.querySelector("b") as unknown as Text).innerText] as const,
        ),
      );
      expect(Object.fromEntries(shown.map(([k, v]) => [k, Number(v)]))).toEqual(run.metrics);
    }
    await shot("1-runs");

    await page.click(`tr[data-run="${second.run_id}"] a.run-link`);
    await page.waitForURL(`**/runs/${second.run_id}`);
    expect(await page.innerText("h1")).toBe(`Run ${second.run_id}`);
    expect(await shownNumbers("#metrics")).toEqual(second.metrics);
    expect(Number(await page.innerText("#production-value"))).toBe(second.verdict?.production_value);
    expect(Number(await page.innerText("#new-value"))).toBe(second.verdict?.new_value);
    const widths = await plotWidths();
    expect(widths.length).toBe(second.plots.length);
    for (const w of widths) expect(w).toBeGreaterThan(100);
    await shot("2-run");

    await page.click(`a[href="/models/${REGRESSOR}/1"]`);
    await page.waitForURL(`**/models/${REGRESSOR}/1`);
    expect(await page.innerText("h1")).toBe(`Model ${REGRESSOR} version 1`);
    const tags = await page.$$eval("#tags tr[data-key]", (trs) =>
      trs.map((tr) => [tr.getAttribute("data-key"), (tr.querySelector("td") as unknown as Text).innerText]),
    );
    const byName = Object.fromEntries(tags);
    expect(byName.run_id).toBe(first.run_id);
    const metric = first.verdict?.metric as string;
    expect(Number(byName[metric])).toBe(first.metrics?.[metric]);
    await shot("3-model-version");
  });

  it("compares two runs ticked on the runs page: side by side and the metric over runs", async () => {
    const [first, second] = fixture.runs;
    await page.goto(`${server.url}/`);
    await page.check(`tr[data-run="${first.run_id}"] input[type=checkbox]`);
    await page.check(`tr[data-run="${second.run_id}"] input[type=checkbox]`);
    await page.click("button[type=submit]");
    await page.waitForURL("**/compare?**");
    for (const run of [first, second]) {
      const shown = await page.$$eval(`#compare-metrics tr[data-key] td[data-run="${run.run_id}"]`, (tds) =>
        tds.map((td) => [td.parentElement?.getAttribute("data-key") ?? "", (td as unknown as Text).innerText]),
      );
      expect(Object.fromEntries(shown.map(([k, v]) => [k, Number(v)]))).toEqual(run.metrics);
    }
    expect(await page.locator("#metric-chart svg").count()).toBe(1);
    const box = await page.locator("#metric-chart svg").boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(await page.locator("#metric-chart").innerHTML()).toContain(`${first.verdict?.metric} over runs`);
    await shot("4-compare");
  });

  it("shows <script> in a run name, a parameter and a tag as text, running nothing", async () => {
    await page.goto(`${server.url}/`);
    expect(await page.locator(`tr[data-run="${EVIL_RUN}"] a.run-link`).innerText()).toBe(EVIL_RUN);
    await page.click(`tr[data-run="${EVIL_RUN}"] a.run-link`);
    await page.waitForURL("**/runs/evil-*");
    expect(await page.innerText("h1")).toBe(`Run ${EVIL_RUN}`);
    expect(await page.locator(`#params tr[data-key="${EVIL}"] td`).innerText()).toBe(EVIL);
    expect(await page.locator("table.facts").first().innerText()).toContain(`experiment\t${EVIL}`);
    await shot("5-html-in-user-data");
    await page.goto(`${server.url}/models`);
    expect(await page.locator('span.tag[data-key="note"] b').innerText()).toBe(EVIL);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("script").count()).toBe(0);
  });

  it("opens a run's report.html offline from file://, with its metrics and plots", async () => {
    const run = fixture.runs[2];
    const requested: string[] = [];
    const offline = await context.newPage();
    await context.setOffline(true);
    try {
      // Only the file itself may load: any other request (network or file) is refused and remembered.
      const file = pathToFileURL(join(fixture.home, "runs", run.run_id, "report.html")).href;
      await offline.route("**/*", (route) => {
        const url = route.request().url();
        if (url === file) return route.continue();
        requested.push(url);
        return route.abort();
      });
      page = offline;
      await offline.goto(file);
      expect(await offline.innerText("h1")).toBe(`Run ${run.run_id}`);
      expect(await shownNumbers("#metrics")).toEqual(run.metrics);
      const widths = await plotWidths();
      expect(widths.length).toBe(run.plots.length);
      for (const w of widths) expect(w).toBeGreaterThan(100);
      await shot("6-report-offline");
      expect(requested).toEqual([]);
    } finally {
      await context.setOffline(false);
    }
  });

  it("left .mlops/ exactly as it was (every file's bytes and mtime)", () => {
    expect(before.files).toBeGreaterThan(30);
    expect(treeHash(fixture.home)).toEqual(before);
  });
});
