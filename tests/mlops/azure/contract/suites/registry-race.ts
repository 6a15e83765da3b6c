// Concurrent registrations of one build in the workspace registry (a re-queued DevOps run, two jobs of one build),
// against the fake ARM. The fake behaves as the REST spec (mfe.json 2025-12-01) documents, not as our client
// would like:
// - ModelVersions_CreateOrUpdate is "Create or update version" (200 updated, 201 created), with no conditional
//   request: two writers that PUT the same version number both succeed, and the last one's body is the version.
// - Asset version lists take `listViewType` (ActiveOnly, ArchivedOnly, All; default ActiveOnly): an archived
//   version is left out of a plain list; `isArchived` is mutable on update (x-ms-mutability create/read/update).
// - A container's read-only `latestVersion` ("The latest version inside this container") and `nextVersion` ("The
//   next auto incremental version") follow the versions created.
// Requests of concurrent writers interleave in the fake as they would at the service.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerInWorkspace } from "../../../../../mlops/azure/registry/in-job.js";
import { registerModelVersion } from "../../../../../mlops/azure/registry/register-version.js";
import type { Session } from "../../../../../mlops/azure/session.js";
import { leastSquares, trainFixture } from "../../../fixtures/index.js";
import { fakeSession, WORKSPACE } from "../../helpers/session.js";
import { type FakeArm, type FakeCall, startFakeArm } from "../fake-arm/server.js";
import type { Shared } from "./shared.js";

const NAME = "race-model";
const uri = (job: string) => `azureml://datastores/workspaceblobstore/paths/mlops/${job}/trained_model/model`;

/** Every version of the model the fake holds (archived ones too), as [version, BuildId, archived]. */
function stored(fake: FakeArm): [number, string, boolean][] {
  const prefix =
    `/subscriptions/${WORKSPACE.subscriptionId}/resourcegroups/${WORKSPACE.resourceGroup}/providers/microsoft.machinelearningservices/workspaces/${WORKSPACE.workspaceName}/models/${NAME}/versions/`.toLowerCase();
  return [...fake.resources.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, r]): [number, string, boolean] => [
      Number(key.slice(prefix.length)),
      r.properties.tags?.BuildId ?? "",
      r.properties.isArchived === true,
    ])
    .sort((a, b) => a[0] - b[0]);
}

/** One registration's check: exactly one active version tagged `build`, the one every writer reported. */
function expectOneVersion(fake: FakeArm, build: string, reported: readonly string[]): number {
  const versions = new Set(reported);
  expect([...versions], `${build}: writers reported`).toHaveLength(1);
  const active = stored(fake).filter(([, b, archived]) => b === build && !archived);
  expect(
    active.map(([v]) => String(v)),
    `${build}: active versions`,
  ).toEqual([...versions]);
  return Number(reported[0]);
}

export function registryRaceSuite(shared: () => Shared): void {
  describe("the workspace registry under concurrent registrations of one build", () => {
    let fake: FakeArm;
    let session: Session;
    beforeAll(async () => {
      fake = await startFakeArm();
      session = await fakeSession(fake);
      for (let i = 1; i <= 60; i++) {
        await registerModelVersion(session.ctx, {
          name: NAME,
          modelUri: uri(`old-${i}`),
          tags: { BuildId: `old-${i}` },
        });
      }
    });
    afterAll(() => fake.close());

    it("8 writers of one build, 3 times over 60 versions: one active version, all agree, numbers never reused", async () => {
      const reportedFor = new Map<string, number>();
      for (const build of ["x1", "x2", "x3"]) {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            registerModelVersion(session.ctx, { name: NAME, modelUri: uri(`${build}-${i}`), tags: { BuildId: build } }),
          ),
        );
        const reported = results.map((r) => r.model.version);
        reportedFor.set(build, expectOneVersion(fake, build, reported));
        // The writers did race: more than one of them PUT a version of the build.
        const isPut = (c: FakeCall) => c.operationId === "ModelVersions_CreateOrUpdate";
        expect(fake.calls.filter((c) => isPut(c) && c.body.properties.tags?.BuildId === build).length).toBeGreaterThan(
          1,
        );
        const next = await registerModelVersion(session.ctx, {
          name: NAME,
          modelUri: uri(`after-${build}`),
          tags: { BuildId: `after-${build}` },
        });
        // A number any writer of the build reported, or any number a version ever had, is never handed out again.
        expect(stored(fake).filter(([v]) => v === Number(next.model.version))).toEqual([
          [Number(next.model.version), `after-${build}`, false],
        ]);
      }
      const all = stored(fake);
      for (const [build, version] of reportedFor) expect(all.find(([v]) => v === version)?.[1], build).toBe(build);
      // Spare numbers a losing writer took stay archived and untagged: they hold no build and are never reused.
      expect(all.filter(([, b, archived]) => archived && b !== "")).toEqual([]);
      expect(fake.violations).toEqual([]);
    });

    it("two register steps of one build at once (a re-queued run) write the same version to registration.json", async () => {
      const dir = join(shared().dir, "registry-race");
      const trainDir = join(dir, "train");
      await trainFixture("regression", trainDir);
      const step = (job: string) =>
        registerInWorkspace(session.ctx, {
          trainDir,
          outputDir: join(dir, job),
          modelName: NAME,
          experimentName: "race",
          buildId: "requeued",
          model: leastSquares,
          modelUri: uri(job),
        });
      const [first, second] = await Promise.all([step("job-a"), step("job-b")]);
      const written = ["job-a", "job-b"].map((job) =>
        JSON.parse(readFileSync(join(dir, job, "registration.json"), "utf8")),
      );
      expect(written.map((r) => r.version)).toEqual([first.version, second.version]);
      expectOneVersion(fake, "requeued", [String(first.version), String(second.version)]);
      expect(fake.violations).toEqual([]);
    });
  });
}
