import { UsageError } from "../../errors/index.js";
import { parseFlags, toNumber } from "../../flags/index.js";
import { resolveModelRef } from "../../registry/index.js";
import { SAMPLE_SMOKE, smokeOfFile, smokeOfModel, smokeTest } from "../../smoke/index.js";
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
    description: "take payload and expected result from this model's smoke.json",
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
    const expected = f.expected
      ? await smokeOfFile(f.expected)
      : f.model
        ? await smokeOfModel(await resolveModelRef(f.model))
        : SAMPLE_SMOKE;
    const result = await smokeTest({
      url: f.url,
      key: f.key ?? (process.env.MLOPS_SCORING_KEY || undefined),
      expected,
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
