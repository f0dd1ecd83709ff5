/**
 * What a dead `--hosts` run left (a runner killed with -9 cannot clean up) is removed by the next
 * run's sweep; a live run's objects are left alone.
 */
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createHostNetwork } from "./hostNetwork.js";
import { listRunObjects, removeLeftovers } from "./hostsLeftovers.js";
import { hostsRunNames } from "./hostsRunNames.js";
import { KernelLinkFaults } from "./kernelLinkFaults.js";
import { hostsSuiteTitle, hostTools, requiredHostTools } from "./namespaceProbes.testkit.js";

function objectsOf(prefix: string): string[] {
  const found = listRunObjects(requiredHostTools());
  return [...found.tables, ...found.links, ...found.namespaces].filter((name) =>
    new RegExp(`^${prefix}(?:br|[nvp]\\d+)?$`).test(name),
  );
}

describe.skipIf(!hostTools)(hostsSuiteTitle("hosts leftovers"), () => {
  it("removes a dead run's namespaces (killing what runs in them), links and table, and keeps a live run's", async () => {
    const tools = requiredHostTools();
    // The pid of a process that has ended: its run is gone.
    const deadPid = spawnSync(process.execPath, ["-e", "process.pid"]).pid;
    expect(deadPid).toBeGreaterThan(0);
    const dead = hostsRunNames(deadPid ?? 0);
    const exitHandlers = new Set(process.listeners("exit"));
    const deadNetwork = await createHostNetwork(tools, dead, ["node1", "node2"]);
    await KernelLinkFaults.create(
      tools,
      dead.table,
      new Map(deadNetwork.hosts.map((host) => [host.id, host.address])),
    );
    // A replica the dead runner could not kill, still running in its namespace.
    const orphan = spawn(tools.ip, [
      "netns",
      "exec",
      dead.namespace(1),
      process.execPath,
      "-e",
      "setInterval(() => {}, 1000)",
    ]);
    const orphanEnded = new Promise((resolve) => orphan.on("exit", (_, signal) => resolve(signal)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // As after a kill -9: the dead run's own exit handlers never run.
    for (const handler of process.listeners("exit")) {
      if (!exitHandlers.has(handler)) process.off("exit", handler);
    }
    const live = hostsRunNames(process.pid);
    const liveNetwork = await createHostNetwork(tools, live, ["node1"]);
    try {
      expect(objectsOf(dead.prefix)).toHaveLength(6);
      const removed = removeLeftovers(tools);
      expect(removed.tables).toContain(dead.table);
      expect(removed.namespaces).toEqual(
        expect.arrayContaining([dead.namespace(1), dead.namespace(2)]),
      );
      expect(objectsOf(dead.prefix)).toEqual([]);
      expect(await orphanEnded).toBe("SIGKILL");
      expect(objectsOf(live.prefix)).toEqual([live.bridge, live.bridgePort(1), live.namespace(1)]);
    } finally {
      orphan.kill("SIGKILL");
      liveNetwork.remove();
    }
    expect(objectsOf(live.prefix)).toEqual([]);
  });
});
