/**
 * At quiescence, every replica must hold the same store as the first replica. Stores are compared
 * as the journal names values: by size and content hash, with each sibling's clock and origin.
 */
import {
  type JournalEvent,
  type JournaledStore,
  JournalReplay,
  journaledStore,
} from "@causal-kv/core";
import type { Trace } from "./trace.js";
import type { Violation } from "./violation.js";

export function checkConvergence(trace: Trace): Violation[] {
  const [reference, ...others] = trace.replicas;
  if (reference === undefined) return [];
  const expected = storeOf(trace, reference);
  const violations: Violation[] = [];
  for (const replica of others) {
    const journal = trace.journals[replica] ?? [];
    const found = divergence(replica, reference, expected, storeOf(trace, replica), journal.at(-1));
    if (found) violations.push(found);
  }
  return violations;
}

/** The store a replica reported, or else the one its journal folds to. */
export function storeOf(trace: Trace, replica: string): JournaledStore {
  const reported = trace.stores?.[replica];
  if (reported) return journaledStore(reported);
  return JournalReplay.fresh(trace.replicas)
    .applyAll(trace.journals[replica] ?? [])
    .storeSnapshot();
}

/** `replica` against the reference's store, if they differ; `last` is its latest event. */
export function divergence(
  replica: string,
  reference: string,
  expected: JournaledStore,
  actual: JournaledStore,
  last: JournalEvent | undefined,
): Violation | undefined {
  const keys = differingKeys(expected, actual);
  if (keys.length === 0) return undefined;
  return {
    kind: "diverged",
    replica,
    events: last ? [last] : [],
    message: `${replica} and ${reference} ended with different values for ${keys.join(", ")}`,
  };
}

function differingKeys(a: JournaledStore, b: JournaledStore): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].sort().filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}
