/**
 * What the chaos command prints: what ran, what was done to it, and the verdict line
 * `acked N, lost L, violations V`; on failure the seed, the replay command and what broke.
 */
import { describeFaults } from "./faultSchedule.js";
import { describeFootprints } from "./replicaFootprint.js";
import { type ChaosResult, type HostsSummary, passed } from "./runChaos.js";

/** At most this many findings of each list are printed; the rest are counted. */
const shownFindings = 10;

export function replayCommand(result: Pick<ChaosResult, "args">): string {
  const { seconds, seed, rate, replicas, hosts } = result.args;
  return `npm run chaos -- --seconds ${seconds} --seed ${seed} --rate ${rate} --replicas ${replicas}${hosts ? " --hosts" : ""}`;
}

function hostsLine(summary: HostsSummary): string {
  const { subnet, bridgeAddress, kernel, bandwidth, leftoversRemoved } = summary;
  const removed = Object.values(leftoversRemoved).flat();
  return `hosts: one network namespace per replica on ${subnet} (driver at ${bridgeAddress}); kernel faults: ${kernel.partitions} one-way partitions, ${kernel.losses} lossy links, ${kernel.ruleChanges} nft changes, ${bandwidth.caps} bandwidth caps (tc tbf)${removed.length > 0 ? `; removed leftovers of dead runs: ${removed.join(", ")}` : ""}`;
}

export function chaosReport(result: ChaosResult): string[] {
  const { args, writes, faults, verdict } = result;
  const lines = [
    `chaos: seed ${args.seed}, ${args.replicas} replicas, ${args.seconds} s at ${args.rate} writes/s`,
    `faults: ${describeFaults(result.schedule.faults)}; ${faults.kills} kills, ${faults.restarts} restarts, ${faults.linkChanges} link changes, held messages ${faults.released} released and ${faults.dropped} dropped; slowest control answer ${faults.slowestControlMs} ms, latest step ${faults.latestStartMs} ms behind schedule`,
    `writes: ${writes.sent} sent, ${verdict.acknowledged} acknowledged, ${writes.refused} refused by a replica that was down, ${writes.rejoining} refused by a replica rejoining on an empty disk, ${writes.indefinite.length} indefinite (${verdict.indefiniteApplied} of them applied), ${writes.rejected.length} rejected${writes.skipped > 0 ? `, ${writes.skipped} ticks skipped` : ""}`,
    `sessions: ${Object.keys(writes.history).length} histories hopping between replicas, ${writes.reads} reads answered, ${writes.notReached} requests answered context-not-reached; judged by the client checker`,
    `end: healed and quiescent ${result.quiescentAfterMs} ms after the last fault; ${verdict.events} journal events checked (${verdict.buffered} arrivals waited in a causal buffer, ${verdict.duplicates} duplicates discarded)`,
  ];
  const { storage } = result;
  lines.push(
    `storage: ${storage.wipes} disks wiped (${storage.wipesWithPeerBehind} while a peer lacked some of their writes; ${storage.wipesSkipped} left alone: no peer held all their writes, or another wiped replica was catching up), slowest catch-up ${storage.slowestCatchUpMs} ms; ${storage.largeValueSpells} spells of 1 MiB values; ${storage.silentViewers} viewers that never read asked ${storage.resyncsAsked} snapshots`,
    `footprint: ${describeFootprints(result.footprints)}`,
  );
  if (result.hosts) lines.splice(1, 0, hostsLine(result.hosts));
  if (!passed(verdict)) {
    lines.push(`FAILED with seed ${args.seed}`);
    for (const finding of [...verdict.lost, ...verdict.violations].slice(0, shownFindings * 2)) {
      lines.push(`  ${finding.kind}: ${finding.message}`);
    }
    const shown = Math.min(verdict.lost.length + verdict.violations.length, shownFindings * 2);
    const more = verdict.lost.length + verdict.violations.length - shown;
    if (more > 0) lines.push(`  … and ${more} more`);
    lines.push(`replay (same schedule and writes; timing differs): ${replayCommand(result)}`);
  }
  if (result.keptData) lines.push(`replica data kept in ${result.keptData}`);
  lines.push(
    `acked ${verdict.acknowledged}, lost ${verdict.lost.length}, violations ${verdict.violations.length}`,
  );
  return lines;
}
