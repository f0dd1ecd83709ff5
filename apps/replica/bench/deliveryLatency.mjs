// write→deliver latency for the replica benchmark: `writes` writes to node1 at 100 writes/s, each
// timed from just before its PUT to the time in each peer's journal `deliver` event (read live over
// Socket.IO; all processes read the same clock, see src/wallClock.ts), and until the event reaches
// this process. As this machine's floor, a bare HTTP round trip at the same pace.
import { io } from "socket.io-client";
import { createWallClock } from "../dist/wallClock.js";

const now = createWallClock();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const value = JSON.stringify({ value: "x".repeat(100) });

async function put(url, key) {
  const response = await fetch(`${url}/kv/${key}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: value,
  });
  await response.arrayBuffer();
}

/** Sorted latencies (ms): to each peer's delivery, to this process seeing it, bare round trips. */
export async function measureLatency(urls, bareUrl, writes) {
  const started = new Map();
  const latencies = [];
  const observed = [];
  const viewers = urls
    .slice(1)
    .map((url) => io(url, { transports: ["websocket"], forceNew: true }));
  await Promise.all(
    viewers.map((viewer) => new Promise((resolve) => viewer.once("snapshot", resolve))),
  );
  for (const viewer of viewers) {
    viewer.on("events", (events) => {
      for (const event of events) {
        if (event.type !== "deliver" || event.message.origin !== "node1") continue;
        const at = started.get(event.message.key);
        if (at === undefined) continue;
        latencies.push(event.time - at);
        observed.push(now() - at);
      }
    });
  }
  // Warm-up, untimed: a fresh replica's first writes run its code cold.
  for (let i = 0; i < 200; i++) await put(urls[0], `warm${i}`);
  const startAt = now() + 200;
  for (let i = 0; i < writes; i++) {
    const key = `lat${i}`;
    const due = startAt + i * 10;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    started.set(key, now());
    void put(urls[0], key);
  }
  const deadline = Date.now() + 5000;
  while (latencies.length < writes * 2 && Date.now() < deadline) await sleep(20);
  for (const viewer of viewers) viewer.disconnect();
  latencies.sort((a, b) => a - b);

  // The floor: one bare HTTP round trip at the same pace, on the same machine.
  const floor = [];
  for (let i = 0; i < writes; i++) {
    const started = now();
    await (await fetch(`${bareUrl}/kv/floor${i}`, { method: "PUT", body: value })).arrayBuffer();
    floor.push(now() - started);
    await sleep(10);
  }
  floor.sort((a, b) => a - b);
  observed.sort((a, b) => a - b);
  return { latencies, observed, floor };
}
