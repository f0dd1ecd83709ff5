/**
 * A table from write numbers to values, for the numbers a causal buffer holds. Those are mostly runs
 * of consecutive numbers, so they sit in pages of consecutive slots found through a small Map: a
 * Map keyed by every number, tens of thousands of entries growing and shrinking, was the buffer's
 * largest cost. Any number may be used; far-apart numbers just each take a page.
 */
const pageSize = 64;

interface Page<T> {
  readonly slots: (T | undefined)[];
  /** How many slots are filled; an empty page is dropped. */
  filled: number;
}

export class SeqTable<T> {
  private readonly pages = new Map<number, Page<T>>();

  /** How many numbers have a value. */
  get size(): number {
    let size = 0;
    for (const page of this.pages.values()) size += page.filled;
    return size;
  }

  get(seq: number): T | undefined {
    return this.pages.get(Math.floor(seq / pageSize))?.slots[seq % pageSize];
  }

  set(seq: number, value: T): void {
    const number = Math.floor(seq / pageSize);
    let page = this.pages.get(number);
    if (page === undefined) {
      page = { slots: new Array<T | undefined>(pageSize).fill(undefined), filled: 0 };
      this.pages.set(number, page);
    }
    const slot = seq % pageSize;
    if (page.slots[slot] === undefined) page.filled += 1;
    page.slots[slot] = value;
  }

  delete(seq: number): void {
    const number = Math.floor(seq / pageSize);
    const page = this.pages.get(number);
    const slot = seq % pageSize;
    if (page === undefined || page.slots[slot] === undefined) return;
    page.slots[slot] = undefined;
    page.filled -= 1;
    if (page.filled === 0) this.pages.delete(number);
  }

  /** Every value, in no particular order. */
  *values(): IterableIterator<T> {
    for (const page of this.pages.values()) {
      for (const value of page.slots) if (value !== undefined) yield value;
    }
  }
}
