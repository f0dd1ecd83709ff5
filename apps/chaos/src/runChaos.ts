/**
 * One soak, start to verdict: start the replicas, let the client sessions write and read steadily
 * while the seeded fault schedule runs, heal everything, wait for quiescence, read every journal and store, judge. The replicas are
 * always killed at the end; their data is kept when asked or when the soak failed. With `hosts`,
 * each replica runs in its own network namespace and the kernel makes the partitions and losses;
 * the namespaces, links and nft rules are removed at the end whatever happened.
 */
import type { JournalEvent, StoreSnapshot } from "@causal-kv/core";
import { seededRandom } from "@causal-kv/core";
import { drawBandwidthCaps } from "./bandwidthCaps.js";
import type { ChaosArgs } from "./chaosArgs.js";
import { startChaosCluster } from "./chaosCluster.js";
import { FaultRunner, type FaultTally } from "./faultRunner.js";
import { drawFaultSchedule, type FaultSchedule } from "./faultSchedule.js";
import type { Leftovers } from "./hostsLeftovers.js";
import { type HostsRun, openHostsRun } from "./hostsRun.js";
import { judgeSoak, type SoakVerdict } from "./judgeSoak.js";
import type { BandwidthTally } from "./kernelBandwidth.js";
import type { KernelTally } from "./kernelLinkFaults.js";
import { waitForQuiescence } from "./quiescence.js";
import { type Footprint, FootprintSampler } from "./replicaFootprint.js";
import { startWriter, type WriterTally } from "./sessionWriters.js";
import type { StorageFaultTally } from "./storageFaultRunner.js";

export interface ChaosResult {
  readonly args: ChaosArgs;
  readonly schedule: FaultSchedule;
  readonly writes: WriterTally;
  readonly faults: FaultTally;
  readonly storage: StorageFaultTally;
  /** Peak and final memory and data-directory size per replica. */
  readonly footprints: ReadonlyMap<string, Footprint>;
  /** From the end of the faults until the healed cluster was quiet (restarts included). */
  readonly quiescentAfterMs: number;
  readonly verdict: SoakVerdict;
  /** Where the replicas' data was kept, if it was. */
  readonly keptData?: string;
  /** For a `--hosts` run: the run's network and what the kernel did. */
  readonly hosts?: HostsSummary;
}

export interface HostsSummary {
  readonly subnet: string;
  readonly bridgeAddress: string;
  readonly kernel: KernelTally;
  readonly bandwidth: BandwidthTally;
  readonly leftoversRemoved: Leftovers;
}

/** The run's bandwidth caps, drawn from a stream of their own; a cap tc refused is a problem. */
function runCaps(
  hosts: HostsRun,
  args: ChaosArgs,
  members: readonly string[],
  problems: string[],
): Promise<void> {
  const caps = drawBandwidthCaps(seededRandom(args.seed ^ 0xba4d), members, args.seconds * 1000);
  return hosts.bandwidth.run(caps).catch((error: unknown) => {
    problems.push(`bandwidth caps: ${error instanceof Error ? error.message : String(error)}`);
  });
}

function summarize(hosts: HostsRun): HostsSummary {
  return {
    subnet: hosts.network.subnet,
    bridgeAddress: hosts.network.bridgeAddress,
    kernel: hosts.kernel.tally,
    bandwidth: hosts.bandwidth.tally,
    leftoversRemoved: hosts.leftoversRemoved,
  };
}

/** The faults of bounded storage are drawn from a stream of their own. */
const storageFaultStream = 0x5704e;

/** Past this, a healed cluster that still has messages moving is a failure. */
const quiescenceTimeoutMs = 30_000;

export function passed(verdict: SoakVerdict): boolean {
  return verdict.lost.length === 0 && verdict.violations.length === 0;
}

export async function runChaos(args: ChaosArgs): Promise<ChaosResult> {
  const members = Array.from({ length: args.replicas }, (_, i) => `node${i + 1}`);
  // Separate streams, so a change to the writer never changes the schedule of a seed.
  const schedule = drawFaultSchedule(
    seededRandom(args.seed),
    members,
    args.seconds * 1000,
    seededRandom(args.seed ^ storageFaultStream),
  );
  const hosts = args.hosts ? await openHostsRun(members) : undefined;
  try {
    return await soak(args, schedule, hosts);
  } finally {
    hosts?.close();
  }
}

async function soak(
  args: ChaosArgs,
  schedule: FaultSchedule,
  hosts: HostsRun | undefined,
): Promise<ChaosResult> {
  const cluster = await startChaosCluster(args.replicas, args.seed, hosts?.places);
  let failed = true;
  try {
    const footprints = new FootprintSampler(() =>
      cluster.replicas.map(({ id, pid, dataDir }) => ({ id, pid, dataDir })),
    );
    const writer = startWriter({
      replicas: cluster.replicas.map(({ id, url }) => ({ id, url, token: cluster.adminToken })),
      rate: args.rate,
      random: seededRandom(args.seed ^ 0x5eed5),
    });
    const runner = new FaultRunner(cluster, writer, hosts?.kernel);
    const faultsDone = runner.run(schedule);
    const capsDone = hosts ? runCaps(hosts, args, cluster.ids, runner.tally.problems) : undefined;
    await new Promise((resolve) => setTimeout(resolve, schedule.durationMs));
    const writes = await writer.stop();
    await faultsDone;
    await capsDone;
    const healStartedAt = performance.now();
    await runner.healEverything();
    await hosts?.bandwidth.liftAll();
    const quiescence = await waitForQuiescence(cluster, quiescenceTimeoutMs);
    const quiescentAfterMs = Math.round(performance.now() - healStartedAt);

    const journals: Record<string, JournalEvent[]> = {};
    const stores: Record<string, StoreSnapshot> = {};
    for (const replica of cluster.replicas) {
      journals[replica.id] = await replica.client.journal();
      if (quiescence.quiescent) {
        stores[replica.id] = (await replica.client.status()).store;
      }
    }
    const verdict = judgeSoak({
      replicas: cluster.ids,
      journals,
      stores,
      acknowledged: writes.acknowledged,
      indefinite: writes.indefinite,
      history: writes.history,
      restarts: Object.fromEntries(cluster.ids.map((id) => [id, runner.journaledRestarts(id)])),
      ...(quiescence.quiescent ? {} : { unsettled: quiescence.reason }),
    });
    // A valid request refused by a replica that was up is a failure too, not noise.
    const withProblems: SoakVerdict = {
      ...verdict,
      violations: [
        ...verdict.violations,
        ...writes.rejected.map((message) => ({ kind: "write-rejected", message })),
        ...runner.tally.problems.map((message) => ({ kind: "control-failed", message })),
        ...runner.storageTally.problems.map((message) => ({ kind: "catch-up-failed", message })),
      ],
    };
    failed = !passed(withProblems);
    return {
      args,
      schedule,
      writes,
      faults: runner.tally,
      storage: runner.storageTally,
      footprints: footprints.stop(),
      quiescentAfterMs,
      verdict: withProblems,
      ...(args.keepData || failed ? { keptData: cluster.dataRoot } : {}),
      ...(hosts ? { hosts: summarize(hosts) } : {}),
    };
  } finally {
    await cluster.close(args.keepData || failed);
  }
}
