import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sha256File } from "../../../mlops/fs/index.js";
import { loadDataFile } from "../../../mlops/steps/io.js";
import { loadCsv } from "../../../training/index.js";
import { tempRoot } from "./fixtures.js";

const DATA = join(import.meta.dirname, "../../../data/diabetes.csv");
const { root, cleanup } = tempRoot("mlops-steps-io-");
afterAll(cleanup);

describe("loadDataFile", () => {
  it("gives the table loadCsv reads and the sha256 of the file's bytes", async () => {
    const { table, sha256 } = await loadDataFile(DATA);
    expect(table).toEqual(await loadCsv(DATA));
    expect(sha256).toBe(await sha256File(DATA));
  });

  it("passes the load options on and hashes the bytes as written (BOM, CRLF, a non-ASCII header)", async () => {
    const file = join(root, "odd.csv");
    writeFileSync(file, "\uFEFFâge,Y\r\n1,NA\r\n2,3\r\n");
    const options = { requiredColumns: ["âge", "Y"], allowMissing: true };
    const { table, sha256 } = await loadDataFile(file, options);
    expect(table).toEqual(await loadCsv(file, options));
    expect(sha256).toBe(await sha256File(file));
  });

  it("fails on a missing file as loadCsv does", async () => {
    const file = join(root, "nowhere.csv");
    await expect(loadCsv(file)).rejects.toThrow(`${file}: data file not found; check the path`);
    await expect(loadDataFile(file)).rejects.toThrow(`${file}: data file not found; check the path`);
  });
});
