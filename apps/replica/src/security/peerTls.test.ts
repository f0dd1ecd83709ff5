/**
 * TLS between real replica processes, with certificates the test makes: the replicas serve HTTPS
 * and replicate over it, each presenting its own certificate; with TLS_CA set, `/replicate` takes
 * a batch only from a peer whose certificate the CA signed and which names the batch's sender.
 * A peer with no certificate, one from another CA, or one naming another replica is refused, and
 * the cluster is left as it was.
 */
import { request } from "node:https";
import { type RealReplicas, startReplicas, waitFor } from "@causal-kv/client/testkit";
import { statusResponseSchema, type ValuesResponse } from "@causal-kv/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "./attacks.testkit.js";
import {
  type CertificateFiles,
  makeTestCertificates,
  type TestCertificates,
} from "./testCertificates.testkit.js";

let certificates: TestCertificates;
let cluster: RealReplicas;

interface HttpsReply {
  readonly status: number;
  readonly body: unknown;
}

/** One HTTPS request trusting the cluster's CA, presenting `identity` if given. */
function https(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  identity?: CertificateFiles,
): Promise<HttpsReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = request(
      {
        hostname,
        port,
        path,
        method,
        agent: false,
        ca: certificates.read(certificates.ca),
        ...(identity
          ? { cert: certificates.read(identity.cert), key: certificates.read(identity.key) }
          : {}),
        headers: text === undefined ? {} : { "content-type": "application/json" },
        timeout: 5000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = raw;
          try {
            parsed = JSON.parse(raw);
          } catch {}
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("timed out")));
    outgoing.on("error", reject);
    outgoing.end(text);
  });
}

const url = (id: string) => cluster.url(id);
const stateOf = async (id: string) => {
  const status = statusResponseSchema.parse((await https(url(id), "GET", "/status")).body);
  return JSON.stringify({ epoch: status.epoch, clock: status.clock, store: status.store });
};

beforeAll(async () => {
  certificates = makeTestCertificates(["node1", "node2", "node3"]);
  cluster = await startReplicas(3, {
    supervised: false,
    scheme: "https",
    envOf: (id) => ({
      TLS_CERT: certificates.replica(id).cert,
      TLS_KEY: certificates.replica(id).key,
      TLS_CA: certificates.ca,
    }),
    healthy: (base) =>
      https(base, "GET", "/health").then(
        (reply) => reply.status === 200,
        () => false,
      ),
  });
});

afterAll(async () => {
  await cluster?.stop();
  certificates?.remove();
});

describe("replicas over TLS", () => {
  it("serve HTTPS and replicate to each other, each presenting its certificate", async () => {
    const written = await https(url("node1"), "PUT", "/kv/over-tls", { value: "sealed" });
    expect(written.status).toBe(200);
    await waitFor("node3 to have the write", async () => {
      const reply = await https(url("node3"), "GET", "/kv/over-tls");
      return reply.status === 200 && (reply.body as ValuesResponse).values[0]?.value === "sealed";
    });
    await waitFor("the replicas to agree", async () => {
      const states = await Promise.all(["node1", "node2", "node3"].map(stateOf));
      return states.every((state) => state === states[0]);
    });
  });

  it("take peer traffic only from a certificate the CA signed that names the sender", async () => {
    const before = await Promise.all(["node1", "node2", "node3"].map(stateOf));
    const forged = {
      epoch: 0,
      from: "node1",
      messages: [{ origin: "node1", clock: { node1: 99 }, key: "over-tls", value: "forged" }],
    };
    const attempts: [string, CertificateFiles | undefined, number, string][] = [
      ["no certificate", undefined, 401, "unauthorized"],
      ["another CA's certificate naming node1", certificates.outsider, 401, "unauthorized"],
      ["node2's certificate, sending as node1", certificates.replica("node2"), 403, "forbidden"],
    ];
    for (const target of ["node2", "node3"]) {
      for (const [what, identity, status, code] of attempts) {
        const reply = await https(url(target), "POST", "/replicate", forged, identity);
        expect(reply.status, `${what} to ${target}`).toBe(status);
        expect(errorCode(reply.body), `${what} to ${target}`).toBe(code);
      }
    }
    // node2's own certificate, sending as node2: taken (an announcement of its epoch).
    const announcement = { epoch: 0, from: "node2", messages: [] };
    const fromNode2 = await https(
      url("node3"),
      "POST",
      "/replicate",
      announcement,
      certificates.replica("node2"),
    );
    expect(fromNode2.status).toBe(200);
    expect(await Promise.all(["node1", "node2", "node3"].map(stateOf))).toEqual(before);
  });
});
