/**
 * The short label a message's arrow carries: the write as `key=value`, each side cut to a few
 * characters with an ellipsis, so a label never runs past its arrow. A journaled write's value is
 * its preview (a cut preview is cut here anyway: it is longer than a label).
 */
import { previewText, type ReplicatedWrite, type ValueDigest } from "@causal-kv/core";

const keyChars = 6;
const valueChars = 6;

export function writeLabel(
  write: Pick<ReplicatedWrite, "key"> & { readonly value: string | ValueDigest | null },
): string {
  const key = cut(write.key, keyChars);
  if (write.value === null) return `del ${key}`;
  const { value } = write;
  const text = typeof value === "string" ? value : previewText(value);
  return `${key}=${cut(text, valueChars)}`;
}

function cut(text: string, chars: number): string {
  const points = [...text];
  return points.length <= chars ? text : `${points.slice(0, chars - 1).join("")}…`;
}
