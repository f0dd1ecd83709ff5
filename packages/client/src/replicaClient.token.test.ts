// ReplicaClient's token against real replicas that require one: the admin token opens every
// route, the client token the client routes only, and no token (or a wrong one) is a ReplicaError
// with the replica's code, and changes nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { failureOf } from "./failureOf.testkit.js";
import { type RealReplicas, startReplicas } from "./realReplicas.testkit.js";
import { ReplicaClient } from "./replicaClient.js";

const adminToken = "admin-token-for-tests";
const clientToken = "client-token-for-tests";
let cluster: RealReplicas;

beforeAll(async () => {
  cluster = await startReplicas(2, {
    env: { ADMIN_TOKEN: adminToken, CLIENT_TOKEN: clientToken },
    token: adminToken,
  });
});
afterAll(() => cluster?.stop());

const as = (token?: string) => new ReplicaClient(cluster.url("node1"), { token });

describe("a token", () => {
  test("the admin token opens the client and the operator routes", async () => {
    const admin = as(adminToken);
    await admin.put("k", "v");
    expect((await admin.get("k"))?.values[0]?.value).toBe("v");
    expect((await admin.setMode("causal")).mode).toBe("causal");
    expect((await admin.held()).held).toEqual([]);
  });

  test("the client token opens keys, status and journal, not the operator routes", async () => {
    const client = as(clientToken);
    await client.put("c", "1");
    expect((await client.status()).store.c).toHaveLength(1);
    expect((await client.journal()).length).toBeGreaterThan(0);
    const refused = await failureOf(client.setMode("naive"));
    expect(refused).toMatchObject({ code: "forbidden", status: 403 });
    expect((await as(adminToken).status()).mode).toBe("causal");
  });

  test("without a token, or with a wrong one, nothing is read or changed", async () => {
    // What a refused request could change; how far peers have acknowledged earlier writes goes on
    // changing by itself meanwhile.
    const state = async () => {
      const { unacknowledged: _moving, ...rest } = await as(adminToken).status();
      return rest;
    };
    const before = await state();
    const cases = [
      { client: as(), refusal: { code: "unauthorized", status: 401 } },
      { client: as("wrong"), refusal: { code: "forbidden", status: 403 } },
    ];
    for (const { client, refusal } of cases) {
      expect(await failureOf(client.put("k", "stolen"))).toMatchObject(refusal);
      expect(await failureOf(client.reset())).toMatchObject(refusal);
      expect(await failureOf(client.status())).toMatchObject(refusal);
    }
    expect(await state()).toEqual(before);
    // Health stays open, for probes.
    expect(await as().health()).toEqual({ ok: true, id: "node1" });
  });
});
