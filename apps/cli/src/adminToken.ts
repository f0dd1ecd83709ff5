/**
 * The admin token the CLI sends: `--admin-token`, else CAUSAL_KV_ADMIN_TOKEN, else the one
 * `npm start` generated and keeps in `$DATA_ROOT/credentials.json` (`.data/` of the current
 * directory by default). None of them is no token: a cluster without ADMIN_TOKEN needs none.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { usageError } from "./cliError.js";

const credentialsSchema = z.object({ adminToken: z.string().min(1) });

export interface TokenSources {
  readonly option?: string | undefined;
  readonly env?: string | undefined;
  readonly dataRoot?: string | undefined;
}

export function credentialsPath(dataRoot: string | undefined): string {
  return resolve(dataRoot ?? ".data", "credentials.json");
}

export function resolveAdminToken(sources: TokenSources): string | undefined {
  if (sources.option !== undefined) return sources.option;
  if (sources.env !== undefined) return sources.env;
  const path = credentialsPath(sources.dataRoot);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw usageError(`cannot read ${path}: ${String(error)}`, adminTokenHint);
  }
  let parsed: z.ZodSafeParseResult<{ adminToken: string }>;
  try {
    parsed = credentialsSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = credentialsSchema.safeParse(undefined);
  }
  if (!parsed.success) {
    throw usageError(`${path} is not a credentials file { "adminToken": "…" }`, adminTokenHint);
  }
  return parsed.data.adminToken;
}

export const adminTokenHint =
  "give the cluster's ADMIN_TOKEN with --admin-token or CAUSAL_KV_ADMIN_TOKEN (npm start keeps its own in .data/credentials.json)";
