import { ScoringInputError } from "../../scoring/index.js";
import type { Matrix } from "../../training/index.js";
import type { RowReader } from "./formats.js";
import { RowError, type RowFailure } from "./rows.js";

/** What the batch scorer needs from the model (scoring/index.ts). */
export interface BatchModel {
  readonly columns: readonly string[];
  /** Throws (naming the row) when a prediction overflows. */
  scoreMatrix(x: Matrix, where: string): Float64Array;
}

/** Rows scored per call: big enough to amortize, small enough to keep memory constant. */
const BATCH_ROWS = 4096;

/**
 * Scores a stream of data lines in batches, pulling lines only as output is written (constant memory).
 * `lines` yields [line number, text]; `write` receives output text (awaited: backpressure). A bad row calls
 * `onFailure` and is skipped; `onFailure` throws to stop. Returns how many rows were scored.
 */
export async function scoreLines(
  lines: AsyncIterable<readonly [number, string]>,
  reader: RowReader,
  model: BatchModel,
  write: (text: string) => Promise<void>,
  onFailure: (failure: RowFailure) => void,
): Promise<number> {
  const width = model.columns.length;
  const data = new Float64Array(BATCH_ROWS * width);
  const lineNumbers = new Array<number>(BATCH_ROWS);
  let rows = 0;
  let scored = 0;
  const flush = async () => {
    if (rows === 0) return;
    const predictions = predict(model, data, rows, lineNumbers, onFailure);
    let text = "";
    for (let i = 0; i < rows; i++) {
      if (predictions[i] !== undefined) {
        text += reader.format(lineNumbers[i], predictions[i] as number);
        scored++;
      }
    }
    rows = 0;
    await write(text);
  };
  for await (const [line, text] of lines) {
    try {
      reader.read(text, data, rows * width);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      onFailure({ line, message: error.message });
      continue;
    }
    lineNumbers[rows++] = line;
    if (rows === BATCH_ROWS) await flush();
  }
  await flush();
  return scored;
}

/** Predictions for a batch; when one overflows, rows are scored one by one so only the bad ones fail. */
function predict(
  model: BatchModel,
  data: Float64Array,
  rows: number,
  lineNumbers: readonly number[],
  onFailure: (failure: RowFailure) => void,
): ArrayLike<number | undefined> {
  const width = model.columns.length;
  try {
    return model.scoreMatrix({ rows, cols: width, data: data.subarray(0, rows * width) }, "rows");
  } catch (error) {
    if (!(error instanceof ScoringInputError)) throw error;
    return Array.from({ length: rows }, (_, i) => {
      try {
        return model.scoreMatrix({ rows: 1, cols: width, data: data.subarray(i * width, (i + 1) * width) }, "row")[0];
      } catch (rowError) {
        if (!(rowError instanceof ScoringInputError)) throw rowError;
        onFailure({ line: lineNumbers[i], message: rowError.message.replace(/^row\[0\]: /, "") });
        return undefined;
      }
    });
  }
}
