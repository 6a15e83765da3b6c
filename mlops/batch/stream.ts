import {
  type ColumnValues,
  checkPrediction,
  type Frame,
  isClassPrediction,
  labelIndices,
  type Prediction,
  type Predictor,
} from "../contract/index.js";
import { ScoringInputError } from "../errors/index.js";
import type { RowReader, ScoredRow } from "./formats.js";
import { RowError, type RowFailure } from "./rows.js";

/** Rows scored per call: big enough to amortize, small enough to keep memory constant. */
const BATCH_ROWS = 4096;

/**
 * One batch of rows in the shape the model reads fastest: a row-major matrix for the numeric fast path
 * (`predictMatrix`), typed columns otherwise.
 */
class Batch {
  readonly matrix: Float64Array | undefined;
  readonly columns: (Float64Array | string[])[];
  readonly lines: number[] = new Array<number>(BATCH_ROWS);
  rows = 0;

  constructor(private readonly predictor: Predictor) {
    const inputs = predictor.info.signature.inputs;
    this.matrix = predictor.predictMatrix ? new Float64Array(BATCH_ROWS * inputs.length) : undefined;
    this.columns = this.matrix
      ? []
      : inputs.map((c) => (c.type === "string" ? new Array<string>(BATCH_ROWS) : new Float64Array(BATCH_ROWS)));
  }

  add(line: number, cells: readonly (number | string)[]): void {
    const r = this.rows++;
    this.lines[r] = line;
    if (this.matrix) {
      const w = cells.length;
      for (let j = 0; j < w; j++) this.matrix[r * w + j] = cells[j] as number;
    } else {
      for (let j = 0; j < cells.length; j++) (this.columns[j] as unknown[])[r] = cells[j];
    }
  }

  /** The model's prediction for rows [from, to). */
  predict(from: number, to: number): Prediction {
    const { predictor } = this;
    const inputs = predictor.info.signature.inputs;
    const n = to - from;
    let prediction: Prediction;
    if (this.matrix && predictor.predictMatrix) {
      const w = inputs.length;
      prediction = predictor.predictMatrix({ rows: n, cols: w, data: this.matrix.subarray(from * w, to * w) });
    } else {
      const values: ColumnValues[] = this.columns.map((c) => c.slice(from, to));
      const frame: Frame = { rows: n, columns: inputs, values };
      prediction = predictor.predict(frame);
    }
    return checkPrediction(prediction, n, predictor.info.task, "rows");
  }
}

/** The scored rows of a prediction for batch rows [from, from + n). */
function scoredRows(prediction: Prediction, lines: readonly number[], from: number): ScoredRow[] {
  if (!isClassPrediction(prediction)) {
    return Array.from(prediction.values, (value, i) => ({ line: lines[from + i], prediction: value }));
  }
  const k = prediction.classes.length;
  const labels = labelIndices(prediction);
  return Array.from(labels, (c, i) => ({
    line: lines[from + i],
    prediction: prediction.classes[c],
    probabilities: prediction.probabilities.subarray(i * k, (i + 1) * k),
  }));
}

/**
 * Scores a stream of data lines in batches, pulling lines only as output is written (constant memory).
 * `lines` yields [line number, text]; `write` receives output text (awaited: backpressure). A bad row calls
 * `onFailure` and is skipped; `onFailure` throws to stop. Returns how many rows were scored.
 */
export async function scoreLines(
  lines: AsyncIterable<readonly [number, string]>,
  reader: RowReader,
  predictor: Predictor,
  write: (text: string) => Promise<void>,
  onFailure: (failure: RowFailure) => void,
): Promise<number> {
  const batch = new Batch(predictor);
  const cells = new Array<number | string>(predictor.info.signature.inputs.length);
  let scored = 0;
  const flush = async () => {
    if (batch.rows === 0) return;
    let text = "";
    for (const row of predictBatch(batch, onFailure)) {
      text += reader.format(row);
      scored++;
    }
    batch.rows = 0;
    await write(text);
  };
  for await (const [line, text] of lines) {
    try {
      reader.read(text, cells);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      onFailure({ line, message: error.message });
      continue;
    }
    batch.add(line, cells);
    if (batch.rows === BATCH_ROWS) await flush();
  }
  await flush();
  return scored;
}

/** A batch's scored rows; when the model refuses the batch, rows are scored one by one so only the bad ones fail. */
function predictBatch(batch: Batch, onFailure: (failure: RowFailure) => void): ScoredRow[] {
  try {
    return scoredRows(batch.predict(0, batch.rows), batch.lines, 0);
  } catch (error) {
    if (!(error instanceof ScoringInputError)) throw error;
    const out: ScoredRow[] = [];
    for (let i = 0; i < batch.rows; i++) {
      try {
        out.push(...scoredRows(batch.predict(i, i + 1), batch.lines, i));
      } catch (rowError) {
        if (!(rowError instanceof ScoringInputError)) throw rowError;
        onFailure({ line: batch.lines[i], message: rowError.message.replace(/^rows\[0\]: /, "") });
      }
    }
    return out;
  }
}
