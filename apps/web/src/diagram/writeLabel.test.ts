import { describe, expect, it } from "vitest";
import { writeLabel } from "./writeLabel";

describe("writeLabel", () => {
  it("labels a write key=value, a delete as del key", () => {
    expect(writeLabel({ key: "x", value: "1" })).toBe("x=1");
    expect(writeLabel({ key: "x", value: null })).toBe("del x");
  });

  it("cuts long keys and values with an ellipsis, never inside a character", () => {
    expect(writeLabel({ key: "comment", value: "hello world" })).toBe("comme…=hello…");
    expect(writeLabel({ key: "k", value: "😀😀😀😀😀😀😀" })).toBe("k=😀😀😀😀😀…");
    expect(writeLabel({ key: "abcdef", value: "123456" })).toBe("abcdef=123456");
  });
});
