/**
 * The body of a `POST /replicate`, in pieces: its frame, and each write's cached JSON text
 * (writeJson.ts) between, never joined here. PeerClient joins a small body and writes a large one
 * piece by piece, so a batch of large values is not copied whole once more for each peer. A batch
 * takes the first writes ready, in order, while it holds at most `maxBatchMessages` writes and
 * `maxBatchBytes` characters of their JSON; a single write larger than that still goes, alone.
 */
import type { ReplicaId, ReplicatedWrite } from "@causal-kv/core";
import { maxBatchMessages } from "@causal-kv/protocol";
import { writeJson } from "../writeJson.js";

export const maxBatchBytes = 4 * 1024 * 1024;

export interface BatchBody {
  /** How many of the ready writes it carries: the first `count`. */
  readonly count: number;
  readonly pieces: readonly string[];
}

/** A batch of the first writes of `ready` that fit, from replica `from` in `epoch`. */
export function batchBody(
  epoch: number,
  from: ReplicaId,
  ready: readonly ReplicatedWrite[],
): BatchBody {
  const pieces = [`{"epoch":${epoch},"from":${JSON.stringify(from)},"messages":[`];
  let count = 0;
  let bytes = 0;
  for (const message of ready) {
    if (count === maxBatchMessages) break;
    const json = writeJson(message);
    if (count > 0 && bytes + json.length > maxBatchBytes) break;
    if (count > 0) pieces.push(",");
    pieces.push(json);
    count += 1;
    bytes += json.length;
  }
  pieces.push("]}");
  return { count, pieces };
}

/** A batch of no writes: it announces the epoch and asks the peer for an answer. */
export function announcementBody(epoch: number, from: ReplicaId): readonly string[] {
  return batchBody(epoch, from, []).pieces;
}
