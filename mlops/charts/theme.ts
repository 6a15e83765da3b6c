// The one look of every chart the machinery draws: the committed font for all text, sizes, a white background.
// Specs carry it (so a chart is the same in a PNG and in a page); the renderer forces the font on any spec.

import type { ChartSpec } from "../contract/index.js";

export type { ChartSpec } from "../contract/index.js";

/** The family of the committed font (mlops/charts/fonts/): the only font the renderer loads. */
export const CHART_FONT = "DejaVu Sans";

/** The plot area's side, in pixels before the renderer's zoom. */
export const CHART_SIZE = 360;

/** The Vega-Lite `config` of every machinery chart. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: "white",
  title: { fontSize: 15, subtitleFontSize: 12, anchor: "middle", offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titlePadding: 8 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  view: { stroke: "#888" },
} as const;

/** Wraps layers or a single view as a top-level spec with the machinery's look. */
export function topLevel(title: string, subtitle: string, body: Record<string, unknown>): ChartSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle },
    width: CHART_SIZE,
    height: CHART_SIZE,
    config: CHART_CONFIG,
    ...body,
  };
}
