/** Journal events and buffer waits in plain words, for tooltips, panels and the event list. */
import { type JournalEvent, parseWriteId, type ReplicatedWrite, writeId } from "@causal-kv/core";

export function describeWrite(write: ReplicatedWrite): string {
  return write.value === null ? `delete ${write.key}` : `${write.key}=${write.value}`;
}

/** `node1:3` → "node1's write #3". */
export function describeWait(ref: string): string {
  const parsed = parseWriteId(ref);
  return parsed ? `${parsed.origin}'s write #${parsed.seq}` : ref;
}

export function describeEvent(event: JournalEvent): string {
  switch (event.type) {
    case "write":
      return `${event.replica} wrote ${describeWrite(event.message)} (its write #${writeId(event.message).split(":")[1]})`;
    case "send":
      return `${event.replica} sent ${describeWrite(event.message)} to ${event.to.join(", ")}`;
    case "receive":
      return `${event.replica} received ${describeWrite(event.message)} from ${event.message.origin}`;
    case "buffer":
      return `${event.replica} buffered ${describeWrite(event.message)}: waits for ${event.waitingFor.map(describeWait).join(" and ")}`;
    case "deliver":
      return event.bufferedMs > 0
        ? `${event.replica} delivered ${describeWrite(event.message)} from ${event.message.origin} after ${formatMs(event.bufferedMs)} in the buffer`
        : `${event.replica} delivered ${describeWrite(event.message)} from ${event.message.origin}`;
    case "duplicate":
      return event.discarded === "incoming"
        ? `${event.replica} discarded a duplicate of ${describeWrite(event.message)} (${writeId(event.message)})`
        : `${event.replica} discarded buffered ${describeWrite(event.message)} (${writeId(event.message)}): its number was applied meanwhile`;
    case "mode":
      return `${event.replica} switched to ${event.mode} delivery`;
    case "restart":
      return `${event.replica} restarted from its saved state`;
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
