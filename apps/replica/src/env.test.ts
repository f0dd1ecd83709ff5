import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.js";

const base = {
  REPLICA_ID: "node1",
  PORT: "5001",
  PEERS: "node1=http://127.0.0.1:5001,node2=http://127.0.0.1:5002/",
  DATA_DIR: "/tmp/node1",
};

describe("parseEnv", () => {
  it("reads a complete environment, with defaults", () => {
    expect(parseEnv(base)).toMatchObject({
      id: "node1",
      host: "0.0.0.0",
      port: 5001,
      members: { node1: "http://127.0.0.1:5001", node2: "http://127.0.0.1:5002" },
      dataDir: "/tmp/node1",
      clusterSecret: undefined,
      corsOrigin: true,
      logLevel: "info",
      synchronous: "FULL",
    });
  });

  it("keeps a peer's path prefix, without its trailing slash", () => {
    const config = parseEnv({
      ...base,
      PEERS: "node1=http://127.0.0.1:5001,node2=http://proxy:8080/lab/replica2/",
    });
    expect(config.members).toEqual({
      node1: "http://127.0.0.1:5001",
      node2: "http://proxy:8080/lab/replica2",
    });
  });

  it("reads the optional settings", () => {
    const config = parseEnv({
      ...base,
      HOST: "127.0.0.1",
      CLUSTER_SECRET: "s",
      CORS_ORIGIN: "http://localhost:3000, http://lab:3000",
      LOG_LEVEL: "warn",
      SQLITE_SYNCHRONOUS: "NORMAL",
      FAULT_SEED: "7",
    });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      clusterSecret: "s",
      corsOrigin: ["http://localhost:3000", "http://lab:3000"],
      logLevel: "warn",
      synchronous: "NORMAL",
    });
    expect(config.random?.()).toBe(parseEnv({ ...base, FAULT_SEED: "7" }).random?.());
  });

  it.each([
    [{ REPLICA_ID: undefined }, /REPLICA_ID/],
    [{ REPLICA_ID: "node 1" }, /REPLICA_ID/],
    [{ PORT: "http" }, /PORT must be a port number/],
    [{ PORT: "70000" }, /at most 65535/],
    [{ PEERS: undefined }, /PEERS is required/],
    [{ PEERS: "node2=http://127.0.0.1:5002" }, /this replica \(node1\) included/],
    [{ PEERS: "node1=http://a:1,node1=http://b:2" }, /listed twice/],
    [{ PEERS: "node1=ftp://a:1" }, /is not http:\/\/host:port/],
    [{ PEERS: "node1=http://a:1/replica1?x=1" }, /is not http:\/\/host:port/],
    [{ PEERS: "node1=http://a:1/#top" }, /is not http:\/\/host:port/],
    [{ PEERS: "node1" }, /not id=url/],
    [{ DATA_DIR: undefined }, /DATA_DIR is required/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ CLUSTER_SECRET: "" }, /must not be empty/],
  ])("rejects %j with a clear message", (change, message) => {
    const env = { ...base, ...change };
    expect(() => parseEnv(env)).toThrow(EnvError);
    expect(() => parseEnv(env)).toThrow(message);
  });
});
