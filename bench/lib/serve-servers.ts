// The servers bench/serve.ts loads: ours (mlops serve), the Flask peer (gunicorn) and the node:http ceiling, each a
// child process on 127.0.0.1 stopped by its pid.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const PEER = join(ROOT, "bench", "peer-flask");
export const CLI = ["--import", "tsx", "mlops/cli/main.ts"];

export interface Server {
  readonly name: string;
  readonly url: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the kernel picks one, the socket closes before the caller listens on it). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

const isUp = (url: string) =>
  fetch(url)
    .then((r) => r.ok)
    .catch(() => false);

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 300 && !(await isUp(url)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await isUp(url))) throw new Error(`${url} did not come up`);
}

/** POSTs `body` to the server's /score and returns the answer's text. */
export async function post(url: string, body: string | Buffer): Promise<string> {
  const res = await fetch(`${url}/score`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  return res.text();
}

/** A child process stopped by its pid (SIGTERM; it stops its own workers). */
async function started(name: string, child: ChildProcess, url: string): Promise<Server> {
  await waitUp(url);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(child.pid as number, "SIGTERM");
    await exited;
  };
  return { name, url, stop };
}

export const workersLabel = (n: number) => `${n} worker${n > 1 ? "s" : ""}`;

/**
 * `mlops serve` with `workers` processes; its request log goes to a file in `temp`, as to a log collector. `root` is
 * the checkout whose code serves (another one for an A/B against older code), `tag` marks its rows.
 */
export async function ours(temp: string, modelDir: string, workers: number, root = ROOT, tag = ""): Promise<Server> {
  const port = await freePort();
  const args = [...CLI, "serve", "--model", modelDir, "--port", `${port}`, "--workers", `${workers}`];
  const log = createWriteStream(join(temp, `serve-${workers}${tag ? "-baseline" : ""}.log`));
  await new Promise((r) => log.once("open", r));
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", log, "inherit"] });
  return started(`ours${tag}, ${workersLabel(workers)}`, child, `http://127.0.0.1:${port}`);
}

const CEILING = `import cluster from "node:cluster"; import { createServer } from "node:http"; import { readFileSync } from "node:fs";
const [port, workers, file] = process.argv.slice(2);
if (cluster.isPrimary && Number(workers) > 1) {
  for (let i = 0; i < Number(workers); i++) cluster.fork();
  process.once("SIGTERM", () => { for (const w of Object.values(cluster.workers)) w.process.kill("SIGTERM"); });
} else {
  const body = readFileSync(file);
  const server = createServer((req, res) => { req.resume(); req.on("end", () => res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length }).end(body)); });
  server.listen(Number(port), "127.0.0.1");
  process.once("SIGTERM", () => { server.close(); server.closeAllConnections(); cluster.worker?.disconnect(); });
}`;

/** A bare node:http server (node:cluster with `workers` processes) reading each request and answering `answer`. */
export async function ceiling(temp: string, answer: string, workers: number): Promise<Server> {
  const port = await freePort();
  const script = join(temp, "ceiling.mjs");
  const file = join(temp, `answer-${port}.json`);
  writeFileSync(script, CEILING);
  writeFileSync(file, answer);
  const child = spawn(process.execPath, [script, `${port}`, `${workers}`, file], { stdio: "inherit" });
  return started(`ceiling, ${workersLabel(workers)}`, child, `http://127.0.0.1:${port}`);
}

/** The Flask + gunicorn peer (2 workers), daemonized; stopped through its master's pid file. */
export async function peer(temp: string): Promise<Server> {
  const port = await freePort();
  const pidFile = join(temp, "peer.pid");
  const flags = ["-w", "2", "-b", `127.0.0.1:${port}`, "--chdir", PEER, "--pid", pidFile, "--daemon"];
  execFileSync("/usr/bin/gunicorn", [...flags, "score_app:app"]);
  const url = `http://127.0.0.1:${port}`;
  await waitUp(url);
  const stop = async () => {
    const pid = Number(readFileSync(pidFile, "utf8"));
    process.kill(pid, "SIGTERM"); // gunicorn's master, by pid; it stops its workers
    for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
  };
  return { name: "Flask peer, 2 workers", url, stop };
}
