/**
 * One journal event as one line of `watch`: when, where, what happened to which write, and the
 * replica's clock after it. Columns stay aligned so a burst of events reads as a table. A value
 * shows as the journal has it: its preview, marked when cut, with its size then.
 */
import { type JournalEvent, type JournaledWrite, previewText, writeId } from "@causal-kv/core";
import { clockText } from "./clockText.js";
import { valueText } from "./valueText.js";

export function journalLine(event: JournalEvent, replicaWidth = 5): string {
  const time = new Date(event.time).toISOString().slice(11, 23);
  const what = describeEvent(event);
  return `${time}  ${event.replica.padEnd(replicaWidth)}  ${event.type.padEnd(10)}${what}   [${clockText(event.clock)}]`;
}

function describeEvent(event: JournalEvent): string {
  switch (event.type) {
    case "write":
      return writeText(event.message);
    case "send":
      return `${writeText(event.message)} → ${event.to.join(", ")}`;
    case "receive":
      return writeText(event.message);
    case "buffer":
      return `${writeText(event.message)}, waiting for ${event.waitingFor.join(", ")}`;
    case "deliver":
      return event.bufferedMs > 0
        ? `${writeText(event.message)}, after ${seconds(event.bufferedMs)} in the buffer`
        : writeText(event.message);
    case "duplicate":
      return event.discarded === "incoming"
        ? `${writeText(event.message)} again: discarded`
        : `${writeText(event.message)} discarded from the buffer: its number was applied meanwhile`;
    case "mode":
      return `delivery is now ${event.mode}`;
    case "restart":
      return "restarted from its database";
    case "catch-up":
      return `caught up from ${event.from}'s state`;
  }
}

function writeText(write: JournaledWrite): string {
  const { value } = write;
  const change =
    value === null
      ? "deleted"
      : value.cut
        ? `= ${valueText(previewText(value), 40)} (${value.bytes} bytes)`
        : `= ${valueText(value.preview, 40)}`;
  return `${writeId(write)} ${write.key} ${change}`;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
