/**
 * The causal context a client carries between requests, in the `causal-context` header: base64url
 * of `{ c, e, v }`, the cluster's tag, the epoch and the clock the client has observed (zero
 * entries left out). A token is opaque to clients; only a replica of the same cluster decodes it.
 */
import { canonicalClock, type ReplicaId, type VectorClock } from "@causal-kv/core";
import { z } from "zod";
import { clockCountSchema, vectorClockSchema } from "./vectorClock.js";

export const causalContextHeader = "causal-context";

/** How long a request with a context waits for it, unless `?wait=` says otherwise. */
export const defaultContextWaitMs = 2000;
export const maxContextWaitMs = 10_000;

/** Far above a real token (26 replicas with large counts is ~700 characters). */
const maxTokenLength = 8192;

export interface CausalContext {
  /** The cluster's tag (`clusterTag` of its members): a token is refused by another cluster. */
  readonly cluster: string;
  /** The epoch it was issued in: a reset voids it. */
  readonly epoch: number;
  readonly clock: VectorClock;
}

const tokenBodySchema = z.strictObject({
  c: z.string().regex(/^[0-9a-f]{8}$/),
  e: clockCountSchema,
  v: vectorClockSchema,
});

/** `?wait=<ms>`: how long a request with a context may wait for it, 0 to 10 000. */
export const contextWaitSchema = z
  .string()
  .regex(/^\d{1,5}$/, "wait must be a whole number of milliseconds")
  .transform(Number)
  .pipe(z.number().max(maxContextWaitMs, `wait must be at most ${maxContextWaitMs} ms`));

/** A cluster's tag: FNV-1a (32 bits) of its sorted member ids, as 8 hex digits. */
export function clusterTag(members: readonly ReplicaId[]): string {
  let hash = 0x811c9dc5;
  for (const char of [...members].sort().join(",")) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

export function encodeCausalContext(context: CausalContext): string {
  const clock: Record<ReplicaId, number> = {};
  for (const [id, count] of Object.entries(context.clock)) if (count > 0) clock[id] = count;
  const json = JSON.stringify({ c: context.cluster, e: context.epoch, v: clock });
  // Replica ids and numbers are ASCII, so btoa's Latin-1 rule loses nothing.
  return btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The context in a token, or why it is not one. Says nothing of whose cluster it is. */
export function decodeCausalContext(token: string): CausalContext | { readonly problem: string } {
  if (token.length === 0 || token.length > maxTokenLength || !/^[A-Za-z0-9_-]+$/.test(token)) {
    return { problem: "a causal context is base64url text of at most 8192 characters" };
  }
  let json: unknown;
  try {
    json = JSON.parse(atob(token.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return { problem: "the causal context does not decode" };
  }
  const parsed = tokenBodySchema.safeParse(json);
  if (!parsed.success) return { problem: "the causal context does not have the expected fields" };
  const { c: cluster, e: epoch, v: clock } = parsed.data;
  return { cluster, epoch, clock: canonicalClock(clock) };
}
