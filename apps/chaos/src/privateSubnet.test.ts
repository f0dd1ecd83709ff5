import { describe, expect, it } from "vitest";
import { addressIn, choosePrivateSubnet } from "./privateSubnet.js";

describe("choosePrivateSubnet", () => {
  it("ignores the default route and picks a /24 of 10.77.0.0/16", () => {
    expect(choosePrivateSubnet(["default", "192.0.2.0/24", "127.0.0.1"], () => 0.5)).toBe(
      "10.77.128.0/24",
    );
  });

  it("skips a /24 another route already covers, exactly or by a wider prefix", () => {
    expect(choosePrivateSubnet(["10.77.128.0/24", "10.77.129.5"], () => 0.5)).toBe(
      "10.77.130.0/24",
    );
    expect(choosePrivateSubnet(["10.77.128.0/23"], () => 0.5)).toBe("10.77.130.0/24");
  });

  it("finds nothing when a route covers all of 10.77.0.0/16", () => {
    expect(choosePrivateSubnet(["10.0.0.0/8"], () => 0)).toBeUndefined();
  });

  it("numbers the bridge and the hosts inside the subnet", () => {
    expect(addressIn("10.77.9.0/24", 1)).toBe("10.77.9.1");
    expect(addressIn("10.77.9.0/24", 6)).toBe("10.77.9.6");
  });
});
