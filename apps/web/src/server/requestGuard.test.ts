import { describe, expect, it } from "vitest";
import { hostAllowed, hostNameOf, sameOrigin } from "./requestGuard.ts";

describe("the Host a lab server answers to", () => {
  const allowed = (host: string | undefined) =>
    hostAllowed(host, ["lab.school.example"], "ClassPC");

  it("is any address, localhost, this machine's name or PUBLIC_HOST, with or without a port", () => {
    for (const host of [
      "127.0.0.1:3000",
      "127.0.0.2:3000",
      "192.168.1.20:3000",
      "[::1]:3000",
      "[fe80::1]",
      "localhost:3000",
      "app.localhost",
      "classpc:3000",
      "ClassPC.local:3000",
      "lab.school.example",
      "LAB.school.example.:80",
    ])
      expect(allowed(host), host).toBe(true);
  });

  it("is never another name, which a DNS-rebinding page would send", () => {
    for (const host of [
      undefined,
      "",
      "attacker.example:3000",
      "classpc.attacker.example",
      "localhost.evil",
    ])
      expect(allowed(host), String(host)).toBe(false);
  });

  it("reads the name out of the header", () => {
    expect(hostNameOf("[::1]:3000")).toBe("::1");
    expect(hostNameOf("Lab.Local:80")).toBe("lab.local");
    expect(hostNameOf("::1")).toBe("::1");
  });
});

describe("a request's origin", () => {
  it("passes without an Origin (servers, the CLI, same-origin reads) or with the page's own", () => {
    expect(sameOrigin(undefined, "127.0.0.2:3000")).toBe(true);
    expect(sameOrigin("http://127.0.0.2:3000", "127.0.0.2:3000")).toBe(true);
    expect(sameOrigin("http://localhost", "localhost:80")).toBe(true);
  });

  it("is refused from any other origin, a sandboxed page's null included", () => {
    expect(sameOrigin("http://127.0.0.1:3000", "127.0.0.2:3000")).toBe(false);
    expect(sameOrigin("http://evil.example", "127.0.0.1:3000")).toBe(false);
    expect(sameOrigin("null", "127.0.0.1:3000")).toBe(false);
    expect(sameOrigin("http://127.0.0.1:3000", undefined)).toBe(false);
  });
});
