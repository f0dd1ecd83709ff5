/**
 * `GET /status` and `GET /health`. Clock entries and store keys come sorted and siblings in the
 * core's fixed order, so two replicas in the same state give byte-identical `clock` and `store`.
 */
import type { AppliedWritesSnapshot, Sibling } from "@causal-kv/core";
import { z } from "zod";
import { deliveryModeSchema } from "./deliveryMode.js";
import { linksSchema } from "./linkSettings.js";
import { replicaIdSchema } from "./replicaId.js";
import { keySchema, valueSchema } from "./replicatedWrite.js";
import { clockCountSchema, vectorClockSchema } from "./vectorClock.js";
import { writeIdSchema } from "./writeId.js";

export const healthResponseSchema = z.object({ ok: z.literal(true), id: replicaIdSchema });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const siblingSchema = z.object({
  value: valueSchema.nullable(),
  clock: vectorClockSchema,
  origin: replicaIdSchema,
}) satisfies z.ZodType<Sibling>;

/**
 * A store on the wire: key → siblings. Keys are data, so every key is an entry, "__proto__"
 * included: zod's own record skips that key (it fills a plain object, where the name would set the
 * prototype), so entries are parsed here, one by one, into an object without a prototype. The
 * siblings' shape is given: values whole in a status, digests in a journal.
 */
export function storeSchemaOf<S extends z.ZodType>(sibling: S) {
  return z.unknown().transform((input, ctx) => {
    const store: Record<string, z.infer<S>[]> = Object.create(null);
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: "custom", message: "a store must be an object of key → siblings" });
      return store;
    }
    const siblings = z.array(sibling);
    for (const [key, value] of Object.entries(input)) {
      const parsedKey = keySchema.safeParse(key);
      const parsed = siblings.safeParse(value);
      if (!parsedKey.success) {
        ctx.addIssue({ code: "custom", path: [key], message: "a key must be 1 to 256 characters" });
      } else if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: "custom", path: [key, ...issue.path], message: issue.message });
        }
      } else {
        store[key] = parsed.data;
      }
    }
    return store;
  });
}

export const storeSchema = storeSchemaOf(siblingSchema);

export const bufferedEntrySchema = z.object({
  origin: replicaIdSchema,
  clock: vectorClockSchema,
  key: keySchema,
  value: valueSchema.nullable(),
  arrivedAt: z.number(),
  waitingFor: z.array(writeIdSchema),
});
export type BufferedEntry = z.infer<typeof bufferedEntrySchema>;

/** Per replica, how many of its writes are applied without a gap, and which beyond a gap. */
export const appliedWritesSchema = z.record(
  replicaIdSchema,
  z.object({ prefix: clockCountSchema, beyond: z.array(clockCountSchema) }),
) satisfies z.ZodType<AppliedWritesSnapshot>;

export const statusResponseSchema = z.object({
  id: replicaIdSchema,
  /** Increases with every reset; messages of an older epoch are ignored. */
  epoch: clockCountSchema,
  members: z.array(replicaIdSchema),
  mode: deliveryModeSchema,
  clock: vectorClockSchema,
  /** What a viewer folds the journal on from (JournalReplay), with the rest of this status. */
  applied: appliedWritesSchema,
  store: storeSchema,
  buffer: z.array(bufferedEntrySchema),
  links: linksSchema,
  /** Per peer, how many of this replica's writes it has not acknowledged yet. */
  unacknowledged: z.record(replicaIdSchema, clockCountSchema),
  /**
   * Peers this replica, started on an empty disk, still waits to hear from before it takes writes
   * (writes meanwhile are refused as `rejoining`); empty once it has. Absent from older replicas.
   */
  rejoining: z.array(replicaIdSchema).optional(),
});
export type StatusResponse = z.infer<typeof statusResponseSchema>;
