/**
 * The verdict on one soak, from what the replicas recorded: the checker's causal order, double
 * application, loss and journal convergence; every acknowledged write applied exactly once at every
 * replica with the key and value it was acknowledged with; unbroken journals with one restart per
 * kill; reported stores byte-identical and equal to what their journals replay to; and what the
 * sessions saw, judged by the client checker (causal order and the four session guarantees).
 */
import {
  type ClientHistory,
  checkClientHistory,
  checkTrace,
  storeOf,
  type Violation,
} from "@causal-kv/checker";
import {
  AppliedWrites,
  appliedWrite,
  digestValue,
  type JournalEvent,
  journaledStore,
  parseWriteId,
  previewText,
  type StoreSnapshot,
  sameDigest,
  type ValueDigest,
  writeId,
} from "@causal-kv/core";
import type { AcknowledgedWrite, IndefiniteWrite } from "./sessionWriters.js";

export interface SoakRecord {
  readonly replicas: readonly string[];
  readonly journals: Readonly<Record<string, readonly JournalEvent[]>>;
  /** Each replica's store as GET /status reported it after quiescence. */
  readonly stores: Readonly<Record<string, StoreSnapshot>>;
  readonly acknowledged: readonly AcknowledgedWrite[];
  readonly indefinite: readonly IndefiniteWrite[];
  /** How many times each replica was started again on its data. */
  readonly restarts: Readonly<Record<string, number>>;
  /** Why the cluster never went quiet, if it did not. */
  readonly unsettled?: string;
  /** What the client sessions saw, if the soak had sessions. */
  readonly history?: ClientHistory;
}

export interface Finding {
  readonly kind: string;
  readonly message: string;
}

export interface SoakVerdict {
  readonly acknowledged: number;
  /** Acknowledged writes missing at one replica or more. */
  readonly lost: readonly Finding[];
  readonly violations: readonly Finding[];
  /** Indefinite writes that were in fact applied (they then had to reach every replica). */
  readonly indefiniteApplied: number;
  readonly events: number;
  /** Arrivals that had to wait in a causal buffer, and copies discarded as duplicates. */
  readonly buffered: number;
  readonly duplicates: number;
}

export function judgeSoak(record: SoakRecord): SoakVerdict {
  const { replicas, journals } = record;
  const quiescent = record.unsettled === undefined;
  const violations: Finding[] = [];
  if (!quiescent) violations.push({ kind: "not-quiescent", message: record.unsettled ?? "" });

  const acknowledgedIds = new Set(record.acknowledged.map((write) => write.id));
  // Journals replayed on their own: the reported stores are compared separately below.
  for (const violation of checkTrace({ replicas, journals }, { quiescent })) {
    if (violation.kind === "lost" && violation.write && acknowledgedIds.has(violation.write))
      continue;
    violations.push(fromChecker(violation));
  }

  const applied = appliedByReplica(record);
  const caughtUp = caughtUpByReplica(record);
  const lost: Finding[] = [];
  for (const write of record.acknowledged) {
    const { origin, seq } = parseWriteId(write.id) ?? { origin: "", seq: 0 };
    const missing = replicas.filter(
      (replica) => !applied.get(replica)?.has(write.id) && !caughtUp.get(replica)?.has(origin, seq),
    );
    if (missing.length > 0) {
      lost.push({
        kind: "lost",
        message: `${write.id} (${write.key}=${String(write.value)}, acknowledged by ${write.replica}) never applied at ${missing.join(", ")}`,
      });
    }
    for (const replica of replicas) {
      const event = applied.get(replica)?.get(write.id);
      if (!event) continue;
      const message = appliedWrite(event);
      if (message && (message.key !== write.key || !sameDigest(message.value, digestOf(write)))) {
        const appliedValue = message.value === null ? "null" : previewText(message.value);
        violations.push({
          kind: "counter-reused",
          message: `${replica} applied ${write.id} as ${message.key}=${appliedValue}, but it was acknowledged as ${write.key}=${String(write.value)}`,
        });
      }
    }
  }

  for (const replica of replicas) {
    const journal = journals[replica] ?? [];
    const gap = journal.findIndex((event, i) => event.seq !== i + 1);
    if (gap >= 0) {
      violations.push({
        kind: "journal-gap",
        message: `${replica}'s journal has seq ${journal[gap]?.seq} at position ${gap + 1}`,
      });
    }
    const restartEvents = journal.filter((event) => event.type === "restart").length;
    const restarts = record.restarts[replica] ?? 0;
    if (restartEvents !== restarts) {
      violations.push({
        kind: "restart-unrecorded",
        message: `${replica} was restarted ${restarts} times but journaled ${restartEvents} restarts`,
      });
    }
  }

  if (quiescent) violations.push(...compareStores(record));
  for (const violation of checkClientHistory(record.history ?? {})) {
    violations.push({ kind: violation.kind, message: violation.message });
  }

  const all = replicas.flatMap((replica) => journals[replica] ?? []);
  return {
    acknowledged: record.acknowledged.length,
    lost,
    violations,
    indefiniteApplied: record.indefinite.filter((write) => wasApplied(record, write)).length,
    events: all.length,
    buffered: all.filter((event) => event.type === "buffer").length,
    duplicates: all.filter((event) => event.type === "duplicate").length,
  };
}

