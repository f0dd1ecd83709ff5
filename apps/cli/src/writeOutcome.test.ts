/**
 * What the CLI says of a write a replica answered with an error, read from the registry's
 * `definite`: a refusal is "refused", a failure whose effect is unknown is "indefinite". The
 * replica is a loopback server answering the error body a real replica would.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "./replicaCluster.testkit.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A replica list of one whose every request is answered with this status and error. */
async function answering(status: number, code: string, message: string) {
  const server = createServer((request, response) => {
    request.resume().on("end", () => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { code, message } }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, env: { CAUSAL_KV_REPLICAS: `node1=${url}` } };
}

function errorOf(run: { stderr: string[] }): unknown {
  return JSON.parse(run.stderr[0] ?? "");
}

describe("a write answered with an error", () => {
  it("is refused when the registry calls the code definite", async () => {
    const { env } = await answering(413, "value-too-large", "a value must be at most 1 MiB");
    const run = await cli(["put", "k", "v", "--json"], env);
    expect(run.status).toBe(1);
    expect(errorOf(run)).toEqual({
      error: {
        code: "refused",
        message: "node1 refused: a value must be at most 1 MiB (413 value-too-large)",
        exitCode: 1,
        indefinite: false,
      },
    });
  });

  it("is indefinite when the replica may have applied it before failing", async () => {
    for (const code of ["internal", "storage-sync-failed"]) {
      const { env } = await answering(500, code, "the disk did not confirm");
      const run = await cli(["delete", "k", "--json"], env);
      expect(run.status, code).toBe(1);
      expect(errorOf(run), code).toEqual({
        error: {
          code: "indefinite",
          message:
            "node1 failed while handling the delete of k: the disk did not confirm. It may or may not have been applied; read the key to find out.",
          exitCode: 1,
          indefinite: true,
        },
      });
    }
  });

  it("is indefinite when the error is not one the registry knows", async () => {
    const { env } = await answering(502, "gateway-broke", "upstream went away");
    const run = await cli(["put", "k", "v", "--json"], env);
    expect(run.status).toBe(1);
    expect(errorOf(run)).toMatchObject({ error: { code: "indefinite", indefinite: true } });
  });
});
