/**
 * A client's request in words, for its hover text: who asked which replica for what, the causal
 * context it carried, and what came back, and how long the replica took when it waited.
 */
import type { VectorClock } from "@causal-kv/core";
import { formatClock } from "../lab/describeEvent";
import type { ClientRequest } from "./layoutClients";

export function describeRequest({ exchange, sentAt, answeredAt }: ClientRequest): string {
  const { client, replica, operation, key, value, context, answer } = exchange;
  const what =
    operation === "read"
      ? `read ${key}`
      : value === null || value === undefined
        ? `delete ${key}`
        : `write ${key} = ${JSON.stringify(value)}`;
  const carried = context
    ? `carrying the context ${clockText(context)}`
    : "without a causal context";
  const lines = [`${client} → ${replica}: ${what}, ${carried}`];
  if (!answer || answeredAt === undefined) {
    lines.push(`waiting for ${replica}`);
    return lines.join("\n");
  }
  const took = answeredAt - sentAt;
  const after = took >= 300 ? ` after ${(took / 1000).toFixed(1)} s` : "";
  if (answer.error) lines.push(`refused${after}: ${answer.error}`);
  else if (answer.written)
    lines.push(`written${after}, clock ${formatClock(answer.written.clock)}`);
  else {
    const values = (answer.read ?? []).map((sibling) =>
      sibling.value === null ? "(deleted)" : JSON.stringify(sibling.value),
    );
    lines.push(`${values.length === 0 ? "no value" : values.join(" | ")}${after}`);
  }
  if (answer.context) lines.push(`the session's context is now ${clockText(answer.context)}`);
  return lines.join("\n");
}

function clockText(clock: VectorClock): string {
  return Object.keys(clock).length === 0 ? "(empty)" : formatClock(clock);
}
