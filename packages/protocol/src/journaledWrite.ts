/**
 * Writes and stores as the journal names them: a digest of each value (preview, size, hash) where
 * the value would be. The shapes are the core's (`satisfies`).
 */
import type { JournaledSibling, JournaledWrite, ValueDigest } from "@causal-kv/core";
import { previewLength } from "@causal-kv/core";
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";
import { keySchema } from "./replicatedWrite.js";
import { storeSchemaOf } from "./status.js";
import { vectorClockSchema } from "./vectorClock.js";

export const valueDigestSchema = z.object({
  preview: z.string().max(previewLength),
  cut: z.boolean(),
  bytes: z.int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{16}$/, "a value hash is 16 hex digits"),
}) satisfies z.ZodType<ValueDigest>;

export const journaledWriteSchema = z.object({
  origin: replicaIdSchema,
  clock: vectorClockSchema,
  key: keySchema,
  value: valueDigestSchema.nullable(),
}) satisfies z.ZodType<JournaledWrite>;

export const journaledSiblingSchema = z.object({
  value: valueDigestSchema.nullable(),
  clock: vectorClockSchema,
  origin: replicaIdSchema,
}) satisfies z.ZodType<JournaledSibling>;

export const journaledStoreSchema = storeSchemaOf(journaledSiblingSchema);
