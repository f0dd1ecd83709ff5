/**
 * A client's write, shared by fastify's `PUT`/`DELETE /kv/:key` and the direct write path
 * (directWrites.ts), so that both check the same things in the same order and answer alike: the
 * key and the body by protocol's schemas, then the causal context (reached before the write, so
 * the write's clock covers it), then the write itself, whose answer follows its commit. The
 * answer is the write's own JSON text (writeJson), the one its peers are sent: a WriteResponse has
 * exactly a ReplicatedWrite's fields, so a large value is not serialized once more to answer it.
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { ReplicatedWrite } from "@causal-kv/core";
import { keySchema, putValueRequestSchema, type WriteResponse } from "@causal-kv/protocol";
import { ApiError } from "../apiError.js";
import type { ReplicaNode } from "../replicaNode.js";
import { writeJson } from "../writeJson.js";
import type { KvContext } from "./kvContext.js";
import { describeIssues, isTooLarge, parseInput } from "./parseInput.js";

/** What a write reads of its request besides the body. */
export interface WriteRequest {
  /** The `:key` of the URL, decoded. */
  readonly key: unknown;
  readonly headers: IncomingHttpHeaders;
  /** The URL's `wait` parameter, if any. */
  readonly wait: unknown;
  /** Its closing (the client left) ends a wait for the causal context. */
  readonly response: ServerResponse;
}

export interface WriteAnswer {
  /** The WriteResponse as JSON text. */
  readonly json: string;
  /** The causal-context header of the answer. */
  readonly context: string;
}

export class KvWrites {
  constructor(
    private readonly node: ReplicaNode,
    private readonly context: KvContext,
  ) {}

  /** `PUT /kv/:key` with the parsed JSON `body`. */
  async put(request: WriteRequest, body: unknown): Promise<WriteAnswer> {
    const key = parseInput(keySchema, request.key, "invalid-key");
    const parsed = putValueRequestSchema.safeParse(body);
    if (!parsed.success) {
      const code = isTooLarge(parsed.error) ? "value-too-large" : "invalid-value";
      throw new ApiError(code, describeIssues(parsed.error));
    }
    return this.write(request, key, parsed.data.value);
  }

  /** `DELETE /kv/:key`: a tombstone. */
  async delete(request: WriteRequest): Promise<WriteAnswer> {
    const key = parseInput(keySchema, request.key, "invalid-key");
    return this.write(request, key, null);
  }

  private async write(
    request: WriteRequest,
    key: string,
    value: string | null,
  ): Promise<WriteAnswer> {
    const { node, context } = this;
    const carried = await context.reach(request.headers, request.wait, request.response);
    const epoch = node.epoch;
    const message = await node.write(key, value);
    return {
      json: writeResponseJson(message),
      context: context.answer(epoch, carried, [message.clock]),
    };
  }
}

/** A WriteResponse has a write's fields and no others (writeJson.test.ts checks both ways). */
function writeResponseJson(message: ReplicatedWrite): string {
  const response: WriteResponse = message;
  return writeJson(response);
}
