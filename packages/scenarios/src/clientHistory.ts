/**
 * Client histories of a lab run: what the named clients saw, plus every other write in the
 * replicas' journals (made by no client: a plain scenario step, the CLI) as a one-write session of
 * its own, so a client that reads such a write is not taken to read from thin air. A write is
 * named by its value's preview (as the journal has it) and its write id, unique in an epoch even
 * when values repeat.
 */
import type { ClientHistory, ClientOperation, Trace } from "@causal-kv/checker";
import {
  digestValue,
  type JournaledWrite,
  previewText,
  type ReplicatedWrite,
  writeId,
} from "@causal-kv/core";
import type { ClientExchange } from "./clientExchange.js";

export function historyValue(
  write: Pick<ReplicatedWrite | JournaledWrite, "value" | "origin" | "clock">,
): string {
  const { value } = write;
  if (value === null) return `(deleted) (${writeId(write)})`;
  const digest = typeof value === "string" ? digestValue(value) : value;
  return `${previewText(digest)} (${writeId(write)})`;
}

/**
 * The history the answered exchanges make, each client's in the order it sent them; a request
 * that failed says nothing and is left out. `exchangeOf` finds the exchange of an operation
 * (`Carol:1`: Carol's second), to show a violation where it happened.
 */
export function historyOfExchanges(exchanges: readonly ClientExchange[]): {
  history: ClientHistory;
  exchangeOf: ReadonlyMap<string, ClientExchange>;
} {
  const history: Record<string, ClientOperation[]> = {};
  const exchangeOf = new Map<string, ClientExchange>();
  for (const exchange of [...exchanges].sort((a, b) => a.sentAt - b.sentAt || a.id - b.id)) {
    const { answer, client, key, replica } = exchange;
    const operation: ClientOperation | undefined = answer?.written
      ? {
          type: "write",
          key,
          value: historyValue(answer.written),
          clock: answer.written.clock,
          replica,
        }
      : answer?.read
        ? {
            type: "read",
            key,
            values: answer.read.map((sibling) => ({
              value: historyValue(sibling),
              clock: sibling.clock,
            })),
            replica,
          }
        : undefined;
    if (!operation) continue;
    const operations = history[client] ?? [];
    exchangeOf.set(`${client}:${operations.length}`, exchange);
    operations.push(operation);
    history[client] = operations;
  }
  return { history, exchangeOf };
}

export function withJournalWrites(clients: ClientHistory, trace: Trace): ClientHistory {
  const known = new Set<string>();
  for (const operations of Object.values(clients)) {
    for (const operation of operations) if (operation.type === "write") known.add(operation.value);
  }
  const history: Record<string, readonly ClientOperation[]> = { ...clients };
  for (const replica of trace.replicas) {
    for (const event of trace.journals[replica] ?? []) {
      if (event.type !== "write") continue;
      const value = historyValue(event.message);
      if (known.has(value)) continue;
      known.add(value);
      history[`(no client, ${writeId(event.message)})`] = [
        { type: "write", key: event.message.key, value, clock: event.message.clock, replica },
      ];
    }
  }
  return history;
}
