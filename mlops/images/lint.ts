// `npm run lint:docker`: the committed Dockerfiles through dockerfile-utils (the Dockerfile language server's
// validator; hadolint is in neither registry this project installs from) and the project's own rules.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { validate } from "dockerfile-utils";
import { dockerfileOf, type ImageKind } from "./context.js";
import { readDockerfile } from "./dockerfile.js";
import { SERVING_PORT } from "./serving.js";

/** `name:<x.y.z…>@sha256:<64 hex>`: a release tag for the reader, a digest for the bytes. */
const PINNED = /^[^\s@]+:\d+\.\d+\.\d+[^\s@]*@sha256:[0-9a-f]{64}$/;

/** Every problem of one image's Dockerfile, as `line: message` or `message`; empty when it passes. */
export function lintDockerfile(kind: ImageKind, content: string): string[] {
  const problems = validate(content).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const facts = readDockerfile(content);
  if (facts.from.length === 0) problems.push("no FROM");
  for (const from of facts.from) {
    if (!PINNED.test(from)) {
      problems.push(
        `FROM ${from} is not pinned: write name:<release tag>@sha256:<digest> and cite the digest's source`,
      );
    }
  }
  for (const [what, form] of [
    ["ENTRYPOINT", facts.entrypoint],
    ["CMD", facts.cmd],
  ] as const) {
    if (form === null) problems.push(`${what} is in shell form: write it as a JSON array so signals reach the process`);
  }
  if (kind === "serve") {
    const user = facts.user;
    if (user === undefined || /^(root|0)(:|$)/.test(user)) {
      problems.push(`the serving image runs as ${user ?? "the base's default user"}: add USER with a non-root user`);
    }
    if (facts.expose.length !== 1 || facts.expose[0] !== SERVING_PORT) {
      problems.push(`EXPOSE ${facts.expose.join(" ") || "(none)"}: the serving image exposes ${SERVING_PORT} alone`);
    }
    const command = [...(facts.entrypoint ?? []), ...(facts.cmd ?? [])];
    const at = command.indexOf("--port");
    if (at < 0 || command[at + 1] !== String(SERVING_PORT)) {
      problems.push(`the command ${JSON.stringify(command)} does not pass --port ${SERVING_PORT} (inferenceConfig's)`);
    }
  }
  return problems;
}

async function main(): Promise<number> {
  let failed = 0;
  for (const kind of ["serve", "step"] as const) {
    const file = dockerfileOf(kind);
    const problems = lintDockerfile(kind, await readFile(file, "utf8"));
    for (const problem of problems) console.error(`${file}: ${problem}`);
    if (problems.length > 0) failed++;
    else console.log(`${file}: ok`);
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then((code) => {
    process.exitCode = code;
  });
}
