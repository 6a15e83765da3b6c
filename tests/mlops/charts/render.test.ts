import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHART_SIZE,
  CHART_ZOOM,
  predictedVsActualSpec,
  renderPng,
  renderSvg,
  svgToPng,
  writeCharts,
} from "../../../mlops/charts/index.js";
import { darkPixels, decodePng } from "./decode-png.js";

const spec = predictedVsActualSpec({
  actual: Float64Array.from({ length: 30 }, (_, i) => i),
  predicted: Float64Array.from({ length: 30 }, (_, i) => i + Math.sin(i) * 3),
  target: "y",
  model: "model (k 1)",
});

describe("renderPng", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mlops-charts-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("draws a PNG the SVG's size times the zoom, the same bytes every time", async () => {
    const svg = await renderSvg(spec);
    const [, w, h] = svg.match(/<svg[^>]*width="([\d.]+)"[^>]*height="([\d.]+)"/) ?? [];

    const png = await renderPng(spec);

    const decoded = decodePng(png);
    expect([decoded.width, decoded.height]).toEqual([
      Math.round(Number(w) * CHART_ZOOM),
      Math.round(Number(h) * CHART_ZOOM),
    ]);
    expect(decoded.width).toBeGreaterThan(CHART_SIZE * CHART_ZOOM);
    expect(Buffer.from(await renderPng(spec)).equals(Buffer.from(png))).toBe(true);
  });

  it("draws the text with the committed font: without any font the same SVG has no dark pixels", async () => {
    const svg = await renderSvg(spec);

    const withFont = decodePng(await svgToPng(svg));
    const withoutFont = decodePng(await svgToPng(svg, []));

    // The title (black, at the top) and the axis labels are the only dark pixels of this chart.
    expect(darkPixels(withoutFont)).toBe(0);
    const titleBand = { x0: 0, y0: 0, x1: withFont.width, y1: Math.round(30 * CHART_ZOOM) };
    expect(darkPixels(withFont, titleBand)).toBeGreaterThan(100);
    expect(darkPixels(withFont)).toBeGreaterThan(1000);
  });

  it("writeCharts writes <name>.png per chart and refuses a bad name before writing anything", async () => {
    const out = join(dir, "plots");
    const timings = await writeCharts(out, { "b-chart": spec, a: spec });

    expect(await readdir(out)).toEqual(["a.png", "b-chart.png"]);
    expect(Object.keys(timings)).toEqual(["a.png", "b-chart.png"]);
    expect(decodePng(await readFile(join(out, "a.png"))).width).toBeGreaterThan(0);
    await expect(writeCharts(join(dir, "bad"), { Bad_Name: spec })).rejects.toThrow(
      'chart name "Bad_Name" must be kebab-case',
    );
    await expect(readdir(join(dir, "bad"))).rejects.toThrow("ENOENT");
  });

  it("names the chart a render failed on", async () => {
    await expect(writeCharts(join(dir, "broken"), { broken: { mark: "no-such-mark" } })).rejects.toThrow(
      /^chart broken: not a Vega-Lite spec vega-lite 6\.4\.3 can compile \(.+\)/,
    );
  });
});
