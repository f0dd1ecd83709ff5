/**
 * The dashboard's only reader of process.env, parsed with zod at run time (so one build serves any
 * cluster) by both the lab server and the page. A bad value stops the server with every problem named.
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { z } from "zod";
import { parseReplicaEndpoints } from "./lab/replicaEndpoints.ts";

const listSchema = z
  .string()
  .default("node1=http://127.0.0.1:5001,node2=http://127.0.0.1:5002,node3=http://127.0.0.1:5003")
  .transform((text, ctx) => {
    try {
      return parseReplicaEndpoints(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : "" });
      return z.NEVER;
    }
  });
const secretSchema = (name: string) =>
  z.string().min(1, `${name} must not be empty when set`).optional();

const envSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, "PORT must be a port number")
    .default("3000")
    .transform(Number)
    .pipe(z.int().max(65535, "PORT must be at most 65535")),
  /** The lab server's listen address: loopback unless the lab is shared (`npm start -- --host`). */
  LAB_HOST: z.string().min(1).default("127.0.0.1"),
  /** Where the server reaches each replica (the browser reaches them only through the server). */
  REPLICAS_URLS: listSchema,
  ADMIN_TOKEN: secretSchema("ADMIN_TOKEN"),
  CLIENT_TOKEN: secretSchema("CLIENT_TOKEN"),
  /** When set, only a browser that entered it may change anything; everyone else watches. */
  LAB_KEY: secretSchema("LAB_KEY"),
  /** A name the lab is reached by besides its addresses: shown by Share and accepted as Host. */
  PUBLIC_HOST: z.string().min(1).optional(),
  /** Events per replica the page keeps in full detail; older ones are fetched when looked at. */
  LAB_WINDOW_EVENTS: z
    .string()
    .regex(/^\d+$/, "LAB_WINDOW_EVENTS must be a whole number of events")
    .optional()
    .transform((text) => (text === undefined ? undefined : Number(text)))
    .pipe(z.int().min(10, "LAB_WINDOW_EVENTS must be at least 10").optional()),
});

export interface LabEnv {
  readonly port: number;
  readonly host: string;
  readonly replicas: readonly ReplicaEndpoint[];
  /** Sent to the replicas by the server, never to a browser. */
  readonly replicaToken: string | undefined;
  readonly labKey: string | undefined;
  readonly publicHost: string | undefined;
  /** `undefined`: the page's default (liveWindow's `defaultWindowEvents`). */
  readonly windowEvents: number | undefined;
}

export function labEnv(env: NodeJS.ProcessEnv = process.env): LabEnv {
  const parsed = envSchema.safeParse({
    PORT: env.PORT || undefined,
    LAB_HOST: env.LAB_HOST || undefined,
    REPLICAS_URLS: env.REPLICAS_URLS || undefined,
    ADMIN_TOKEN: env.ADMIN_TOKEN,
    CLIENT_TOKEN: env.CLIENT_TOKEN,
    LAB_KEY: env.LAB_KEY,
    PUBLIC_HOST: env.PUBLIC_HOST || undefined,
    LAB_WINDOW_EVENTS: env.LAB_WINDOW_EVENTS || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`the lab's environment is not valid:\n  ${problems.join("\n  ")}`);
  }
  const { data } = parsed;
  return {
    port: data.PORT,
    host: data.LAB_HOST,
    replicas: data.REPLICAS_URLS,
    // The admin token opens every route; the client token only the data routes and the stream.
    replicaToken: data.ADMIN_TOKEN ?? data.CLIENT_TOKEN,
    labKey: data.LAB_KEY,
    publicHost: data.PUBLIC_HOST,
    windowEvents: data.LAB_WINDOW_EVENTS,
  };
}

/**
 * React and Next pick their production builds by NODE_ENV, which `next start` sets but a custom
 * server must: production unless told otherwise (or running Next's dev server).
 */
export function settleNodeEnv(dev: boolean): void {
  if (process.env.NODE_ENV === undefined)
    Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
}
