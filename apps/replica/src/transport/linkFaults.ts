/**
 * The faults injected on one outgoing link, between the sender and the wire: a partitioned link
 * carries nothing, a held one parks messages in the held list (those whose delay ends while it
 * holds, too), a dropped message is lost, a delayed one goes on later (with jitter, each on its own delay, so they can overtake each other).
 * Every message handed in ends in exactly one of: the held list, `lose`, or `arrive`; a delayed one
 * from before a reset ends in none, as the epoch it belonged to is gone.
 */
import { type ReplicaId, type ReplicatedWrite, writeSeq } from "@causal-kv/core";
import type { LinkSettings } from "@causal-kv/protocol";
import type { FastifyBaseLogger } from "fastify";
import type { HeldMessages } from "./heldMessages.js";

/** The link's settings and the epoch, as the replica has them now. */
export interface LinkFaultSource {
  readonly epoch: number;
  link(peer: ReplicaId): LinkSettings;
}

export interface LinkFaultOptions {
  readonly random: () => number;
  readonly now: () => number;
  readonly log: FastifyBaseLogger;
}

/** Where messages go once the link has had its way with them. */
export interface LinkFaultOutcomes {
  /** Through the faults, after their delay: on to the peer. */
  arrive(messages: ReplicatedWrite[]): void;
  /** Lost in transit: the sender must resend it. */
  lose(message: ReplicatedWrite): void;
}

export class LinkFaults {
  private readonly delayTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly peer: ReplicaId,
    private readonly source: LinkFaultSource,
    private readonly held: HeldMessages,
    private readonly options: LinkFaultOptions,
    private readonly outcomes: LinkFaultOutcomes,
  ) {}

  get partitioned(): boolean {
    return this.source.link(this.peer).partitioned;
  }

  /** Hands messages to the link as its settings are now. */
  carry(messages: readonly ReplicatedWrite[]): void {
    const link = this.source.link(this.peer);
    if (link.hold) {
      this.held.add(this.peer, messages, this.options.now());
      return;
    }
    const { random } = this.options;
    const survivors =
      link.dropRate > 0
        ? messages.filter((message) => this.survives(message, link))
        : [...messages];
    if (link.jitterMs > 0) {
      // Each message draws its own delay, so a jittery link reorders messages.
      for (const message of survivors)
        this.later([message], link.delayMs + random() * link.jitterMs);
    } else {
      this.later(survivors, link.delayMs);
    }
  }

  /** Forgets the messages still on their delay: after a reset or on stopping. */
  cancel(): void {
    for (const timer of this.delayTimers) clearTimeout(timer);
    this.delayTimers.clear();
  }

  private survives(message: ReplicatedWrite, link: LinkSettings): boolean {
    if (this.options.random() >= link.dropRate) return true;
    this.outcomes.lose(message);
    this.options.log.debug({ peer: this.peer, seq: writeSeq(message) }, "link dropped a message");
    return false;
  }

  private later(messages: ReplicatedWrite[], delayMs: number): void {
    if (messages.length === 0) return;
    if (delayMs <= 0) {
      this.outcomes.arrive(messages);
      return;
    }
    const epoch = this.source.epoch;
    const timer = setTimeout(() => {
      this.delayTimers.delete(timer);
      if (epoch !== this.source.epoch) return;
      // Held meanwhile (a paused lab freezes every link): it waits at the end of its delay too.
      if (this.source.link(this.peer).hold) this.held.add(this.peer, messages, this.options.now());
      else this.outcomes.arrive(messages);
    }, delayMs);
    this.delayTimers.add(timer);
  }
}
