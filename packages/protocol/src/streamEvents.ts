/**
 * The live stream (Socket.IO on the replica's port), typed by one pair of event maps used as the
 * generics of both `new Server()` and `io()`. A viewer gets a snapshot on connect, then every
 * journal event, in order, in batches (`events`); a viewer too slow to keep up is skipped ahead
 * and told so by `lagged`.
 */
import type { JournalEvent } from "@causal-kv/core";
import { z } from "zod";
import { heldListSchema, heldMessageSchema } from "./heldMessage.js";
import { journalEventSchema } from "./journalEvent.js";
import { journaledStoreSchema, valueDigestSchema } from "./journaledWrite.js";
import { linksSchema } from "./linkSettings.js";
import { replicaIdSchema } from "./replicaId.js";
import { bufferedEntrySchema, statusResponseSchema } from "./status.js";
import { clockCountSchema } from "./vectorClock.js";

/**
 * A replica's status as a snapshot carries it: values named by digest, as the journal names them,
 * so a snapshot's size does not grow with the values stored (GET /status has them whole).
 */
export const snapshotStatusSchema = statusResponseSchema.extend({
  store: journaledStoreSchema,
  buffer: z.array(bufferedEntrySchema.extend({ value: valueDigestSchema.nullable() })),
});
export type SnapshotStatus = z.infer<typeof snapshotStatusSchema>;

/**
 * Sent on connect, after a reset and on `resync`: the state, the messages held on its links, and
 * the journal's recent tail (within a byte budget); a viewer needs no other call to show the
 * replica as it is.
 */
export const streamSnapshotSchema = z.object({
  status: snapshotStatusSchema,
  held: z.array(heldMessageSchema),
  events: z.array(journalEventSchema),
});
export type StreamSnapshot = z.infer<typeof streamSnapshotSchema>;

/**
 * Events were skipped for this viewer because it fell behind. The skipped ones are the journal's
 * seqs `from` to `to`; `GET /events?after=<from - 1>` fetches them, or `resync` asks for a snapshot.
 */
export const laggedNoticeSchema = z.object({
  replica: replicaIdSchema,
  skipped: clockCountSchema,
  from: clockCountSchema,
  to: clockCountSchema,
});
export type LaggedNotice = z.infer<typeof laggedNoticeSchema>;

/** Journal events committed together (one event-loop turn of the replica), oldest first. */
export const streamEventsSchema = z.array(journalEventSchema).min(1);

export const linksChangeSchema = z.object({ replica: replicaIdSchema, links: linksSchema });
export type LinksChange = z.infer<typeof linksChangeSchema>;

export const heldChangeSchema = heldListSchema.extend({ replica: replicaIdSchema });
export type HeldChange = z.infer<typeof heldChangeSchema>;

export interface ServerToClientEvents {
  snapshot: (snapshot: StreamSnapshot) => void;
  events: (events: JournalEvent[]) => void;
  lagged: (notice: LaggedNotice) => void;
  links: (change: LinksChange) => void;
  held: (change: HeldChange) => void;
}

export interface ClientToServerEvents {
  /** Asks for a fresh snapshot, e.g. after a `lagged` notice. */
  resync: () => void;
}
