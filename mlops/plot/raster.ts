import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from "./font.js";

/** An sRGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/** An RGB bitmap with the few drawing operations a chart needs; everything clips at the edges. */
export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** The colour at integer pixel (x, y). */
  get(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 3;
    return [this.pixels[i], this.pixels[i + 1], this.pixels[i + 2]];
  }

  /** Paints pixel (x, y) with `color` at `opacity` over what is there. */
  blend(x: number, y: number, color: Rgb, opacity = 1): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const i = (py * this.width + px) * 3;
    for (let c = 0; c < 3; c++)
      this.pixels[i + c] = Math.round(this.pixels[i + c] * (1 - opacity) + color[c] * opacity);
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    for (let py = Math.max(0, Math.round(y)); py < Math.min(this.height, Math.round(y + h)); py++)
      for (let px = Math.max(0, Math.round(x)); px < Math.min(this.width, Math.round(x + w)); px++)
        this.blend(px, py, color);
  }

  /** A straight line `thickness` pixels wide; `dash` = [on, off] lengths in pixels for a dashed line. */
  line(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    color: Rgb,
    thickness = 1,
    dash?: readonly [number, number],
  ): void {
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(length * 2));
    const painted = new Set<number>(); // each pixel once, so a translucent colour does not darken where samples overlap
    const r = (thickness - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      if (dash && (t * length) % (dash[0] + dash[1]) >= dash[0]) continue;
      const cx = x0 + (x1 - x0) * t;
      const cy = y0 + (y1 - y0) * t;
      for (let py = Math.round(cy - r); py <= Math.round(cy + r); py++)
        for (let px = Math.round(cx - r); px <= Math.round(cx + r); px++) {
          const key = py * this.width + px;
          if (painted.has(key)) continue;
          painted.add(key);
          this.blend(px, py, color);
        }
    }
  }

  /** A filled disc of radius `r` centred on (cx, cy), edge pixels blended by their coverage (4×4 samples). */
  disc(cx: number, cy: number, r: number, color: Rgb, opacity = 1): void {
    for (let py = Math.floor(cy - r); py <= Math.ceil(cy + r); py++)
      for (let px = Math.floor(cx - r); px <= Math.ceil(cx + r); px++) {
        let inside = 0;
        for (let sy = 0; sy < 4; sy++)
          for (let sx = 0; sx < 4; sx++)
            if (Math.hypot(px - 0.375 + sx / 4 - cx, py - 0.375 + sy / 4 - cy) <= r) inside++;
        if (inside > 0) this.blend(px, py, color, (opacity * inside) / 16);
      }
  }

  /**
   * Draws `text` with its box's top-left corner at (x, y), each font pixel `scale` pixels square. `vertical`
   * turns it 90° counter-clockwise (reading bottom to top), its box then `textHeight` wide and `textWidth` tall.
   */
  text(x: number, y: number, text: string, color: Rgb, scale = 1, vertical = false): void {
    const width = textWidth(text, scale);
    [...text].forEach((char, index) => {
      glyphRows(char).forEach((bits, row) => {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (((bits >> (GLYPH_WIDTH - 1 - col)) & 1) === 0) continue;
          const gx = (index * (GLYPH_WIDTH + 1) + col) * scale;
          const gy = row * scale;
          if (vertical) this.fillRect(x + gy, y + width - gx - scale, scale, scale, color);
          else this.fillRect(x + gx, y + gy, scale, scale, color);
        }
      });
    });
  }
}

/** Width in pixels of `text` drawn at `scale` (no trailing gap after the last character). */
export function textWidth(text: string, scale = 1): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * (GLYPH_WIDTH + 1) - 1) * scale;
}

/** Height in pixels of a line of text at `scale`, descenders included. */
export function textHeight(scale = 1): number {
  return GLYPH_HEIGHT * scale;
}
