/**
 * Named clients (Alice, Bob, Carol) talking to the cluster's replicas, each with or without its
 * causal session, for scenarios and the lab's write form. Every request is announced as it is
 * sent and again when answered (for the clients' lanes on the diagram), and what each client saw
 * makes a client history, its writes named by write id, so values need not be unique.
 */
import type { ClientHistory } from "@causal-kv/checker";
import { ReplicaError, Session } from "@causal-kv/client";
import type { ReplicaId } from "@causal-kv/core";
import type { ValuesResponse, WriteResponse } from "@causal-kv/protocol";
import type { ClientExchange, ExchangeAnswer } from "./clientExchange.js";
import { historyOfExchanges } from "./clientHistory.js";
import type { Cluster } from "./cluster.js";

/** One request of a client to a replica, and its answer once there is one. */

/** How long a scenario's replica may wait for a client's context: longer than any lab delay. */
export const clientWaitMs = 8000;

/** Unique on the page, so the requests of a scenario and of the write form never share an id. */
let nextExchangeId = 1;

export class ClientSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly exchanges = new Map<number, ClientExchange>();

  constructor(
    private readonly cluster: Cluster,
    private readonly onExchange: (exchange: ClientExchange) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Every client's session and history forgotten: after a cluster reset they mean nothing. */
  reset(): void {
    this.sessions.clear();
    this.exchanges.clear();
  }

  async put(
    client: string,
    at: ReplicaId,
    key: string,
    value: string | null,
    useSession: boolean,
  ): Promise<WriteResponse> {
    const replica = this.cluster.client(at);
    const session = useSession ? this.session(client) : undefined;
    const sent = this.send(client, at, "write", key, session, value);
    const written = await this.answered(sent, session, async () => {
      if (session) {
        return value === null ? session.delete(replica, key) : session.put(replica, key, value);
      }
      return value === null ? replica.delete(key) : replica.put(key, value);
    });
    this.answer(sent, session, { written });
    return written;
  }

  async get(
    client: string,
    at: ReplicaId,
    key: string,
    useSession: boolean,
  ): Promise<ValuesResponse | undefined> {
    const replica = this.cluster.client(at);
    const session = useSession ? this.session(client) : undefined;
    const sent = this.send(client, at, "read", key, session);
    const found = await this.answered(sent, session, () =>
      session ? session.get(replica, key) : replica.get(key),
    );
    this.answer(sent, session, { read: found?.values ?? [] });
    return found;
  }

  /** What every client saw so far. */
  history(): ClientHistory {
    return historyOfExchanges([...this.exchanges.values()]).history;
  }

  private session(client: string): Session {
    let session = this.sessions.get(client);
    if (!session) {
      session = new Session({ waitMs: clientWaitMs });
      this.sessions.set(client, session);
    }
    return session;
  }

  private send(
    client: string,
    replica: ReplicaId,
    operation: "read" | "write",
    key: string,
    session: Session | undefined,
    value?: string | null,
  ): ClientExchange {
    const context = session?.context?.clock;
    const exchange: ClientExchange = {
      id: nextExchangeId++,
      client,
      replica,
      operation,
      key,
      ...(operation === "write" ? { value: value ?? null } : {}),
      sentAt: this.now(),
      ...(context ? { context } : {}),
    };
    this.announce(exchange);
    return exchange;
  }

  /** Runs the request; a failure is announced as the exchange's answer, then thrown on. */
  private async answered<T>(
    sent: ClientExchange,
    session: Session | undefined,
    request: () => Promise<T>,
  ): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const code = error instanceof ReplicaError ? error.code : "failed";
      this.answer(sent, session, { error: code });
      // The cluster was reset: what the session had seen is gone, so it starts afresh.
      if (code === "stale-context") session?.forget();
      throw error;
    }
  }

  private answer(
    sent: ClientExchange,
    session: Session | undefined,
    answer: Omit<ExchangeAnswer, "at" | "context">,
  ): void {
    const context = session?.context?.clock;
    this.announce({
      ...sent,
      answer: { ...answer, at: this.now(), ...(context ? { context } : {}) },
    });
  }

  private announce(exchange: ClientExchange): void {
    this.exchanges.set(exchange.id, exchange);
    this.onExchange(exchange);
  }
}
