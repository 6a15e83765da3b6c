// `npm test` runs on a machine with Node alone (a user's clone): no test outside tests/interop may start Python, by
// any path. This setup file makes every child_process entry point refuse a Python executable, so a test that tries
// fails with a message saying where such a test belongs, instead of passing only on machines that happen to have it.
import { createRequire, syncBuiltinESMExports } from "node:module";
import { promisify } from "node:util";

const childProcess = createRequire(import.meta.url)("node:child_process") as Record<string, unknown>;
const PYTHON = /(^|[/\\])python[0-9.]*(\.exe)?$/i;
const refuse = (what: string): never => {
  throw new Error(
    `${what}: tests of 'npm test' must not start Python (a clone has Node alone); ` +
      "commit the numbers Python produces as a fixture with its script, or move the test to tests/interop",
  );
};

type Check = (first: unknown) => void;
const byFile: Check = (file) => {
  if (PYTHON.test(String(file))) refuse(`a child process of ${String(file)}`);
};
const byCommand: Check = (command) => {
  const first = String(command).trim().split(/\s+/)[0] ?? "";
  if (PYTHON.test(first)) refuse(`a shell running ${String(command).slice(0, 60)}`);
};

/** `fn` checked first; its util.promisify form (execFile's and exec's resolve to {stdout, stderr}) checked too. */
function guard(fn: (...args: unknown[]) => unknown, check: Check): (...args: unknown[]) => unknown {
  const guarded = function (this: unknown, first: unknown, ...rest: unknown[]) {
    check(first);
    return fn.call(this, first, ...rest);
  };
  const custom = (fn as unknown as Record<symbol, ((...args: unknown[]) => unknown) | undefined>)[promisify.custom];
  if (custom) Object.defineProperty(guarded, promisify.custom, { value: guard(custom, check) });
  return guarded;
}

for (const name of ["spawn", "spawnSync", "execFile", "execFileSync", "fork"]) {
  childProcess[name] = guard(childProcess[name] as (...args: unknown[]) => unknown, byFile);
}
for (const name of ["exec", "execSync"]) {
  childProcess[name] = guard(childProcess[name] as (...args: unknown[]) => unknown, byCommand);
}
syncBuiltinESMExports();
