import { EventEmitter } from "node:events";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRecord, RequestLog, type RequestLogRecord } from "../../../mlops/server/index.js";

const record = (i: number, path = "/score"): RequestLogRecord => ({
  time: "2026-01-01T00:00:00.000Z",
  method: "POST",
  path,
  status: 200,
  durationMs: i / 1000,
  requestId: `req-${i}`,
  traceparent: "",
  predictions: i,
});

// Any UTF-16 code unit (quotes, backslashes, control characters, lone surrogates); cheaper than unit "binary".
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

describe("request log", () => {
  it("formats every record as one line of valid JSON, whatever the caller put in path, traceparent and error", () => {
    fc.assert(
      fc.property(anyText, anyText, fc.option(anyText, { nil: undefined }), (path, traceparent, error) => {
        const r = { ...record(1, path), traceparent, ...(error === undefined ? {} : { error }) };
        const line = formatRecord(r);
        expect(line).not.toContain("\n");
        expect(JSON.parse(line)).toEqual(r);
      }),
      { numRuns: 200 },
    );
  });

  it("writes in batches no larger than batchBytes, loses nothing, and waits for drain when the sink is backed up", () => {
    const writes: string[] = [];
    let accept = true;
    const sink = Object.assign(new EventEmitter(), {
      write(text: string) {
        writes.push(text);
        return accept;
      },
    });
    const log = new RequestLog(sink, 1_000_000, 1000);
    for (let i = 0; i < 100; i++) log.write(record(i));
    log.flush();
    expect(writes.length).toBeGreaterThan(5);
    for (const w of writes) expect(w.length).toBeLessThanOrEqual(1000);
    const lines = writes
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).requestId);
    expect(lines).toEqual(Array.from({ length: 100 }, (_, i) => `req-${i}`));

    writes.length = 0;
    accept = false;
    log.write(record(100));
    log.flush(); // the sink says it is full
    log.write(record(101));
    log.flush(); // held back until drain
    expect(writes).toHaveLength(1);
    accept = true;
    sink.emit("drain");
    expect(writes.join("")).toContain('"requestId":"req-101"');
  });
});
