import type { FormName } from "./forms.js";
import type { Kept } from "./manifest-types.js";
import { globPattern } from "./paths.js";

/** One occurrence of an exact form of the name in a text. */
export interface Hit {
  readonly index: number;
  readonly end: number;
  readonly form: FormName;
  readonly text: string;
}

type Span = readonly [start: number, end: number];

/** Occurrences of every exact form, in text order, overlaps resolved to the earliest (then longest) match. */
export function exactHits(text: string, patterns: readonly { form: FormName; pattern: RegExp }[]): Hit[] {
  const all: Hit[] = [];
  for (const { form, pattern } of patterns) {
    for (const m of text.matchAll(pattern)) all.push({ index: m.index, end: m.index + m[0].length, form, text: m[0] });
  }
  all.sort((a, b) => a.index - b.index || b.end - a.end);
  const out: Hit[] = [];
  for (const hit of all) if (out.length === 0 || hit.index >= out[out.length - 1].end) out.push(hit);
  return out;
}

/** Every match of a pattern as spans (the loose, any-spelling search). */
export function spansOf(text: string, pattern: RegExp): { index: number; end: number; text: string }[] {
  return [...text.matchAll(pattern)].map((m) => ({ index: m.index, end: m.index + m[0].length, text: m[0] }));
}

/** The kept entries that apply to a path. */
export function keptFor(path: string, kept: readonly Kept[]): Kept[] {
  return kept.filter((k) => globPattern(k.path).test(path));
}

/** True for a kept entry without `text` or `pattern`: the whole file is kept. */
export const keepsWholeFile = (entry: Kept): boolean => entry.text === undefined && entry.pattern === undefined;

/** Spans of `text` that the kept entries protect; a whole-file entry protects everything. */
export function keptSpans(text: string, entries: readonly Kept[]): Span[] {
  const spans: Span[] = [];
  for (const entry of entries) {
    if (entry.pattern !== undefined) {
      for (const m of text.matchAll(new RegExp(entry.pattern, "g"))) spans.push([m.index, m.index + m[0].length]);
    } else if (entry.text !== undefined) {
      for (let i = text.indexOf(entry.text); i >= 0; i = text.indexOf(entry.text, i + 1)) {
        spans.push([i, i + entry.text.length]);
      }
    } else {
      return [[0, text.length]];
    }
  }
  return spans;
}

/** True when [index, end) lies entirely inside one of the spans. */
export function inside(index: number, end: number, spans: readonly Span[]): boolean {
  return spans.some(([s, e]) => index >= s && end <= e);
}

/** 1-based line number of a character index. */
export function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** `text` with each hit replaced by the same form of the new name. */
export function replaceHits(text: string, hits: readonly Hit[], to: (form: FormName) => string): string {
  let out = "";
  let at = 0;
  for (const hit of hits) {
    out += text.slice(at, hit.index) + to(hit.form);
    at = hit.end;
  }
  return out + text.slice(at);
}
