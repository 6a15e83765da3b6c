// Charts as PNG files without a native canvas: a small raster, a bitmap font and a PNG encoder (node:zlib).
import { writeFileAtomic } from "../fs/index.js";
import { encodePng } from "./png.js";
import { renderScatter, type ScatterOptions } from "./scatter.js";

export { encodePng } from "./png.js";
export {
  COLORS,
  POINT_ALPHA,
  POINT_RADIUS,
  type ScatterLayout,
  type ScatterOptions,
  scatterLayout,
} from "./scatter.js";

/**
 * Writes a predicted-vs-actual scatter plot as a PNG (atomically): title, legend, both axes over one range with
 * tick labels and axis labels, the identity line y = x, one point per row. Throws a RangeError naming the
 * problem for empty, mismatched or non-finite data.
 */
export async function writeScatterPng(path: string, options: ScatterOptions): Promise<void> {
  const raster = renderScatter(options);
  await writeFileAtomic(path, encodePng(raster.width, raster.height, raster.pixels));
}
