/**
 * The outgoing link to one peer: sends our committed writes through the link's faults
 * (linkFaults.ts), batched, one exchange in flight at a time, and resends whatever the peer has not
 * acknowledged on a timer that backs off while the peer fails. A write is "in the network" from
 * dispatch until its exchange ends or the faults lose it; only writes not in the network are
 * resent, so delays and holds never multiply copies. Nor does loss: a write the peer took (its
 * exchange answered 200) is not resent while an earlier lost one keeps it unacknowledged, as
 * acknowledgements only count writes without a gap.
 * Epochs: a link announces this replica's epoch (a batch of no writes) until the peer answers in
 * the same epoch, so a reset reaches a peer even when nothing is written. A peer in a newer epoch
 * refuses our batches as stale; that is never an acknowledgement: the writes stay unacknowledged
 * until the peer's own announcement brings this replica into its epoch, which forgets them.
 * Catch-up: an answer that shows this replica lost state the peer will not resend, or a refusal
 * as stale (this replica is in an epoch the peer left, and the peer may never announce again),
 * makes it fetch the peer's state and merge it (catchUpRequests.ts). A quiet link still exchanges
 * a batch of no writes every 2 s (`quietProbeMs`), so such an answer comes even when nobody writes: a
 * peer that got back, from a third replica, writes of its own that never reached us (its outbox
 * was lost with its disk) says so only in an answer.
 */
import { type ReplicaId, type ReplicatedWrite, writeSeq } from "@causal-kv/core";
import {
  type ApiErrorCode,
  errorBodySchema,
  isApiErrorCode,
  maxBatchMessages,
  type ReplicateResponse,
  replicateResponseSchema,
} from "@causal-kv/protocol";
import { announcementBody, batchBody } from "./batchBody.js";
import { CatchUpRequests, type CatchUpTarget } from "./catchUpRequests.js";
import type { HeldMessages } from "./heldMessages.js";
import { type LinkFaultOptions, type LinkFaultSource, LinkFaults } from "./linkFaults.js";
import type { PeerClient } from "./peerClient.js";

/** What a link needs from its replica: the faults' settings, and its outbox to that peer. */
export interface LinkSource extends LinkFaultSource, CatchUpTarget {
  readonly id: ReplicaId;
  unsent(peer: ReplicaId): ReplicatedWrite[];
  acknowledge(peer: ReplicaId, count: number, epoch: number): void;
  lagsBehind(peer: ReplicaId, answer: ReplicateResponse): boolean;
  /** Every answer in this replica's epoch, for the rejoin gate (rejoinGate.ts). */
  answered(peer: ReplicaId, answer: ReplicateResponse): void;
  /** The rejoin gate still waits for this peer: ask it again even with nothing to send. */
  awaitsAnswer(peer: ReplicaId): boolean;
}

export interface PeerLinkOptions extends LinkFaultOptions {
  readonly retransmitMs: number;
  /** A link with nothing to send asks its peer this often anyway (see Catch-up above). */
  readonly quietProbeMs?: number;
}

const maxBackoffDoublings = 3;
/**
 * Under load, a batch waits this long to fill: each exchange costs the peer a request and a disk
 * sync whatever its size, so fewer, larger exchanges halve a peer's CPU per write at a few thousand
 * writes/s. "Under load" is a last batch of at least `lingerAfter` writes: two writes meeting in
 * one batch after a stall at a light pace must not delay the next one.
 */
const lingerMs = 5;
const lingerAfter = 4;
const defaultQuietProbeMs = 2000;

export class PeerLink {
  private readonly inNetwork = new Set<number>();
  /** Writes the peer has committed (applied, or buffered durably) beyond what it acknowledged. */
  private readonly atPeer = new Set<number>();
  private ready: ReplicatedWrite[] = [];
  /** The peer has answered in this replica's epoch since the last reset or start. */
  private sameEpoch = false;
  /** Resets so far: an answer is news only if none came between its request and it. */
  private resets = 0;
  private posting = false;
  private failures = 0;
  private lastBatchSize = 0;
  /** When the peer last answered a batch of ours (Date.now()), for the quiet probe. */
  private lastAnswerAt = Number.NEGATIVE_INFINITY;
  private stopped = true;
  private retransmitTimer: NodeJS.Timeout | undefined;
  private readonly faults: LinkFaults;
  private readonly catchUps: CatchUpRequests;

