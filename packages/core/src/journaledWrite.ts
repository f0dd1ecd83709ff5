/**
 * A write as the journal names it: origin, clock and key, with a digest of its value in place of
 * the value. Digests are made once per write object: one write appears in several events.
 */
import type { ReplicaId } from "./replicaId.js";
import type { ReplicatedWrite } from "./replicatedWrite.js";
import { digestValue, type ValueDigest } from "./valueDigest.js";
import type { VectorClock } from "./vectorClock.js";
import type { Sibling, StoreSnapshot } from "./versionedStore.js";

export interface JournaledWrite {
  readonly origin: ReplicaId;
  readonly clock: VectorClock;
  readonly key: string;
  /** `null` is a tombstone: a causal delete. */
  readonly value: ValueDigest | null;
}

/** A store as the journal and its replays hold it: each sibling's value digested. */
export type JournaledStore = StoreSnapshot<ValueDigest | null>;
export type JournaledSibling = Sibling<ValueDigest | null>;

const journaled = new WeakMap<ReplicatedWrite, JournaledWrite>();

export function journaledWrite(write: ReplicatedWrite): JournaledWrite {
  let named = journaled.get(write);
  if (named === undefined) {
    const { origin, clock, key, value } = write;
    named = { origin, clock, key, value: value === null ? null : digestValue(value) };
    journaled.set(write, named);
  }
  return named;
}

export function journaledStore(store: StoreSnapshot): JournaledStore {
  const digested: Record<string, readonly JournaledSibling[]> = Object.create(null);
  for (const [key, siblings] of Object.entries(store)) {
    digested[key] = siblings.map(({ value, clock, origin }) => ({
      value: value === null ? null : digestValue(value),
      clock,
      origin,
    }));
  }
  return digested;
}
