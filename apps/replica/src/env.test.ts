import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.js";
import { defaultJournalBudget } from "./storage/journalRetention.js";

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
      host: "127.0.0.1",
      port: 5001,
      members: { node1: "http://127.0.0.1:5001", node2: "http://127.0.0.1:5002" },
      dataDir: "/tmp/node1",
      clusterSecret: undefined,
      adminToken: undefined,
      clientToken: undefined,
      allowedOrigins: [],
      allowedHosts: [],
      tls: undefined,
      http: {
        requestTimeoutMs: 30_000,
        headersTimeoutMs: 10_000,
        keepAliveTimeoutMs: 5_000,
        maxConnections: 1024,
      },
      logLevel: "info",
      synchronous: "FULL",
    });
  });

  it("cuts a trickling request off within a minute by default", () => {
    const { http } = parseEnv(base);
    expect(http?.requestTimeoutMs).toBeLessThanOrEqual(59_000);
    expect(http?.headersTimeoutMs).toBeLessThanOrEqual(http?.requestTimeoutMs ?? 0);
  });

  it("listens beyond loopback only with both the cluster secret and the admin token", () => {
    for (const HOST of ["127.0.0.1", "127.3.2.1", "::1", "localhost"]) {
      expect(parseEnv({ ...base, HOST }).host).toBe(HOST);
    }
    for (const HOST of ["0.0.0.0", "::", "10.1.2.3", "lab.example"]) {
      expect(() => parseEnv({ ...base, HOST })).toThrow(/set CLUSTER_SECRET and ADMIN_TOKEN/);
      expect(() => parseEnv({ ...base, HOST, CLUSTER_SECRET: "s" })).toThrow(
        /set ADMIN_TOKEN first/,
      );
      expect(() => parseEnv({ ...base, HOST, ADMIN_TOKEN: "a" })).toThrow(
        /set CLUSTER_SECRET first/,
      );
      const both = parseEnv({ ...base, HOST, CLUSTER_SECRET: "s", ADMIN_TOKEN: "a" });
      expect(both).toMatchObject({ host: HOST, clusterSecret: "s", adminToken: "a" });
    }
  });

  it("reads the security settings", () => {
    const config = parseEnv({
      ...base,
      PEERS: "node1=https://127.0.0.1:5001,node2=https://node2:5002",
      ADMIN_TOKEN: "admin",
      CLIENT_TOKEN: "client",
      ALLOWED_ORIGINS: "http://localhost:3000, https://lab.example",
      ALLOWED_HOSTS: "lab.example,[fd00::1]",
      TLS_CERT: "/certs/node1.pem",
      TLS_KEY: "/certs/node1.key",
      TLS_CA: "/certs/ca.pem",
      HTTP_REQUEST_TIMEOUT_MS: "2000",
      HTTP_HEADERS_TIMEOUT_MS: "1000",
      HTTP_KEEP_ALIVE_TIMEOUT_MS: "700",
      HTTP_MAX_CONNECTIONS: "16",
    });
    expect(config).toMatchObject({
      members: { node1: "https://127.0.0.1:5001", node2: "https://node2:5002" },
      adminToken: "admin",
      clientToken: "client",
      allowedOrigins: ["http://localhost:3000", "https://lab.example"],
      allowedHosts: ["lab.example", "[fd00::1]"],
      tls: { certFile: "/certs/node1.pem", keyFile: "/certs/node1.key", caFile: "/certs/ca.pem" },
      http: {
        requestTimeoutMs: 2000,
        headersTimeoutMs: 1000,
        keepAliveTimeoutMs: 700,
        maxConnections: 16,
      },
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
      LOG_LEVEL: "warn",
      SQLITE_SYNCHRONOUS: "NORMAL",
      FAULT_SEED: "7",
      JOURNAL_MAX_EVENTS: "1000",
      JOURNAL_MAX_BYTES: "65536",
    });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      clusterSecret: "s",
      logLevel: "warn",
      synchronous: "NORMAL",
      journal: { maxEvents: 1000, maxBytes: 65536 },
    });
    expect(parseEnv(base).journal).toEqual(defaultJournalBudget);
    expect(config.random?.()).toBe(parseEnv({ ...base, FAULT_SEED: "7" }).random?.());
  });

  it.each([
    [{ REPLICA_ID: undefined }, /REPLICA_ID/],
    [{ REPLICA_ID: "node 1" }, /REPLICA_ID/],
    [{ PORT: "http" }, /PORT must be a port number/],
    [{ PORT: "70000" }, /at most 65535/],
    [{ JOURNAL_MAX_EVENTS: "0" }, /JOURNAL_MAX_EVENTS must be at least 1/],
    [{ JOURNAL_MAX_BYTES: "lots" }, /JOURNAL_MAX_BYTES must be a whole number/],
    [{ PEERS: undefined }, /PEERS is required/],
    [{ PEERS: "node2=http://127.0.0.1:5002" }, /this replica \(node1\) included/],
    [{ PEERS: "node1=http://a:1,node1=http://b:2" }, /listed twice/],
    [{ PEERS: "node1=ftp://a:1" }, /is not http\(s\):\/\/host:port/],
    [{ PEERS: "node1=http://a:1/replica1?x=1" }, /is not http\(s\):\/\/host:port/],
    [{ PEERS: "node1=http://a:1/#top" }, /is not http\(s\):\/\/host:port/],
    [{ PEERS: "node1" }, /not id=url/],
    [{ DATA_DIR: undefined }, /DATA_DIR is required/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ CLUSTER_SECRET: "" }, /must not be empty/],
    [{ ADMIN_TOKEN: "" }, /ADMIN_TOKEN must not be empty/],
    [{ CLIENT_TOKEN: "" }, /CLIENT_TOKEN must not be empty/],
    [{ ALLOWED_ORIGINS: "http://localhost:3000/" }, /is not an origin/],
    [{ ALLOWED_ORIGINS: "*" }, /is not an origin/],
    [{ ALLOWED_HOSTS: "lab.example:3000" }, /is not a host name/],
    [{ TLS_CERT: "/c.pem" }, /TLS_CERT and TLS_KEY go together/],
    [{ TLS_CA: "/ca.pem" }, /TLS_CA needs TLS_CERT/],
    [{ HTTP_REQUEST_TIMEOUT_MS: "0" }, /at least 1 ms/],
    [{ HTTP_REQUEST_TIMEOUT_MS: "5s" }, /whole number of milliseconds/],
    [{ HTTP_REQUEST_TIMEOUT_MS: "500" }, /must not be longer than HTTP_REQUEST_TIMEOUT_MS/],
    [{ HTTP_MAX_CONNECTIONS: "0" }, /at least 1/],
  ])("rejects %j with a clear message", (change, message) => {
    const env = { ...base, ...change };
    expect(() => parseEnv(env)).toThrow(EnvError);
    expect(() => parseEnv(env)).toThrow(message);
  });
});
