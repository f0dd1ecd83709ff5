/**
 * The kernel's faults on a real `--hosts` network of two namespaces: a partition or a total loss
 * stops host-to-host traffic in the given direction only, the driver on the bridge still reaches
 * both hosts, healing restores traffic, and closing removes the table.
 */
import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HostsRun, openHostsRun } from "./hostsRun.js";
import {
  eventually,
  hostsSuiteTitle,
  hostTools,
  reachableFrom,
  reachableFromRoot,
  requiredHostTools,
  serveInNamespace,
} from "./namespaceProbes.testkit.js";

const port = 7100;

describe.skipIf(!hostTools)(hostsSuiteTitle("kernel link faults"), () => {
  let run: HostsRun;
  const servers: ChildProcess[] = [];
  const host = (i: number) => {
    const found = run.network.hosts[i];
    if (!found) throw new Error(`no host ${i}`);
    return { ...found, url: `http://${found.address}:${port}/` };
  };
  const table = () =>
    execFileSync(requiredHostTools().nft, ["list", "table", "bridge", `ckv${process.pid}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });

  beforeAll(async () => {
    run = await openHostsRun(["node1", "node2"]);
    for (const i of [0, 1]) {
      const { namespace, address } = host(i);
      servers.push(serveInNamespace(requiredHostTools(), namespace, address, port));
    }
    for (const i of [0, 1]) {
      expect(await eventually(() => reachableFromRoot(host(i).url))).toBe(true);
    }
  });

  afterAll(() => {
    for (const server of servers) server.kill("SIGKILL");
    run?.close();
  });

  it("lets the hosts reach each other before any fault", async () => {
    expect(await reachableFrom(requiredHostTools(), host(0).namespace, host(1).url)).toBe(true);
    expect(await reachableFrom(requiredHostTools(), host(1).namespace, host(0).url)).toBe(true);
  });

  it("partitions one direction with a drop rule, never the driver", async () => {
    await run.kernel.set("node1", "node2", { partitioned: true });
    expect(table()).toMatch(/chain link_1_2 \{\s*drop/);
    expect(table()).toMatch(/chain link_2_1 \{\s*\}/);
    expect(await reachableFrom(requiredHostTools(), host(0).namespace, host(1).url)).toBe(false);
    expect(await reachableFromRoot(host(0).url)).toBe(true);
    expect(await reachableFromRoot(host(1).url)).toBe(true);
    await run.kernel.set("node1", "node2", { partitioned: false });
    expect(await reachableFrom(requiredHostTools(), host(0).namespace, host(1).url)).toBe(true);
    expect(run.kernel.tally.partitions).toBe(1);
  });

  it("drops a share of the packets with numgen random, all of them at a rate of 1", async () => {
    await run.kernel.set("node2", "node1", { dropRate: 0.4 });
    expect(table()).toMatch(/chain link_2_1 \{\s*numgen random mod 100 < 40 drop/);
    await run.kernel.set("node2", "node1", { dropRate: 1 });
    expect(await reachableFrom(requiredHostTools(), host(1).namespace, host(0).url)).toBe(false);
    await run.kernel.healAll();
    expect(table()).not.toMatch(/drop/);
    expect(await reachableFrom(requiredHostTools(), host(1).namespace, host(0).url)).toBe(true);
    expect(run.kernel.tally.losses).toBe(2);
  });

  it("removes its table when closed", () => {
    run.kernel.close();
    expect(() => table()).toThrow();
  });
});
