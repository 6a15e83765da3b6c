/** Where the runner reports step progress. */
export interface Progress {
  stepStarted(name: string): void;
  stepEnded(name: string, outcome: "completed" | "failed" | "skipped", seconds: number, note?: string): void;
  /** A line within the running step (a sweep's finished trial). */
  note?(line: string): void;
}

const MARK = { completed: "✓", failed: "✗", skipped: "–" } as const;

/** Seconds with millisecond resolution, for humans. */
export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(seconds < 10 ? 3 : 1)} s`;
}

/**
 * Progress on a stream: on a terminal, a live line per step whose elapsed time ticks until the step ends and is
 * then replaced by its result; in logs (not a TTY), one line per finished step, so CI logs stay clean.
 */
export function streamProgress(stream: NodeJS.WriteStream = process.stdout): Progress {
  const live = stream.isTTY === true;
  let timer: NodeJS.Timeout | undefined;
  const pad = (name: string) => name.padEnd(10);
  return {
    stepStarted(name) {
      if (!live) return;
      const started = performance.now();
      const draw = () =>
        stream.write(`\r\x1b[K  … ${pad(name)} ${formatSeconds((performance.now() - started) / 1000)}`);
      draw();
      timer = setInterval(draw, 100);
      timer.unref();
    },
    stepEnded(name, outcome, seconds, note) {
      clearInterval(timer);
      const time = outcome === "skipped" ? "" : formatSeconds(seconds);
      const text = [`  ${MARK[outcome]} ${pad(name)}`, time, note].filter(Boolean).join(" ");
      stream.write(`${live ? "\r\x1b[K" : ""}${text}\n`);
    },
    note(line) {
      // On a terminal the live line is cleared first; its timer draws it again below within 100 ms.
      stream.write(`${live ? "\r\x1b[K" : ""}    ${line}\n`);
    },
  };
}