  constructor(
    readonly peer: ReplicaId,
    private readonly client: PeerClient,
    private readonly source: LinkSource,
    held: HeldMessages,
    private readonly options: PeerLinkOptions,
  ) {
    this.catchUps = new CatchUpRequests(peer, client, source, options.log);
    this.faults = new LinkFaults(peer, source, held, options, {
      arrive: (messages) => this.enqueue(messages),
      lose: (message) => this.inNetwork.delete(writeSeq(message)),
    });
  }

  /** Starts by resending everything unacknowledged: after a restart the outbox is all that is left. */
  start(): void {
    this.stopped = false;
    this.scheduleRetransmit(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retransmitTimer);
    this.catchUps.stop();
    this.faults.cancel();
    this.client.close();
  }

  /** Fresh committed writes. While the peer fails they wait for the next retransmission round. */
  send(messages: readonly ReplicatedWrite[]): void {
    if (this.stopped || this.failures > 0) return;
    this.dispatch(messages);
  }

  /** The settings changed: a healed partition or a lifted hold catches up at once. */
  changed(): void {
    if (!this.stopped) this.scheduleRetransmit(0);
  }

  /** A held message released by hand goes out now, skipping delay and loss. */
  release(message: ReplicatedWrite): void {
    if (!this.stopped) this.enqueue([message]);
  }

  /** A held message dropped by hand is lost, so the next round resends it. */
  dropHeld(message: ReplicatedWrite): void {
    this.inNetwork.delete(writeSeq(message));
  }

  /** After a reset, nothing of the old epoch is in the network any more. */
  reset(): void {
    this.resets++;
    this.sameEpoch = false;
    this.inNetwork.clear();
    this.atPeer.clear();
    this.ready = [];
    this.faults.cancel();
    this.failures = 0;
  }

  /** A partitioned link takes nothing, so what it refused is still not in the network. */
  private dispatch(messages: readonly ReplicatedWrite[]): void {
    if (this.faults.partitioned) return;
    const fresh = messages.filter((message) => !this.inNetwork.has(writeSeq(message)));
    if (fresh.length === 0) return;
    for (const message of fresh) this.inNetwork.add(writeSeq(message));
    this.faults.carry(fresh);
  }

  private enqueue(messages: readonly ReplicatedWrite[]): void {
    this.ready.push(...messages);
    void this.pump();
  }

  /** One exchange at a time; what arrives meanwhile goes in the next batch. */
  private async pump(): Promise<void> {
    if (this.posting) return;
    this.posting = true;
    try {
      while (this.ready.length > 0 && !this.stopped) {
        if (this.lastBatchSize >= lingerAfter && this.ready.length < maxBatchMessages) {
          await new Promise((resolve) => setTimeout(resolve, lingerMs));
          if (this.stopped || this.ready.length === 0) return;
        }
        if (this.faults.partitioned) {
          this.forget(this.ready.splice(0));
          return;
        }
        const epoch = this.source.epoch;
        const { batch, body } = this.takeBatch(epoch);
        const delivered = await this.exchange(body, epoch);
        if (epoch !== this.source.epoch) continue;
        this.forget(batch);
        if (delivered) {
          this.failures = 0;
          for (const message of batch) this.atPeer.add(writeSeq(message));
        } else {
          this.failures++;
          this.forget(this.ready.splice(0));
          return;
        }
      }
    } finally {
      this.posting = false;
    }
  }

  private takeBatch(epoch: number): { batch: ReplicatedWrite[]; body: readonly string[] } {
    const { count, pieces } = batchBody(epoch, this.source.id, this.ready);
    const batch = this.ready.splice(0, count);
    this.lastBatchSize = batch.length;
    return { batch, body: pieces };
  }

