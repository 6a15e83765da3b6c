// Charts as PNG files from a maintained charting library: Vega-Lite specs (pure functions of the data, reusable in
// pages) rendered headless by vega to SVG and by resvg (WebAssembly) to PNG with the committed font.
export { chartAssets, FONT_FILES, RESVG_WASM } from "./assets.js";
export { CHART_WORKER_BUNDLED, type ChartDrawer, type DrawnChart, startChartDrawer } from "./drawer.js";
export { CHART_ZOOM, prewarmCharts, renderPng, renderSvg, svgToPng } from "./render.js";
export { type ClassificationChartData, confusionMatrixSpec, rocSpec } from "./specs/classification.js";
export { predictedVsActualSpec, type RegressionChartData, residualsSpec } from "./specs/regression.js";
export { type MetricOverRunsData, metricOverRunsSpec, type RunPoint } from "./specs/runs.js";
export { type ChartLabels, TASK_CHARTS, taskCharts } from "./specs/task.js";
export { CHART_CONFIG, CHART_FONT, CHART_SIZE, type ChartSpec, topLevel } from "./theme.js";
export { CHART_NAME, type ChartTimings, chartNameProblems, writeCharts, writeDrawnCharts } from "./write.js";
