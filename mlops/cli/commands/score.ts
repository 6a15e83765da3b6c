import { FORMATS, formatOf, scoreFile } from "../../batch/index.js";
import { UsageError } from "../../errors/index.js";
import { parseFlags } from "../../flags/index.js";
import { resolveModelRef } from "../../registry/index.js";
import { loadPredictor } from "../../server/index.js";
import type { Command } from "../command.js";

const flags = {
  model: {
    type: "string",
    required: true,
    placeholder: "REF",
    description: "model folder or models:/<name>/<version|latest>",
  },
  input: {
    type: "string",
    required: true,
    placeholder: "F",
    description: "CSV with a header (columns by name) or JSON lines",
  },
  output: {
    type: "string",
    required: true,
    placeholder: "F",
    description: "where the predictions go (same format; written atomically)",
  },
  "on-error": {
    type: "string",
    placeholder: "skip|fail",
    description: "a bad row stops everything (fail, default) or is reported and skipped",
  },
  format: {
    type: "string",
    placeholder: FORMATS.join("|"),
    description: "input format (default: from the file extension)",
  },
} as const;

/** Bad rows printed one by one before the rest are only counted. */
const SHOWN_FAILURES = 20;

export const command: Command = {
  name: "score",
  summary: "batch-score a CSV or JSON-lines file",
  flags,
  async run(argv) {
    const f = parseFlags("score", argv, flags);
    const onError = f["on-error"] ?? "fail";
    if (onError !== "skip" && onError !== "fail")
      throw new UsageError(`--on-error must be skip or fail, got '${onError}'`);
    const format = formatOf(f.input, f.format);
    // Loads and checks the folder (an ONNX file that answers differently from the model is refused) before reading.
    const predictor = await loadPredictor(await resolveModelRef(f.model));
    let shown = 0;
    const result = await scoreFile(predictor, {
      input: f.input,
      output: f.output,
      format,
      onError,
      onFailure: (failure) => {
        if (shown++ < SHOWN_FAILURES) console.error(`mlops score: skipped line ${failure.line}: ${failure.message}`);
      },
      onProgress: (message) => console.error(`mlops score: ${message}`),
    });
    if (result.ignoredColumns.length > 0)
      console.error(`mlops score: ignored columns the model does not use: ${result.ignoredColumns.join(", ")}`);
    if (result.failed > SHOWN_FAILURES)
      console.error(`mlops score: … and ${result.failed - SHOWN_FAILURES} more skipped lines`);
    console.error(
      `mlops score: scored ${result.scored} rows${result.failed ? `, skipped ${result.failed}` : ""} → ${f.output}`,
    );
    return result.scored === 0 && result.failed > 0 ? 1 : 0;
  },
};
