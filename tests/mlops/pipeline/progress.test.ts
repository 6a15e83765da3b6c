import { describe, expect, it } from "vitest";
import { formatSeconds, streamProgress } from "../../../mlops/pipeline/progress.js";

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  const s = { isTTY, write: (c: string) => chunks.push(c) > 0 } as unknown as NodeJS.WriteStream;
  return { s, text: () => chunks.join("") };
}

describe("streamProgress", () => {
  it("prints one line per finished step in logs", () => {
    const { s, text } = stream(false);
    const p = streamProgress(s);
    p.stepStarted("train");
    p.stepEnded("train", "completed", 0.25, "mse 1");
    p.stepEnded("register", "skipped", 0, "canceled: not better");
    expect(text()).toBe("  ✓ train      0.250 s mse 1\n  – register   canceled: not better\n");
  });

  it("draws a live line on a terminal and replaces it with the result", () => {
    const { s, text } = stream(true);
    const p = streamProgress(s);
    p.stepStarted("prep-data");
    p.stepEnded("prep-data", "failed", 1.5);
    const shown = text().replaceAll("\r\x1b[K", "<clear>");
    expect(shown).toMatch(/^<clear> {2}… prep-data {2}0\.\d{3} s<clear> {2}✗ prep-data {2}1\.500 s\n$/);
  });

  it("prints a note (a sweep's trial) as its own line, clearing the live line on a terminal first", () => {
    const logs = stream(false);
    streamProgress(logs.s).note?.("trial 1/2 depth=3 → validation_accuracy 0.9 (0.10 s)");
    expect(logs.text()).toBe("    trial 1/2 depth=3 → validation_accuracy 0.9 (0.10 s)\n");
    const tty = stream(true);
    const p = streamProgress(tty.s);
    p.stepStarted("sweep");
    p.note?.("trial 1/2 depth=3 → validation_accuracy 0.9 (0.10 s)");
    p.stepEnded("sweep", "completed", 1);
    const shown = tty.text().replaceAll("\r\x1b[K", "<clear>");
    expect(shown).toMatch(
      /^<clear> {2}… sweep {6}0\.\d{3} s<clear> {4}trial 1\/2 depth=3 → validation_accuracy 0\.9 \(0\.10 s\)\n<clear> {2}✓ sweep/,
    );
  });

  it("formats seconds", () => {
    expect([formatSeconds(0.0123), formatSeconds(12.34)]).toEqual(["0.012 s", "12.3 s"]);
  });
});
