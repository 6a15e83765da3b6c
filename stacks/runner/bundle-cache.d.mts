/** Options of {@link cachedBundle}. */
export interface CachedBundleOptions {
  /** Absolute project root; `entry` and the recorded inputs are relative to it. */
  readonly root: string;
  readonly entry: string;
  /** Where bundles and the manifest live. */
  readonly cacheDir: string;
  /** Files (relative to root) that invalidate the bundle besides its own inputs, e.g. the runner itself. */
  readonly extraInputs?: readonly string[];
}

/** The bundle of `entry`: reused while its input files are unchanged, rebuilt otherwise. */
export function cachedBundle(options: CachedBundleOptions): Promise<{ file: string; built: boolean }>;
