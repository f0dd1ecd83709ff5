// A dashboard for the replica benchmark, in its own process as a real one is (a browser elsewhere),
// so that reading the stream costs the replicas what it costs them and not the load generator its
// CPU. Connects one Socket.IO viewer per replica URL given as arguments, says `ready` once every
// snapshot is in, counts the journal events it is sent, and on `stop` (stdin) prints the count.
import { createInterface } from "node:readline";
import { io } from "socket.io-client";

const sockets = process.argv
  .slice(2)
  .map((url) => io(url, { transports: ["websocket"], forceNew: true }));
let events = 0;
for (const socket of sockets) {
  socket.on("events", (batch) => {
    events += batch.length;
  });
  socket.on("lagged", () => socket.emit("resync"));
}
await Promise.all(
  sockets.map((socket) => new Promise((resolve) => socket.once("snapshot", resolve))),
);
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "stop") continue;
  for (const socket of sockets) socket.disconnect();
  process.stdout.write(`${JSON.stringify({ events })}\n`);
  process.exit(0);
}
