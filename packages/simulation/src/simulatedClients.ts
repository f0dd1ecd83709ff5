/**
 * Clients inside the simulation, each a session that hops between replicas as its plan says. With
 * contexts, an operation at a replica that has not delivered everything the session observed waits
 * there, woken by the delivery it needs, or gives up after the plan's wait (a failed read is left
 * out of the history; a write that never started wrote nothing). Without, every operation is served
 * at once. What each client saw becomes a client history for the client checker.
 */
import type { ClientHistory, ClientOperation } from "@causal-kv/checker";
import {
  type CausalReplica,
  contextReached,
  merge,
  type ReplicaId,
  type ReplicatedWrite,
  type Sibling,
  type VectorClock,
  writeId,
} from "@causal-kv/core";
import type { ClientPlan, PlannedClient } from "./clientPlan.js";

export type ClientAction =
  | { readonly kind: "client-op"; readonly client: number }
  | { readonly kind: "client-timeout"; readonly client: number; readonly attempt: number };

/** What the clients need of the simulated cluster. */
export interface ClientWorld {
  readonly members: readonly ReplicaId[];
  isUp(replica: ReplicaId): boolean;
  replica(id: ReplicaId): CausalReplica;
  /** A client write at `replica`, taken as the cluster takes any local write. */
  write(replica: ReplicaId, key: string, value: string | null, now: number): ReplicatedWrite;
  schedule(atMs: number, action: ClientAction): void;
}

interface ClientState {
  readonly plan: PlannedClient;
  next: number;
  context: VectorClock;
  written: number;
  attempts: number;
  /** Where its current operation waits for its context, and which attempt that is. */
  waiting: { readonly replica: ReplicaId; readonly attempt: number } | undefined;
  readonly history: ClientOperation[];
}

export class SimulatedClients {
  private readonly clients: ClientState[];
  private readonly anonymous: ClientOperation[] = [];

  constructor(
    private readonly plan: ClientPlan,
    private readonly world: ClientWorld,
    private readonly useContext: boolean,
  ) {
    this.clients = plan.clients.map((client) => ({
      plan: client,
      next: 0,
      context: {},
      written: 0,
      attempts: 0,
      waiting: undefined,
      history: [],
    }));
  }

  start(): void {
    for (const [index, client] of this.clients.entries()) {
      this.world.schedule(client.plan.operations[0]?.thinkMs ?? 0, {
        kind: "client-op",
        client: index,
      });
    }
  }

  run(action: ClientAction, now: number): void {
    const client = this.clients[action.client];
    if (!client) return;
    if (action.kind === "client-timeout") {
      if (client.waiting?.attempt === action.attempt) this.giveUp(client, action.client, now);
      return;
    }
    const operation = client.plan.operations[client.next];
    if (!operation || now > this.plan.endMs) return;
    const replica = [operation.replica, ...this.world.members].find((id) => this.world.isUp(id));
    if (replica === undefined) {
      this.giveUp(client, action.client, now);
      return;
    }
    if (this.useContext && !contextReached(this.world.replica(replica).delivered, client.context)) {
      const attempt = ++client.attempts;
      client.waiting = { replica, attempt };
      this.world.schedule(now + this.plan.waitMs, {
        kind: "client-timeout",
        client: action.client,
        attempt,
      });
      return;
    }
    this.serve(client, action.client, replica, now);
  }

  /** `replica` delivered writes: the clients waiting there whose context it now covers go on. */
  delivered(replica: ReplicaId, now: number): void {
    for (const [index, client] of this.clients.entries()) {
      if (client.waiting?.replica !== replica) continue;
      if (!contextReached(this.world.replica(replica).delivered, client.context)) continue;
      client.waiting = undefined;
      this.serve(client, index, replica, now);
    }
  }

  /** `replica` crashed: every operation waiting there fails, as its connection does. */
  crashed(replica: ReplicaId, now: number): void {
    for (const [index, client] of this.clients.entries()) {
      if (client.waiting?.replica === replica) this.giveUp(client, index, now);
    }
  }

  /** A write of the fault plan, by no session: its own one-write session in the history. */
  anonymousWrite(message: ReplicatedWrite): void {
    this.anonymous.push({
      type: "write",
      key: message.key,
      value: uniqueValue(message),
      clock: message.clock,
      replica: message.origin,
    });
  }

  history(): ClientHistory {
    const history: Record<string, ClientOperation[]> = {};
    for (const client of this.clients) history[client.plan.name] = client.history;
    for (const [i, write] of this.anonymous.entries()) history[`writer${i + 1}`] = [write];
    return history;
  }

  private serve(client: ClientState, index: number, replica: ReplicaId, now: number): void {
    const operation = client.plan.operations[client.next];
    if (!operation) return;
    if (operation.kind === "read") {
      const siblings = this.world.replica(replica).siblings(operation.key);
      client.history.push({
        type: "read",
        key: operation.key,
        values: siblings.map((sibling) => ({ value: uniqueValue(sibling), clock: sibling.clock })),
        replica,
      });
      for (const sibling of siblings) this.observe(client, sibling.clock);
    } else {
      const value = operation.kind === "write" ? `${client.plan.name}.${++client.written}` : null;
      const message = this.world.write(replica, operation.key, value, now);
      client.history.push({
        type: "write",
        key: operation.key,
        value: uniqueValue(message),
        clock: message.clock,
        replica,
      });
      this.observe(client, message.clock);
    }
    this.advance(client, index, now);
  }

  private observe(client: ClientState, clock: VectorClock): void {
    if (this.useContext) client.context = merge(client.context, clock);
  }

  private giveUp(client: ClientState, index: number, now: number): void {
    client.waiting = undefined;
    this.advance(client, index, now);
  }

  private advance(client: ClientState, index: number, now: number): void {
    client.next++;
    const next = client.plan.operations[client.next];
    if (next) this.world.schedule(now + next.thinkMs, { kind: "client-op", client: index });
  }
}

/** A write's unique value in the history; a tombstone is named by its write id. */
function uniqueValue(write: Pick<Sibling, "value" | "clock" | "origin">): string {
  return write.value ?? `⊥${writeId(write)}`;
}
