import { afterAll, beforeAll } from "vitest";
import { batchSuite } from "./suites/batch.js";
import { deploySuite } from "./suites/deploy.js";
import { dryRunSuite } from "./suites/dry-run.js";
import { faultsSuite } from "./suites/faults.js";
import { inJobSuite } from "./suites/in-job.js";
import { registryRaceSuite } from "./suites/registry-race.js";
import { runSuite } from "./suites/run.js";
import { type Shared, startShared } from "./suites/shared.js";
import { specSuite } from "./suites/spec.js";
import { trackingSuite } from "./suites/tracking.js";

// One file (one worker) for every suite that talks to the fake ARM (the spec validator compiles once) or shares the
// bundle (the MLflow tracking suite runs the bundled steps).
let shared: Awaited<ReturnType<typeof startShared>>;
beforeAll(async () => {
  shared = await startShared();
}, 30_000);
afterAll(async () => {
  await shared?.stop();
});
const get = (): Shared => shared;

specSuite();
runSuite(get);
inJobSuite(get);
registryRaceSuite(get);
deploySuite(get);
batchSuite(get);
faultsSuite();
dryRunSuite(get);
trackingSuite(get);
