import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { command as uiCommand } from "../../../mlops/cli/commands/ui.js";
import { createUiApp, renderReport, startUi } from "../../../mlops/ui/index.js";
import { tempRoot } from "../fixtures/index.js";
import { cleanEnv, startCli } from "../pipeline/cli.js";
import { CLASSIFIER, EVIL, EVIL_RUN, makeUiHome, REGRESSOR, type UiHome } from "./fixture-home.js";
import { treeHash } from "./tree-hash.js";

let fixture: UiHome;
let app: ReturnType<typeof createUiApp>;
let before: ReturnType<typeof treeHash>;
beforeAll(async () => {
  fixture = await makeUiHome();
  app = createUiApp(fixture.home);
  before = treeHash(fixture.home);
}, 120_000);
afterAll(() => fixture?.cleanup());

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, text: await res.text(), headers: res.headers };
};
const enc = encodeURIComponent;

describe("mlops ui routes", () => {
  it("lists every run, local and Azure ML, with run.json's numbers as JSON writes them", async () => {
    const { status, text, headers } = await get("/");
    expect(status).toBe(200);
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
    for (const run of fixture.runs.slice(0, 3)) {
      expect(text).toContain(`href="/runs/${run.run_id}"`);
      for (const [k, v] of Object.entries(run.metrics ?? {}))
        expect(text).toContain(`${k}=<b>${JSON.stringify(v)}</b>`);
      expect(text).toContain((run.data.sha256 ?? "").slice(0, 12));
      expect(text).toContain(run.git_commit.slice(0, 10));
    }
    expect(text).toContain(`href="/runs/${fixture.azureRun}"`);
    expect(text).toContain("azureml");
    expect(text).toContain("training-data:3");
  });

  it("shows a run: metrics, evaluation against the production version, plots and outputs", async () => {
    const run = fixture.runs[1];
    const { status, text } = await get(`/runs/${run.run_id}`);
    expect(status).toBe(200);
    for (const [k, v] of Object.entries(run.metrics ?? {}))
      expect(text).toContain(`<tr data-key="${k}"><th>${k}</th><td class="num">${JSON.stringify(v)}</td></tr>`);
    expect(run.verdict?.production_model).toBe(`models:/${REGRESSOR}/1`);
    expect(text).toContain(`<a href="/models/${REGRESSOR}/1">models:/${REGRESSOR}/1</a>`);
    expect(text).toContain(`<span id="production-value">${run.verdict?.production_value}</span>`);
    for (const plot of run.plots) expect(text).toContain(`src="/runs/${run.run_id}/files/${plot}"`);
    expect(text).toContain(`href="/runs/${run.run_id}/files/train/metrics.json"`);
  });

  it("shows an Azure ML run recorded locally alike (no steps, its job link)", async () => {
    const { status, text } = await get(`/runs/${fixture.azureRun}`);
    expect(status).toBe(200);
    expect(text).toContain("https://studio.example.invalid/runs/");
    expect(text).toContain(`<tr data-key="${Object.keys(fixture.runs[0].metrics ?? {})[0]}">`);
  });

  it("serves a run's files read-only and refuses paths that leave the run folder", async () => {
    const run = fixture.runs[0];
    const png = await app.request(`/runs/${run.run_id}/files/${run.plots[0]}`);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await png.arrayBuffer())).toEqual(
      readFileSync(join(fixture.home, "runs", run.run_id, run.plots[0])),
    );
    const escapes = [
      `/runs/${run.run_id}/files/..%2F..%2Fregistry%2F${REGRESSOR}%2F1%2Fversion.json`,
      `/runs/${run.run_id}/files/%2Fetc%2Fpasswd`,
      `/runs/${run.run_id}/files/train%2F..%2F..%2F${fixture.runs[1].run_id}%2Frun.json`,
      `/runs/..%2Fregistry/files/${REGRESSOR}%2F1%2Fversion.json`,
      `/runs/${run.run_id}/files/no-such-file`,
    ];
    for (const path of escapes) expect((await get(path)).status, path).toBe(404);
  });

  it("answers 404 for unknown runs, models and pages, naming what was asked", async () => {
    const run = await get("/runs/no-such-run");
    expect(run.status).toBe(404);
    expect(run.text).toContain("no-such-run");
    const version = await get(`/models/${REGRESSOR}/9`);
    expect(version.status).toBe(404);
    expect(version.text).toContain("known versions: 1, 2");
    expect((await get("/models/..%2F..%2Fruns/1")).status).toBe(404);
    expect((await get("/nothing-here")).status).toBe(404);
  });

  it("lists the models with their versions and tags, and one version's page links its run", async () => {
    const models = await get("/models");
    expect(models.text).toContain(`href="/models/${REGRESSOR}/2"`);
    expect(models.text).toContain(`href="/models/${CLASSIFIER}/1"`);
    const { status, text } = await get(`/models/${CLASSIFIER}/1`);
    expect(status).toBe(200);
    expect(text).toContain(`href="/runs/${fixture.runs[2].run_id}"`);
    expect(text).toContain("model/MLmodel");
  });

  it("compares runs side by side with the metric over runs as inline SVG", async () => {
    const [a, b] = fixture.runs;
    const { status, text } = await get(`/compare?run=${a.run_id}&run=${b.run_id}`);
    expect(status).toBe(200);
    expect(text).toMatch(/<div class="chart" id="metric-chart"><svg[^>]*>/);
    expect(text).toContain(`${a.verdict?.metric} over runs`);
    expect(text).toMatch(/<tr data-key="shrink" class="differs">/);
    expect((await get(`/compare?run=${a.run_id}`)).status).toBe(400);
    const missing = await get(`/compare?run=${a.run_id}&run=nope`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("nope");
  });

  it("shows HTML in run names, parameters and tags as text", async () => {
    const pages = [
      await get("/"),
      await get(`/runs/${enc(EVIL_RUN)}`),
      await get(`/models/${CLASSIFIER}/1`),
      await get(`/compare?run=${enc(EVIL_RUN)}&run=${fixture.runs[0].run_id}`),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).not.toContain("<script>window");
      expect(page.text).not.toContain("<img src=x");
    }
    expect(pages[1].text).toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    const escaped = EVIL.replaceAll("<", "&lt;").replaceAll(">", "&gt;");
    expect(pages[2].text).toContain(`<tr data-key="note"><th>note</th><td class="text">${escaped}</td></tr>`);
    expect((await get("/models")).text).toContain(`note=<b>${escaped}</b>`);
  });

  it("refuses every method but GET and HEAD", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await app.request("/", { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
    }
  });

  it("listens on 127.0.0.1 and names the port and the fix when it is taken", async () => {
    const server = await startUi({ home: fixture.home, port: 0 });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect((await fetch(`${server.url}/`)).status).toBe(200);
      await expect(startUi({ home: fixture.home, port: server.port })).rejects.toThrow(
        `mlops ui cannot listen on 127.0.0.1:${server.port} (EADDRINUSE): pick another with --port P`,
      );
    } finally {
      await server.close();
    }
  });

  it("writes report.html per run: self-contained, plots as data: URIs, no script", async () => {
    const run = fixture.runs[0];
    const file = join(fixture.home, "runs", run.run_id, "report.html");
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, "utf8");
    expect(text).toBe(await renderReport(fixture.home, run.run_id));
    expect(text).not.toMatch(/<script|<link|src="http|href="\//);
    expect(text.match(/src="data:image\/png;base64,/g)?.length).toBe(run.plots.length);
    for (const [k, v] of Object.entries(run.metrics ?? {}))
      expect(text).toContain(`<th>${k}</th><td class="num">${v}</td>`);
    await expect(renderReport(fixture.home, "no-such-run")).rejects.toThrow("no run 'no-such-run'");
  });

  it("mlops ui --port 0 prints the URL it picked, serves, and stops on SIGTERM", async () => {
    const { child, done } = startCli(["ui", "--port", "0"], { env: cleanEnv({ MLOPS_HOME: fixture.home }) });
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr?.on("data", (d) => {
        stderr += d;
        const m = /on (http:\/\/127\.0\.0\.1:[1-9][0-9]*) \(read-only\)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.once("close", () => reject(new Error(`mlops ui exited before listening: ${stderr}`)));
    });
    expect((await fetch(`${url}/models`)).status).toBe(200);
    child.kill("SIGTERM");
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("SIGTERM: stopped");
  });

  it("mlops ui report writes a run's report where --out says; bad flags name the value", async () => {
    const out = tempRoot("mlops-ui-report-");
    vi.stubEnv("MLOPS_HOME", fixture.home);
    vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const file = join(out.root, "report.html");
      expect(await uiCommand.run(["report", "--run", fixture.azureRun, "--out", file])).toBe(0);
      expect(readFileSync(file, "utf8")).toBe(await renderReport(fixture.home, fixture.azureRun));
      await expect(uiCommand.run(["--port", "http"])).rejects.toThrow("--port must be an integer, got 'http'");
      await expect(uiCommand.run(["report", "--run", "nope", "--out", file])).rejects.toThrow("no run 'nope'");
      await expect(uiCommand.run(["--out", file])).rejects.toThrow(
        "'ui' takes no --out: they are for writing a report",
      );
      await expect(uiCommand.run(["report", "--port", "1"])).rejects.toThrow("'ui report' takes no --port");
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
      out.cleanup();
    }
  });

  it("never changed .mlops/ (bytes and modification times of every file)", () => {
    expect(before.files).toBeGreaterThan(30);
    expect(treeHash(fixture.home)).toEqual(before);
  });
});

