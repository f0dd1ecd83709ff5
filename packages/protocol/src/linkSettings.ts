/**
 * Fault injection on one directed link, from this replica to a peer. A delayed message arrives
 * late but arrives; a dropped or partitioned one is retransmitted until the peer has it; a held one
 * waits in the held list until released or dropped.
 */
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";

export const maxLinkDelayMs = 600_000;

const delaySchema = z
  .number("a delay must be a number of milliseconds")
  .min(0, "a delay must not be negative")
  .max(maxLinkDelayMs, `a delay must be at most ${maxLinkDelayMs} ms`);

export const linkSettingsSchema = z.object({
  delayMs: delaySchema,
  jitterMs: delaySchema,
  dropRate: z
    .number("dropRate must be a number")
    .min(0, "dropRate must be between 0 and 1")
    .max(1, "dropRate must be between 0 and 1"),
  partitioned: z.boolean("partitioned must be true or false"),
  hold: z.boolean("hold must be true or false"),
});

export type LinkSettings = z.infer<typeof linkSettingsSchema>;

export const healthyLink: LinkSettings = Object.freeze({
  delayMs: 0,
  jitterMs: 0,
  dropRate: 0,
  partitioned: false,
  hold: false,
});

/** `PUT /control/links/:peer`: any of the settings; the rest keep their value. */
export const linkUpdateSchema = linkSettingsSchema.partial().strict();
export type LinkUpdate = z.infer<typeof linkUpdateSchema>;

export const linkResponseSchema = z.object({ peer: replicaIdSchema, link: linkSettingsSchema });
export type LinkResponse = z.infer<typeof linkResponseSchema>;

/** Every outgoing link of a replica, by peer id. */
export const linksSchema = z.record(replicaIdSchema, linkSettingsSchema);
export type Links = z.infer<typeof linksSchema>;
