/** `node1:3`, node1's third write: how a buffered write names what it waits for. */
import { isReplicaId, parseWriteId, type WriteId } from "@causal-kv/core";
import { z } from "zod";

export const writeIdSchema = z.custom<WriteId>((id) => {
  const parsed = typeof id === "string" ? parseWriteId(id) : undefined;
  return parsed !== undefined && isReplicaId(parsed.origin);
}, "a write id is <replica>:<count ≥ 1>");
