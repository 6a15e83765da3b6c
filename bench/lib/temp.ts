import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temp folder removed when the process exits, whether the bench finished or failed. */
export function benchTemp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
