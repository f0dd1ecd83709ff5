/**
 * The copy of a write a replica already holds, as its database stored it: from the journal event
 * that applied it, or from its buffer entry. An arriving copy of the same write must equal it.
 */
import { type CausalReplica, type ReplicatedWrite, writeId, writeSeq } from "@causal-kv/core";
import { replicatedWriteSchema } from "@causal-kv/protocol";
import type { ReplicaDatabase } from "./replicaDatabase.js";

export function storedCopy(
  db: ReplicaDatabase,
  replica: CausalReplica,
  message: ReplicatedWrite,
): ReplicatedWrite | undefined {
  const id = writeId(message);
  if (replica.hasApplied(message.origin, writeSeq(message))) {
    const event = db.appliedEvent(id);
    return event === undefined ? undefined : parsedWrite(JSON.parse(event).message);
  }
  // The buffer's rows are the fold of the journal (StepRecorder): no row, not buffered.
  const entry = db.bufferedEntry(id);
  return entry === undefined ? undefined : parsedWrite(JSON.parse(entry).write);
}

/** A stored write, or undefined if the row is damaged (then there is nothing to compare with). */
function parsedWrite(stored: unknown): ReplicatedWrite | undefined {
  const parsed = replicatedWriteSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}
