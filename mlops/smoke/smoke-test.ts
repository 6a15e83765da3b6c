import type { Label } from "../contract/index.js";
import { CliError } from "../errors/index.js";
import type { SmokeExample } from "../model-format/index.js";
import { compareAnswer } from "./compare.js";
import { answerOf, type ScoringAnswer } from "./predictions.js";
import { smokeRequest } from "./request.js";

export interface SmokeOptions {
  /** The scoring URI (`…/score`); a bare `http://host:port` or `…/` gets `/score`. */
  readonly url: string;
  readonly key?: string;
  readonly expected: SmokeExample;
  /** The column to read from an answer in records of several columns (the model's ONNX output name). */
  readonly output?: string;
  /** Give up (non-zero) when no good answer came by then. */
  readonly deadlineMs: number;
  /** Called before each retry, e.g. to print why. */
  readonly onRetry?: (attempt: number, reason: string, waitMs: number) => void | Promise<void>;
}

export interface SmokeResult {
  readonly url: string;
  readonly result: readonly (number | Label)[];
  readonly attempts: number;
  readonly maxRelativeError: number;
}

/** Why an attempt failed, and whether waiting may help (connection errors, 5xx, 408, 429). */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * Posts the smoke payload and checks every returned value against the expected result (±1e-9 relative).
 * Connection errors and 5xx are retried with exponential backoff (0.25 s doubling, at most 4 s) until the
 * deadline; any other answer is final. Throws CliError naming the URL and what was wrong.
 */
const MIN_ATTEMPT_MS = 1_000;

export async function smokeTest(options: SmokeOptions): Promise<SmokeResult> {
  const url = scoringUrl(options.url);
  const deadline = performance.now() + options.deadlineMs;
  let wait = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      // At least a second per attempt: the deadline bounds the retries, not the one attempt `--deadline-seconds 0` asks for.
      const answer = await post(url, options, Math.max(MIN_ATTEMPT_MS, deadline - performance.now()));
      const { mismatch, maxRelativeError } = compareAnswer(answer, options.expected);
      if (mismatch) throw new CliError(`${url}: ${mismatch}`);
      return { url, result: answer.values, attempts: attempt, maxRelativeError };
    } catch (error) {
      if (!(error instanceof AttemptError)) throw error;
      const left = deadline - performance.now();
      if (!error.retryable || left <= 0) {
        const tried = attempt > 1 ? ` (after ${attempt} attempts)` : "";
        throw new CliError(`${url}: ${error.message}${tried}`);
      }
      const pause = Math.min(wait, left);
      await options.onRetry?.(attempt, error.message, pause);
      await new Promise((resolve) => setTimeout(resolve, pause));
      wait = Math.min(wait * 2, 4000);
    }
  }
}

/** The scoring URI: Azure's `scoring_uri` as given; a URL without a path gets `/score`. */
export function scoringUrl(given: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new CliError(`--url '${given}' is not a URL: pass the scoring URI, e.g. http://127.0.0.1:5001/score`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CliError(`--url '${given}' must be http:// or https://`);
  if (url.pathname === "/") url.pathname = "/score";
  return url.toString();
}

async function post(url: string, options: SmokeOptions, timeoutMs: number): Promise<ScoringAnswer> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers,
      body: smokeRequest(options.expected.input),
      signal: AbortSignal.timeout(Math.ceil(Math.min(timeoutMs, 30_000))),
    });
  } catch (error) {
    if ((error as Error).name === "TimeoutError")
      throw new AttemptError(`no answer within ${Math.ceil(timeoutMs)} ms`, true);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new AttemptError(`cannot connect (${cause?.code ?? cause?.message ?? (error as Error).message})`, true);
  }
  const text = await res.text().catch(() => "");
  if (!res.ok) {
    const detail = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    throw new AttemptError(
      `HTTP ${res.status}${detail ? `: ${detail}` : ""}`,
      res.status >= 500 || res.status === 408 || res.status === 429,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AttemptError(`the answer is not JSON: ${text.slice(0, 200)}`, false);
  }
  const answer = answerOf(body, options.output);
  if (answer === undefined) {
    throw new AttemptError(`the answer holds no prediction per row (no "result" list): ${text.slice(0, 200)}`, false);
  }
  return answer;
}
