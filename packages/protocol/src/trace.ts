/**
 * A recorded run: every replica's journal, as exported by the dashboard and read by the checker.
 * Files exported before events digested values, or before duplicates said which copy they
 * discarded, are read too (olderJournals.ts).
 */
import { z } from "zod";
import { journalEventSchema } from "./journalEvent.js";
import { fromOlderJournal } from "./olderJournals.js";
import { replicaIdSchema } from "./replicaId.js";

export const traceSchema = z.object({
  replicas: z.array(replicaIdSchema).min(1),
  journals: z.record(replicaIdSchema, z.preprocess(fromOlderJournal, z.array(journalEventSchema))),
});

export type Trace = z.infer<typeof traceSchema>;
