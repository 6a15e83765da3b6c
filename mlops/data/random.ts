// numpy's legacy `RandomState`, only as far as scikit-learn's train_test_split needs it: MT19937 seeded with
// `init_genrand`, 32-bit draws, and the legacy Fisher–Yates shuffle. Every step mirrors numpy 1.x's C code
// (randomkit / legacy distributions) so permutations are bit-identical, not merely "also random".

const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

/** Mersenne Twister MT19937, seeded like `numpy.random.RandomState(seed)` with an integer seed. */
export class MT19937 {
  readonly #key = new Uint32Array(N);
  #pos = N;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`random seed must be an integer in 0..4294967295 (numpy's range), got ${seed}`);
    }
    // init_genrand: key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >>> 30)) + i, all mod 2^32.
    // Math.imul keeps the product exact in 32 bits (a plain * would lose the low bits to float rounding).
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.#key[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
  }

  /** The next 32-bit output, tempered (numpy's `mt19937_next32`). */
  nextUint32(): number {
    if (this.#pos === N) this.#generate();
    let y = this.#key[this.#pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  #generate(): void {
    const key = this.#key;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (key[i] & UPPER) | (key[i + 1] & LOWER);
      key[i] = key[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = (key[i] & UPPER) | (key[i + 1] & LOWER);
      key[i] = key[i + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (key[N - 1] & UPPER) | (key[0] & LOWER);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#pos = 0;
  }

  /**
   * A uniform integer in [0, max] by masked rejection (numpy's legacy `random_interval`): draw 32 bits, keep the
   * bits below max's highest set bit, retry while the value exceeds max.
   */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new RangeError(`interval above 2^32 - 1 is not supported, got ${max}`);
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }
}

/**
 * `numpy.random.RandomState(seed).permutation(n)`: arange(n) shuffled by the legacy Fisher–Yates
 * (for i from n-1 down to 1: swap i with interval(i)).
 */
export function permutation(n: number, seed: number): Uint32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation length must be a whole number, got ${n}`);
  const rng = new MT19937(seed);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i >= 1; i--) {
    const j = rng.interval(i);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
