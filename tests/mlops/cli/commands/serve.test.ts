import { describe, expect, it } from "vitest";
import { command } from "../../../../mlops/cli/commands/serve.js";

// `mlops serve` flags around the container mode (the container itself: tests/mlops/images/serving-container.test.ts).
describe("mlops serve flags", () => {
  it("needs --model unless --container (which reads AZUREML_MODEL_DIR)", async () => {
    await expect(command.run([])).rejects.toThrow("serve: --model REF is required (or --container, which reads");
  });

  it("--container runs one process and takes no key", async () => {
    await expect(command.run(["--container", "--workers", "2"])).rejects.toThrow(
      "serve --container runs one process: drop --workers",
    );
    await expect(command.run(["--container", "--key", "k"])).rejects.toThrow(/takes no key: Azure ML authenticates/);
  });
});
