import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodePng, crc32 as ourCrc32 } from "../../../mlops/plot/png.js";
import { niceTicks } from "../../../mlops/plot/ticks.js";
import { decodePng } from "./decode-png.js";

describe("encodePng", () => {
  it("round-trips an image through an independent decoder", () => {
    const [w, h] = [7, 5];
    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37 + 11) % 256);
    const png = decodePng(encodePng(w, h, rgb));
    expect([png.width, png.height]).toEqual([w, h]);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        expect(png.pixel(x, y)).toEqual([...rgb.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)]);
  });

  it("computes PNG's CRC-32 like zlib", () => {
    for (const text of ["", "IEND", "The quick brown fox"]) expect(ourCrc32(Buffer.from(text))).toBe(crc32(text));
  });

  it("rejects a pixel buffer of the wrong size", () => {
    expect(() => encodePng(2, 2, new Uint8Array(11))).toThrow(/2×2×3 = 12 bytes, got 11/);
  });
});

describe("niceTicks", () => {
  it.each([
    [25, 346, "0 50 100 150 200 250 300 350"],
    [0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"],
    [-0.07, 0.13, "-0.10 -0.05 0.00 0.05 0.10 0.15"],
    [0.1, 1.6, "0.00 0.25 0.50 0.75 1.00 1.25 1.50 1.75"],
    [37.2, 41.9, "37 38 39 40 41 42"],
    [0, 0, "-1.0 -0.5 0.0 0.5 1.0"],
  ])("covers [%s, %s] with nice labels", (lo, hi, labels) => {
    const ticks = niceTicks(lo, hi);
    expect(ticks.labels.join(" ")).toBe(labels);
    expect(ticks.min).toBeLessThanOrEqual(lo);
    expect(ticks.max).toBeGreaterThanOrEqual(hi);
  });
});
