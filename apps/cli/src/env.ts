/**
 * The CLI's environment, parsed with zod: `CAUSAL_KV_REPLICAS`, `CAUSAL_KV_ADMIN_TOKEN`, `DATA_ROOT`
 * (where `npm start` keeps its credentials), `CI` (no one to answer questions), and where named sessions are kept (`CAUSAL_KV_SESSIONS`,
 * else `$XDG_STATE_HOME/causal-kv/sessions`, else under `$HOME`). `bin.ts` hands over
 * `process.env`; nothing else reads it, so tests pass any environment they like.
 */
import { join } from "node:path";
import type { ReplicaEndpoint } from "@causal-kv/client";
import { z } from "zod";
import { usageError } from "./cliError.js";
import { parseReplicaList } from "./replicaList.js";

const setText = z
  .string()
  .optional()
  .transform((text) => (text?.trim() ? text.trim() : undefined));

const cliEnvSchema = z.object({
  CAUSAL_KV_REPLICAS: setText,
  CAUSAL_KV_ADMIN_TOKEN: setText,
  DATA_ROOT: setText,
  /** Set (to anything but "false" or "0") by CI services: no one is there to answer a question. */
  CI: setText,
});

const sessionEnvSchema = z.object({
  CAUSAL_KV_SESSIONS: setText,
  XDG_STATE_HOME: setText,
  HOME: setText,
});

/** The folder of named sessions, or undefined when the environment names no place for it. */
export function sessionDirectory(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const {
    CAUSAL_KV_SESSIONS: dir,
    XDG_STATE_HOME: state,
    HOME: home,
  } = sessionEnvSchema.parse(env);
  if (dir !== undefined) return dir;
  if (state !== undefined) return join(state, "causal-kv", "sessions");
  return home === undefined ? undefined : join(home, ".local", "state", "causal-kv", "sessions");
}

export interface CliEnv {
  /** The replicas the environment names, if it names any. */
  readonly replicas: readonly ReplicaEndpoint[] | undefined;
  readonly adminToken: string | undefined;
  /** Where `npm start` keeps its data and credentials, if not `.data`. */
  readonly dataRoot: string | undefined;
  /** Running in CI: questions are printed, never asked. */
  readonly ci: boolean;
}

export function parseCliEnv(env: Readonly<Record<string, string | undefined>>): CliEnv {
  const parsed = cliEnvSchema.parse(env);
  const text = parsed.CAUSAL_KV_REPLICAS;
  const ci = parsed.CI !== undefined && parsed.CI !== "false" && parsed.CI !== "0";
  const rest = { adminToken: parsed.CAUSAL_KV_ADMIN_TOKEN, dataRoot: parsed.DATA_ROOT, ci };
  if (text === undefined) return { replicas: undefined, ...rest };
  const list = parseReplicaList(text);
  if ("problem" in list) {
    throw usageError(
      `CAUSAL_KV_REPLICAS is not a replica list: ${list.problem}`,
      "CAUSAL_KV_REPLICAS=node1=http://127.0.0.1:5001,node2=http://127.0.0.1:5002",
    );
  }
  return { replicas: list.endpoints, ...rest };
}
