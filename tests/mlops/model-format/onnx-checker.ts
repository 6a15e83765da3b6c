import { execFile } from "node:child_process";

/** Debian's python3-onnx lives under /usr/bin/python3 (the python3 first on PATH may lack it). */
const PYTHON = "/usr/bin/python3";
const INSTALL = "install Debian's ONNX checker: apt-get install python3-onnx (.ci/run does)";
const SCRIPT = [
  "import sys, onnx",
  "for path in sys.argv[1:]:",
  "    onnx.checker.check_model(onnx.load(path), full_check=True)",
  "    print('ok', path)",
].join("\n");

/**
 * Runs `onnx.checker.check_model(onnx.load(path), full_check=True)` on each file with Debian's ONNX.
 * Resolves with the checker's output; rejects with its error — or with the install command if ONNX is missing.
 */
export function checkOnnx(...paths: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, ["-c", SCRIPT, ...paths], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        return reject(new Error(`${PYTHON} not found: ${INSTALL}`));
      if (/No module named 'onnx'/.test(stderr)) return reject(new Error(`python module onnx missing: ${INSTALL}`));
      reject(new Error(`ONNX checker failed: ${stderr.trim().split("\n").at(-1)}`));
    });
  });
}
