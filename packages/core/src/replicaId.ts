/** Replica ids: short names such as `node1`, ordered so that node2 comes before node10. */
import { CoreError } from "./coreError.js";

export type ReplicaId = string;

// A letter first: an all-digit id would be an integer-like key, which objects order before others.
const replicaIdPattern = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const numberedId = /^(.*?)(\d+)$/;

export function isReplicaId(value: unknown): value is ReplicaId {
  // Names like `constructor` would read Object.prototype's members as clock entries.
  return typeof value === "string" && replicaIdPattern.test(value) && !(value in Object.prototype);
}

/**
 * Orders ids by prefix, then by trailing number, so lanes read node1, node2, …, node10. The whole id
 * breaks ties (node01 vs node1), and every id is compared by the same key, so the order is total:
 * canonical clocks and sibling lists must not depend on insertion order.
 */
export function compareReplicaIds(a: ReplicaId, b: ReplicaId): number {
  if (a === b) return 0;
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka.prefix !== kb.prefix) return ka.prefix < kb.prefix ? -1 : 1;
  return ka.number - kb.number || (a < b ? -1 : 1);
}

interface SortKey {
  readonly prefix: string;
  /** -1 for an id without a trailing number, so `node` sorts before `node0`. */
  readonly number: number;
}

// Every clock is sorted by id, and a cluster has few ids: parse each once, not on every comparison.
const sortKeys = new Map<ReplicaId, SortKey>();
const maxCachedIds = 4096;

function sortKey(id: ReplicaId): SortKey {
  let key = sortKeys.get(id);
  if (key === undefined) {
    const match = numberedId.exec(id);
    key = match ? { prefix: match[1] ?? "", number: Number(match[2]) } : { prefix: id, number: -1 };
    if (sortKeys.size >= maxCachedIds) sortKeys.clear();
    sortKeys.set(id, key);
  }
  return key;
}

/** Checks a member list: valid ids, no repeats. Returns it sorted. */
export function normalizeMembers(members: readonly string[]): ReplicaId[] {
  if (members.length === 0)
    throw new CoreError("invalid-config", "a cluster needs at least one replica");
  const seen = new Set<string>();
  for (const id of members) {
    if (!isReplicaId(id)) {
      throw new CoreError(
        "invalid-config",
        `"${id}" is not a replica id (a letter, then letters, digits, - and _)`,
      );
    }
    if (seen.has(id)) throw new CoreError("invalid-config", `replica "${id}" is listed twice`);
    seen.add(id);
  }
  return [...members].sort(compareReplicaIds);
}
