import { type JournalEvent, journaledWrite } from "@causal-kv/core";
import type { ClientExchange } from "@causal-kv/scenarios";
import { describe, expect, it } from "vitest";
import { layoutClients } from "./layoutClients";

const replicas = ["node1", "node2", "node3"];
const written = { key: "reply", value: "yes", origin: "node2", clock: { node1: 1, node2: 1 } };

function exchange(partial: Partial<ClientExchange> & Pick<ClientExchange, "id" | "client">) {
  return {
    replica: "node2",
    operation: "write",
    key: "reply",
    sentAt: 1000,
    ...partial,
  } as ClientExchange;
}

const writeEvent = {
  seq: 3,
  time: 2500,
  replica: "node2",
  clock: written.clock,
  type: "write",
  message: journaledWrite(written),
} as JournalEvent;

describe("the clients' lanes", () => {
  it("are Alice, Bob, Carol in that order, then others by name", () => {
    const layout = layoutClients(
      [
        exchange({ id: 1, client: "Zed" }),
        exchange({ id: 2, client: "Carol" }),
        exchange({ id: 3, client: "Alice" }),
        exchange({ id: 4, client: "Carol" }),
      ],
      replicas,
      [],
    );
    expect(layout.clients).toEqual(["Alice", "Carol", "Zed"]);
    expect(layout.requests.map((r) => r.clientLane)).toEqual([2, 1, 0, 1]);
  });

  it("bring a write down to its journal event, so a wait for the context shows", () => {
    const answered = exchange({
      id: 1,
      client: "Bob",
      answer: { at: 2600, written },
    });
    const [request] = layoutClients([answered], replicas, [writeEvent]).requests;
    expect(request).toMatchObject({
      replicaLane: 1,
      sentAt: 1000,
      servedAt: 2500,
      answeredAt: 2600,
      failed: false,
    });
  });

  it("serve a read when it is answered; a request still waiting has neither", () => {
    const read = exchange({
      id: 1,
      client: "Carol",
      operation: "read",
      replica: "node3",
      answer: { at: 1800, read: [] },
    });
    const waiting = exchange({ id: 2, client: "Carol", sentAt: 1900 });
    const refused = exchange({
      id: 3,
      client: "Carol",
      answer: { at: 3000, error: "context-not-reached" },
    });
    const [served, pending, failed] = layoutClients(
      [read, waiting, refused],
      replicas,
      [],
    ).requests;
    expect(served).toMatchObject({ replicaLane: 2, servedAt: 1800, answeredAt: 1800 });
    expect(pending?.servedAt).toBeUndefined();
    expect(pending?.answeredAt).toBeUndefined();
    expect(failed).toMatchObject({ failed: true, answeredAt: 3000 });
    expect(failed?.servedAt).toBeUndefined();
  });

  it("leave out a request to a replica not on the diagram", () => {
    expect(
      layoutClients([exchange({ id: 1, client: "Bob", replica: "node9" })], replicas, []).requests,
    ).toEqual([]);
  });
});
