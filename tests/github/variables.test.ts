import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { command, githubFileEntry } from "../../mlops/cli/commands/variables.js";
import { loadVariables, TEMPLATE_FILE, variablesAsText } from "../../mlops/config/index.js";
import { cleanEnv, runCli } from "../mlops/pipeline/cli.js";
import { parseGithubFile } from "./lib/github-files.js";

// `mlops variables --export github-env`: the workflows' way to get the knob file into a job, through the same loader
// `npm start` uses. The command runs as a workflow step runs it, with GITHUB_ENV naming the job's environment file.

const dir = mkdtempSync(join(tmpdir(), "github-variables-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const knob = (text: string, name: string) =>
  new RegExp(`- name: ${name}\\s*\\n\\s*value:\\s*"?([^"\\n]*)"?`).exec(text)?.[1];

/** A copy of the knob file with RUN_EVALUATION flipped and a knob whose value spans two lines. */
function flippedTemplate(): { file: string; was: string } {
  const text = readFileSync(TEMPLATE_FILE, "utf8");
  const was = knob(text, "RUN_EVALUATION") ?? "";
  const to = was === "true" ? "false" : "true";
  const flipped = text.replace(/(- name: RUN_EVALUATION\s*\n\s*value:\s*)"?[^"\n]*"?/, `$1"${to}"`);
  expect(knob(flipped, "RUN_EVALUATION")).toBe(to);
  const file = join(dir, "flipped-variables-template.yml");
  writeFileSync(file, `${flipped}\n  - name: RELEASE_NOTES\n    value: |-\n      first line\n      second line\n`);
  return { file, was };
}

describe("mlops variables --export github-env", () => {
  it("appends every knob of the template, as the loader resolves it, to the file in GITHUB_ENV", async () => {
    const { file, was } = flippedTemplate();
    const envFile = join(dir, "github-env");
    writeFileSync(envFile, "EARLIER_STEP=kept\n");
    const result = await runCli(["variables", "--export", "github-env", "--file", file], {
      env: cleanEnv({ GITHUB_ENV: envFile, ALLOW_RUN_CANCEL: "False" }),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const expected = variablesAsText(loadVariables({ file, env: { ALLOW_RUN_CANCEL: "False" } }));
    const landed = readFileSync(envFile, "utf8");
    const parsed = parseGithubFile(landed);
    expect(Object.fromEntries(parsed)).toEqual({ EARLIER_STEP: "kept", ...expected });
    // The flipped knob, the environment over the template, and the value that needs the delimiter form.
    expect(parsed.get("RUN_EVALUATION")).toBe(String(was !== "true"));
    expect(parsed.get("ALLOW_RUN_CANCEL")).toBe("false");
    expect(parsed.get("RELEASE_NOTES")).toBe("first line\nsecond line");
    expect(landed).toMatch(/^RELEASE_NOTES<<(ghadelimiter_[0-9a-f-]{36})\nfirst line\nsecond line\n\1\n/m);
    // Every single-line knob as NAME=value, in the template's order.
    const single = Object.entries(expected).filter(([, v]) => !v.includes("\n"));
    expect(landed.split("\n").filter((l) => /^[A-Z_]+=/.test(l) && !l.startsWith("EARLIER_STEP"))).toEqual(
      single.map(([k, v]) => `${k}=${v}`),
    );
    expect(result.stdout).toContain(`RUN_EVALUATION=${JSON.stringify(String(was !== "true"))}\n`);
    expect(result.stdout).toMatch(/exported \d+ variables to \$GITHUB_ENV\n$/);
  });

  it("fails clearly outside a GitHub job, before printing anything", async () => {
    const result = await runCli(["variables", "--export", "github-env"], { env: cleanEnv() });
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "mlops variables: GITHUB_ENV is not set: only a GitHub Actions job has the file it names; elsewhere, leave " +
        "out --export to print the variables\n",
    );
    expect(result.code).toBe(1);
  });

  it("refuses an unknown target and a GITHUB_ENV that names no file", async () => {
    await expect(command.run(["--export", "dotenv"])).rejects.toThrow(
      "--export must be one of github-env, got 'dotenv'",
    );
    const saved = process.env.GITHUB_ENV;
    process.env.GITHUB_ENV = join(dir, "missing", "env");
    try {
      await expect(command.run(["--export", "github-env"])).rejects.toThrow(
        /GITHUB_ENV names .+, which does not exist/,
      );
    } finally {
      if (saved === undefined) delete process.env.GITHUB_ENV;
      else process.env.GITHUB_ENV = saved;
    }
  });
});

describe("githubFileEntry", () => {
  it("writes NAME=value, and the delimiter form for a value with a line break", () => {
    expect(githubFileEntry("A", "x=y<<z")).toBe("A=x=y<<z\n");
    expect(githubFileEntry("A", "")).toBe("A=\n");
    expect(githubFileEntry("A", "1\r\n2", "EOF")).toBe("A<<EOF\n1\r\n2\nEOF\n");
    expect(parseGithubFile(githubFileEntry("A", "1\n2\n"))).toEqual(new Map([["A", "1\n2\n"]]));
  });

  it("refuses a name GitHub would misread and a value that holds the delimiter", () => {
    expect(() => githubFileEntry("A=B", "1")).toThrow("'A=B' cannot be a GitHub Actions variable name");
    expect(() => githubFileEntry("", "1")).toThrow("cannot be a GitHub Actions variable name");
    expect(() => githubFileEntry("A", "1\nEOF\n2", "EOF")).toThrow("the value of A contains the delimiter EOF");
  });
});
