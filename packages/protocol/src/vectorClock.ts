/** A vector clock on the wire: replica id → non-negative safe integer. Rejects -1, 1.5, 2^60. */
import type { VectorClock } from "@causal-kv/core";
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";

export const clockCountSchema = z
  .int("a clock entry must be a non-negative integer")
  .nonnegative("a clock entry must be a non-negative integer");

export const vectorClockSchema = z.record(
  replicaIdSchema,
  clockCountSchema,
) satisfies z.ZodType<VectorClock>;
