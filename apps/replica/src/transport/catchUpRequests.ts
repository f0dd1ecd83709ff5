/**
 * Catch-up from one peer: when the peer's answers show this replica fell behind what it resends,
 * fetches its state (`GET /replicate/state`) and merges it. One transfer at a time, at most one
 * per `minIntervalMs`: a stream of answers that all say "behind" costs one transfer. A transfer
 * that failed is retried after the interval; a merge that did not close the gap (the peer lacked
 * something too) is retried when the next answer asks.
 */
import type { ReplicaId } from "@causal-kv/core";
import { type StateTransferResponse, stateTransferSchema } from "@causal-kv/protocol";
import type { FastifyBaseLogger } from "fastify";
import type { PeerClient } from "./peerClient.js";

export interface CatchUpTarget {
  catchUp(transfer: StateTransferResponse): Promise<boolean>;
}

const minIntervalMs = 1000;

export class CatchUpRequests {
  private running = false;
  private lastStarted = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly peer: ReplicaId,
    private readonly client: PeerClient,
    private readonly target: CatchUpTarget,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Asks for a transfer now, or as soon as the one running or the interval allows. */
  request(): void {
    if (this.stopped || this.running || this.timer !== undefined) return;
    const wait = this.lastStarted + minIntervalMs - Date.now();
    if (wait <= 0) {
      void this.transfer();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.transfer();
    }, wait);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async transfer(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    this.lastStarted = Date.now();
    let failed = true;
    try {
      const reply = await this.client.get("/replicate/state");
      const parsed = stateTransferSchema.safeParse(reply.body);
      if (reply.status !== 200 || !parsed.success || parsed.data.from !== this.peer) {
        this.log.warn({ peer: this.peer, status: reply.status }, "peer sent no usable state");
        return;
      }
      if (this.stopped) return;
      const merged = await this.target.catchUp(parsed.data);
      this.log.info({ peer: this.peer, merged }, "caught up by state transfer");
      failed = false;
    } catch (error) {
      this.log.warn({ peer: this.peer, reason: String(error) }, "catch-up failed; will retry");
    } finally {
      this.running = false;
    }
    if (failed) this.request();
  }
}
