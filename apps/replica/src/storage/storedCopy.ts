/**
 * The copy of a write a replica already holds, as its database stored it: from the journal event
 * that applied it (which names the value by digest), or from its buffer entry (digested here). An
 * arriving copy of the same write must have the same digest. Most arrivals are new writes: the
 * replica's memory says so without a query (its buffer and the buffer's rows are one fold).
 */
import {
  type CausalReplica,
  type JournaledWrite,
  journaledWrite,
  type ReplicatedWrite,
  writeId,
  writeSeq,
} from "@causal-kv/core";
import { journaledWriteSchema, replicatedWriteSchema } from "@causal-kv/protocol";
import type { ReplicaDatabase } from "./replicaDatabase.js";

export function storedCopy(
  db: ReplicaDatabase,
  replica: CausalReplica,
  message: ReplicatedWrite,
): JournaledWrite | undefined {
  const id = writeId(message);
  if (replica.hasApplied(message.origin, writeSeq(message))) {
    const event = db.appliedEvent(id);
    if (event === undefined) return undefined;
    const parsed = journaledWriteSchema.safeParse(JSON.parse(event).message);
    return parsed.success ? parsed.data : undefined;
  }
  // The buffer's rows are the fold of the journal (StepRecorder), as is the replica's buffer: not
  // held there, no row.
  if (replica.bufferedWrite(message.origin, writeSeq(message)) === undefined) return undefined;
  const entry = db.bufferedEntry(id);
  if (entry === undefined) return undefined;
  // A damaged row has nothing to compare with.
  const parsed = replicatedWriteSchema.safeParse(JSON.parse(entry).write);
  return parsed.success ? journaledWrite(parsed.data) : undefined;
}
