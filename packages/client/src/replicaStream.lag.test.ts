// A viewer that stops reading falls behind a real replica, which skips it rather than wait; when it
// reads again it is told what it missed, asks for a fresh snapshot, and (with catchUp) fetches the
// skipped events, so it ends with every seq of the journal.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RealReplicas, startReplicas, waitFor } from "./realReplicas.testkit.js";
import { type StallingProxy, startStallingProxy } from "./stallingProxy.testkit.js";
import { recordStream } from "./streamRecorder.testkit.js";

let cluster: RealReplicas;
let proxy: StallingProxy;
beforeAll(async () => {
  cluster = await startReplicas(1, { env: { SQLITE_SYNCHRONOUS: "NORMAL" } });
  proxy = await startStallingProxy(cluster.url("node1"));
});
afterAll(async () => {
  await proxy?.close();
  await cluster?.stop();
});

test("a stalled viewer is skipped, told what it missed, resynced and caught up", async () => {
  const node1 = cluster.client("node1");
  await cluster.reset();
  const stream = recordStream({ id: "node1", url: proxy.url }, { catchUp: node1 });
  try {
    await waitFor("the snapshot", () => stream.snapshots.length === 1);
    proxy.stall();
    // Large values fill the socket buffers between the replica and the viewer; then writes pile
    // up in the replica until more bytes wait than its high-water mark (8 MiB). Events name values
    // by digest, so long keys make them large enough to get there in a few thousand writes.
    const large = "x".repeat(512 * 1024);
    for (let i = 0; i < 10; i++) await node1.put(`large${i}`, large);
    const skipping = () => cluster.replica("node1").recentOutput(200).includes("viewer too slow");
    for (let i = 0; !skipping(); i++) {
      if (i === 200) throw new Error("the replica never skipped the stalled viewer");
      await Promise.all(
        Array.from({ length: 100 }, (_, n) => node1.put(`small${i}-${n}-`.padEnd(250, "k"), "v")),
      );
    }
    const { clock } = await node1.status();
    proxy.resume();
    await waitFor("the lagged notice", () => stream.lagged.length >= 1, 60_000);
    const [notice] = stream.lagged;
    expect(notice?.skipped).toBeGreaterThan(0);
    expect(notice?.to).toBe((notice?.from ?? 0) + (notice?.skipped ?? 0) - 1);
    await waitFor("the resync's snapshot", () => stream.snapshots.length >= 2, 60_000);
    expect(stream.calls.indexOf("snapshot", stream.calls.indexOf("lagged"))).toBeGreaterThan(0);
    expect(stream.snapshots[1]?.status.clock.node1).toBeGreaterThanOrEqual(clock.node1 ?? 0);

    // Every seq up to the resync's tail, from the snapshots, the live events or the fetched ones.
    const journalEnd = stream.snapshots[1]?.events.at(-1)?.seq ?? 0;
    const handedOver = () =>
      new Set(
        [...stream.snapshots.flatMap((s) => s.events), ...stream.events, ...stream.missed]
          .map((event) => event.seq)
          .filter((seq) => seq <= journalEnd),
      );
    await waitFor("the skipped events fetched", () => handedOver().size === journalEnd, 60_000);
    expect(stream.catchUpFailures).toEqual([]);
  } finally {
    stream.close();
  }
}, 120_000);
