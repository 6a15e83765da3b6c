import type { FormName } from "./forms.js";

/**
 * A file that carries the project name. `path` may contain `{snake}`, `{kebab}`, ... placeholders: the file is then
 * renamed too (a placeholder in a folder segment renames the folder).
 */
export interface Place {
  readonly path: string;
  /** The forms this file uses (kept honest by tests/bootstrap: exactly the forms found in the template). */
  readonly forms: readonly FormName[];
  /** What the name is there for. */
  readonly why: string;
}

/**
 * Text deliberately left as it is: the sample's data words (the diabetes data set keeps its name whatever the
 * project is called) and sentences about the template's original name. Without `text` or `pattern`, the whole file is
 * kept.
 */
export interface Kept {
  /** A path or a glob (`*` within a segment, `**` across segments). */
  readonly path: string;
  /** The exact text kept. */
  readonly text?: string;
  /** Or a regular expression (source) for text kept in several spellings, e.g. derived names with hash suffixes. */
  readonly pattern?: string;
  readonly why: string;
}

/** Where bootstrap reads the project's current name; every marker present must agree. */
export interface Marker {
  /** A path template with one placeholder (`.pipelines/{snake}-variables-template.yml`), or a JSON file. */
  readonly path: string;
  /** For a JSON file: the field holding the name, and the form it is written in. */
  readonly jsonField?: { readonly field: string; readonly form: "kebab" | "snake" };
}

/** Everything bootstrap knows about the project name: the one place to update when a file starts carrying it. */
export interface Manifest {
  readonly markers: readonly Marker[];
  readonly places: readonly Place[];
  readonly kept: readonly Kept[];
  /** Folders holding user data: never rewritten, renamed or deleted. */
  readonly protected: readonly string[];
}
