/**
 * The CLI's environment, parsed with zod: only `CAUSAL_KV_REPLICAS`. `bin.ts` hands over
 * `process.env`; nothing else reads it, so tests pass any environment they like.
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { z } from "zod";
import { usageError } from "./cliError.js";
import { parseReplicaList } from "./replicaList.js";

const cliEnvSchema = z.object({
  CAUSAL_KV_REPLICAS: z
    .string()
    .optional()
    .transform((text) => (text?.trim() ? text : undefined)),
});

export interface CliEnv {
  /** The replicas the environment names, if it names any. */
  readonly replicas: readonly ReplicaEndpoint[] | undefined;
}

export function parseCliEnv(env: Readonly<Record<string, string | undefined>>): CliEnv {
  const { CAUSAL_KV_REPLICAS: text } = cliEnvSchema.parse(env);
  if (text === undefined) return { replicas: undefined };
  const list = parseReplicaList(text);
  if ("problem" in list) {
    throw usageError(
      `CAUSAL_KV_REPLICAS is not a replica list: ${list.problem}`,
      "CAUSAL_KV_REPLICAS=node1=http://127.0.0.1:5001,node2=http://127.0.0.1:5002",
    );
  }
  return { replicas: list.endpoints };
}
