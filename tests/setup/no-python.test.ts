import { exec, execFile, execFileSync, spawn, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// tests/setup/no-python.ts runs before every file of `npm test`: Python is refused by every entry point and path.
describe("no Python in npm test", () => {
  it.each([
    ["execFileSync /usr/bin/python3", () => execFileSync("/usr/bin/python3", ["-c", "print(1)"])],
    ["spawnSync python3", () => spawnSync("python3", ["-c", "1"])],
    ["execFile python", () => execFile("python", [])],
    ["spawn python3.11", () => spawn("/usr/bin/python3.11", [])],
    ["exec 'python3 -c 1'", () => exec("python3 -c 1")],
  ])("refuses %s, saying where such a test belongs", (_, start) => {
    expect(start).toThrow(/must not start Python.*tests\/interop/);
  });

  it("refuses the promisified forms too", async () => {
    await expect(async () => promisify(execFile)("/usr/bin/python3", ["-V"])).rejects.toThrow(/must not start Python/);
  });

  it("lets other programs run, promisified forms keeping {stdout, stderr}", async () => {
    expect(execFileSync(process.execPath, ["-e", "console.log(2)"], { encoding: "utf8" }).trim()).toBe("2");
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["-e", "console.log(3); console.error(4)"]);
    expect([stdout.trim(), stderr.trim()]).toEqual(["3", "4"]);
  });
});
