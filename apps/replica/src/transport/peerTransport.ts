/** Every outgoing link of a replica, and the held list they share. */
import type { ReplicaId, ReplicatedWrite } from "@causal-kv/core";
import type { HeldMessage } from "@causal-kv/protocol";
import type { FastifyBaseLogger } from "fastify";
import { ApiError } from "../apiError.js";
import type { TlsMaterial } from "../security/tlsOptions.js";
import { type HeldCopy, HeldMessages, listedHeld } from "./heldMessages.js";
import { PeerClient } from "./peerClient.js";
import { type LinkSource, PeerLink } from "./peerLink.js";

export interface PeerTransportOptions {
  readonly members: Readonly<Record<ReplicaId, string>>;
  readonly clusterSecret?: string | undefined;
  /** This replica's certificate, presented to https peers, and the CA they must be signed by. */
  readonly tls?: TlsMaterial | undefined;
  readonly random: () => number;
  readonly now: () => number;
  readonly retransmitMs: number;
  readonly log: FastifyBaseLogger;
  readonly onHeldChange: () => void;
}

export class PeerTransport {
  readonly held: HeldMessages;
  private readonly links = new Map<ReplicaId, PeerLink>();

  constructor(
    private readonly source: LinkSource & { readonly peers: readonly ReplicaId[] },
    options: PeerTransportOptions,
  ) {
    this.held = new HeldMessages(options.onHeldChange);
    const headers: Record<string, string> = options.clusterSecret
      ? { "x-cluster-secret": options.clusterSecret }
      : {};
    for (const peer of source.peers) {
      const url = options.members[peer];
      if (url === undefined) throw new Error(`no address for peer ${peer}`);
      this.links.set(
        peer,
        new PeerLink(peer, new PeerClient(url, headers, options.tls), source, this.held, options),
      );
    }
  }

  start(): void {
    for (const link of this.links.values()) link.start();
  }

  stop(): void {
    for (const link of this.links.values()) link.stop();
  }

  /** A committed local write of `epoch`; one from before a reset is not sent. */
  send(message: ReplicatedWrite, epoch: number): void {
    if (epoch !== this.source.epoch) return;
    for (const link of this.links.values()) link.send([message]);
  }

  linkChanged(peer: ReplicaId): void {
    const link = this.links.get(peer);
    if (!link) return;
    // Lifting a hold lets what it held go on, through the link as it is now (delay, loss…).
    if (!this.source.link(peer).hold) {
      for (const held of this.held.takeAllTo(peer)) link.dropHeld(held.message);
    }
    link.changed();
  }

  reset(): void {
    for (const link of this.links.values()) link.reset();
    this.held.clear();
  }

  release(id: string): HeldMessage {
    const held = this.take(id);
    this.links.get(held.to)?.release(held.message);
    return listedHeld(held);
  }

  drop(id: string): HeldMessage {
    const held = this.take(id);
    this.links.get(held.to)?.dropHeld(held.message);
    return listedHeld(held);
  }

  private take(id: string): HeldCopy {
    const held = this.held.take(id);
    if (!held) throw new ApiError("held-not-found", `no held message has id ${id}`);
    return held;
  }
}
