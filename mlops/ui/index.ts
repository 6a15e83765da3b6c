// `mlops ui`: a read-only web app over `.mlops/` (runs, one run, the registry, a comparison of runs), and each run's
// self-contained report.html — the same run page, plots inlined.
export { createUiApp } from "./app.js";
export { listFiles, readInside } from "./files.js";
export { REPORT_FILE, renderReport, writeReport } from "./report.js";
export { startUi, UI_DEFAULT_HOST, UI_DEFAULT_PORT, type UiServer } from "./server.js";
export { isRunId, listRuns, type RunView, readRun } from "./store.js";
