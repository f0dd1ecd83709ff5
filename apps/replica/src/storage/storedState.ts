/**
 * Reads the durable rows back into what the core and the transport restore from. Rows are parsed
 * with zod like any other input: a damaged database stops the replica with a clear error instead
 * of feeding the core garbage.
 */
import type { OutboxSnapshot, ReplicaId, ReplicaSnapshot, Sibling } from "@causal-kv/core";
import {
  deliveryModeSchema,
  healthyLink,
  type LinkSettings,
  linkSettingsSchema,
  replicaIdSchema,
  replicatedWriteSchema,
  siblingSchema,
  vectorClockSchema,
} from "@causal-kv/protocol";
import { z } from "zod";
import { storedEpoch } from "../epochs.js";
import type { Identity, ReplicaDatabase } from "./replicaDatabase.js";

export interface StoredState {
  readonly epoch: number;
  readonly snapshot: ReplicaSnapshot;
  readonly outbox: OutboxSnapshot;
  readonly links: ReadonlyMap<ReplicaId, LinkSettings>;
}

const count = z.int().nonnegative();
const epochSchema = z.number().transform((value, ctx) => {
  const epoch = storedEpoch(value);
  if (epoch === undefined) ctx.addIssue({ code: "custom", message: "not a count of resets" });
  return epoch ?? 0;
});
const identitySchema = z.object({ id: replicaIdSchema, members: z.array(replicaIdSchema) });
const coreCountersSchema = z.object({
  mode: deliveryModeSchema,
  clock: vectorClockSchema,
  applied: z.record(replicaIdSchema, z.object({ prefix: count, beyond: z.array(count) })),
  nextEventSeq: z.int().positive(),
});
const bufferedSchema = z.object({ write: replicatedWriteSchema, arrivedAt: z.number() });

function parseRow<T>(schema: z.ZodType<T>, text: string, what: string): T {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`the stored ${what} is damaged: ${parsed.error.message}`);
  return parsed.data;
}

/** Loads the stored state, or undefined for a fresh database. Refuses another replica's data. */
export function loadStoredState(db: ReplicaDatabase, identity: Identity): StoredState | undefined {
  const storedIdentity = db.getMeta("identity");
  const core = db.getMeta("core");
  const epoch = db.getMeta("epoch");
  if (storedIdentity === undefined || core === undefined || epoch === undefined) return undefined;
  const stored = parseRow(identitySchema, storedIdentity, "identity");
  if (stored.id !== identity.id || stored.members.join(",") !== identity.members.join(",")) {
    throw new Error(
      `the database belongs to ${stored.id} of [${stored.members.join(", ")}], not to ` +
        `${identity.id} of [${identity.members.join(", ")}]; use another DATA_DIR`,
    );
  }
  const counters = parseRow(coreCountersSchema, core, "core counters");
  // Keys are data: "__proto__" must be an entry, not the record's prototype.
  const store: Record<string, Sibling[]> = Object.create(null);
  for (const row of db.allSiblings()) {
    store[row.key] = parseRow(z.array(siblingSchema), row.siblings, `key ${row.key}`);
  }
  const buffer = db.allBuffered().map((text) => parseRow(bufferedSchema, text, "buffered write"));
  const outboxRows = db.allOutbox();
  const acknowledged: Record<ReplicaId, number> = Object.create(null);
  for (const row of outboxRows.acknowledged) acknowledged[row.peer] = row.count;
  const links = new Map<ReplicaId, LinkSettings>();
  for (const row of db.allLinks()) {
    links.set(row.peer, { ...healthyLink, ...parseRow(linkSettingsSchema, row.settings, "link") });
  }
  return {
    epoch: parseRow(epochSchema, epoch, "epoch"),
    snapshot: {
      id: identity.id,
      members: identity.members,
      mode: counters.mode,
      clock: counters.clock,
      applied: counters.applied,
      store,
      buffer,
      nextEventSeq: counters.nextEventSeq,
    },
    outbox: {
      // A row is kept until every peer has all of its writes; the Outbox drops those they have.
      pending: outboxRows.pending.flatMap((text) =>
        parseRow(z.array(replicatedWriteSchema), text, "outbox writes"),
      ),
      acknowledged,
    },
    links,
  };
}
