import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  COLORS,
  POINT_RADIUS,
  type ScatterLayout,
  type ScatterOptions,
  scatterLayout,
  writeScatterPng,
} from "../../../mlops/plot/index.js";
import { type DecodedPng, decodePng } from "./decode-png.js";

// Points off the diagonal and off the grid lines (ticks at multiples of 50), so each can be checked alone.
const actual = [37, 83, 121, 168, 212, 262, 311, 333];
const predicted = [92, 61, 166, 128, 143, 187, 224, 292];
const options: ScatterOptions = {
  actual,
  predicted,
  title: "Predicted vs actual",
  xLabel: "Actual Y",
  yLabel: "Predicted Y",
};

let dir: string;
let png: DecodedPng;
let layout: ScatterLayout;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlops-plot-"));
  await writeScatterPng(join(dir, "scatter.png"), options);
  png = decodePng(await readFile(join(dir, "scatter.png")));
  layout = scatterLayout(options);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const isInk = ([r, g, b]: readonly number[]): boolean => r < 90 && g < 90 && b < 90;
const inkIn = (x0: number, y0: number, x1: number, y1: number): number => {
  let count = 0;
  for (let y = Math.round(y0); y < Math.round(y1); y++)
    for (let x = Math.round(x0); x < Math.round(x1); x++) if (isInk(png.pixel(x, y))) count++;
  return count;
};
const nearAPoint = (px: number, py: number, distance: number): boolean =>
  actual.some((a, i) => Math.hypot(layout.x(a) - px, layout.y(predicted[i]) - py) < distance);

describe("writeScatterPng", () => {
  it("writes a valid PNG of the planned size", () => {
    expect(png.chunks).toEqual(["IHDR", "IDAT", "IEND"]);
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    expect(layout.ticks.labels).toEqual(["0", "50", "100", "150", "200", "250", "300", "350"]);
  });

  it("draws the identity line y = x across the plot, and only there", () => {
    const { min, max } = layout.ticks;
    let checked = 0;
    for (let t = 0.02; t < 1; t += 0.02) {
      const v = min + t * (max - min);
      const [x, y] = [Math.round(layout.x(v)), Math.round(layout.y(v))];
      if (nearAPoint(x, y, 3 * POINT_RADIUS)) continue;
      expect(png.pixel(x, y)).toEqual(COLORS.identity);
      expect(png.pixel(x + 12, y)).not.toEqual(COLORS.identity);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it("draws every point as a blue dot at (actual, predicted)", () => {
    actual.forEach((a, i) => {
      const [r, g, b] = png.pixel(Math.round(layout.x(a)), Math.round(layout.y(predicted[i])));
      expect(b - r, `point ${i}`).toBeGreaterThan(60);
      expect(g).toBeLessThan(200);
      const [r2, , b2] = png.pixel(Math.round(layout.x(a)) + 2 * POINT_RADIUS, Math.round(layout.y(predicted[i])));
      expect(b2 - r2, `beside point ${i}`).toBeLessThan(30);
    });
  });

  it("draws both axes, tick labels at every tick, axis labels and the title", () => {
    const { left, top, size } = layout.plot;
    const bottom = top + size;
    // (the identity line starts at the origin and covers the axes' corner)
    for (let x = left + 5; x <= left + size; x += 7) expect(isInk(png.pixel(x, bottom)), `x axis at ${x}`).toBe(true);
    for (let y = top; y <= bottom - 5; y += 7) expect(isInk(png.pixel(left, y)), `y axis at ${y}`).toBe(true);
    for (const value of layout.ticks.values) {
      expect(
        inkIn(layout.x(value) - 12, bottom + 10, layout.x(value) + 12, bottom + 28),
        `x label ${value}`,
      ).toBeGreaterThan(8);
      expect(inkIn(left - 50, layout.y(value) - 8, left - 8, layout.y(value) + 8), `y label ${value}`).toBeGreaterThan(
        8,
      );
    }
    expect(inkIn(left, png.height - 50, left + size, png.height - 20)).toBeGreaterThan(30); // "Actual Y"
    expect(inkIn(20, top, 45, bottom)).toBeGreaterThan(30); // "Predicted Y", vertical
    expect(inkIn(0, 20, png.width, 50)).toBeGreaterThan(60); // the title
    expect(inkIn(left + size + 10, top, png.width, bottom)).toBe(0); // nothing stray right of the plot
  });

  it("shrinks and cuts a long title to fit", () => {
    const long = scatterLayout({ ...options, title: "x".repeat(400) });
    expect(long.title.scale).toBe(2);
    expect(long.title.text.endsWith("...")).toBe(true);
    expect(long.width).toBeLessThanOrEqual(1600);
  });

  it.each([
    [{ ...options, predicted: predicted.slice(1) }, /8 actual values but 7 predicted/],
    [{ ...options, actual: [], predicted: [] }, /no points/],
    [{ ...options, predicted: [...predicted.slice(1), Number.NaN] }, /predicted\[7\] is NaN/],
  ])("rejects bad data without writing a file (%#)", async (bad, message) => {
    await expect(writeScatterPng(join(dir, "bad.png"), bad)).rejects.toThrow(message);
    expect(await readdir(dir)).toEqual(["scatter.png"]);
  });
});
