/**
 * The journal on the wire: one schema per core event type and their discriminated union. Each is
 * checked against the core's type (`satisfies` here, and type equality in journalEvent.test.ts),
 * so the wire shape cannot drift from what the core records. Values are digests, never whole.
 */
import type {
  BufferEvent,
  CatchUpEvent,
  DeliverEvent,
  DiscardedCopy,
  DuplicateEvent,
  JournalEvent,
  ModeEvent,
  ReceiveEvent,
  RestartEvent,
  SendEvent,
  WriteEvent,
} from "@causal-kv/core";
import { z } from "zod";
import { deliveryModeSchema } from "./deliveryMode.js";
import { journaledStoreSchema, journaledWriteSchema } from "./journaledWrite.js";
import { replicaIdSchema } from "./replicaId.js";
import { appliedWritesSchema } from "./status.js";
import { vectorClockSchema } from "./vectorClock.js";
import { writeIdSchema } from "./writeId.js";

const eventBase = {
  seq: z.int().positive(),
  time: z.number(),
  replica: replicaIdSchema,
  clock: vectorClockSchema,
};

export const writeEventSchema = z.object({
  ...eventBase,
  type: z.literal("write"),
  message: journaledWriteSchema,
}) satisfies z.ZodType<WriteEvent>;

export const sendEventSchema = z.object({
  ...eventBase,
  type: z.literal("send"),
  message: journaledWriteSchema,
  to: z.array(replicaIdSchema),
}) satisfies z.ZodType<SendEvent>;

export const receiveEventSchema = z.object({
  ...eventBase,
  type: z.literal("receive"),
  message: journaledWriteSchema,
}) satisfies z.ZodType<ReceiveEvent>;

export const bufferEventSchema = z.object({
  ...eventBase,
  type: z.literal("buffer"),
  message: journaledWriteSchema,
  waitingFor: z.array(writeIdSchema),
}) satisfies z.ZodType<BufferEvent>;

export const deliverEventSchema = z.object({
  ...eventBase,
  type: z.literal("deliver"),
  message: journaledWriteSchema,
  bufferedMs: z.number(),
}) satisfies z.ZodType<DeliverEvent>;

export const discardedCopySchema = z.enum([
  "incoming",
  "buffered",
]) satisfies z.ZodType<DiscardedCopy>;

export const duplicateEventSchema = z.object({
  ...eventBase,
  type: z.literal("duplicate"),
  message: journaledWriteSchema,
  discarded: discardedCopySchema,
}) satisfies z.ZodType<DuplicateEvent>;

export const modeEventSchema = z.object({
  ...eventBase,
  type: z.literal("mode"),
  mode: deliveryModeSchema,
}) satisfies z.ZodType<ModeEvent>;

export const restartEventSchema = z.object({
  ...eventBase,
  type: z.literal("restart"),
}) satisfies z.ZodType<RestartEvent>;

export const catchUpEventSchema = z.object({
  ...eventBase,
  type: z.literal("catch-up"),
  from: replicaIdSchema,
  applied: appliedWritesSchema,
  adopted: journaledStoreSchema,
}) satisfies z.ZodType<CatchUpEvent>;

export const journalEventSchema = z.discriminatedUnion("type", [
  writeEventSchema,
  sendEventSchema,
  receiveEventSchema,
  bufferEventSchema,
  deliverEventSchema,
  duplicateEventSchema,
  modeEventSchema,
  restartEventSchema,
  catchUpEventSchema,
]) satisfies z.ZodType<JournalEvent>;
