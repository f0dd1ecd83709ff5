/**
 * `PUT`, `GET` and `DELETE /kv/:key`: the client API. A 200 to a write follows its commit. A request
 * with a causal context is served only once this replica has reached it (see KvContext), so a
 * write's clock covers the context and a read sees everything it covers.
 */
import { contextReached, type ReplicatedWrite, unreachedContext } from "@causal-kv/core";
import {
  keySchema,
  maxValueBytes,
  putValueRequestSchema,
  type ValuesResponse,
  type WriteResponse,
} from "@causal-kv/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../apiError.js";
import { ContextNotReached, describeMissing } from "../context/contextNotReached.js";
import type { ContextWaits } from "../context/contextWaits.js";
import type { ReplicaNode } from "../replicaNode.js";
import { KvContext } from "./kvContext.js";
import { describeIssues, isTooLarge, parseInput } from "./parseInput.js";

interface KeyParams {
  readonly key: string;
}

/** JSON escapes can make a 1 MiB value several MiB of body; the value itself is checked after. */
const kvBodyLimit = 8 * maxValueBytes;

export function registerKvRoutes(
  app: FastifyInstance,
  node: ReplicaNode,
  waits: ContextWaits,
): void {
  const context = new KvContext(node, waits);

  const write = async (
    request: FastifyRequest<{ Params: KeyParams }>,
    reply: FastifyReply,
    key: string,
    value: string | null,
  ): Promise<WriteResponse> => {
    const carried = await context.reach(request, reply);
    const epoch = node.epoch;
    const message = await node.write(key, value);
    context.answer(reply, epoch, carried, [message.clock]);
    return writeResponse(message);
  };

  app.put<{ Params: KeyParams }>("/kv/:key", { bodyLimit: kvBodyLimit }, async (request, reply) => {
    const key = parseInput(keySchema, request.params.key, "invalid-key");
    const parsed = putValueRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const code = isTooLarge(parsed.error) ? "value-too-large" : "invalid-value";
      throw new ApiError(code, describeIssues(parsed.error));
    }
    return write(request, reply, key, parsed.data.value);
  });

  app.delete<{ Params: KeyParams }>("/kv/:key", async (request, reply) => {
    const key = parseInput(keySchema, request.params.key, "invalid-key");
    return write(request, reply, key, null);
  });

  app.get<{ Params: KeyParams }>("/kv/:key", async (request, reply): Promise<ValuesResponse> => {
    const key = parseInput(keySchema, request.params.key, "invalid-key");
    const carried = await context.reach(request, reply);
    await node.settled();
    // A step that failed after the wait rolled memory back to the database: say so, never serve
    // a read that misses what the context covers.
    if (carried && !contextReached(node.delivered, carried)) {
      const missing = unreachedContext(node.delivered, carried);
      throw new ContextNotReached(missing, `${node.id} failed to keep ${describeMissing(missing)}`);
    }
    const values = node.siblings(key);
    context.answer(
      reply,
      node.epoch,
      carried,
      values.map((sibling) => sibling.clock),
    );
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
