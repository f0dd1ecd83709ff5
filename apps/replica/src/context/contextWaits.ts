/**
 * Requests waiting for this replica to reach their causal context. A waiter is filed under one
 * replica whose writes it still lacks and is looked at again only when that replica's delivered
 * count here reaches what it needs: delivery wakes it, nothing polls, and no transaction is held.
 */
import {
  contextReached,
  type ReplicaId,
  unreachedContext,
  type VectorClock,
} from "@causal-kv/core";
import type { ApiError } from "../apiError.js";
import { ContextNotReached, describeMissing } from "./contextNotReached.js";

interface Waiter {
  readonly context: VectorClock;
  /** The replica it is filed under, and the count of its writes it waits for. */
  origin: ReplicaId;
  needed: number;
  readonly resolve: () => void;
  readonly fail: (error: ApiError) => void;
}

export class ContextWaits {
  private readonly byOrigin = new Map<ReplicaId, Set<Waiter>>();
  private waiting = 0;

  constructor(
    /** Per replica, how many of its writes are delivered here without a gap. */
    private readonly delivered: () => VectorClock,
    private readonly replica: ReplicaId,
  ) {}

  /** How many requests are waiting. */
  get size(): number {
    return this.waiting;
  }

  /**
   * Resolves once every write `context` covers is delivered here. Fails with ContextNotReached
   * after `waitMs` (at once for 0), or when `signal` aborts: the client is gone.
   */
  reach(context: VectorClock, waitMs: number, signal?: AbortSignal): Promise<void> {
    if (contextReached(this.delivered(), context)) return Promise.resolve();
    if (waitMs === 0 || signal?.aborted) return Promise.reject(this.notReached(context, 0));
    return new Promise<void>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        context,
        origin: "",
        needed: 0,
        resolve: () => {
          finish();
          resolve();
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const giveUp = (error: ApiError) => {
        this.remove(waiter);
        waiter.fail(error);
      };
      const timer = setTimeout(() => giveUp(this.notReached(context, waitMs)), waitMs);
      const onAbort = () =>
        giveUp(
          new ContextNotReached(
            this.missing(context),
            "the client closed the connection while its request waited for its causal context",
          ),
        );
      signal?.addEventListener("abort", onAbort, { once: true });
      this.file(waiter, this.delivered());
    });
  }

  /** After committed steps that delivered writes: wakes every waiter whose context is reached. */
  wake(): void {
    if (this.waiting === 0) return;
    const delivered = this.delivered();
    for (const [origin, waiters] of [...this.byOrigin]) {
      const have = delivered[origin] ?? 0;
      for (const waiter of [...waiters]) {
        if (have < waiter.needed) continue;
        this.remove(waiter);
        if (contextReached(delivered, waiter.context)) waiter.resolve();
        else this.file(waiter, delivered);
      }
    }
  }

  /** Fails every waiter with `error` (a reset voids their contexts; a shutdown ends them). */
  failAll(error: ApiError): void {
    const all = [...this.byOrigin.values()].flatMap((waiters) => [...waiters]);
    this.byOrigin.clear();
    this.waiting = 0;
    for (const waiter of all) waiter.fail(error);
  }

  /** Files `waiter` under the first replica whose writes it lacks. */
  private file(waiter: Waiter, delivered: VectorClock): void {
    const [origin, needed] = Object.entries(unreachedContext(delivered, waiter.context))[0] ?? [];
    if (origin === undefined || needed === undefined) {
      waiter.resolve();
      return;
    }
    waiter.origin = origin;
    waiter.needed = needed;
    let waiters = this.byOrigin.get(origin);
    if (!waiters) {
      waiters = new Set();
      this.byOrigin.set(origin, waiters);
    }
    waiters.add(waiter);
    this.waiting++;
  }

  private remove(waiter: Waiter): void {
    const waiters = this.byOrigin.get(waiter.origin);
    if (!waiters?.delete(waiter)) return;
    this.waiting--;
    if (waiters.size === 0) this.byOrigin.delete(waiter.origin);
  }

  private missing(context: VectorClock): Record<ReplicaId, number> {
    return unreachedContext(this.delivered(), context);
  }

  private notReached(context: VectorClock, waitedMs: number): ContextNotReached {
    const missing = this.missing(context);
    return new ContextNotReached(
      missing,
      `${this.replica} has not received ${describeMissing(missing)} that the causal context covers${waitedMs > 0 ? ` (waited ${waitedMs} ms)` : ""}`,
    );
  }
}
