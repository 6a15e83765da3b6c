import { execFileSync } from "node:child_process";

/**
 * Runs a Python snippet with Debian's python3 (python3-numpy, installed by .ci/run) and parses the JSON it prints.
 * The `python3` first on PATH may be a build without numpy, hence the absolute path.
 */
export function numpyJson<T>(code: string): T {
  const out = execFileSync("/usr/bin/python3", ["-c", `import json, numpy as np\n${code}`], { encoding: "utf8" });
  return JSON.parse(out) as T;
}
