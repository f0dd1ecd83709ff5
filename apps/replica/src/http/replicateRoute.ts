/**
 * `POST /replicate`, peer to peer: one write or a batch. The cluster secret, when set, is checked
 * before the body is even read. Every message is validated before any is applied.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import {
  maxBatchMessages,
  maxValueBytes,
  replicateBatchSchema,
  replicateSingleSchema,
} from "@causal-kv/protocol";
import type { FastifyInstance } from "fastify";
import { ApiError } from "../apiError.js";
import type { IncomingBatch } from "../incomingBatch.js";
import type { ReplicaNode } from "../replicaNode.js";
import { parseInput } from "./parseInput.js";

/** Batches stay under 4 MiB, but one write of the largest value, JSON-escaped, can be more. */
const replicateBodyLimit = 64 * maxValueBytes;

export function registerReplicateRoute(
  app: FastifyInstance,
  node: ReplicaNode,
  clusterSecret: string | undefined,
): void {
  const secretDigest = clusterSecret === undefined ? undefined : digest(clusterSecret);
  app.post(
    "/replicate",
    {
      bodyLimit: replicateBodyLimit,
      onRequest: async (request) => {
        if (secretDigest === undefined) return;
        const given = request.headers["x-cluster-secret"];
        if (typeof given !== "string" || !timingSafeEqual(digest(given), secretDigest)) {
          throw new ApiError("unauthorized");
        }
      },
    },
    async (request) => node.receive(toBatch(request.body)),
  );
}

function toBatch(body: unknown): IncomingBatch {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(
      "invalid-replicate-body",
      `the body must be one write { origin, clock, key, value } or a batch { messages: [...] } of at most ${maxBatchMessages}`,
    );
  }
  if ("messages" in body) return parseInput(replicateBatchSchema, body, "invalid-replicate-body");
  const { epoch, ...message } = parseInput(replicateSingleSchema, body, "invalid-replicate-body");
  return { epoch, messages: [message] };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
