/**
 * Partitions and packet loss between the hosts of a `--hosts` run, done by the kernel as Jepsen's
 * nemesis does: one nft table (bridge family, named after the run) whose forward chain sends each
 * directed pair of hosts to a chain of its own, holding a drop rule while that direction is
 * partitioned or a `numgen random mod 100 < N` drop while it loses N%. Only host-to-host frames
 * cross the bridge's forward hook; the driver on the bridge's own address is never faulted.
 */
import { execFileSync } from "node:child_process";
import { type HostTools, runTool } from "./hostTools.js";

export interface KernelLinkState {
  readonly partitioned?: boolean | undefined;
  /** The share of packets dropped, 0 to 1 (the replicas' own `dropRate`). */
  readonly dropRate?: number | undefined;
}

export interface KernelTally {
  /** Directed partitions set (a two-way partition counts twice). */
  partitions: number;
  /** Directed links set to lose packets. */
  losses: number;
  /** nft changes made, setting and lifting. */
  ruleChanges: number;
}

interface Link {
  readonly chain: string;
  partitioned: boolean;
  lossPercent: number;
}

export class KernelLinkFaults {
  readonly tally: KernelTally = { partitions: 0, losses: 0, ruleChanges: 0 };
  private readonly remove = () => this.close();

  private constructor(
    private readonly tools: HostTools,
    private readonly table: string,
    private readonly links: ReadonlyMap<string, Link>,
  ) {
    process.on("exit", this.remove);
  }

  /** Creates the run's table with one empty chain per directed pair of `addresses` (id → IPv4). */
  static async create(
    tools: HostTools,
    table: string,
    addresses: ReadonlyMap<string, string>,
  ): Promise<KernelLinkFaults> {
    const hosts = [...addresses];
    const links = new Map<string, Link>();
    const script = [
      `add table bridge ${table}`,
      `add chain bridge ${table} forward { type filter hook forward priority 0; policy accept; }`,
    ];
    for (const [i, [from, fromAddress]] of hosts.entries()) {
      for (const [j, [to, toAddress]] of hosts.entries()) {
        if (i === j) continue;
        const chain = `link_${i + 1}_${j + 1}`;
        links.set(`${from}->${to}`, { chain, partitioned: false, lossPercent: 0 });
        script.push(
          `add chain bridge ${table} ${chain}`,
          `add rule bridge ${table} forward ip saddr ${fromAddress} ip daddr ${toAddress} jump ${chain}`,
        );
      }
    }
    const faults = new KernelLinkFaults(tools, table, links);
    try {
      await runTool(tools.nft, ["-f", "-"], `${script.join("\n")}\n`);
    } catch (error) {
      faults.close();
      throw error;
    }
    return faults;
  }

  /** Sets what is given of one direction's faults; the rest of its state stays. */
  async set(from: string, to: string, state: KernelLinkState): Promise<void> {
    const link = this.links.get(`${from}->${to}`);
    if (!link) throw new Error(`no kernel link ${from}->${to} in this run`);
    const partitioned = state.partitioned ?? link.partitioned;
    const lossPercent =
      state.dropRate === undefined ? link.lossPercent : Math.round(state.dropRate * 100);
    if (partitioned === link.partitioned && lossPercent === link.lossPercent) return;
    if (partitioned && !link.partitioned) this.tally.partitions++;
    if (lossPercent > 0 && lossPercent !== link.lossPercent) this.tally.losses++;
    link.partitioned = partitioned;
    link.lossPercent = lossPercent;
    await this.write(link);
  }

  /** Lifts every partition and loss. */
  async healAll(): Promise<void> {
    for (const link of this.links.values()) {
      if (!link.partitioned && link.lossPercent === 0) continue;
      link.partitioned = false;
      link.lossPercent = 0;
      await this.write(link);
    }
  }

  /** Deletes the table; synchronous, so it can run on exit. */
  close(): void {
    process.off("exit", this.remove);
    try {
      execFileSync(this.tools.nft, ["delete", "table", "bridge", this.table], { stdio: "ignore" });
    } catch {
      // Already gone.
    }
  }

  /** Rewrites one chain in a single nft transaction, so the link is never briefly unfaulted. */
  private async write(link: Link): Promise<void> {
    const script = [`flush chain bridge ${this.table} ${link.chain}`];
    // numgen's values are 0 to 99: a loss of every packet is a plain drop.
    if (link.partitioned || link.lossPercent >= 100) {
      script.push(`add rule bridge ${this.table} ${link.chain} drop`);
    } else if (link.lossPercent > 0) {
      script.push(
        `add rule bridge ${this.table} ${link.chain} numgen random mod 100 < ${link.lossPercent} drop`,
      );
    }
    await runTool(this.tools.nft, ["-f", "-"], `${script.join("\n")}\n`);
    this.tally.ruleChanges++;
  }
}
