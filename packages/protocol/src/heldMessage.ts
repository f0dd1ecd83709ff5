/** Messages waiting on a held link (`hold: true`) until someone releases or drops them. */
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";
import { replicatedWriteSchema } from "./replicatedWrite.js";

export const heldMessageSchema = z.object({
  id: z.string().min(1),
  to: replicaIdSchema,
  message: replicatedWriteSchema,
  heldAt: z.number(),
});
export type HeldMessage = z.infer<typeof heldMessageSchema>;

/** `GET /control/held`, and the reply to a release or a drop: the list as it is now. */
export const heldListSchema = z.object({ held: z.array(heldMessageSchema) });
export type HeldList = z.infer<typeof heldListSchema>;
