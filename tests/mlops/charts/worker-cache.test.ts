import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FONT_FILES, RESVG_WASM } from "../../../mlops/charts/index.js";
import { cachedChartWorker, PRUNE_AFTER_MS, pruneBuilds } from "../../../mlops/charts/worker-cache.js";
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

  it("removes superseded builds and abandoned temp folders once they are old, never the current one or young ones", async () => {
    const cache = await mkdtemp(join(tmpdir(), "chart-cache-"));
    try {
      const now = Date.now();
      const old = (now - PRUNE_AFTER_MS - 1000) / 1000;
      for (const name of ["current0000000000", "old0000000000000", "young00000000000", ".build.tmp-1"]) {
        await mkdir(join(cache, name));
        await writeFile(join(cache, name, "chart-worker.mjs"), "");
      }
      await writeFile(join(cache, "current.json"), "{}");
      for (const name of ["current0000000000", "old0000000000000", ".build.tmp-1"]) {
        await utimes(join(cache, name), old, old);
      }

      const removed = await pruneBuilds(cache, "current0000000000", now);

      expect(removed).toEqual([".build.tmp-1", "old0000000000000"]);
      expect((await readdir(cache)).sort()).toEqual(["current.json", "current0000000000", "young00000000000"]);
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});
