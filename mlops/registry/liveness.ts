import { stat } from "node:fs/promises";
import { hostname } from "node:os";

/** This host's name as it appears in file names and claims (letters, digits and `_` only). */
export const HOST = hostname().replace(/[^A-Za-z0-9]/g, "_");

/** After this long, what a writer on another host left behind counts as abandoned (its process cannot be asked). */
export const STALE_MS = 24 * 3600 * 1000;

/** Whether process `pid` of this host is running (EPERM: it runs under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether something a writer (`host`, `pid`) left at `path` is abandoned: its process is gone (this host), or it is
 * older than STALE_MS (another host's, whose process cannot be asked).
 */
export async function abandoned(path: string, host: string, pid: number): Promise<boolean> {
  if (host === HOST && !isAlive(pid)) return true;
  return stat(path).then(
    (s) => Date.now() - s.mtimeMs > STALE_MS,
    () => false,
  );
}
