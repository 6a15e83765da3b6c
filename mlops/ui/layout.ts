// The page shell every UI page and report.html share: inline CSS only (a report opens offline, and the server's
// Content-Security-Policy allows no external resource and no script at all).
import { type Html, h, raw } from "./html.js";

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
header { background: #1f3a5f; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: baseline; }
header a { color: #fff; } header strong { font-size: 16px; }
main { padding: 12px 16px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f3f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.differs td { background: #fff6d5; }
.status-completed { color: #1a7f37; } .status-failed { color: #cf222e; } .status-canceled { color: #9a6700; }
code, .mono { font-family: ui-monospace, monospace; font-size: 12px; }
.plots img { max-width: 480px; border: 1px solid #ddd; margin: 4px; }
.chart svg { max-width: 100%; height: auto; }
pre { background: #f6f8fa; padding: 8px; overflow: auto; }
.muted { color: #666; }
`;

/** Options of {@link page}. */
export interface PageOptions {
  /** Links to the UI's other pages (off in report.html, which is one file on its own). */
  readonly nav: boolean;
}

/** A whole HTML document. */
export function page(title: string, body: Html, options: PageOptions = { nav: true }): Html {
  const nav = options.nav
    ? h`<a href="/">Runs</a><a href="/models">Models</a>`
    : h`<span class="muted">MLOps run report (one self-contained file)</span>`;
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header><strong>MLOps</strong>${nav}</header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

/** A two-column table of label → content; rows whose content is undefined are left out. */
export function facts(rows: ReadonlyArray<readonly [string, Html | string | undefined]>): Html {
  const shown = rows.filter((r) => r[1] !== undefined);
  return h`<table class="facts">${shown.map(([label, value]) => h`<tr><th>${label}</th><td>${value}</td></tr>`)}</table>`;
}
