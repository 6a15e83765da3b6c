import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Two projects: the stacks tests need cdktf's jest matchers (a setup file that loads cdktf),
// which every other test should not pay for.
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
          exclude: ["tests/stacks/**", "**/node_modules/**"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "stacks",
          include: ["tests/stacks/**/*.test.ts"],
          setupFiles: ["tests/stacks/setup.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
