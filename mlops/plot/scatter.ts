import { CAP_HEIGHT } from "./font.js";
import { Raster, type Rgb, textHeight, textWidth } from "./raster.js";
import { niceTicks, type Ticks } from "./ticks.js";

/** A predicted-vs-actual scatter plot: the points, and the identity line y = x that perfect predictions lie on. */
export interface ScatterOptions {
  readonly actual: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  readonly title: string;
  /** Defaults to "Actual". */
  readonly xLabel?: string;
  /** Defaults to "Predicted". */
  readonly yLabel?: string;
}

export const COLORS = {
  background: [255, 255, 255],
  grid: [228, 228, 228],
  ink: [33, 33, 33],
  point: [31, 119, 180],
  identity: [214, 39, 40],
} as const satisfies Record<string, Rgb>;
/** Point opacity: overlapping points read as darker clusters. */
export const POINT_ALPHA = 0.6;
export const POINT_RADIUS = 4;
const TEXT = 2; // scale of tick labels, axis labels and legend: 10×18 px characters
const TITLE = 3;
const PLOT_SIZE = 540; // square, so y = x is the diagonal
const MAX_WIDTH = 1600; // longer titles are cut with "..."
const MARGIN = 24;

/** Where everything goes: the square plot area in pixels and the shared data range of both axes. */
export interface ScatterLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly size: number };
  /** The title as drawn (cut to fit) and its text scale. */
  readonly title: { readonly text: string; readonly scale: number };
  readonly ticks: Ticks;
  /** Data value → pixel column (x axis) / pixel row (y axis). */
  readonly x: (value: number) => number;
  readonly y: (value: number) => number;
}

/** Validates the data and plans the chart. Both axes share one range, so the identity line is the diagonal. */
export function scatterLayout(options: ScatterOptions): ScatterLayout {
  const { actual, predicted } = options;
  if (actual.length !== predicted.length)
    throw new RangeError(`scatter plot: ${actual.length} actual values but ${predicted.length} predicted`);
  if (actual.length === 0) throw new RangeError("scatter plot: no points (actual and predicted are empty)");
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const [name, values] of [
    ["actual", actual],
    ["predicted", predicted],
  ] as const)
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]))
        throw new RangeError(`scatter plot: ${name}[${i}] is ${values[i]}, not a finite number`);
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
  const ticks = niceTicks(lo, hi);
  const labelWidth = Math.max(...ticks.labels.map((l) => textWidth(l, TEXT)));
  const chartLeft = MARGIN + textHeight(TEXT) + 16 + labelWidth + 10;
  const chartWidth = chartLeft + PLOT_SIZE + 40;
  // The title gets the big scale when it fits over the chart, else the text scale and, if need be, a wider image.
  const titleScale = textWidth(options.title, TITLE) + 2 * MARGIN <= chartWidth ? TITLE : TEXT;
  const title = fitText(options.title, titleScale, MAX_WIDTH - 2 * MARGIN);
  const wanted = [chartWidth, textWidth(title, titleScale) + 2 * MARGIN, chartLeft + legendWidth(actual.length) + 40];
  const width = Math.min(MAX_WIDTH, Math.max(...wanted));
  const left = chartLeft + Math.round((width - chartWidth) / 2);
  const top = MARGIN + textHeight(titleScale) + 16 + textHeight(TEXT) + 20;
  const scale = PLOT_SIZE / (ticks.max - ticks.min);
  return {
    width,
    height: top + PLOT_SIZE + 10 + textHeight(TEXT) + 16 + textHeight(TEXT) + MARGIN,
    plot: { left, top, size: PLOT_SIZE },
    title: { text: title, scale: titleScale },
    ticks,
    x: (value) => left + (value - ticks.min) * scale,
    y: (value) => top + PLOT_SIZE - (value - ticks.min) * scale,
  };
}

/** Draws the chart: title, legend, grid, axes with tick labels, axis labels, identity line, points. */
export function renderScatter(options: ScatterOptions): Raster {
  const layout = scatterLayout(options);
  const { plot, ticks, x, y } = layout;
  const r = new Raster(layout.width, layout.height, COLORS.background);
  const right = plot.left + plot.size;
  const bottom = plot.top + plot.size;
  const centred = (text: string, scale: number, at: number): number => Math.round(at - textWidth(text, scale) / 2);

  const { text: title, scale: titleScale } = layout.title;
  r.text(centred(title, titleScale, layout.width / 2), MARGIN, title, COLORS.ink, titleScale);
  legend(r, plot.left, MARGIN + textHeight(titleScale) + 16, options.actual.length);

  ticks.values.forEach((value, i) => {
    const label = ticks.labels[i];
    r.line(x(value), plot.top, x(value), bottom, COLORS.grid);
    r.line(plot.left, y(value), right, y(value), COLORS.grid);
    r.line(x(value), bottom, x(value), bottom + 6, COLORS.ink, 2);
    r.line(plot.left - 6, y(value), plot.left, y(value), COLORS.ink, 2);
    r.text(centred(label, TEXT, x(value)), bottom + 10, label, COLORS.ink, TEXT);
    const labelTop = Math.round(y(value) - (CAP_HEIGHT * TEXT) / 2);
    r.text(plot.left - 10 - textWidth(label, TEXT), labelTop, label, COLORS.ink, TEXT);
  });
  r.line(plot.left, plot.top, plot.left, bottom, COLORS.ink, 2);
  r.line(plot.left, bottom, right, bottom, COLORS.ink, 2);

  const xLabel = options.xLabel ?? "Actual";
  const yLabel = options.yLabel ?? "Predicted";
  r.text(
    centred(xLabel, TEXT, plot.left + plot.size / 2),
    layout.height - MARGIN - textHeight(TEXT),
    xLabel,
    COLORS.ink,
    TEXT,
  );
  r.text(MARGIN, centred(yLabel, TEXT, plot.top + plot.size / 2), yLabel, COLORS.ink, TEXT, true);

  r.line(x(ticks.min), y(ticks.min), x(ticks.max), y(ticks.max), COLORS.identity, 2);
  for (let i = 0; i < options.actual.length; i++)
    r.disc(x(options.actual[i]), y(options.predicted[i]), POINT_RADIUS, COLORS.point, POINT_ALPHA);
  return r;
}

const legendRows = (n: number): string => `rows (n = ${n})`;
const LEGEND_LINE = "y = x: perfect prediction";
const legendWidth = (n: number): number =>
  2 * POINT_RADIUS + 8 + textWidth(legendRows(n), TEXT) + 32 + 36 + textWidth(LEGEND_LINE, TEXT);

/** One line above the plot: a point marker for the rows, a line sample for y = x. */
function legend(r: Raster, left: number, top: number, n: number): void {
  const middle = top + (CAP_HEIGHT * TEXT) / 2;
  r.disc(left + POINT_RADIUS, middle, POINT_RADIUS, COLORS.point, POINT_ALPHA);
  r.text(left + 2 * POINT_RADIUS + 8, top, legendRows(n), COLORS.ink, TEXT);
  const lineStart = left + 2 * POINT_RADIUS + 8 + textWidth(legendRows(n), TEXT) + 32;
  r.line(lineStart, middle, lineStart + 28, middle, COLORS.identity, 2);
  r.text(lineStart + 36, top, LEGEND_LINE, COLORS.ink, TEXT);
}

/** `text`, cut with "..." so it is at most `max` pixels wide at `scale`. */
function fitText(text: string, scale: number, max: number): string {
  if (textWidth(text, scale) <= max) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join("")}...`, scale) > max) chars.pop();
  return `${chars.join("")}...`;
}
