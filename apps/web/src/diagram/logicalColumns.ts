/**
 * Logical time for the diagram: each event's column in happens-before order. An event sits one
 * column after the previous event of its replica and, where a message arrives, one column after
 * its send; so a → b always puts a left of b, a lane never has two events in one column, and
 * concurrent events of different lanes can share a column.
 */
import type { JournalEvent, WriteId } from "@causal-kv/core";

export interface ColumnInput {
  readonly lane: number;
  readonly event: JournalEvent;
  /** The write it carries, if any. */
  readonly write?: WriteId;
}

/** The column of each input (same order). Inputs of one lane must be in journal order. */
export function logicalColumns(marks: readonly ColumnInput[], lanes: number): Int32Array {
  const columns = new Int32Array(marks.length);
  const byLane: number[][] = Array.from({ length: lanes }, () => []);
  const sent = new Set<WriteId>();
  for (const [i, mark] of marks.entries()) {
    byLane[mark.lane]?.push(i);
    if (mark.event.type === "send" && mark.write) sent.add(mark.write);
  }
  const seqOf = (index: number) => marks[index]?.event.seq ?? 0;
  for (const list of byLane) {
    // Journals come in order: sort only a lane that is not, since sorting 100,000 costs.
    if (list.some((index, k) => k > 0 && seqOf(list[k - 1] ?? index) > seqOf(index)))
      list.sort((a, b) => seqOf(a) - seqOf(b));
  }
  // The arrival joins its send; later events of the lane follow the arrival anyway.
  const joins = (mark: ColumnInput): WriteId | undefined =>
    mark.write !== undefined &&
    mark.event.type !== "send" &&
    mark.event.type !== "write" &&
    "message" in mark.event &&
    mark.event.message.origin !== mark.event.replica &&
    sent.has(mark.write)
      ? mark.write
      : undefined;

  const sendColumn = new Map<WriteId, number>();
  const next = new Array<number>(lanes).fill(0);
  const lastColumn = new Array<number>(lanes).fill(-1);
  const place = (lane: number, index: number, join: number | undefined) => {
    const mark = marks[index];
    if (!mark) return;
    const column = Math.max((lastColumn[lane] ?? -1) + 1, join === undefined ? 0 : join + 1);
    columns[index] = column;
    lastColumn[lane] = column;
    next[lane] = (next[lane] ?? 0) + 1;
    if (mark.event.type === "send" && mark.write) sendColumn.set(mark.write, column);
  };

  // Lanes advance as far as they can; an arrival waits until its send has a column.
  for (;;) {
    let progressed = false;
    let stuck: number | undefined;
    for (const [lane, list] of byLane.entries()) {
      for (;;) {
        const index = list[next[lane] ?? 0];
        if (index === undefined) break;
        const mark = marks[index];
        if (!mark) break;
        const wanted = joins(mark);
        const join = wanted === undefined ? undefined : sendColumn.get(wanted);
        if (wanted !== undefined && join === undefined) {
          stuck ??= lane;
          break;
        }
        place(lane, index, join);
        progressed = true;
      }
    }
    if (stuck === undefined) return columns;
    // Only a malformed trace (an arrival before any send of it) gets here: place it unjoined.
    if (!progressed) {
      const index = byLane[stuck]?.[next[stuck] ?? 0];
      if (index !== undefined) place(stuck, index, undefined);
    }
  }
}
