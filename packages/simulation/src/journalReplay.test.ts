/**
 * The core's journal fold against whole simulated runs (delays, reordering, copies, drops,
 * partitions, crash-restarts, in both delivery modes): each replica's journal folds to exactly the
 * state the replica ends in, its values named by digest as the journal names them.
 */
import { JournalReplay, journaledStore, journaledWrite } from "@causal-kv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateCluster } from "./simulateCluster.js";

describe("every replica's journal of a simulated run", () => {
  it("folds to exactly the state the replica ends in", () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom("causal" as const, "naive" as const),
        fc.integer({ min: 2, max: 5 }),
        (seed, mode, replicas) => {
          const run = simulateCluster({ seed, mode, replicas });
          for (const [id, end] of Object.entries(run.endStates)) {
            const journal = run.trace.journals[id] ?? [];
            // A replica configured naive journals no switch: the fold is told its starting mode.
            const replay = JournalReplay.fresh(run.trace.replicas, mode).applyAll(journal);
            const folded = replay.state();
            const endStore = journaledStore(end.store);
            expect(JSON.stringify(folded.store)).toBe(JSON.stringify(endStore));
            expect(folded).toEqual({
              members: end.members,
              mode: end.mode,
              clock: end.clock,
              applied: end.applied,
              store: endStore,
              buffer: expect.any(Array),
            });
            expect(
              folded.buffer.map(({ message, arrivedAt }) => ({ write: message, arrivedAt })),
            ).toEqual(
              end.buffer.map(({ write, arrivedAt }) => ({
                write: journaledWrite(write),
                arrivedAt,
              })),
            );
            expect(journal.at(-1)?.seq ?? 0).toBe(end.nextEventSeq - 1);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
