/**
 * Messages stopped on held links, by id, until someone releases or drops them. Held messages live
 * only in memory: they are unacknowledged writes, so after a restart the outbox sends them again
 * and a held link holds them again.
 */
import { journaledWrite, type ReplicaId, type ReplicatedWrite } from "@causal-kv/core";
import type { HeldMessage } from "@causal-kv/protocol";

/** A held message with its whole write, to send on release; the list shows it by digest. */
export interface HeldCopy {
  readonly id: string;
  readonly to: ReplicaId;
  readonly message: ReplicatedWrite;
  readonly heldAt: number;
}

/** How a held copy is listed: its value by digest. */
export function listedHeld(held: HeldCopy): HeldMessage {
  return { ...held, message: journaledWrite(held.message) };
}

export class HeldMessages {
  private readonly byId = new Map<string, HeldCopy>();
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
  take(id: string): HeldCopy | undefined {
    const held = this.byId.get(id);
    if (held) {
      this.byId.delete(id);
      this.onChange();
    }
    return held;
  }

  /** Removes and returns every message held for `to`, oldest first. */
  takeAllTo(to: ReplicaId): HeldCopy[] {
    const taken = [...this.byId.values()].filter((held) => held.to === to);
    for (const held of taken) this.byId.delete(held.id);
    if (taken.length > 0) this.onChange();
    return taken;
  }

  list(): HeldMessage[] {
    return [...this.byId.values()].map(listedHeld);
  }

  clear(): void {
    if (this.byId.size === 0) return;
    this.byId.clear();
    this.onChange();
  }
}
