/**
 * Test harness: opens a replica stream and records everything its handlers are told, in order, so
 * a test can wait for a notice and then look at what came before and after it.
 */
import type { JournalEvent } from "@causal-kv/core";
import type { HeldChange, LaggedNotice, LinksChange, StreamSnapshot } from "@causal-kv/protocol";
import type { ReplicaEndpoint } from "./replicaEndpoint.js";
import { openReplicaStream, type ReplicaStreamOptions } from "./replicaStream.js";

export interface StreamRecord {
  readonly snapshots: StreamSnapshot[];
  /** Live events, in the order they came. */
  readonly events: JournalEvent[];
  readonly missed: JournalEvent[];
  readonly lagged: LaggedNotice[];
  readonly links: LinksChange[];
  readonly held: HeldChange[];
  readonly malformed: { what: string; problem: string }[];
  readonly catchUpFailures: unknown[];
  /** Every call by name ("snapshot", "events", "up", "down", …), in order. */
  readonly calls: string[];
  close(): void;
}

export function recordStream(
  endpoint: ReplicaEndpoint,
  options: ReplicaStreamOptions = {},
): StreamRecord {
  const record: Omit<StreamRecord, "close"> = {
    snapshots: [],
    events: [],
    missed: [],
    lagged: [],
    links: [],
    held: [],
    malformed: [],
    catchUpFailures: [],
    calls: [],
  };
  const { calls } = record;
  const close = openReplicaStream(
    endpoint,
    {
      snapshot(_id, snapshot) {
        calls.push("snapshot");
        record.snapshots.push(snapshot);
      },
      events(_id, events) {
        calls.push("events");
        record.events.push(...events);
      },
      malformed(_id, what, problem) {
        calls.push("malformed");
        record.malformed.push({ what, problem });
      },
      lagged(_id, notice) {
        calls.push("lagged");
        record.lagged.push(notice);
      },
      links(_id, change) {
        calls.push("links");
        record.links.push(change);
      },
      held(_id, change) {
        calls.push("held");
        record.held.push(change);
      },
      up: () => calls.push("up"),
      down: () => calls.push("down"),
      missed(_id, events) {
        calls.push("missed");
        record.missed.push(...events);
      },
      catchUpFailed(_id, error) {
        calls.push("catchUpFailed");
        record.catchUpFailures.push(error);
      },
    },
    options,
  );
  return { ...record, close };
}
