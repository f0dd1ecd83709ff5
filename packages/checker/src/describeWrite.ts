/** How the checker names a write in its sentences: `x=1 (node1:3)`, `delete x (node2:1)`. */
import { type ReplicatedWrite, writeId } from "@causal-kv/core";

export function describeWrite(write: ReplicatedWrite): string {
  const what = write.value === null ? `delete ${write.key}` : `${write.key}=${write.value}`;
  return `${what} (${writeId(write)})`;
}
