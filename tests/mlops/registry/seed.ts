import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** `count` versions of `name`, written straight into the registry as a registration leaves them (fast setup). */
export function seedVersions(home: string, name: string, count: number): void {
  for (let version = 1; version <= count; version++) {
    const dir = join(home, "registry", name, String(version));
    mkdirSync(join(dir, "model"), { recursive: true });
    writeFileSync(join(dir, "model", "MLmodel"), "flavors: {}\n");
    const record = {
      name,
      version,
      created_utc: new Date().toISOString(),
      tags: { BuildId: `old-${version}` },
      files: {},
    };
    writeFileSync(join(dir, "version.json"), `${JSON.stringify(record, null, 2)}\n`);
  }
}
