/**
 * The JSON text of a replicated write, made once per write object: its outbox row and the batch
 * to each peer carry the same text, and the write is immutable, so a second JSON.stringify of it
 * would only spend the writer's CPU again (the largest part of a batch's cost at the sender).
 */
import type { ReplicatedWrite } from "@causal-kv/core";

const texts = new WeakMap<ReplicatedWrite, string>();

export function writeJson(message: ReplicatedWrite): string {
  let text = texts.get(message);
  if (text === undefined) {
    text = JSON.stringify(message);
    texts.set(message, text);
  }
  return text;
}
