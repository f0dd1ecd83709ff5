/**
 * Judges a whole trace. Causal order and double application are checked at any moment; lost writes
 * and divergence only make sense once the run is quiescent (nothing in flight, nothing buffered).
 */
import { type JournalEvent, type WriteId, writeId } from "@causal-kv/core";
import { checkCausalOrder } from "./checkCausalOrder.js";
import { checkConvergence } from "./checkConvergence.js";
import { checkDelivery } from "./checkDelivery.js";
import type { Trace } from "./trace.js";
import type { Violation } from "./violation.js";

export interface CheckOptions {
  /** True when the run has ended and every message had time to arrive. */
  readonly quiescent: boolean;
}

export function checkTrace(trace: Trace, options: CheckOptions): Violation[] {
  const writeEvents = indexWrites(trace);
  const violations = checkCausalOrder(trace, writeEvents);
  if (options.quiescent)
    violations.push(...checkDelivery(trace, writeEvents), ...checkConvergence(trace));
  return violations;
}

/** Each write's `write` event at its origin, by write id. */
function indexWrites(trace: Trace): Map<WriteId, JournalEvent> {
  const index = new Map<WriteId, JournalEvent>();
  for (const replica of trace.replicas) {
    for (const event of trace.journals[replica] ?? []) {
      if (event.type === "write") index.set(writeId(event.message), event);
    }
  }
  return index;
}
