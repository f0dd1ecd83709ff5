/** `PUT`, `GET` and `DELETE /kv/:key`: the client API. A 200 to a write follows its commit. */
import type { ReplicatedWrite } from "@causal-kv/core";
import {
  keySchema,
  maxValueBytes,
  putValueRequestSchema,
  type ValuesResponse,
  type WriteResponse,
} from "@causal-kv/protocol";
import type { FastifyInstance } from "fastify";
import { ApiError } from "../apiError.js";
import type { ReplicaNode } from "../replicaNode.js";
import { describeIssues, isTooLarge, parseInput } from "./parseInput.js";

interface KeyParams {
  readonly key: string;
}

/** JSON escapes can make a 1 MiB value several MiB of body; the value itself is checked after. */
const kvBodyLimit = 8 * maxValueBytes;

export function registerKvRoutes(app: FastifyInstance, node: ReplicaNode): void {
  app.put<{ Params: KeyParams }>("/kv/:key", { bodyLimit: kvBodyLimit }, async (request) => {
    const key = parseInput(keySchema, request.params.key, "invalid-key");
    const parsed = putValueRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const code = isTooLarge(parsed.error) ? "value-too-large" : "invalid-value";
      throw new ApiError(code, describeIssues(parsed.error));
    }
    return writeResponse(await node.write(key, parsed.data.value));
  });

  app.delete<{ Params: KeyParams }>("/kv/:key", async (request) => {
    const key = parseInput(keySchema, request.params.key, "invalid-key");
    return writeResponse(await node.write(key, null));
  });

  app.get<{ Params: KeyParams }>("/kv/:key", async (request): Promise<ValuesResponse> => {
    const key = parseInput(keySchema, request.params.key, "invalid-key");
    await node.settled();
    const values = node.siblings(key);
    // A key whose only sibling is a tombstone was deleted: absent, as if never written.
    if (values.length === 0 || values.every((sibling) => sibling.value === null)) {
      throw new ApiError("key-not-found", `no value for key ${JSON.stringify(key)}`);
    }
    return { key, values: [...values], conflict: values.length > 1 };
  });
}

function writeResponse(message: ReplicatedWrite): WriteResponse {
  return { key: message.key, value: message.value, origin: message.origin, clock: message.clock };
}
