/**
 * How a write is named in a sentence. What it changes, `x=1` or `delete x`, where the reader knows
 * which write is meant (a panel, a tooltip, a scenario's verdict); the write itself, with its id,
 * `x=1 (node1:3)`, where two writes could read alike (the checker's violations). A journaled write
 * shows its value's preview, with an ellipsis where it was cut.
 */
import {
  type JournaledWrite,
  previewText,
  type ReplicatedWrite,
  type ValueDigest,
  writeId,
} from "@causal-kv/core";

/** A write whole (as a client or peer sent it) or as the journal names it (a digest, maybe cut). */
export type DescribedWrite = JournaledWrite | ReplicatedWrite;

export function describeChange(write: DescribedWrite): string {
  return write.value === null ? `delete ${write.key}` : `${write.key}=${shownValue(write.value)}`;
}

/** A value, or its preview with an ellipsis where it was cut. */
export function shownValue(value: string | ValueDigest): string {
  return typeof value === "string" ? value : previewText(value);
}

export function describeWrite(write: DescribedWrite): string {
  return `${describeChange(write)} (${writeId(write)})`;
}
