import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson } from "../../../../../mlops/azure/client/raw.js";
import { cancelJob, followJob } from "../../../../../mlops/azure/pipeline/follow.js";
import { followUntilDone } from "../../../../../mlops/azure/pipeline/interrupt.js";
import { submitJob } from "../../../../../mlops/azure/pipeline/submit.js";
import type { Session } from "../../../../../mlops/azure/session.js";
import { workspaceId } from "../../../../../mlops/azure/workspace.js";
import { fakeSession, WORKSPACE } from "../../helpers/session.js";
import { type FakeArm, startFakeArm } from "../fake-arm/server.js";

const submission = (jobName: string) => ({
  workspace: WORKSPACE,
  jobName,
  experimentName: "mlopsts",
  computeName: "train-cluster",
  parameters: { TRAIN_TEST_SIZE: "0.2" },
  build: { buildId: "", buildUri: "" },
  tags: {},
});

/** Broken bodies, persistent server errors, long-running operation deadlines and Ctrl-C. */
export function faultsSuite(): void {
  describe("faults", () => {
    let fake: FakeArm;
    let session: Session;
    const lines: string[] = [];
    beforeAll(async () => {
      fake = await startFakeArm({
        jobStatuses: Array.from({ length: 200 }, (_, i) => (i === 0 ? "Queued" : "Running")),
        faults: [{ operationId: "Jobs_Get", status: 503, times: 7 }],
      });
      session = await fakeSession(fake, lines);
    });
    afterAll(() => fake.close());

    it("a body the spec rejects is refused over HTTP and recorded as a violation", async () => {
      const path = `${workspaceId(WORKSPACE)}/jobs/broken`;
      const before = fake.violations.length;
      await expect(
        sendJson(session.ctx.client, "PUT", path, { properties: { jobType: "Pipeline", comand: "echo" } }),
      ).rejects.toThrow(/must NOT have additional properties 'comand'/);
      await expect(sendJson(session.ctx.client, "PUT", path, { properties: { jobType: "Bogus" } })).rejects.toThrow(
        /jobType must be equal to one of the allowed values/,
      );
      const recorded = fake.violations.splice(before).join("\n");
      expect(recorded).toMatch(
        /Jobs_CreateOrUpdate PUT .*\/jobs\/broken request: \/properties must NOT have additional properties 'comand'/,
      );
      expect(recorded).toMatch(/\/properties\/jobType must be equal to one of the allowed values/);
    });

    it("a server error that persists is retried with backoff, then reported in one line", async () => {
      await submitJob(session.ctx, submission("job-503"), {});
      await expect(followJob(session.ctx, "job-503")).rejects.toThrow(
        /^reading job job-503 failed: HTTP 503 Injected: fault \(retry later/,
      );
      expect(fake.calls.filter((c) => c.operationId === "Jobs_Get")).toHaveLength(7);
    });

    it("a long-running operation past its deadline fails naming the operation", async () => {
      const slow = await startFakeArm({ lroPolls: Number.POSITIVE_INFINITY });
      try {
        const s = await fakeSession(slow, [], { lroDeadlineMs: 150 });
        await submitJob(s.ctx, submission("job-slow"), {});
        await expect(cancelJob(s.ctx, "job-slow")).rejects.toThrow(
          /^canceling job job-slow did not finish within 0\.1 s/,
        );
        expect(slow.calls.filter((c) => c.operationId === "(lro poll)").length).toBeGreaterThan(0);
      } finally {
        await slow.close();
      }
    });

    it("Ctrl-C without a terminal cancels the job in Azure ML", async () => {
      await submitJob(session.ctx, submission("job-ctrl-c"), {});
      const interrupt = new AbortController();
      const ctx = { ...session.ctx, log: (line: string) => (line.endsWith("Running") ? interrupt.abort() : undefined) };
      const input = Object.assign(new PassThrough(), { isTTY: false });
      const outcome = await followUntilDone(ctx, "job-ctrl-c", { input, output: new PassThrough() }, interrupt.signal);
      expect(outcome).toMatchObject({ interrupted: true, followed: { status: "Canceled" } });
      expect(
        fake.calls.some((c) => c.operationId === "Jobs_Cancel" && c.path.endsWith("/jobs/job-ctrl-c/cancel")),
      ).toBe(true);
      expect((await followJob(session.ctx, "job-ctrl-c")).status).toBe("Canceled");
    });

    it("Ctrl-C in a terminal asks first; 'n' leaves the job running", async () => {
      await submitJob(session.ctx, submission("job-keep"), {});
      const interrupt = new AbortController();
      const ctx = { ...session.ctx, log: (line: string) => (line.endsWith("Running") ? interrupt.abort() : undefined) };
      const input = Object.assign(new PassThrough(), { isTTY: true });
      const output = new PassThrough();
      output.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("[y/N]")) input.write("n\n");
      });
      const outcome = await followUntilDone(ctx, "job-keep", { input, output }, interrupt.signal);
      expect(outcome).toMatchObject({ interrupted: true, followed: { status: "Running" } });
      expect(fake.calls.some((c) => c.path.endsWith("/jobs/job-keep/cancel"))).toBe(false);
      expect(fake.violations).toEqual([]);
    });
  });
}
