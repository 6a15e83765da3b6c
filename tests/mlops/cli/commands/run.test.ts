import { describe, expect, it } from "vitest";
import { cleanEnv, runCli } from "../../pipeline/cli.js";

describe("mlops run flags (real process)", () => {
  it("--dry-run-dir without --dry-run is a usage error (exit 2) before anything reaches Azure", async () => {
    const result = await runCli(["run", "--target", "azureml", "--dry-run-dir", "calls"], { env: cleanEnv() });
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "mlops run: --dry-run-dir needs --dry-run (got --dry-run-dir 'calls' without it): add --dry-run or drop --dry-run-dir\n",
    );
    expect(result.code).toBe(2);
  });
});
