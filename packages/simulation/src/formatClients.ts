/** Prints what the simulated clients did and saw, session by session, and what the client checker found. */
import { describeOperation } from "@causal-kv/checker";
import type { SimulationResult } from "./simulationResult.js";

export function formatClients(result: SimulationResult): string[] {
  const { clients } = result;
  if (!clients) return [];
  const lines = [
    `clients: ${clients.plan.clients.length} sessions hopping between replicas, ${clients.contexts ? `with causal contexts (a replica waits up to ${clients.plan.waitMs} ms for one)` : "without contexts"}`,
  ];
  for (const { name } of clients.plan.clients) {
    for (const [index, operation] of (clients.history[name] ?? []).entries()) {
      lines.push(
        `  ${String(index + 1).padStart(3)}. ${describeOperation({ session: name, index, operation })}`,
      );
    }
  }
  for (const v of clients.violations) lines.push(`CLIENT VIOLATION ${v.kind}: ${v.message}`);
  return lines;
}
