/**
 * An event's name in a trace, `node2#14`: its replica and its place in that replica's journal,
 * unique in a trace. The diagram's marks, the event clocks and the selection all use it.
 */
import type { JournalEvent } from "@causal-kv/core";

export function eventId(event: Pick<JournalEvent, "replica" | "seq">): string {
  return `${event.replica}#${event.seq}`;
}
