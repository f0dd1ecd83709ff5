/**
 * `POST /replicate`, peer to peer: one write, or a batch of the sender's writes tagged with its
 * epoch. The reply acknowledges, per origin, how many of its writes the receiver has durably (the
 * gap-free count delivered, extended by writes waiting in its buffer). A batch of no writes, with
 * its epoch and sender, announces the sender's epoch: how a reset reaches peers with nothing to send.
 * To a batch that names its sender, the reply also counts the sender's own writes the receiver
 * holds, and says after how many of its own writes it resends to the sender: a sender that holds
 * fewer, or fewer of its own, lost state (a wiped disk) and catches up by state transfer.
 */
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";
import { replicatedWriteSchema } from "./replicatedWrite.js";
import { clockCountSchema } from "./vectorClock.js";

export const maxBatchMessages = 1000;

export const replicateBatchSchema = z
  .object(
    {
      /** The sender's epoch; a batch without one is taken to be of the receiver's epoch. */
      epoch: clockCountSchema.optional(),
      from: replicaIdSchema.optional(),
      messages: z
        .array(replicatedWriteSchema, "messages must be an array of writes")
        .max(maxBatchMessages, `a batch holds at most ${maxBatchMessages} messages`),
    },
    "the body must be a JSON object",
  )
  .refine(
    (batch) => batch.messages.length > 0 || (batch.epoch !== undefined && batch.from !== undefined),
    "a batch needs at least one message, or an epoch and a sender (from) to announce",
  );
export type ReplicateBatch = z.infer<typeof replicateBatchSchema>;

export const replicateSingleSchema = replicatedWriteSchema.extend({
  epoch: clockCountSchema.optional(),
});
export type ReplicateSingle = z.infer<typeof replicateSingleSchema>;

export const replicateRequestSchema = z.union([replicateBatchSchema, replicateSingleSchema]);
export type ReplicateRequest = z.infer<typeof replicateRequestSchema>;

export const replicateResponseSchema = z.object({
  epoch: clockCountSchema,
  acknowledged: z.record(replicaIdSchema, clockCountSchema),
  /** The receiver's own writes up to this count are never sent to the sender again. */
  resendsAfter: clockCountSchema.optional(),
});
export type ReplicateResponse = z.infer<typeof replicateResponseSchema>;
