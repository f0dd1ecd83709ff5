/**
 * Journal time: wall-clock milliseconds with microsecond precision. The monotonic clock is anchored
 * at edges of Date.now(), so every process on one machine reads the same clock to within a few
 * microseconds, and write→deliver latencies can be read from two replicas' journals.
 */
export function createWallClock(edges = 4): () => number {
  let offset = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < edges; i++) {
    const before = Date.now();
    let wall = before;
    let monotonic = 0;
    while (wall === before) {
      wall = Date.now();
      monotonic = performance.now();
    }
    // A reading taken late (preempted, or past the edge) gives a smaller offset: keep the largest.
    offset = Math.max(offset, wall - monotonic);
  }
  return () => Math.round((offset + performance.now()) * 1000) / 1000;
}
