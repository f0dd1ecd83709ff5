// CPU accounting for the replica benchmark: how much processor time each process spends per
// request, so a throughput ratio can be read against what the cores could possibly give. Linux
// only (/proc); elsewhere the figures are left out.
import { readFileSync } from "node:fs";
import { boundFigure, ratioFigure } from "../../../scripts/benchReport.mjs";

/** USER_HZ, the unit of /proc/<pid>/stat's times, is 100 on every Linux build in use. */
const ticksPerSecond = 100;

/**
 * User + system CPU time `pid` has used so far, in ms; undefined without /proc. With `mainThread`,
 * only its main thread's (a Node.js process's event loop), not its workers' and thread pool's.
 */
export function processCpuMs(pid, { mainThread = false } = {}) {
  try {
    const file = mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
    const fields = readFileSync(file, "utf8").split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The busy time of the whole machine so far (every core, every process, the kernel's interrupts
 * and time stolen by the hypervisor included), in ms; undefined without /proc.
 */
export function machineBusyMs() {
  try {
    const [, ...fields] =
      readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/) ?? [];
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce((sum, t) => sum + (t ?? 0), 0);
    return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `load` (an autocannon run in this process) and returns its result with the CPU µs each of
 * `pids`, and this process as the load generator, spent per request answered.
 */
export async function withCpuPerRequest(pids, load) {
  const before = pids.map(processCpuMs);
  const generatorBefore = process.cpuUsage();
  const result = await load();
  const generator = process.cpuUsage(generatorBefore);
  const requests = Math.max(1, result.requests.total);
  const servers = pids.map((pid, i) => {
    const [start, end] = [before[i], processCpuMs(pid)];
    return start === undefined || end === undefined ? undefined : ((end - start) * 1000) / requests;
  });
  const known = servers.every((us) => us !== undefined);
  return {
    result,
    cpu: known
      ? {
          servers,
          generator: (generator.user + generator.system) / requests,
          total:
            servers.reduce((sum, us) => sum + us, 0) +
            (generator.user + generator.system) / requests,
        }
      : undefined,
  };
}

/**
 * The figures of two measured runs: their CPU per request and the throughput ratio it allows; and
 * the ratio a replica would allow whose HTTP cost what the bare server's does and whose transport
 * and disk syncs were free, with `floor` (CPU µs per write of the writer's and a peer's logic).
 */
export function cpuFigures(bareCpu, replicaCpu, floor) {
  if (!bareCpu || !replicaCpu) return [];
  const ideal = bareCpu.servers[0] + floor.writerUs + 2 * floor.peerUs + bareCpu.generator;
  return [
    boundFigure({
      name: "CPU per write of the replica logic alone (writer + 2 peers, in-process)",
      value: floor.writerUs + 2 * floor.peerUs,
      unit: "µs",
      target: "",
      pass: () => true,
    }),
    boundFigure({
      name: "throughput ratio allowed if HTTP cost what the bare server's does, transport and sync nothing",
      value: bareCpu.total / ideal,
      unit: "",
      target: "",
      pass: () => true,
    }),
    ratioFigure({
      name: "CPU per write: node1 + 2 peers + load generator",
      value: replicaCpu.total,
      unit: "µs",
      baselineName: "bare server + load generator, per request",
      baselineValue: bareCpu.total,
      target: "",
      pass: () => true,
    }),
    boundFigure({
      name: "throughput ratio those CPU costs allow on shared cores (inverse cost ratio)",
      value: bareCpu.total / replicaCpu.total,
      unit: "",
      target: "",
      pass: () => true,
    }),
  ];
}
