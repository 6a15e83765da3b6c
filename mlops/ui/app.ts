// The UI's routes (hono): pages over `.mlops/`, read-only — only GET and HEAD are answered, nothing is written.
import { Hono } from "hono";
import { metricOverRunsSpec, renderSvg } from "../charts/index.js";
import { ASSET_NAME } from "../registry/home.js";
import { listModels, readVersion, versionNumbers } from "../registry/index.js";
import { contentType, listFiles, readInside } from "./files.js";
import { type Html, h, runHref } from "./html.js";
import { page } from "./layout.js";
import { comparePage, defaultMetric } from "./pages/compare.js";
import { modelsPage, versionPage } from "./pages/models.js";
import { runPage } from "./pages/run.js";
import { runsPage } from "./pages/runs.js";
import { listRuns, type RunView, readRun } from "./store.js";

// No script runs on any page and nothing loads from elsewhere: a value that escaped escaping still could not run.
const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

/** A page saying what was not found (or wrong) and what to do. */
function problem(title: string, body: Html): string {
  return page(title, h`${body}<p><a href="/">All runs</a> · <a href="/models">All models</a></p>`).toString();
}

/** The UI over `home` (the `.mlops` folder) as a hono app: `app.fetch` is a standard fetch handler. */
export function createUiApp(home: string): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      return c.text(`${c.req.method} is not allowed: mlops ui is read-only (GET and HEAD only)\n`, 405, {
        Allow: "GET, HEAD",
        ...SECURITY_HEADERS,
      });
    }
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });

  // The runs page of the last listing, kept while the listing holds the very same views (listRuns hands back the
  // same view object for a run.json whose size and mtime are unchanged): 1,000 rows are rendered once, not per GET.
  let last: { readonly runs: readonly RunView[]; readonly html: string } | undefined;
  app.get("/", async (c) => {
    const runs = await listRuns(home);
    const same = last !== undefined && last.runs.length === runs.length && runs.every((r, i) => r === last?.runs[i]);
    if (!same) last = { runs, html: runsPage(runs, home).toString() };
    return c.html((last as { html: string }).html);
  });

  app.get("/runs/:id", async (c) => {
    const id = c.req.param("id");
    const run = await readRun(home, id);
    if (!run)
      return c.html(problem("Run not found", h`<p>No run <code>${id}</code> in <code>${home}</code>.</p>`), 404);
    const base = runHref(run.id);
    const fileHref = (path: string) => `${base}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
    return c.html(
      runPage(run, { nav: true, plotSrc: fileHref, fileHref, outputs: await listFiles(run.dir) }).toString(),
    );
  });

  app.get("/runs/:id/files/:path{.+}", async (c) => {
    const id = c.req.param("id");
    const path = c.req.param("path");
    const run = await readRun(home, id);
    const bytes = run ? await readInside(run.dir, path) : undefined;
    if (!bytes) return c.text(`no file '${path}' in run '${id}' (paths stay inside the run folder)\n`, 404);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { "Content-Type": contentType(path) });
  });

  app.get("/models", async (c) => c.html(modelsPage(await listModels({ home }), home).toString()));

  app.get("/models/:name/:version", async (c) => {
    const name = c.req.param("name");
    const version = Number(c.req.param("version"));
    const known = ASSET_NAME.test(name) ? await versionNumbers(name, home) : [];
    if (!known.includes(version)) {
      const hint = known.length ? `known versions: ${known.join(", ")}` : "no such model is registered";
      return c.html(
        problem(
          "Model version not found",
          h`<p>No version <code>${c.req.param("version")}</code> of <code>${name}</code> (${hint}).</p>`,
        ),
        404,
      );
    }
    const v = await readVersion(name, version, home);
    const runExists = v.tags.run_id !== undefined && (await readRun(home, v.tags.run_id)) !== undefined;
    return c.html(versionPage(v, runExists).toString());
  });

  app.get("/compare", async (c) => {
    const ids = [...new Set(c.req.queries("run") ?? [])];
    if (ids.length < 2) {
      return c.html(
        problem(
          "Pick two or more runs",
          h`<p>Got ${ids.length} run${ids.length === 1 ? "" : "s"}: tick two or more runs on the <a href="/">runs page</a>, then Compare.</p>`,
        ),
        400,
      );
    }
    const found = await Promise.all(ids.map((id) => readRun(home, id)));
    const missing = ids.filter((_, i) => found[i] === undefined);
    if (missing.length > 0) {
      return c.html(
        problem("Run not found", h`<p>No run ${missing.map((m) => h`<code>${m}</code> `)}in <code>${home}</code>.</p>`),
        404,
      );
    }
    const runs = (found as RunView[]).sort(
      (a, b) => (a.startedUtc ?? "").localeCompare(b.startedUtc ?? "") || a.id.localeCompare(b.id),
    );
    const metric = c.req.query("metric") ?? defaultMetric(runs);
    const points = metric
      ? runs.filter((r) => metric in r.metrics).map((r) => ({ run: r.id, value: r.metrics[metric] }))
      : [];
    const svg = metric && points.length > 0 ? await renderSvg(metricOverRunsSpec({ metric, points })) : undefined;
    return c.html(comparePage(runs, metric, svg).toString());
  });

  app.notFound((c) =>
    c.html(problem("Not found", h`<p>No page at <code>${c.req.path}</code>.</p>`), 404, SECURITY_HEADERS),
  );
  app.onError((error, c) =>
    c.html(
      problem("Error", h`<p>mlops ui could not read <code>${home}</code>: ${error.message}</p>`),
      500,
      SECURITY_HEADERS,
    ),
  );
  return app;
}