  /** Posts a batch; true when the peer took it, false to retry later. */
  private async exchange(body: readonly string[], epoch: number): Promise<boolean> {
    const { log } = this.options;
    const resets = this.resets;
    try {
      const reply = await this.client.post("/replicate", body);
      if (reply.status === 200) {
        const parsed = replicateResponseSchema.safeParse(reply.body);
        if (!parsed.success) {
          log.warn({ peer: this.peer }, "peer sent a malformed acknowledgement");
          return false;
        }
        this.lastAnswerAt = Date.now();
        // An answer to what was sent before a reset says nothing of the peer since.
        if (parsed.data.epoch === epoch && resets === this.resets) this.sameEpoch = true;
        const count = parsed.data.acknowledged[this.source.id];
        if (count !== undefined) this.source.acknowledge(this.peer, count, epoch);
        if (resets === this.resets && this.source.lagsBehind(this.peer, parsed.data)) {
          this.catchUps.request();
        }
        if (resets === this.resets) this.source.answered(this.peer, parsed.data);
        return true;
      }
      const refusal = errorBodySchema.safeParse(reply.body);
      const said = refusal.success ? refusal.data.error.code : undefined;
      const code: ApiErrorCode | undefined =
        said !== undefined && isApiErrorCode(said) ? said : undefined;
      // A newer epoch at the peer: not an acknowledgement. Retried until its announcement moves
      // this replica into that epoch (then these writes are forgotten with the rest of ours).
      const level = code === "stale-epoch" || code === "epoch-ahead" ? "info" : "warn";
      if (code === "stale-epoch" && resets === this.resets) this.catchUps.request();
      if (this.failures === 0) {
        log[level]({ peer: this.peer, status: reply.status, code: said }, "peer refused a batch");
      }
      return false;
    } catch (error) {
      if (this.failures === 0) {
        log.warn({ peer: this.peer, reason: String(error) }, "peer unreachable; will retry");
      }
      return false;
    }
  }

  /**
   * A batch of no writes, so that a peer in an older epoch learns of ours and moves to it, so
   * that the rejoin gate hears the peer's count of our writes, and so that a quiet link still
   * hears what the peer will not resend (the quiet probe). A hold keeps writes back, not this:
   * a lab that holds a link the moment it starts must not keep its replica from taking writes.
   */
  private async announceEpoch(): Promise<void> {
    const link = this.source.link(this.peer);
    const held = link.hold && !this.source.awaitsAnswer(this.peer);
    if (this.posting || this.stopped || link.partitioned || held) return;
    this.posting = true;
    try {
      const epoch = this.source.epoch;
      const answered = await this.exchange(announcementBody(epoch, this.source.id), epoch);
      if (epoch === this.source.epoch) this.failures = answered ? 0 : this.failures + 1;
    } finally {
      this.posting = false;
    }
    if (this.ready.length > 0) void this.pump();
  }

  private forget(messages: readonly ReplicatedWrite[]): void {
    for (const message of messages) this.inNetwork.delete(writeSeq(message));
  }

  private scheduleRetransmit(delayMs: number): void {
    clearTimeout(this.retransmitTimer);
    if (this.stopped) return;
    this.retransmitTimer = setTimeout(() => this.retransmit(), delayMs);
  }

  private retransmit(): void {
    const unsent = this.source.unsent(this.peer);
    const oldest = unsent[0] === undefined ? Number.POSITIVE_INFINITY : writeSeq(unsent[0]);
    for (const seq of this.atPeer) if (seq < oldest) this.atPeer.delete(seq);
    const lost = unsent.filter(
      (message) => !this.inNetwork.has(writeSeq(message)) && !this.atPeer.has(writeSeq(message)),
    );
    const quiet =
      Date.now() - this.lastAnswerAt >= (this.options.quietProbeMs ?? defaultQuietProbeMs);
    if (lost.length > 0) this.dispatch(lost);
    else if (
      ((!this.sameEpoch || this.source.awaitsAnswer(this.peer)) && unsent.length === 0) ||
      // Also with writes the peer took but has not acknowledged: it may have buffered them until
      // a write it got elsewhere (a catch-up), and says so only in an answer.
      quiet
    ) {
      void this.announceEpoch();
    }
    // While the rejoin gate waits for this peer, writes wait for it too: ask again without backing
    // off, so a peer that starts a second later is heard within one round.
    const doublings = this.source.awaitsAnswer(this.peer)
      ? 0
      : Math.min(this.failures, maxBackoffDoublings);
    this.scheduleRetransmit(this.options.retransmitMs * 2 ** doublings);
  }
}
