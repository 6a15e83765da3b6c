// Templating with hono's `html` tagged template: every interpolated string is HTML-escaped (run names, tags and
// parameters are user data). Nothing here interpolates a promise, so the result is synchronous; `raw` is used only
// for markup this module family builds itself (vega's SVG, which escapes its own text), never for user data.
import { html as honoHtml } from "hono/html";

/** Escaped markup. */
export type Html = Exclude<ReturnType<typeof honoHtml>, Promise<unknown>>;

/** hono's `html`, synchronous: throws if a promise slipped into the values (a bug here, not user input). */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error("mlops ui: a page template was given a promise; await it first");
  return out;
}

export { raw } from "hono/html";

/** A number exactly as JSON has it (the shortest text that reads back to the same double). */
export function formatNumber(value: number): string {
  return String(value);
}

/** A parameter or tag value as text: strings as they are, anything else as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(value);
  return JSON.stringify(value) ?? String(value);
}

/** Seconds as `1.23 s` / `2 min 3.4 s`; `-` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "-";
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${(seconds - minutes * 60).toFixed(1)} s`;
}

/** An ISO time as `2026-01-01 12:00:00` (UTC), `-` when unknown. */
export function formatTime(iso: string | null): string {
  return iso ? iso.replace("T", " ").slice(0, 19) : "-";
}

/** A link target only when it is http(s): a record's build URI is data, and `javascript:` must never be a link. */
export function safeHref(uri: string | null | undefined): string | undefined {
  return uri && /^https?:\/\//i.test(uri) ? uri : undefined;
}

/** `models:/<name>/<version>` → the UI's page of that version; undefined for anything else. */
export function modelUriHref(uri: unknown, base = ""): string | undefined {
  if (typeof uri !== "string") return undefined;
  const m = /^models:\/([^/]+)\/([1-9][0-9]*)$/.exec(uri);
  return m ? `${base}/models/${encodeURIComponent(m[1])}/${m[2]}` : undefined;
}

/** `/runs/<id>` with the id encoded. */
export function runHref(id: string, base = ""): string {
  return `${base}/runs/${encodeURIComponent(id)}`;
}
