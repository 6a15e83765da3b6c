import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../mlops/errors/index.js";
import { snakeFromKebab } from "./forms.js";
import type { Manifest, Marker } from "./manifest-types.js";
import { capturePath } from "./paths.js";

/** One marker's reading: where it was found and the snake_case name it gives. */
interface MarkerReading {
  readonly source: string;
  readonly name: string;
}

const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

function readJsonMarker(root: string, marker: Marker): MarkerReading[] {
  const spec = marker.jsonField;
  if (!spec) return [];
  let value: unknown;
  try {
    value = (JSON.parse(readFileSync(join(root, marker.path), "utf8")) as Record<string, unknown>)[spec.field];
  } catch {
    return []; // a missing or unreadable file is no evidence either way
  }
  if (typeof value !== "string") return [];
  // A scoped package (`@team/fraud-detection`) still carries the name after the scope.
  const bare = value.replace(/^@[^/]+\//, "");
  const name = spec.form === "kebab" ? snakeFromKebab(bare) : bare;
  return SNAKE.test(name) ? [{ source: `${marker.path} "${spec.field}": "${value}"`, name }] : [];
}

/** Every reading of every marker, in manifest order. */
function readMarkers(root: string, manifest: Manifest, files: readonly string[]): MarkerReading[] {
  const readings: MarkerReading[] = [];
  for (const marker of manifest.markers) {
    if (marker.jsonField) {
      readings.push(...readJsonMarker(root, marker));
      continue;
    }
    for (const file of files) {
      const captured = capturePath(marker.path, file);
      if (!captured) continue;
      const name = captured.form === "kebab" ? snakeFromKebab(captured.value) : captured.value;
      readings.push({ source: file, name });
    }
  }
  return readings;
}

/**
 * The project's current snake_case name, read from the manifest's markers (the variables template's file name, the
 * package name), so bootstrap works on a tree renamed before. Throws a one-line CliError when no marker is found or
 * when they disagree (a tree renamed by hand half-way).
 */
export function currentName(root: string, manifest: Manifest, files: readonly string[]): string {
  const readings = readMarkers(root, manifest, files);
  const names = [...new Set(readings.map((r) => r.name))];
  if (names.length === 1) return names[0];
  const where = manifest.markers.map((m) => m.path).join(", ");
  if (names.length === 0) {
    throw new CliError(`cannot tell the project's current name: none of ${where} was found in ${root}`);
  }
  const found = readings.map((r) => `${r.source} → ${r.name}`).join("; ");
  throw new CliError(
    `the project's name markers disagree (${found}); rename them by hand to one name, or restore the tree with git, then run again`,
  );
}
