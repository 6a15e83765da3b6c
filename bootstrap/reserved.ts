import { builtinModules } from "node:module";

// Azure's reserved resource names ("Resolve errors for reserved resource names", ARM docs): resources with a
// public endpoint may not be named exactly one of these, contain MICROSOFT or WINDOWS, or start with LOGIN.
const AZURE_WHOLE = new Set([
  "access",
  "app_code",
  "app_themes",
  "app_data",
  "app_globalresources",
  "app_localresources",
  "app_webreferences",
  "app_browsers",
  "azure",
  "bing",
  "bizspark",
  "biztalk",
  "cortana",
  "directx",
  "dotnet",
  "dynamics",
  "excel",
  "exchange",
  "forefront",
  "groove",
  "hololens",
  "hyperv",
  "kinect",
  "lync",
  "msdn",
  "o365",
  "office",
  "office365",
  "onedrive",
  "onenote",
  "outlook",
  "powerpoint",
  "sharepoint",
  "skype",
  "visio",
  "visualstudio",
  "xbox",
]);
const AZURE_ANYWHERE = ["microsoft", "windows"];
const AZURE_PREFIX = ["login"];

// Device names Windows reserves for any file name stem (`con.yml` cannot be created on Windows).
const WINDOWS_DEVICES = new Set([
  "con",
  "prn",
  "aux",
  "nul",
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`]),
]);

// npm refuses these package names outright; core module names are refused for new packages.
const NPM_BLOCKED = new Set(["node_modules", "favicon.ico"]);
const NODE_CORE = new Set(builtinModules.filter((m) => !m.startsWith("_")).map((m) => m.replaceAll("/", "_")));

// The template's own folders and tooling words: a project named like them would collide with their paths and
// make the name impossible to tell apart from them in a later rename.
const TEMPLATE_WORDS = new Set([
  "test",
  "tests",
  "training",
  "scoring",
  "data",
  "docs",
  "mlops",
  "stacks",
  "bootstrap",
  "bench",
  "pipelines",
  "template",
]);

/** Why `snake` (a syntactically valid name) is reserved, or undefined when it is not. */
export function reservedReason(snake: string): string | undefined {
  const compact = snake.replaceAll("_", "");
  const kebab = snake.replaceAll("_", "-");
  if (AZURE_WHOLE.has(snake) || AZURE_WHOLE.has(compact)) {
    return `'${snake}' is a reserved Azure resource name (ReservedResourceName)`;
  }
  const inside = AZURE_ANYWHERE.find((word) => compact.includes(word));
  if (inside) return `Azure resource names may not contain '${inside}' (ReservedResourceName)`;
  const prefix = AZURE_PREFIX.find((word) => compact.startsWith(word));
  if (prefix) return `Azure resource names may not start with '${prefix}' (ReservedResourceName)`;
  if (WINDOWS_DEVICES.has(snake)) return `'${snake}' is a Windows device name: files named after it cannot exist there`;
  if (NPM_BLOCKED.has(snake) || NODE_CORE.has(snake) || NODE_CORE.has(kebab)) {
    return `'${kebab}' is not a usable npm package name (a Node.js core module or a name npm blocks)`;
  }
  if (TEMPLATE_WORDS.has(snake)) return `'${snake}' is a folder or tool of this template; the name must stand apart`;
  return undefined;
}
