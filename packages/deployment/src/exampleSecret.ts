/**
 * The Secret deploy/kubernetes/secret makes when credentials.env is filled in as its example says:
 * rendered in a scratch copy, so a real credentials.env beside the manifests is never read.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  findObject,
  type KubernetesObject,
  renderKustomization,
  type Secret,
  secretSchema,
} from "./kubernetesManifests.js";

export const secretName = "causal-kv-credentials";

export interface ExampleSecret {
  /** The keys the example has you fill in, and those it lists commented out, as optional. */
  required: string[];
  optional: string[];
  /** The value given to each required key. */
  credentials: Record<string, string>;
  objects: KubernetesObject[];
  secret: Secret;
}

/** Keys of `NAME=` lines; `commented` picks those behind a `#`. */
function exampleKeys(text: string, commented: boolean): string[] {
  return [...text.matchAll(/^(#\s*)?([A-Z][A-Z0-9_]*)=/gm)]
    .filter(([, hash]) => (hash !== undefined) === commented)
    .map(([, , key = ""]) => key);
}

/** Renders `secretDir` (deploy/kubernetes/secret) from a copy in `scratch`. */
export function renderExampleSecret(secretDir: string, scratch: string): ExampleSecret {
  const example = readFileSync(join(secretDir, "credentials.env.example"), "utf8");
  const required = exampleKeys(example, false);
  const credentials = Object.fromEntries(required.map((key, i) => [key, `${key}-value-${i}`]));
  const copy = join(scratch, "secret");
  cpSync(secretDir, copy, { recursive: true, filter: (path) => !path.endsWith("credentials.env") });
  const lines = Object.entries(credentials).map(([key, value]) => `${key}=${value}\n`);
  writeFileSync(join(copy, "credentials.env"), lines.join(""));
  const objects = renderKustomization(copy);
  return {
    required,
    optional: exampleKeys(example, true),
    credentials,
    objects,
    secret: findObject(objects, secretSchema, "Secret", secretName),
  };
}
