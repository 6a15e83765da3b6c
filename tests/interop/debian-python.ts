import { execFile } from "node:child_process";

/**
 * Debian's Python: the interop suite checks our files with the tools Python users have (the ONNX checker, PyYAML as
 * MLflow loads MLmodel, numpy and scikit-learn for reference numbers). The `python3` first on PATH may be another
 * build without these packages, hence the absolute path.
 */
export const PYTHON = "/usr/bin/python3";

/** Debian packages for the Python modules the interop suite imports. */
const PACKAGES: Readonly<Record<string, string>> = {
  onnx: "python3-onnx",
  numpy: "python3-numpy",
  yaml: "python3-yaml",
  sklearn: "python3-sklearn",
};

/** The one command that installs everything the interop suite needs (what .ci/run runs). */
export const INSTALL = `apt-get install -y ${[...new Set(Object.values(PACKAGES))].join(" ")}`;

/**
 * Runs Python code (`-c`) or a script file with Debian's Python and resolves with its stdout. A missing interpreter
 * or module is a failure naming the install command — never a skip; any other error rejects with Python's last
 * line of stderr.
 */
export function python(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [...args], { timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        return reject(new Error(`${PYTHON} not found: install Debian's Python tools: ${INSTALL}`));
      const module = /No module named '([^'.]+)/.exec(stderr)?.[1];
      if (module !== undefined)
        return reject(
          new Error(`${PYTHON} has no module '${module}' (Debian: ${PACKAGES[module] ?? "?"}): ${INSTALL}`),
        );
      reject(new Error(`python failed: ${stderr.trim().split("\n").at(-1) ?? error.message}`));
    });
  });
}
