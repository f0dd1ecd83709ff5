// Loaded into a replica process (NODE_OPTIONS=--import=…) by resourceAttacks.test.ts: on SIGUSR2
// it closes the descriptor the replica syncs its WAL through (the WAL file opened read-only; the
// one SQLite writes through is read-write) and puts /dev/null, which cannot be synced (EINVAL),
// under its number, so the replica's next fdatasync really fails, as it does on a failing disk.
// Left free, the number would go to the next file anything in the process opens (a checkpoint's,
// say), and the sync would succeed on that file. Until the signal it does nothing.
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Opens /dev/null until it gets descriptor `fd` (the lowest free one), closing the others. */
function occupy(fd) {
  const others = [];
  for (let next = openSync("/dev/null", "r"); next !== fd; next = openSync("/dev/null", "r")) {
    others.push(next);
    if (next > fd) break;
  }
  for (const other of others) closeSync(other);
  return others.every((other) => other < fd);
}

process.on("SIGUSR2", () => {
  for (const name of readdirSync("/proc/self/fd")) {
    let target;
    try {
      target = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue;
    }
    if (!target.endsWith("replica.sqlite-wal")) continue;
    const flags = /^flags:\s+(\d+)$/m.exec(readFileSync(`/proc/self/fdinfo/${name}`, "utf8"));
    // The access mode is the low two bits of the octal flags: 0 is read-only.
    if (flags?.[1] !== undefined && (Number.parseInt(flags[1], 8) & 3) === 0) {
      closeSync(Number(name));
      const held = occupy(Number(name));
      process.stderr.write(
        `failing disk: closed the WAL sync descriptor ${name}${held ? "" : " (another file took its number)"}\n`,
      );
    }
  }
});
