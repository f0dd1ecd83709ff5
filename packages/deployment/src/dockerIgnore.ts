/**
 * Docker's .dockerignore rules, enough to tell whether a path reaches the build context: `*` and
 * `?` within one segment, `**` across segments, `!` to re-include. A rule matches a path or any
 * folder above it, and the last matching rule wins.
 */

export interface IgnoreRule {
  pattern: string;
  negated: boolean;
  regex: RegExp;
}

/** A Docker glob as a regular expression over a whole "/"-separated path. */
export function globRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (pattern.startsWith("**/", i)) {
      source += "(?:.*/)?";
      i += 2;
    } else if (pattern.startsWith("**", i)) {
      source += ".*";
      i += 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export function parseDockerIgnore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+/, "").replace(/\/+$/, "");
      return { pattern, negated, regex: globRegex(pattern) };
    });
}

/** Whether `path` (relative to the context root, "/" separated) is left out of the context. */
export function isIgnored(path: string, rules: readonly IgnoreRule[]): boolean {
  const segments = path.split("/").filter((segment) => segment !== "" && segment !== ".");
  const selfAndParents = segments.map((_, end) => segments.slice(0, end + 1).join("/"));
  let ignored = false;
  for (const rule of rules) {
    if (selfAndParents.some((prefix) => rule.regex.test(prefix))) ignored = !rule.negated;
  }
  return ignored;
}
