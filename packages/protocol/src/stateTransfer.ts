/**
 * `GET /replicate/state`, peer to peer: a replica's state for a peer that fell behind what the
 * cluster still resends (core's stateTransfer.ts): its epoch, clock, applied writes, store and
 * buffered writes.
 */
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";
import { replicatedWriteSchema } from "./replicatedWrite.js";
import { appliedWritesSchema, storeSchema } from "./status.js";
import { clockCountSchema, vectorClockSchema } from "./vectorClock.js";

export const stateTransferSchema = z.object({
  /** The replica that sent it. */
  from: replicaIdSchema,
  epoch: clockCountSchema,
  clock: vectorClockSchema,
  applied: appliedWritesSchema,
  store: storeSchema,
  /** The writes in its causal buffer; absent from replicas that predate it. */
  buffered: z.array(replicatedWriteSchema).optional(),
});
export type StateTransferResponse = z.infer<typeof stateTransferSchema>;
