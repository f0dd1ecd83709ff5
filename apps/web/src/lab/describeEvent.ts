/** Journal events and buffer waits in plain words, for tooltips, panels and the event list. */
import { describeChange } from "@causal-kv/checker";
import { type JournalEvent, parseWriteId, writeId } from "@causal-kv/core";

/** `node1:3` → "node1's write #3". */
export function describeWait(ref: string): string {
  const parsed = parseWriteId(ref);
  return parsed ? `${parsed.origin}'s write #${parsed.seq}` : ref;
}

export function describeEvent(event: JournalEvent): string {
  switch (event.type) {
    case "write":
      return `${event.replica} wrote ${describeChange(event.message)} (its write #${writeId(event.message).split(":")[1]})`;
    case "send":
      return `${event.replica} sent ${describeChange(event.message)} to ${event.to.join(", ")}`;
    case "receive":
      return `${event.replica} received ${describeChange(event.message)} from ${event.message.origin}`;
    case "buffer":
      return `${event.replica} buffered ${describeChange(event.message)}: waits for ${event.waitingFor.map(describeWait).join(" and ")}`;
    case "deliver":
      return event.bufferedMs > 0
        ? `${event.replica} delivered ${describeChange(event.message)} from ${event.message.origin} after ${formatMs(event.bufferedMs)} in the buffer`
        : `${event.replica} delivered ${describeChange(event.message)} from ${event.message.origin}`;
    case "duplicate":
      return event.discarded === "incoming"
        ? `${event.replica} discarded a duplicate of ${describeChange(event.message)} (${writeId(event.message)})`
        : `${event.replica} discarded buffered ${describeChange(event.message)} (${writeId(event.message)}): its number was applied meanwhile`;
    case "mode":
      return `${event.replica} switched to ${event.mode} delivery`;
    case "restart":
      return `${event.replica} restarted from its saved state`;
    case "catch-up":
      return `${event.replica} caught up from ${event.from}'s state, reaching ${formatClock(event.clock)}`;
  }
}

export function formatClock(clock: Readonly<Record<string, number>>): string {
  return `[${Object.entries(clock)
    .map(([id, n]) => `${id}:${n}`)
    .join(", ")}]`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