describe("mlops ui while runs change", () => {
  it("shows a new run and a rewritten run.json at the next GET (nothing stale is kept)", async () => {
    const temp = tempRoot("mlops-ui-live-");
    try {
      const write = (id: string, record: Record<string, unknown>) => {
        mkdirSync(join(temp.root, "runs", id), { recursive: true });
        writeFileSync(join(temp.root, "runs", id, "run.json"), JSON.stringify({ run_id: id, ...record }));
      };
      const live = createUiApp(temp.root);
      const page = async () => (await live.request("/")).text();
      expect(await page()).toContain("No runs in");
      write("run-a", { status: "running", started_utc: "2026-01-01T00:00:00.000Z" });
      expect(await page()).toContain('<td class="status-running">running</td>');
      write("run-b", { status: "completed", started_utc: "2026-01-02T00:00:00.000Z", metrics: { loss: 0.5 } });
      write("run-a", { status: "failed", started_utc: "2026-01-01T00:00:00.000Z", reason: "step x failed" });
      const text = await page();
      expect(text).toContain("2 runs in");
      expect(text).toContain('<td class="status-failed">failed</td>');
      expect(text).not.toContain("status-running");
      expect(text.indexOf("run-b")).toBeLessThan(text.indexOf("run-a")); // newest first
    } finally {
      temp.cleanup();
    }
  });
});
