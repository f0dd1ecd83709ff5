/**
 * The only place that reads `process.env`: parses it with zod into a ReplicaConfig, and explains
 * every bad value in one message so a misconfigured replica stops at once. A replica bound to
 * anything but loopback refuses to start without CLUSTER_SECRET and ADMIN_TOKEN.
 */
import { seededRandom } from "@causal-kv/core";
import { replicaIdSchema } from "@causal-kv/protocol";
import { z } from "zod";
import { defaultHttpLimits, type ReplicaConfig } from "./replicaConfig.js";
import { isLoopbackHost } from "./security/hostNames.js";
import { defaultJournalBudget } from "./storage/journalRetention.js";

const peersSchema = z
  .string("PEERS is required: id=url pairs, e.g. node1=http://127.0.0.1:5001,node2=…")
  .transform((text, ctx) => {
    const members = new Map<string, string>();
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
      if (!/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(url)) {
        ctx.addIssue({
          code: "custom",
          message: `${id}'s address "${url}" is not http(s)://host:port, optionally with a path`,
        });
        continue;
      }
      if (members.has(id)) ctx.addIssue({ code: "custom", message: `${id} is listed twice` });
      members.set(id, url.replace(/\/+$/, ""));
    }
    return Object.fromEntries(members);
  });

/** A comma-separated list; empty entries are ignored, so "" is the empty list. */
function listSchema(name: string, entry: (item: string) => string | undefined) {
  return z
    .string()
    .default("")
    .transform((text, ctx) => {
      const items = text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
      for (const item of items) {
        const problem = entry(item);
        if (problem) ctx.addIssue({ code: "custom", message: `${name}: "${item}" ${problem}` });
      }
      return items;
    });
}

const originsSchema = listSchema("ALLOWED_ORIGINS", (item) => {
  let origin: string | undefined;
  try {
    origin = new URL(item).origin;
  } catch {
    origin = undefined;
  }
  return origin === item ? undefined : "is not an origin such as http://localhost:3000";
});

const hostsSchema = listSchema("ALLOWED_HOSTS", (item) =>
  /^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/i.test(item) ? undefined : "is not a host name, without port",
);

const milliseconds = (name: string, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number of milliseconds`)
    .default(String(fallback))
    .transform(Number)
    .pipe(z.int().min(1, `${name} must be at least 1 ms`));

const wholeNumber = (name: string, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${name} must be a whole number`)
    .default(String(fallback))
    .transform(Number)
    .pipe(z.int().min(1, `${name} must be at least 1`));

const secret = (name: string) => z.string().min(1, `${name} must not be empty when set`).optional();

const envSchema = z
  .object({
    REPLICA_ID: replicaIdSchema,
    PORT: z
      .string("PORT is required")
      .regex(/^\d{1,5}$/, "PORT must be a port number")
      .transform(Number)
      .pipe(z.int().max(65535, "PORT must be at most 65535")),
    HOST: z.string().min(1).default("127.0.0.1"),
    PEERS: peersSchema,
    DATA_DIR: z.string("DATA_DIR is required: the directory of this replica's database").min(1),
    CLUSTER_SECRET: secret("CLUSTER_SECRET"),
    ADMIN_TOKEN: secret("ADMIN_TOKEN"),
    CLIENT_TOKEN: secret("CLIENT_TOKEN"),
    ALLOWED_ORIGINS: originsSchema,
    ALLOWED_HOSTS: hostsSchema,
    TLS_CERT: z.string().min(1).optional(),
    TLS_KEY: z.string().min(1).optional(),
    TLS_CA: z.string().min(1).optional(),
    HTTP_REQUEST_TIMEOUT_MS: milliseconds(
      "HTTP_REQUEST_TIMEOUT_MS",
      defaultHttpLimits.requestTimeoutMs,
    ),
    HTTP_HEADERS_TIMEOUT_MS: milliseconds(
      "HTTP_HEADERS_TIMEOUT_MS",
      defaultHttpLimits.headersTimeoutMs,
    ),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(
      "HTTP_KEEP_ALIVE_TIMEOUT_MS",
      defaultHttpLimits.keepAliveTimeoutMs,
    ),
    HTTP_MAX_CONNECTIONS: z
      .string()
      .regex(/^\d{1,6}$/, "HTTP_MAX_CONNECTIONS must be a whole number")
      .default(String(defaultHttpLimits.maxConnections))
      .transform(Number)
      .pipe(z.int().min(1, "HTTP_MAX_CONNECTIONS must be at least 1")),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    SQLITE_SYNCHRONOUS: z.enum(["FULL", "NORMAL"]).default("FULL"),
    JOURNAL_MAX_EVENTS: wholeNumber("JOURNAL_MAX_EVENTS", defaultJournalBudget.maxEvents),
    JOURNAL_MAX_BYTES: wholeNumber("JOURNAL_MAX_BYTES", defaultJournalBudget.maxBytes),
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
    const missing = (["CLUSTER_SECRET", "ADMIN_TOKEN"] as const).filter((name) => !env[name]);
    if (!isLoopbackHost(env.HOST) && missing.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["HOST"],
        message: `HOST=${env.HOST} is reachable from other machines: set ${missing.join(" and ")} first (random strings, the same on every replica), or listen on 127.0.0.1`,
      });
    }
    if ((env.TLS_CERT === undefined) !== (env.TLS_KEY === undefined)) {
      ctx.addIssue({ code: "custom", message: "TLS_CERT and TLS_KEY go together: set both" });
    }
    if (env.TLS_CA !== undefined && env.TLS_CERT === undefined) {
      ctx.addIssue({ code: "custom", message: "TLS_CA needs TLS_CERT and TLS_KEY" });
    }
    if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({
        code: "custom",
        message: "HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS",
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
  return {
    id: value.REPLICA_ID,
    host: value.HOST,
    port: value.PORT,
    members: value.PEERS,
    dataDir: value.DATA_DIR,
    clusterSecret: value.CLUSTER_SECRET,
    adminToken: value.ADMIN_TOKEN,
    clientToken: value.CLIENT_TOKEN,
    allowedOrigins: value.ALLOWED_ORIGINS,
    allowedHosts: value.ALLOWED_HOSTS,
    tls:
      value.TLS_CERT === undefined || value.TLS_KEY === undefined
        ? undefined
        : { certFile: value.TLS_CERT, keyFile: value.TLS_KEY, caFile: value.TLS_CA },
    http: {
      requestTimeoutMs: value.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: value.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: value.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: value.HTTP_MAX_CONNECTIONS,
    },
    logLevel: value.LOG_LEVEL,
    synchronous: value.SQLITE_SYNCHRONOUS,
    journal: { maxEvents: value.JOURNAL_MAX_EVENTS, maxBytes: value.JOURNAL_MAX_BYTES },
    random: value.FAULT_SEED === undefined ? undefined : seededRandom(value.FAULT_SEED).next,
  };
}

export function readEnv(): ReplicaConfig {
  return parseEnv(process.env);
}
