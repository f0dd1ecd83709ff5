/**
 * Bandwidth caps on the hosts of a `--hosts` run, by the kernel: a `tc` token bucket (tbf) on the
 * host's end of its veth pair caps what it sends, and its queue adds queueing delay (up to
 * `maxQueueMs`; what would wait longer is dropped). Runs a drawn list of caps on time; the qdiscs
 * go with the namespaces, so nothing outlives the run.
 */
import type { BandwidthCap } from "./bandwidthCaps.js";
import type { HostTools } from "./hostTools.js";
import { runTool } from "./hostTools.js";

/** Where a host's outgoing traffic leaves: its namespace and its end of the veth pair. */
export interface HostPort {
  readonly namespace: string;
  readonly device: string;
}

export interface BandwidthTally {
  caps: number;
  lifted: number;
}

const maxQueueMs = 400;
const burst = "16kb";

export class KernelBandwidth {
  readonly tally: BandwidthTally = { caps: 0, lifted: 0 };
  private readonly capped = new Set<string>();

  constructor(
    private readonly tools: HostTools,
    private readonly ports: ReadonlyMap<string, HostPort>,
  ) {}

  /** Caps `host`'s outgoing traffic at `rateKbit` kbit/s. */
  async cap(host: string, rateKbit: number): Promise<void> {
    const { namespace, device } = this.port(host);
    await runTool(this.tools.tc, [
      ...["-n", namespace, "qdisc", "replace", "dev", device, "root", "tbf"],
      ...["rate", `${rateKbit}kbit`, "burst", burst, "latency", `${maxQueueMs}ms`],
    ]);
    this.capped.add(host);
    this.tally.caps++;
  }

  /** Gives `host` its link's full speed again. */
  async lift(host: string): Promise<void> {
    if (!this.capped.has(host)) return;
    const { namespace, device } = this.port(host);
    await runTool(this.tools.tc, ["-n", namespace, "qdisc", "del", "dev", device, "root"]);
    this.capped.delete(host);
    this.tally.lifted++;
  }

  async liftAll(): Promise<void> {
    for (const host of [...this.capped]) await this.lift(host);
  }

  /** Sets and lifts each cap at its time after now; resolves when the last is lifted. */
  async run(caps: readonly BandwidthCap[]): Promise<void> {
    const startedAt = performance.now();
    const steps = caps
      .flatMap((cap) => [
        { atMs: cap.startMs, apply: () => this.cap(cap.host, cap.rateKbit) },
        { atMs: cap.endMs, apply: () => this.lift(cap.host) },
      ])
      // A lift and the next cap of one host at the same moment: the lift goes first.
      .sort((a, b) => a.atMs - b.atMs);
    for (const step of steps) {
      const wait = startedAt + step.atMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await step.apply();
    }
  }

  private port(host: string): HostPort {
    const port = this.ports.get(host);
    if (!port) throw new Error(`no host ${host} in this run`);
    return port;
  }
}
