/**
 * Keys, values and the replicated write: what a replica broadcasts to its peers. Keys follow the
 * core's limit (1 to 256 characters) and can be named in a URL path; values are strings of at most
 * 1 MiB in UTF-8, or null for a causal delete (tombstone).
 */
import { maxKeyLength, type ReplicatedWrite } from "@causal-kv/core";
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";
import { fitsUtf8Bytes } from "./utf8ByteLength.js";
import { vectorClockSchema } from "./vectorClock.js";

export const maxValueBytes = 1024 * 1024;

export const keySchema = z
  .string()
  .min(1, "a key must not be empty")
  .max(maxKeyLength, `a key must be at most ${maxKeyLength} characters`)
  // A URL path cannot name these: clients resolve /kv/.. to /, so such a key could not be read.
  .refine((key) => key !== "." && key !== "..", 'a key cannot be "." or ".."');

export const valueSchema = z
  .string("a value must be a string")
  .refine((value) => fitsUtf8Bytes(value, maxValueBytes), {
    message: `a value must be at most ${maxValueBytes} bytes`,
    params: { tooLarge: true },
  });

export const replicatedWriteSchema = z.object({
  origin: replicaIdSchema,
  clock: vectorClockSchema,
  key: keySchema,
  value: valueSchema.nullable(),
}) satisfies z.ZodType<ReplicatedWrite>;
