/** At quiescence, every write must have been applied at every replica. */
import { appliedWrite, type JournalEvent, type WriteId, writeId } from "@causal-kv/core";
import { describeWrite } from "./describeWrite.js";
import type { Trace } from "./trace.js";
import type { Violation } from "./violation.js";

export function checkDelivery(
  trace: Trace,
  writeEvents: ReadonlyMap<WriteId, JournalEvent>,
): Violation[] {
  const violations: Violation[] = [];
  for (const replica of trace.replicas) {
    const applied = new Set<WriteId>();
    for (const event of trace.journals[replica] ?? []) {
      const write = appliedWrite(event);
      if (write) applied.add(writeId(write));
    }
    for (const [id, event] of writeEvents) {
      if (applied.has(id) || event.type !== "write") continue;
      violations.push({
        kind: "lost",
        replica,
        write: id,
        events: [event],
        message: `${replica} never applied ${describeWrite(event.message)}`,
      });
    }
  }
  return violations;
}
