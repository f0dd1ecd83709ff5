// How ReplicaClient reads a journal page by page from a server that pages it in twos, and what it
// does when the journal is reset (a new epoch) between two pages.
import type { JournalEvent } from "@causal-kv/core";
import { afterEach, expect, test } from "vitest";
import { type AnsweringServer, startAnsweringServer } from "./answeringServer.testkit.js";
import { failureOf } from "./failureOf.testkit.js";
import { ReplicaClient } from "./replicaClient.js";

let server: AnsweringServer | undefined;
afterEach(() => server?.close());

function restart(seq: number): JournalEvent {
  return { seq, time: seq * 10, replica: "node1", clock: { node1: 0 }, type: "restart" };
}

/**
 * A journal server paging in twos; `afterPage` may change its epoch and events once a page is
 * served, as a reset landing between two reads would.
 */
async function journalServer(
  state: { epoch: number; events: JournalEvent[] },
  afterPage: (served: number) => void = () => {},
) {
  let served = 0;
  return startAnsweringServer((request, response) => {
    const after = Number(new URL(request.url ?? "/", "http://x").searchParams.get("after"));
    const page = state.events.filter((e) => e.seq > after).slice(0, 2);
    const body = { events: page, next: page.at(-1)?.seq ?? after, epoch: state.epoch, start: 1 };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    afterPage(++served);
  });
}

test("pages are read until one comes back empty, in order", async () => {
  const events = [1, 2, 3, 4, 5].map(restart);
  server = await journalServer({ epoch: 0, events });
  expect(await new ReplicaClient(server.url).journal()).toEqual(events);
  expect(server.requests).toEqual([
    "GET /events?after=0",
    "GET /events?after=2",
    "GET /events?after=4",
    "GET /events?after=5",
  ]);
});

test("a reset between two pages starts the read over in the new epoch", async () => {
  const state = { epoch: 4, events: [1, 2, 3].map(restart) };
  server = await journalServer(state, (served) => {
    if (served !== 1) return;
    state.epoch = 5;
    state.events = [restart(1)];
  });
  expect(await new ReplicaClient(server.url).journal()).toEqual([restart(1)]);
  expect(server.requests).toEqual([
    "GET /events?after=0",
    "GET /events?after=2",
    "GET /events?after=0",
    "GET /events?after=1",
  ]);
});

test("a journal reset on every page is reported, not returned mixed", async () => {
  let epoch = 0;
  server = await startAnsweringServer((_request, response) => {
    epoch += 1;
    const body = { events: [restart(1), restart(2)], next: 2, epoch, start: 1 };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  const refused = await failureOf(new ReplicaClient(server.url).journal());
  expect(refused).toMatchObject({ code: "journal-reset", answered: true, definite: true });
  expect(refused.message).toBe("the journal was reset 3 times while it was being read");
  expect(server.requests).toHaveLength(6);
});
