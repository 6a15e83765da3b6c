// The registry: every model with its versions and tags, and one version's page (tags, files, the run that made it).
import type { ModelVersion } from "../../registry/index.js";
import { formatTime, type Html, h, runHref } from "../html.js";
import { facts, page } from "../layout.js";
import { valueTable } from "./run.js";

const versionHref = (v: ModelVersion) => `/models/${encodeURIComponent(v.name)}/${v.version}`;

function tags(v: ModelVersion): Html {
  return h`${Object.entries(v.tags).map(([k, t]) => h`<span class="tag" data-key="${k}">${k}=<b>${t}</b></span> `)}`;
}

/** Every registered version, grouped by model. */
export function modelsPage(versions: readonly ModelVersion[], home: string): Html {
  if (versions.length === 0) {
    return page(
      "Models",
      h`<p>No registered models in <code>${home}</code> yet: <code>npm start</code> registers one.</p>`,
    );
  }
  const names = [...new Set(versions.map((v) => v.name))];
  return page(
    "Models",
    h`${names.map((name) => {
      const of = versions.filter((v) => v.name === name).sort((a, b) => b.version - a.version);
      return h`<h2>${name}</h2>
<table class="versions" data-model="${name}"><thead><tr><th>version</th><th>created (UTC)</th><th>tags</th></tr></thead>
<tbody>${of.map(
        (v) =>
          h`<tr><td><a class="version-link" href="${versionHref(v)}">${v.version}</a></td><td>${formatTime(v.createdUtc)}</td><td>${tags(v)}</td></tr>`,
      )}</tbody></table>`;
    })}`,
  );
}

/** One version: its facts, tags, files and the run that registered it (when that run is in this `.mlops/`). */
export function versionPage(v: ModelVersion, runExists: boolean): Html {
  const runId = v.tags.run_id;
  return page(
    `Model ${v.name} version ${v.version}`,
    h`${facts([
      ["model", h`<a href="/models">${v.name}</a>`],
      ["version", String(v.version)],
      ["URI", h`<code>models:/${v.name}/${v.version}</code>`],
      ["created (UTC)", formatTime(v.createdUtc)],
      ["description", v.description],
      ["run", runId === undefined ? undefined : runExists ? h`<a href="${runHref(runId)}">${runId}</a>` : runId],
      ["folder", h`<code>${v.dir}</code>`],
    ])}
<h2>Tags</h2>
${valueTable("tags", Object.entries(v.tags))}
<h2>Files</h2>
<table id="files"><thead><tr><th>file</th><th>sha256</th></tr></thead><tbody>${Object.entries(v.files).map(
      ([f, sha]) => h`<tr><td>${f}</td><td class="mono">${sha}</td></tr>`,
    )}</tbody></table>`,
  );
}
