/**
 * A client's causal session: the context token, kept across calls and across replicas, sent with
 * every request and replaced by the one each answer carries. Whatever replica it talks to, a
 * session then reads its own writes, never reads older than it read before, and its writes follow
 * what it read and wrote: the replica waits until it has all of that before it answers.
 */
import { type CausalContext, decodeCausalContext } from "@causal-kv/protocol";
import type { ReplicaClient } from "./replicaClient.js";

export interface SessionOptions {
  /** A token kept from an earlier run (the CLI keeps it in a file); none starts afresh. */
  readonly token?: string;
  /** How long a replica may wait for this session's context (its default is 2 s, at most 10 s). */
  readonly waitMs?: number;
}

export class Session {
  private current: string | undefined;
  readonly waitMs: number | undefined;

  constructor(options: SessionOptions = {}) {
    this.current = options.token;
    this.waitMs = options.waitMs;
  }

  /** The context to send next; undefined until the first answer. */
  get token(): string | undefined {
    return this.current;
  }

  /** What the token says: cluster, epoch and the clock this session has observed. */
  get context(): CausalContext | undefined {
    if (this.current === undefined) return undefined;
    const decoded = decodeCausalContext(this.current);
    return "problem" in decoded ? undefined : decoded;
  }

  async put(replica: ReplicaClient, key: string, value: string) {
    return this.kept(await replica.writeInContext({ key, value }, this.request()));
  }

  async delete(replica: ReplicaClient, key: string) {
    return this.kept(await replica.writeInContext({ key, value: null }, this.request()));
  }

  /** The key's siblings, or undefined when it has no value at that replica. */
  async get(replica: ReplicaClient, key: string) {
    return this.kept(await replica.readInContext(key, this.request()));
  }

  /** Forgets the context: the next request starts a new one (after a cluster reset, say). */
  forget(): void {
    this.current = undefined;
  }

  private request() {
    return { token: this.current, waitMs: this.waitMs };
  }

  private kept<T>(result: { readonly answer: T; readonly token: string | undefined }): T {
    if (result.token !== undefined) this.current = result.token;
    return result.answer;
  }
}
