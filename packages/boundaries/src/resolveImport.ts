/**
 * Where an import points. A relative one resolves to a file as TypeScript would find it ("./x.js"
 * is "./x.ts" in the sources; the web's "./x" is "./x.tsx"); a bare one names a package and a
 * subpath of its exports map, or a Node built-in.
 */
import { builtinModules } from "node:module";
import { posix } from "node:path";

export type ImportTarget =
  | { readonly kind: "file"; readonly path: string }
  /** Into a build output (dist/): checked for where it points, not for existence. */
  | { readonly kind: "built"; readonly path: string }
  | { readonly kind: "missing"; readonly path: string }
  | { readonly kind: "builtin"; readonly name: string }
  | { readonly kind: "package"; readonly name: string; readonly subpath: string };

const builtins = new Set(builtinModules);

const sourceFor: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};
const appended = [".ts", ".tsx", ".mts", ".js", ".mjs", ".d.ts"];
const indexFiles = ["index.ts", "index.tsx", "index.js"];

/**
 * @param from the importing file, relative to the repository root with forward slashes
 * @param exists whether a path (relative to the root) is a file
 * @param generated folder names whose contents are build outputs
 */
export function resolveImport(
  from: string,
  specifier: string,
  exists: (path: string) => boolean,
  generated: ReadonlySet<string>,
): ImportTarget {
  if (specifier.startsWith("node:")) return { kind: "builtin", name: specifier };
  if (!specifier.startsWith(".") && !specifier.startsWith("/")) {
    if (builtins.has(specifier)) return { kind: "builtin", name: specifier };
    const parts = specifier.split("/");
    const nameParts = specifier.startsWith("@") ? 2 : 1;
    const name = parts.slice(0, nameParts).join("/");
    const rest = parts.slice(nameParts).join("/");
    return { kind: "package", name, subpath: rest ? `./${rest}` : "." };
  }
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const extension = posix.extname(base);
  const stem = base.slice(0, base.length - extension.length);
  const candidates = [
    ...(sourceFor[extension] ?? []).map((source) => stem + source),
    base,
    ...appended.map((suffix) => base + suffix),
    ...indexFiles.map((index) => posix.join(base, index)),
  ];
  const found = candidates.find(exists);
  if (found) return { kind: "file", path: found };
  if (base.split("/").some((segment) => generated.has(segment)))
    return { kind: "built", path: base };
  return { kind: "missing", path: base };
}
