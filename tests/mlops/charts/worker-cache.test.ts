import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FONT_FILES, RESVG_WASM } from "../../../mlops/charts/index.js";
import { cachedChartWorker } from "../../../mlops/charts/worker-cache.js";
import { sha256File } from "../../../mlops/fs/index.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const POINTER = join(ROOT, "node_modules", ".cache", "mlops-charts", "current.json");

describe("cachedChartWorker (the chart worker from source, bundled by esbuild)", () => {
  it("ships the fonts and resvg's WebAssembly beside the file, and records the sources it was built from", async () => {
    const file = await cachedChartWorker();

    expect(file.endsWith("chart-worker.mjs")).toBe(true);
    for (const asset of [...FONT_FILES, RESVG_WASM]) expect(existsSync(join(dirname(file), asset)), asset).toBe(true);
    const pointer = JSON.parse(await readFile(POINTER, "utf8"));
    expect(Object.keys(pointer.sources)).toEqual(
      expect.arrayContaining(["mlops/charts/worker.ts", "mlops/charts/render.ts", "mlops/charts/assets.ts"]),
    );
    expect(pointer.sources["mlops/charts/render.ts"]).toBe(await sha256File(join(ROOT, "mlops/charts/render.ts")));
  });

  it("builds again when a source differs from the one it was built from", async () => {
    await cachedChartWorker();
    const pointer = JSON.parse(await readFile(POINTER, "utf8"));
    // As if worker.ts had been edited since: the recorded sum no longer matches the file.
    await writeFile(
      POINTER,
      JSON.stringify({ ...pointer, sources: { ...pointer.sources, "mlops/charts/worker.ts": "0" } }),
    );

    const file = await cachedChartWorker();

    const rebuilt = JSON.parse(await readFile(POINTER, "utf8"));
    expect(rebuilt.sources["mlops/charts/worker.ts"]).toBe(await sha256File(join(ROOT, "mlops/charts/worker.ts")));
    expect(existsSync(file)).toBe(true);
  });
});
