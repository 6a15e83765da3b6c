import { scoreFolder } from "../batch/index.js";
import { UsageError } from "../errors/index.js";
import { parseFlags } from "../flags/index.js";
import { loadPredictor } from "../server/index.js";

/** Bad rows printed one by one before the rest are only counted. */
const SHOWN_FAILURES = 20;

/**
 * The batch-scoring step (`steps/score.mjs`, the command of the batch endpoint's pipeline component): loads the
 * model folder Azure ML mounted (`--model`, the registered MLflow model), scores every CSV / JSON-lines file of
 * `--input` (the invocation's folder) into `--output-dir` (the invocation's output path) with `mlops score`'s
 * scorer, one predictions file per input file under the same name.
 */
export async function scoreMain(argv: readonly string[]): Promise<void> {
  const f = parseFlags("score", argv, {
    model: { type: "string", placeholder: "DIR", required: true, description: "the model folder (mounted)" },
    input: {
      type: "string",
      placeholder: "PATH",
      required: true,
      description: "a folder of CSV / JSON-lines files, or one file",
    },
    "output-dir": { type: "string", placeholder: "DIR", required: true, description: "where the predictions go" },
    "on-error": {
      type: "string",
      placeholder: "skip|fail",
      description: "a bad row fails the job (default) or is skipped",
    },
  });
  const onError = f["on-error"] ?? "fail";
  if (onError !== "skip" && onError !== "fail")
    throw new UsageError(`--on-error must be skip or fail, got '${onError}'`);
  const predictor = await loadPredictor(f.model);
  let shown = 0;
  let skipped = 0;
  const results = await scoreFolder(predictor, {
    input: f.input,
    outputDir: f["output-dir"],
    onError,
    onFailure: (file, failure) => {
      skipped++;
      if (shown++ < SHOWN_FAILURES) console.error(`score: ${file}: skipped line ${failure.line}: ${failure.message}`);
    },
    onProgress: (message) => console.log(`score: ${message}`),
  });
  if (skipped > SHOWN_FAILURES) console.error(`score: … and ${skipped - SHOWN_FAILURES} more skipped lines`);
  for (const r of results) {
    const ignored = r.ignoredColumns.length ? ` (ignored columns: ${r.ignoredColumns.join(", ")})` : "";
    console.log(`score: ${r.file}: ${r.scored} rows${r.failed ? `, skipped ${r.failed}` : ""}${ignored}`);
  }
  const total = results.reduce((n, r) => n + r.scored, 0);
  console.log(`score: ${results.length} files, ${total} rows → ${f["output-dir"]}`);
  if (total === 0) throw new Error(`no row of ${f.input} could be scored`);
}
