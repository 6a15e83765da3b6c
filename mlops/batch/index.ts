export { type BatchFormat, FORMATS, formatOf, type ScoredRow } from "./formats.js";
export type { RowFailure } from "./rows.js";
export { type ScoreFileOptions, type ScoreFileResult, scoreFile } from "./score-file.js";
export { type ScoredFile, type ScoreFolderOptions, scoreFolder } from "./score-folder.js";
export { scoreLines } from "./stream.js";
