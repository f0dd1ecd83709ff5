/**
 * Reads docker-compose.yml as compose would for a given shell environment: YAML merge keys
 * resolved, `${NAME:-default}` substituted in every value (and `${NAME:?message}` refused when
 * NAME is unset or empty, as compose refuses it), and the result checked against the part of the
 * compose format this repository uses.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  restart: z.string().optional(),
  // Map form only; a null value passes the variable through from the shell when it is set there.
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
  ports: z.array(z.string()).default([]),
  volumes: z.array(z.string()).default([]),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).default({}),
});

const composeSchema = z.object({
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.null()).default({}),
});

export type Compose = z.infer<typeof composeSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type ShellEnv = Readonly<Record<string, string | undefined>>;

/** A required variable (`${NAME:?message}`) the shell does not set. */
export class MissingVariable extends Error {
  override readonly name = "MissingVariable";
}

/**
 * Compose's substitution: `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, and
 * `${NAME:?message}`, `${NAME?message}`, which fail with the message when NAME is missing.
 */
export function interpolate(text: string, env: ShellEnv): string {
  return text.replace(
    /\$(?:(\$)|\{([A-Za-z_]\w*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_]\w*))/g,
    (_, dollar, braced, operator, argument, bare) => {
      if (dollar) return "$";
      const name: string = braced ?? bare;
      const value = env[name];
      const missing = operator?.startsWith(":")
        ? value === undefined || value === ""
        : value === undefined;
      if (operator === ":-" || operator === "-") return missing ? argument : (value ?? "");
      if ((operator === ":?" || operator === "?") && missing) {
        throw new MissingVariable(`${name}: ${argument}`);
      }
      return value ?? "";
    },
  );
}

function interpolateAll(value: unknown, env: ShellEnv): unknown {
  if (typeof value === "string") return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateAll(item, env)]),
    );
  }
  return value;
}

export function parseCompose(text: string, env: ShellEnv): Compose {
  const document: unknown = parse(text, { merge: true });
  return composeSchema.parse(interpolateAll(document, env));
}

export function readCompose(path: string, env: ShellEnv): Compose {
  return parseCompose(readFileSync(path, "utf8"), env);
}

/** The environment a container gets: pass-through variables resolved from the shell, or left out. */
export function containerEnv(service: Service, shell: ShellEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(service.environment)) {
    const resolved = value === null ? shell[name] : String(value);
    if (resolved !== undefined) env[name] = resolved;
  }
  return env;
}
