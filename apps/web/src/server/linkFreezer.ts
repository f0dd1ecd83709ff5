/**
 * Freezes the cluster's links for a paused run, an open question or Oddity's step-messages mode:
 * every link holds (messages in flight wait in the held lists) until it thaws, and then each link
 * gets back the hold it had, or the one a run step set meanwhile. Changes are applied one at a time,
 * in order, so a thaw never overtakes the freeze before it.
 */
import type { ReplicaId } from "@causal-kv/core";
import type { LinkUpdate } from "@causal-kv/protocol";
import type { Cluster } from "@causal-kv/scenarios";

const linkKey = (from: ReplicaId, to: ReplicaId) => `${from}>${to}`;

export class LinkFreezer {
  private frozen = false;
  /** While frozen: the hold each link is meant to have once it thaws. */
  private readonly meant = new Map<string, boolean>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly cluster: Cluster) {}

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Freezes or thaws every link; resolves once the replicas have the change. */
  set(frozen: boolean): Promise<void> {
    return this.enqueue(async () => {
      if (frozen === this.frozen) return;
      this.frozen = frozen;
      if (frozen) await this.freeze();
      else await this.thaw();
    });
  }

  /** Holds every link again: after a reset, which heals them all. */
  refreeze(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.frozen) return;
      // What the links were meant to be went with the reset.
      this.meant.clear();
      await this.freeze();
    });
  }

  /** A run's link step: carried out as asked, except that a frozen link keeps holding. */
  setLink(from: ReplicaId, to: ReplicaId, update: LinkUpdate): Promise<void> {
    return this.enqueue(async () => {
      if (!this.frozen) {
        await this.cluster.client(from).setLink(to, update);
        return;
      }
      if (update.hold !== undefined) this.meant.set(linkKey(from, to), update.hold);
      await this.cluster.client(from).setLink(to, { ...update, hold: true });
    });
  }

  private async freeze(): Promise<void> {
    await Promise.all(
      this.cluster.ids.map(async (from) => {
        const { links } = await this.cluster.client(from).status();
        await Promise.all(
          this.cluster.ids
            .filter((to) => to !== from)
            .map(async (to) => {
              const key = linkKey(from, to);
              if (!this.meant.has(key)) this.meant.set(key, links[to]?.hold ?? false);
              await this.cluster.client(from).setLink(to, { hold: true });
            }),
        );
      }),
    );
  }

  private async thaw(): Promise<void> {
    const meant = [...this.meant];
    this.meant.clear();
    await Promise.all(
      meant.map(async ([key, hold]) => {
        const [from = "", to = ""] = key.split(">");
        if (!hold) await this.cluster.client(from).setLink(to, { hold: false });
      }),
    );
  }

  private enqueue(change: () => Promise<void>): Promise<void> {
    const next = this.queue.then(change);
    // One failed change (a replica down) must not stop the ones after it.
    this.queue = next.catch(() => undefined);
    return next;
  }
}
