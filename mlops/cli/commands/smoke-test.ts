import { loadVariables } from "../../config/index.js";
import { UsageError } from "../../errors/index.js";
import { parseFlags, toNumber } from "../../flags/index.js";
import { loadModel } from "../../model-format/index.js";
import { projectModel } from "../../project/index.js";
import { resolveModelRef } from "../../registry/index.js";
import { smokeOfFile, smokeTest } from "../../smoke/index.js";
import type { Command } from "../command.js";

const flags = {
  url: {
    type: "string",
    required: true,
    placeholder: "U",
    description: "the scoring URI (…/score; a bare http://host:port gets /score)",
  },
  key: {
    type: "string",
    placeholder: "K",
    description: "send Authorization: Bearer K (default: env MLOPS_SCORING_KEY)",
  },
  expected: { type: "string", placeholder: "FILE", description: "smoke.json with the payload and expected result" },
  model: {
    type: "string",
    placeholder: "REF",
    description: "take payload and expected answer from this model's smoke.json (default: models:/MODEL_NAME/latest)",
  },
  "deadline-seconds": {
    type: "string",
    placeholder: "S",
    description: "retry connection errors and 5xx until then (default 60)",
  },
} as const;

export const command: Command = {
  name: "smoke-test",
  summary: "smoke-test a deployed scoring service",
  flags,
  async run(argv) {
    const f = parseFlags("smoke-test", argv, flags);
    if (f.expected !== undefined && f.model !== undefined)
      throw new UsageError("smoke-test: pass --expected or --model, not both");
    const seconds =
      f["deadline-seconds"] === undefined ? 60 : toNumber("deadline-seconds", f["deadline-seconds"], { min: 0 });
    let expected: Awaited<ReturnType<typeof smokeOfFile>>;
    let output: string | undefined;
    if (f.expected) expected = await smokeOfFile(f.expected);
    else {
      // The registered model's own smoke example (loading checks it, and an ONNX file, against the model).
      const ref = f.model ?? `models:/${loadVariables().MODEL_NAME}/latest`;
      const loaded = await loadModel(await resolveModelRef(ref), projectModel);
      expected = loaded.smoke;
      if (loaded.onnxPath && projectModel.onnx) output = projectModel.onnx.output;
    }
    const result = await smokeTest({
      url: f.url,
      key: f.key ?? (process.env.MLOPS_SCORING_KEY || undefined),
      expected,
      ...(output ? { output } : {}),
      deadlineMs: seconds * 1000,
      onRetry: (attempt, reason, waitMs) =>
        console.error(`mlops smoke-test: attempt ${attempt}: ${reason}; retrying in ${(waitMs / 1000).toFixed(2)} s`),
    });
    console.log(
      `mlops smoke-test: OK ${result.url} answered ${JSON.stringify(result.result)} ` +
        `(max relative error ${result.maxRelativeError.toExponential(1)}, ${result.attempts} attempt${result.attempts > 1 ? "s" : ""})`,
    );
    return 0;
  },
};
