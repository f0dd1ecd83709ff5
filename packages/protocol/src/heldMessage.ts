/**
 * Messages waiting on a held link (`hold: true`) until someone releases or drops them. The list
 * names each write's value by digest, as the journal does: it goes to every viewer whenever it
 * changes, and a link held while mebibyte values were written would otherwise send them all each
 * time (a viewer asking for snapshots took a replica past 2 GB).
 */
import { z } from "zod";
import { journaledWriteSchema } from "./journaledWrite.js";
import { replicaIdSchema } from "./replicaId.js";

export const heldMessageSchema = z.object({
  id: z.string().min(1),
  to: replicaIdSchema,
  message: journaledWriteSchema,
  heldAt: z.number(),
});
export type HeldMessage = z.infer<typeof heldMessageSchema>;

/** `GET /control/held`, and the reply to a release or a drop: the list as it is now. */
export const heldListSchema = z.object({ held: z.array(heldMessageSchema) });
export type HeldList = z.infer<typeof heldListSchema>;
