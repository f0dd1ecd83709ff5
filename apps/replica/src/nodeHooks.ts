/**
 * What a ReplicaNode tells the rest of its process: the stream, the transport and the server.
 * Each hook is called only for a committed change, after its commit, never during a step.
 */
import type { JournalEvent, ReplicaId, ReplicatedWrite } from "@causal-kv/core";
import type { LinkSettings } from "@causal-kv/protocol";

export interface NodeHooks {
  /** Committed journal events, in order. */
  journal(events: readonly JournalEvent[]): void;
  /** A committed local write, to send to every peer. */
  localWrite(message: ReplicatedWrite, epoch: number): void;
  linkChanged(peer: ReplicaId, before: LinkSettings, after: LinkSettings): void;
  reset(epoch: number): void;
  /** The disk did not confirm a sync: the replica must stop (see GroupCommit). */
  storageFailed(error: unknown): void;
}

/** For a node nobody listens to (tests of the node alone). */
export const noHooks: NodeHooks = {
  journal() {},
  localWrite() {},
  linkChanged() {},
  reset() {},
  storageFailed() {},
};
