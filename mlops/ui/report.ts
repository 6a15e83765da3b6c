// report.html: the run page as one self-contained file in the run folder — plots inlined as data: URIs, inline CSS,
// no script and no network — so a pipeline can publish it as an artifact and anyone can open it offline.
import { join } from "node:path";
import { writeFileAtomic } from "../fs/index.js";
import { contentType, listFiles, readInside } from "./files.js";
import { runPage } from "./pages/run.js";
import { readRun } from "./store.js";

/** The report's file name in the run folder. */
export const REPORT_FILE = "report.html";

/** The report of run `<home>/runs/<id>` as HTML text; throws naming the run when it has no readable run.json. */
export async function renderReport(home: string, id: string): Promise<string> {
  const run = await readRun(home, id);
  if (run === undefined) {
    throw new Error(
      `no run '${id}' in ${join(home, "runs")} (no readable run.json there): pass the id of a run folder (mlops ui lists them)`,
    );
  }
  const plots = new Map<string, string>();
  for (const path of run.plots) {
    const bytes = await readInside(run.dir, path);
    if (bytes) plots.set(path, `data:${contentType(path)};base64,${Buffer.from(bytes).toString("base64")}`);
  }
  const outputs = (await listFiles(run.dir)).filter((f) => f !== REPORT_FILE);
  return runPage(run, {
    nav: false,
    plotSrc: (path) => plots.get(path) ?? path,
    // Relative links: they work where report.html lies, next to the outputs (opening one needs the run folder).
    fileHref: (path) => path.split("/").map(encodeURIComponent).join("/"),
    outputs,
  }).toString();
}

/** Writes `<home>/runs/<id>/report.html` (temp + rename), or to `out`; resolves to the file written. */
export async function writeReport(home: string, id: string, out?: string): Promise<string> {
  const text = await renderReport(home, id);
  const file = out ?? join(home, "runs", id, REPORT_FILE);
  await writeFileAtomic(file, text);
  return file;
}
