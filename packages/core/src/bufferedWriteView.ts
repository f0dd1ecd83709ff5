/**
 * A buffered write as a replica or a journal replay shows it: the write and what it still waits
 * for. `waitingFor` is worked out when the view is taken, against the writes delivered then.
 */
import type { CausalBuffer } from "./causalBuffer.js";
import type { ReplicatedWrite, WriteId } from "./replicatedWrite.js";
import type { VectorClock } from "./vectorClock.js";

/** A buffered write with what it waits for: `W` is the write whole, or as the journal names it. */
export interface BufferedWriteView<W = ReplicatedWrite> {
  readonly message: W;
  readonly arrivedAt: number;
  readonly waitingFor: readonly WriteId[];
}

/** Everything `buffer` holds, in arrival order, with what each waits for given `delivered`. */
export function bufferedWriteViews(
  buffer: CausalBuffer,
  delivered: VectorClock,
): BufferedWriteView[] {
  return buffer.entries().map((entry) => ({
    message: entry.write,
    arrivedAt: entry.arrivedAt,
    waitingFor: buffer.waitingFor(entry, delivered),
  }));
}
