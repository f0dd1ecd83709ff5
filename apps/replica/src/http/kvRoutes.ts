/**
 * `PUT`, `GET` and `DELETE /kv/:key`: the client API. A 200 to a write follows its commit. A request
 * with a causal context is served only once this replica has reached it (see KvContext), so a
 * write's clock covers the context and a read sees everything it covers.
 */
import { contextReached, unreachedContext } from "@causal-kv/core";
import {
  causalContextHeader,
  keySchema,
  maxValueBytes,
  type ValuesResponse,
} from "@causal-kv/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../apiError.js";
import { ContextNotReached, describeMissing } from "../context/contextNotReached.js";
import type { ReplicaNode } from "../replicaNode.js";
import type { KvContext } from "./kvContext.js";
import type { KvWrites, WriteAnswer } from "./kvWrites.js";
import { parseInput } from "./parseInput.js";

interface KeyParams {
  readonly key: string;
}

/** JSON escapes can make a 1 MiB value several MiB of body; the value itself is checked after. */
export const kvBodyLimit = 8 * maxValueBytes;

export function registerKvRoutes(
  app: FastifyInstance,
  node: ReplicaNode,
  context: KvContext,
  writes: KvWrites,
): void {
  // The answer is already JSON (kvWrites.ts): sent as it is, not serialized again.
  const answerWrite = (reply: FastifyReply, answer: WriteAnswer): string => {
    reply.header(causalContextHeader, answer.context);
    reply.type("application/json; charset=utf-8");
    return answer.json;
  };

  app.put<{ Params: KeyParams }>("/kv/:key", { bodyLimit: kvBodyLimit }, async (request, reply) =>
    answerWrite(reply, await writes.put(writeRequest(request, reply), request.body)),
  );

  app.delete<{ Params: KeyParams }>("/kv/:key", async (request, reply) =>
    answerWrite(reply, await writes.delete(writeRequest(request, reply))),
  );

  app.get<{ Params: KeyParams }>("/kv/:key", async (request, reply): Promise<ValuesResponse> => {
    const key = parseInput(keySchema, request.params.key, "invalid-key");
    const carried = await context.reach(request.headers, waitOf(request), reply.raw);
    await node.settled();
    // A step that failed after the wait rolled memory back to the database: say so, never serve
    // a read that misses what the context covers.
    if (carried && !contextReached(node.delivered, carried)) {
      const missing = unreachedContext(node.delivered, carried);
      throw new ContextNotReached(missing, `${node.id} failed to keep ${describeMissing(missing)}`);
    }
    const values = node.siblings(key);
    reply.header(
      causalContextHeader,
      context.answer(
        node.epoch,
        carried,
        values.map((sibling) => sibling.clock),
      ),
    );
    // A key whose only sibling is a tombstone was deleted: absent, as if never written.
    if (values.length === 0 || values.every((sibling) => sibling.value === null)) {
      throw new ApiError("key-not-found", `no value for key ${JSON.stringify(key)}`);
    }
    return { key, values: [...values], conflict: values.length > 1 };
  });
}

function waitOf(request: FastifyRequest): unknown {
  return (request.query as { wait?: unknown }).wait;
}

function writeRequest(request: FastifyRequest<{ Params: KeyParams }>, reply: FastifyReply) {
  return {
    key: request.params.key,
    headers: request.headers,
    wait: waitOf(request),
    response: reply.raw,
  };
}
