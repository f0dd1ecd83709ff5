// The cluster as scenarios see it: replicas in lane order, and a clear error for an unknown one.
import { ReplicaClient } from "@causal-kv/client";
import { expect, test } from "vitest";
import { clusterOf } from "./cluster.js";

test("ids come in lane order, node2 before node10, and each id gives its own client", () => {
  const clients = Object.fromEntries(
    ["node10", "node2", "node1"].map((id, i) => [
      id,
      new ReplicaClient(`http://127.0.0.1:${i + 1}`),
    ]),
  );
  const cluster = clusterOf(clients);
  expect(cluster.ids).toEqual(["node1", "node2", "node10"]);
  for (const id of cluster.ids) expect(cluster.client(id)).toBe(clients[id]);
});

test("asking for a replica the cluster lacks fails with its name", () => {
  const cluster = clusterOf({ node1: new ReplicaClient("http://127.0.0.1:1") });
  expect(() => cluster.client("node3")).toThrow("there is no replica node3 in this cluster");
});
