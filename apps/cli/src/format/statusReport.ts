/**
 * `status` as text: one row per replica (mode, epoch, clock, keys, buffered, unacknowledged),
 * then the stores side by side, key by replica, then what waits in buffers and which links are
 * faulty, and what is held on links. A replica that did not answer keeps its row, marked DOWN.
 */
import { writeId } from "@causal-kv/core";
import type { HeldMessage, StatusResponse } from "@causal-kv/protocol";
import { clockText } from "./clockText.js";
import { linkText } from "./linkText.js";
import { textTable } from "./textTable.js";
import { valueText } from "./valueText.js";

export type ReplicaReading =
  | {
      readonly id: string;
      readonly url: string;
      readonly status: StatusResponse;
      readonly held: readonly HeldMessage[];
    }
  | { readonly id: string; readonly url: string; readonly unreachable: string };

export function statusReport(readings: readonly ReplicaReading[]): string[] {
  const up = readings.flatMap((reading) => ("status" in reading ? [reading.status] : []));
  const held = readings.flatMap((reading) =>
    "status" in reading ? reading.held.map((message) => ({ from: reading.id, message })) : [],
  );
  return [
    ...replicaRows(readings),
    "",
    ...storeRows(up),
    ...section("buffer", bufferRows(up)),
    ...section("links (all others healthy)", linkRows(up)),
    ...section("held on links (causal-kv link <from> <to> --release sends them)", heldRows(held)),
  ];
}

function replicaRows(readings: readonly ReplicaReading[]): string[] {
  const header = ["replica", "mode", "epoch", "clock", "keys", "buffered", "unacked"];
  const rows = readings.map((reading) => {
    if (!("status" in reading)) return [reading.id, "DOWN", "-", "(no answer)", "-", "-", "-"];
    const { status } = reading;
    const unacked = Object.entries(status.unacknowledged)
      .filter(([, count]) => count > 0)
      .map(([peer, count]) => `${peer}:${count}`);
    return [
      status.id,
      status.mode,
      String(status.epoch),
      clockText(status.clock),
      String(Object.keys(status.store).length),
      String(status.buffer.length),
      unacked.length === 0 ? "0" : unacked.join(" "),
    ];
  });
  return textTable([header, ...rows]);
}

function storeRows(statuses: readonly StatusResponse[]): string[] {
  const keys = [...new Set(statuses.flatMap((status) => Object.keys(status.store)))].sort();
  if (statuses.length === 0) return [];
  if (keys.length === 0) return ["store: empty on every replica that answered"];
  const header = ["key", ...statuses.map((status) => status.id)];
  const rows = keys.map((key) => [
    key,
    ...statuses.map((status) => {
      const siblings = status.store[key] ?? [];
      if (siblings.length === 0) return "-";
      const text = siblings.map((sibling) => valueText(sibling.value, 24)).join(" | ");
      return siblings.length > 1 ? `${text} (conflict)` : text;
    }),
  ]);
  return textTable([header, ...rows]);
}

function bufferRows(statuses: readonly StatusResponse[]): string[] {
  return statuses.flatMap((status) =>
    status.buffer.map((entry) => {
      const seq = entry.clock[entry.origin] ?? 0;
      const change = entry.value === null ? "delete" : `= ${valueText(entry.value, 24)}`;
      return `  ${status.id} holds ${entry.origin}:${seq} ${entry.key} ${change}, waiting for ${entry.waitingFor.join(", ")}`;
    }),
  );
}

function linkRows(statuses: readonly StatusResponse[]): string[] {
  return statuses.flatMap((status) =>
    Object.entries(status.links)
      .filter(([, link]) => linkText(link) !== "healthy")
      .map(([peer, link]) => `  ${status.id} → ${peer}: ${linkText(link)}`),
  );
}

function heldRows(held: readonly { from: string; message: HeldMessage }[]): string[] {
  const byLink = new Map<string, string[]>();
  for (const { from, message } of held) {
    const link = `${from} → ${message.to}`;
    byLink.set(link, [...(byLink.get(link) ?? []), writeId(message.message)]);
  }
  return [...byLink].map(([link, ids]) => `  ${link}: ${ids.join(", ")}`);
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ["", title, ...lines];
}
