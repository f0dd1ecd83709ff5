/**
 * How a write is named in a sentence. What it changes, `x=1` or `delete x`, where the reader knows
 * which write is meant (a panel, a tooltip, a scenario's verdict); the write itself, with its id,
 * `x=1 (node1:3)`, where two writes could read alike (the checker's violations).
 */
import { type ReplicatedWrite, writeId } from "@causal-kv/core";

export function describeChange(write: ReplicatedWrite): string {
  return write.value === null ? `delete ${write.key}` : `${write.key}=${write.value}`;
}

export function describeWrite(write: ReplicatedWrite): string {
  return `${describeChange(write)} (${writeId(write)})`;
}
