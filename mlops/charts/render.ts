// Vega-Lite spec → SVG (vega, headless, no node-canvas) → PNG (resvg as WebAssembly, with the committed font and no
// system fonts): the same pixels on any machine, nothing native to download at install.
import { readFile } from "node:fs/promises";
import { fontPaths, resvgWasmPath } from "./assets.js";
import { CHART_FONT, type ChartSpec } from "./theme.js";

/** The PNG's pixels per spec pixel: charts are read on screens with 2× density and in reports. */
export const CHART_ZOOM = 1;

interface Renderer {
  readonly vega: typeof import("vega");
  readonly vegaLite: typeof import("vega-lite");
  readonly Resvg: typeof import("@resvg/resvg-wasm").Resvg;
  readonly fonts: Uint8Array[];
}

let loading: Promise<Renderer> | undefined;

/**
 * vega, vega-lite, resvg's WebAssembly and the fonts, loaded once per process (resvg's `initWasm` may run only
 * once). A failure is not kept: the next call tries again.
 */
function renderer(): Promise<Renderer> {
  loading ??= (async () => {
    const [vega, vegaLite, resvg, wasm, fonts] = await Promise.all([
      import("vega"),
      import("vega-lite"),
      import("@resvg/resvg-wasm"),
      readFile(resvgWasmPath()),
      Promise.all(fontPaths().map((path) => readFile(path))),
    ]);
    // Text widths by estimate, not by measuring with node-canvas (a native download that fails here); the PNG's
    // text is drawn by resvg with the real font.
    // (vega exports textMetrics from vega-scenegraph at run time; its type declarations leave it out.)
    (vega as unknown as { textMetrics: { canvas(use: boolean): void } }).textMetrics.canvas(false);
    await resvg.initWasm(wasm);
    return { vega, vegaLite, Resvg: resvg.Resvg, fonts };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Starts loading the renderer now (module parsing and WebAssembly compilation overlap the caller's work), so the
 * first chart is faster. Idempotent; a failure surfaces at the first render, not here.
 */
export function prewarmCharts(): void {
  renderer().catch(() => undefined);
}

/** The spec with the committed font for every text, whatever its own config says (no other font is loaded). */
function withFont(spec: ChartSpec): ChartSpec {
  const config = (spec.config ?? {}) as Record<string, unknown>;
  return { ...spec, config: { ...config, font: CHART_FONT } };
}

/** A Vega-Lite spec as SVG text (vega's headless renderer). Throws for a spec vega-lite cannot compile, saying so. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const { vega, vegaLite } = await renderer();
  let view: import("vega").View;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the spec is JSON from a model; vega-lite checks it as it compiles
    view = new vega.View(vega.parse(vegaLite.compile(withFont(spec) as any).spec), { renderer: "none" });
  } catch (error) {
    throw new Error(
      `not a Vega-Lite spec vega-lite ${vegaLite.version} can compile (${(error as Error).message}); see https://vega.github.io/vega-lite/docs/spec.html`,
    );
  }
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A Vega-Lite spec as PNG bytes, zoomed by {@link CHART_ZOOM}, text in the committed font only. */
export async function renderPng(spec: ChartSpec): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec));
}

/**
 * SVG text as PNG bytes (resvg), zoomed by {@link CHART_ZOOM} on white. Text is drawn with `fonts` only (default the
 * committed ones; no system font is ever loaded): with none, text is not drawn at all.
 */
export async function svgToPng(svg: string, fonts?: readonly Uint8Array[]): Promise<Uint8Array> {
  const { Resvg, fonts: committed } = await renderer();
  const image = new Resvg(svg, {
    fitTo: { mode: "zoom", value: CHART_ZOOM },
    background: "white",
    font: {
      fontBuffers: [...(fonts ?? committed)],
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
  });
  try {
    const rendered = image.render();
    try {
      return rendered.asPng();
    } finally {
      rendered.free();
    }
  } finally {
    image.free();
  }
}
