import { defineConfig } from "vitest/config";

// Two projects: the stacks tests need cdktf's jest matchers (a setup file that loads cdktf),
// which every other test should not pay for.
export default defineConfig({
  test: {
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
