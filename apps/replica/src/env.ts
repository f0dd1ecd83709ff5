/**
 * The only place that reads `process.env`: parses it with zod into a ReplicaConfig, and explains
 * every bad value in one message so a misconfigured replica stops at once.
 */
import { seededRandom } from "@causal-kv/core";
import { replicaIdSchema } from "@causal-kv/protocol";
import { z } from "zod";
import type { ReplicaConfig } from "./replicaConfig.js";

const peersSchema = z
  .string("PEERS is required: id=url pairs, e.g. node1=http://127.0.0.1:5001,node2=…")
  .transform((text, ctx) => {
    const members: Record<string, string> = {};
    for (const pair of text.split(",").map((part) => part.trim())) {
      const at = pair.indexOf("=");
      const id = pair.slice(0, at);
      const url = pair.slice(at + 1);
      if (at <= 0 || !replicaIdSchema.safeParse(id).success) {
        ctx.addIssue({
          code: "custom",
          message: `"${pair}" is not id=url with a valid replica id`,
        });
        continue;
      }
      // A path is kept (a peer behind a reverse proxy at /replica2); a query or fragment is not.
      if (!/^http:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(url)) {
        ctx.addIssue({
          code: "custom",
          message: `${id}'s address "${url}" is not http://host:port, optionally with a path`,
        });
        continue;
      }
      if (id in members) ctx.addIssue({ code: "custom", message: `${id} is listed twice` });
      members[id] = url.replace(/\/+$/, "");
    }
    return members;
  });

const envSchema = z
  .object({
    REPLICA_ID: replicaIdSchema,
    PORT: z
      .string("PORT is required")
      .regex(/^\d{1,5}$/, "PORT must be a port number")
      .transform(Number)
      .pipe(z.int().max(65535, "PORT must be at most 65535")),
    HOST: z.string().min(1).default("0.0.0.0"),
    PEERS: peersSchema,
    DATA_DIR: z.string("DATA_DIR is required: the directory of this replica's database").min(1),
    CLUSTER_SECRET: z.string().min(1, "CLUSTER_SECRET must not be empty when set").optional(),
    CORS_ORIGIN: z.string().optional(),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    SQLITE_SYNCHRONOUS: z.enum(["FULL", "NORMAL"]).default("FULL"),
    FAULT_SEED: z
      .string()
      .regex(/^\d{1,9}$/, "FAULT_SEED must be a non-negative integer")
      .transform(Number)
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (!(env.REPLICA_ID in env.PEERS)) {
      ctx.addIssue({
        code: "custom",
        path: ["PEERS"],
        message: `PEERS must list every member, this replica (${env.REPLICA_ID}) included`,
      });
    }
  });

export class EnvError extends Error {
  override readonly name = "EnvError";
}

/** Parses an environment; throws an EnvError listing every problem. */
export function parseEnv(env: Readonly<Record<string, string | undefined>>): ReplicaConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new EnvError(`bad replica environment:\n${z.prettifyError(parsed.error)}`);
  }
  const value = parsed.data;
  const origin = value.CORS_ORIGIN?.trim();
  return {
    id: value.REPLICA_ID,
    host: value.HOST,
    port: value.PORT,
    members: value.PEERS,
    dataDir: value.DATA_DIR,
    clusterSecret: value.CLUSTER_SECRET,
    corsOrigin:
      origin === undefined || origin === "" || origin === "*"
        ? true
        : origin.split(",").map((entry) => entry.trim()),
    logLevel: value.LOG_LEVEL,
    synchronous: value.SQLITE_SYNCHRONOUS,
    random: value.FAULT_SEED === undefined ? undefined : seededRandom(value.FAULT_SEED).next,
  };
}

export function readEnv(): ReplicaConfig {
  return parseEnv(process.env);
}
