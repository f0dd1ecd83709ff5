/** How far a trace is from quiescent: the (write, destination) pairs sent but not applied there. */
import { type WriteId, writeId } from "@causal-kv/core";
import type { Trace } from "./trace.js";

/** Counts each send's destinations (among the trace's replicas) that never applied its write. */
export function writesInFlight(trace: Trace): number {
  const applied = new Set<string>();
  for (const replica of trace.replicas)
    for (const event of trace.journals[replica] ?? [])
      if (event.type === "deliver" || event.type === "write")
        applied.add(`${writeId(event.message)}@${replica}`);
  let owed = 0;
  for (const replica of trace.replicas)
    for (const event of trace.journals[replica] ?? []) {
      if (event.type !== "send") continue;
      const id: WriteId = writeId(event.message);
      for (const peer of event.to)
        if (trace.replicas.includes(peer) && !applied.has(`${id}@${peer}`)) owed++;
    }
  return owed;
}
