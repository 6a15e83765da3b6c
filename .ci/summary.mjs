// Prints vitest's JSON report as the plain closing line "N passed, N failed[, N skipped]".
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".ci-results.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`ci: no test report at ${file}: ${error.message}`);
  process.exit(1);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const line = `${report.numPassedTests} passed, ${report.numFailedTests} failed`;
console.log(skipped > 0 ? `${line}, ${skipped} skipped` : line);
if (report.numTotalTests === 0) {
  console.error("ci: the suite ran no test");
  process.exit(1);
}
process.exit(report.numFailedTests > 0 ? 1 : 0);
