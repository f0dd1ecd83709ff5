import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalReplica } from "./causalReplica.js";
import { digestValue, previewLength, sameDigest } from "./valueDigest.js";

/** UTF-8 length by code points, as an encoder writes them (a lone surrogate becomes U+FFFD). */
const utf8Bytes = (value: string) =>
  Array.from(value).reduce((bytes, char) => {
    const point = char.codePointAt(0) ?? 0;
    return bytes + (point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4);
  }, 0);

describe("digestValue", () => {
  it("keeps a short value whole and says it is not cut", () => {
    expect(digestValue("hello")).toMatchObject({ preview: "hello", cut: false, bytes: 5 });
    expect(digestValue("")).toMatchObject({ preview: "", cut: false, bytes: 0 });
  });

  it("cuts a long value to its first characters and marks it cut", () => {
    const digest = digestValue("a".repeat(previewLength + 1));
    expect(digest.preview).toBe("a".repeat(previewLength));
    expect(digest.cut).toBe(true);
    expect(digest.bytes).toBe(previewLength + 1);
  });

  it("never cuts between the halves of a surrogate pair", () => {
    const digest = digestValue(`${"a".repeat(previewLength - 1)}😀 and more`);
    expect(digest.preview).toBe("a".repeat(previewLength - 1));
    expect(digest.cut).toBe(true);
  });

  it("counts UTF-8 bytes as the wire does, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        expect(digestValue(value).bytes).toBe(utf8Bytes(value));
      }),
    );
    expect(digestValue("\ud800x").bytes).toBe(utf8Bytes("\ud800x"));
  });

  it("gives equal values equal hashes, and values that differ in one character different ones", () => {
    const value = "v".repeat(10_000);
    const other = `${"v".repeat(9_999)}w`;
    expect(digestValue(value).hash).toBe(digestValue(`${value}`).hash);
    expect(digestValue(value).hash).toMatch(/^[0-9a-f]{16}$/);
    expect(sameDigest(digestValue(value), digestValue(other))).toBe(false);
    expect(sameDigest(digestValue(value), digestValue(value))).toBe(true);
    expect(sameDigest(null, null)).toBe(true);
    expect(sameDigest(null, digestValue(""))).toBe(false);
  });

  it("finds no collision among many short values", () => {
    const hashes = new Set<string>();
    for (let i = 0; i < 50_000; i++) hashes.add(digestValue(`value-${i}`).hash);
    expect(hashes.size).toBe(50_000);
  });
});

describe("journal events of a large write", () => {
  it("carry a preview and the size, not the value", () => {
    const replica = new CausalReplica({ id: "node1", members: ["node1", "node2"] });
    const value = "x".repeat(1024 * 1024);
    const { events } = replica.write("big", value, 0);
    for (const event of events) {
      expect(JSON.stringify(event).length).toBeLessThan(400);
      expect(event).toMatchObject({
        message: { value: { preview: "x".repeat(previewLength), cut: true, bytes: 1024 * 1024 } },
      });
    }
    expect(replica.siblings("big")[0]?.value).toBe(value);
  });
});
