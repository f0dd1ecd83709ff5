/**
 * Carries out the faults of bounded storage on a soak's cluster. A wipe loses nothing acknowledged:
 * only a replica whose own writes some peer has all applied loses its disk, and the other peer may
 * lack some of them (its copies were in the wiped outbox): it gets them back through the replica's
 * anti-entropy. Until the wiped replica has its own writes back, no other disk is wiped (another
 * wipe could take the last copy of writes it lost). The clients leave it alone from just before
 * the wipe until it is up; back on its empty disk it refuses writes as `rejoining` until its peers
 * have told it what of its own they hold (the replica's rejoin gate), so the clients use it at once.
 */
import { mkdirSync, rmSync } from "node:fs";
import type { ChaosCluster } from "./chaosCluster.js";
import type { SteadyWriter } from "./sessionWriters.js";
import { SilentViewer } from "./silentViewer.js";

export interface StorageFaultTally {
  wipes: number;
  /**
   * Wipes not made because no peer of the replica held all of its writes, or another wiped
   * replica had not caught up yet.
   */
  wipesSkipped: number;
  /** Wipes made while another peer still lacked some of the replica's writes (anti-entropy). */
  wipesWithPeerBehind: number;
  /** The longest a wiped replica took from its restart to having its own writes back. */
  slowestCatchUpMs: number;
  silentViewers: number;
  resyncsAsked: number;
  largeValueSpells: number;
  readonly problems: string[];
}

/** How long a replica's peers get to acknowledge its writes before a wipe is given up. */
const drainTimeoutMs = 5000;
/** The bound: a wiped replica has converged within 30 s. */
const catchUpTimeoutMs = 30_000;
const resyncsPerSecond = 20;

export class StorageFaults {
  readonly tally: StorageFaultTally = {
    wipes: 0,
    wipesSkipped: 0,
    wipesWithPeerBehind: 0,
    slowestCatchUpMs: 0,
    silentViewers: 0,
    resyncsAsked: 0,
    largeValueSpells: 0,
    problems: [],
  };
  /** Per wiped replica, its own writes before the wipe and its restarts since. */
  private readonly wiped = new Map<string, { ownWrites: number; restarts: number }>();
  private readonly awaitingCatchUp = new Map<string, number>();
  /** Wiped replicas that have not got their own writes back yet (down, or catching up). */
  private readonly catchingUp = new Set<string>();
  private readonly viewers = new Map<string, SilentViewer>();

  constructor(
    private readonly cluster: ChaosCluster,
    private readonly writer: SteadyWriter,
  ) {}

  /** Kills `id` and deletes its data once a peer has all its writes; says whether it killed. */
  async wipe(id: string): Promise<boolean> {
    const replica = this.cluster.replica(id);
    if (!replica.up || replica.dataDir === undefined) return false;
    if (this.catchingUp.size > 0) {
      this.tally.wipesSkipped++;
      return false;
    }
    await this.writer.exclude(id);
    const drained = await this.drained(id);
    // Again after the wait: another wipe may have been made meanwhile (wipes of two replicas run
    // side by side). Marked at once, before anything else is awaited, so only one of them goes on.
    if (drained === undefined || this.catchingUp.size > 0) {
      this.tally.wipesSkipped++;
      this.writer.include(id);
      return false;
    }
    this.catchingUp.add(id);
    await replica.kill9();
    rmSync(replica.dataDir, { recursive: true, force: true });
    mkdirSync(replica.dataDir);
    this.tally.wipes++;
    if (drained.peerBehind) this.tally.wipesWithPeerBehind++;
    const { ownWrites } = drained;
    this.wiped.set(id, { ownWrites, restarts: 0 });
    this.awaitingCatchUp.set(id, ownWrites);
    return true;
  }

  restarted(id: string): void {
    const wiped = this.wiped.get(id);
    // The first start on the new disk journals no restart: its journal begins there.
    if (wiped && !this.awaitingCatchUp.has(id)) wiped.restarts++;
  }

  /** After a restart: a wiped replica is the clients' again; measures how long its catch-up takes. */
  async rejoin(id: string): Promise<void> {
    const ownWrites = this.awaitingCatchUp.get(id);
    if (ownWrites === undefined) return;
    this.awaitingCatchUp.delete(id);
    this.writer.include(id);
    const startedAt = performance.now();
    const client = this.cluster.replica(id).client;
    for (;;) {
      const status = await client.status().catch(() => undefined);
      if ((status?.clock[id] ?? 0) >= ownWrites) break;
      if (performance.now() - startedAt > catchUpTimeoutMs) {
        this.tally.problems.push(
          `${id}: not caught up ${catchUpTimeoutMs} ms after its disk was wiped (has ${status?.clock[id] ?? "?"} of its ${ownWrites} writes)`,
        );
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.catchingUp.delete(id);
    const tookMs = Math.round(performance.now() - startedAt);
    this.tally.slowestCatchUpMs = Math.max(this.tally.slowestCatchUpMs, tookMs);
  }

  journaledRestarts(id: string): number {
    const wiped = this.wiped.get(id);
    return wiped ? wiped.restarts : this.cluster.replica(id).starts - 1;
  }

  largeValues(on: boolean): void {
    if (on) this.tally.largeValueSpells++;
    this.writer.setLargeValues(on);
  }

  silentViewer(id: string, on: boolean): void {
    const open = this.viewers.get(id);
    if (open) {
      this.tally.resyncsAsked += open.resyncs;
      open.close();
      this.viewers.delete(id);
    }
    const replica = this.cluster.replica(id);
    if (!on || !replica.up) return;
    this.viewers.set(
      id,
      new SilentViewer({ url: replica.url, token: this.cluster.adminToken, resyncsPerSecond }),
    );
    this.tally.silentViewers++;
  }

  closeViewers(): void {
    for (const id of [...this.viewers.keys()]) this.silentViewer(id, false);
  }

  /**
   * Waits until some peer has applied all of `id`'s writes; returns how many it has made, or
   * undefined if none did in time (partitions, peers down). Applied, as the peer's own status says,
   * not acknowledged as `id`'s outbox says: a peer wiped since it acknowledged them lost them too.
   */
  private async drained(
    id: string,
  ): Promise<{ ownWrites: number; peerBehind: boolean } | undefined> {
    const client = this.cluster.replica(id).client;
    const peers = this.cluster.ids.filter((other) => other !== id);
    const startedAt = performance.now();
    while (performance.now() - startedAt < drainTimeoutMs) {
      const status = await client.status().catch(() => undefined);
      if (status) {
        const ownWrites = status.clock[id] ?? 0;
        const held = await Promise.all(
          peers.map(async (peer) => {
            const there = await this.cluster
              .replica(peer)
              .client.status()
              .catch(() => undefined);
            return there?.clock[id] ?? -1;
          }),
        );
        if (held.some((count) => count >= ownWrites)) {
          return { ownWrites, peerBehind: held.some((count) => count < ownWrites) };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  }
}
