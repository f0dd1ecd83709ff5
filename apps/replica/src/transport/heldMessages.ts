/**
 * Messages stopped on held links, by id, until someone releases or drops them. Held messages live
 * only in memory: they are unacknowledged writes, so after a restart the outbox sends them again
 * and a held link holds them again.
 */
import type { ReplicaId, ReplicatedWrite } from "@causal-kv/core";
import type { HeldMessage } from "@causal-kv/protocol";

export class HeldMessages {
  private readonly byId = new Map<string, HeldMessage>();
  private nextId = 1;

  constructor(private readonly onChange: () => void) {}

  add(to: ReplicaId, messages: readonly ReplicatedWrite[], now: number): void {
    for (const message of messages) {
      const id = `h${this.nextId++}`;
      this.byId.set(id, { id, to, message, heldAt: now });
    }
    if (messages.length > 0) this.onChange();
  }

  /** Removes and returns a held message. */
  take(id: string): HeldMessage | undefined {
    const held = this.byId.get(id);
    if (held) {
      this.byId.delete(id);
      this.onChange();
    }
    return held;
  }

  /** Removes and returns every message held for `to`, oldest first. */
  takeAllTo(to: ReplicaId): HeldMessage[] {
    const taken = [...this.byId.values()].filter((held) => held.to === to);
    for (const held of taken) this.byId.delete(held.id);
    if (taken.length > 0) this.onChange();
    return taken;
  }

  list(): HeldMessage[] {
    return [...this.byId.values()];
  }

  clear(): void {
    if (this.byId.size === 0) return;
    this.byId.clear();
    this.onChange();
  }
}
