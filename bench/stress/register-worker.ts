// A registering process of the stress runner: started once, it registers on request, so a trial's writers are
// separate processes that start their registrations together (what `mlops register` does after parsing its
// flags: the register step, which writes registration.json). One JSON request per stdin line, one answer per
// stdout line.
import { createInterface } from "node:readline";
import { registerStep } from "../../mlops/steps/index.js";
import { FIXTURES } from "../../tests/mlops/fixtures/index.js";

/** What the runner asks: a registration, or `ping` (answered once the worker has loaded everything). */
export type WorkerRequest = RegisterRequest | { readonly ping: true };

/** A registration. */
export interface RegisterRequest {
  readonly home: string;
  readonly trainDir: string;
  readonly outputDir: string;
  readonly modelName: string;
  readonly buildId: string;
  /** Milliseconds to wait before starting (spreads the writers a little, seeded). */
  readonly delayMs: number;
}

/** What the worker answers. */
export type RegisterAnswer = { ok: true; version: number; created: boolean } | { ok: false; error: string };

for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as WorkerRequest;
  let answer: RegisterAnswer;
  if ("ping" in request) {
    process.stdout.write(`${JSON.stringify({ ok: true, version: 0, created: false })}\n`);
    continue;
  }
  try {
    await new Promise((resolve) => setTimeout(resolve, request.delayMs));
    const r = await registerStep({
      trainDir: request.trainDir,
      outputDir: request.outputDir,
      modelName: request.modelName,
      experimentName: "stress",
      buildId: request.buildId,
      home: request.home,
      model: FIXTURES.multiclass.model, // what trainOutput (registry-trials.ts) trained
    });
    answer = { ok: true, version: r.version ?? -1, created: r.created };
  } catch (error) {
    answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
