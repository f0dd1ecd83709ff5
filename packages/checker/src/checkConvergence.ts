/**
 * At quiescence, every replica must hold the same store as the first replica. Stores are compared
 * as the journal names values: by size and content hash, with each sibling's clock and origin.
 */
import { type JournaledStore, JournalReplay, journaledStore } from "@causal-kv/core";
import type { Trace } from "./trace.js";
import type { Violation } from "./violation.js";

export function checkConvergence(trace: Trace): Violation[] {
  const [reference, ...others] = trace.replicas;
  if (reference === undefined) return [];
  const expected = storeOf(trace, reference);
  const violations: Violation[] = [];
  for (const replica of others) {
    const actual = storeOf(trace, replica);
    const keys = differingKeys(expected, actual);
    if (keys.length === 0) continue;
    const journal = trace.journals[replica] ?? [];
    const last = journal[journal.length - 1];
    violations.push({
      kind: "diverged",
      replica,
      events: last ? [last] : [],
      message: `${replica} and ${reference} ended with different values for ${keys.join(", ")}`,
    });
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

function differingKeys(a: JournaledStore, b: JournaledStore): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].sort().filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}
