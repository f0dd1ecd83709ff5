/** Replica ids: short names such as `node1`, ordered so that node2 comes before node10. */
import { CoreError } from "./coreError.js";

export type ReplicaId = string;

const replicaIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const numberedId = /^(.*?)(\d+)$/;

export function isReplicaId(value: unknown): value is ReplicaId {
  return typeof value === "string" && replicaIdPattern.test(value);
}

/** Orders ids by prefix, then by trailing number, so lanes read node1, node2, …, node10. */
export function compareReplicaIds(a: ReplicaId, b: ReplicaId): number {
  const ma = numberedId.exec(a);
  const mb = numberedId.exec(b);
  if (ma && mb && ma[1] === mb[1]) return Number(ma[2]) - Number(mb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
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
        `"${id}" is not a replica id (letters, digits, - and _)`,
      );
    }
    if (seen.has(id)) throw new CoreError("invalid-config", `replica "${id}" is listed twice`);
    seen.add(id);
  }
  return [...members].sort(compareReplicaIds);
}
