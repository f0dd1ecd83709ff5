/** Replica ids on the wire: exactly the core's `isReplicaId` rule, with its reason in words. */
import { isReplicaId } from "@causal-kv/core";
import { z } from "zod";

export const replicaIdSchema = z
  .string("a replica id must be a string")
  .refine(isReplicaId, "a replica id is a letter, then up to 63 letters, digits, - or _");
