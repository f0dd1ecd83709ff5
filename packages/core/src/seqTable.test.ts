import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeqTable } from "./seqTable.js";

describe("SeqTable", () => {
  it("keeps values by number, across page boundaries and far apart", () => {
    const table = new SeqTable<string>();
    for (const seq of [1, 63, 64, 65, 127, 128, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      table.set(seq, `v${seq}`);
    }
    expect(table.get(63)).toBe("v63");
    expect(table.get(64)).toBe("v64");
    expect(table.get(2 ** 40)).toBe(`v${2 ** 40}`);
    expect(table.get(Number.MAX_SAFE_INTEGER)).toBe(`v${Number.MAX_SAFE_INTEGER}`);
    expect(table.get(2)).toBeUndefined();
    expect(table.get(2 ** 40 + 1)).toBeUndefined();
    expect(table.size).toBe(8);
  });

  it("replaces a value without counting it twice", () => {
    const table = new SeqTable<string>();
    table.set(5, "a");
    table.set(5, "b");
    expect(table.get(5)).toBe("b");
    expect(table.size).toBe(1);
    table.delete(5);
    expect(table.get(5)).toBeUndefined();
    expect(table.size).toBe(0);
  });

  it("deletes one number and keeps its page neighbours; deleting an absent one does nothing", () => {
    const table = new SeqTable<string>();
    table.set(3, "three");
    table.set(4, "four");
    table.delete(3);
    table.delete(3);
    table.delete(5);
    table.delete(1000);
    expect(table.get(3)).toBeUndefined();
    expect(table.get(4)).toBe("four");
    expect(table.size).toBe(1);
    expect([...table.values()]).toEqual(["four"]);
  });

  it("answers undefined for numbers that are not write numbers", () => {
    const table = new SeqTable<string>();
    table.set(1, "one");
    for (const seq of [0, -1, 1.5, Number.NaN]) expect(table.get(seq)).toBeUndefined();
  });

  it("agrees with a Map under any sequence of sets and deletes", () => {
    const op = fc.record({ set: fc.boolean(), seq: fc.integer({ min: 1, max: 300 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const table = new SeqTable<number>();
        const map = new Map<number, number>();
        ops.forEach(({ set, seq }, i) => {
          if (set) {
            table.set(seq, i);
            map.set(seq, i);
          } else {
            table.delete(seq);
            map.delete(seq);
          }
        });
        expect(table.size).toBe(map.size);
        expect([...table.values()].sort((a, b) => a - b)).toEqual(
          [...map.values()].sort((a, b) => a - b),
        );
        for (let seq = 1; seq <= 300; seq++) expect(table.get(seq)).toBe(map.get(seq));
      }),
    );
  });
});
