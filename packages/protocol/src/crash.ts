/** `POST /control/crash`: the replica answers, then kills itself at once, as `kill -9` would. */
import { z } from "zod";
import { replicaIdSchema } from "./replicaId.js";

export const crashResponseSchema = z.object({ id: replicaIdSchema, crashing: z.literal(true) });
export type CrashResponse = z.infer<typeof crashResponseSchema>;
