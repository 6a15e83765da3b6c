/** Axis ticks at "nice" numbers (1, 2, 2.5 or 5 × 10^k apart) covering a range. */
export interface Ticks {
  /** First and last tick: the axis range. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly values: readonly number[];
  /** Labels, formatted with just the decimals the step needs. */
  readonly labels: readonly string[];
}

const NICE = [1, 2, 2.5, 5, 10];

/**
 * Ticks covering [lo, hi] with about `target` intervals. A zero-width range is widened around its value so the
 * axis still has a scale.
 */
export function niceTicks(lo: number, hi: number, target = 6): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw new RangeError(`bad axis range [${lo}, ${hi}]`);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return niceTicks(lo - pad, hi + pad, target);
  }
  const raw = (hi - lo) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // The finest nice step that needs at most target + 1 intervals once the ends are rounded out.
  const span = (step: number): [number, number] => [Math.floor(lo / step + 1e-9), Math.ceil(hi / step - 1e-9)];
  const fits = (step: number): boolean => {
    const [a, b] = span(step);
    return b - a <= target + 1;
  };
  const step = NICE.map((n) => Number((n * magnitude).toPrecision(12))).find(fits) ?? 10 * magnitude;
  const [first, last] = span(step);
  // Decimals from the step: 2.5 × 10^k needs one more digit than 10^k.
  const decimals = Math.max(
    0,
    -Math.floor(Math.log10(step) + 1e-9) + (Math.abs(step / magnitude - 2.5) < 1e-9 ? 1 : 0),
  );
  const values: number[] = [];
  for (let i = first; i <= last; i++) values.push(Number((i * step).toFixed(decimals)));
  const labels = values.map((v) => (Object.is(v, -0) ? 0 : v).toFixed(decimals));
  return { min: values[0], max: values[values.length - 1], step, values, labels };
}
