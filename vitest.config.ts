import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Four projects. `npm test` runs unit and stacks: Node alone, as in a user's clone (tests/setup/no-python.ts refuses
// any Python child process). The stacks tests need cdktf's jest matchers (a setup file that loads cdktf), which no
// other test should pay for. `npm run test:interop` runs interop: our files checked with Debian's Python tools; `npm run test:browser` runs
// browser: the UI in Chromium.
const NO_PYTHON = "tests/setup/no-python.ts";

export default defineConfig({
  test: {
    // vitest's default is cores − 1 (one worker on a 2-core CI machine); many tests wait on subprocesses and
    // sockets, so one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/stacks/**", "tests/interop/**", "tests/browser/**", "**/node_modules/**"],
          setupFiles: [NO_PYTHON],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "stacks",
          include: ["tests/stacks/**/*.test.ts"],
          setupFiles: [NO_PYTHON, "tests/stacks/setup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        // `npm run test:browser`: mlops ui in Debian's Chromium (/usr/bin/chromium) through playwright-core; a
        // missing browser fails the suite with the install command. Node alone, like unit.
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          setupFiles: [NO_PYTHON],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "interop",
          include: ["tests/interop/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
