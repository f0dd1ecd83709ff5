/**
 * How the soak's sessions sort their writes' outcomes, against real loopback servers standing in
 * for replicas: one nothing listens on (the writes are refused: certainly not written), one that
 * never answers (indefinite: they may have been), and one that answers writes with an error
 * (rejected: a finding) and reads with "no value".
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "@causal-kv/core";
import { afterEach, expect, it } from "vitest";
import { startWriter } from "./sessionWriters.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback address nothing listens on: a port just released by a server of our own. */
async function nobodyHome(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

it("counts refused, indefinite and rejected writes by whether the outcome is definite", async () => {
  const failure = { error: { code: "storage-sync-failed", message: "the disk did not confirm" } };
  const absent = { error: { code: "key-not-found", message: "the key has no value" } };
  // It reads the whole request first, as a replica does.
  const failing = await serve((request, response) => {
    request.resume().on("end", () => {
      const read = request.method === "GET";
      response.writeHead(read ? 404 : 500, { "content-type": "application/json" });
      response.end(JSON.stringify(read ? absent : failure));
    });
  });
  const replicas = [
    { id: "down", url: await nobodyHome() },
    { id: "silent", url: await serve(() => {}) },
    { id: "failing", url: failing },
  ];
  // The first fetch loads and compiles undici, which can outlast a timeout on a busy machine.
  await fetch(failing).then((reply) => reply.arrayBuffer());
  const writer = startWriter({ replicas, rate: 100, random: seededRandom(7), timeoutMs: 2000 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  const tally = await writer.stop();

  expect(tally.acknowledged).toEqual([]);
  expect(tally.refused).toBeGreaterThan(0);
  expect(tally.indefinite.length).toBeGreaterThan(0);
  expect(tally.rejected.length).toBeGreaterThan(0);
  expect(tally.refused + tally.indefinite.length + tally.rejected.length).toBe(tally.sent);
  for (const write of tally.indefinite) {
    expect(write.replica, write.reason).toBe("silent");
    expect(write.reason).toContain("did not answer");
  }
  for (const line of tally.rejected) {
    expect(line).toBe("failing: 500 the disk did not confirm");
  }
  // The reads that were answered ("no value") are in the history; the rest say nothing.
  const reads = Object.values(tally.history)
    .flat()
    .filter((operation) => operation.type === "read");
  expect(reads.length).toBe(tally.reads);
  expect(reads.every((read) => read.replica === "failing" && read.values.length === 0)).toBe(true);
});
