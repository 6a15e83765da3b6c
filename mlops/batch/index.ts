export { type BatchFormat, FORMATS, formatOf } from "./formats.js";
export type { RowFailure } from "./rows.js";
export { type ScoreFileOptions, type ScoreFileResult, scoreFile } from "./score-file.js";
export { type BatchModel, scoreLines } from "./stream.js";
