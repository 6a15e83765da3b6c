// Sums vitest JSON reports into the plain closing line "N passed, N failed[, N skipped]", after one line per suite.
// Arguments: `label=report.json` per suite. Exits 1 when a report is missing, a suite ran no test, or any failed.
import { readFileSync } from "node:fs";

const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const arg of process.argv.slice(2)) {
  const at = arg.lastIndexOf("=");
  const [label, file] = at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, arg];
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    console.error(`ci: ${label}: no test report at ${file} (${error.message})`);
    ok = false;
    continue;
  }
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`ci: ${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  if ((report.numFailedTestSuites ?? 0) > 0) {
    console.error(`ci: ${label}: ${report.numFailedTestSuites} test file(s) failed to run (see the log above)`);
    ok = false;
  }
  if (report.numTotalTests === 0) {
    console.error(`ci: ${label}: the suite ran no test`);
    ok = false;
  }
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += skipped;
}
const line = `${total.passed} passed, ${total.failed} failed`;
console.log(total.skipped > 0 ? `${line}, ${total.skipped} skipped` : line);
process.exit(ok && total.failed === 0 ? 0 : 1);
