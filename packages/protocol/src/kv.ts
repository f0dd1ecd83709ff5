/** The client API on keys: `PUT`, `GET` and `DELETE /kv/:key`. */
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";
import { keySchema, valueSchema } from "./replicatedWrite.js";
import { siblingSchema } from "./status.js";
import { vectorClockSchema } from "./vectorClock.js";

export const putValueRequestSchema = z.object(
  { value: valueSchema },
  "the body must be a JSON object { value }",
);
export type PutValueRequest = z.infer<typeof putValueRequestSchema>;

/** A write as acknowledged to its client; `value` is null for a delete. */
export const writeResponseSchema = z.object({
  key: keySchema,
  value: valueSchema.nullable(),
  origin: replicaIdSchema,
  clock: vectorClockSchema,
});
export type WriteResponse = z.infer<typeof writeResponseSchema>;

/** Every sibling of a key; `conflict` when concurrent writes left more than one. */
export const valuesResponseSchema = z.object({
  key: keySchema,
  values: z.array(siblingSchema).min(1),
  conflict: z.boolean(),
});
export type ValuesResponse = z.infer<typeof valuesResponseSchema>;
