/**
 * Carries out a fault schedule on a real cluster, on time. Steps on one replica run in order, one
 * at a time. Link settings are remembered as intended, so a change made while a replica is down is
 * applied when it comes back. Given the kernel's link faults (a `--hosts` run), partitions and
 * losses are nft rules between the hosts instead, which hold whether the replica is up or not.
 */
import { healthyLink, type LinkSettings, type LinkUpdate } from "@causal-kv/protocol";
import type { ChaosCluster } from "./chaosCluster.js";
import type { FaultAction, FaultSchedule, HeldEnding } from "./faultSchedule.js";
import type { KernelLinkFaults } from "./kernelLinkFaults.js";
import type { SteadyWriter } from "./sessionWriters.js";
import { StorageFaults, type StorageFaultTally } from "./storageFaultRunner.js";

/**
 * Releasing or dropping by hand costs one request per message, each answered with the whole held
 * list, so only the first ones are settled by hand; lifting the hold sends on the rest.
 */
const maxSettledByHand = 50;

export interface FaultTally {
  kills: number;
  restarts: number;
  linkChanges: number;
  released: number;
  dropped: number;
  /** The longest a replica took to answer a control request: slowness is measured, not failed. */
  slowestControlMs: number;
  /** How far behind its schedule a step started, at worst. */
  latestStartMs: number;
  /** Control requests that failed on a replica that was up: the soak could not do what it says. */
  readonly problems: string[];
}

/** Steps on one replica run in order; the writer's switches have a queue of their own. */
function queueOf(action: FaultAction): string {
  switch (action.kind) {
    case "kill":
    case "restart":
    case "wipe":
    case "silent-viewer":
      return action.replica;
    case "large-values":
      return "writer";
    case "link":
    case "settle-held":
      return action.from;
  }
}

export class FaultRunner {
  readonly tally: FaultTally = {
    kills: 0,
    restarts: 0,
    linkChanges: 0,
    released: 0,
    dropped: 0,
    slowestControlMs: 0,
    latestStartMs: 0,
    problems: [],
  };
  private readonly intended = new Map<string, LinkSettings>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly storage: StorageFaults;
  private readonly rejoins = new Set<Promise<void>>();

  constructor(
    private readonly cluster: ChaosCluster,
    writer: SteadyWriter,
    private readonly kernel?: KernelLinkFaults,
  ) {
    this.storage = new StorageFaults(cluster, writer);
  }

  get storageTally(): StorageFaultTally {
    return this.storage.tally;
  }

  /** How many restarts `id`'s journal should show: those since its disk was last wiped. */
  journaledRestarts(id: string): number {
    return this.storage.journaledRestarts(id);
  }

  /** Runs every action at its time after now; resolves when the last one is done. */
  async run(schedule: FaultSchedule): Promise<void> {
    const startedAt = performance.now();
    const done: Promise<void>[] = [];
    for (const action of schedule.actions) {
      const wait = startedAt + action.atMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const due = startedAt + action.atMs;
      done.push(
        this.enqueue(queueOf(action), () => {
          // Steps on one replica wait for each other: how late they start is part of the result.
          const lateMs = Math.round(performance.now() - due);
          this.tally.latestStartMs = Math.max(this.tally.latestStartMs, lateMs);
          return this.apply(action);
        }),
      );
    }
    await Promise.all(done);
    await Promise.all(this.rejoins);
  }

  /** The end of the soak: every replica up, every link healthy, nothing held, no viewer stuck. */
  async healEverything(): Promise<void> {
    this.storage.closeViewers();
    await Promise.all(
      this.cluster.replicas.map((replica) =>
        this.enqueue(replica.id, async () => {
          if (!replica.up) await this.restart(replica.id);
          for (const peer of this.cluster.ids) {
            if (peer === replica.id) continue;
            // Lifting a hold sends on what it held.
            await this.setLink(replica.id, peer, { ...healthyLink });
          }
        }),
      ),
    );
    await Promise.all(this.rejoins);
  }

  private enqueue(replica: string, step: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(replica) ?? Promise.resolve())
      .then(step)
      .catch((error: unknown) => {
        this.tally.problems.push(
          `${replica}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    this.queues.set(replica, next);
    return next;
  }

  private async apply(action: FaultAction): Promise<void> {
    switch (action.kind) {
      case "kill":
        await this.cluster.replica(action.replica).kill9();
        this.tally.kills++;
        return;
      case "restart":
        await this.restart(action.replica);
        return;
      case "link":
        await this.setLink(action.from, action.to, action.update);
        return;
      case "settle-held":
        await this.settleHeld(action.from, action.to, action.ending);
        return;
      case "wipe":
        if (await this.storage.wipe(action.replica)) this.tally.kills++;
        return;
      case "large-values":
        this.storage.largeValues(action.on);
        return;
      case "silent-viewer":
        this.storage.silentViewer(action.replica, action.on);
        return;
    }
  }

  /** Starts a replica again on its data and gives it the link settings it should have now. */
  private async restart(id: string): Promise<void> {
    const replica = this.cluster.replica(id);
    if (replica.up) return;
    await replica.start();
    this.tally.restarts++;
    this.storage.restarted(id);
    for (const peer of this.cluster.ids) {
      const link = this.intended.get(`${id}->${peer}`);
      if (!link) continue;
      // Its outbox went out as it came back, held if the link held before the crash: a hold lifted
      // meanwhile is lifted now, and sends on what it held.
      await this.timed(() => replica.client.setLink(peer, link));
    }
    // A replica back on an empty disk gets client requests again now; its catch-up is timed in
    // the background, and the steps after this one on the replica need not wait for it.
    const rejoined = this.storage.rejoin(id);
    this.rejoins.add(rejoined);
    void rejoined.finally(() => this.rejoins.delete(rejoined));
  }

  private async setLink(from: string, to: string, update: LinkUpdate): Promise<void> {
    if (this.kernel) {
      const { partitioned, dropRate, ...onReplica } = update;
      if (partitioned !== undefined || dropRate !== undefined) {
        await this.kernel.set(from, to, { partitioned, dropRate });
      }
      if (Object.keys(onReplica).length === 0) return;
      return this.setReplicaLink(from, to, onReplica);
    }
    return this.setReplicaLink(from, to, update);
  }

  private async setReplicaLink(from: string, to: string, update: LinkUpdate): Promise<void> {
    const name = `${from}->${to}`;
    const link = { ...(this.intended.get(name) ?? healthyLink), ...update };
    this.intended.set(name, link);
    const replica = this.cluster.replica(from);
    if (!replica.up) return;
    await this.timed(() => replica.client.setLink(to, update));
    this.tally.linkChanges++;
  }

  /** Releases or drops the first messages `from` holds for `to`; one that is down holds nothing. */
  private async settleHeld(from: string, to: string, ending: HeldEnding): Promise<void> {
    const replica = this.cluster.replica(from);
    if (!replica.up) return;
    const { held } = await this.timed(() => replica.client.held());
    let turn = 0;
    for (const message of held.filter((entry) => entry.to === to).slice(0, maxSettledByHand)) {
      const release = ending === "release" || (ending === "alternate" && turn++ % 2 === 0);
      if (release) {
        await this.timed(() => replica.client.releaseHeld(message.id));
        this.tally.released++;
      } else {
        await this.timed(() => replica.client.dropHeld(message.id));
        this.tally.dropped++;
      }
    }
  }

  private async timed<T>(request: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await request();
    } finally {
      const tookMs = Math.round(performance.now() - startedAt);
      this.tally.slowestControlMs = Math.max(this.tally.slowestControlMs, tookMs);
    }
  }
}