function fromChecker(violation: Violation): Finding {
  return { kind: violation.kind, message: violation.message };
}

/** Per replica, the first event that applied each write. */
function appliedByReplica(record: SoakRecord): Map<string, Map<string, JournalEvent>> {
  const byReplica = new Map<string, Map<string, JournalEvent>>();
  for (const replica of record.replicas) {
    const applied = new Map<string, JournalEvent>();
    for (const event of record.journals[replica] ?? []) {
      const write = appliedWrite(event);
      if (write && !applied.has(writeId(write))) applied.set(writeId(write), event);
    }
    byReplica.set(replica, applied);
  }
  return byReplica;
}

/**
 * Per replica, the writes it took in by state transfer (a replica back from a wiped disk): its
 * journal starts after them, so no event of its own applies them.
 */
function caughtUpByReplica(record: SoakRecord): Map<string, AppliedWrites> {
  const byReplica = new Map<string, AppliedWrites>();
  for (const replica of record.replicas) {
    const writes = new AppliedWrites(record.replicas);
    for (const event of record.journals[replica] ?? []) {
      if (event.type === "catch-up") writes.merge(event.applied);
    }
    byReplica.set(replica, writes);
  }
  return byReplica;
}

/** An indefinite write's value is unique, so its origin's journal shows whether it happened. */
function wasApplied(record: SoakRecord, write: IndefiniteWrite): boolean {
  const digest = digestOf(write);
  return (record.journals[write.replica] ?? []).some(
    (event) =>
      event.type === "write" &&
      event.message.key === write.key &&
      sameDigest(event.message.value, digest),
  );
}

/** A write's value as the journal names it. */
function digestOf(write: { readonly value: string | null }): ValueDigest | null {
  return write.value === null ? null : digestValue(write.value);
}

/** Reported stores must be byte-identical, and each must be what its own journal replays to. */
function compareStores(record: SoakRecord): Finding[] {
  const findings: Finding[] = [];
  const [reference, ...others] = record.replicas;
  if (reference === undefined) return findings;
  const expected = record.stores[reference] ?? {};
  for (const replica of others) {
    const actual = record.stores[replica] ?? {};
    if (JSON.stringify(actual) === JSON.stringify(expected)) continue;
    findings.push({
      kind: "diverged",
      // Same siblings listed in another order still differ byte for byte: say so.
      message: `${replica}'s store differs from ${reference}'s in ${differingKeys(expected, actual).join(", ") || "key order"}`,
    });
  }
  for (const replica of record.replicas) {
    const replayed = storeOf({ replicas: record.replicas, journals: record.journals }, replica);
    // The journal names values by digest: the reported store is compared digested too.
    const keys = differingKeys(replayed, journaledStore(record.stores[replica] ?? {}));
    if (keys.length > 0) {
      findings.push({
        kind: "store-unlike-journal",
        message: `${replica}'s store is not what its journal replays to, in ${keys.join(", ")}`,
      });
    }
  }
  return findings;
}

function differingKeys<V>(a: StoreSnapshot<V>, b: StoreSnapshot<V>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].sort().filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}
