import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { RegisterAnswer, RegisterRequest, WorkerRequest } from "./register-worker.js";

const ROOT = join(import.meta.dirname, "..", "..");

/** One registering process (register-worker.ts), ready for requests. */
export class RegisterWorker {
  readonly #child: ChildProcess;
  readonly #answers: ((answer: RegisterAnswer) => void)[] = [];
  readonly exited: Promise<NodeJS.Signals | number | null>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      this.#answers.shift()?.(JSON.parse(line) as RegisterAnswer);
    });
  }

  /** Starts a worker; resolves once it has loaded the register step (its first answer is to a no-op). */
  static async start(): Promise<RegisterWorker> {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/stress/register-worker.ts")], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const worker = new RegisterWorker(child);
    await worker.#send({ ping: true });
    return worker;
  }

  get pid(): number {
    return this.#child.pid as number;
  }

  /** Registers; resolves with the answer, or with `killed` when the process dies first. */
  register(request: RegisterRequest): Promise<RegisterAnswer | "killed"> {
    return this.#send(request);
  }

  #send(request: WorkerRequest): Promise<RegisterAnswer | "killed"> {
    const answer = new Promise<RegisterAnswer>((resolve) => this.#answers.push(resolve));
    this.#child.stdin?.write(`${JSON.stringify(request)}\n`);
    return Promise.race([answer, this.exited.then(() => "killed" as const)]);
  }

  kill(): void {
    this.#child.kill("SIGKILL");
  }

  /** Ends the process (its stdin closes: it exits when idle). */
  async stop(): Promise<void> {
    this.#child.stdin?.end();
    await this.exited;
  }
}
