/**
 * `POST /replicate`, peer to peer: one write or a batch; and `GET /replicate/state`, this
 * replica's state for a peer that fell behind (catch-up by state transfer). The cluster secret,
 * when set, and with TLS_CA a client certificate the CA signed, are checked before the body is even
 * read; a batch must then come from the replica its certificate names, and carry only that
 * replica's writes. Every message is validated before any is applied.
 */
import {
  maxBatchMessages,
  maxValueBytes,
  replicateBatchFastPath,
  replicateBatchSchema,
  replicateSingleSchema,
} from "@causal-kv/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../apiError.js";
import type { IncomingBatch } from "../incomingBatch.js";
import type { ReplicaNode } from "../replicaNode.js";
import { Credential } from "../security/credential.js";
import { verifiedPeerNames } from "../security/peerCertificate.js";
import { parseInput } from "./parseInput.js";

/** Batches stay under 4 MiB, but one write of the largest value, JSON-escaped, can be more. */
const replicateBodyLimit = 64 * maxValueBytes;

export interface PeerChecks {
  readonly clusterSecret?: string | undefined;
  /** With TLS_CA: a peer must present a certificate it signed, naming the batch's sender. */
  readonly peerCertificates: boolean;
}

export function registerReplicateRoute(
  app: FastifyInstance,
  node: ReplicaNode,
  checks: PeerChecks,
): void {
  const secret =
    checks.clusterSecret === undefined ? undefined : new Credential(checks.clusterSecret);
  const onRequest = async (request: FastifyRequest) => {
    if (secret !== undefined) {
      const given = request.headers["x-cluster-secret"];
      if (typeof given !== "string") {
        throw new ApiError(
          "unauthorized",
          "peer traffic needs the cluster secret in x-cluster-secret",
        );
      }
      if (!secret.matches(given))
        throw new ApiError("forbidden", "the cluster secret sent is wrong");
    }
    if (checks.peerCertificates && verifiedPeerNames(request.raw.socket) === undefined) {
      throw new ApiError(
        "unauthorized",
        "peer traffic needs a client certificate signed by this cluster's TLS_CA",
      );
    }
  };
  app.get("/replicate/state", { onRequest }, async () => node.stateTransfer());
  app.post("/replicate", { bodyLimit: replicateBodyLimit, onRequest }, async (request) => {
    const batch = toBatch(request.body);
    checkSender(batch, request, checks.peerCertificates);
    try {
      return await node.receive(batch);
    } catch (error) {
      if (error instanceof ApiError && error.code === "integrity-conflict") {
        request.log.error(
          { from: batch.from, reason: error.message },
          "integrity conflict: a copy of a write differs from the one held",
        );
      }
      throw error;
    }
  });
}

function toBatch(body: unknown): IncomingBatch {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(
      "invalid-replicate-body",
      `the body must be one write { origin, clock, key, value } or a batch { messages: [...] } of at most ${maxBatchMessages}`,
    );
  }
  if ("messages" in body) {
    // The usual batch passes a hand check equal to the schema; anything else gets the schema's.
    return (
      replicateBatchFastPath(body) ??
      parseInput(replicateBatchSchema, body, "invalid-replicate-body")
    );
  }
  const { epoch, ...message } = parseInput(replicateSingleSchema, body, "invalid-replicate-body");
  return { epoch, messages: [message] };
}

/** A batch carries its sender's own writes; with peer certificates, the sender is the certificate's. */
function checkSender(batch: IncomingBatch, request: FastifyRequest, certificates: boolean): void {
  const { from } = batch;
  if (certificates) {
    const names = verifiedPeerNames(request.raw.socket) ?? [];
    if (from === undefined || !names.includes(from)) {
      throw new ApiError(
        "forbidden",
        `the batch says it is from ${from ?? "nobody"}, but the peer's certificate names ${names.join(", ") || "no replica"}`,
      );
    }
  }
  const foreign = batch.messages.find((message) => from !== undefined && message.origin !== from);
  if (foreign) {
    throw new ApiError(
      "invalid-replicate-body",
      `a batch from ${from} carries only ${from}'s writes, not ${foreign.origin}'s`,
    );
  }
}
