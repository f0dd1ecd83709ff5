import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { labAddresses } from "./labAddresses.ts";

const entry = (address: string, family: "IPv4" | "IPv6", internal: boolean) =>
  ({ address, family, internal, netmask: "", mac: "", cidr: null }) as NetworkInterfaceInfo;
const interfaces = {
  lo: [entry("127.0.0.1", "IPv4", true), entry("::1", "IPv6", true)],
  eth0: [entry("192.168.1.20", "IPv4", false), entry("fe80::1", "IPv6", false)],
  wlan0: [entry("10.0.0.7", "IPv4", false)],
};

describe("where the lab can be opened", () => {
  it("on loopback: this machine only, no network URL", () => {
    expect(labAddresses("127.0.0.1", 3000, undefined, interfaces)).toEqual({
      local: "http://localhost:3000",
      network: [],
    });
  });

  it("on every interface: each external IPv4 address, as Vite prints them", () => {
    expect(labAddresses("0.0.0.0", 3000, undefined, interfaces)).toEqual({
      local: "http://localhost:3000",
      network: ["http://192.168.1.20:3000", "http://10.0.0.7:3000"],
    });
  });

  it("on one address: that one; with PUBLIC_HOST: that name, whatever the interfaces say", () => {
    expect(labAddresses("192.168.1.20", 3000, undefined, interfaces).network).toEqual([
      "http://192.168.1.20:3000",
    ]);
    expect(labAddresses("0.0.0.0", 8080, "lab.school.example", interfaces).network).toEqual([
      "http://lab.school.example:8080",
    ]);
  });
});
