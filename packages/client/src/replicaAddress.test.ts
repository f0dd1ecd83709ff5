// A replica's addresses keep its base URL's path prefix, with or without the trailing slash.
import { describe, expect, test } from "vitest";
import { replicaStreamAddress, replicaUrl } from "./replicaAddress.js";

describe("replicaUrl", () => {
  test("a replica at the root of its host: the route as given", () => {
    expect(replicaUrl("http://127.0.0.1:5001", "/kv/x").href).toBe("http://127.0.0.1:5001/kv/x");
    expect(replicaUrl("http://127.0.0.1:5001/", "/status").href).toBe(
      "http://127.0.0.1:5001/status",
    );
  });

  test("a path prefix is kept, with or without the trailing slash", () => {
    for (const base of ["http://host:8080/replica1", "http://host:8080/replica1/"]) {
      expect(replicaUrl(base, "/kv/x").href).toBe("http://host:8080/replica1/kv/x");
      expect(replicaUrl(base, "/control/links/node2").href).toBe(
        "http://host:8080/replica1/control/links/node2",
      );
    }
    expect(replicaUrl("https://lab.example/a/b//", "/health").href).toBe(
      "https://lab.example/a/b/health",
    );
  });

  test("the route's query is kept; the base's query and fragment are not", () => {
    const url = replicaUrl("http://host/replica1/?token=1#top", "/events?after=42");
    expect(url.href).toBe("http://host/replica1/events?after=42");
    expect(replicaUrl("http://host/replica1?x=1", "/status").href).toBe(
      "http://host/replica1/status",
    );
  });

  test("an encoded key stays encoded, once", () => {
    expect(replicaUrl("http://host/r1/", `/kv/${encodeURIComponent("a/b c%")}`).href).toBe(
      "http://host/r1/kv/a%2Fb%20c%25",
    );
  });

  test("a prefix that starts with // is a path on the same host, never another host", () => {
    const url = replicaUrl("http://host:8080//evil.example/", "/status");
    expect(url.host).toBe("host:8080");
    expect(url.pathname).toBe("//evil.example/status");
  });

  test("credentials in the base URL are kept", () => {
    expect(replicaUrl("http://user:pw@host/r1", "/health").href).toBe(
      "http://user:pw@host/r1/health",
    );
  });
});

describe("replicaStreamAddress", () => {
  test("at the root: the origin and socket.io's default path", () => {
    expect(replicaStreamAddress("http://127.0.0.1:5001")).toEqual({
      url: "http://127.0.0.1:5001",
      path: "/socket.io",
    });
  });

  test("behind a prefix: the origin (no namespace) and the prefix before /socket.io", () => {
    for (const base of ["http://host:8080/replica1", "http://host:8080/replica1/"]) {
      expect(replicaStreamAddress(base)).toEqual({
        url: "http://host:8080",
        path: "/replica1/socket.io",
      });
    }
  });
});
