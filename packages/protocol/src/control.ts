/** `POST /control/mode` and `POST /control/reset`. */
import { z } from "zod";
import { deliveryModeSchema } from "./deliveryMode.js";
import { replicaIdSchema } from "./replicaId.js";
import { clockCountSchema } from "./vectorClock.js";

export const modeRequestSchema = z.object(
  { delivery: deliveryModeSchema },
  "the body must be { delivery: causal | naive }",
);
export type ModeRequest = z.infer<typeof modeRequestSchema>;

export const modeResponseSchema = z.object({ id: replicaIdSchema, mode: deliveryModeSchema });
export type ModeResponse = z.infer<typeof modeResponseSchema>;

/** Without an epoch, the reset moves to the current epoch + 1. */
export const resetRequestSchema = z.object(
  { epoch: clockCountSchema.optional() },
  "the body must be {} or { epoch }",
);
export type ResetRequest = z.infer<typeof resetRequestSchema>;

export const resetResponseSchema = z.object({ id: replicaIdSchema, epoch: clockCountSchema });
export type ResetResponse = z.infer<typeof resetResponseSchema>;
