/**
 * What each replica of a soak holds, sampled every half second: its resident memory (from
 * /proc/<pid>/status) and its data directory's size. The soak's summary reports the peaks, and
 * the first and last samples, so a replica that grows without bound shows it.
 */
import { type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export interface FootprintSource {
  readonly id: string;
  readonly pid: number | undefined;
  readonly dataDir: string | undefined;
}

export interface Footprint {
  peakRssBytes: number;
  peakDataBytes: number;
  /** The last sample taken while the replica was up. */
  lastRssBytes: number;
  lastDataBytes: number;
}

const sampleEveryMs = 500;

/** Resident bytes of process `pid`, or undefined when it is gone. */
export function residentBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

/** Bytes of every file under `dir`; files that vanish while it is read count as nothing. */
export function directoryBytes(dir: string): number {
  let total = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(path);
    else {
      try {
        total += statSync(path).size;
      } catch {
        // Removed between the listing and the stat (a WAL checkpoint, a wipe).
      }
    }
  }
  return total;
}

export class FootprintSampler {
  readonly footprints = new Map<string, Footprint>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly sources: () => readonly FootprintSource[]) {
    this.sample();
    this.timer = setInterval(() => this.sample(), sampleEveryMs);
  }

  stop(): ReadonlyMap<string, Footprint> {
    clearInterval(this.timer);
    this.sample();
    return this.footprints;
  }

  private sample(): void {
    for (const { id, pid, dataDir } of this.sources()) {
      const footprint = this.footprints.get(id) ?? {
        peakRssBytes: 0,
        peakDataBytes: 0,
        lastRssBytes: 0,
        lastDataBytes: 0,
      };
      const rss = pid === undefined ? undefined : residentBytes(pid);
      if (rss !== undefined) {
        footprint.lastRssBytes = rss;
        footprint.peakRssBytes = Math.max(footprint.peakRssBytes, rss);
      }
      if (dataDir !== undefined) {
        const bytes = directoryBytes(dataDir);
        footprint.lastDataBytes = bytes;
        footprint.peakDataBytes = Math.max(footprint.peakDataBytes, bytes);
      }
      this.footprints.set(id, footprint);
    }
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** "node1 peak 96.3 MiB RSS, 4.1 MiB data; …" */
export function describeFootprints(footprints: ReadonlyMap<string, Footprint>): string {
  return [...footprints]
    .map(
      ([id, footprint]) =>
        `${id} peak ${mib(footprint.peakRssBytes)} RSS, ${mib(footprint.peakDataBytes)} data (at the end ${mib(footprint.lastRssBytes)}, ${mib(footprint.lastDataBytes)})`,
    )
    .join("; ");
}
