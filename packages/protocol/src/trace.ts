/** A recorded run: every replica's journal, as exported by the dashboard and read by the checker. */
import { z } from "zod";
import { journalEventSchema } from "./journalEvent.js";
import { replicaIdSchema } from "./replicaId.js";

export const traceSchema = z.object({
  replicas: z.array(replicaIdSchema).min(1),
  journals: z.record(replicaIdSchema, z.array(journalEventSchema)),
});

export type Trace = z.infer<typeof traceSchema>;
