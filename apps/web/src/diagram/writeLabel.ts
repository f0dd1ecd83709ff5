/**
 * The short label a message's arrow carries: the write as `key=value`, each side cut to a few
 * characters with an ellipsis, so a label never runs past its arrow.
 */
import type { ReplicatedWrite } from "@causal-kv/core";

const keyChars = 6;
const valueChars = 6;

export function writeLabel(write: Pick<ReplicatedWrite, "key" | "value">): string {
  const key = cut(write.key, keyChars);
  return write.value === null ? `del ${key}` : `${key}=${cut(write.value, valueChars)}`;
}

function cut(text: string, chars: number): string {
  const points = [...text];
  return points.length <= chars ? text : `${points.slice(0, chars - 1).join("")}…`;
}
