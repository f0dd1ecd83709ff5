import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppliedSeqs } from "./appliedSeqs.js";

describe("AppliedSeqs", () => {
  it("answers as a plain set of seqs does, whatever order ranges and seqs come in", () => {
    const op = fc.record({ from: fc.integer({ min: 1, max: 60 }), length: fc.nat(6) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const ranges = new AppliedSeqs();
        const plain = new Set<number>();
        for (const { from, length } of ops) {
          const to = from + length;
          let fresh = false;
          for (let seq = from; seq <= to; seq++) if (!plain.has(seq)) fresh = true;
          expect(ranges.addRange("node1", from, to)).toBe(fresh);
          for (let seq = from; seq <= to; seq++) plain.add(seq);
        }
        for (let seq = 0; seq <= 70; seq++) expect(ranges.has("node1", seq)).toBe(plain.has(seq));
        expect(ranges.has("node2", 1)).toBe(false);
      }),
    );
  });
});
