import type { ChildProcess } from "node:child_process";

/**
 * Resolves with the first match of `pattern` in a child process's stderr so far (servers print where they listen
 * there); rejects, with everything it printed, if the child exits first.
 */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) {
        child.stderr?.off("data", onData);
        resolve(m);
      }
    };
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited (${code}) before printing ${pattern}: ${text}`)));
  });
}
