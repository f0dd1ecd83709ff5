import { describe, expect, it } from "vitest";
import { describeChange, describeWrite } from "./describeWrite.js";
import { write } from "./journal.testkit.js";

describe("describeWrite", () => {
  it("names a put by key, value and write id", () => {
    expect(describeWrite(write("node1", { node1: 3, node2: 1 }, "x", "1"))).toBe("x=1 (node1:3)");
  });

  it("names a delete (a null value) as such", () => {
    expect(describeWrite(write("node2", { node1: 4, node2: 1 }, "x", null))).toBe(
      "delete x (node2:1)",
    );
  });

  it("keeps an empty value a put, not a delete", () => {
    expect(describeWrite(write("node1", { node1: 1 }, "k", ""))).toBe("k= (node1:1)");
  });
});

describe("describeChange", () => {
  it("says what a write changes, without which write it is", () => {
    expect(describeChange(write("node1", { node1: 3 }, "x", "1"))).toBe("x=1");
    expect(describeChange(write("node2", { node2: 1 }, "x", null))).toBe("delete x");
    expect(describeChange(write("node1", { node1: 1 }, "k", ""))).toBe("k=");
  });
});
