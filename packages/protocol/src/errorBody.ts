/**
 * Every failed request answers `{ error: { code, message } }`: a stable code and a sentence.
 * `context-not-reached` adds `missing`: per replica, the count of its writes the request's causal
 * context covers and the replica has not delivered yet.
 */
import { z } from "zod";
import { vectorClockSchema } from "./vectorClock.js";

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    missing: vectorClockSchema.optional(),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;
