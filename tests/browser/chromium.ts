// Debian's Chromium driven by playwright-core (no browser download: the machine's /usr/bin/chromium), headless, no
// sandbox (CI runs as root), nothing in the background that would reach the network, a fresh profile each time.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Where the browser tests expect Chromium (Debian's package `chromium`). */
export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

/** A browser with a fresh --user-data-dir; `close` ends it and removes the profile. Fails, saying how, without one. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the browser tests need Chromium at ${CHROMIUM}, which is missing: install Debian's package (as root: apt-get update && apt-get install -y chromium), then run npm run test:browser again`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "mlops-chromium-profile-"));
  // launchPersistentContext passes the profile as --user-data-dir (playwright refuses it among `args`).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
