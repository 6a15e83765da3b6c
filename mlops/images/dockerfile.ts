// Reads a Dockerfile with dockerfile-ast (the parser of the Dockerfile language server), for the lint and the tests.
import { DockerfileParser, type JSONInstruction } from "dockerfile-ast";

/** What a Dockerfile says, as the image will run it. */
export interface DockerfileFacts {
  /** Each FROM's argument as written (`registry/name:tag@sha256:…`). */
  readonly from: readonly string[];
  /** ENV name → value, later ones winning. */
  readonly env: Readonly<Record<string, string>>;
  readonly workdir: string | undefined;
  /** The last USER, undefined when none (the base's). */
  readonly user: string | undefined;
  /** EXPOSE ports (numbers; a `/tcp` suffix dropped). */
  readonly expose: readonly number[];
  /** The last ENTRYPOINT / CMD in JSON (exec) form; undefined when absent; `null` when in shell form. */
  readonly entrypoint: readonly string[] | null | undefined;
  readonly cmd: readonly string[] | null | undefined;
  /** COPY/ADD sources and destination, flags aside. */
  readonly copies: readonly { readonly sources: readonly string[]; readonly destination: string }[];
}

function jsonForm(instruction: JSONInstruction | undefined): readonly string[] | null | undefined {
  if (instruction === undefined) return undefined;
  const strings = instruction.getJSONStrings();
  // Shell form has no JSON strings (or arguments that are not one JSON array).
  if (strings.length === 0 || !instruction.getArgumentsContent()?.trim().startsWith("[")) return null;
  return strings.map((s) => s.getJSONValue());
}

/** Parses a Dockerfile's text. */
export function readDockerfile(content: string): DockerfileFacts {
  const file = DockerfileParser.parse(content);
  const env: Record<string, string> = {};
  for (const instruction of file.getENVs()) {
    for (const p of instruction.getProperties()) env[p.getName()] = p.getValue() ?? "";
  }
  const byKeyword = (k: string) => file.getInstructions().filter((i) => i.getKeyword() === k);
  const last = <T>(list: readonly T[]) => list[list.length - 1];
  return {
    from: file.getFROMs().map((f) => f.getArgumentsContent() ?? ""),
    env,
    workdir: last(byKeyword("WORKDIR"))?.getArgumentsContent() ?? undefined,
    user: last(byKeyword("USER"))?.getArgumentsContent() ?? undefined,
    expose: byKeyword("EXPOSE").flatMap((i) => i.getArguments().map((a) => Number(a.getValue().replace(/\/tcp$/, "")))),
    entrypoint: jsonForm(last(byKeyword("ENTRYPOINT")) as JSONInstruction | undefined),
    cmd: jsonForm(last(file.getCMDs())),
    copies: [...file.getCOPYs(), ...byKeyword("ADD")].map((i) => {
      const args = i.getArguments().map((a) => a.getValue());
      return { sources: args.slice(0, -1), destination: args[args.length - 1] ?? "" };
    }),
  };
}
