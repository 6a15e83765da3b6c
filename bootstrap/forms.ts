/** The spellings of a project name the repository uses, all derived from its snake_case form. */
export interface NameForms {
  /** `fraud_detection`: files, Python-style identifiers, model / dataset names. */
  readonly snake: string;
  /** `fraud-detection`: npm package name, Azure resource names, pipeline names. */
  readonly kebab: string;
  /** `FraudDetection`: TypeScript types and classes, stack ids. */
  readonly pascal: string;
  /** `fraudDetection`: TypeScript variables. */
  readonly camel: string;
  /** `frauddetection`: Azure names that allow only letters and digits (storage, container registry). */
  readonly compact: string;
  /** `FRAUD_DETECTION`: constants and environment variables. */
  readonly upper: string;
  /** `Fraud Detection`: titles in prose. */
  readonly title: string;
}

export type FormName = keyof NameForms;

/** Every form, in the order occurrences are matched (longer, more specific spellings first). */
const FORM_NAMES: readonly FormName[] = ["snake", "kebab", "upper", "title", "pascal", "camel", "compact"];

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** The forms of a snake_case name (`fraud_detection` → `fraud-detection`, `FraudDetection`, ...). */
export function nameForms(snake: string): NameForms {
  const words = snake.split("_");
  return {
    snake,
    kebab: words.join("-"),
    pascal: words.map(capitalize).join(""),
    camel: words[0] + words.slice(1).map(capitalize).join(""),
    compact: words.join(""),
    upper: snake.toUpperCase(),
    title: words.map(capitalize).join(" "),
  };
}

/** `text` as a literal inside a regular expression. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Where an occurrence of a form may start and end, so `fraud_detection` is found in `fraud_detection_model` or
 * `.pipelines/fraud_detection-ci.yml` but not inside `xfraud_detection2`. The compact form of a multi-word name is
 * also found embedded in letters (`stfrauddetectiondev`), because that is how Azure names without separators
 * carry it; a one-word name never is, or every word containing it would match.
 */
const BOUNDARIES: Readonly<Record<FormName, readonly [before: string, after: string]>> = {
  snake: ["(?<![A-Za-z0-9])", "(?![A-Za-z0-9])"],
  kebab: ["(?<![A-Za-z0-9])", "(?![A-Za-z0-9])"],
  upper: ["(?<![A-Za-z0-9])", "(?![A-Za-z0-9])"],
  title: ["(?<![A-Za-z0-9])", "(?![A-Za-z0-9])"],
  // PascalCase composes after a lowercase prefix (`createFraudDetectionStack`) and before an uppercase word.
  pascal: ["(?<![A-Z])", "(?![a-z0-9])"],
  camel: ["(?<![A-Za-z0-9])", "(?![a-z0-9])"],
  compact: ["(?<![A-Za-z0-9])", "(?![A-Za-z0-9])"],
};

/** One regular expression per distinct spelling (a one-word name has fewer distinct spellings than forms). */
export function formPatterns(forms: NameForms): { form: FormName; text: string; pattern: RegExp }[] {
  const seen = new Set<string>();
  const multiWord = forms.snake.includes("_");
  const out: { form: FormName; text: string; pattern: RegExp }[] = [];
  for (const form of FORM_NAMES) {
    const text = forms[form];
    if (seen.has(text)) continue;
    seen.add(text);
    const [before, after] = form === "compact" && multiWord ? ["", ""] : BOUNDARIES[form];
    out.push({ form, text, pattern: new RegExp(`${before}${escapeRegExp(text)}${after}`, "g") });
  }
  return out;
}

/**
 * Any spelling of the name, whatever its case and separators (`Fraud-Detection`, `fraud detection`,
 * `FRAUD.DETECTION`), even inside other words: what the leftover check looks for after the exact forms are
 * accounted for.
 */
export function loosePattern(forms: NameForms): RegExp {
  const words = forms.snake.split("_").map(escapeRegExp);
  // A one-word name needs word boundaries, or `churn` would be found in `churning`.
  const [before, after] = words.length > 1 ? ["", ""] : ["(?<![a-z0-9])", "(?![a-z0-9])"];
  return new RegExp(`${before}${words.join("[\\s_.\\-]?")}${after}`, "gi");
}

/** The snake_case name behind a kebab-case one (`fraud-detection` → `fraud_detection`); the mapping is one-to-one. */
export function snakeFromKebab(kebab: string): string {
  return kebab.replaceAll("-", "_");
}
